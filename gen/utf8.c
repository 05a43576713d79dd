#include "utf8.h"
#include <string.h>

/* Length of the sequence starting at s (1-4), or 0 when it is invalid. */
static size_t sequence_length(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = sequence_length(p + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

uint32_t utf8_decode(const char *s, size_t len, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i;

	*n = sequence_length(p, len);
	if (*n == 0) {
		*n = 1;
		return 0xfffd;
	}
	if (*n == 1)
		return p[0];
	cp = p[0] & (0xff >> (*n + 1));
	for (i = 1; i < *n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

size_t utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == max)
				return i;
			n++;
		}
	}
	return len;
}

size_t utf8_fold_digits(const char *s, size_t len, char *out, size_t size)
{
	size_t i = 0, o = 0;

	while (i < len) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (o + 1 >= size)
			return (size_t)-1;
		/* U+FF10..U+FF19 are EF BC 90..99; U+FF0E is EF BC 8E. */
		if (len - i >= 3 && u[0] == 0xef && u[1] == 0xbc &&
		    ((u[2] >= 0x90 && u[2] <= 0x99) || u[2] == 0x8e)) {
			out[o++] = u[2] == 0x8e ? '.' : (char)('0' + (u[2] - 0x90));
			i += 3;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return o;
}

/* Levenshtein distance over code points (names are CJK: one character
 * is one edit), capped at 99 for long names. */
size_t utf8_edit_distance(const char *a, const char *b)
{
	uint32_t ca[32], cb[32];
	size_t la = 0, lb = 0, i, j, row[33];

	while (*a && la < 32) {
		size_t n;
		ca[la++] = utf8_decode(a, strlen(a), &n);
		a += n;
	}
	while (*b && lb < 32) {
		size_t n;
		cb[lb++] = utf8_decode(b, strlen(b), &n);
		b += n;
	}
	if (*a || *b)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0], tmp;
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (ca[i - 1] != cb[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}
