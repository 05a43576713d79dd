#include "arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xalloc.h"

/* Blocks of 64 KiB; a request larger than a quarter block gets its own. */
#define ARENA_BLOCK (64 * 1024)
#define ALIGN alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	bool big; /* holds one large allocation (see arena_grow) */
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	arena_init(a);
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = NULL, *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		if (!keep && b->size == ARENA_BLOCK) {
			keep = b;
			keep->used = 0;
			keep->next = NULL;
		} else {
			free(b);
		}
	}
	a->head = keep;
	a->used_total = 0;
}

static struct arena_block *new_block(size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);

	b->next = NULL;
	b->size = size;
	b->used = 0;
	b->big = false;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	void *p;

	if (n > SIZE_MAX - ALIGN)
		xdie("arena request overflow");
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	if (n > ARENA_BLOCK / 4) {
		/* Big blocks go behind the head so the head keeps its space. */
		b = new_block(n);
		b->big = true;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			a->head = b;
		}
	} else if (!b || b->size - b->used < n) {
		b = new_block(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	a->used_total += n;
	memset(p, 0, n);
	return p;
}

void *arena_array(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		xdie("arena array overflow");
	return arena_alloc(a, count * size);
}

/* The big block whose allocation starts at p, as the link that points to
 * it, or NULL. */
static struct arena_block **find_big(struct arena *a, void *p)
{
	struct arena_block **pp;

	for (pp = &a->head; *pp; pp = &(*pp)->next)
		if ((*pp)->big && (void *)(*pp)->data == p)
			return pp;
	return NULL;
}

void *arena_grow(struct arena *a, void *old, size_t old_count,
    size_t new_count, size_t size)
{
	struct arena_block **pp, *b;
	size_t n, had;
	void *p;

	if (size && new_count > SIZE_MAX / size - ALIGN)
		xdie("arena array overflow");
	n = (new_count * size + ALIGN - 1) & ~(ALIGN - 1);
	/* A growing big array (a log of 100,000 rows) is reallocated in
	 * place instead of copied, so that doubling wastes no memory. */
	if (old && n > ARENA_BLOCK / 4 && (pp = find_big(a, old)) &&
	    n > (*pp)->size) {
		had = (*pp)->size;
		b = xrealloc(*pp, sizeof(*b) + n);
		memset(b->data + had, 0, n - had);
		b->size = b->used = n;
		a->used_total += n - had;
		*pp = b;
		return b->data;
	}
	p = arena_array(a, new_count, size);
	if (old && old_count)
		memcpy(p, old, (old_count < new_count ? old_count : new_count) * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	char *p;

	/* Most strings fit the stack buffer: format once, copy. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		xdie("vsnprintf failed");
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
