/*
 * arena: a bump allocator. Everything the model holds lives in one arena,
 * created once per build and freed once; model code never calls free().
 * Allocation cannot fail (out of memory is fatal). Memory is zeroed.
 */
#ifndef LINLI_ARENA_H
#define LINLI_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_total; /* bytes handed out, for the benchmark */
};

void arena_init(struct arena *a);
/* Frees every block; a is then empty and may be used again. */
void arena_release(struct arena *a);

/* Forgets everything allocated but keeps one block for reuse: for scratch
 * arenas reset once per page. */
void arena_reset(struct arena *a);

/* n zeroed bytes aligned for any type; owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* An array of count zeroed elements, with overflow check. */
void *arena_array(struct arena *a, size_t count, size_t size);
/* Grows an arena array (old contents copied, old space abandoned). */
void *arena_grow(struct arena *a, void *old, size_t old_count,
    size_t new_count, size_t size);
/* NUL-terminated copies owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))

#endif
