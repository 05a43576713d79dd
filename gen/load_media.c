/*
 * load_media: the pixel size of an image, for width/height attributes
 * (so that pages do not jump while photos load).
 *
 * Only the headers are read: the first bytes of a PNG, GIF or WebP, the
 * first 8 KiB of an SVG, and the segment headers of a JPEG up to its frame
 * header (skipping over EXIF data with fseek rather than reading it). A
 * JPEG whose EXIF orientation turns it by 90 degrees (phone photos held
 * upright) reports its size as shown, width and height swapped.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "load.h"

#define SVG_HEAD 8192
#define MAX_SIDE 100000 /* pixels; anything larger is not a photo */
#define JPEG_MAX_SEGMENTS 1000

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static bool set_size(uint32_t w, uint32_t h, int *width, int *height)
{
	if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE)
		return false;
	*width = (int)w;
	*height = (int)h;
	return true;
}

static bool png_size(const unsigned char *b, size_t n, int *w, int *h)
{
	if (n < 24 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 ||
	    memcmp(b + 12, "IHDR", 4) != 0)
		return false;
	return set_size(be32(b + 16), be32(b + 20), w, h);
}

static bool gif_size(const unsigned char *b, size_t n, int *w, int *h)
{
	if (n < 10 || (memcmp(b, "GIF87a", 6) != 0 && memcmp(b, "GIF89a", 6) != 0))
		return false;
	return set_size(le16(b + 6), le16(b + 8), w, h);
}

/* RIFF....WEBP, then a VP8 (lossy), VP8L (lossless) or VP8X (extended)
 * chunk whose data starts at byte 20. */
static bool webp_size(const unsigned char *b, size_t n, int *w, int *h)
{
	const unsigned char *d = b + 20;

	if (n < 30 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WEBP", 4) != 0)
		return false;
	if (memcmp(b + 12, "VP8 ", 4) == 0) {
		if (memcmp(d + 3, "\x9d\x01\x2a", 3) != 0)
			return false;
		return set_size(le16(d + 6) & 0x3fff, le16(d + 8) & 0x3fff, w, h);
	}
	if (memcmp(b + 12, "VP8L", 4) == 0) {
		uint32_t bits;
		if (d[0] != 0x2f)
			return false;
		bits = (uint32_t)d[1] | (uint32_t)d[2] << 8 |
		    (uint32_t)d[3] << 16 | (uint32_t)d[4] << 24;
		return set_size((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1,
		    w, h);
	}
	if (memcmp(b + 12, "VP8X", 4) == 0)
		return set_size(le24(d + 4) + 1, le24(d + 7) + 1, w, h);
	return false;
}

/* --- JPEG -------------------------------------------------------------- */

/* The orientation tag (1-8) in an APP1 Exif segment, or 0. */
static int exif_orientation(const unsigned char *s, size_t n)
{
	const unsigned char *t = s + 6; /* the TIFF header */
	size_t tn, ifd, count, i;
	bool le;

	if (n < 6 + 8 || memcmp(s, "Exif\0\0", 6) != 0)
		return 0;
	tn = n - 6;
	if (memcmp(t, "II*\0", 4) == 0)
		le = true;
	else if (memcmp(t, "MM\0*", 4) == 0)
		le = false;
	else
		return 0;
	ifd = le ? (size_t)le16(t + 4) | (size_t)le16(t + 6) << 16 : be32(t + 4);
	if (ifd > tn - 2)
		return 0;
	count = le ? le16(t + ifd) : be16(t + ifd);
	for (i = 0; i < count && ifd + 2 + 12 * (i + 1) <= tn; i++) {
		const unsigned char *e = t + ifd + 2 + 12 * i;
		if ((le ? le16(e) : be16(e)) == 0x0112)
			return (int)(le ? le16(e + 8) : be16(e + 8));
	}
	return 0;
}

static bool is_sof(int m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/* Walks the segments from after SOI to the first frame header. */
static bool jpeg_size(FILE *f, int *w, int *h)
{
	unsigned char seg[65536];
	int orientation = 0, k, m;

	for (k = 0; k < JPEG_MAX_SEGMENTS; k++) {
		size_t len;
		if ((m = getc(f)) != 0xff)
			return false;
		while ((m = getc(f)) == 0xff)
			;
		if (m == EOF || m == 0xd9 || m == 0xda)
			return false;
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd8))
			continue; /* markers without a length */
		if (fread(seg, 1, 2, f) != 2 || (len = be16(seg)) < 2)
			return false;
		len -= 2;
		if (is_sof(m)) {
			if (len < 5 || fread(seg, 1, 5, f) != 5)
				return false;
			if (orientation >= 5 && orientation <= 8)
				return set_size(be16(seg + 1), be16(seg + 3), w, h);
			return set_size(be16(seg + 3), be16(seg + 1), w, h);
		}
		if (m == 0xe1 && !orientation) {
			if (fread(seg, 1, len, f) != len)
				return false;
			orientation = exif_orientation(seg, len);
		} else if (fseek(f, (long)len, SEEK_CUR) != 0) {
			return false;
		}
	}
	return false;
}

/* --- SVG --------------------------------------------------------------- */

static const char *skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	return s;
}

/* A length in user units: a number, optionally "px". Other units (%, em,
 * mm) mean nothing in pixels: -1. */
static double svg_length(const char *s, const char *end)
{
	double v = 0, scale = 1;
	bool digits = false;

	s = skip_ws(s, end);
	for (; s < end && *s >= '0' && *s <= '9'; s++, digits = true)
		v = v * 10 + (*s - '0');
	if (s < end && *s == '.')
		for (s++; s < end && *s >= '0' && *s <= '9'; s++, digits = true)
			v += (*s - '0') * (scale /= 10);
	if (end - s >= 2 && memcmp(s, "px", 2) == 0)
		s += 2;
	s = skip_ws(s, end);
	return digits && s == end ? v : -1;
}

/* The four numbers of a viewBox; false unless all four are there. */
static bool svg_viewbox(const char *s, const char *end, double vb[4])
{
	int k;

	for (k = 0; k < 4; k++) {
		const char *t;
		while (s < end && (*s == ' ' || *s == ',' || *s == '\t' ||
		    *s == '\n' || *s == '\r'))
			s++;
		t = s;
		if (t < end && (*t == '-' || *t == '+'))
			t++;
		while (t < end && ((*t >= '0' && *t <= '9') || *t == '.'))
			t++;
		if (t == s)
			return false;
		vb[k] = svg_length(*s == '-' || *s == '+' ? s + 1 : s, t);
		if (vb[k] < 0 || (*s == '-' && k >= 2))
			return false;
		s = t;
	}
	return true;
}

/* The start of the root <svg element's attributes, past the XML
 * declaration, comments and a doctype; NULL when there is none. */
static const char *svg_root(const char *s, const char *end)
{
	while ((s = memchr(s, '<', (size_t)(end - s)))) {
		const char *close = NULL;
		if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			for (close = s + 4; close + 3 <= end; close++)
				if (memcmp(close, "-->", 3) == 0)
					break;
		} else if (end - s >= 2 && (s[1] == '?' || s[1] == '!')) {
			close = memchr(s, '>', (size_t)(end - s));
		} else if (end - s >= 5 && memcmp(s, "<svg", 4) == 0 &&
		    strchr(" \t\r\n>/", s[4])) {
			return s + 4;
		} else {
			return NULL;
		}
		if (!close || close >= end)
			return NULL;
		s = close + 1;
	}
	return NULL;
}

/* Reads width, height and viewBox from the root element's attributes. */
static void svg_attrs(const char *s, const char *end, double *w, double *h,
    double vb[4], bool *has_vb)
{
	while ((s = skip_ws(s, end)) < end && *s != '>' && *s != '/') {
		const char *name = s, *val;
		size_t nlen;
		char q;
		while (s < end && !strchr(" \t\r\n=/>", *s))
			s++;
		nlen = (size_t)(s - name);
		s = skip_ws(s, end);
		if (s >= end || *s != '=' || nlen == 0)
			return;
		s = skip_ws(s + 1, end);
		if (s >= end || (*s != '"' && *s != '\''))
			return;
		q = *s++;
		val = s;
		if (!(s = memchr(s, q, (size_t)(end - s))))
			return;
		if (nlen == 5 && memcmp(name, "width", 5) == 0)
			*w = svg_length(val, s);
		else if (nlen == 6 && memcmp(name, "height", 6) == 0)
			*h = svg_length(val, s);
		else if (nlen == 7 && memcmp(name, "viewBox", 7) == 0)
			*has_vb = svg_viewbox(val, s, vb);
		s++;
	}
}

static bool svg_size(const char *b, size_t n, int *width, int *height)
{
	const char *end = b + n, *s = svg_root(b, end);
	double w = -1, h = -1, vb[4];
	bool has_vb = false;

	if (!s)
		return false;
	svg_attrs(s, end, &w, &h, vb, &has_vb);
	if (has_vb && (vb[2] <= 0 || vb[3] <= 0))
		has_vb = false;
	if (w <= 0 && h > 0 && has_vb)
		w = h * vb[2] / vb[3];
	else if (h <= 0 && w > 0 && has_vb)
		h = w * vb[3] / vb[2];
	else if (w <= 0 && h <= 0 && has_vb) {
		w = vb[2];
		h = vb[3];
	}
	if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE)
		return false;
	return set_size((uint32_t)(w + 0.5) ? (uint32_t)(w + 0.5) : 1,
	    (uint32_t)(h + 0.5) ? (uint32_t)(h + 0.5) : 1, width, height);
}

/* --------------------------------------------------------------------- */

bool load_image_size(const char *path, int *width, int *height)
{
	FILE *f = fopen(path, "rb");
	char head[SVG_HEAD];
	const unsigned char *u = (const unsigned char *)head;
	size_t n;
	bool ok;

	if (!f)
		return false;
	n = fread(head, 1, 32, f);
	if (n >= 2 && u[0] == 0xff && u[1] == 0xd8) {
		ok = fseek(f, 2, SEEK_SET) == 0 && jpeg_size(f, width, height);
	} else if (png_size(u, n, width, height) || gif_size(u, n, width, height) ||
	    webp_size(u, n, width, height)) {
		ok = true;
	} else {
		n += fread(head + n, 1, sizeof(head) - n, f);
		ok = svg_size(head, n, width, height);
	}
	fclose(f);
	return ok;
}
