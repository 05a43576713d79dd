#include "strmap.h"

#include <string.h>

#include "arena.h"

void strmap_init(struct strmap *m, struct arena *a)
{
	m->arena = a;
	m->slots = NULL;
	m->count = m->cap = 0;
}

uint64_t strmap_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3u;
	}
	return h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key,
    size_t len)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = (size_t)strmap_hash(key, len) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->keylen == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void rehash(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 16;
	m->slots = arena_array(m->arena, m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].keylen) = old[i];
}

void *strmap_getn(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_slot *s = find(m, key, len);

	return s && s->key ? s->value : NULL;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	return strmap_getn(m, key, strlen(key));
}

static struct strmap_slot *slot_for(struct strmap *m, const char *key)
{
	size_t len = strlen(key);
	struct strmap_slot *s;

	if ((m->count + 1) * 4 > m->cap * 3)
		rehash(m);
	s = find(m, key, len);
	if (!s->key) {
		s->key = key;
		s->keylen = len;
		s->value = NULL;
		m->count++;
	}
	return s;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	struct strmap_slot *s = slot_for(m, key);

	if (!s->value)
		s->value = value;
	return s->value;
}

void strmap_set(struct strmap *m, const char *key, void *value)
{
	slot_for(m, key)->value = value;
}
