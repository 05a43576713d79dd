/*
 * mustache.c: compiling a template, once, into the node tree described in
 * mustache_int.h. Four passes:
 *
 *  1. lex: split the source into text, newline and tag tokens; set-delimiter
 *     tags take effect here, so later passes never see delimiters;
 *  2. pair: match close tags with open tags and note what encloses what;
 *  3. standalone: decide which whitespace and newlines each tag swallows;
 *  4. build: make the nodes, stripping the intrinsic indentation of blocks.
 *
 * Whitespace follows the spec and its non-normative whitespace.md:
 *  - a tag other than an interpolation is standalone when it is alone on its
 *    line but for spaces and tabs; its line then disappears;
 *  - a parent {{<p}}...{{/p}} is standalone when its open tag has only
 *    whitespace before it and its close tag only whitespace after it; the
 *    leading whitespace is then indentation for every line of the parent,
 *    and the close tag's line end disappears;
 *  - an argument block (a block directly inside a parent) swallows the line
 *    end after its open tag, and the whitespace before its close tag on that
 *    line; what else shares their lines lies inside the parent and is
 *    ignored anyway;
 *  - a parameter block (any other block) is a standalone pair like a parent;
 *    if its open tag also ends its line, the whitespace starting the next
 *    line is the block's intrinsic indentation;
 *  - a block's intrinsic indentation is removed from the start of each line
 *    of its content here, and put back at render time before each line of
 *    whatever content (default or argument) fills the block.
 */
#include "mustache.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mustache_int.h"
#include "xalloc.h"
#include "i18n.h"

#define NONE ((size_t)-1)

enum tok_kind {
	T_TEXT,
	T_NL,
	T_VAR,
	T_RAW,
	T_SECTION,
	T_INVERTED,
	T_CLOSE,
	T_COMMENT,
	T_PARTIAL,
	T_PARENT,
	T_BLOCK,
	T_DELIM,
};

struct token {
	enum tok_kind kind;
	const char *s; /* TEXT, NL: the text; tags: the trimmed name */
	size_t len;
	int line, column; /* tags: where the opening delimiter starts */
	size_t match;     /* open and close tags: the other one */
	size_t up;        /* tags: the innermost enclosing open tag */
	struct mu_span ws; /* leading whitespace on a standalone tag's line */
	bool bol;   /* first token of its line */
	bool blank; /* TEXT of spaces and tabs only */
	bool drop;  /* TEXT, NL: swallowed by a standalone tag */
	bool alone; /* standalone tag; parent, parameter block: standalone pair */
	bool eol;   /* block: has intrinsic indentation (open tag ends line) */
};

struct delims {
	const char *open, *close;
	size_t olen, clen;
};

struct compiler {
	const char *name;
	const char *src;
	size_t len;
	struct mu_error *err;
	struct token *toks;
	size_t ntoks, cap;
	size_t scan, line_start; /* line counting, up to scan */
	int line;
	struct arena *arena; /* the template's */
};

struct nodes {
	struct mu_node *v;
	size_t n, cap;
};

static const struct mu_span no_span = {"", 0};

__attribute__((format(printf, 4, 5)))
static bool fail(struct compiler *c, int line, int column, const char *fmt,
    ...)
{
	va_list ap;

	if (!c->err)
		return false;
	c->err->name = c->name;
	c->err->line = line;
	c->err->column = column;
	va_start(ap, fmt);
	vsnprintf(c->err->message, sizeof(c->err->message), _(fmt), ap);
	va_end(ap);
	return false;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool is_blank(const char *s, size_t len)
{
	while (len--)
		if (*s != ' ' && *s != '\t')
			return false;
		else
			s++;
	return true;
}

static bool starts_with(const char *s, size_t len, struct mu_span prefix)
{
	return prefix.len && len >= prefix.len &&
	    memcmp(s, prefix.s, prefix.len) == 0;
}

/* ---- Pass 1: lex ------------------------------------------------------- */

/* Counts lines up to src[pos]. */
static void advance(struct compiler *c, size_t pos)
{
	for (; c->scan < pos; c->scan++)
		if (c->src[c->scan] == '\n') {
			c->line++;
			c->line_start = c->scan + 1;
		}
}

/* The column of src[pos], in code points; advance(c, pos) first. */
static int column_at(const struct compiler *c, size_t pos)
{
	int column = 1;
	size_t i;

	for (i = c->line_start; i < pos; i++)
		if (((unsigned char)c->src[i] & 0xC0) != 0x80)
			column++;
	return column;
}

static size_t find(const struct compiler *c, size_t from, const char *needle,
    size_t n)
{
	const char *p = c->src + from, *end = c->src + c->len;

	while ((size_t)(end - p) >= n) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!p)
			break;
		if (memcmp(p, needle, n) == 0)
			return (size_t)(p - c->src);
		p++;
	}
	return NONE;
}

/* Where a tag's content starting at from ends: at the close delimiter or,
 * if lead is not 0, at the lead byte just before it ("}" of "}}}"). */
static size_t find_end(const struct compiler *c, size_t from, char lead,
    const struct delims *d)
{
	size_t at = from;

	for (;;) {
		at = find(c, at, d->close, d->clen);
		if (at == NONE || !lead)
			return at;
		if (at > from && c->src[at - 1] == lead)
			return at - 1;
		at++;
	}
}

static struct token *push(struct compiler *c, enum tok_kind kind,
    const char *s, size_t len)
{
	struct token *t;

	if (c->ntoks == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->toks = xreallocarray(c->toks, c->cap, sizeof(*c->toks));
	}
	t = &c->toks[c->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->s = s;
	t->len = len;
	t->match = t->up = NONE;
	t->bol = c->ntoks == 1 || t[-1].kind == T_NL;
	return t;
}

/* Adds src[from..to) as TEXT tokens and NL tokens ("\n" or "\r\n"). */
static void add_text(struct compiler *c, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(c->src + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - c->src) : to, text_end = end;
		struct token *t;

		if (nl && end > from && c->src[end - 1] == '\r')
			text_end--;
		if (text_end > from) {
			t = push(c, T_TEXT, c->src + from, text_end - from);
			t->blank = is_blank(t->s, t->len);
		}
		if (!nl)
			break;
		push(c, T_NL, c->src + text_end, end + 1 - text_end);
		from = end + 1;
	}
}

static enum tok_kind tag_kind(char sigil)
{
	switch (sigil) {
	case '{': case '&': return T_RAW;
	case '#': return T_SECTION;
	case '^': return T_INVERTED;
	case '/': return T_CLOSE;
	case '!': return T_COMMENT;
	case '>': return T_PARTIAL;
	case '<': return T_PARENT;
	case '$': return T_BLOCK;
	case '=': return T_DELIM;
	default: return T_VAR;
	}
}

static bool check_name(struct compiler *c, const struct token *t)
{
	const char *s = t->s;
	size_t i;
	int n = (int)t->len;

	if (t->len == 0)
		return fail(c, t->line, t->column, "empty tag");
	for (i = 0; i < t->len; i++)
		if (is_space(s[i]))
			return fail(c, t->line, t->column,
			    "name '%.*s' contains whitespace", n, s);
	if (t->kind != T_VAR && t->kind != T_RAW && t->kind != T_SECTION &&
	    t->kind != T_INVERTED)
		return true;
	if (t->len == 1 && s[0] == '.')
		return true;
	for (i = 0; i < t->len; i++)
		if (s[i] == '.' && (i == 0 || i == t->len - 1 ||
		    s[i + 1] == '.'))
			return fail(c, t->line, t->column,
			    "name '%.*s' has an empty part between dots", n, s);
	return true;
}

/* Parses the content of {{=open close=}} at src[from..end). */
static bool set_delims(struct compiler *c, size_t from, size_t end,
    struct delims *d, int line, int column)
{
	const char *p = c->src + from, *e = c->src + end, *open, *close;
	size_t olen, clen;
	struct token *t;

	while (p < e && is_space(*p))
		p++;
	for (open = p; p < e && !is_space(*p); p++)
		;
	olen = (size_t)(p - open);
	while (p < e && is_space(*p))
		p++;
	for (close = p; p < e && !is_space(*p); p++)
		;
	clen = (size_t)(p - close);
	while (p < e && is_space(*p))
		p++;
	if (!olen || !clen || p != e)
		return fail(c, line, column, "a set-delimiter tag wants two "
		    "delimiters separated by a space, as in {{=<%% %%>=}}");
	d->open = open;
	d->olen = olen;
	d->close = close;
	d->clen = clen;
	t = push(c, T_DELIM, open, 0);
	t->line = line;
	t->column = column;
	return true;
}

/* Lexes the tag whose open delimiter is at src[at]; *next is its end. */
static bool lex_tag(struct compiler *c, size_t at, struct delims *d,
    size_t *next)
{
	size_t from = at + d->olen, end;
	char sigil = from < c->len ? c->src[from] : '\0';
	enum tok_kind kind = tag_kind(sigil);
	char lead = sigil == '{' ? '}' : sigil == '=' ? '=' : '\0';
	struct token *t;
	int line, column;

	advance(c, at);
	line = c->line;
	column = column_at(c, at);
	if (kind != T_VAR)
		from++;
	end = find_end(c, from, lead, d);
	if (end == NONE)
		return fail(c, line, column, "unclosed tag: missing '%s%.*s'",
		    lead == '}' ? "}" : lead == '=' ? "=" : "", (int)d->clen,
		    d->close);
	*next = end + (lead ? 1 : 0) + d->clen;
	if (kind == T_DELIM)
		return set_delims(c, from, end, d, line, column);
	t = push(c, kind, c->src + from, end - from);
	t->line = line;
	t->column = column;
	if (kind == T_COMMENT)
		return true;
	while (t->len && is_space(t->s[0])) {
		t->s++;
		t->len--;
	}
	while (t->len && is_space(t->s[t->len - 1]))
		t->len--;
	return check_name(c, t);
}

static bool lex(struct compiler *c)
{
	struct delims d = {"{{", "}}", 2, 2};
	size_t pos = 0, at;

	while (pos < c->len) {
		at = find(c, pos, d.open, d.olen);
		if (at == NONE)
			at = c->len;
		add_text(c, pos, at);
		if (at == c->len)
			break;
		if (!lex_tag(c, at, &d, &pos))
			return false;
	}
	return true;
}

/* ---- Pass 2: pair ------------------------------------------------------ */

static bool is_open(enum tok_kind kind)
{
	return kind == T_SECTION || kind == T_INVERTED || kind == T_PARENT ||
	    kind == T_BLOCK;
}

static const char *kind_name(enum tok_kind kind)
{
	switch (kind) {
	case T_INVERTED: return "inverted section";
	case T_PARENT: return "parent";
	case T_BLOCK: return "block";
	default: return "section";
	}
}

static bool close_tag(struct compiler *c, size_t i, size_t open)
{
	struct token *t = &c->toks[i], *o = &c->toks[open];

	if (t->len != o->len || memcmp(t->s, o->s, t->len) != 0)
		return fail(c, t->line, t->column, "close tag '/%.*s' does not "
		    "match %s '%.*s' opened at line %d, column %d",
		    (int)t->len, t->s, kind_name(o->kind), (int)o->len, o->s,
		    o->line, o->column);
	t->match = open;
	o->match = i;
	return true;
}

static bool pair_tags(struct compiler *c)
{
	size_t stack[MU_MAX_NESTING], depth = 0, i;
	struct token *t;

	for (i = 0; i < c->ntoks; i++) {
		t = &c->toks[i];
		if (t->kind == T_TEXT || t->kind == T_NL)
			continue;
		t->up = depth ? stack[depth - 1] : NONE;
		if (is_open(t->kind)) {
			if (depth == MU_MAX_NESTING)
				return fail(c, t->line, t->column, "sections "
				    "nested more than %d deep", MU_MAX_NESTING);
			stack[depth++] = i;
		} else if (t->kind == T_CLOSE) {
			if (!depth)
				return fail(c, t->line, t->column, "close tag "
				    "'/%.*s' has no open section to close",
				    (int)t->len, t->s);
			if (!close_tag(c, i, stack[--depth]))
				return false;
		}
	}
	if (!depth)
		return true;
	t = &c->toks[stack[depth - 1]];
	return fail(c, t->line, t->column, "%s '%.*s' is never closed",
	    kind_name(t->kind), (int)t->len, t->s);
}

/* ---- Pass 3: standalone ------------------------------------------------ */

/* Only spaces and tabs between the start of the line and tag i? */
static bool clear_left(const struct compiler *c, size_t i)
{
	const struct token *t = c->toks;

	if (i > 0 && t[i - 1].kind == T_TEXT) {
		if (!t[i - 1].blank)
			return false;
		i--;
	}
	return i == 0 || t[i - 1].kind == T_NL;
}

/* Only spaces and tabs between tag i and the end of its line? */
static bool clear_right(const struct compiler *c, size_t i)
{
	const struct token *t = c->toks;

	if (++i < c->ntoks && t[i].kind == T_TEXT) {
		if (!t[i].blank)
			return false;
		i++;
	}
	return i >= c->ntoks || t[i].kind == T_NL;
}

/* Drops the whitespace before tag i, remembering it as the tag's. */
static void swallow_left(struct compiler *c, size_t i)
{
	struct token *t = &c->toks[i];

	t->ws = no_span;
	if (i > 0 && t[-1].kind == T_TEXT) {
		t[-1].drop = true;
		t->ws.s = t[-1].s;
		t->ws.len = t[-1].len;
	}
}

/* Drops the whitespace and the line end after tag i. */
static void swallow_right(struct compiler *c, size_t i)
{
	if (++i < c->ntoks && c->toks[i].kind == T_TEXT)
		c->toks[i++].drop = true;
	if (i < c->ntoks && c->toks[i].kind == T_NL)
		c->toks[i].drop = true;
}

static bool is_argument(const struct compiler *c, size_t i)
{
	size_t up = c->toks[i].up;

	return c->toks[i].kind == T_BLOCK && up != NONE &&
	    c->toks[up].kind == T_PARENT;
}

static void standalone_tag(struct compiler *c, size_t i)
{
	if (!clear_left(c, i) || !clear_right(c, i))
		return;
	c->toks[i].alone = true;
	swallow_left(c, i);
	swallow_right(c, i);
}

static void standalone_parent(struct compiler *c, size_t i)
{
	struct token *t = &c->toks[i];

	if (!clear_left(c, i) || !clear_right(c, t->match))
		return;
	t->alone = true;
	swallow_left(c, i);
	swallow_right(c, t->match);
}

static void standalone_parameter(struct compiler *c, size_t i)
{
	struct token *t = &c->toks[i];

	if (!clear_left(c, i))
		return;
	t->alone = clear_right(c, t->match);
	if (clear_right(c, i)) {
		t->eol = t->alone;
		swallow_left(c, i);
		swallow_right(c, i);
	} else if (i > 0 && t[-1].kind == T_TEXT) {
		/* Kept as text, and also the indentation of an argument. */
		t->ws.s = t[-1].s;
		t->ws.len = t[-1].len;
	}
}

static void standalone(struct compiler *c)
{
	size_t i, open;

	for (i = 0; i < c->ntoks; i++) {
		switch (c->toks[i].kind) {
		case T_TEXT: case T_NL: case T_VAR: case T_RAW:
			break;
		case T_PARENT:
			standalone_parent(c, i);
			break;
		case T_BLOCK:
			if (!is_argument(c, i)) {
				standalone_parameter(c, i);
			} else if (clear_right(c, i)) {
				c->toks[i].eol = true;
				swallow_right(c, i);
			}
			break;
		case T_CLOSE:
			open = c->toks[i].match;
			if (c->toks[open].kind == T_PARENT)
				break;
			if (is_argument(c, open)) {
				if (clear_left(c, i))
					swallow_left(c, i);
				break;
			}
			standalone_tag(c, i);
			break;
		default:
			standalone_tag(c, i);
		}
	}
}

/* ---- Pass 4: build ----------------------------------------------------- */

static struct mu_span dup_span(struct compiler *c, const char *s, size_t len)
{
	struct mu_span span = no_span;

	if (len) {
		span.s = arena_strndup(c->arena, s, len);
		span.len = len;
	}
	return span;
}

/* A copy of ws without the prefix strip, if it starts with it. */
static struct mu_span dup_relative(struct compiler *c, struct mu_span ws,
    struct mu_span strip)
{
	if (starts_with(ws.s, ws.len, strip))
		return dup_span(c, ws.s + strip.len, ws.len - strip.len);
	return dup_span(c, ws.s, ws.len);
}

static struct mu_node *new_node(struct compiler *c, struct nodes *ns,
    enum mu_node_kind kind)
{
	struct mu_node *n;

	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 8;
		ns->v = arena_grow(c->arena, ns->v, ns->n, ns->cap,
		    sizeof(*ns->v));
	}
	n = &ns->v[ns->n++];
	n->kind = kind;
	return n;
}

static void flush_text(struct compiler *c, struct buf *text,
    struct nodes *ns)
{
	struct mu_node *n;

	if (!text->len)
		return;
	n = new_node(c, ns, MU_N_TEXT);
	n->text = dup_span(c, text->data, text->len);
	buf_reset(text);
}

static void split_name(struct compiler *c, struct mu_node *n)
{
	const char *s = n->text.s, *end = s + n->text.len, *dot;
	struct mu_span *parts;
	size_t count = 1, k;

	if (n->text.len == 1 && s[0] == '.')
		return;
	for (dot = s; dot < end; dot++)
		count += *dot == '.';
	parts = arena_array(c->arena, count, sizeof(*parts));
	for (k = 0; k < count; k++) {
		dot = memchr(s, '.', (size_t)(end - s));
		if (!dot)
			dot = end;
		parts[k].s = s;
		parts[k].len = (size_t)(dot - s);
		s = dot + 1;
	}
	n->parts = parts;
	n->nparts = count;
}

/* The whitespace starting the line after block open tag i. */
static struct mu_span next_line_ws(const struct compiler *c, size_t i)
{
	struct mu_span ws = no_span;
	size_t j = i + 1, k;

	if (j < c->ntoks && c->toks[j].kind == T_TEXT)
		j++;
	if (j < c->ntoks && c->toks[j].kind == T_NL)
		j++;
	if (j >= c->ntoks || c->toks[j].kind != T_TEXT)
		return ws;
	ws.s = c->toks[j].s;
	for (k = 0; k < c->toks[j].len && (ws.s[k] == ' ' || ws.s[k] == '\t');
	    k++)
		;
	ws.len = k;
	return ws;
}

static void build(struct compiler *c, size_t from, size_t to,
    struct mu_span strip, const struct mu_node **kids, size_t *nkids);
static size_t add_tag(struct compiler *c, size_t i, struct mu_span strip,
    struct nodes *ns);

static void build_block(struct compiler *c, size_t i, struct mu_span strip,
    struct mu_node *n)
{
	const struct token *t = &c->toks[i];
	struct mu_span inner = strip, ws;

	if (t->eol) {
		ws = next_line_ws(c, i);
		if (ws.len >= strip.len &&
		    memcmp(ws.s, strip.s, strip.len) == 0) {
			inner = ws;
			n->dindent = dup_span(c, ws.s + strip.len,
			    ws.len - strip.len);
		}
	}
	if (t->alone)
		n->indent = t->eol ? n->dindent :
		    dup_relative(c, t->ws, strip);
	build(c, i + 1, t->match, inner, &n->kids, &n->nkids);
}

/* A parent's kids are its argument blocks; all else inside is ignored. */
static void build_arguments(struct compiler *c, size_t i,
    struct mu_span strip, struct mu_node *n)
{
	struct nodes ns = {NULL, 0, 0};
	size_t j, end = c->toks[i].match;

	for (j = i + 1; j < end; j++) {
		if (c->toks[j].kind == T_BLOCK && c->toks[j].up == i)
			j = add_tag(c, j, strip, &ns);
		else if (is_open(c->toks[j].kind))
			j = c->toks[j].match;
	}
	n->kids = ns.v;
	n->nkids = ns.n;
}

static enum mu_node_kind node_kind(enum tok_kind kind)
{
	switch (kind) {
	case T_RAW: return MU_N_RAW;
	case T_SECTION: return MU_N_SECTION;
	case T_INVERTED: return MU_N_INVERTED;
	case T_PARTIAL: return MU_N_PARTIAL;
	case T_PARENT: return MU_N_PARENT;
	case T_BLOCK: return MU_N_BLOCK;
	default: return MU_N_VAR;
	}
}

/* Adds the node of tag i; returns the index of its last token. */
static size_t add_tag(struct compiler *c, size_t i, struct mu_span strip,
    struct nodes *ns)
{
	const struct token *t = &c->toks[i];
	struct mu_node *n = new_node(c, ns, node_kind(t->kind));

	n->line = t->line;
	n->column = t->column;
	n->text = dup_span(c, t->s, t->len);
	n->hash = mu_hash_(t->s, t->len);
	switch (t->kind) {
	case T_SECTION: case T_INVERTED:
		split_name(c, n);
		build(c, i + 1, t->match, strip, &n->kids, &n->nkids);
		return t->match;
	case T_PARTIAL:
		if (t->alone)
			n->indent = dup_relative(c, t->ws, strip);
		return i;
	case T_PARENT:
		if (t->alone)
			n->indent = dup_relative(c, t->ws, strip);
		build_arguments(c, i, strip, n);
		return t->match;
	case T_BLOCK:
		build_block(c, i, strip, n);
		return t->match;
	default:
		split_name(c, n);
		return i;
	}
}

/* Builds the nodes of tokens [from, to), removing strip from the start of
 * each line of text. */
static void build(struct compiler *c, size_t from, size_t to,
    struct mu_span strip, const struct mu_node **kids, size_t *nkids)
{
	struct nodes ns = {NULL, 0, 0};
	struct buf text = BUF_INIT;
	const struct token *t;
	size_t i;

	for (i = from; i < to; i++) {
		t = &c->toks[i];
		if (t->drop)
			continue;
		switch (t->kind) {
		case T_TEXT:
			if (t->bol && starts_with(t->s, t->len, strip))
				buf_add(&text, t->s + strip.len,
				    t->len - strip.len);
			else
				buf_add(&text, t->s, t->len);
			break;
		case T_NL:
			buf_add(&text, t->s, t->len);
			break;
		case T_COMMENT: case T_DELIM: case T_CLOSE:
			break;
		default:
			flush_text(c, &text, &ns);
			i = add_tag(c, i, strip, &ns);
		}
	}
	flush_text(c, &text, &ns);
	buf_release(&text);
	*kids = ns.v;
	*nkids = ns.n;
}

/* ---- Templates --------------------------------------------------------- */

struct mu_template *mu_compile(const char *name, const char *src, size_t len,
    struct mu_error *err)
{
	struct compiler c;
	struct mu_template *t = NULL;

	memset(&c, 0, sizeof(c));
	c.name = name ? name : "<template>";
	c.src = src ? src : "";
	c.len = src ? len : 0;
	c.err = err;
	c.line = 1;
	if (lex(&c) && pair_tags(&c)) {
		standalone(&c);
		t = xmalloc(sizeof(*t));
		arena_init(&t->arena);
		c.arena = &t->arena;
		t->name = arena_strdup(&t->arena, c.name);
		build(&c, 0, c.ntoks, no_span, &t->nodes, &t->count);
	}
	free(c.toks);
	return t;
}

void mu_template_free(struct mu_template *t)
{
	if (!t)
		return;
	arena_release(&t->arena);
	free(t);
}

const char *mu_template_name(const struct mu_template *t)
{
	return t->name;
}
