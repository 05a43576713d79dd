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
 * page of its own, the leaderboard keeps its top 5, recap summaries go
 * (the least attended first, as few as need to),
 * the cover photo goes, the lead story loses blocks down to its first
 * (then only that block's first sentences), the recap keeps its most
 * attended activities ("及其他N项活动"), then the coming list, citations
 * and honours are shortened the same way. When they fit with room to
 * spare, the room is filled (fill_room, bulletin_fill.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "media.h"
#include "utf8.h"
#include "xalloc.h"

#define LEAD_CHARS 500 /* the lead excerpt: opening blocks up to this long */
#define LEAD_CUT 150   /* a lone paragraph cut to its first sentences */
#define BOARD_ROWS 10
#define BOARD_SHORT 5
#define COVER_MAX_MM 55.0
#define BIG_COVER_MM 100.0 /* the cover in a thin issue */
#define THIN_SHEET 0.6     /* a first sheet less full keeps "coming up" */

static const char *const part_keys[] = {"", "bulletin.recap",
    "bulletin.photos", "bulletin.coming", "bulletin.honours",
    "bulletin.people", "bulletin.board", "bulletin.team_month",
    "bulletin.year", "bulletin.year_board", "bulletin.notices",
    "bulletin.stories"};

/* --- heights ----------------------------------------------------------- */

static int lines(struct bl_content *x, const char *s, struct bl_font f,
    double indent)
{
	return s ? bl_lines(s, strlen(s), f, x->col, indent) : 0;
}

/* h2.sec: lines, 3pt padding, 1.5pt rule, margins 12pt above, 6pt below. */
static double heading_height(int lines)
{
	return lines * bl_section.line + 22.5;
}

/* .item: lines, 6pt padding, a 0.75pt rule, 6pt margin; a photo 4pt
 * above the words. */
static double entry_height(const struct bl_entry *e, bool text)
{
	return (e->photo ? e->photo_h + 4 : 0) + e->when_lines * bl_text.line + e->head_lines * bl_text.line +
	    e->meta_lines * bl_small.line + (text ? e->text_lines *
	    bl_text.line : 0) + 12.75;
}

static void measure_entry(struct bl_content *x, struct bl_entry *e)
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
static double para_indent(struct bl_content *x)
{
	return x->r->m->site.language == LANG_EN ? 0 : 2;
}

/* Lists in html, nested or not. */
static int count_lists(const char *html)
{
	const char *p;
	int n = 0;

	for (p = html; (p = strstr(p, "<ul")); p += 3)
		n++;
	for (p = html; (p = strstr(p, "<ol")); p += 3)
		n++;
	return n;
}

static void measure_block(struct bl_content *x, struct bl_lead_block *lb)
{
	struct buf text = BUF_INIT;
	double width = x->col;
	int lists = count_lists(lb->html);
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
	if (lists) /* nested lists: each level 1.5em in, 6pt below */
		width -= 1.5 * bl_text.size * (lists < 3 ? lists : 3);
	/* every line of the text is a paragraph or list item of its own */
	for (p = lb->text; *p;) {
		size_t n = strcspn(p, "\n");
		lb->lines += bl_lines(p, n, bl_text, width,
		    starts_with(lb->html, "<p") ? para_indent(x) : 0);
		p += n + (p[n] == '\n');
	}
	lb->height = lb->lines * bl_text.line + 6 + 6 * (lists > 1 ? lists - 1 : 0);
}

/* The first sentences of the first paragraph, up to LEAD_CUT characters. */
static const char *cut_text(struct bl_content *x, const char *text)
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

const char *bl_story_address(const struct bl_content *x, bool display)
{
	const char *base = x->r->m->site.base_url;
	const char *url = arena_printf(&x->r->page, "stories/%s/%s",
	    x->story->id, display ? "" : "index.html");

	return base ? arena_printf(&x->r->page, "%s%s", base, url) : url;
}

/* "Read the whole story": on paper a link is only what it says, so the
 * full address and its QR code beside (with base_url), else only that the
 * story is on the website; never a path that leads nowhere from paper. */
static void prepare_more(struct bl_content *x)
{
	struct render *r = x->r;

	if (r->m->site.base_url) {
		double width = x->col - (BL_STORY_QR_MM + 3) * BL_PT_PER_MM;
		x->more_text = arena_printf(&r->page, "%s%s",
		    render_string(r, "bulletin.read_more"), bl_story_address(x,
		    true));
		x->more_lines = bl_lines(x->more_text, strlen(x->more_text),
		    bl_small, width, 0) + 1; /* and "scan to read it all" */
		x->more_h = fmax(x->more_lines * bl_small.line, BL_STORY_QR_MM *
		    BL_PT_PER_MM) + 6;
	} else {
		x->more_text = render_string(r, "bulletin.read_more_site");
		x->more_lines = lines(x, x->more_text, bl_small, 0);
		x->more_h = x->more_lines * bl_small.line + 6;
	}
}

static void prepare_lead(struct bl_content *x)
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
		struct bl_lead_block *lb = &x->blocks[x->nblocks];
		/* pictures and code would not print well in a column */
		if (strstr(h, "<img") || starts_with(h, "<pre") ||
		    starts_with(h, "<hr"))
			continue;
		/* Links to media: absolute with base_url, else just text. */
		lb->html = ctx_story_html(r, st, h, r->m->site.base_url, false);
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
	if (st->cover && media_shown(cover)) {
		const struct media_variant *v =
		    &cover->media->variants[cover->media->nvariants - 1];
		double ratio = (double)v->height / v->width;
		x->cover_h = fmin(x->col * ratio, COVER_MAX_MM * BL_PT_PER_MM);
		x->cover_h = ceil(x->cover_h);
		x->big_cover_h = ceil(fmin(x->col * ratio, BIG_COVER_MM *
		    BL_PT_PER_MM));
	}
	if (x->nblocks && starts_with(x->blocks[0].html, "<p")) {
		x->cut = cut_text(x, x->blocks[0].text);
		x->cut_lines = lines(x, x->cut, bl_text, para_indent(x));
		x->cut_h = x->cut_lines * bl_text.line + 6;
	}
	prepare_more(x);
}

/* --- the lists --------------------------------------------------------- */

static const char *figures(struct bl_content *x, const struct activity *a)
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

static struct bl_entry *new_list(struct bl_content *x, enum bl_part p, size_t cap)
{
	x->list[p] = arena_array(&x->r->page, cap + 1, sizeof(struct bl_entry));
	return x->list[p];
}

static void prepare_recap(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct bl_entry *v = new_list(x, BL_PART_RECAP, is->nacts);
	size_t i;

	for (i = 0; i < is->nacts; i++) {
		const struct activity *a = is->acts[i];
		struct bl_entry *e;
		if (a->status != STATUS_DONE || date_cmp(a->date, is->issued) > 0)
			continue;
		e = &v[x->n[BL_PART_RECAP]++];
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

static void prepare_coming(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct bl_entry *v = new_list(x, BL_PART_COMING, is->ncoming);
	size_t i;

	for (i = 0; i < is->ncoming; i++) {
		const struct activity *a = is->coming[i];
		struct bl_entry *e;
		const char *when;
		if (a->status == STATUS_CANCELLED)
			continue;
		e = &v[x->n[BL_PART_COMING]++];
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
		/* An activity that has happened since (a past issue's coming
		 * up) shows as it was announced: its summary now tells how it
		 * went, which the issue could not have known. */
		e->text = a->status == STATUS_DONE ? NULL : a->summary;
		e->pos = a->pos;
	}
}

static const char *honour_meta(struct bl_content *x, const struct achievement *h)
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

static void prepare_honours(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct bl_entry *hv = new_list(x, BL_PART_HONOURS, is->nachs);
	struct bl_entry *pv = new_list(x, BL_PART_PEOPLE, is->nachs);
	size_t i;

	for (i = 0; i < is->nachs; i++) {
		const struct achievement *h = is->achs[i];
		struct bl_entry *e;
		if (date_cmp(h->date, is->issued) > 0)
			continue;
		if (h->kind == ACH_PERSON) {
			e = &pv[x->n[BL_PART_PEOPLE]++];
			e->head = h->title ? arena_printf(&r->page, "%s%s%s", h->name,
			    render_string(r, "bulletin.separator"), h->title) : h->name;
			e->text = h->citation;
		} else {
			e = &hv[x->n[BL_PART_HONOURS]++];
			e->head = h->title;
			e->meta = honour_meta(x, h);
		}
		e->pos = h->pos;
	}
}

static int compare_leaders(const void *pa, const void *pb)
{
	const struct bl_leader *a = pa, *b = pb;

	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	if (a->hours != b->hours)
		return a->hours > b->hours ? -1 : 1;
	return strcmp(a->name, b->name);
}

size_t bl_leaders(struct render *r, const struct service *const *svc,
    size_t nrows, struct date upto, struct bl_leader **out)
{
	struct strmap seen;
	struct bl_leader *v = arena_array(&r->page, nrows + 1, sizeof(*v));
	size_t i, n = 0;

	strmap_init(&seen, &r->page);
	for (i = 0; i < nrows; i++) {
		const struct service *s = svc[i];
		struct bl_leader *l;
		if (date_cmp(s->date, upto) > 0 || !s->volunteer || !*s->volunteer)
			continue;
		l = strmap_get(&seen, s->volunteer);
		if (!l) {
			l = &v[n++];
			l->name = s->volunteer;
			l->pos = s->pos;
			strmap_put(&seen, s->volunteer, l);
		}
		l->points += s->points;
		l->hours += s->hours;
	}
	qsort(v, n, sizeof(*v), compare_leaders);
	for (i = 0; i < n; i++)
		v[i].name = ctx_volunteer_name(r, v[i].name);
	*out = v;
	return n;
}

/* The period's points per volunteer, from its service rows. */
static void prepare_board(struct bl_content *x)
{
	x->n[BL_PART_BOARD] = bl_leaders(x->r, x->is->svc, x->is->nsvc,
	    x->is->issued, &x->leaders);
}

static int compare_weight(const void *pa, const void *pb)
{
	const struct bl_entry *a = *(const struct bl_entry *const *)pa;
	const struct bl_entry *b = *(const struct bl_entry *const *)pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return (a > b) - (a < b); /* the earlier first */
}

/* Ranks the recap by attendance, for trimming. */
static void rank_recap(struct bl_content *x)
{
	size_t n = x->n[BL_PART_RECAP], i;
	struct bl_entry **by = arena_array(&x->r->page, n + 1, sizeof(*by));

	for (i = 0; i < n; i++)
		by[i] = &x->list[BL_PART_RECAP][i];
	qsort(by, n, sizeof(*by), compare_weight);
	for (i = 0; i < n; i++)
		by[i]->rank = i;
}

static void prepare(struct bl_content *x)
{
	struct render *r = x->r;
	enum bl_part p;
	size_t i;

	prepare_lead(x);
	prepare_recap(x);
	prepare_coming(x);
	prepare_honours(x);
	prepare_board(x);
	bl_prepare_extras(x);
	rank_recap(x);
	for (p = BL_PART_RECAP; p < BL_PARTS; p++) {
		x->heading[p] = render_string(r, part_keys[p]);
		x->cont[p] = bl_pattern(r, "bulletin.continued", "title",
		    x->heading[p]);
		x->heading_lines[p] = lines(x, x->heading[p], bl_section, 0);
		x->cont_lines[p] = lines(x, x->cont[p], bl_section, 0);
		x->heading_h[p] = heading_height(x->heading_lines[p]);
		x->cont_h[p] = heading_height(x->cont_lines[p]);
		for (i = 0; !BL_TABLE(p) && p != BL_PART_YEAR && i < x->n[p]; i++)
			measure_entry(x, &x->list[p][i]);
	}
}

/* --- the plan ---------------------------------------------------------- */

struct plan {
	struct bl_content *x;
	struct bl_block *b;
	size_t n;
	int section;
};

static void add(struct plan *pl, enum bl_part part, enum bl_piece piece,
    size_t index, double height, double line)
{
	struct bl_block *b = &pl->b[pl->n];
	struct bl_slot *s = &pl->x->slots[pl->n++];

	memset(b, 0, sizeof(*b));
	b->height = height;
	b->line = line;
	b->keep_next = piece == BL_P_HEADING || piece == BL_P_LEAD_HEAD ||
	    (piece == BL_P_LEAD_BLOCK && pl->x->blocks[index].heading);
	b->section = (int)part;
	b->cont = part == BL_PART_LEAD ? 0 : pl->x->cont_h[part];
	s->part = part;
	s->piece = piece;
	s->index = index;
}

static bool lead_longer(const struct bl_content *x, const struct bl_trim *t)
{
	return t->lead_cut ? x->cut != x->blocks[0].text || x->nblocks > 1 :
	    t->lead_blocks < x->nblocks;
}

static void plan_lead(struct plan *pl, const struct bl_trim *t)
{
	struct bl_content *x = pl->x;
	size_t i;

	if (!x->story || t->lead_blocks == 0)
		return;
	add(pl, BL_PART_LEAD, BL_P_LEAD_HEAD, 0, x->head_h + (t->cover && x->cover_h ?
	    (t->big_cover ? x->big_cover_h : x->cover_h) + 6 : 0), 0);
	if (t->lead_cut)
		add(pl, BL_PART_LEAD, BL_P_LEAD_CUT, 0, x->cut_h, bl_text.line);
	for (i = 0; !t->lead_cut && i < t->lead_blocks; i++)
		add(pl, BL_PART_LEAD, BL_P_LEAD_BLOCK, i, x->blocks[i].height,
		    x->blocks[i].breakable ? bl_text.line : 0);
	if (lead_longer(x, t))
		add(pl, BL_PART_LEAD, BL_P_LEAD_MORE, 0, x->more_h, 0);
}

/* Whether entry i of part p is shown under t. */
static bool shown(const struct bl_content *x, const struct bl_trim *t, enum bl_part p,
    size_t i)
{
	return p == BL_PART_RECAP ? x->list[p][i].rank < t->max[p] : i < t->max[p];
}

bool bl_shows_text(const struct bl_trim *t, enum bl_part p,
    const struct bl_entry *e)
{
	return t->text[p] && (p != BL_PART_RECAP || e->rank < t->recap_text);
}

size_t bl_hidden(const struct bl_content *x, const struct bl_trim *t,
    enum bl_part p)
{
	if (BL_EXTRA(p))
		return 0; /* room filled as far as it goes: nothing left out */
	return x->n[p] > t->max[p] ? x->n[p] - t->max[p] : 0;
}

static void plan_list(struct plan *pl, const struct bl_trim *t, enum bl_part p)
{
	struct bl_content *x = pl->x;
	size_t i;

	if (x->n[p] == 0 || (BL_EXTRA(p) && t->max[p] == 0))
		return; /* an extra part without room is not begun */
	add(pl, p, BL_P_HEADING, 0, x->heading_h[p], 0);
	if (p == BL_PART_COMING && t->break_coming)
		pl->b[pl->n - 1].new_sheet = true;
	if (p == BL_PART_RECAP || p == BL_PART_YEAR)
		add(pl, p, BL_P_FIGURES, 0, 100, 0);
	if (p == BL_PART_YEAR)
		return; /* figures only */
	if (BL_TABLE(p)) {
		size_t rows = x->n[p] < t->max[p] ? x->n[p] : t->max[p];
		add(pl, p, BL_P_BOARD, 0, 20 + 23 * (double)rows + 8, 0);
		return;
	}
	for (i = 0; i < x->n[p]; i++)
		if (shown(x, t, p, i))
			add(pl, p, BL_P_ITEM, i, entry_height(&x->list[p][i],
			    bl_shows_text(t, p, &x->list[p][i])), 0);
	if (bl_hidden(x, t, p)) {
		pl->b[pl->n - 1].keep_next = true; /* "and 3 more" ends the list */
		add(pl, p, BL_P_MORE, 0, bl_small.line * 2 + 8, 0);
	}
}

/* Plans the blocks for t and packs them; true when they fit. The plan
 * stays in b->blocks and x->slots until the next call. */
static bool plan(struct bl_content *x, const struct bl_trim *t)
{
	struct bulletin *b = x->b;
	size_t need = x->nblocks + 8;
	struct plan pl = {x, NULL, 0, 0};
	enum bl_part p;

	for (p = BL_PART_RECAP; p < BL_PARTS; p++)
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
	for (p = BL_PART_RECAP; p < BL_PARTS; p++)
		plan_list(&pl, t, p);
	x->nslots = pl.n;
	return bl_pack(pl.b, pl.n, b->caps, b->pages);
}

/* --- trimming ---------------------------------------------------------- */

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

static struct bl_trim full(const struct bl_content *x)
{
	struct bl_trim t;
	enum bl_part p;

	memset(&t, 0, sizeof(t));
	t.lead_blocks = x->lead_default;
	t.cover = true;
	t.break_coming = x->b->pages > 1;
	for (p = BL_PART_LEAD; p < BL_PARTS; p++) {
		t.text[p] = true;
		t.max[p] = x->n[p];
	}
	t.max[BL_PART_BOARD] = min_size(x->n[BL_PART_BOARD], BOARD_ROWS);
	t.recap_text = x->n[BL_PART_RECAP];
	for (p = BL_PART_LEAD; p < BL_PARTS; p++)
		if (BL_EXTRA(p))
			t.max[p] = 0; /* added only where there is room: fill_room */
	return t;
}

/* Finds the largest *v in [lo, *v] for which the issue fits and plans
 * it. False, with *v = lo, when even lo does not fit. */
static bool search(struct bl_content *x, struct bl_trim *t, size_t *v, size_t lo)
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

/* The share of the first sheet's columns the plan fills. */
static double first_sheet_use(const struct bl_content *x)
{
	const struct bulletin *b = x->b;
	double used = 0;
	size_t i;

	for (i = 0; i < x->nslots && b->blocks[i].sheet == 0; i++)
		used += b->blocks[i].height;
	return used / (2 * b->caps[0]);
}

/* The issue fits with room to spare: the room goes to what readers want
 * (bulletin_fill.c), each part as far as it fits, so that no page is left
 * half blank. "Coming up" stays on the first sheet when that is thin. */
static void fill_room(struct bl_content *x, struct bl_trim *t)
{
	static const enum bl_part extras[] = {BL_PART_PHOTOS, BL_PART_TEAM,
	    BL_PART_YEAR, BL_PART_YEAR_BOARD, BL_PART_NOTICES, BL_PART_STORIES};
	size_t i;

	if (t->break_coming && first_sheet_use(x) < THIN_SHEET) {
		t->break_coming = false;
		if (!plan(x, t))
			t->break_coming = true;
	}
	if (x->big_cover_h > x->cover_h) {
		t->big_cover = true;
		if (!plan(x, t))
			t->big_cover = false;
	}
	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		t->max[extras[i]] = x->n[extras[i]];
		search(x, t, &t->max[extras[i]], 0);
	}
	plan(x, t); /* fits: every step kept only what did */
}

/* Trims t step by step until the issue fits (see the top of the file). */
static bool fit(struct bl_content *x, struct bl_trim *t)
{
	*t = full(x);
	if (plan(x, t)) {
		fill_room(x, t);
		return true;
	}
	t->break_coming = false;
	if (plan(x, t))
		return true;
	t->max[BL_PART_BOARD] = min_size(t->max[BL_PART_BOARD], BOARD_SHORT);
	/* the least attended activities' summaries go first, as few as
	 * need to: a cut no deeper than the room asks */
	if (search(x, t, &t->recap_text, 0))
		return true;
	t->text[BL_PART_RECAP] = false;
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
	if (search(x, t, &t->max[BL_PART_RECAP], min_size(3, x->n[BL_PART_RECAP])))
		return true;
	t->text[BL_PART_COMING] = false;
	if (search(x, t, &t->max[BL_PART_COMING], min_size(3, x->n[BL_PART_COMING])))
		return true;
	t->text[BL_PART_PEOPLE] = false;
	if (search(x, t, &t->max[BL_PART_HONOURS], min_size(2, x->n[BL_PART_HONOURS])) ||
	    search(x, t, &t->max[BL_PART_PEOPLE], min_size(2, x->n[BL_PART_PEOPLE])))
		return true;
	/* the last resort: less of everything */
	if (search(x, t, &t->max[BL_PART_RECAP], 0) ||
	    search(x, t, &t->max[BL_PART_COMING], 0) ||
	    search(x, t, &t->max[BL_PART_BOARD], 0) ||
	    search(x, t, &t->max[BL_PART_HONOURS], 0) ||
	    search(x, t, &t->max[BL_PART_PEOPLE], 0))
		return true;
	t->lead_blocks = 0;
	return plan(x, t);
}

bool bl_content_plan(struct bl_content *x, struct bl_trim *t)
{
	prepare(x);
	return fit(x, t);
}

bool bl_content_fills(struct bulletin *b, const struct bl_issue *is)
{
	struct bl_content x;
	struct bl_trim t;
	double used = 0, room = 0;
	size_t i;
	int s;

	memset(&x, 0, sizeof(x));
	x.b = b;
	x.r = b->r;
	x.is = is;
	x.col = bl_column_pt();
	prepare(&x);
	t = full(&x);
	t.break_coming = false; /* a page break is not content */
	if (!plan(&x, &t))
		return true; /* more than fits: it fills them */
	for (i = 0; i < x.nslots; i++)
		used += b->blocks[i].height;
	for (s = 0; s < b->pages; s++)
		room += 2 * b->caps[s];
	return used >= BL_FILL * room;
}
