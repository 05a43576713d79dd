/*
 * mu_value: the context values templates are rendered with. Everything lives
 * in the caller's arena; nothing here calls free().
 */
#include "mustache.h"

#include <string.h>

#include "arena.h"

static const struct mu_value null_value = {MU_NULL, {.boolean = false}};
static const struct mu_value true_value = {MU_BOOL, {.boolean = true}};
static const struct mu_value false_value = {MU_BOOL, {.boolean = false}};

const struct mu_value *mu_null(void)
{
	return &null_value;
}

const struct mu_value *mu_bool(bool b)
{
	return b ? &true_value : &false_value;
}

const struct mu_value *mu_num(struct arena *a, double n)
{
	struct mu_value *v = ARENA_NEW(a, struct mu_value);

	v->kind = MU_NUMBER;
	v->u.number = n;
	return v;
}

const struct mu_value *mu_str_ref(struct arena *a, const char *s, size_t len)
{
	struct mu_value *v = ARENA_NEW(a, struct mu_value);

	v->kind = MU_STRING;
	v->u.string.s = s;
	v->u.string.len = len;
	return v;
}

const struct mu_value *mu_strn(struct arena *a, const char *s, size_t len)
{
	return mu_str_ref(a, arena_strndup(a, s, len), len);
}

const struct mu_value *mu_str(struct arena *a, const char *s)
{
	return s ? mu_strn(a, s, strlen(s)) : mu_null();
}

struct mu_value *mu_list_new(struct arena *a)
{
	struct mu_value *v = ARENA_NEW(a, struct mu_value);

	v->kind = MU_LIST;
	return v;
}

struct mu_value *mu_map_new(struct arena *a)
{
	struct mu_value *v = ARENA_NEW(a, struct mu_value);

	v->kind = MU_MAP;
	return v;
}

void mu_list_push(struct arena *a, struct mu_value *list,
    const struct mu_value *v)
{
	size_t cap = list->u.list.cap;

	if (list->u.list.len == cap) {
		cap = cap ? cap * 2 : 4;
		list->u.list.items = arena_grow(a, list->u.list.items,
		    list->u.list.len, cap, sizeof(*list->u.list.items));
		list->u.list.cap = cap;
	}
	list->u.list.items[list->u.list.len++] = v ? v : mu_null();
}

const struct mu_value *mu_map_get(const struct mu_value *map,
    const char *key, size_t key_len)
{
	const struct mu_pair *p, *end;

	if (!map || map->kind != MU_MAP)
		return NULL;
	p = map->u.map.pairs;
	end = p + map->u.map.len;
	/* Maps are small: a linear scan that rejects on length and first byte
	 * before calling memcmp beats hashing. */
	for (; p < end; p++)
		if (p->key_len == key_len &&
		    (key_len == 0 || (p->key[0] == key[0] &&
		    memcmp(p->key, key, key_len) == 0)))
			return p->value;
	return NULL;
}

void mu_map_set(struct arena *a, struct mu_value *map, const char *key,
    const struct mu_value *v)
{
	size_t len = strlen(key), i, cap = map->u.map.cap;
	struct mu_pair *p;

	if (!v)
		v = mu_null();
	for (i = 0; i < map->u.map.len; i++) {
		p = &map->u.map.pairs[i];
		if (p->key_len == len && memcmp(p->key, key, len) == 0) {
			p->value = v;
			return;
		}
	}
	if (map->u.map.len == cap) {
		cap = cap ? cap * 2 : 8;
		map->u.map.pairs = arena_grow(a, map->u.map.pairs,
		    map->u.map.len, cap, sizeof(*map->u.map.pairs));
		map->u.map.cap = cap;
	}
	p = &map->u.map.pairs[map->u.map.len++];
	p->key = key;
	p->key_len = len;
	p->value = v;
}

void mu_map_set_str(struct arena *a, struct mu_value *map, const char *key,
    const char *s)
{
	mu_map_set(a, map, key, mu_str(a, s));
}

void mu_map_set_str_ref(struct arena *a, struct mu_value *map,
    const char *key, const char *s)
{
	mu_map_set(a, map, key, s ? mu_str_ref(a, s, strlen(s)) : NULL);
}

void mu_map_set_num(struct arena *a, struct mu_value *map, const char *key,
    double n)
{
	mu_map_set(a, map, key, mu_num(a, n));
}

void mu_map_set_bool(struct arena *a, struct mu_value *map, const char *key,
    bool b)
{
	mu_map_set(a, map, key, mu_bool(b));
}

bool mu_truthy(const struct mu_value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case MU_NULL:
		return false;
	case MU_BOOL:
		return v->u.boolean;
	case MU_LIST:
		return v->u.list.len > 0;
	default:
		return true;
	}
}
