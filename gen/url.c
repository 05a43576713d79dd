#include "url.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"
#include "i18n.h"

/* RFC 3492 section 5: the parameters of Punycode. */
enum { PC_BASE = 36, PC_TMIN = 1, PC_TMAX = 26, PC_SKEW = 38,
	PC_DAMP = 700, PC_BIAS = 72, PC_N = 0x80 };

static char pc_digit(unsigned d)
{
	return (char)(d < 26 ? 'a' + d : '0' + d - 26);
}

/* RFC 3492 6.1: bias adaptation. */
static unsigned pc_adapt(unsigned long delta, size_t points, bool first)
{
	unsigned k = 0;

	delta = first ? delta / PC_DAMP : delta / 2;
	delta += delta / points;
	while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) / 2) {
		delta /= PC_BASE - PC_TMIN;
		k += PC_BASE;
	}
	return (unsigned)(k + (PC_BASE - PC_TMIN + 1) * delta /
	    (delta + PC_SKEW));
}

/* RFC 3492 6.3, the encoding procedure. */
bool url_punycode(const unsigned *cp, size_t n, struct buf *out)
{
	unsigned long delta = 0, next = PC_N, bias = PC_BIAS;
	size_t h = 0, b, i;

	for (i = 0; i < n; i++)
		if (cp[i] < 0x80)
			buf_addc(out, (char)cp[i]), h++;
	b = h;
	if (b > 0)
		buf_addc(out, '-');
	while (h < n) {
		unsigned long m = 0xFFFFFFFFUL;
		for (i = 0; i < n; i++)
			if (cp[i] >= next && cp[i] < m)
				m = cp[i];
		if ((m - next) > (0xFFFFFFFFUL - delta) / (h + 1))
			return false;
		delta += (m - next) * (h + 1);
		next = m;
		for (i = 0; i < n; i++) {
			if (cp[i] < next && ++delta == 0)
				return false;
			if (cp[i] != next)
				continue;
			unsigned long q = delta, k, t;
			for (k = PC_BASE;; k += PC_BASE) {
				t = k <= bias ? PC_TMIN : k >= bias + PC_TMAX ? PC_TMAX :
				    k - bias;
				if (q < t)
					break;
				buf_addc(out, pc_digit((unsigned)(t + (q - t) %
				    (PC_BASE - t))));
				q = (q - t) / (PC_BASE - t);
			}
			buf_addc(out, pc_digit((unsigned)q));
			bias = pc_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
		delta++;
		next++;
	}
	return true;
}

static bool ldh(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Appends one host label (s, len bytes of UTF-8) in its ASCII form. */
static const char *add_label(const char *s, size_t len, struct buf *out)
{
	unsigned cp[64];
	size_t n = 0, i = 0, k, start = out->len;
	bool ascii = true;

	if (len == 0)
		return "its host has an empty part (two dots in a row?)";
	while (i < len) {
		size_t step;
		unsigned c = utf8_decode(s + i, len - i, &step);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c < 0x80 && !ldh(c))
			return "its host may hold only letters, digits, '-' and "
			    "dots";
		if (n == sizeof(cp) / sizeof(cp[0]))
			return "a part of its host is longer than 63 characters";
		ascii &= c < 0x80;
		cp[n++] = c;
		i += step;
	}
	if (cp[0] == '-' || cp[n - 1] == '-')
		return "a part of its host starts or ends with '-'";
	if (ascii) {
		for (k = 0; k < n; k++)
			buf_addc(out, (char)cp[k]);
	} else {
		buf_adds(out, "xn--");
		if (!url_punycode(cp, n, out))
			return "its host cannot be written in ASCII";
	}
	if (out->len - start > 63)
		return "a part of its host is longer than 63 characters";
	return NULL;
}

/* Appends the host of [s, end) in ASCII: labels split at '.' or at the
 * ideographic full stop U+3002 that a Chinese keyboard types. */
static const char *add_host(const char *s, const char *end, struct buf *out)
{
	const char *why, *p = s;
	size_t start = out->len;

	if (s == end)
		return "it has no host after the '//'";
	if (*s == '[') { /* an IPv6 literal: kept as written */
		if (end[-1] != ']' || strspn(s + 1, "0123456789abcdefABCDEF:.") !=
		    (size_t)(end - s - 2))
			return "its host is not a valid IPv6 address in [ ]";
		buf_add(out, s, (size_t)(end - s));
		return NULL;
	}
	while (p <= end) {
		const char *dot = p;
		size_t sep = 0;
		while (dot < end && *dot != '.' && strncmp(dot, "\xe3\x80\x82", 3))
			dot++;
		if (dot < end)
			sep = *dot == '.' ? 1 : 3;
		if (dot == end && p == end && p > s)
			break; /* a trailing dot: the root, dropped */
		if ((why = add_label(p, (size_t)(dot - p), out)))
			return why;
		if (dot == end)
			break;
		buf_addc(out, '.');
		p = dot + sep;
	}
	if (out->len > 0 && out->data[out->len - 1] == '.')
		buf_truncate(out, out->len - 1);
	if (out->len - start > 253)
		return "its host is longer than 253 characters";
	return NULL;
}

/* Appends the path, percent-encoding what RFC 3986 does not allow as is;
 * a valid %XX escape is kept. */
static void add_path(const char *s, struct buf *out)
{
	static const char keep[] = "-._~!$&'()*+,;=:@/";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p && strchr(keep, *p)))
			buf_addc(out, (char)*p);
		else if (*p == '%' && strspn((const char *)p + 1,
		    "0123456789abcdefABCDEF") >= 2)
			buf_addc(out, '%');
		else
			buf_printf(out, "%%%02X", *p);
	}
}

const char *url_normalize_base(const char *in, struct arena *a,
    const char **why)
{
	struct buf b = BUF_INIT;
	const char *host, *end, *port, *p, *res = NULL;
	size_t scheme;

	*why = NULL;
	if (strncasecmp(in, "https://", 8) == 0)
		scheme = 8;
	else if (strncasecmp(in, "http://", 7) == 0)
		scheme = 7;
	else {
		*why = N_("it must start with https:// or http://");
		return NULL;
	}
	if (strpbrk(in, "?#")) {
		*why = N_("it must not have a query ('?') or a fragment ('#'): "
		    "give the address of the site's home folder");
		goto out;
	}
	if (strpbrk(in, " \t\"'<>\\^`{|}")) {
		*why = N_("it must not contain spaces, quotes or angle brackets");
		goto out;
	}
	host = in + scheme;
	end = host + strcspn(host, "/");
	if (memchr(host, '@', (size_t)(end - host))) {
		*why = N_("it must not hold a user name or password ('@')");
		goto out;
	}
	if (*host == '[') {
		p = memchr(host, ']', (size_t)(end - host));
		port = p ? p + 1 : end;
	} else {
		p = memchr(host, ':', (size_t)(end - host));
		port = p ? p : end;
	}
	if (port < end && (*port != ':' || end - port < 2 || end - port > 6 ||
	    strspn(port + 1, "0123456789") != (size_t)(end - port - 1) ||
	    strtol(port + 1, NULL, 10) > 65535)) {
		*why = N_("its port after ':' must be a number up to 65535");
		goto out;
	}
	for (p = in; p < in + scheme; p++)
		buf_addc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	if ((*why = add_host(host, port, &b)))
		goto out;
	buf_add(&b, port, (size_t)(end - port));
	add_path(*end ? end : "/", &b);
	if (b.data[b.len - 1] != '/')
		buf_addc(&b, '/');
	res = arena_strndup(a, b.data, b.len);
out:
	buf_release(&b);
	return res;
}
