/*
 * textenc: detect the encoding of a file's bytes and convert it to UTF-8
 * with iconv(3).
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "textenc.h"
#include "utf8.h"
#include "xalloc.h"

const char *textenc_name(enum textenc e)
{
	switch (e) {
	case TEXTENC_UTF16LE:
		return "UTF-16LE";
	case TEXTENC_UTF16BE:
	case TEXTENC_BAD_UTF16:
		return "UTF-16BE";
	case TEXTENC_GB18030:
		return "GB18030";
	default:
		return "UTF-8";
	}
}

/* Converts len bytes at in from the encoding from into UTF-8 in out.
 * False when the bytes are not valid in that encoding (out is then
 * undefined). */
static bool convert(const char *from, const char *in, size_t len,
    struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *src = (char *)in;
	size_t left = len;
	bool ok = true;

	if (cd == (iconv_t)-1)
		xdie("cannot convert from %s: %s (is glibc's gconv missing?)",
		    from, strerror(errno));
	buf_reset(out);
	/* At most 3 UTF-8 bytes for every 2 input bytes, 4 for 4; room for
	 * all of it at once, so one iconv() call does the work. */
	buf_grow(out, len / 2 * 3 + 8);
	while (left > 0) {
		char *dst = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t before = room;

		if (iconv(cd, &src, &left, &dst, &room) != (size_t)-1) {
			out->len += before - room;
			break;
		}
		out->len += before - room;
		if (errno != E2BIG) {
			ok = false; /* EILSEQ, or EINVAL: cut off at the end */
			break;
		}
		buf_grow(out, left * 2 + 8);
	}
	iconv_close(cd);
	out->data[out->len] = '\0';
	return ok;
}

/* True when b is more UTF-8 than not: more valid multi-byte characters
 * than broken bytes. GB18030 Chinese text forms a valid UTF-8 sequence
 * only now and then; a UTF-8 file with a stray byte has many. */
static bool mostly_utf8(const struct buf *b)
{
	const char *s = b->data;
	size_t i = 0, valid = 0, broken = 0;

	while (i < b->len) {
		size_t bad = utf8_invalid_at(s + i, b->len - i), j;

		for (j = i; j < i + bad; j++)
			valid += ((unsigned char)s[j] & 0xc0) == 0xc0;
		if (i + bad >= b->len)
			break;
		broken++;
		i += bad + 1;
	}
	return valid > broken;
}

static enum textenc from_utf16(struct buf *b, bool le)
{
	struct buf out = BUF_INIT;

	if (!convert(le ? "UTF-16LE" : "UTF-16BE", b->data + 2, b->len - 2,
	    &out)) {
		buf_release(&out);
		return TEXTENC_BAD_UTF16;
	}
	buf_release(b);
	*b = out;
	return le ? TEXTENC_UTF16LE : TEXTENC_UTF16BE;
}

enum textenc textenc_to_utf8(struct buf *b)
{
	const unsigned char *u = (const unsigned char *)b->data;
	struct buf out = BUF_INIT;

	if (b->len >= 3 && memcmp(u, "\xef\xbb\xbf", 3) == 0) {
		memmove(b->data, b->data + 3, b->len - 3);
		buf_truncate(b, b->len - 3);
		return utf8_invalid_at(b->data, b->len) == b->len ?
		    TEXTENC_UTF8 : TEXTENC_BAD_UTF8;
	}
	if (b->len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return from_utf16(b, true);
	if (b->len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return from_utf16(b, false);
	if (utf8_invalid_at(b->data, b->len) == b->len)
		return TEXTENC_UTF8;
	if (mostly_utf8(b) || !convert("GB18030", b->data, b->len, &out)) {
		buf_release(&out);
		return TEXTENC_BAD_UTF8;
	}
	buf_release(b);
	*b = out;
	/* GB18030's own byte-order mark (84 31 95 33) becomes U+FEFF. */
	if (b->len >= 3 && memcmp(b->data, "\xef\xbb\xbf", 3) == 0) {
		memmove(b->data, b->data + 3, b->len - 3);
		buf_truncate(b, b->len - 3);
	}
	return TEXTENC_GB18030;
}
