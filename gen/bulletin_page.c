/*
 * bulletin_page: one issue's plan (bulletin_issue.c) -> the context of its
 * page (templates/bulletin.mustache): sheets, each with the parts of
 * sections the plan put on it; the words escaped, numbers kept whole
 * (<span class="nobr">), and each text's budgeted lines as data-lines,
 * which tests/bulletin-print.t checks against Chromium. Every character
 * printed is checked against the bulletin's fonts on the way.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bulletin.h"

static const char *const part_names[] = {"lead", "recap", "photos",
    "coming", "honours", "people", "board", "team", "year", "year-board",
    "notices", "stories"};

/* An address without its scheme, as people type it. */
static const char *display_url(struct render *r, const char *url)
{
	const char *p = strstr(url, "://");

	return p ? arena_strdup(&r->page, p + 3) : url;
}

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

/* Appends html without the links whose address is relative: written for
 * the story's own page, they lead nowhere from the bulletin's folder (the
 * text stays; cmark never nests links). */
static void drop_relative_links(struct buf *out, const char *html)
{
	const char *p = html, *a, *gt;
	bool dropping = false;

	while ((a = strchr(p, '<'))) {
		gt = strchr(a, '>');
		if (!gt)
			break;
		buf_add(out, p, (size_t)(a - p));
		if (strncmp(a, "<a href=\"", 9) == 0) {
			dropping = !(strncmp(a + 9, "http://", 7) == 0 ||
			    strncmp(a + 9, "https://", 8) == 0 ||
			    strncmp(a + 9, "mailto:", 7) == 0 ||
			    strncmp(a + 9, "tel:", 4) == 0);
			if (!dropping)
				buf_add(out, a, (size_t)(gt + 1 - a));
		} else if (strncmp(a, "</a>", 4) != 0 || !dropping) {
			buf_add(out, a, (size_t)(gt + 1 - a));
		}
		p = gt + 1;
	}
	buf_adds(out, p);
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
		drop_relative_links(&tmp, gt);
	} else {
		drop_relative_links(&tmp, html);
	}
	bl_nobr_html(out, tmp.data, tmp.len);
	buf_release(&tmp);
}

static struct mu_value *lead_head(struct bl_content *x, const struct bl_trim *t)
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
		/* Print-fit: about 300 dpi across the column (72 pt an inch). */
		int px = (int)ceil(x->col / 72.0 * 300.0);
		mu_map_set_str_ref(&r->page, c, "src", ctx_photo_url(r,
		    &st->cover_photo, px));
		mu_map_set_num(&r->page, c, "height_pt", t->big_cover ?
		    x->big_cover_h : x->cover_h);
		mu_map_set(&r->page, v, "cover", c);
	}
	bl_check_text(x->b, st->title, st->pos);
	bl_check_text(x->b, st->author, st->pos);
	return v;
}

static struct mu_value *lead_more(struct bl_content *x)
{
	struct render *r = x->r;
	struct mu_value *v = mu_map_new(&r->page);

	set_lines(r, v, "lines", x->more_lines);
	if (!r->m->site.base_url) {
		mu_map_set_str_ref(&r->page, v, "label", x->more_text);
		return v;
	}
	mu_map_set_str_ref(&r->page, v, "label", render_string(r,
	    "bulletin.read_more"));
	mu_map_set_str_ref(&r->page, v, "shown", bl_story_address(x, true));
	mu_map_set_str_ref(&r->page, v, "href", bl_story_address(x, true));
	mu_map_set_str_ref(&r->page, v, "qr", bl_qr_svg(&r->page,
	    bl_story_address(x, true)));
	mu_map_set_num(&r->page, v, "qr_mm", BL_STORY_QR_MM);
	mu_map_set_str_ref(&r->page, v, "scan", render_string(r,
	    "bulletin.scan_story"));
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

/* The recap's figures, or the year's so far (part p). */
static struct mu_value *recap_figures(struct bl_content *x, enum bl_part p)
{
	struct render *r = x->r;
	struct mu_value *list = mu_list_new(&r->page);
	bool year = p == BL_PART_YEAR;

	add_figure(r, list, ctx_number(r, year ? (double)x->year_acts :
	    (double)x->n[BL_PART_RECAP]), "bulletin.fig_activities");
	add_figure(r, list, (year ? x->year_has_participants :
	    x->has_participants) ? ctx_number(r, (double)(year ?
	    x->year_participants : x->participants)) : "—",
	    "bulletin.fig_participants");
	add_figure(r, list, (year ? x->year_has_volunteers : x->has_volunteers) ?
	    ctx_number(r, (double)(year ? x->year_volunteers : x->volunteers)) :
	    "—", "bulletin.fig_volunteers");
	add_figure(r, list, ctx_number(r, year ? x->year_hours : x->hours),
	    "bulletin.fig_hours");
	return list;
}

static struct mu_value *item(struct bl_content *x, const struct bl_trim *t,
    enum bl_part p, const struct bl_entry *e)
{
	struct render *r = x->r;
	struct mu_value *v = mu_map_new(&r->page);
	const char *text = bl_shows_text(t, p, e) ? e->text : NULL;

	if (e->photo) {
		struct mu_value *ph = ctx_photo(r, e->photo, e->head);
		/* print-fit, as the cover: about 300 dpi across the column */
		mu_map_set_str_ref(&r->page, ph, "src", ctx_photo_url(r, e->photo,
		    (int)ceil(x->col / 72.0 * 300.0)));
		mu_map_set_num(&r->page, ph, "height_pt", e->photo_h);
		mu_map_set(&r->page, v, "photo", ph);
	}
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

static struct mu_value *board(struct bl_content *x, const struct bl_trim *t,
    enum bl_part p)
{
	struct render *r = x->r;
	struct mu_value *list = mu_list_new(&r->page);
	size_t i, n = x->n[p] < t->max[p] ? x->n[p] : t->max[p];
	const struct bl_leader *leaders = p == BL_PART_BOARD ? x->leaders :
	    x->year_leaders;

	size_t rank = 1;

	for (i = 0; i < n; i++) {
		const struct bl_leader *l = &leaders[i];
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

static void open_frag(struct bl_content *x, struct frag *f, struct mu_value *parts,
    const struct bl_slot *s, const struct bl_block *b)
{
	struct render *r = x->r;

	close_frag(r, f);
	f->v = mu_map_new(&r->page);
	f->items = f->board = NULL;
	mu_map_set_str_ref(&r->page, f->v, "kind", part_names[s->part]);
	if (s->piece == BL_P_HEADING || b->continued) {
		const char *h = b->continued && s->piece != BL_P_HEADING ?
		    x->cont[s->part] : x->heading[s->part];
		mu_map_set_str_ref(&r->page, f->v, "heading", h);
		set_lines(r, f->v, "heading_lines", h == x->heading[s->part] ?
		    x->heading_lines[s->part] : x->cont_lines[s->part]);
	}
	mu_list_push(&r->page, parts, f->v);
}

static void add_piece(struct bl_content *x, const struct bl_trim *t, struct frag *f,
    const struct bl_slot *s)
{
	struct render *r = x->r;
	char num[32];

	switch (s->piece) {
	case BL_P_HEADING:
		break;
	case BL_P_LEAD_HEAD:
		mu_map_set(&r->page, f->v, "lead_head", lead_head(x, t));
		break;
	case BL_P_LEAD_BLOCK:
		add_block_html(&f->lead, x->blocks[s->index].html,
		    x->blocks[s->index].lines);
		bl_check_story_text(x->b, x->story, x->blocks[s->index].text);
		break;
	case BL_P_LEAD_CUT:
		buf_printf(&f->lead, "<p data-lines=\"%d\">", x->cut_lines);
		bl_nobr_text(&f->lead, x->cut);
		buf_adds(&f->lead, "</p>");
		bl_check_story_text(x->b, x->story, x->cut);
		break;
	case BL_P_LEAD_MORE:
		mu_map_set(&r->page, f->v, "lead_more", lead_more(x));
		break;
	case BL_P_FIGURES:
		mu_map_set(&r->page, f->v, "figures", recap_figures(x, s->part));
		mu_map_set_bool(&r->page, f->v, "has_figures", true);
		break;
	case BL_P_ITEM:
		if (!f->items) {
			f->items = mu_list_new(&r->page);
			mu_map_set(&r->page, f->v, "items", f->items);
			mu_map_set_bool(&r->page, f->v, "has_items", true);
		}
		mu_list_push(&r->page, f->items, item(x, t, s->part,
		    &x->list[s->part][s->index]));
		break;
	case BL_P_MORE:
		snprintf(num, sizeof(num), "%zu", bl_hidden(x, t, s->part));
		mu_map_set_str_ref(&r->page, f->v, "more", bl_pattern(r,
		    "bulletin.and_more", "n", num));
		break;
	case BL_P_BOARD:
		mu_map_set(&r->page, f->v, "board", board(x, t, s->part));
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
static struct mu_value *sheets(struct bl_content *x, const struct bl_trim *t)
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
			    x->slots[i].piece == BL_P_HEADING)
				open_frag(x, &f, parts, &x->slots[i], &b->blocks[i]);
			add_piece(x, t, &f, &x->slots[i]);
		}
		close_frag(r, &f);
		mu_list_push(&r->page, list, sheet);
	}
	buf_release(&f.lead);
	return list;
}

static struct mu_value *issue_value(struct bl_content *x)
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
	struct bl_content x;
	struct bl_trim t;
	struct mu_value *ctx = mu_map_new(&r->page);

	memset(&x, 0, sizeof(x));
	x.b = b;
	x.r = r;
	x.is = is;
	x.col = bl_column_pt();
	if (!bl_content_plan(&x, &t))
		diag_warning(r->d, pos_make(r->m->site.pos.path, 0, 0), "bulletin "
		    "%s does not fit on %d pages even trimmed to the least; the "
		    "rest is left out (set bulletin.pages higher)",
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
