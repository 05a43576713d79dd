/*
 * media: the files records use, made ready to publish.
 *
 *   media.c        which files records use (photos, covers, images and
 *                  links in stories), their types, reading them safely,
 *                  the worker pool, publishing, the unused-file list
 *   media_image.c  one image through libvips: upright, stripped, sRGB,
 *                  480/960/1600 px JPEG + WebP, kept in the cache
 *
 * Only what a record references is published, and only passive types:
 * images (JPEG, PNG, WebP, GIF, AVIF, HEIC; SVG rasterised, never copied)
 * and plain documents (see media_doc_types in media.c). A file is opened
 * once, with O_NOFOLLOW on every path component, and checked with fstat
 * after opening. Images are processed on every core with a limit on the
 * pixels being decoded at once; results are kept in a cache outside out/
 * (.linli-cache/ beside it by default), one folder per source digest and
 * settings, made under a temporary name and renamed into place, so that a
 * killed build never leaves an entry that a later build would use.
 *
 * Everything lives in the set's arena; media_release() frees it.
 */
#ifndef LINLI_MEDIA_H
#define LINLI_MEDIA_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "strmap.h"
#include "write.h"

#define MEDIA_WIDTHS 3          /* 480, 960, 1600 */
#define MEDIA_MAX_BYTES (100u << 20) /* a larger file is no photo or leaflet */
#define MEDIA_MAX_PIXELS 200000000ull /* 200 megapixels: a bomb beyond */

enum media_kind { MEDIA_IMAGE, MEDIA_DOCUMENT, MEDIA_OTHER };

/* One published size of an image: the same picture as JPEG and WebP. */
struct media_variant {
	int width, height;
	const char *jpeg, *webp; /* relative to out/, e.g. media/a-960.jpg */
};

struct media_item {
	const char *src;  /* relative to content/, e.g. media/2024/a.jpg */
	struct pos pos;   /* the first reference, for warnings */
	enum media_kind kind;
	bool ok;          /* published */
	const char *url;  /* relative to out/: a document, or the largest JPEG */
	size_t nvariants; /* ascending widths */
	struct media_variant variants[MEDIA_WIDTHS];

	/* Internal to media*.c. */
	const char *stem;  /* out-relative name without size and suffix */
	const char *error; /* why it is not published (static text) */
	bool from_cache;
	char key[65];      /* the cache entry: SHA-256 of settings and bytes */
	int doc_type;      /* a document's index in media.c's doc_types */
	void *bytes;       /* a document's bytes, heap, until release */
	size_t len;
};

struct media_set {
	struct arena arena;
	const char *content_dir;
	struct strmap by_src, stems;
	VEC(struct media_item *) items; /* sorted by src after collect */
	size_t processed, cached;       /* images made now, found cached */
};

void media_init(struct media_set *s, const char *content_dir);
void media_release(struct media_set *s);

/* Registers every file m's records reference, once each, and points each
 * struct photo at its item (a photo that is no image is a warning). */
void media_collect(struct media_set *s, struct model *m, struct diag *d);

/* True when p is shown: an image that is published. */
bool media_shown(const struct photo *p);

/* Reads every registered file (O_NOFOLLOW, fstat) and checks its type.
 * With process, also makes every image's sizes through the cache at
 * cache_dir (created when absent). A file that cannot be published is a
 * warning at its first reference, naming it. False only when the cache
 * cannot be used (an error, reported). */
bool media_prepare(struct media_set *s, bool process, const char *cache_dir,
    struct diag *d);

/* Writes every published file into w. False on an I/O error (reported). */
bool media_publish(const struct media_set *s, struct writer *w,
    const char *cache_dir);

/* Prints the files under content/media/ that no record uses to f, one a
 * line, after a heading; nothing when every file is used. */
void media_list_unused(const struct media_set *s, FILE *f);

/* The item for src, or NULL when none was registered. */
const struct media_item *media_find(const struct media_set *s,
    const char *src);

/* The default cache folder for an output folder: .linli-cache beside it
 * (heap; free it). */
char *media_default_cache(const char *out);

/* False (reported) when the cache folder would lie inside one of avoid
 * (content, theme, out: NULL-terminated) or hold one of them. */
bool media_cache_place_ok(const char *cache, const char *const *avoid,
    struct diag *d);

/* Empties the cache folder dir (only one linli made: it holds the
 * CACHEDIR.TAG linli writes). False when it cannot (reported). */
bool media_clean_cache(const char *dir, struct diag *d);

/* --- media_image.c ------------------------------------------------------ */

/* The pixels being decoded at once, across the workers. */
struct media_budget {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	uint64_t in_flight, limit;
};

/* What one image became. */
struct media_result {
	size_t n;                      /* sizes made, ascending */
	int width[MEDIA_WIDTHS], height[MEDIA_WIDTHS];
	const char *error;             /* static text; NULL when fine */
	bool cached;                   /* found in the cache, nothing decoded */
};

/* Starts libvips once for the whole program; false when it cannot. */
bool media_image_init(void);
/* Releases libvips (at exit; harmless when never started). */
void media_image_shutdown(void);

/* Frees a worker thread's libvips state; call as the thread ends. */
void media_image_thread_done(void);

/* The cache entry name for an image's bytes: the SHA-256, in hex, of the
 * processing settings and the bytes. */
void media_image_key(const void *bytes, size_t len, char key[65]);

/* Looks up the cache entry key in cache_dir, or makes it from bytes (which
 * hold an image whose format was sniffed as fmt, a media_image_format()
 * value). The entry holds W.jpg and W.webp for each size and an index.
 * Thread-safe; the budget bounds the pixels decoded at once. */
void media_image_get(const void *bytes, size_t len, const char *cache_dir,
    const char *key, struct media_budget *budget, struct media_result *res);

/* True when the first bytes b[0..n) are those of an image format linli
 * reads. */
bool media_image_sniffs(const void *b, size_t n);

/* The file inside the cache entry for a size: "DIR/KEY/960.jpg" (heap). */
char *media_image_file(const char *cache_dir, const char *key, int width,
    const char *suffix);

#endif
