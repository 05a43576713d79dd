/*
 * xalloc: allocation that cannot fail. linli is a program, not a library:
 * when memory runs out it says so and exits with status 1.
 */
#ifndef LINLI_XALLOC_H
#define LINLI_XALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of count elements of size each, checking for overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Prints "linli: fatal: MSG" to stderr and exits 1. */
_Noreturn void xdie(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
