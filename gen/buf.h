/*
 * buf: the one growable byte buffer of linli.
 *
 * Rules (after git's strbuf):
 *  - b->data is never NULL once initialised and is always NUL-terminated,
 *    so a buf can be handed to any function that wants a C string;
 *  - b->len counts the bytes before that NUL; the buffer may itself hold NULs;
 *  - the buf is owned by whoever declared it: release it with buf_release();
 *  - running out of memory is fatal (xalloc), so appending never fails.
 */
#ifndef LINLI_BUF_H
#define LINLI_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Points at a shared empty string until the first append: no allocation. */
#define BUF_INIT {buf_empty_, 0, 0}
extern char buf_empty_[];

void buf_init(struct buf *b);
/* Frees the storage and leaves b as after buf_init(). */
void buf_release(struct buf *b);
/* Makes room for at least extra more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t extra);
/* Empties b but keeps its storage. */
void buf_reset(struct buf *b);
void buf_truncate(struct buf *b, size_t len);

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Appends s with & < > " ' replaced by HTML entities. */
void buf_add_html(struct buf *b, const char *s, size_t len);
/* Appends s escaped for a URL path segment or query (RFC 3986 unreserved
 * characters and '/' kept, everything else %XX). */
void buf_add_url(struct buf *b, const char *s, size_t len);

/* Hands the storage to the caller (free() it) and resets b. Never NULL. */
char *buf_detach(struct buf *b, size_t *len);

/* Replaces b's contents with the file at path; false (errno set) when it
 * cannot be read. */
bool buf_read_file(struct buf *b, const char *path);
bool buf_ends_with(const struct buf *b, const char *suffix);

#endif
