/*
 * unit_media: image sizes from file headers (gen/load_media.c). Each image
 * is a handful of bytes written to a temporary file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "tap.h"

static char path[64];

static void write_file(const void *data, size_t len)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/linli-media-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		perror("mkstemp");
		exit(1);
	}
	close(fd);
}

static void size_is(const void *data, size_t len, int w, int h,
    const char *name)
{
	int gw = -1, gh = -1;
	bool got;

	write_file(data, len);
	got = load_image_size(path, &gw, &gh);
	if (!ok(got && gw == w && gh == h, "%s", name))
		printf("#   got %s %dx%d, want %dx%d\n", got ? "true" : "false",
		    gw, gh, w, h);
	unlink(path);
}

static void unreadable(const void *data, size_t len, const char *name)
{
	int gw = 0, gh = 0;

	write_file(data, len);
	ok(!load_image_size(path, &gw, &gh), "%s", name);
	unlink(path);
}

static void test_png_gif(void)
{
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 0x02, 0x80, 0, 0, 0x01, 0xe0, /* 640 x 480 */
		8, 6, 0, 0, 0, 0, 0, 0, 0,
	};
	static const unsigned char gif[] = {
		'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xc8, 0x00, /* 320x200 */
		0, 0, 0,
	};

	size_is(png, sizeof(png), 640, 480, "png: IHDR");
	unreadable(png, 20, "png: cut short");
	size_is(gif, sizeof(gif), 320, 200, "gif89a");
}

/* A JPEG: SOI, APP0, optionally an Exif APP1 with an orientation, an APP2
 * of pad bytes, SOF0 (height, width), EOI. */
static size_t make_jpeg(unsigned char *b, int orientation, size_t pad,
    int sof)
{
	static const unsigned char app0[] = {0xff, 0xe0, 0, 16, 'J', 'F', 'I',
	    'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
	static const unsigned char exif[] = {0xff, 0xe1, 0, 34, 'E', 'x', 'i',
	    'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0,
	    0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
	size_t n = 0;

	b[n++] = 0xff;
	b[n++] = 0xd8;
	memcpy(b + n, app0, sizeof(app0));
	n += sizeof(app0);
	if (orientation) {
		memcpy(b + n, exif, sizeof(exif));
		b[n + 29] = (unsigned char)orientation;
		n += sizeof(exif);
	}
	if (pad) {
		b[n++] = 0xff;
		b[n++] = 0xe2;
		b[n++] = (unsigned char)((pad + 2) >> 8);
		b[n++] = (unsigned char)(pad + 2);
		memset(b + n, 0xab, pad);
		n += pad;
	}
	b[n++] = 0xff;
	b[n++] = (unsigned char)sof;
	b[n++] = 0;
	b[n++] = 17;
	b[n++] = 8;
	b[n++] = 0x01; /* height 480 */
	b[n++] = 0xe0;
	b[n++] = 0x02; /* width 640 */
	b[n++] = 0x80;
	memset(b + n, 0, 12);
	n += 12;
	b[n++] = 0xff;
	b[n++] = 0xd9;
	return n;
}

static void test_jpeg(void)
{
	unsigned char *b = malloc(70000);
	size_t n;

	n = make_jpeg(b, 0, 0, 0xc0);
	size_is(b, n, 640, 480, "jpeg: baseline SOF0");
	n = make_jpeg(b, 0, 0, 0xc2);
	size_is(b, n, 640, 480, "jpeg: progressive SOF2");
	n = make_jpeg(b, 0, 60000, 0xc0);
	size_is(b, n, 640, 480, "jpeg: SOF after 60 KB of APP2");
	n = make_jpeg(b, 6, 0, 0xc0);
	size_is(b, n, 480, 640, "jpeg: EXIF orientation 6 swaps the sides");
	n = make_jpeg(b, 1, 0, 0xc0);
	size_is(b, n, 640, 480, "jpeg: EXIF orientation 1");
	n = make_jpeg(b, 0, 0, 0xc4); /* DHT, not a frame header */
	unreadable(b, n, "jpeg: no SOF before EOI");
	n = make_jpeg(b, 0, 0, 0xc0);
	unreadable(b, 12, "jpeg: cut short");
	free(b);
}

static void test_webp(void)
{
	unsigned char b[40];

	memset(b, 0, sizeof(b));
	memcpy(b, "RIFF\x20\0\0\0WEBPVP8X\x0a\0\0\0", 20);
	b[24] = 0x1f; /* width - 1 = 799 */
	b[25] = 0x03;
	b[27] = 0x57; /* height - 1 = 599 */
	b[28] = 0x02;
	size_is(b, sizeof(b), 800, 600, "webp: VP8X");

	memset(b, 0, sizeof(b));
	memcpy(b, "RIFF\x20\0\0\0WEBPVP8L\x0a\0\0\0", 20);
	{
		unsigned bits = 399u | 299u << 14;
		b[20] = 0x2f;
		b[21] = (unsigned char)bits;
		b[22] = (unsigned char)(bits >> 8);
		b[23] = (unsigned char)(bits >> 16);
		b[24] = (unsigned char)(bits >> 24);
	}
	size_is(b, sizeof(b), 400, 300, "webp: VP8L");

	memset(b, 0, sizeof(b));
	memcpy(b, "RIFF\x20\0\0\0WEBPVP8 \x0a\0\0\0", 20);
	memcpy(b + 23, "\x9d\x01\x2a", 3);
	b[26] = 0x00; /* 1024 */
	b[27] = 0x04;
	b[28] = 0x00; /* 768 */
	b[29] = 0x03;
	size_is(b, sizeof(b), 1024, 768, "webp: VP8");
}

static void svg_is(const char *svg, int w, int h, const char *name)
{
	size_is(svg, strlen(svg), w, h, name);
}

static void unreadable_svg(const char *svg, const char *name)
{
	unreadable(svg, strlen(svg), name);
}

static void test_svg(void)
{
	svg_is("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120px\" "
	    "height=\"80\"></svg>", 120, 80, "svg: width/height");
	svg_is("<?xml version=\"1.0\"?>\n<!-- <svg width=\"1\" height=\"1\"> -->\n"
	    "<!DOCTYPE svg>\n<svg\n  viewBox=\"0 0 300 150\">\n</svg>", 300, 150,
	    "svg: viewBox after a declaration, comment and doctype");
	svg_is("<svg width=\"100%\" height=\"100%\" viewBox=\"0,0,64,32\"/>", 64,
	    32, "svg: percentages fall back to the viewBox");
	svg_is("<svg width='200' viewBox='-10 -10 100 50'/>", 200, 100,
	    "svg: height from width and the viewBox's ratio");
	svg_is("<svg stroke-width=\"3\" width=\"10.6\" height=\"20\"/>", 11, 20,
	    "svg: exact attribute names, rounded");
	unreadable_svg("<svg width=\"5em\" height=\"2em\"/>",
	    "svg: units other than px and no viewBox");
	unreadable_svg("<html><svg width=\"5\" height=\"5\"/></html>",
	    "svg: not the root element");
	unreadable_svg("just some text", "not an image");
}

int main(void)
{
	int w, h;

	test_png_gif();
	test_jpeg();
	test_webp();
	test_svg();
	ok(!load_image_size("/nonexistent/linli.png", &w, &h), "missing file");
	return tap_done();
}
