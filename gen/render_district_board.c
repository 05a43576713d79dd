/*
 * render_district_board.c: the district's noticeboard, OUT/board/index.html
 * and board/build.json beside it.
 *
 * It is a community's board (render_board.c: the same templates, script
 * and style, render_board_page), fed with the district's data: the
 * communities' planned activities and honours, each with its community's
 * name, the district's yearly totals and its newest story. The page picks
 * the upcoming activities against the screen's own clock, in the
 * district's time zone, so a page built last week still shows the right
 * ones; the list reaches DISTRICT_BOARD_PLANNED activities past the build
 * day for that.
 */
#include "district.h"

#include <string.h>

#include "archive.h"
#include "chart.h"
#include "json.h"
#include "render.h"

#define HONOURS_MAX 8 /* as on a community's board: as many as fit */

/* A date of the summaries (any precision), year 0 when there is none. */
static struct date item_date(const char *iso)
{
	struct date d = {0, 0, 0};

	if (!iso || date_parse(iso, strlen(iso), DATE_YEAR | DATE_MONTH |
	    DATE_DAY, &d) != DATE_OK)
		d = (struct date){0, 0, 0};
	return d;
}

static const char *community_name(const struct district *dist,
    const struct district_item *it)
{
	return dist->communities.items[it->community].name;
}

/* Every planned activity the district kept, soonest first; the page
 * drops the past ones itself. */
static void add_planned(struct render *r, struct json_writer *j,
    const struct district *dist, const struct district_portal *p)
{
	size_t i;

	json_key(j, "planned");
	json_begin_array(j);
	for (i = 0; i < p->planned.n; i++) {
		const struct district_item *it = &p->planned.items[i];
		struct date d = item_date(it->date);
		if (d.year)
			render_board_planned(r, j, d, it->title, it->time,
			    it->place, community_name(dist, it));
	}
	json_end_array(j);
}

/* The highest honours, newest first within a level. */
static void add_honours(struct render *r, struct json_writer *j,
    const struct district *dist, const struct district_portal *p)
{
	size_t i;

	json_key(j, "honours");
	json_begin_array(j);
	for (i = 0; i < p->honours.n && i < HONOURS_MAX; i++) {
		const struct district_item *it = &p->honours.items[i];
		const char *level = *it->level ? render_string(r, arena_printf(
		    &r->page, "level.%s", it->level)) : NULL;
		render_board_honour(r, j, it->title, level, it->place,
		    item_date(it->date), community_name(dist, it));
	}
	json_end_array(j);
}

/* Every year's district totals, as the district's reports print them;
 * the page picks the screen's year. */
static void add_figures(struct render *r, struct json_writer *j,
    const struct district_figures *f)
{
	struct arena *a = &r->page;
	size_t i, t;
	char num[32];

	json_key(j, "figures");
	json_begin_array(j);
	for (i = 0; i < f->years.n; i++) {
		const struct district_year *y = &f->years.items[i];
		for (t = 0; t < DISTRICT_TOTALS; t++) {
			json_begin_object(j);
			json_kv_number(j, "year", y->year);
			json_kv_string(j, "label", render_string(r, arena_printf(a,
			    "archive.total.%s", archive_totals[t])));
			json_kv_string(j, "value", chart_number(num,
			    y->totals[t]));
			json_kv_string(j, "unit", render_string(r, arena_printf(a,
			    "archive.unit.%s", archive_totals[t])));
			json_end_object(j);
		}
	}
	json_end_array(j);
}

/* The district's newest story, its community as the author; read online
 * (the link and QR code) when district.yaml has a base_url. */
static void add_story(struct render *r, struct json_writer *j,
    const struct district *dist, const struct district_portal *p)
{
	const struct district_item *s = &p->story;
	const struct district_community *c;

	json_key(j, "story");
	if (!s->title) {
		json_null(j);
		return;
	}
	c = &dist->communities.items[s->community];
	render_board_story(r, j, s->title, item_date(s->date), c->name,
	    s->summary, arena_printf(&r->page, "c/%s/%s", c->slug, s->url));
}

/* The theme's board strings, with the district's own title for its
 * figures (a community's board says "the community's"). */
static const struct mu_value *board_strings(struct render *r)
{
	const struct mu_value *board = mu_map_get(r->theme.strings, "board", 5);
	struct mu_value *t = mu_map_new(&r->page);
	size_t i;

	for (i = 0; board && board->kind == MU_MAP && i < board->u.map.len; i++)
		mu_map_set(&r->page, t, board->u.map.pairs[i].key,
		    board->u.map.pairs[i].value);
	mu_map_set_str_ref(&r->page, t, "figures", render_string(r,
	    "district.board_figures"));
	return t;
}

/* The lists a community's board has and a district has not. */
static void add_empty(struct json_writer *j, const char *key)
{
	json_key(j, key);
	json_begin_array(j);
	json_end_array(j);
}

bool render_district_board(struct render *r, const struct district *dist,
    const struct district_figures *f, const struct district_portal *p)
{
	struct buf b = BUF_INIT;
	struct json_writer j;
	bool ok;

	json_init(&j, &b);
	json_begin_object(&j);
	render_board_settings(r, &j, board_strings(r));
	json_key(&j, "site");
	json_begin_object(&j);
	json_kv_string(&j, "name", dist->name);
	json_end_object(&j);
	add_empty(&j, "notices");
	add_planned(r, &j, dist, p);
	add_empty(&j, "recent");
	add_honours(r, &j, dist, p);
	add_empty(&j, "people");
	add_figures(r, &j, f);
	add_empty(&j, "leaders");
	add_story(r, &j, dist, p);
	json_end_object(&j);
	ok = render_board_page(r, &b);
	buf_release(&b);
	return ok;
}
