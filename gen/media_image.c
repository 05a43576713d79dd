/*
 * media_image: one image through libvips, into the cache (see media.h).
 *
 * vips_thumbnail does the work that matters for privacy and size in one
 * pass: it applies the EXIF orientation, converts an embedded ICC profile
 * (CMYK included) to sRGB, and shrinks a JPEG while decoding it. The
 * savers then strip every metadata block (EXIF, GPS, XMP, IPTC, comments,
 * the profile itself: browsers take untagged images as sRGB). The
 * settings are fixed, and libvips' JPEG and WebP encoders are
 * deterministic, so the same bytes always give the same files.
 *
 * The format is sniffed from the first bytes, and only the loaders of the
 * formats we accept are left unblocked, so that no file reaches one of
 * libvips' other loaders (FITS, Matlab, CSV...). A decompression bomb is
 * refused from its header, before any pixel is decoded.
 *
 * SVG is rasterised by librsvg through vips (from memory, without a base
 * address, so that it cannot load other files), never published as it is:
 * a script, an event handler or an external reference in it cannot reach
 * the site.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "media.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

#include "buf.h"
#include "xalloc.h"

#define JPEG_Q 80
#define WEBP_Q 75
#define LARGEST 1600
#define INDEX_MAGIC "linli-media 1"

static const int widths[MEDIA_WIDTHS] = {480, 960, LARGEST};

const char media_settings[] = INDEX_MAGIC "; sizes 480,960,1600 never "
    "enlarged; autorotate; sRGB; strip; jpeg Q80 progressive optimised, "
    "white under transparency; webp Q75 effort 4; fail on truncated";

enum format { FMT_NONE, FMT_JPEG, FMT_PNG, FMT_GIF, FMT_WEBP, FMT_HEIF,
	FMT_SVG };

/* Why an image is left out; the index of a failed cache entry names one. */
static const char *const errors[] = {
	"is not an image linli can read (JPEG, PNG, WebP, GIF, AVIF, HEIC "
	    "or SVG expected)",
	"is damaged or cut short; copy it from the camera or phone again",
	"is larger than 200 megapixels (a decompression bomb, or a picture "
	    "to make smaller before publishing it)",
	"is a HEIC or AVIF photo that this computer's libvips cannot decode "
	    "(install libheif's decoder plugins, or save the photo as JPEG)",
	"could not be converted to JPEG and WebP",
};
enum { ERR_FORMAT, ERR_DAMAGED, ERR_BOMB, ERR_HEIF, ERR_SAVE,
	ERR_COUNT };

static char settings_full[512];

static void drop_warning(const gchar *domain, GLogLevelFlags level,
    const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

bool media_image_init(void)
{
	static bool started;
	static const char *const loaders[] = {"VipsForeignLoadJpeg",
	    "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif",
	    "VipsForeignLoadHeif", "VipsForeignLoadSvg", NULL};
	size_t i;

	if (started)
		return true;
	if (VIPS_INIT("linli") != 0)
		return false;
	started = true;
	/* Our own workers run one image each: no threads inside vips, no
	 * operation cache (every image is seen once). */
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	for (i = 0; loaders[i]; i++)
		vips_operation_block_set(loaders[i], FALSE);
	/* Damage is reported by us, per file, in plain words. */
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE,
	    drop_warning, NULL);
	snprintf(settings_full, sizeof(settings_full), "%s; vips %s",
	    media_settings, vips_version_string());
	return true;
}

void media_image_shutdown(void)
{
	if (settings_full[0])
		vips_shutdown();
}

void media_image_thread_done(void)
{
	vips_thread_shutdown();
}

void media_image_key(const void *bytes, size_t len, char key[65])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(c, (const guchar *)settings_full,
	    (gssize)strlen(settings_full) + 1);
	g_checksum_update(c, bytes, (gssize)len);
	snprintf(key, 65, "%s", g_checksum_get_string(c));
	g_checksum_free(c);
}

/* --- sniffing ------------------------------------------------------------ */

static enum format sniff(const unsigned char *b, size_t n)
{
	static const char *const heif_brands[] = {"heic", "heix", "hevc",
	    "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis", NULL};
	size_t i, k;

	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return FMT_JPEG;
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return FMT_PNG;
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return FMT_GIF;
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return FMT_WEBP;
	if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0)
		for (k = 0; heif_brands[k]; k++)
			if (memcmp(b + 8, heif_brands[k], 4) == 0)
				return FMT_HEIF;
	/* SVG: text whose first element is <svg (after a declaration,
	 * comments, a doctype). */
	for (i = 0; i < n && i < 4096; i++) {
		if (b[i] != '<')
			continue;
		if (i + 4 < n && memcmp(b + i, "<svg", 4) == 0)
			return FMT_SVG;
		if (i + 1 < n && b[i + 1] != '?' && b[i + 1] != '!')
			return FMT_NONE;
	}
	return FMT_NONE;
}

bool media_image_sniffs(const void *b, size_t n)
{
	return sniff(b, n) != FMT_NONE;
}

/* A JPEG whose scan never ends (no EOI marker after its first SOS) or a
 * PNG without IEND was cut short. libvips decodes such a file to grey
 * rows and does not always say so once the pixels are in memory, so we
 * look ourselves. (FF D9 cannot occur inside entropy-coded data, where FF
 * is always followed by 00 or a restart marker; data that phones append
 * after the picture, like a motion photo's video, comes after the EOI.) */
static bool cut_short(const unsigned char *b, size_t n, enum format fmt)
{
	size_t i = 2;

	if (fmt == FMT_PNG)
		return n < 12 || memcmp(b + n - 8, "IEND", 4) != 0;
	if (fmt != FMT_JPEG)
		return false;
	/* Segments up to the first scan; stray bytes between them (which
	 * libjpeg tolerates) are stepped over. */
	while (i + 4 <= n) {
		unsigned m = b[i + 1];
		if (b[i] != 0xff || m == 0xff) {
			i++;
			continue;
		}
		if (m == 0xda)
			break;
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd8))
			i += 2; /* markers without a length */
		else
			i += 2 + ((size_t)b[i + 2] << 8 | b[i + 3]);
	}
	if (i + 4 > n)
		return true; /* no scan at all: the file stops in its headers */
	for (i += 2; i + 1 < n; i++)
		if (b[i] == 0xff && b[i + 1] == 0xd9)
			return false;
	return true;
}

/* --- the budget ---------------------------------------------------------- */

static void budget_take(struct media_budget *b, uint64_t px)
{
	pthread_mutex_lock(&b->lock);
	/* One image always runs, however large, when nothing else does. */
	while (b->in_flight > 0 && b->in_flight + px > b->limit)
		pthread_cond_wait(&b->freed, &b->lock);
	b->in_flight += px;
	pthread_mutex_unlock(&b->lock);
}

static void budget_give(struct media_budget *b, uint64_t px)
{
	pthread_mutex_lock(&b->lock);
	b->in_flight -= px;
	pthread_cond_broadcast(&b->freed);
	pthread_mutex_unlock(&b->lock);
}

/* --- the cache entry ----------------------------------------------------- */

char *media_image_file(const char *cache_dir, const char *key, int width,
    const char *suffix)
{
	size_t n = strlen(cache_dir) + strlen(key) + 32;
	char *p = xmalloc(n);

	if (width > 0)
		snprintf(p, n, "%s/%s/%d.%s", cache_dir, key, width, suffix);
	else
		snprintf(p, n, "%s/%s/%s", cache_dir, key, suffix);
	return p;
}

static bool write_whole(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	const char *p = data;
	bool ok = fd >= 0;

	while (ok && len > 0) {
		ssize_t k = write(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		ok = k > 0;
		p += ok ? k : 0;
		len -= ok ? (size_t)k : 0;
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	return ok;
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long)st.st_size : -1;
}

/* Reads the index of entry key: "ok" and a line per size (width height
 * jpeg-bytes webp-bytes), or "fail N". False when there is no usable
 * entry (none, or one whose files do not match: made again). */
static bool read_entry(const char *cache_dir, const char *key,
    struct media_result *res)
{
	char *path = media_image_file(cache_dir, key, 0, "index");
	FILE *f = fopen(path, "r");
	char line[128];
	bool ok = false;
	int code;

	free(path);
	memset(res, 0, sizeof(*res));
	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f) || strcmp(line, INDEX_MAGIC "\n") ||
	    !fgets(line, sizeof(line), f))
		goto out;
	if (sscanf(line, "fail %d", &code) == 1) {
		ok = code >= 0 && code < ERR_COUNT;
		res->error = ok ? errors[code] : NULL;
		goto out;
	}
	if (strcmp(line, "ok\n"))
		goto out;
	while (res->n < MEDIA_WIDTHS && fgets(line, sizeof(line), f)) {
		long jb, wb;
		int w, h;
		char *jp, *wp;
		if (sscanf(line, "%d %d %ld %ld", &w, &h, &jb, &wb) != 4 || w <= 0)
			goto out;
		jp = media_image_file(cache_dir, key, w, "jpg");
		wp = media_image_file(cache_dir, key, w, "webp");
		ok = file_size(jp) == jb && file_size(wp) == wb;
		free(jp);
		free(wp);
		if (!ok)
			goto out;
		res->width[res->n] = w;
		res->height[res->n++] = h;
	}
	ok = res->n > 0;
out:
	fclose(f);
	return ok;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw);

/* --- processing ---------------------------------------------------------- */

/* Drops every metadata item from img (ours: a fresh memory image), so
 * that no saver can write one back: "strip" alone leaves EXIF, GPS and
 * XMP in WebP files with the libvips we have. Width, height and the like
 * are not metadata and cannot be removed; the rest goes. */
static void remove_metadata(VipsImage *img)
{
	gchar **fields = vips_image_get_fields(img);
	size_t i;

	for (i = 0; fields[i]; i++)
		vips_image_remove(img, fields[i]);
	g_strfreev(fields);
}

/* The picture at its largest published size, upright and sRGB, decoded
 * into memory; NULL with *err set. */
static VipsImage *decode(const void *bytes, size_t len, enum format fmt,
    struct media_budget *budget, uint64_t *px, int *err)
{
	VipsImage *head, *thumb = NULL, *mem = NULL;
	uint64_t w, h;

	head = vips_image_new_from_buffer(bytes, len, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, NULL);
	if (!head) {
		*err = fmt == FMT_HEIF ? ERR_HEIF : ERR_DAMAGED;
		return NULL;
	}
	w = (uint64_t)vips_image_get_width(head);
	h = (uint64_t)vips_image_get_height(head);
	g_object_unref(head);
	if (fmt != FMT_SVG && w * h > MEDIA_MAX_PIXELS) {
		*err = ERR_BOMB;
		return NULL;
	}
	/* A vector image is drawn at the largest size; its declared size
	 * says nothing about the memory it takes. */
	*px = fmt == FMT_SVG ? (uint64_t)LARGEST * LARGEST : w * h;
	budget_take(budget, *px);
	if (vips_thumbnail_buffer((void *)bytes, len, &thumb, LARGEST,
	    "height", 10000000, "size", fmt == FMT_SVG ? VIPS_SIZE_BOTH :
	    VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL) == 0) {
		mem = vips_image_copy_memory(thumb);
		g_object_unref(thumb);
		if (mem)
			remove_metadata(mem);
	}
	if (!mem) {
		*err = fmt == FMT_HEIF ? ERR_HEIF : ERR_DAMAGED;
		budget_give(budget, *px);
		*px = 0;
	}
	vips_error_clear();
	return mem;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24 & 0xff;
}

/* Removes the EXIF, XMP and ICC chunks of a WebP file in place (libvips'
 * saver writes an EXIF block of its own even when told to strip) and
 * clears their flags in the VP8X header. Returns the new length. */
static size_t webp_strip(unsigned char *b, size_t n)
{
	size_t in = 12, out = 12;

	if (n < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WEBP", 4))
		return n;
	while (in + 8 <= n) {
		size_t len = le32(b + in + 4), whole = 8 + len + (len & 1);
		if (whole > n - in)
			return n; /* not ours to mend: leave it */
		if (!memcmp(b + in, "EXIF", 4) || !memcmp(b + in, "XMP ", 4) ||
		    !memcmp(b + in, "ICCP", 4)) {
			in += whole;
			continue;
		}
		memmove(b + out, b + in, whole);
		if (!memcmp(b + out, "VP8X", 4) && len >= 1)
			b[out + 8] &= (unsigned char)~(0x20 | 0x08 | 0x04);
		out += whole;
		in += whole;
	}
	put_le32(b + 4, (uint32_t)(out - 8));
	return out;
}

/* Saves img as W.jpg and W.webp in dir and appends its index line. */
static bool save_size(VipsImage *img, const char *dir, struct buf *index)
{
	static const double white[] = {255, 255, 255};
	VipsImage *flat = NULL;
	void *jpeg = NULL, *webp = NULL;
	size_t jl = 0, wl = 0;
	int w = vips_image_get_width(img), h = vips_image_get_height(img);
	char path[4096];
	bool ok;

	if (vips_image_hasalpha(img)) {
		VipsArrayDouble *bg = vips_array_double_new(white, 3);
		if (vips_flatten(img, &flat, "background", bg, NULL) != 0)
			flat = NULL;
		vips_area_unref(VIPS_AREA(bg));
		if (!flat)
			return false;
	}
	ok = vips_jpegsave_buffer(flat ? flat : img, &jpeg, &jl, "Q", JPEG_Q,
	    "strip", TRUE, "optimize_coding", TRUE, "interlace", TRUE,
	    NULL) == 0 &&
	    vips_webpsave_buffer(img, &webp, &wl, "Q", WEBP_Q, "strip", TRUE,
	    "effort", 4, NULL) == 0;
	if (flat)
		g_object_unref(flat);
	if (ok) {
		snprintf(path, sizeof(path), "%s/%d.jpg", dir, w);
		ok = write_whole(path, jpeg, jl);
		wl = webp_strip(webp, wl);
		snprintf(path, sizeof(path), "%s/%d.webp", dir, w);
		ok = ok && write_whole(path, webp, wl);
		buf_printf(index, "%d %d %zu %zu\n", w, h, jl, wl);
	}
	g_free(jpeg);
	g_free(webp);
	return ok;
}

/* Makes every size of mem into dir: the widths below its own, then its
 * own (at most LARGEST, as decode() left it). */
static bool save_sizes(VipsImage *mem, const char *dir, struct buf *index)
{
	int w = vips_image_get_width(mem);
	size_t k;
	bool ok = true;

	for (k = 0; ok && k + 1 < MEDIA_WIDTHS; k++) {
		VipsImage *small;
		if (widths[k] >= w)
			break;
		if (vips_resize(mem, &small, (double)widths[k] / w, NULL) != 0)
			return false;
		ok = save_size(small, dir, index);
		g_object_unref(small);
	}
	return ok && save_size(mem, dir, index);
}

/* Writes a new entry under a temporary name and renames it into place.
 * When another build made the same entry meanwhile, theirs stays. */
static void store_entry(const char *cache_dir, const char *key,
    VipsImage *mem, int err)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static unsigned counter;
	struct buf index = BUF_INIT;
	char tmp[4096], *final;
	unsigned n;
	bool ok;

	pthread_mutex_lock(&lock);
	n = counter++;
	pthread_mutex_unlock(&lock);
	snprintf(tmp, sizeof(tmp), "%s/tmp-%ld-%u", cache_dir, (long)getpid(), n);
	if (mkdir(tmp, 0777) != 0)
		return;
	buf_adds(&index, INDEX_MAGIC "\n");
	if (mem) {
		buf_adds(&index, "ok\n");
		ok = save_sizes(mem, tmp, &index);
	} else {
		buf_printf(&index, "fail %d\n", err);
		ok = true;
	}
	final = media_image_file(cache_dir, key, 0, "");
	final[strlen(final) - 1] = '\0'; /* no trailing slash */
	strcat(tmp, "/index");
	ok = ok && write_whole(tmp, index.data, index.len);
	tmp[strlen(tmp) - 6] = '\0';
	if (!ok || rename(tmp, final) != 0)
		nftw(tmp, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(final);
	buf_release(&index);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void media_image_get(const void *bytes, size_t len, const char *cache_dir,
    const char *key, struct media_budget *budget, struct media_result *res)
{
	enum format fmt = sniff(bytes, len);
	VipsImage *mem = NULL;
	uint64_t px = 0;
	int err = ERR_FORMAT;

	if (read_entry(cache_dir, key, res)) {
		res->cached = true;
		return;
	}
	if (fmt != FMT_NONE && cut_short(bytes, len, fmt))
		err = ERR_DAMAGED;
	else if (fmt != FMT_NONE)
		mem = decode(bytes, len, fmt, budget, &px, &err);
	if (!mem && err == ERR_HEIF) {
		/* Not kept: a decoder plugin installed later may read it. */
		res->error = errors[err];
		return;
	}
	store_entry(cache_dir, key, mem, err);
	if (mem)
		g_object_unref(mem);
	if (px)
		budget_give(budget, px);
	if (!read_entry(cache_dir, key, res) && !res->error)
		res->error = errors[mem ? ERR_SAVE : err];
}
