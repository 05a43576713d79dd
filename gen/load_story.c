/*
 * load_story: stories/ (*.md files), Markdown with YAML front matter, and the
 * Markdown renderer every other Markdown text goes through.
 *
 * cmark parses CommonMark in its safe mode (no CMARK_OPT_UNSAFE, no
 * CMARK_OPT_SMART: Chinese quotes stay as typed). The tree is then
 * adjusted before rendering:
 *
 *  - raw HTML (blocks and inline) is removed, not just commented out;
 *  - a link keeps its href only for http, https, mailto and tel, relative
 *    paths and #anchors; an image's src only when relative or http(s).
 *    Otherwise the link or image is replaced by its text;
 *  - CJK-friendly emphasis: CommonMark's flanking rules leave
 *    社区成立了**“和事佬”**志愿队 with literal asterisks (the closing ** has
 *    punctuation before it and a letter after it). In every text node we
 *    pair the asterisks cmark left unmatched, with the flanking rules
 *    amended so that a CJK character beside a delimiter counts like
 *    punctuation (了**“ opens, ”**志 closes), and only pairs that touch CJK
 *    text or punctuation (see cjk_emphasis below);
 *  - a soft line break between two CJK characters is dropped: Chinese
 *    wrapped over several source lines must not show spaces.
 *
 * Backslash-escaped stars (\*) must never pair. cmark's tree cannot tell
 * them from unmatched delimiters (both end up as '*' in one consolidated
 * text node), so before parsing we write each \* as a private-use
 * character (ESC_STAR) and turn it back afterwards: into '*' in text, links
 * and titles, into \* in code, where the backslash was literal.
 * Limitation: a star written as an entity (&#42;, &ast;) still counts as an
 * unmatched delimiter and may pair with another star next to CJK text.
 * Only '*' takes part; '_' keeps CommonMark's rules (it is rare in Chinese
 * prose and common in names like file_name).
 */
#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "load.h"
#include "utf8.h"
#include "xalloc.h"
#include "i18n.h"

#define MD_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)
#define ESC_STAR "\xee\x80\xaa" /* U+E02A, stands for \* while parsing */
#define MAX_LOOKBACK 64

/* --- characters -------------------------------------------------------- */

static bool is_space_cp(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0xa0 ||
	    c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
	    c == 0x205f || c == 0x3000;
}

/* Han, kana, hangul, bopomofo, CJK and full-width punctuation, and the
 * general punctuation Chinese is written with (“ ” ‘ ’ … — ·). */
static bool is_cjk_cp(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x11ff) || (c >= 0x2e80 && c <= 0x2fff) ||
	    (c >= 0x3001 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa960 && c <= 0xa97f) ||
	    (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe4f) ||
	    (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff) ||
	    c == 0x2014 || c == 0x2018 || c == 0x2019 || c == 0x201c ||
	    c == 0x201d || c == 0x2026 || c == 0x00b7 || c == 0x2e3a ||
	    c == 0x2e3b;
}

/* ASCII punctuation and the Unicode punctuation that matters here
 * (general, CJK, full-width, vertical and small forms). */
static bool is_punct_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
		    (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
	return c == 0xa1 || c == 0xa7 || c == 0xab || c == 0xb6 ||
	    c == 0xb7 || c == 0xbb || c == 0xbf || (c >= 0x2010 && c <= 0x2027) ||
	    (c >= 0x2030 && c <= 0x205e) || (c >= 0x2e00 && c <= 0x2e7f) ||
	    (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) ||
	    (c >= 0x3014 && c <= 0x301f) || c == 0x3030 || c == 0x303d ||
	    c == 0x30a0 || c == 0x30fb || (c >= 0xfe10 && c <= 0xfe19) ||
	    (c >= 0xfe30 && c <= 0xfe6b) || (c >= 0xff01 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65);
}

/* The code point ending just before s[i], or 0 at the start. */
static uint32_t cp_before(const char *s, size_t i)
{
	size_t j = i, n;

	if (i == 0)
		return 0;
	do
		j--;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80);
	return utf8_decode(s + j, i - j, &n);
}

/* The code point at s[i], or 0 at the end. */
static uint32_t cp_at(const char *s, size_t len, size_t i)
{
	size_t n;

	return i < len ? utf8_decode(s + i, len - i, &n) : 0;
}

/* --- escaped stars ----------------------------------------------------- */

/* md with every \* (whose backslash is not itself escaped) written as
 * ESC_STAR; heap, NUL-terminated. NULL when md holds ESC_STAR already
 * (then escaped stars are left to cmark, see the limitation above). */
static char *hide_escaped_stars(const char *md, size_t len, size_t *out_len)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i + 2 < len; i++)
		if (memcmp(md + i, ESC_STAR, 3) == 0)
			return NULL;
	for (i = 0; i < len; i++) {
		if (md[i] == '\\' && i + 1 < len && md[i + 1] == '*') {
			buf_adds(&b, ESC_STAR);
			i++;
		} else if (md[i] == '\\' && i + 1 < len) {
			buf_add(&b, md + i, 2);
			i++;
		} else {
			buf_addc(&b, md[i]);
		}
	}
	return buf_detach(&b, out_len);
}

/* s with ESC_STAR replaced by with; heap, or NULL when s has none. */
static char *replace_esc(const char *s, const char *with)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (!s || !strstr(s, ESC_STAR))
		return NULL;
	while ((p = strstr(s, ESC_STAR))) {
		buf_add(&b, s, (size_t)(p - s));
		buf_adds(&b, with);
		s = p + 3;
	}
	buf_adds(&b, s);
	return buf_detach(&b, NULL);
}

static void restore_node(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	bool code = t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK;
	char *s;

	if ((s = replace_esc(cmark_node_get_literal(n), code ? "\\*" : "*"))) {
		cmark_node_set_literal(n, s);
		free(s);
	}
	if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
		if ((s = replace_esc(cmark_node_get_url(n), "*"))) {
			cmark_node_set_url(n, s);
			free(s);
		}
		if ((s = replace_esc(cmark_node_get_title(n), "*"))) {
			cmark_node_set_title(n, s);
			free(s);
		}
	}
	if (t == CMARK_NODE_CODE_BLOCK &&
	    (s = replace_esc(cmark_node_get_fence_info(n), "*"))) {
		cmark_node_set_fence_info(n, s);
		free(s);
	}
}

static void restore_escaped_stars(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER)
			restore_node(cmark_iter_get_node(it));
	cmark_iter_free(it);
}

/* --- collecting nodes -------------------------------------------------- */

struct nodes {
	cmark_node **items;
	size_t n, cap;
};

static void nodes_push(struct nodes *v, cmark_node *node)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->items = xreallocarray(v->items, v->cap, sizeof(*v->items));
	}
	v->items[v->n++] = node;
}

typedef bool (*node_pred)(cmark_node *node);

/* Every node of the tree for which pred holds, in document order. The
 * tree may then be changed (cmark's iterator must not see changes). */
static void collect(cmark_node *doc, node_pred pred, struct nodes *out)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && pred(cmark_iter_get_node(it)))
			nodes_push(out, cmark_iter_get_node(it));
	cmark_iter_free(it);
}

/* --- links, images, raw HTML ------------------------------------------- */

/* A URL's scheme is allowed; a URL with none (relative, //host, #anchor)
 * always is. */
static bool url_allowed(const char *url, bool image)
{
	static const char *const link_ok[] = {"http", "https", "mailto", "tel",
	    NULL};
	size_t n = strcspn(url, ":/?#"), k;

	if (url[n] != ':')
		return true;
	for (k = 0; link_ok[k] && (!image || k < 2); k++)
		if (strlen(link_ok[k]) == n && strncasecmp(url, link_ok[k], n) == 0)
			return true;
	return false;
}

static bool is_unsafe(cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	url = url ? url : "";
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		return true;
	case CMARK_NODE_LINK:
		return !url_allowed(url, false);
	case CMARK_NODE_IMAGE:
		return !url_allowed(url, true);
	default:
		return false;
	}
}

/* Replaces n by its children (a link by its text, an image by its alt). */
static void unwrap(cmark_node *n)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(n)))
		if (!cmark_node_insert_before(n, child))
			break;
	cmark_node_free(n);
}

static void sanitize(cmark_node *doc)
{
	struct nodes v = {0};
	size_t i;

	collect(doc, is_unsafe, &v);
	for (i = 0; i < v.n; i++)
		unwrap(v.items[i]); /* HTML nodes have no children: removed */
	free(v.items);
}

/* --- soft breaks between CJK characters -------------------------------- */

/* The text at the near edge of an inline sibling (its last text when it
 * comes before, its first when after), looking into **x**, [x](u) ... */
static const char *edge_text(cmark_node *n, bool last)
{
	while (n && cmark_node_first_child(n))
		n = last ? cmark_node_last_child(n) : cmark_node_first_child(n);
	if (!n || (cmark_node_get_type(n) != CMARK_NODE_TEXT &&
	    cmark_node_get_type(n) != CMARK_NODE_CODE))
		return NULL;
	return cmark_node_get_literal(n);
}

static bool is_cjk_softbreak(cmark_node *n)
{
	const char *a, *b;

	if (cmark_node_get_type(n) != CMARK_NODE_SOFTBREAK)
		return false;
	a = edge_text(cmark_node_previous(n), true);
	b = edge_text(cmark_node_next(n), false);
	return a && b && *a && *b && is_cjk_cp(cp_before(a, strlen(a))) &&
	    is_cjk_cp(cp_at(b, strlen(b), 0));
}

static void join_cjk_lines(cmark_node *doc)
{
	struct nodes v = {0};
	size_t i;

	collect(doc, is_cjk_softbreak, &v);
	for (i = 0; i < v.n; i++)
		cmark_node_free(v.items[i]);
	free(v.items);
}

/* --- CJK-friendly emphasis --------------------------------------------- */

/* A run of '*' in a text node. lo counts stars used from its left (as a
 * closer), hi from its right (as an opener). */
struct run {
	size_t pos, len, lo, hi;
	bool can_open, can_close;
};

/* One end of a pair: the stars at [pos, pos + len). */
struct marker {
	size_t pos, len;
	bool open;
};

struct emph_state {
	const char *s;
	size_t len;
	struct run *runs;
	size_t nruns;
	struct marker *marks;
	size_t nmarks;
};

static size_t remaining(const struct run *r)
{
	return r->len - r->lo - r->hi;
}

/* The pair touches CJK on at least one side of one of its delimiters. */
static bool touches_cjk(const struct emph_state *e, const struct run *o,
    const struct run *c)
{
	return is_cjk_cp(cp_before(e->s, o->pos)) ||
	    is_cjk_cp(cp_at(e->s, e->len, o->pos + o->len)) ||
	    is_cjk_cp(cp_before(e->s, c->pos)) ||
	    is_cjk_cp(cp_at(e->s, e->len, c->pos + c->len));
}

/* CommonMark's left-flanking rule seen from the run's inside (in: the
 * character after an opener) and outside (out: the one before it), with
 * the CJK-friendly amendment: punctuation inside is fine when a CJK
 * character is outside, as in 了**“. Called with the two swapped it is
 * the right-flanking rule. 0 (the node's edge) counts as white space. */
static bool flanking(uint32_t out, uint32_t in)
{
	if (!in || is_space_cp(in))
		return false;
	return !is_punct_cp(in) || !out || is_space_cp(out) ||
	    is_punct_cp(out) || is_cjk_cp(out);
}

static void find_runs(struct emph_state *e)
{
	size_t i = 0;

	e->runs = xcalloc(e->len / 2 + 1, sizeof(*e->runs));
	e->marks = xcalloc(e->len + 1, sizeof(*e->marks));
	while (i < e->len) {
		struct run *r;
		uint32_t before, after;
		if (e->s[i] != '*') {
			i++;
			continue;
		}
		r = &e->runs[e->nruns++];
		r->pos = i;
		while (i < e->len && e->s[i] == '*')
			i++;
		r->len = i - r->pos;
		before = cp_before(e->s, r->pos);
		after = cp_at(e->s, e->len, i);
		r->can_open = flanking(before, after);
		r->can_close = flanking(after, before);
	}
}

static void add_pair(struct emph_state *e, struct run *o, struct run *c)
{
	size_t use = remaining(o) >= 2 && remaining(c) >= 2 ? 2 : 1;

	o->hi += use;
	e->marks[e->nmarks++] = (struct marker){o->pos + o->len - o->hi, use,
	    true};
	e->marks[e->nmarks++] = (struct marker){c->pos + c->lo, use, false};
	c->lo += use;
}

/* CommonMark's process_emphasis over the runs cmark left, for pairs that
 * touch CJK (so plain English keeps CommonMark's result). Openers between
 * a pair are dropped, so pairs nest. The rule of three is not applied. A
 * closer looks back over at most MAX_LOOKBACK openers, so that hostile
 * text cannot make this quadratic. */
static void match_runs(struct emph_state *e)
{
	size_t *stack = xcalloc(e->nruns + 1, sizeof(*stack)), top = 0, i, k;

	for (i = 0; i < e->nruns; i++) {
		struct run *c = &e->runs[i];
		while (c->can_close && remaining(c) > 0) {
			for (k = top; k > 0 && top - k < MAX_LOOKBACK; k--)
				if (remaining(&e->runs[stack[k - 1]]) > 0 &&
				    touches_cjk(e, &e->runs[stack[k - 1]], c))
					break;
			if (k == 0 || top - k >= MAX_LOOKBACK)
				break;
			add_pair(e, &e->runs[stack[k - 1]], c);
			top = remaining(&e->runs[stack[k - 1]]) ? k : k - 1;
		}
		if (c->can_open && remaining(c) > 0)
			stack[top++] = i;
	}
	free(stack);
}

static int compare_marks(const void *pa, const void *pb)
{
	const struct marker *a = pa, *b = pb;

	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void append_text(cmark_node *parent, const char *s, size_t len)
{
	cmark_node *t;
	char *lit;

	if (!len)
		return;
	t = cmark_node_new(CMARK_NODE_TEXT);
	lit = xstrndup(s, len);
	cmark_node_set_literal(t, lit);
	free(lit);
	cmark_node_append_child(parent, t);
}

/* Builds text, strong and emph nodes for e's pairs in place of text. */
static void rebuild(struct emph_state *e, cmark_node *text)
{
	cmark_node **stack = xcalloc(e->nmarks + 2, sizeof(*stack));
	cmark_node *holder = cmark_node_new(CMARK_NODE_EMPH), *child;
	size_t top = 0, at = 0, i;

	qsort(e->marks, e->nmarks, sizeof(*e->marks), compare_marks);
	stack[top++] = holder;
	for (i = 0; i < e->nmarks; i++) {
		const struct marker *m = &e->marks[i];
		append_text(stack[top - 1], e->s + at, m->pos - at);
		at = m->pos + m->len;
		if (m->open) {
			cmark_node *em = cmark_node_new(m->len == 2 ?
			    CMARK_NODE_STRONG : CMARK_NODE_EMPH);
			cmark_node_append_child(stack[top - 1], em);
			stack[top++] = em;
		} else if (top > 1) {
			top--;
		}
	}
	append_text(holder, e->s + at, e->len - at);
	while ((child = cmark_node_first_child(holder)))
		if (!cmark_node_insert_before(text, child))
			break;
	cmark_node_free(holder);
	cmark_node_free(text);
	free(stack);
}

static bool has_star(cmark_node *n)
{
	return cmark_node_get_type(n) == CMARK_NODE_TEXT &&
	    strchr(cmark_node_get_literal(n), '*');
}

static void cjk_emphasis(cmark_node *doc)
{
	struct nodes v = {0};
	size_t i;

	collect(doc, has_star, &v);
	for (i = 0; i < v.n; i++) {
		struct emph_state e = {0};
		e.s = cmark_node_get_literal(v.items[i]);
		e.len = strlen(e.s);
		find_runs(&e);
		match_runs(&e);
		if (e.nmarks)
			rebuild(&e, v.items[i]);
		free(e.runs);
		free(e.marks);
	}
	free(v.items);
}

/* --- parsing and rendering --------------------------------------------- */

/* Parses md into a safe, CJK-adjusted tree; the caller frees it with
 * cmark_node_free(). */
static cmark_node *md_parse(const char *md, size_t len)
{
	size_t hidden_len;
	char *hidden = hide_escaped_stars(md, len, &hidden_len);
	cmark_node *doc = hidden ? cmark_parse_document(hidden, hidden_len,
	    MD_OPTIONS) : cmark_parse_document(md, len, MD_OPTIONS);

	free(hidden);
	if (!doc)
		xdie("out of memory while reading Markdown");
	sanitize(doc);
	join_cjk_lines(doc);
	cmark_consolidate_text_nodes(doc);
	cjk_emphasis(doc);
	if (hidden)
		restore_escaped_stars(doc);
	return doc;
}

/* n rendered as HTML, copied into the arena. */
static const char *md_html(struct arena *a, cmark_node *n)
{
	char *html = cmark_render_html(n, MD_OPTIONS);
	const char *out = arena_strdup(a, html);

	cmark_get_default_mem_allocator()->free(html);
	return out;
}

static bool ends_block(cmark_node_type t)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
	    t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_THEMATIC_BREAK;
}

/* The text of the tree: paragraphs on lines of their own, no markup;
 * arena. (cmark 0.30 has no plain-text renderer.) */
static const char *md_text(struct arena *a, cmark_node *doc)
{
	struct buf b = BUF_INIT;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	const char *out;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT ||
		    t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK))
			buf_adds(&b, cmark_node_get_literal(n));
		else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_SOFTBREAK)
			buf_addc(&b, ' ');
		else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_LINEBREAK)
			buf_addc(&b, '\n');
		if ((ev == CMARK_EVENT_EXIT || t == CMARK_NODE_CODE_BLOCK ||
		    t == CMARK_NODE_THEMATIC_BREAK) && ends_block(t) &&
		    b.len && b.data[b.len - 1] != '\n')
			buf_addc(&b, '\n');
	}
	cmark_iter_free(it);
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
		b.len--;
	out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

const char *load_markdown_html(struct arena *a, const char *md, size_t len)
{
	cmark_node *doc = md_parse(md, len);
	const char *html = md_html(a, doc);

	cmark_node_free(doc);
	return html;
}

/* --- front matter ------------------------------------------------------ */

/* The end of the line at s (its '\n' or end), and whether it is a ---
 * fence (trailing blanks and '\r' allowed). */
static const char *line_end(const char *s, const char *end, bool *fence)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s)), *e;

	e = nl ? nl : end;
	if (fence) {
		const char *t = e;
		while (t > s && (t[-1] == '\r' || t[-1] == ' ' || t[-1] == '\t'))
			t--;
		*fence = t - s == 3 && memcmp(s, "---", 3) == 0;
	}
	return e;
}

/* Splits text into front matter and body: the front matter is
 * [*fm, *fm + *fm_len) and starts on line 2; the body starts at offset
 * *body, on line *body_line. Reports a missing or unclosed block. */
static bool split_front_matter(struct loader *L, const char *display,
    const char *text, size_t len, size_t *fm, size_t *fm_len, size_t *body,
    int *body_line)
{
	const char *end = text + len, *s, *e;
	bool fence;
	int line = 2;

	e = line_end(text, end, &fence);
	if (!fence) {
		diag_error(L->d, pos_make(display, 1, 1), "stories must start "
		    "with a --- front matter block with title and date (a line "
		    "'---', then 'title: ...' and 'date: 2024-09-09', then '---')");
		return false;
	}
	*fm = e < end ? (size_t)(e + 1 - text) : len;
	for (s = text + *fm; s < end; s = e + 1, line++) {
		e = line_end(s, end, &fence);
		if (fence) {
			*fm_len = (size_t)(s - text) - *fm;
			*body = e < end ? (size_t)(e + 1 - text) : len;
			*body_line = line + 1;
			return true;
		}
		if (e == end)
			break;
	}
	diag_error(L->d, pos_make(display, 1, 1), "the front matter block is "
	    "not closed: add a line '---' after its last field");
	return false;
}

/* --- story fields ------------------------------------------------------ */

static void story_id(struct loader *L, const struct ynode *map,
    struct story *s)
{
	if (!yget_str(L, map, "id", false, &s->id) || !s->id)
		return;
	if (!load_check_id(L, ymap_get(map, "id")->pos, s->id))
		s->id = NULL;
}

static void story_lists(struct loader *L, const struct ynode *map,
    struct story *s)
{
	struct ref *refs;
	size_t n, i;

	if (yget_refs(L, map, "teams", &refs, &n))
		for (i = 0; i < n; i++)
			VEC_PUSH(&L->m->arena, &s->team_refs, refs[i]);
	if (yget_refs(L, map, "tags", &refs, &n))
		for (i = 0; i < n; i++)
			if (*refs[i].id)
				VEC_PUSH(&L->m->arena, &s->tags, refs[i].id);
}

static void story_cover(struct loader *L, const struct ynode *map,
    struct story *s)
{
	const char *cover = NULL;
	struct pos p;

	if (!yget_str(L, map, "cover", false, &cover) || !cover)
		return;
	p = ymap_get(map, "cover")->pos;
	if (!load_photo(L, cover, p, &s->cover_photo))
		return;
	if (!s->cover_photo.exists) {
		diag_warning(L->d, p, "cover photo '%s' does not exist", cover);
		return;
	}
	s->cover = cover;
}

static void story_source(struct loader *L, const struct ynode *map,
    struct story *s)
{
	const char *url = NULL;

	yget_str(L, map, "source", false, &s->source);
	if (!yget_str(L, map, "source_url", false, &url) || !url)
		return;
	if ((strncasecmp(url, "https://", 8) != 0 &&
	    strncasecmp(url, "http://", 7) != 0) || strpbrk(url, " \"'<>\\")) {
		diag_error(L->d, ymap_get(map, "source_url")->pos, "'source_url' "
		    "must be a web address starting with https:// or http://, "
		    "got '%s'", url);
		return;
	}
	s->source_url = url;
}

/* Reads the front matter fields; false when the story cannot be used. */
static bool story_fields(struct loader *L, const struct ynode *map,
    struct story *s)
{
	static const char *const keys[] = {"id", "title", "date", "author",
	    "teams", "tags", "summary", "cover", "source", "source_url", NULL};
	bool ok;

	ycheck_keys(L, map, keys, N_("story"));
	story_id(L, map, s);
	ok = yget_str(L, map, "title", true, &s->title);
	ok &= yget_date(L, map, "date", true, DATE_DAY, &s->date);
	if (s->date.year && date_cmp(s->date, L->m->today) > 0) {
		char iso[11];
		date_iso(L->m->today, iso);
		diag_warning(L->d, ymap_get(map, "date")->pos, "story dated after "
		    "today (%s); a story tells what happened: check its date", iso);
	}
	yget_str(L, map, "author", false, &s->author);
	yget_str(L, map, "summary", false, &s->summary);
	story_lists(L, map, s);
	story_cover(L, map, s);
	story_source(L, map, s);
	return ok && s->title && s->date.year;
}

static void story_body(struct loader *L, const char *display,
    const char *md, size_t len, struct story *s)
{
	struct arena *a = &L->m->arena;
	cmark_node *doc = md_parse(md, len), *n;

	load_story_media(L, doc, display, s);
	s->html = md_html(a, doc);
	s->text = md_text(a, doc);
	for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
		VEC_PUSH(a, &s->paragraphs_html, md_html(a, n));
	cmark_node_free(doc);
}

void load_story_file(struct loader *L, const char *display, const char *text,
    size_t len)
{
	struct story s = {0};
	struct ynode **docs;
	size_t ndocs, fm, fm_len, body;

	if (!split_front_matter(L, display, text, len, &fm, &fm_len, &body,
	    &s.body_line))
		return;
	if (!yaml_parse(L, display, text + fm, fm_len, 1, &docs, &ndocs))
		return;
	if (ndocs == 0 || ynode_is_null(docs[0])) {
		diag_error(L->d, pos_make(display, 1, 1), "the front matter is "
		    "empty; a story needs at least title: and date:");
		return;
	}
	if (docs[0]->kind != YNODE_MAP) {
		diag_error(L->d, docs[0]->pos, "the front matter must be field: "
		    "value lines (title: ..., date: ...), got %s",
		    ynode_kind_name(docs[0]));
		return;
	}
	s.pos = docs[0]->pos;
	if (!story_fields(L, docs[0], &s)) {
		/* Reported; kept so that its teams are checked too. */
		s.incomplete = true;
		s.date.year = s.date.month = s.date.day = 0;
		if (!s.title)
			s.title = "";
		VEC_PUSH(&L->m->arena, &L->m->stories, s);
		return;
	}
	story_body(L, display, text + body, len - body, &s);
	VEC_PUSH(&L->m->arena, &L->m->stories, s);
}
