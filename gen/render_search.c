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
 *
 * A district (render_search_sites) writes the same files from the indexes
 * its communities' builds wrote, merged: see the end of this file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "json.h"
#include "xalloc.h"
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
	bool unsorted; /* merged postings that came out of order */
	VEC(uint32_t) post; /* record << 1 | in_title */
};

struct doc {
	enum kind kind;
	struct date date;
	const void *rec;
	const char *id;
};

struct site_doc;

struct search {
	struct render *r;
	const struct doc *docs;             /* a community's records, or */
	VEC(struct site_doc) merged;        /* a district's, of these sites */
	const struct search_site *sites;
	size_t nsites;
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

/* The term of tok, made the first time it is met. */
static struct term *term_of(struct search *s, const char *tok, size_t len)
{
	struct term *t = strmap_getn(&s->terms, tok, len);

	if (!t) {
		t = ARENA_NEW(&s->a, struct term);
		t->tok = arena_strndup(&s->a, tok, len);
		t->len = (uint32_t)len;
		strmap_set(&s->terms, t->tok, t);
		VEC_PUSH(&s->a, &s->order, t);
	}
	return t;
}

static void add_token(struct search *s, const char *tok, size_t len,
    uint32_t rec, bool title)
{
	struct term *t = term_of(s, tok, len);
	uint32_t v = rec << 1 | title;

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

static void site_doc_json(struct search *s, struct json_writer *j,
    size_t i);

static bool write_docs(struct search *s, size_t n)
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
		for (i = from; i < n && i < from + CHUNK; i++) {
			if (s->sites)
				site_doc_json(s, &j, i);
			else
				doc_json(s, &j, &s->docs[i]);
		}
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

static void add_joined_folds(struct search *s, struct buf *out);
static void add_sources(struct search *s, struct buf *out);

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
	if (s->sites)
		add_joined_folds(s, &b);
	else
		add_fold_table(s, &b);
	if (s->sites)
		add_sources(s, &b);
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
	s.docs = docs;
	for (i = 0; i < n; i++)
		index_doc(&s, &docs[i], (uint32_t)i);
	ok = write_shards(&s, shard_count(&s)) && write_docs(&s, n) &&
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

/* --- a district: the communities' indexes merged ------------------------ */

/*
 * render_search_sites reads the files above as each community's build
 * wrote them and writes one index of them all. No record is indexed
 * again, so the district's search finds exactly what each community's
 * own search finds:
 *  - the records of every site are numbered again, newest first across
 *    all of them: by date, kind, site, then the site's own number. A
 *    site's own numbering is by date and kind already, so it is kept, and
 *    each site's postings stay in order within a token;
 *  - a token's postings are the union of its postings in every site;
 *  - the sites' folding tables are joined;
 *  - every record gets the token "@SLUG" of its site ('@' is never part
 *    of a word token), which search.js adds to a query that is limited to
 *    one community;
 *  - a result row ends with its site's number in meta.js's "sources".
 * A site whose files cannot be read is left out, with a warning.
 */

struct site_doc {
	uint32_t site, local;
	int kind;
	const char *iso, *title, *url, *date, *text;
};

struct site_index {
	size_t shards, chunk, count;
	uint32_t *global; /* the site's record number -> the district's */
};

static int digit_value(char ch)
{
	const char *p;

	if (!ch)
		return -1;
	if ((p = strchr(LAST, ch)))
		return (int)(p - LAST);
	if ((p = strchr(CONT, ch)))
		return (int)(p - CONT) + 32;
	return -1;
}

/* Reads a call's head, "linliSearch.NAME(K," with K = want. */
static bool expect_call(struct json_cursor *c, const char *name, size_t want)
{
	double k;

	return json_expect_text(c, "linliSearch.") &&
	    json_expect_text(c, name) && json_expect(c, '(') &&
	    json_read_number(c, &k) && k == (double)want && json_expect(c, ',');
}

/* meta.js: (window.linliSearch=...).info={"shards":N,"chunk":N,
 * "count":N,...,"fold":"..."}; the joined folds go into s->fold. */
static bool read_site_meta(struct search *s, const struct buf *text,
    struct site_index *x)
{
	const char *at = strstr(text->data, ".info=");
	struct buf key = BUF_INIT, fold = BUF_INIT;
	struct json_cursor c;
	double v = 0;
	bool first = true;
	size_t i, n;

	if (!at)
		return false;
	at += 6;
	json_cursor_init(&c, at, text->len - (size_t)(at - text->data));
	json_expect(&c, '{');
	while (json_next_item(&c, '}', first)) {
		first = false;
		if (!json_read_string(&c, &key) || !json_expect(&c, ':'))
			break;
		if (!strcmp(key.data, "fold")) {
			json_read_string(&c, &fold);
			continue;
		}
		if (strcmp(key.data, "shards") && strcmp(key.data, "chunk") &&
		    strcmp(key.data, "count")) {
			json_skip_value(&c);
			continue;
		}
		if (!json_read_number(&c, &v) || v < 0 || v > 1e8 ||
		    v != (double)(size_t)v)
			break;
		*(!strcmp(key.data, "shards") ? &x->shards :
		    !strcmp(key.data, "count") ? &x->count : &x->chunk) =
		    (size_t)v;
	}
	json_expect(&c, '}');
	for (i = 0; !c.failed && i < fold.len; i += n) {
		uint32_t from = utf8_decode(fold.data + i, fold.len - i, &n), to;
		size_t m;
		if (i + n >= fold.len)
			break;
		to = utf8_decode(fold.data + i + n, fold.len - i - n, &m);
		if (from < 0x10000 && !s->fold[from])
			s->fold[from] = to + 1;
		n += m;
	}
	buf_release(&key);
	buf_release(&fold);
	return !c.failed && x->chunk > 0 && x->shards > 0 &&
	    x->shards <= MAX_SHARDS && !(x->shards & (x->shards - 1));
}

/* d/K.js: linliSearch.docs(K,[[kind,title,url,iso,date,text],...]); the
 * rows join the district's list. */
static bool read_site_docs(struct search *s, const struct buf *text,
    size_t site, size_t chunk, const struct site_index *x, size_t *local)
{
	const struct search_site *w = &s->sites[site];
	struct buf f[5] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	struct json_cursor c;
	bool first = true;
	double kind;
	int k;

	json_cursor_init(&c, text->data, text->len);
	expect_call(&c, "docs", chunk);
	json_expect(&c, '[');
	if (*local != chunk * x->chunk) /* the chunk before was short */
		c.failed = true;
	while (json_next_item(&c, ']', first)) {
		struct site_doc d = {(uint32_t)site, (uint32_t)*local, 0, 0, 0,
		    0, 0, 0};
		first = false;
		json_expect(&c, '[');
		if (!json_read_number(&c, &kind) || kind < 0 || kind >= KINDS ||
		    kind != (int)kind)
			break;
		for (k = 0; k < 5; k++)
			if (!json_expect(&c, ',') || !json_read_string(&c, &f[k]))
				break;
		while (json_next_item(&c, ']', false)) /* later additions */
			json_skip_value(&c);
		if (!json_expect(&c, ']') || *local >= x->count ||
		    *local >= (chunk + 1) * x->chunk)
			break;
		d.kind = (int)kind;
		d.title = arena_strndup(&s->a, f[0].data, f[0].len);
		d.url = arena_printf(&s->a, "%s%s", w->prefix, f[1].data);
		d.iso = arena_strndup(&s->a, f[2].data, f[2].len);
		d.date = arena_strndup(&s->a, f[3].data, f[3].len);
		d.text = arena_strndup(&s->a, f[4].data, f[4].len);
		VEC_PUSH(&s->a, &s->merged, d);
		++*local;
	}
	json_expect(&c, ']');
	json_expect(&c, ')');
	for (k = 0; k < 5; k++)
		buf_release(&f[k]);
	return !c.failed;
}

/* s/K.js: linliSearch.shard(K,{"token":"postings",...}); every posting
 * is checked, and with add, added to the district's token under its new
 * number. */
static bool read_site_shard(struct search *s, const struct buf *text,
    size_t shard, const struct site_index *x, bool add)
{
	struct buf tok = BUF_INIT, post = BUF_INIT;
	struct json_cursor c;
	bool first = true;
	size_t i;

	json_cursor_init(&c, text->data, text->len);
	expect_call(&c, "shard", shard);
	json_expect(&c, '{');
	while (json_next_item(&c, '}', first)) {
		struct term *t = NULL;
		uint32_t v = 0;
		int64_t rec = -1;
		first = false;
		if (!json_read_string(&c, &tok) || !json_expect(&c, ':') ||
		    !json_read_string(&c, &post) || !tok.len)
			break;
		if (add)
			t = term_of(s, tok.data, tok.len);
		for (i = 0; i < post.len; i++) {
			int d = digit_value(post.data[i]);
			if (d < 0 || v > (UINT32_MAX >> 5))
				break;
			if (d >= 32) {
				v = v * 32 + (uint32_t)(d - 32);
				continue;
			}
			v = v * 32 + (uint32_t)d;
			rec += (v >> 1) + 1;
			if (rec >= (int64_t)x->count)
				break;
			if (t) {
				uint32_t g = x->global[rec] << 1 | (v & 1);
				if (t->post.n && t->post.items[t->post.n - 1] > g)
					t->unsorted = true;
				VEC_PUSH(&s->a, &t->post, g);
			}
			v = 0;
		}
		if (i < post.len || v) {
			c.failed = true;
			break;
		}
	}
	json_expect(&c, '}');
	json_expect(&c, ')');
	buf_release(&tok);
	buf_release(&post);
	return !c.failed;
}

/* The shard files of a site, checked, or with add, merged. */
static bool read_site_shards(struct search *s, const struct search_site *w,
    const struct site_index *x, struct buf *text, bool add)
{
	size_t k;
	char *path;
	bool ok = true;

	for (k = 0; k < x->shards && ok; k++) {
		path = arena_printf(&s->r->page, "%s/search/s/%zu.js", w->dir, k);
		ok = buf_read_file(text, path) &&
		    read_site_shard(s, text, k, x, add);
	}
	arena_reset(&s->r->page);
	return ok;
}

/* Reads site i's meta.js and records into the district's list, and checks
 * its shards; false (its records dropped) when any is unreadable. */
static bool read_site(struct search *s, size_t i, struct site_index *x,
    struct buf *text)
{
	const struct search_site *w = &s->sites[i];
	size_t first = s->merged.n, k, local = 0;
	const char *file = "search/meta.js";
	bool ok;

	ok = buf_read_file(text, arena_printf(&s->r->page, "%s/%s", w->dir,
	    file)) && read_site_meta(s, text, x);
	for (k = 0; ok && k * x->chunk < x->count; k++) {
		file = arena_printf(&s->r->page, "search/d/%zu.js", k);
		ok = buf_read_file(text, arena_printf(&s->r->page, "%s/%s",
		    w->dir, file)) && read_site_docs(s, text, i, k, x, &local);
	}
	if (ok && local != x->count)
		ok = false;
	if (ok && !read_site_shards(s, w, x, text, false)) {
		file = "search/s/";
		ok = false;
	}
	if (!ok) {
		diag_warning(s->r->d, pos_make(arena_printf(&s->r->page, "%s/%s",
		    w->shown ? w->shown : w->dir, file), 0, 0), "the search index of %s cannot be "
		    "read, so the district's search leaves it out this time; the "
		    "next linli district builds the community again", w->name);
		s->merged.n = first;
	}
	arena_reset(&s->r->page);
	return ok;
}

/* Newest first; then by kind, site, and the site's own order. */
static int compare_site_docs(const void *pa, const void *pb)
{
	const struct site_doc *a = pa, *b = pb;
	int c = strcmp(b->iso, a->iso);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->site != b->site)
		return a->site < b->site ? -1 : 1;
	return (a->local > b->local) - (a->local < b->local);
}

static int compare_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return (a > b) - (a < b);
}

/* [kind, title, url, iso date, date, text, site] */
static void site_doc_json(struct search *s, struct json_writer *j, size_t i)
{
	const struct site_doc *d = &s->merged.items[i];

	json_begin_array(j);
	json_number(j, d->kind);
	json_string(j, d->title);
	json_string(j, d->url);
	json_string(j, d->iso);
	json_string(j, d->date);
	json_string(j, d->text);
	json_number(j, d->site);
	json_end_array(j);
}

/* The sites' folding pairs, joined, in code point order. */
static void add_joined_folds(struct search *s, struct buf *out)
{
	struct buf pairs = BUF_INIT;
	uint32_t c;
	char u[8];

	for (c = 0; c < 0x10000; c++)
		if (s->fold[c]) {
			buf_add(&pairs, u, utf8_encode(c, u));
			buf_add(&pairs, u, utf8_encode(s->fold[c] - 1, u));
		}
	json_add_string(out, pairs.data, pairs.len);
	buf_release(&pairs);
}

/* ,"sources":[{"slug":...,"name":...},...] */
static void add_sources(struct search *s, struct buf *out)
{
	struct json_writer j;
	size_t i;

	buf_adds(out, ",\"sources\":");
	json_init(&j, out);
	json_begin_array(&j);
	for (i = 0; i < s->nsites; i++) {
		json_begin_object(&j);
		json_kv_string(&j, "slug", s->sites[i].slug);
		json_kv_string(&j, "name", s->sites[i].name);
		json_end_object(&j);
	}
	json_end_array(&j);
}

bool render_search_sites(struct render *r, struct search_site *sites,
    size_t n)
{
	struct search s = {0};
	struct site_index *x;
	struct buf text = BUF_INIT;
	struct term **at_slug;
	bool *usable;
	size_t i, g;
	bool ok = true;

	s.r = r;
	s.sites = sites;
	s.nsites = n;
	arena_init(&s.a);
	strmap_init(&s.terms, &s.a);
	s.fold = arena_array(&s.a, 0x10000, sizeof(*s.fold));
	x = arena_array(&s.a, n + 1, sizeof(*x));
	usable = arena_array(&s.a, n + 1, sizeof(*usable));
	at_slug = arena_array(&s.a, n + 1, sizeof(*at_slug));
	for (i = 0; i < n; i++) {
		usable[i] = read_site(&s, i, &x[i], &text);
		sites[i].unreadable = !usable[i];
	}
	qsort(s.merged.items, s.merged.n, sizeof(*s.merged.items),
	    compare_site_docs);
	for (i = 0; i < n; i++)
		if (usable[i])
			x[i].global = arena_array(&s.a, x[i].count + 1,
			    sizeof(uint32_t));
	for (g = 0; g < s.merged.n; g++)
		x[s.merged.items[g].site].global[s.merged.items[g].local] =
		    (uint32_t)g;
	for (i = 0; i < n && ok; i++)
		if (usable[i])
			ok = read_site_shards(&s, &sites[i], &x[i], &text, true);
	for (i = 0; i < n; i++)
		at_slug[i] = term_of(&s, arena_printf(&s.a, "@%s", sites[i].slug),
		    strlen(sites[i].slug) + 1);
	for (g = 0; g < s.merged.n; g++) /* in order: sorted */
		VEC_PUSH(&s.a, &at_slug[s.merged.items[g].site]->post,
		    (uint32_t)g << 1);
	for (i = 0; i < s.order.n; i++)
		if (s.order.items[i]->unsorted)
			qsort(s.order.items[i]->post.items, s.order.items[i]->post.n,
			    sizeof(uint32_t), compare_u32);
	if (!ok)
		diag_error(r->d, pos_make("search/", 0, 0), "a community's "
		    "search index changed while the district read it; build the "
		    "district again");
	ok = ok && write_shards(&s, shard_count(&s)) &&
	    write_docs(&s, s.merged.n) && write_meta(&s, shard_count(&s),
	    s.merged.n);
	buf_release(&text);
	arena_release(&s.a);
	if (!ok)
		r->failed = true;
	return ok;
}
