/*
 * mustache_render.c: rendering compiled templates, and the registry of
 * templates by name that {{>partial}} and {{<parent}} look in.
 *
 * All rendering state lives on the C stack: the context stack, the
 * indentation stack and the chain of parents whose argument blocks are in
 * force are linked lists of frames, one frame per recursive call. Nothing is
 * allocated but the output buffer's growth.
 */
#include "mustache.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mustache_int.h"
#include "xalloc.h"

/* An entry of the context stack, innermost first. */
struct frame {
	const struct mu_value *value;
	const struct frame *up;
};

/* A level of indentation, from standalone partials, parents and blocks. */
struct indent {
	struct mu_span s;
	const struct indent *up;
};

/* A parent being rendered, whose argument blocks fill blocks; the outermost
 * parent that fills a block wins. */
struct args {
	const struct mu_node *parent;
	const struct mu_template *tpl; /* the template holding the parent */
	const struct args *up;
};

struct render {
	struct buf *out;
	const struct mu_partials *partials;
	struct mu_error *err;
	const struct mu_template *tpl; /* the one being rendered, for errors */
	const struct indent *indent;
	const struct args *args;
	int depth;
	bool bol; /* at the start of a line of template text */
	size_t *steps; /* nodes rendered so far, shared by nested renders */
};

static bool render_nodes(struct render *r, const struct mu_node *n,
    size_t count, const struct frame *ctx);

/* ---- Output ------------------------------------------------------------ */

static void put_indent(struct buf *out, const struct indent *in)
{
	if (!in)
		return;
	put_indent(out, in->up);
	buf_add(out, in->s.s, in->s.len);
}

/* Template text: indented at the start of each non-empty line. */
static void put_text(struct render *r, const struct mu_node *n)
{
	const char *p = n->text.s, *end = p + n->text.len, *nl, *next;

	if (!r->indent) {
		buf_add(r->out, p, n->text.len);
		r->bol = end[-1] == '\n';
		return;
	}
	for (; p < end; p = next) {
		nl = memchr(p, '\n', (size_t)(end - p));
		next = nl ? nl + 1 : end;
		if (r->bol && *p != '\n' && !(*p == '\r' && p + 1 == nl))
			put_indent(r->out, r->indent);
		buf_add(r->out, p, (size_t)(next - p));
		r->bol = nl != NULL;
	}
}

/* A whole number below 10^15 in digits, as "%.15g" would print it, without
 * printf (counts and years are most numbers on a page). Returns the
 * length, or 0 when v is not such a number. */
static size_t whole_number(double v, char num[32])
{
	char digits[20];
	long long k;
	size_t n = 0, len = 0;

	if (!(v >= 1 && v < 1e15) && !(v <= -1 && v > -1e15))
		return 0;
	k = (long long)v;
	if ((double)k != v)
		return 0;
	if (k < 0) {
		num[len++] = '-';
		k = -k;
	}
	for (; k; k /= 10)
		digits[n++] = (char)('0' + k % 10);
	while (n)
		num[len++] = digits[--n];
	num[len] = '\0';
	return len;
}

/* The text of a scalar: numbers in their shortest natural form. */
static bool scalar_text(const struct mu_value *v, char num[32],
    const char **s, size_t *len)
{
	int n;

	switch (v ? v->kind : MU_NULL) {
	case MU_STRING:
		*s = v->u.string.s;
		*len = v->u.string.len;
		return true;
	case MU_NUMBER:
		*s = num;
		if ((*len = whole_number(v->u.number, num)))
			return true;
		n = snprintf(num, 32, "%.15g", v->u.number);
		*len = n > 0 && n < 32 ? (size_t)n : 0;
		return true;
	case MU_BOOL:
		*s = v->u.boolean ? "true" : "false";
		*len = strlen(*s);
		return true;
	default:
		return false;
	}
}

static void put_value(struct render *r, const struct mu_node *n,
    const struct mu_value *v)
{
	char num[32];
	const char *s;
	size_t len;

	if (!scalar_text(v, num, &s, &len) || !len)
		return;
	if (r->bol && r->indent)
		put_indent(r->out, r->indent);
	r->bol = false;
	if (n->kind == MU_N_VAR)
		buf_add_html(r->out, s, len);
	else
		buf_add(r->out, s, len);
}

/* ---- Names ------------------------------------------------------------- */

/* Resolves a dotted name: the first part up the context stack, the others
 * each in the value found before. NULL if missing. */
static const struct mu_value *resolve(const struct mu_node *n,
    const struct frame *ctx)
{
	const struct mu_value *v = NULL;
	const struct mu_span *part = n->parts;
	size_t i;

	if (n->nparts == 0)
		return ctx->value;
	for (; ctx && !v; ctx = ctx->up)
		v = mu_map_get(ctx->value, part->s, part->len);
	for (i = 1; v && i < n->nparts; i++)
		v = mu_map_get(v, part[i].s, part[i].len);
	return v;
}

static bool too_deep(struct render *r, const struct mu_node *n)
{
	const char *what = n->kind == MU_N_PARTIAL ? "partial" :
	    n->kind == MU_N_PARENT ? "parent" : "block";

	if (r->err) {
		r->err->name = r->tpl->name;
		r->err->line = n->line;
		r->err->column = n->column;
		snprintf(r->err->message, sizeof(r->err->message),
		    "%s '%.*s' nested more than %d deep (endless recursion?)",
		    what, (int)n->text.len, n->text.s, MU_MAX_DEPTH);
	}
	return false;
}

/* ---- Nodes ------------------------------------------------------------- */

static bool render_section(struct render *r, const struct mu_node *n,
    const struct frame *ctx)
{
	const struct mu_value *v = resolve(n, ctx);
	struct frame f = {v, ctx};
	size_t i;

	if (!mu_truthy(v))
		return true;
	if (v->kind != MU_LIST)
		return render_nodes(r, n->kids, n->nkids, &f);
	for (i = 0; i < v->u.list.len; i++) {
		f.value = v->u.list.items[i];
		if (!render_nodes(r, n->kids, n->nkids, &f))
			return false;
	}
	return true;
}

/* Renders kids as if the template tpl were included at this point, with
 * indentation in added; restores the state afterwards. */
static bool render_nested(struct render *r, const struct mu_template *tpl,
    const struct mu_node *kids, size_t nkids, struct mu_span in,
    const struct frame *ctx)
{
	struct render saved = *r;
	struct indent level = {in, r->indent};
	bool ok;

	if (in.len)
		r->indent = &level;
	r->tpl = tpl;
	r->depth++;
	ok = render_nodes(r, kids, nkids, ctx);
	saved.bol = r->bol;
	*r = saved;
	return ok;
}

/* Partials or sections that repeat themselves (a partial that includes
 * itself twice, nested 100 deep) would render for ever within the depth
 * limit; no real page comes near this many nodes. */
static bool too_long(struct render *r, const struct mu_node *n)
{
	if (r->err) {
		r->err->name = r->tpl->name;
		r->err->line = n->line;
		r->err->column = n->column;
		snprintf(r->err->message, sizeof(r->err->message),
		    "the page needs more than %lu steps to render (a partial "
		    "or section that repeats itself?)",
		    (unsigned long)MU_MAX_STEPS);
	}
	return false;
}

/* {{>name}} and {{<name}}...{{/name}}: a missing template renders empty. */
static bool render_include(struct render *r, const struct mu_node *n,
    const struct frame *ctx)
{
	const struct mu_template *t = NULL;
	const struct args *saved = r->args;
	struct args a = {n, r->tpl, r->args};
	bool ok;

	if (r->partials)
		t = mu_partials_get(r->partials, n->text.s, n->text.len);
	if (!t)
		return true;
	if (r->depth >= MU_MAX_DEPTH)
		return too_deep(r, n);
	if (n->kind == MU_N_PARENT)
		r->args = &a;
	ok = render_nested(r, t, t->nodes, t->count, n->indent, ctx);
	r->args = saved;
	return ok;
}

/* {{$name}}default{{/name}}: filled by the outermost argument of that name
 * among the parents being rendered, else its default. */
static bool render_block(struct render *r, const struct mu_node *n,
    const struct frame *ctx)
{
	const struct mu_node *arg = NULL, *k;
	const struct mu_template *tpl = NULL;
	size_t i;
	const struct args *a;
	const struct indent *saved = r->indent;
	struct indent level = {n->dindent, r->indent};
	bool ok;

	for (a = r->args; a; a = a->up) {
		for (i = 0; i < a->parent->nkids; i++) {
			k = &a->parent->kids[i];
			if (k->hash == n->hash && k->text.len == n->text.len &&
			    memcmp(k->text.s, n->text.s, n->text.len) == 0) {
				arg = k;
				tpl = a->tpl;
				break;
			}
		}
	}
	if (!arg) {
		if (n->dindent.len)
			r->indent = &level;
		ok = render_nodes(r, n->kids, n->nkids, ctx);
		r->indent = saved;
		return ok;
	}
	if (r->depth >= MU_MAX_DEPTH)
		return too_deep(r, n);
	return render_nested(r, tpl, arg->kids, arg->nkids, n->indent, ctx);
}

static bool render_nodes(struct render *r, const struct mu_node *nodes,
    size_t count, const struct frame *ctx)
{
	size_t i;

	/* By index: an empty template or section has no nodes at all (NULL),
	 * and NULL + 0 is undefined. */
	for (i = 0; i < count; i++) {
		const struct mu_node *n = &nodes[i];

		if (++*r->steps > MU_MAX_STEPS)
			return too_long(r, n);

		switch (n->kind) {
		case MU_N_TEXT:
			put_text(r, n);
			break;
		case MU_N_VAR: case MU_N_RAW:
			put_value(r, n, resolve(n, ctx));
			break;
		case MU_N_SECTION:
			if (!render_section(r, n, ctx))
				return false;
			break;
		case MU_N_INVERTED:
			if (!mu_truthy(resolve(n, ctx)) &&
			    !render_nodes(r, n->kids, n->nkids, ctx))
				return false;
			break;
		case MU_N_PARTIAL: case MU_N_PARENT:
			if (!render_include(r, n, ctx))
				return false;
			break;
		case MU_N_BLOCK:
			if (!render_block(r, n, ctx))
				return false;
			break;
		}
	}
	return true;
}

bool mu_render(const struct mu_template *t, const struct mu_value *ctx,
    const struct mu_partials *partials, struct buf *out,
    struct mu_error *err)
{
	struct frame root = {ctx, NULL};
	struct render r;
	size_t start = out->len, steps = 0;

	memset(&r, 0, sizeof(r));
	r.steps = &steps;
	r.out = out;
	r.partials = partials;
	r.err = err;
	r.tpl = t;
	r.bol = out->len == 0 || out->data[out->len - 1] == '\n';
	if (render_nodes(&r, t->nodes, t->count, &root))
		return true;
	buf_truncate(out, start);
	return false;
}

/* ---- The registry ------------------------------------------------------ */

struct mu_partial_slot {
	char *name; /* NULL: empty slot */
	size_t len;
	uint32_t hash;
	struct mu_template *tpl;
};

void mu_partials_init(struct mu_partials *p)
{
	p->slots = NULL;
	p->cap = 0;
	p->count = 0;
}

void mu_partials_release(struct mu_partials *p)
{
	size_t i;

	for (i = 0; i < p->cap; i++) {
		free(p->slots[i].name);
		mu_template_free(p->slots[i].tpl);
	}
	free(p->slots);
	mu_partials_init(p);
}

static struct mu_partial_slot *find_slot(struct mu_partial_slot *slots,
    size_t cap, const char *name, size_t len, uint32_t hash)
{
	size_t i = hash & (cap - 1);

	while (slots[i].name && (slots[i].hash != hash ||
	    slots[i].len != len || memcmp(slots[i].name, name, len) != 0))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void grow_table(struct mu_partials *p)
{
	size_t cap = p->cap ? p->cap * 2 : 16, i;
	struct mu_partial_slot *slots = xcalloc(cap, sizeof(*slots)), *s;

	for (i = 0; i < p->cap; i++) {
		s = &p->slots[i];
		if (s->name)
			*find_slot(slots, cap, s->name, s->len, s->hash) = *s;
	}
	free(p->slots);
	p->slots = slots;
	p->cap = cap;
}

bool mu_partials_add(struct mu_partials *p, const char *name,
    struct mu_template *t)
{
	size_t len = strlen(name);
	uint32_t hash = mu_hash_(name, len);
	struct mu_partial_slot *s;

	if (mu_partials_get(p, name, len))
		return false;
	if ((p->count + 1) * 2 > p->cap)
		grow_table(p);
	s = find_slot(p->slots, p->cap, name, len, hash);
	s->name = xstrndup(name, len);
	s->len = len;
	s->hash = hash;
	s->tpl = t;
	p->count++;
	return true;
}

const struct mu_template *mu_partials_get(const struct mu_partials *p,
    const char *name, size_t len)
{
	const struct mu_partial_slot *s;

	if (!p->count)
		return NULL;
	s = find_slot(p->slots, p->cap, name, len, mu_hash_(name, len));
	return s->name ? s->tpl : NULL;
}

static size_t check_nodes(const struct mu_partials *p,
    const struct mu_template *t, const struct mu_node *n, size_t count,
    void (*report)(const struct mu_error *, void *), void *arg)
{
	struct mu_error err;
	size_t missing = 0;

	for (; count--; n++) {
		if ((n->kind == MU_N_PARTIAL || n->kind == MU_N_PARENT) &&
		    !mu_partials_get(p, n->text.s, n->text.len)) {
			err.name = t->name;
			err.line = n->line;
			err.column = n->column;
			snprintf(err.message, sizeof(err.message),
			    "no template named '%.*s' for this %s",
			    (int)n->text.len, n->text.s,
			    n->kind == MU_N_PARTIAL ? "partial" : "parent");
			report(&err, arg);
			missing++;
		}
		missing += check_nodes(p, t, n->kids, n->nkids, report, arg);
	}
	return missing;
}

size_t mu_partials_check(const struct mu_partials *p,
    void (*report)(const struct mu_error *err, void *arg), void *arg)
{
	size_t i, missing = 0;
	const struct mu_template *t;

	for (i = 0; i < p->cap; i++) {
		t = p->slots[i].tpl;
		if (t)
			missing += check_nodes(p, t, t->nodes, t->count,
			    report, arg);
	}
	return missing;
}
