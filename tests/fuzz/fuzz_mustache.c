/*
 * fuzz_mustache: the template compiler and renderer. The input up to its
 * first NUL byte is the template; what follows, split at further NULs, are
 * the partials "p" and "q", which it may include ({{>p}}) or extend
 * ({{<q}}). Each is compiled; what compiles is rendered against a fixed
 * context of every value kind, whose lists are shadowed inside their own
 * items so that nesting a section in itself cannot multiply without end.
 * A compile or render error must say where and why.
 */
#include <assert.h>

#include "arena.h"
#include "buf.h"
#include "fuzz.h"
#include "mustache.h"

static struct mu_value *item(struct arena *a, const char *list, int i)
{
	struct mu_value *v = mu_map_new(a);
	struct mu_value *sub = mu_map_new(a);

	mu_map_set(a, v, list, NULL); /* shadows the list inside its items */
	mu_map_set_num(a, v, "i", i);
	mu_map_set_str(a, v, "name", i ? "乙" : "甲 & 丙");
	mu_map_set_bool(a, v, "first", i == 0);
	mu_map_set_str(a, sub, "x", "\"quoted\" 'x'");
	mu_map_set(a, v, "sub", sub);
	return v;
}

static const struct mu_value *context(struct arena *a)
{
	static const char *const lists[] = {"a", "b", "c"};
	struct mu_value *ctx = mu_map_new(a), *empty = mu_list_new(a);
	size_t i;
	int k;

	mu_map_set_str(a, ctx, "s", "a & b \"c\" 'd'");
	mu_map_set_str(a, ctx, "empty", "");
	mu_map_set_num(a, ctx, "n", 42);
	mu_map_set_num(a, ctx, "zero", 0);
	mu_map_set_num(a, ctx, "pi", 3.14159);
	mu_map_set_bool(a, ctx, "t", true);
	mu_map_set_bool(a, ctx, "f", false);
	mu_map_set(a, ctx, "null", NULL);
	mu_map_set(a, ctx, "none", empty);
	mu_map_set(a, ctx, "m", item(a, "m", 0));
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct mu_value *l = mu_list_new(a);
		for (k = 0; k < 3; k++)
			mu_list_push(a, l, item(a, lists[i], k));
		mu_map_set(a, ctx, lists[i], l);
	}
	return ctx;
}

/* The next NUL-separated part of [*p, end). */
static const char *part(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nul;

	if (s >= end)
		return NULL;
	nul = memchr(s, '\0', (size_t)(end - s));
	*len = (size_t)((nul ? nul : end) - s);
	*p = nul ? nul + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"p", "q"};
	const char *p = (const char *)data, *end = p + size, *src;
	struct mu_partials partials = MU_PARTIALS_INIT;
	struct mu_template *t;
	struct mu_error err;
	struct buf out = BUF_INIT;
	struct arena a;
	size_t len = 0, i;

	src = part(&p, end, &len);
	t = mu_compile("t", src ? src : "", src ? len : 0, &err);
	if (!t)
		assert(err.line >= 1 && err.column >= 1 && err.message[0]);
	for (i = 0; i < 2 && (src = part(&p, end, &len)); i++) {
		struct mu_template *pt = mu_compile(names[i], src, len, &err);
		if (pt && !mu_partials_add(&partials, names[i], pt))
			mu_template_free(pt);
	}
	arena_init(&a);
	if (t) {
		if (!mu_render(t, context(&a), &partials, &out, &err))
			assert(err.message[0] && out.len == 0);
		mu_template_free(t);
	}
	buf_release(&out);
	arena_release(&a);
	mu_partials_release(&partials);
	return 0;
}
