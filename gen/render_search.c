/*
 * render_search: the site's search page and the index it reads, written
 * at build time so that search works offline, from file://, on any host.
 *
 *   search/index.html      the page (template "search", assets/search.js)
 *   search/meta.js         how many shards and records, the kinds' names,
 *                          the Traditional -> Simplified folding table
 *   search/s/N.js          shard N: token -> postings, for every token
 *                          whose hash falls in N
 *   search/d/N.js          records 100 N .. 100 N + 99: what a result shows
 *
 * Every file is a script that sets or calls window.linliSearch (not JSON
 * to fetch): a page opened from file:// may load scripts but not fetch
 * files.
 *
 * Tokens. Text is folded first: Traditional characters to Simplified with
 * OpenCC's t2s tables, one character at a time (so text and query fold
 * alike and positions stay put), ASCII and full-width Latin to lower-case
 * ASCII. Then every CJK character is a token, and so is every pair of
 * neighbouring CJK characters: any two-character substring is found, which
 * word-segmenting engines miss (段简 in 一段简单). A run of Latin letters
 * and digits is a word token; a number drops its leading zeros (09 = 9).
 * A record's date adds its year and the tokens 2024-9 and 2024-9-9.
 * assets/search.js tokenises a query by the same rules; a change here must
 * be made there too.
 *
 * Postings. Records are numbered newest first, so a list of record numbers
 * in order is a ranking by date. A posting is (gap << 1 | in_title), the
 * gap from the previous record number, written as base-32 digits: a
 * leading digit from CONT, the last from LAST.
 *
 * Shards: a token's shard is its 32-bit FNV-1a hash modulo the shard
 * count, a power of two chosen so that a shard holds about SHARD_BYTES.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "json.h"
#include "render.h"
#include "utf8.h"

enum { SHARD_BYTES = 24 * 1024, MAX_SHARDS = 4096, CHUNK = 100,
	MAX_WORD = 40, STORED_TEXT = 400, STORED_STORY = 5000 };

static const char LAST[] = "0123456789abcdefghijklmnopqrstuv";
static const char CONT[] = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

enum kind { KIND_ACTIVITY, KIND_STORY, KIND_TEAM, KINDS };
static const char *const kind_keys[] = {"search.kind_activity",
    "search.kind_story", "search.kind_team"};

struct term {
	const char *tok;
	uint32_t len, shard;
	uint32_t last; /* record number + 1 of the last posting, 0 for none */
	VEC(uint32_t) post; /* record << 1 | in_title */
};

struct doc {
	enum kind kind;
	struct date date;
	const void *rec;
	const char *id;
};

struct search {
	struct render *r;
	struct arena a;
	struct strmap terms;
	VEC(struct term *) order;
	opencc_t t2s, s2t, s2tw;
	uint32_t *fold;   /* per BMP code point: folded + 1, 0 not yet known */
	uint8_t *seen;    /* per BMP code point: in the index (after folding) */
	uint8_t *to_simp; /* per BMP code point: folds to another character */
	struct buf tok;
};

static uint32_t fnv1a32(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* --- folding ----------------------------------------------------------- */

static bool is_cjk(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f) ||
	    (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af);
}

static bool is_word(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

/* The one character OpenCC's config cc turns c into, or c. */
static uint32_t convert_char(opencc_t cc, uint32_t c)
{
	char in[5], *out;
	size_t n = utf8_encode(c, in), used;
	uint32_t res = c;

	if (cc == (opencc_t)-1)
		return c;
	in[n] = '\0';
	out = opencc_convert_utf8(cc, in, n);
	if (out && *out) {
		uint32_t d = utf8_decode(out, strlen(out), &used);
		if (out[used] == '\0')
			res = d;
	}
	if (out)
		opencc_convert_utf8_free(out);
	return res;
}

static uint32_t fold(struct search *s, uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xff01 && c <= 0xff5e) /* full-width ASCII */
		return fold(s, c - 0xfee0);
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x10000 || !is_cjk(c))
		return c;
	if (!s->fold[c]) {
		s->fold[c] = convert_char(s->t2s, c) + 1;
		if (s->fold[c] - 1 != c)
			s->to_simp[c] = 1;
	}
	return s->fold[c] - 1;
}

/* --- tokens and postings ----------------------------------------------- */

static void add_token(struct search *s, const char *tok, size_t len,
    uint32_t rec, bool title)
{
	struct term *t = strmap_getn(&s->terms, tok, len);
	uint32_t v = rec << 1 | title;

	if (!t) {
		t = ARENA_NEW(&s->a, struct term);
		t->tok = arena_strndup(&s->a, tok, len);
		t->len = (uint32_t)len;
		strmap_set(&s->terms, t->tok, t);
		VEC_PUSH(&s->a, &s->order, t);
	}
	if (t->last == rec + 1) {
		t->post.items[t->post.n - 1] |= title;
		return;
	}
	t->last = rec + 1;
	VEC_PUSH(&s->a, &t->post, v);
}

static void end_word(struct search *s, uint32_t rec, bool title)
{
	const char *w = s->tok.data;
	size_t n = s->tok.len;

	if (!n)
		return;
	if (strspn(w, "0123456789") == n)
		while (n > 1 && *w == '0')
			w++, n--;
	if (n > MAX_WORD)
		n = utf8_prefix(w, n, MAX_WORD);
	add_token(s, w, n, rec, title);
	buf_reset(&s->tok);
}

/* Adds the tokens of text (see the top of this file) to record rec. */
static void index_text(struct search *s, const char *text, uint32_t rec,
    bool title)
{
	size_t len = text ? strlen(text) : 0, i = 0, n;
	char prev[4], cur[8];
	size_t prev_n = 0;

	buf_reset(&s->tok);
	while (i < len) {
		uint32_t c = fold(s, utf8_decode(text + i, len - i, &n));
		i += n;
		if (is_cjk(c)) {
			size_t k = utf8_encode(c, cur);
			end_word(s, rec, title);
			if (c < 0x10000)
				s->seen[c] = 1;
			add_token(s, cur, k, rec, title);
			if (prev_n) {
				char pair[8];
				memcpy(pair, prev, prev_n);
				memcpy(pair + prev_n, cur, k);
				add_token(s, pair, prev_n + k, rec, title);
			}
			memcpy(prev, cur, k);
			prev_n = k;
		} else if (is_word(c)) {
			prev_n = 0;
			n = utf8_encode(c, cur);
			buf_add(&s->tok, cur, n);
		} else {
			prev_n = 0;
			end_word(s, rec, title);
		}
	}
	end_word(s, rec, title);
}

/* --- the records ------------------------------------------------------- */

static int compare_docs(const void *pa, const void *pb)
{
	const struct doc *a = pa, *b = pb;
	int c = date_cmp(b->date, a->date);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Every searchable record, newest first. */
static struct doc *collect_docs(struct search *s, size_t *n)
{
	const struct model *m = s->r->m;
	struct doc *d = arena_array(&s->a, m->activities.n + m->stories.n +
	    m->teams.n + 1, sizeof(*d));
	size_t i, k = 0;

	for (i = 0; i < m->activities.n; i++)
		d[k++] = (struct doc){KIND_ACTIVITY, m->activities.items[i].date,
		    &m->activities.items[i], m->activities.items[i].id};
	for (i = 0; i < m->stories.n; i++)
		d[k++] = (struct doc){KIND_STORY, m->stories.items[i].date,
		    &m->stories.items[i], m->stories.items[i].id};
	for (i = 0; i < m->teams.n; i++)
		d[k++] = (struct doc){KIND_TEAM, m->teams.items[i].founded,
		    &m->teams.items[i], m->teams.items[i].id};
	qsort(d, k, sizeof(*d), compare_docs);
	*n = k;
	return d;
}

/* The date: its year as a word, and the date tokens "2024-9" and
 * "2024-9-9" (a '-' never appears in a word, so these meet only the
 * dates search.js reads in a query: 2024年9月, 2024-09-09, 2024/9). */
static void index_date(struct search *s, struct date d, uint32_t rec)
{
	char tok[32];
	int n;

	if (!d.year)
		return;
	n = snprintf(tok, sizeof(tok), "%d", d.year);
	add_token(s, tok, (size_t)n, rec, false);
	if (!d.month)
		return;
	n = snprintf(tok, sizeof(tok), "%d-%d", d.year, d.month);
	add_token(s, tok, (size_t)n, rec, false);
	if (!d.day)
		return;
	n = snprintf(tok, sizeof(tok), "%d-%d-%d", d.year, d.month, d.day);
	add_token(s, tok, (size_t)n, rec, false);
}

static void index_activity(struct search *s, const struct activity *a,
    uint32_t rec)
{
	size_t i;

	index_text(s, a->title, rec, true);
	index_text(s, a->summary, rec, false);
	index_text(s, a->location, rec, false);
	index_text(s, a->category, rec, false);
	for (i = 0; i < a->teams.n; i++)
		index_text(s, a->teams.items[i]->name, rec, false);
	index_date(s, a->date, rec);
}

static void index_story(struct search *s, const struct story *st,
    uint32_t rec)
{
	size_t i;

	index_text(s, st->title, rec, true);
	index_text(s, st->summary, rec, false);
	index_text(s, st->author, rec, false);
	for (i = 0; i < st->tags.n; i++)
		index_text(s, st->tags.items[i], rec, false);
	index_text(s, st->text, rec, false);
	index_date(s, st->date, rec);
}

static void index_team(struct search *s, const struct team *t, uint32_t rec)
{
	index_text(s, t->name, rec, true);
	index_text(s, t->summary, rec, false);
	index_text(s, t->leader, rec, false);
}

static void index_doc(struct search *s, const struct doc *d, uint32_t rec)
{
	if (d->kind == KIND_ACTIVITY)
		index_activity(s, d->rec, rec);
	else if (d->kind == KIND_STORY)
		index_story(s, d->rec, rec);
	else
		index_team(s, d->rec, rec);
	arena_reset(&s->r->page);
}

/* --- the files --------------------------------------------------------- */

/* Appends v as base-32 digits: CONT for all but the last, LAST for it. */
static void add_varint(struct buf *b, uint32_t v)
{
	char tmp[8];
	int n = 0;

	tmp[n++] = LAST[v & 31];
	while ((v >>= 5))
		tmp[n++] = CONT[v & 31];
	while (n-- > 0)
		buf_addc(b, tmp[n]);
}

static void add_postings(struct buf *b, const struct term *t)
{
	uint32_t prev = 0;
	size_t i;

	for (i = 0; i < t->post.n; i++) {
		uint32_t rec = t->post.items[i] >> 1;
		uint32_t gap = i ? rec - prev - 1 : rec;
		add_varint(b, gap << 1 | (t->post.items[i] & 1));
		prev = rec;
	}
}

static size_t shard_count(const struct search *s)
{
	size_t bytes = 0, n = 1, i;

	for (i = 0; i < s->order.n; i++)
		bytes += s->order.items[i]->len + 6 +
		    2 * s->order.items[i]->post.n;
	while (n < MAX_SHARDS && bytes / n > SHARD_BYTES)
		n *= 2;
	return n;
}

static bool write_shards(struct search *s, size_t shards)
{
	struct render *r = s->r;
	size_t *count = arena_array(&s->a, shards + 1, sizeof(*count));
	struct term **sorted = arena_array(&s->a, s->order.n + 1,
	    sizeof(*sorted));
	struct buf b = BUF_INIT;
	size_t i, k, at = 0;
	bool ok = true;

	for (i = 0; i < s->order.n; i++) {
		struct term *t = s->order.items[i];
		t->shard = fnv1a32(t->tok, t->len) & (uint32_t)(shards - 1);
		count[t->shard + 1]++;
	}
	for (k = 1; k <= shards; k++)
		count[k] += count[k - 1];
	for (i = 0; i < s->order.n; i++)
		sorted[count[s->order.items[i]->shard]++] =
		    s->order.items[i];
	for (k = 0; k < shards && ok; k++) {
		buf_reset(&b);
		buf_printf(&b, "linliSearch.shard(%zu,{", k);
		for (i = 0; at < s->order.n && sorted[at]->shard == k; at++, i++) {
			if (i)
				buf_addc(&b, ',');
			json_add_string(&b, sorted[at]->tok, sorted[at]->len);
			buf_adds(&b, ":\"");
			add_postings(&b, sorted[at]);
			buf_addc(&b, '"');
		}
		buf_adds(&b, "});\n");
		ok = write_buf(r->w, arena_printf(&r->page, "search/s/%zu.js", k),
		    &b);
		arena_reset(&r->page);
	}
	buf_release(&b);
	return ok;
}

/* What a result shows: [kind, title, url, iso date, date, text]. */
static void doc_json(struct search *s, struct json_writer *j,
    const struct doc *d)
{
	struct render *r = s->r;
	const char *title, *url, *text;
	char iso[11] = "";
	size_t n;

	if (d->kind == KIND_ACTIVITY) {
		const struct activity *a = d->rec;
		title = a->title;
		url = arena_printf(&r->page, "activities/%s/index.html", a->id);
		text = arena_printf(&r->page, "%s%s%s", a->summary ? a->summary :
		    "", a->summary && a->location ? " · " : "",
		    a->location ? a->location : "");
	} else if (d->kind == KIND_STORY) {
		const struct story *st = d->rec;
		title = st->title;
		url = arena_printf(&r->page, "stories/%s/index.html", st->id);
		text = arena_printf(&r->page, "%s%s%s", st->summary ?
		    st->summary : "", st->summary ? " " : "",
		    st->text ? st->text : "");
	} else {
		const struct team *t = d->rec;
		title = t->name;
		url = arena_printf(&r->page, "teams/%s/index.html", t->id);
		text = t->summary ? t->summary : "";
	}
	/* A story keeps most of its body, for a snippet where the match is. */
	n = utf8_prefix(text, strlen(text), d->kind == KIND_STORY ?
	    STORED_STORY : STORED_TEXT);
	if (d->date.year)
		date_iso(d->date, iso);
	json_begin_array(j);
	json_number(j, d->kind);
	json_string(j, title);
	json_string(j, url);
	json_string(j, iso);
	json_string(j, d->date.year ? ctx_date_long(r, d->date) : "");
	json_stringn(j, text, n);
	json_end_array(j);
}

static bool write_docs(struct search *s, const struct doc *d, size_t n)
{
	struct render *r = s->r;
	struct buf b = BUF_INIT;
	size_t from, i;
	bool ok = true;

	for (from = 0; from < n && ok; from += CHUNK) {
		struct json_writer j;
		buf_reset(&b);
		buf_printf(&b, "linliSearch.docs(%zu,", from / CHUNK);
		json_init(&j, &b);
		json_begin_array(&j);
		for (i = from; i < n && i < from + CHUNK; i++)
			doc_json(s, &j, &d[i]);
		json_end_array(&j);
		buf_adds(&b, ");\n");
		ok = write_buf(r->w, arena_printf(&r->page, "search/d/%zu.js",
		    from / CHUNK), &b);
		arena_reset(&r->page);
	}
	buf_release(&b);
	return ok;
}

/* Pairs "TS": a character a query may hold and the one the index has. The
 * Traditional forms (OpenCC s2t and s2tw) of every indexed character, and
 * the characters of the content itself that folded. */
static void add_fold_table(struct search *s, struct buf *out)
{
	struct buf pairs = BUF_INIT;
	uint32_t c;
	char u[8];

	/* Folding the Traditional forms marks them in to_simp. */
	for (c = 0x3400; c < 0x10000; c++)
		if (s->seen[c]) {
			fold(s, convert_char(s->s2t, c));
			fold(s, convert_char(s->s2tw, c));
		}
	for (c = 0x3400; c < 0x10000; c++)
		if (s->to_simp[c] && s->seen[s->fold[c] - 1]) {
			buf_add(&pairs, u, utf8_encode(c, u));
			buf_add(&pairs, u, utf8_encode(s->fold[c] - 1, u));
		}
	json_add_string(out, pairs.data, pairs.len);
	buf_release(&pairs);
}

static bool write_meta(struct search *s, size_t shards, size_t docs)
{
	struct render *r = s->r;
	struct buf b = BUF_INIT;
	struct json_writer j;
	int k;
	bool ok;

	buf_printf(&b, "(window.linliSearch=window.linliSearch||{}).info="
	    "{\"shards\":%zu,\"chunk\":%d,"
	    "\"count\":%zu,\"kinds\":", shards, CHUNK, docs);
	json_init(&j, &b);
	json_begin_array(&j);
	for (k = 0; k < KINDS; k++)
		json_string(&j, render_string(r, kind_keys[k]));
	json_end_array(&j);
	buf_adds(&b, ",\"fold\":");
	add_fold_table(s, &b);
	buf_adds(&b, "};\n");
	ok = write_buf(r->w, "search/meta.js", &b);
	buf_release(&b);
	return ok;
}

static bool render_search_page(struct render *r)
{
	struct mu_value *ctx = mu_map_new(&r->page);
	struct mu_value *current = mu_map_new(&r->page);

	mu_map_set_bool(&r->page, current, "search", true);
	mu_map_set(&r->page, ctx, "current", current);
	mu_map_set_str_ref(&r->page, ctx, "page_title",
	    render_string(r, "search.title"));
	return render_page(r, "search", ctx, "search/index.html");
}

/* OpenCC's configs by name (found in its data folder), or (opencc_t)-1
 * with a warning: search then works, but without folding. */
static opencc_t open_config(struct render *r, const char *name)
{
	opencc_t cc = opencc_open(name);

	if (cc == (opencc_t)-1)
		diag_warning(r->d, pos_make(name, 0, 0), "cannot open OpenCC's "
		    "%s (%s); search will not match Traditional with Simplified "
		    "characters (install Debian's opencc package)", name,
		    opencc_error());
	return cc;
}

bool render_search(struct render *r)
{
	struct search s = {0};
	struct doc *docs;
	size_t n, i;
	bool ok;

	s.r = r;
	arena_init(&s.a);
	strmap_init(&s.terms, &s.a);
	s.fold = arena_array(&s.a, 0x10000, sizeof(*s.fold));
	s.seen = arena_array(&s.a, 0x10000, 1);
	s.to_simp = arena_array(&s.a, 0x10000, 1);
	s.t2s = open_config(r, "t2s.json");
	s.s2t = open_config(r, "s2t.json");
	s.s2tw = open_config(r, "s2tw.json");
	docs = collect_docs(&s, &n);
	for (i = 0; i < n; i++)
		index_doc(&s, &docs[i], (uint32_t)i);
	ok = write_shards(&s, shard_count(&s)) && write_docs(&s, docs, n) &&
	    write_meta(&s, shard_count(&s), n) && render_search_page(r);
	for (i = 0; i < 3; i++) {
		opencc_t cc = i == 0 ? s.t2s : i == 1 ? s.s2t : s.s2tw;
		if (cc != (opencc_t)-1)
			opencc_close(cc);
	}
	buf_release(&s.tok);
	arena_release(&s.a);
	if (!ok)
		r->failed = true;
	return ok;
}
