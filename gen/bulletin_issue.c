/*
 * bulletin_issue: what one issue of the bulletin prints, and how it is
 * trimmed to fit its pages.
 *
 * An issue has, in this order: the lead story (the period's newest story:
 * its opening blocks, up to LEAD_CHARS characters, and its address when
 * there is more), a recap of the activities done in the period with their
 * figures, the activities coming after the issue date to the end of the
 * next period, honours and recognised people dated in the period, and the
 * period's volunteer points leaderboard. Each becomes blocks with an
 * estimated height (bulletin_fit.c), packed onto bulletin.pages sheets.
 *
 * When they do not fit, the issue is trimmed step by step, the least
 * useful words first, until they do: the coming section stops starting a
 * page of its own, the leaderboard keeps its top 5, recap summaries go,
 * the cover photo goes, the lead story loses blocks down to its first
 * (then only that block's first sentences), the recap keeps its most
 * attended activities ("及其他N项活动"), then the coming list, citations
 * and honours are shortened the same way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "utf8.h"
#include "xalloc.h"

#define LEAD_CHARS 500 /* the lead excerpt: opening blocks up to this long */
#define LEAD_CUT 150   /* a lone paragraph cut to its first sentences */
#define BOARD_ROWS 10
#define BOARD_SHORT 5
#define COVER_MAX_MM 55.0

enum part { PART_LEAD, PART_RECAP, PART_COMING, PART_HONOURS, PART_PEOPLE,
	PART_BOARD, PARTS };
static const char *const part_names[] = {"lead", "recap", "coming",
    "honours", "people", "board"};
static const char *const part_keys[] = {"", "bulletin.recap",
    "bulletin.coming", "bulletin.honours", "bulletin.people",
    "bulletin.board"};

enum piece { P_HEADING, P_LEAD_HEAD, P_LEAD_BLOCK, P_LEAD_CUT, P_LEAD_MORE,
	P_FIGURES, P_ITEM, P_MORE, P_BOARD };

/* What a block shows: a piece of a part, and which item. */
struct slot {
	enum part part;
	enum piece piece;
	size_t index;
};

struct lead_block {
	const char *html, *text;
	bool heading, breakable;
	int lines;
	double height;
};

/* An item of a list: its words, made once, and their heights. */
struct entry {
	const char *when, *head, *meta, *text; /* plain; NULL when absent */
	int when_lines, head_lines, meta_lines, text_lines;
	long weight; /* participants: the most attended stay longest */
	size_t rank; /* place by weight, 0 = heaviest */
	struct pos pos;
};

struct leader {
	const char *name;
	long points;
	double hours;
	struct pos pos;
};

struct trim {
	size_t lead_blocks;
	bool lead_cut, cover, break_coming;
	bool text[PARTS]; /* summaries (recap, coming), citations (people) */
	size_t max[PARTS];
};

struct issue {
	struct bulletin *b;
	struct render *r;
	const struct bl_issue *is;
	double col;
	/* the lead story */
	const struct story *story;
	struct lead_block *blocks;
	size_t nblocks, lead_default;
	const char *byline, *cut, *more_text;
	int title_lines, cut_lines, more_lines;
	double head_h, cover_h, cut_h, more_h;
	/* the lists; PART_BOARD uses leaders */
	struct entry *list[PARTS];
	size_t n[PARTS];
	struct leader *leaders;
	long participants, volunteers;
	double hours;
	bool has_participants, has_volunteers;
	const char *heading[PARTS], *cont[PARTS];
	double heading_h[PARTS], cont_h[PARTS];
	/* the plan: what each of b->blocks shows */
	struct slot *slots;
	size_t nslots;
};

/* --- heights ----------------------------------------------------------- */

static int lines(struct issue *x, const char *s, struct bl_font f,
    double indent)
{
	return s ? bl_lines(s, strlen(s), f, x->col, indent) : 0;
}

/* h2.sec: lines, 3pt padding, 1.5pt rule, margins 12pt above, 6pt below. */
static double heading_height(struct issue *x, const char *s)
{
	return lines(x, s, bl_section, 0) * bl_section.line + 22.5;
}

/* .item: lines, 6pt padding, a 0.75pt rule, 6pt margin. */
static double entry_height(const struct entry *e, bool text)
{
	return e->when_lines * bl_text.line + e->head_lines * bl_text.line +
	    e->meta_lines * bl_small.line + (text ? e->text_lines *
	    bl_text.line : 0) + 12.75;
}

static void measure_entry(struct issue *x, struct entry *e)
{
	e->when_lines = lines(x, e->when, bl_text, 0);
	e->head_lines = lines(x, e->head, bl_text, 0);
	e->meta_lines = lines(x, e->meta, bl_small, 0);
	e->text_lines = lines(x, e->text, bl_text, 0);
}

/* --- the lead story ---------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Chinese paragraphs start indented by two characters. */
static double para_indent(struct issue *x)
{
	return x->r->m->site.language == LANG_EN ? 0 : 2;
}

static void measure_block(struct issue *x, struct lead_block *lb)
{
	struct buf text = BUF_INIT;
	double width = x->col;
	const char *p;

	bl_html_text(&text, lb->html, strlen(lb->html));
	while (text.len && text.data[text.len - 1] == '\n')
		buf_truncate(&text, text.len - 1);
	lb->text = arena_strndup(&x->r->page, text.data, text.len);
	buf_release(&text);
	lb->heading = lb->html[0] == '<' && lb->html[1] == 'h';
	lb->breakable = !lb->heading;
	if (lb->heading) {
		lb->lines = lines(x, lb->text, bl_sub, 0);
		lb->height = lb->lines * bl_sub.line + 6;
		return;
	}
	if (starts_with(lb->html, "<blockquote"))
		width -= 12; /* 9pt padding, 3pt rule */
	else if (starts_with(lb->html, "<ul") || starts_with(lb->html, "<ol"))
		width -= 1.5 * bl_text.size;
	/* every line of the text is a paragraph or list item of its own */
	for (p = lb->text; *p;) {
		size_t n = strcspn(p, "\n");
		lb->lines += bl_lines(p, n, bl_text, width,
		    starts_with(lb->html, "<p") ? para_indent(x) : 0);
		p += n + (p[n] == '\n');
	}
	lb->height = lb->lines * bl_text.line + 6;
}

/* The first sentences of the first paragraph, up to LEAD_CUT characters. */
static const char *cut_text(struct issue *x, const char *text)
{
	size_t len = strlen(text), max = utf8_prefix(text, len, LEAD_CUT), i, n,
	    end = 0;
	uint32_t c;

	if (max == len)
		return text;
	for (i = 0; i < max; i += n) {
		c = utf8_decode(text + i, max - i, &n);
		if (c == 0x3002 || c == 0xff01 || c == 0xff1f || c == '!' ||
		    c == '?' || (c == '.' && (i + n == len || text[i + n] == ' ')))
			end = i + n;
	}
	if (end)
		return arena_strndup(&x->r->page, text, end);
	return arena_printf(&x->r->page, "%.*s……", (int)max, text);
}

/* An address without its scheme, as people type it. */
static const char *display_url(struct render *r, const char *url)
{
	const char *p = strstr(url, "://");

	return p ? arena_strdup(&r->page, p + 3) : url;
}

static const char *story_address(struct issue *x, bool display)
{
	const char *base = x->r->m->site.base_url;
	const char *url = arena_printf(&x->r->page, "stories/%s/%s",
	    x->story->id, display ? "" : "index.html");

	return base ? arena_printf(&x->r->page, "%s%s", base, url) : url;
}

static void prepare_lead(struct issue *x)
{
	const struct story *st = x->is->lead;
	struct render *r = x->r;
	size_t i, chars = 0;
	const struct photo *cover;

	if (!st)
		return;
	x->story = st;
	x->blocks = arena_array(&r->page, st->paragraphs_html.n + 1,
	    sizeof(*x->blocks));
	for (i = 0; i < st->paragraphs_html.n; i++) {
		const char *h = st->paragraphs_html.items[i];
		struct lead_block *lb = &x->blocks[x->nblocks];
		/* pictures and code would not print well in a column */
		if (strstr(h, "<img") || starts_with(h, "<pre") ||
		    starts_with(h, "<hr"))
			continue;
		lb->html = h;
		measure_block(x, lb);
		x->nblocks++;
	}
	for (i = 0; i < x->nblocks && (i == 0 || chars +
	    utf8_length(x->blocks[i].text, strlen(x->blocks[i].text)) <=
	    LEAD_CHARS); i++)
		chars += utf8_length(x->blocks[i].text, strlen(x->blocks[i].text));
	while (i > 1 && x->blocks[i - 1].heading)
		i--;
	x->lead_default = i;
	x->title_lines = lines(x, st->title, bl_title, 0);
	x->byline = st->author ? bl_pattern(r, "bulletin.byline", "author",
	    st->author) : NULL;
	x->head_h = x->title_lines * bl_title.line + 4 +
	    (x->byline ? lines(x, x->byline, bl_small, 0) * bl_small.line + 6 : 0);
	cover = &st->cover_photo;
	if (st->cover && cover->exists) {
		double ratio = cover->width > 0 && cover->height > 0 ?
		    (double)cover->height / cover->width : 2.0 / 3.0;
		x->cover_h = fmin(x->col * ratio, COVER_MAX_MM * BL_PT_PER_MM);
		x->cover_h = ceil(x->cover_h);
	}
	if (x->nblocks && starts_with(x->blocks[0].html, "<p")) {
		x->cut = cut_text(x, x->blocks[0].text);
		x->cut_lines = lines(x, x->cut, bl_text, para_indent(x));
		x->cut_h = x->cut_lines * bl_text.line + 6;
	}
	x->more_text = arena_printf(&r->page, "%s%s",
	    render_string(r, "bulletin.read_more"), story_address(x, true));
	x->more_lines = lines(x, x->more_text, bl_small, 0);
	x->more_h = x->more_lines * bl_small.line + 6;
}

/* --- the lists --------------------------------------------------------- */

static const char *figures(struct issue *x, const struct activity *a)
{
	struct render *r = x->r;
	struct buf b = BUF_INIT;
	const char *sep = render_string(r, "bulletin.separator"), *out;

	if (a->participants >= 0)
		buf_adds(&b, bl_pattern(r, "bulletin.participants", "n",
		    ctx_number(r, (double)a->participants)));
	if (a->volunteers >= 0)
		buf_printf(&b, "%s%s", b.len ? sep : "", bl_pattern(r,
		    "bulletin.volunteers", "n", ctx_number(r,
		    (double)a->volunteers)));
	if (a->total_hours > 0)
		buf_printf(&b, "%s%s", b.len ? sep : "", bl_pattern(r,
		    "bulletin.hours", "n", ctx_number(r, a->total_hours)));
	out = b.len ? arena_strndup(&r->page, b.data, b.len) : NULL;
	buf_release(&b);
	return out;
}

static struct entry *new_list(struct issue *x, enum part p, size_t cap)
{
	x->list[p] = arena_array(&x->r->page, cap + 1, sizeof(struct entry));
	return x->list[p];
}

static void prepare_recap(struct issue *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct entry *v = new_list(x, PART_RECAP, is->nacts);
	size_t i;

	for (i = 0; i < is->nacts; i++) {
		const struct activity *a = is->acts[i];
		struct entry *e;
		if (a->status != STATUS_DONE || date_cmp(a->date, is->issued) > 0)
			continue;
		e = &v[x->n[PART_RECAP]++];
		e->head = arena_printf(&r->page, "%s %s", ctx_date_short(r,
		    a->date), a->title);
		e->meta = figures(x, a);
		e->text = a->summary;
		e->weight = a->participants;
		e->pos = a->pos;
		if (a->participants >= 0) {
			x->participants += a->participants;
			x->has_participants = true;
		}
		if (a->volunteers >= 0) {
			x->volunteers += a->volunteers;
			x->has_volunteers = true;
		}
		x->hours += a->total_hours;
	}
}

static void prepare_coming(struct issue *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct entry *v = new_list(x, PART_COMING, is->ncoming);
	size_t i;

	for (i = 0; i < is->ncoming; i++) {
		const struct activity *a = is->coming[i];
		struct entry *e;
		const char *when;
		if (a->status == STATUS_CANCELLED)
			continue;
		e = &v[x->n[PART_COMING]++];
		when = ctx_date_short(r, a->date);
		if (a->date.day)
			when = arena_printf(&r->page, "%s %s", when,
			    mu_map_get(ctx_date(r, a->date), "weekday", 7)->u.string.s);
		if (a->time)
			when = arena_printf(&r->page, "%s %s", when, a->time);
		e->when = when;
		e->head = a->title;
		e->meta = a->location ? bl_pattern(r, "bulletin.place", "place",
		    a->location) : NULL;
		e->text = a->summary;
		e->pos = a->pos;
	}
}

static const char *honour_meta(struct issue *x, const struct achievement *h)
{
	struct render *r = x->r;
	struct buf b = BUF_INIT;
	const char *sep = render_string(r, "bulletin.separator"), *out;
	static const char *const levels[] = {"", "national", "provincial",
	    "city", "district", "street"};

	if (h->level)
		buf_adds(&b, render_string(r, arena_printf(&r->page,
		    "bulletin.level.%s", levels[h->level])));
	if (h->issuer)
		buf_printf(&b, "%s%s", b.len ? sep : "", h->issuer);
	buf_printf(&b, "%s%s", b.len ? sep : "", ctx_date_short(r, h->date));
	out = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return out;
}

static void prepare_honours(struct issue *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct entry *hv = new_list(x, PART_HONOURS, is->nachs);
	struct entry *pv = new_list(x, PART_PEOPLE, is->nachs);
	size_t i;

	for (i = 0; i < is->nachs; i++) {
		const struct achievement *h = is->achs[i];
		struct entry *e;
		if (date_cmp(h->date, is->issued) > 0)
			continue;
		if (h->kind == ACH_PERSON) {
			e = &pv[x->n[PART_PEOPLE]++];
			e->head = h->title ? arena_printf(&r->page, "%s%s%s", h->name,
			    render_string(r, "bulletin.separator"), h->title) : h->name;
			e->text = h->citation;
		} else {
			e = &hv[x->n[PART_HONOURS]++];
			e->head = h->title;
			e->meta = honour_meta(x, h);
		}
		e->pos = h->pos;
	}
}

static int compare_leaders(const void *pa, const void *pb)
{
	const struct leader *a = pa, *b = pb;

	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	if (a->hours != b->hours)
		return a->hours > b->hours ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The period's points per volunteer, from its service rows. */
static void prepare_board(struct issue *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct strmap seen;
	size_t i, n = 0;

	strmap_init(&seen, &r->page);
	x->leaders = arena_array(&r->page, is->nsvc + 1, sizeof(*x->leaders));
	for (i = 0; i < is->nsvc; i++) {
		const struct service *s = is->svc[i];
		struct leader *l;
		if (date_cmp(s->date, is->issued) > 0 || !s->volunteer ||
		    !*s->volunteer)
			continue;
		l = strmap_get(&seen, s->volunteer);
		if (!l) {
			l = &x->leaders[n++];
			l->name = s->volunteer;
			l->pos = s->pos;
			strmap_put(&seen, s->volunteer, l);
		}
		l->points += s->points;
		l->hours += s->hours;
	}
	qsort(x->leaders, n, sizeof(*x->leaders), compare_leaders);
	for (i = 0; i < n; i++)
		x->leaders[i].name = ctx_volunteer_name(r, x->leaders[i].name);
	x->n[PART_BOARD] = n;
}

static int compare_weight(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return (a > b) - (a < b); /* the earlier first */
}

/* Ranks the recap by attendance, for trimming. */
static void rank_recap(struct issue *x)
{
	size_t n = x->n[PART_RECAP], i;
	struct entry **by = arena_array(&x->r->page, n + 1, sizeof(*by));

	for (i = 0; i < n; i++)
		by[i] = &x->list[PART_RECAP][i];
	qsort(by, n, sizeof(*by), compare_weight);
	for (i = 0; i < n; i++)
		by[i]->rank = i;
}

static void prepare(struct issue *x)
{
	struct render *r = x->r;
	enum part p;
	size_t i;

	prepare_lead(x);
	prepare_recap(x);
	prepare_coming(x);
	prepare_honours(x);
	prepare_board(x);
	rank_recap(x);
	for (p = PART_RECAP; p < PARTS; p++) {
		x->heading[p] = render_string(r, part_keys[p]);
		x->cont[p] = bl_pattern(r, "bulletin.continued", "title",
		    x->heading[p]);
		x->heading_h[p] = heading_height(x, x->heading[p]);
		x->cont_h[p] = heading_height(x, x->cont[p]);
		for (i = 0; p != PART_BOARD && i < x->n[p]; i++)
			measure_entry(x, &x->list[p][i]);
	}
}

/* --- the plan ---------------------------------------------------------- */

struct plan {
	struct issue *x;
	struct bl_block *b;
	size_t n;
	int section;
};

static void add(struct plan *pl, enum part part, enum piece piece,
    size_t index, double height, double line)
{
	struct bl_block *b = &pl->b[pl->n];
	struct slot *s = &pl->x->slots[pl->n++];

	memset(b, 0, sizeof(*b));
	b->height = height;
	b->line = line;
	b->keep_next = piece == P_HEADING || piece == P_LEAD_HEAD ||
	    (piece == P_LEAD_BLOCK && pl->x->blocks[index].heading);
	b->section = (int)part;
	b->cont = part == PART_LEAD ? 0 : pl->x->cont_h[part];
	s->part = part;
	s->piece = piece;
	s->index = index;
}

static bool lead_longer(const struct issue *x, const struct trim *t)
{
	return t->lead_cut ? x->cut != x->blocks[0].text || x->nblocks > 1 :
	    t->lead_blocks < x->nblocks;
}

static void plan_lead(struct plan *pl, const struct trim *t)
{
	struct issue *x = pl->x;
	size_t i;

	if (!x->story || t->lead_blocks == 0)
		return;
	add(pl, PART_LEAD, P_LEAD_HEAD, 0, x->head_h + (t->cover && x->cover_h ?
	    x->cover_h + 6 : 0), 0);
	if (t->lead_cut)
		add(pl, PART_LEAD, P_LEAD_CUT, 0, x->cut_h, bl_text.line);
	for (i = 0; !t->lead_cut && i < t->lead_blocks; i++)
		add(pl, PART_LEAD, P_LEAD_BLOCK, i, x->blocks[i].height,
		    x->blocks[i].breakable ? bl_text.line : 0);
	if (lead_longer(x, t))
		add(pl, PART_LEAD, P_LEAD_MORE, 0, x->more_h, 0);
}

/* Whether entry i of part p is shown under t. */
static bool shown(const struct issue *x, const struct trim *t, enum part p,
    size_t i)
{
	return p == PART_RECAP ? x->list[p][i].rank < t->max[p] : i < t->max[p];
}

static size_t hidden(const struct issue *x, const struct trim *t, enum part p)
{
	return x->n[p] > t->max[p] ? x->n[p] - t->max[p] : 0;
}

static void plan_list(struct plan *pl, const struct trim *t, enum part p)
{
	struct issue *x = pl->x;
	size_t i;

	if (x->n[p] == 0)
		return;
	add(pl, p, P_HEADING, 0, x->heading_h[p], 0);
	if (p == PART_COMING && t->break_coming)
		pl->b[pl->n - 1].new_sheet = true;
	if (p == PART_RECAP)
		add(pl, p, P_FIGURES, 0, 100, 0);
	if (p == PART_BOARD) {
		size_t rows = x->n[p] < t->max[p] ? x->n[p] : t->max[p];
		add(pl, p, P_BOARD, 0, 20 + 23 * (double)rows + 8, 0);
		return;
	}
	for (i = 0; i < x->n[p]; i++)
		if (shown(x, t, p, i))
			add(pl, p, P_ITEM, i, entry_height(&x->list[p][i],
			    t->text[p]), 0);
	if (hidden(x, t, p)) {
		pl->b[pl->n - 1].keep_next = true; /* "and 3 more" ends the list */
		add(pl, p, P_MORE, 0, bl_small.line * 2 + 8, 0);
	}
}

/* Plans the blocks for t and packs them; true when they fit. The plan
 * stays in b->blocks and x->slots until the next call. */
static bool plan(struct issue *x, const struct trim *t)
{
	struct bulletin *b = x->b;
	size_t need = x->nblocks + 8;
	struct plan pl = {x, NULL, 0, 0};
	enum part p;

	for (p = PART_RECAP; p < PARTS; p++)
		need += x->n[p] + 3;
	if (need > b->blocks_cap) {
		b->blocks_cap = need * 2;
		b->blocks = xreallocarray(b->blocks, b->blocks_cap,
		    sizeof(*b->blocks));
	}
	if (!x->slots)
		x->slots = arena_array(&x->r->page, need, sizeof(*x->slots));
	pl.b = b->blocks;
	plan_lead(&pl, t);
	for (p = PART_RECAP; p < PARTS; p++)
		plan_list(&pl, t, p);
	x->nslots = pl.n;
	return bl_pack(pl.b, pl.n, b->caps, b->pages);
}

/* --- trimming ---------------------------------------------------------- */

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

static struct trim full(const struct issue *x)
{
	struct trim t;
	enum part p;

	memset(&t, 0, sizeof(t));
	t.lead_blocks = x->lead_default;
	t.cover = true;
	t.break_coming = x->b->pages > 1;
	for (p = PART_LEAD; p < PARTS; p++) {
		t.text[p] = true;
		t.max[p] = x->n[p];
	}
	t.max[PART_BOARD] = min_size(x->n[PART_BOARD], BOARD_ROWS);
	return t;
}

/* Finds the largest *v in [lo, *v] for which the issue fits and plans
 * it. False, with *v = lo, when even lo does not fit. */
static bool search(struct issue *x, struct trim *t, size_t *v, size_t lo)
{
	size_t hi = *v, best;

	if (hi <= lo)
		return plan(x, t);
	*v = lo;
	if (!plan(x, t))
		return false;
	best = lo++;
	while (lo <= hi) {
		*v = lo + (hi - lo) / 2;
		if (plan(x, t)) {
			best = *v;
			lo = *v + 1;
		} else {
			hi = *v - 1;
		}
	}
	*v = best;
	return plan(x, t);
}

/* Trims t step by step until the issue fits (see the top of the file). */
static bool fit(struct issue *x, struct trim *t)
{
	*t = full(x);
	if (plan(x, t))
		return true;
	t->break_coming = false;
	if (plan(x, t))
		return true;
	t->max[PART_BOARD] = min_size(t->max[PART_BOARD], BOARD_SHORT);
	t->text[PART_RECAP] = false;
	if (plan(x, t))
		return true;
	t->cover = false;
	if (plan(x, t))
		return true;
	while (t->lead_blocks > 1) {
		t->lead_blocks--;
		if (plan(x, t))
			return true;
	}
	if (x->cut && t->lead_blocks) {
		t->lead_cut = true;
		if (plan(x, t))
			return true;
	}
	if (search(x, t, &t->max[PART_RECAP], min_size(3, x->n[PART_RECAP])))
		return true;
	t->text[PART_COMING] = false;
	if (search(x, t, &t->max[PART_COMING], min_size(3, x->n[PART_COMING])))
		return true;
	t->text[PART_PEOPLE] = false;
	if (search(x, t, &t->max[PART_HONOURS], min_size(2, x->n[PART_HONOURS])) ||
	    search(x, t, &t->max[PART_PEOPLE], min_size(2, x->n[PART_PEOPLE])))
		return true;
	/* the last resort: less of everything */
	if (search(x, t, &t->max[PART_RECAP], 0) ||
	    search(x, t, &t->max[PART_COMING], 0) ||
	    search(x, t, &t->max[PART_BOARD], 0) ||
	    search(x, t, &t->max[PART_HONOURS], 0) ||
	    search(x, t, &t->max[PART_PEOPLE], 0))
		return true;
	t->lead_blocks = 0;
	return plan(x, t);
}

/* --- the context ------------------------------------------------------- */

/* Where a part's piece goes while the context is built. */
struct frag {
	struct mu_value *v, *items, *board;
	struct buf lead;
};

static const char *nobr(struct render *r, const char *s)
{
	struct buf b = BUF_INIT;
	const char *out;

	if (!s)
		return NULL;
	bl_nobr_text(&b, s);
	out = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return out;
}

static void set_lines(struct render *r, struct mu_value *v, const char *key,
    int n)
{
	mu_map_set_num(&r->page, v, key, n);
}

/* Appends the story's block html with the budget's line count on its
 * first tag and numbers kept whole. */
static void add_block_html(struct buf *out, const char *html, int lines)
{
	const char *gt = strchr(html, '>');
	struct buf tmp = BUF_INIT;

	if (gt) {
		buf_add(&tmp, html, (size_t)(gt - html));
		buf_printf(&tmp, " data-lines=\"%d\"", lines);
		buf_adds(&tmp, gt);
	} else {
		buf_adds(&tmp, html);
	}
	bl_nobr_html(out, tmp.data, tmp.len);
	buf_release(&tmp);
}

static struct mu_value *lead_head(struct issue *x, const struct trim *t)
{
	struct render *r = x->r;
	struct mu_value *v = mu_map_new(&r->page);
	const struct story *st = x->story;

	mu_map_set_str_ref(&r->page, v, "title", nobr(r, st->title));
	set_lines(r, v, "title_lines", x->title_lines);
	mu_map_set_str_ref(&r->page, v, "byline", nobr(r, x->byline));
	mu_map_set_str_ref(&r->page, v, "url", arena_printf(&r->page,
	    "stories/%s/index.html", st->id));
	if (t->cover && x->cover_h > 0) {
		struct mu_value *c = ctx_photo(r, &st->cover_photo, st->title);
		mu_map_set_num(&r->page, c, "height_pt", x->cover_h);
		mu_map_set(&r->page, v, "cover", c);
	}
	bl_check_text(x->b, st->title, st->pos);
	bl_check_text(x->b, st->author, st->pos);
	return v;
}

static struct mu_value *lead_more(struct issue *x)
{
	struct render *r = x->r;
	struct mu_value *v = mu_map_new(&r->page);

	mu_map_set_str_ref(&r->page, v, "label", render_string(r,
	    "bulletin.read_more"));
	mu_map_set_str_ref(&r->page, v, "shown", story_address(x, true));
	if (r->m->site.base_url)
		mu_map_set_str_ref(&r->page, v, "href", story_address(x, false));
	else
		mu_map_set_str_ref(&r->page, v, "url", story_address(x, false));
	set_lines(r, v, "lines", x->more_lines);
	return v;
}

static void add_figure(struct render *r, struct mu_value *list,
    const char *value, const char *key)
{
	struct mu_value *v = mu_map_new(&r->page);

	mu_map_set_str_ref(&r->page, v, "value", value);
	mu_map_set_str_ref(&r->page, v, "label", render_string(r, key));
	mu_list_push(&r->page, list, v);
}

static struct mu_value *recap_figures(struct issue *x)
{
	struct render *r = x->r;
	struct mu_value *list = mu_list_new(&r->page);

	add_figure(r, list, ctx_number(r, (double)x->n[PART_RECAP]),
	    "bulletin.fig_activities");
	add_figure(r, list, x->has_participants ? ctx_number(r,
	    (double)x->participants) : "—", "bulletin.fig_participants");
	add_figure(r, list, x->has_volunteers ? ctx_number(r,
	    (double)x->volunteers) : "—", "bulletin.fig_volunteers");
	add_figure(r, list, ctx_number(r, x->hours), "bulletin.fig_hours");
	return list;
}

static struct mu_value *item(struct issue *x, const struct trim *t,
    enum part p, const struct entry *e)
{
	struct render *r = x->r;
	struct mu_value *v = mu_map_new(&r->page);
	const char *text = t->text[p] ? e->text : NULL;

	mu_map_set_str_ref(&r->page, v, "when", nobr(r, e->when));
	set_lines(r, v, "when_lines", e->when_lines);
	mu_map_set_str_ref(&r->page, v, "head", nobr(r, e->head));
	set_lines(r, v, "head_lines", e->head_lines);
	mu_map_set_str_ref(&r->page, v, "meta", nobr(r, e->meta));
	set_lines(r, v, "meta_lines", e->meta_lines);
	mu_map_set_str_ref(&r->page, v, "text", nobr(r, text));
	set_lines(r, v, "text_lines", e->text_lines);
	bl_check_text(x->b, e->when, e->pos);
	bl_check_text(x->b, e->head, e->pos);
	bl_check_text(x->b, e->meta, e->pos);
	bl_check_text(x->b, text, e->pos);
	return v;
}

static struct mu_value *board(struct issue *x, const struct trim *t)
{
	struct render *r = x->r;
	struct mu_value *list = mu_list_new(&r->page);
	size_t i, n = min_size(x->n[PART_BOARD], t->max[PART_BOARD]);

	size_t rank = 1;

	for (i = 0; i < n; i++) {
		const struct leader *l = &x->leaders[i];
		struct mu_value *v = mu_map_new(&r->page);
		/* equal points and hours share a place: 1, 1, 3 */
		if (i > 0 && (l->points != l[-1].points || l->hours != l[-1].hours))
			rank = i + 1;
		mu_map_set_num(&r->page, v, "rank", (double)rank);
		mu_map_set_str_ref(&r->page, v, "name", l->name);
		mu_map_set_num(&r->page, v, "points", (double)l->points);
		mu_map_set_str_ref(&r->page, v, "hours", ctx_number(r, l->hours));
		bl_check_text(x->b, l->name, l->pos);
		mu_list_push(&r->page, list, v);
	}
	return list;
}

static void close_frag(struct render *r, struct frag *f)
{
	if (f->v && f->lead.len)
		mu_map_set_str(&r->page, f->v, "lead_html", f->lead.data);
	buf_reset(&f->lead);
}

static void open_frag(struct issue *x, struct frag *f, struct mu_value *parts,
    const struct slot *s, const struct bl_block *b)
{
	struct render *r = x->r;

	close_frag(r, f);
	f->v = mu_map_new(&r->page);
	f->items = f->board = NULL;
	mu_map_set_str_ref(&r->page, f->v, "kind", part_names[s->part]);
	if (s->piece == P_HEADING || b->continued) {
		const char *h = b->continued && s->piece != P_HEADING ?
		    x->cont[s->part] : x->heading[s->part];
		mu_map_set_str_ref(&r->page, f->v, "heading", h);
		set_lines(r, f->v, "heading_lines", lines(x, h, bl_section, 0));
	}
	mu_list_push(&r->page, parts, f->v);
}

static void add_piece(struct issue *x, const struct trim *t, struct frag *f,
    const struct slot *s)
{
	struct render *r = x->r;
	char num[32];

	switch (s->piece) {
	case P_HEADING:
		break;
	case P_LEAD_HEAD:
		mu_map_set(&r->page, f->v, "lead_head", lead_head(x, t));
		break;
	case P_LEAD_BLOCK:
		add_block_html(&f->lead, x->blocks[s->index].html,
		    x->blocks[s->index].lines);
		bl_check_story_text(x->b, x->story, x->blocks[s->index].text);
		break;
	case P_LEAD_CUT:
		buf_printf(&f->lead, "<p data-lines=\"%d\">", x->cut_lines);
		bl_nobr_text(&f->lead, x->cut);
		buf_adds(&f->lead, "</p>");
		bl_check_story_text(x->b, x->story, x->cut);
		break;
	case P_LEAD_MORE:
		mu_map_set(&r->page, f->v, "lead_more", lead_more(x));
		break;
	case P_FIGURES:
		mu_map_set(&r->page, f->v, "figures", recap_figures(x));
		mu_map_set_bool(&r->page, f->v, "has_figures", true);
		break;
	case P_ITEM:
		if (!f->items) {
			f->items = mu_list_new(&r->page);
			mu_map_set(&r->page, f->v, "items", f->items);
			mu_map_set_bool(&r->page, f->v, "has_items", true);
		}
		mu_list_push(&r->page, f->items, item(x, t, s->part,
		    &x->list[s->part][s->index]));
		break;
	case P_MORE:
		snprintf(num, sizeof(num), "%zu", hidden(x, t, s->part));
		mu_map_set_str_ref(&r->page, f->v, "more", bl_pattern(r,
		    "bulletin.and_more", "n", num));
		break;
	case P_BOARD:
		mu_map_set(&r->page, f->v, "board", board(x, t));
		mu_map_set_bool(&r->page, f->v, "has_board", true);
		break;
	}
}

/* "第1页 共2页" */
static const char *page_label(struct render *r, const char *page,
    const char *pages)
{
	const char *t = bl_pattern(r, "bulletin.page_of", "page", page);
	const char *at = strstr(t, "{pages}");

	if (!at)
		return t;
	return arena_printf(&r->page, "%.*s%s%s", (int)(at - t), t, pages, at + 7);
}

/* The sheets, each with the fragments of parts the plan put on it. */
static struct mu_value *sheets(struct issue *x, const struct trim *t)
{
	struct render *r = x->r;
	struct bulletin *b = x->b;
	struct mu_value *list = mu_list_new(&r->page), *sheet = NULL, *parts = NULL;
	struct frag f = {NULL, NULL, NULL, BUF_INIT};
	char page[16], pages[16];
	size_t i = 0;
	int s;

	snprintf(pages, sizeof(pages), "%d", b->pages);
	for (s = 0; s < b->pages; s++) {
		sheet = mu_map_new(&r->page);
		parts = mu_list_new(&r->page);
		snprintf(page, sizeof(page), "%d", s + 1);
		mu_map_set_num(&r->page, sheet, "page", s + 1);
		mu_map_set_str_ref(&r->page, sheet, "page_label", page_label(r, page,
		    pages));
		mu_map_set_bool(&r->page, sheet, "first", s == 0);
		mu_map_set_bool(&r->page, sheet, "last", s == b->pages - 1);
		mu_map_set(&r->page, sheet, "parts", parts);
		f.v = NULL;
		for (; i < x->nslots && b->blocks[i].sheet == s; i++) {
			if (!f.v || x->slots[i].part != x->slots[i - 1].part ||
			    x->slots[i].piece == P_HEADING)
				open_frag(x, &f, parts, &x->slots[i], &b->blocks[i]);
			add_piece(x, t, &f, &x->slots[i]);
		}
		close_frag(r, &f);
		mu_list_push(&r->page, list, sheet);
	}
	buf_release(&f.lead);
	return list;
}

static struct mu_value *issue_value(struct issue *x)
{
	struct render *r = x->r;
	const struct bl_issue *is = x->is;
	struct mu_value *v = mu_map_new(&r->page);
	char num[16];

	snprintf(num, sizeof(num), "%d", is->number);
	mu_map_set_num(&r->page, v, "number", is->number);
	mu_map_set_str_ref(&r->page, v, "number_label", bl_pattern(r,
	    "bulletin.number", "n", num));
	mu_map_set_str_ref(&r->page, v, "period", is->label);
	mu_map_set_str_ref(&r->page, v, "period_html", nobr(r, is->label));
	mu_map_set_str_ref(&r->page, v, "slug", is->slug);
	mu_map_set_str_ref(&r->page, v, "issued", bl_pattern(r,
	    "bulletin.issued", "date", ctx_date_long(r, is->issued)));
	mu_map_set(&r->page, v, "issued_date", ctx_date(r, is->issued));
	return v;
}

struct mu_value *bl_issue_context(struct bulletin *b, const struct bl_issue *is)
{
	struct render *r = b->r;
	struct issue x;
	struct trim t;
	struct mu_value *ctx = mu_map_new(&r->page);

	memset(&x, 0, sizeof(x));
	x.b = b;
	x.r = r;
	x.is = is;
	x.col = bl_column_pt();
	prepare(&x);
	if (!fit(&x, &t))
		diag_warning(r->d, pos_make(r->m->site.pos.path, 0, 0), "bulletin "
		    "%s does not fit on %d pages even with most of it left out; "
		    "what does not fit is cut off (set bulletin.pages higher)",
		    is->slug, b->pages);
	mu_map_set(&r->page, ctx, "issue", issue_value(&x));
	mu_map_set(&r->page, ctx, "sheets", sheets(&x, &t));
	mu_map_set_num(&r->page, ctx, "pages", b->pages);
	mu_map_set_str_ref(&r->page, ctx, "fonts_css", b->fonts_css);
	mu_map_set_str_ref(&r->page, ctx, "page_css", b->page_css);
	mu_map_set_str_ref(&r->page, ctx, "qr", b->qr_svg);
	mu_map_set_str_ref(&r->page, ctx, "hotline", nobr(r, r->m->site.hotline));
	mu_map_set_str_ref(&r->page, ctx, "address", nobr(r, r->m->site.address));
	if (r->m->site.base_url)
		mu_map_set_str_ref(&r->page, ctx, "web", display_url(r,
		    r->m->site.base_url));
	return ctx;
}
