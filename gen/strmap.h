/*
 * strmap: a string-keyed hash map (open addressing, FNV-1a) whose storage
 * lives in an arena. Used to join records by id or name in O(1), never by
 * scanning. Keys are not copied: they must outlive the map (they normally
 * live in the same arena).
 */
#ifndef LINLI_STRMAP_H
#define LINLI_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct strmap_slot {
	const char *key;
	size_t keylen;
	void *value;
};

struct strmap {
	struct arena *arena;
	struct strmap_slot *slots;
	size_t count, cap; /* cap is 0 or a power of two */
};

/* FNV-1a, 64 bits: the map's hash, also used to tell one build's output
 * from another's. */
uint64_t strmap_hash(const char *s, size_t len);

void strmap_init(struct strmap *m, struct arena *a);
/* Returns the value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
void *strmap_getn(const struct strmap *m, const char *key, size_t len);
/* Stores value under key unless the key is there already; returns the
 * value now stored under key (the old one when it was present). */
void *strmap_put(struct strmap *m, const char *key, void *value);
/* Stores value under key, replacing any old value. */
void strmap_set(struct strmap *m, const char *key, void *value);

#endif
