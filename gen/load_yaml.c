/*
 * load_yaml: YAML text -> a tree of ynodes with source positions, and the
 * typed getters that records are read with.
 *
 * libyaml's event parser does the parsing; we build the tree ourselves so
 * that every node keeps its line and column, and so that hostile input is
 * bounded: nesting depth, scalar size and alias expansion have limits
 * (an alias is not copied: it points at its anchor's node, and the nodes it
 * brings are counted, so "billion laughs" ends in an error at once).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "load.h"
#include "utf8.h"
#include "xalloc.h"
#include "i18n.h"

struct tree_builder {
	struct loader *L;
	struct arena *tree; /* L->tree, or the model's arena when unset */
	const char *display;
	const char *text; /* what is parsed, for plain-words syntax errors */
	size_t len;
	int line_offset;
	struct ynode *stack[LOAD_MAX_DEPTH + 1];
	size_t cap[LOAD_MAX_DEPTH + 1];
	int depth;
	struct strmap anchors;
	size_t alias_nodes;
	VEC(struct ynode *) docs;
};

static struct pos mark_pos(struct tree_builder *tb, yaml_mark_t mark)
{
	return pos_make(tb->display, (int)mark.line + 1 + tb->line_offset,
	    (int)mark.column + 1);
}

static void add_child(struct tree_builder *tb, struct ynode *n)
{
	struct arena *a = tb->tree;
	struct ynode *parent;
	size_t *cap;

	if (tb->depth == 0) {
		VEC_PUSH(a, &tb->docs, n);
		return;
	}
	parent = tb->stack[tb->depth - 1];
	cap = &tb->cap[tb->depth - 1];
	if (parent->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		parent->items = arena_grow(a, parent->items, parent->n, ncap,
		    sizeof(*parent->items));
		*cap = ncap;
	}
	parent->items[parent->n++] = n;
	parent->weight += n->weight;
}

static void remember_anchor(struct tree_builder *tb, const yaml_char_t *anchor,
    struct ynode *n)
{
	if (anchor)
		strmap_set(&tb->anchors,
		    arena_strdup(tb->tree, (const char *)anchor), n);
}

static struct ynode *new_node(struct tree_builder *tb, enum ynode_kind kind,
    yaml_mark_t mark)
{
	struct ynode *n = ARENA_NEW(tb->tree, struct ynode);

	n->kind = kind;
	n->pos = mark_pos(tb, mark);
	n->weight = 1;
	n->str = "";
	return n;
}

static bool on_scalar(struct tree_builder *tb, const yaml_event_t *ev)
{
	struct ynode *n;

	if (ev->data.scalar.length > LOAD_MAX_VALUE) {
		diag_error(tb->L->d, mark_pos(tb, ev->start_mark),
		    "value is too long (%zu bytes; the limit is %u)",
		    ev->data.scalar.length, LOAD_MAX_VALUE);
		return false;
	}
	n = new_node(tb, YNODE_SCALAR, ev->start_mark);
	n->str = arena_strndup(tb->tree,
	    (const char *)ev->data.scalar.value, ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	remember_anchor(tb, ev->data.scalar.anchor, n);
	add_child(tb, n);
	return true;
}

static bool on_start(struct tree_builder *tb, const yaml_event_t *ev,
    enum ynode_kind kind, const yaml_char_t *anchor)
{
	struct ynode *n;

	if (tb->depth >= LOAD_MAX_DEPTH) {
		diag_error(tb->L->d, mark_pos(tb, ev->start_mark),
		    "nesting is too deep (the limit is %d levels)",
		    LOAD_MAX_DEPTH);
		return false;
	}
	n = new_node(tb, kind, ev->start_mark);
	remember_anchor(tb, anchor, n);
	tb->stack[tb->depth] = n;
	tb->cap[tb->depth] = 0;
	tb->depth++;
	return true;
}

static void on_end(struct tree_builder *tb)
{
	struct ynode *n = tb->stack[--tb->depth];

	add_child(tb, n);
}

static bool on_alias(struct tree_builder *tb, const yaml_event_t *ev)
{
	struct ynode *target = strmap_get(&tb->anchors,
	    (const char *)ev->data.alias.anchor);

	if (!target) {
		diag_error(tb->L->d, mark_pos(tb, ev->start_mark),
		    "unknown alias '*%s'", (const char *)ev->data.alias.anchor);
		return false;
	}
	tb->alias_nodes += target->weight;
	if (tb->alias_nodes > LOAD_MAX_ALIAS_NODES) {
		diag_error(tb->L->d, mark_pos(tb, ev->start_mark),
		    "aliases expand to too many values (over %d); "
		    "write the values out instead of repeating '*%s'",
		    LOAD_MAX_ALIAS_NODES, (const char *)ev->data.alias.anchor);
		return false;
	}
	add_child(tb, target);
	return true;
}

/* Handles one event; false stops the parse (the error is reported). */
static bool on_event(struct tree_builder *tb, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(tb, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(tb, ev, YNODE_SEQ, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_start(tb, ev, YNODE_MAP, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(tb);
		return true;
	case YAML_ALIAS_EVENT:
		return on_alias(tb, ev);
	default:
		return true;
	}
}

/* The byte offset of mark in the text (libyaml counts characters). */
static size_t mark_offset(const struct tree_builder *tb, yaml_mark_t mark)
{
	const char *s = tb->text, *end = tb->text + tb->len, *nl;
	size_t line, col;

	for (line = 0; line < mark.line; line++) {
		if (!(nl = memchr(s, '\n', (size_t)(end - s))))
			return tb->len;
		s = nl + 1;
	}
	for (col = 0; col < mark.column && s < end && *s != '\n'; col++)
		for (s++; s < end && ((unsigned char)*s & 0xc0) == 0x80; s++)
			;
	return (size_t)(s - tb->text);
}

/* True when the line holding offset has ": " before offset (so a ':' at
 * offset is a second one, inside a value). */
static bool colon_before(const struct tree_builder *tb, size_t offset)
{
	size_t i = offset;

	while (i > 0 && tb->text[i - 1] != '\n')
		i--;
	for (; i + 1 < offset; i++)
		if (tb->text[i] == ':' && (tb->text[i + 1] == ' ' ||
		    tb->text[i + 1] == '\t'))
			return true;
	return false;
}

/* True when the line from offset on contains a full-width colon (wide)
 * or a ':' with no space after it. */
static bool line_colon(const struct tree_builder *tb, size_t offset,
    bool wide)
{
	const char *s = tb->text + offset, *end = tb->text + tb->len;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	size_t n = (size_t)((nl ? nl : end) - s), i;

	for (i = 0; i < n; i++)
		if (wide ? i + 3 <= n && memcmp(s + i, "\xef\xbc\x9a", 3) == 0 :
		    s[i] == ':' && i + 1 < n && s[i + 1] != ' ' &&
		    s[i + 1] != '\r')
			return true;
	return false;
}

/* "mapping values are not allowed": a ': ' inside a value, or (when the
 * ':' is the line's first) a field indented out of line, which *at then
 * points at. */
static void unexpected_colon(const struct tree_builder *tb, size_t off,
    yaml_mark_t *at, struct buf *msg)
{
	if (colon_before(tb, off)) {
		buf_adds(msg, _("a second ': ' on this line; if the value contains "
		    "': ', put the whole value in double quotes"));
		return;
	}
	at->column = 0;
	for (off = mark_offset(tb, *at); off < tb->len && tb->text[off] == ' ';
	    off++)
		at->column++;
	buf_adds(msg, _("this line is indented differently from the field above "
	    "it; the fields of one record must start at the same column"));
}

/* When the text at off follows a closing quote on its line (title:
 * "六一"亲子游园会), says so in msg, with the line rewritten the way that
 * works, and returns true. */
static bool text_after_quote(const struct tree_builder *tb, size_t off,
    struct buf *msg)
{
	const char *t = tb->text;
	size_t close = off, open, start, eol;
	char q, other;

	if (off >= tb->len || t[off] == '\n' || t[off] == '\r' || t[off] == '#')
		return false;
	while (close > 0 && t[close - 1] == ' ')
		close--;
	if (close == 0 || (t[close - 1] != '"' && t[close - 1] != '\''))
		return false;
	q = t[--close];
	other = q == '"' ? '\'' : '"';
	for (open = close; open > 0 && t[open - 1] != '\n' && t[open - 1] != q;
	    open--)
		;
	if (open == 0 || t[open - 1] != q)
		return false;
	open--;
	for (start = open; start > 0 && t[start - 1] != '\n'; start--)
		;
	while (start < open && (t[start] == ' ' || t[start] == '-'))
		start++;
	for (eol = off; eol < tb->len && t[eol] != '\n' && t[eol] != '\r'; eol++)
		;
	while (eol > off && t[eol - 1] == ' ')
		eol--;
	if (memchr(t + open, other, eol - open))
		other = 0; /* both kinds inside: only Chinese quotes will do */
	if (other)
		buf_printf(msg, _("text follows the closing %c: a value that starts "
		    "with %c must end with it. To show the quotes, put the whole "
		    "value in %s quotes (%.*s%c%.*s%c) or use Chinese quotes "
		    "\xe2\x80\x9c\xe2\x80\x9d"), q, q, other == '\'' ? _("single") : _("double"),
		    (int)(open - start), t + start, other, (int)(eol - open),
		    t + open, other);
	else
		buf_printf(msg, _("text follows the closing %c: a value that starts "
		    "with %c must end with it. Use Chinese quotes "
		    "\xe2\x80\x9c\xe2\x80\x9d inside the value"), q, q);
	return true;
}

/* Says in plain words what went wrong for the mistakes people make most
 * (tabs, a missing quote or bracket, a line out of line); *at may move to
 * where the mistake is. False when the problem is not one of those. */
static bool plain_problem(const struct tree_builder *tb, const yaml_parser_t *p,
    yaml_mark_t *at, struct buf *msg)
{
	const char *problem = p->problem, *context = p->context ? p->context : "";
	size_t off = mark_offset(tb, p->problem_mark);
	char c = off < tb->len ? tb->text[off] : '\0';

	if (strstr(problem, "tab character") || (c == '\t' &&
	    strstr(problem, "cannot start any token"))) {
		buf_adds(msg, _("a tab is used for indenting here; YAML needs "
		    "spaces (set your editor to insert spaces for tabs)"));
	} else if (strstr(problem, "cannot start any token")) {
		buf_printf(msg, _("a value cannot start with '%.*s'; put the whole "
		    "value in double quotes"), (int)utf8_prefix(tb->text + off,
		    tb->len - off, 1), tb->text + off);
	} else if (strstr(problem, "unexpected end of stream") &&
	    strstr(context, "quoted scalar")) {
		*at = p->context_mark;
		off = mark_offset(tb, *at);
		buf_printf(msg, _("the quote %c that starts this value is never "
		    "closed; add a closing %c at the end of the value"),
		    tb->text[off], tb->text[off]);
	} else if (strstr(problem, "mapping values are not allowed")) {
		unexpected_colon(tb, off, at, msg);
	} else if (strstr(problem, "expected ',' or ']'") ||
	    strstr(problem, "expected ',' or '}'")) {
		*at = p->context_mark;
		if (strchr(problem, ']'))
			buf_adds(msg, _("this [ ] list is not closed: a ']' is "
			    "missing (or a ',' between two entries)"));
		else
			buf_adds(msg, _("this { } group is not closed: a '}' is "
			    "missing (or a ',' between two entries)"));
	} else if (strstr(problem, "could not find expected ':'")) {
		*at = p->context_mark;
		off = mark_offset(tb, *at);
		if (line_colon(tb, off, true))
			buf_adds(msg, _("write the colon after a field name as ':' "
			    "followed by a space (title: ...), not the full-width "
			    "'\xef\xbc\x9a'"));
		else if (line_colon(tb, off, false))
			buf_adds(msg, _("put a space after the ':' that follows the "
			    "field name (title: ...)"));
		else
			buf_adds(msg, _("this line has no ':' after its field name; "
			    "write it like title: ... (a ':' and a space)"));
	} else if ((strstr(problem, "did not find expected key") ||
	    strstr(problem, "did not find expected '-' indicator")) &&
	    text_after_quote(tb, off, msg)) {
		/* title: "六一"亲子游园会: quotes meant as punctuation. */
	} else if (strstr(problem, "did not find expected key") ||
	    strstr(problem, "did not find expected '-' indicator")) {
		buf_adds(msg, _("this line does not fit with the lines above it: "
		    "check its indentation (fields of one record, and the '- ' "
		    "of list entries, must line up), and that nothing follows "
		    "a closing quote"));
	} else {
		return false;
	}
	return true;
}

static void report_parser_error(struct tree_builder *tb, const yaml_parser_t *p)
{
	yaml_mark_t mark = p->problem_mark;
	struct buf msg = BUF_INIT;

	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(tb->L->d, pos_make(tb->display, 0, 0),
		    "out of memory while reading YAML");
		return;
	}
	if (p->problem && plain_problem(tb, p, &mark, &msg))
		diag_error(tb->L->d, mark_pos(tb, mark), "%s", msg.data);
	else if (p->problem && p->context)
		diag_error(tb->L->d, mark_pos(tb, mark), "malformed YAML: %s %s "
		    "(at line %d)", p->problem, p->context,
		    (int)p->context_mark.line + 1 + tb->line_offset);
	else
		diag_error(tb->L->d, mark_pos(tb, mark), "malformed YAML: %s",
		    p->problem ? p->problem : "cannot read it");
	buf_release(&msg);
}

bool yaml_parse(struct loader *L, const char *display, const char *text,
    size_t len, int line_offset, struct ynode ***docs, size_t *ndocs)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct tree_builder tb;
	bool ok = true, done = false;

	if (len > LOAD_MAX_YAML) {
		diag_error(L->d, pos_make(display, 0, 0), "file is too large "
		    "for YAML (over %u MiB); split it into several files",
		    LOAD_MAX_YAML >> 20);
		*docs = NULL;
		*ndocs = 0;
		return false;
	}
	memset(&tb, 0, sizeof(tb));
	tb.L = L;
	tb.tree = L->tree ? L->tree : &L->m->arena;
	tb.display = display;
	tb.text = text;
	tb.len = len;
	tb.line_offset = line_offset;
	strmap_init(&tb.anchors, tb.tree);
	if (!yaml_parser_initialize(&parser))
		xdie("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (ok && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&tb, &parser);
			ok = false;
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT)
			tb.alias_nodes = 0;
		done = ev.type == YAML_STREAM_END_EVENT;
		ok = on_event(&tb, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	*docs = tb.docs.items;
	*ndocs = ok ? tb.docs.n : 0;
	return ok;
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	size_t i, len = strlen(key);

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->items[i];
		if (k->kind == YNODE_SCALAR && k->len == len &&
		    memcmp(k->str, key, len) == 0)
			return map->items[i + 1];
	}
	return NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	if (!n)
		return true;
	if (n->kind != YNODE_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}

const char *ynode_kind_name(const struct ynode *n)
{
	if (!n)
		return _("nothing");
	switch (n->kind) {
	case YNODE_SEQ: return _("a list");
	case YNODE_MAP: return _("a mapping (key: value lines)");
	default: return _("text");
	}
}


/* Field names as a Chinese speaker may write them, and the field meant. */
static const char *const chinese_fields[][2] = {
	{"编号", "id"}, {"标题", "title"}, {"题目", "title"}, {"名称", "name"},
	{"名字", "name"}, {"姓名", "name"}, {"日期", "date"}, {"时间", "time"},
	{"地点", "location"}, {"地址", "address"}, {"队伍", "teams"},
	{"团队", "teams"}, {"类别", "category"}, {"分类", "category"},
	{"类型", "kind"}, {"状态", "status"}, {"参与人数", "participants"},
	{"人数", "participants"}, {"志愿者", "volunteers"},
	{"志愿者人数", "volunteers"}, {"时长", "hours"}, {"小时", "hours"},
	{"简介", "summary"}, {"摘要", "summary"}, {"照片", "photos"},
	{"图片", "photos"}, {"故事", "story"}, {"级别", "level"},
	{"颁发单位", "issuer"}, {"授予单位", "issuer"}, {"颜色", "color"},
	{"负责人", "leader"}, {"队长", "leader"}, {"成立时间", "founded"},
	{"成员", "members"}, {"成员人数", "members"}, {"作者", "author"},
	{"标签", "tags"}, {"封面", "cover"}, {"来源", "source"},
	{"年份", "year"}, {"数值", "value"}, {"单位", "unit"},
	{"说明", "label"}, {"事迹", "citation"}, {"语言", "language"},
	{"电话", "hotline"}, {"热线", "hotline"}, {"时区", "timezone"},
	{"副标题", "subtitle"}, {"人口", "population"}, {"户数", "households"},
};

/* The English field meant by the Chinese name zh when it is one of known;
 * else NULL. */
static const char *chinese_field(const char *zh, const char *const *known)
{
	size_t i, j;

	for (i = 0; i < sizeof(chinese_fields) / sizeof(chinese_fields[0]); i++)
		if (strcmp(zh, chinese_fields[i][0]) == 0)
			for (j = 0; known[j]; j++)
				if (strcmp(known[j], chinese_fields[i][1]) == 0)
					return known[j];
	return NULL;
}

/* True when map has a Chinese name for key (already reported by
 * ycheck_keys, which names the fix), so that "missing required field"
 * would say the same thing twice. */
static bool has_chinese_name_for(const struct ynode *map, const char *key)
{
	const char *const known[] = {key, NULL};
	size_t i;

	for (i = 0; map && map->kind == YNODE_MAP && i + 1 < map->n; i += 2)
		if (map->items[i]->kind == YNODE_SCALAR &&
		    chinese_field(map->items[i]->str, known))
			return true;
	return false;
}

static void report_unknown_key(struct loader *L, const struct ynode *k,
    const char *const *known, const char *what)
{
	struct buf list = BUF_INIT;
	const char *near = NULL;
	size_t i, best = 3;

	if ((near = chinese_field(k->str, known))) {
		diag_error(L->d, k->pos, "field names are written in English: "
		    "write '%s:' instead of '%s:'", near, k->str);
		return;
	}

	for (i = 0; known[i]; i++) {
		size_t dist = utf8_edit_distance(k->str, known[i]);
		buf_printf(&list, "%s%s", i ? ", " : "", known[i]);
		/* A short name is only "near" when most of it matches. */
		if (dist < best && 2 * dist < k->len) {
			best = dist;
			near = known[i];
		}
	}
	if (near)
		diag_error(L->d, k->pos, "unknown field '%s' in %s; did you mean "
		    "'%s'? (known fields: %s)", k->str, _(what), near, list.data);
	else
		diag_error(L->d, k->pos, "unknown field '%s' in %s; known fields: "
		    "%s", k->str, _(what), list.data);
	buf_release(&list);
}

void ycheck_keys(struct loader *L, const struct ynode *map,
    const char *const *known, const char *what)
{
	unsigned long long seen = 0;
	size_t i, j;

	for (i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->items[i];
		if (k->kind != YNODE_SCALAR) {
			diag_error(L->d, k->pos, "a field name must be plain text");
			continue;
		}
		for (j = 0; known[j] && j < 64; j++)
			if (strcmp(known[j], k->str) == 0)
				break;
		if (!known[j]) {
			report_unknown_key(L, k, known, what);
		} else if (seen & (1ull << j)) {
			diag_error(L->d, k->pos, "field '%s' is given twice in this %s",
			    k->str, _(what));
		} else {
			seen |= 1ull << j;
		}
	}
}

/* The node under key, NULL when absent or null; reports a missing
 * required field. *ok is set false on that error. */
static const struct ynode *field(struct loader *L, const struct ynode *map,
    const char *key, bool required, bool *ok)
{
	const struct ynode *n = ymap_get(map, key);

	*ok = true;
	if (!ynode_is_null(n))
		return n;
	if (required && !n && has_chinese_name_for(map, key)) {
		*ok = false;
	} else if (required) {
		diag_error(L->d, n ? n->pos : map->pos,
		    "missing required field '%s'%s", key,
		    i18n_field_meaning(key));
		*ok = false;
	}
	return NULL;
}

static bool want_scalar(struct loader *L, const struct ynode *n,
    const char *key, const char *what)
{
	if (n->kind == YNODE_SCALAR)
		return true;
	diag_error(L->d, n->pos, "'%s' must be %s, got %s", key, _(what),
	    ynode_kind_name(n));
	return false;
}

bool yget_str(struct loader *L, const struct ynode *map, const char *key,
    bool required, const char **out)
{
	bool ok;
	const struct ynode *n = field(L, map, key, required, &ok);

	if (!n)
		return ok;
	if (!want_scalar(L, n, key, N_("text")))
		return false;
	*out = arena_strndup(&L->m->arena, n->str, n->len);
	return true;
}

/* Parses a plain decimal number: digits, optional fraction, optional sign;
 * digits only, ASCII or full-width (so "８０" is 80 but "一百二十" is not
 * a number). */
static bool parse_number(const char *str, double *out, bool *negative,
    bool *whole)
{
	char *end, s[64];
	const char *p = s;

	if (utf8_fold_digits(str, strlen(str), s, sizeof(s)) == (size_t)-1)
		return false; /* no number is that long */
	while (*p == ' ')
		p++;
	*negative = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	*whole = *p != '.';
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	while (*p == ' ')
		p++;
	if (*p)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return errno == 0;
}

static bool get_number(struct loader *L, const struct ynode *map,
    const char *key, bool required, bool want_whole, double *out)
{
	bool ok, negative, whole;
	double v;
	const struct ynode *n = field(L, map, key, required, &ok);

	if (!n)
		return ok;
	if (!want_scalar(L, n, key, N_("a number")))
		return false;
	if (!parse_number(n->str, &v, &negative, &whole) ||
	    (want_whole && !whole)) {
		diag_error(L->d, n->pos, "'%s'%s must be %s written in digits, "
		    "got '%s'", key, i18n_field_meaning(key), want_whole ?
		    _("a whole number") : _("a number"), n->str);
		return false;
	}
	if (negative && v != 0) {
		diag_error(L->d, n->pos, "'%s'%s must not be negative, got '%s'",
		    key, i18n_field_meaning(key), n->str);
		return false;
	}
	if (v > 1e12) {
		diag_error(L->d, n->pos, "'%s' is too large: '%s'", key, n->str);
		return false;
	}
	*out = v;
	return true;
}

bool yget_long(struct loader *L, const struct ynode *map, const char *key,
    bool required, long *out)
{
	double v = (double)*out;

	if (!get_number(L, map, key, required, true, &v))
		return false;
	*out = (long)v;
	return true;
}

bool yget_double(struct loader *L, const struct ynode *map, const char *key,
    bool required, double *out)
{
	return get_number(L, map, key, required, false, out);
}

void yreport_date(struct loader *L, const struct ynode *n, int status,
    int allowed)
{
	const char *forms = (allowed & DATE_YEAR) ?
	    _("2024-09-09, 2024-09 or 2024") : (allowed & DATE_MONTH) ?
	    _("2024-09-09 or 2024-09") : _("2024-09-09 or 2024年9月9日");
	char why[64];

	if (status == DATE_IMPOSSIBLE) {
		date_impossible_reason(n->str, why, sizeof(why));
		diag_error(L->d, n->pos, "impossible date '%s': %s", n->str, why);
	} else if (status == DATE_IMPRECISE)
		diag_error(L->d, n->pos, "date '%s' is not precise enough here; "
		    "write it like %s", n->str, forms);
	else
		diag_error(L->d, n->pos, "'%s' is not a date; write it like %s",
		    n->str, forms);
}

bool yget_date(struct loader *L, const struct ynode *map, const char *key,
    bool required, int allowed, struct date *out)
{
	bool ok;
	const struct ynode *n = field(L, map, key, required, &ok);
	enum date_status st;

	if (!n)
		return ok;
	if (!want_scalar(L, n, key, N_("a date")))
		return false;
	st = date_parse(n->str, n->len, allowed, out);
	if (st != DATE_OK) {
		yreport_date(L, n, st, allowed);
		return false;
	}
	return true;
}

/* The words people write for a field's codes, in Simplified and
 * Traditional (level: 国家级, kind: 志愿服务, status: 已完成): a code is
 * taken when its word is written and the field has that code. */
static const struct {
	const char *word, *code;
} enum_words[] = {
	{"国家级", "national"}, {"國家級", "national"}, {"省级", "provincial"},
	{"省級", "provincial"}, {"市级", "city"}, {"市級", "city"},
	{"区级", "district"}, {"區級", "district"}, {"街道级", "street"},
	{"街道級", "street"},
	{"志愿服务", "service"}, {"志願服務", "service"}, {"调解", "mediation"},
	{"調解", "mediation"}, {"兴趣", "interest"}, {"興趣", "interest"},
	{"青少年", "youth"}, {"党员", "party"}, {"黨員", "party"},
	{"党建", "party"}, {"黨建", "party"}, {"共建", "partner"},
	{"共建单位", "partner"}, {"共建單位", "partner"}, {"其他", "other"},
	{"荣誉", "honour"}, {"榮譽", "honour"}, {"里程碑", "milestone"},
	{"数字", "figure"}, {"數字", "figure"}, {"人物", "person"},
	{"已办", "done"}, {"已辦", "done"}, {"已完成", "done"},
	{"已举办", "done"}, {"已舉辦", "done"},
	{"计划", "planned"}, {"計劃", "planned"}, {"计划中", "planned"},
	{"計劃中", "planned"}, {"取消", "cancelled"}, {"已取消", "cancelled"},
};

/* The code s stands for among names (a code, or its word); -1. */
static int enum_index(const char *const *names, const char *s)
{
	size_t i, k;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	for (k = 0; k < sizeof(enum_words) / sizeof(*enum_words); k++)
		if (strcmp(enum_words[k].word, s) == 0)
			for (i = 0; names[i]; i++)
				if (strcmp(names[i], enum_words[k].code) == 0)
					return (int)i;
	return -1;
}

bool yget_enum(struct loader *L, const struct ynode *map, const char *key,
    bool required, const char *const *names, int *out)
{
	bool ok;
	const struct ynode *n = field(L, map, key, required, &ok);
	struct buf list = BUF_INIT;
	size_t i;
	int k;

	if (!n)
		return ok;
	if (!want_scalar(L, n, key, N_("one word")))
		return false;
	if ((k = enum_index(names, n->str)) >= 0) {
		*out = k;
		return true;
	}
	for (i = 0; names[i]; i++)
		if (*names[i]) /* "" stands for "not given" */
			buf_printf(&list, "%s%s", list.len ? ", " : "", names[i]);
	diag_error(L->d, n->pos, "'%s' must be one of %s; got '%s'", key,
	    list.data, n->str);
	buf_release(&list);
	return false;
}

/* The separator in s that shows a list was written as one text: a
 * Chinese comma or 、 ([a，b] is one entry "a，b"), or ", " without
 * brackets (teams: a, b); NULL when none. */
static const char *list_separator(const char *s, bool bracketed)
{
	if (strstr(s, "\xef\xbc\x8c"))
		return "\xef\xbc\x8c"; /* ， U+FF0C */
	if (strstr(s, "\xe3\x80\x81"))
		return "\xe3\x80\x81"; /* 、 U+3001 */
	if (!bracketed && strchr(s, ','))
		return ",";
	return NULL;
}

/* Appends the entries of one scalar to refs: split at a separator that
 * shows a mistake (reported, so that each entry is still checked). */
struct ref_list {
	struct ref *items;
	size_t n, cap;
};

static void add_ref_entries(struct loader *L, const struct ynode *item,
    const char *key, bool bracketed, struct ref_list *refs)
{
	const char *sep = list_separator(item->str, bracketed), *p, *next;
	struct buf fix = BUF_INIT; /* the entries as a list should be written */
	struct ref r;

	r.pos = item->pos;
	if (!sep) {
		r.id = arena_strndup(&L->m->arena, item->str, item->len);
		VEC_PUSH(&L->m->arena, refs, r);
		return;
	}
	for (p = item->str; *p; p = next) {
		const char *at = strstr(p, sep), *b = p, *e;
		next = at ? at + strlen(sep) : p + strlen(p);
		e = at ? at : next;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		if (e > b) {
			r.id = arena_strndup(&L->m->arena, b, (size_t)(e - b));
			VEC_PUSH(&L->m->arena, refs, r);
			buf_printf(&fix, "%s%s", fix.len ? ", " : "", r.id);
		}
	}
	if (*sep == ',')
		diag_error(L->d, item->pos, "'%s' holds several entries as one "
		    "text; write them as a list in brackets: %s: [%s]", key, key,
		    fix.data);
	else
		diag_error(L->d, item->pos, "the entries of '%s' are separated by "
		    "the Chinese '%s'; separate them with an ASCII comma and a "
		    "space: %s: [%s]", key, sep, key, fix.data);
	buf_release(&fix);
}

bool yget_refs(struct loader *L, const struct ynode *map, const char *key,
    struct ref **out, size_t *count)
{
	bool ok;
	const struct ynode *n = field(L, map, key, false, &ok);
	struct ref_list refs = {0};
	size_t i;

	*count = 0;
	if (!n)
		return ok;
	if (n->kind == YNODE_SCALAR) {
		add_ref_entries(L, n, key, !n->plain, &refs);
		*out = refs.items;
		*count = refs.n;
		return true;
	}
	if (n->kind != YNODE_SEQ) {
		diag_error(L->d, n->pos, "'%s' must be a list like [a, b], got %s",
		    key, ynode_kind_name(n));
		return false;
	}
	for (i = 0; i < n->n; i++) {
		if (n->items[i]->kind != YNODE_SCALAR) {
			diag_error(L->d, n->items[i]->pos, "each entry of '%s' must "
			    "be plain text, got %s", key,
			    ynode_kind_name(n->items[i]));
			return false;
		}
		add_ref_entries(L, n->items[i], key, true, &refs);
	}
	*out = refs.items;
	*count = refs.n;
	return true;
}

bool load_valid_id(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++)
		if (!((id[n] >= 'a' && id[n] <= 'z') ||
		    (id[n] >= '0' && id[n] <= '9') || id[n] == '-'))
			return false;
	return n > 0 && n <= LOAD_MAX_ID;
}
