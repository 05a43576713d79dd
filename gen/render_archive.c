/*
 * render_archive: the yearly reports.
 *
 *   archive/index.html          every reported year with its headline totals
 *   archive/YYYY/index.html     the year's report (printable: archive.css)
 *   archive/YYYY/figures.csv    its figures, a long table (archive.c)
 *   archive/YYYY/figures.json   the same figures
 *   archive/YYYY/report.pdf     with --pdf, printed by Chromium
 *
 * A year's page depends only on the year's records and the previous year's
 * totals: it shows no date of the build, no list of other years and no
 * site navigation (archive-base.mustache, not the site's base), so that it
 * stays byte-identical when later years are added.
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "chart.h"

static const char *const months_en[] = {"Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The theme string archive.KEY with "{year}" replaced by year. */
static const char *text(struct render *r, const char *key, int year)
{
	const char *s = render_string(r, arena_printf(&r->page, "archive.%s",
	    key));
	const char *at = strstr(s, "{year}");

	if (!at)
		return s;
	return arena_printf(&r->page, "%.*s%d%s", (int)(at - s), s, year,
	    at + 6);
}

/* s with "{x}" replaced by v. */
static const char *fill(struct render *r, const char *s, const char *v)
{
	const char *at = strstr(s, "{x}");

	if (!at)
		return s;
	return arena_printf(&r->page, "%.*s%s%s", (int)(at - s), s, v, at + 3);
}

/* s with "{n}" replaced by v. */
static const char *fill_n(struct render *r, const char *s, const char *v)
{
	const char *at = strstr(s, "{n}");

	if (!at)
		return s;
	return arena_printf(&r->page, "%.*s%s%s", (int)(at - s), s, v, at + 3);
}

/* v as every figure shows: two decimals at most. */
static const char *num(struct render *r, double v)
{
	return ctx_number(r, archive_round(v));
}

/* "1月" / "Jan": a month under a column. */
static const char *month_short(struct render *r, int month)
{
	if (r->m->site.language == LANG_EN)
		return months_en[month - 1];
	return arena_printf(&r->page, "%d月", month);
}

/* "+12 / +8.5%" against the previous year, "new", or "same". */
static struct mu_value *change(struct render *r, int year, double now,
    double before)
{
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a);
	char d[32], p[32];

	now = archive_round(now);
	before = archive_round(before);
	if (now == before) {
		mu_map_set_str_ref(a, v, "kind", "same");
		mu_map_set_str_ref(a, v, "text", text(r, "change_same", year - 1));
	} else if (before == 0) {
		mu_map_set_str_ref(a, v, "kind", "new");
		mu_map_set_str_ref(a, v, "text", text(r, "change_new", year - 1));
	} else {
		chart_number(d, now - before);
		chart_number(p, round((now - before) * 1000.0 / before) / 10.0);
		mu_map_set_str_ref(a, v, "kind", now > before ? "up" : "down");
		mu_map_set_str_ref(a, v, "text", fill(r, text(r, "change_diff",
		    year - 1), arena_printf(a, "%s%s / %s%s%%", now > before ?
		    "+" : "", d, now > before ? "+" : "", p)));
	}
	return v;
}

/* --- sections of a report ---------------------------------------------- */

static struct mu_value *totals(struct render *r,
    const struct archive_year *y)
{
	struct arena *a = &r->page;
	struct mu_value *list = mu_list_new(a);
	size_t i;

	for (i = 0; archive_totals[i]; i++) {
		struct mu_value *v = mu_map_new(a);
		double now = archive_total(y->ys, i);
		mu_map_set_str_ref(a, v, "key", archive_totals[i]);
		mu_map_set_str_ref(a, v, "label", text(r, arena_printf(a,
		    "total.%s", archive_totals[i]), y->year));
		mu_map_set_str_ref(a, v, "unit", text(r, arena_printf(a,
		    "unit.%s", archive_totals[i]), y->year));
		mu_map_set_str_ref(a, v, "value", num(r, now));
		if (y->prev)
			mu_map_set(a, v, "change", change(r, y->year, now,
			    archive_total(y->prev, i)));
		mu_list_push(a, list, v);
	}
	return list;
}

/* The chart c as {id, caption, svg} in v (a new map when NULL). */
static struct mu_value *chart_value(struct render *r, struct mu_value *v,
    const struct chart *c, bool columns)
{
	struct arena *a = &r->page;
	struct buf svg = BUF_INIT;

	if (!v)
		v = mu_map_new(a);
	if (columns)
		chart_columns(&svg, c);
	else
		chart_bars(&svg, c);
	mu_map_set_str_ref(a, v, "id", c->id);
	mu_map_set_str_ref(a, v, "caption", c->title);
	mu_map_set_str(a, v, "svg", svg.data);
	buf_release(&svg);
	return v;
}

/* The year's totals of the month table's columns. */
static struct mu_value *month_total(struct render *r,
    const struct archive_year *y)
{
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a);

	mu_map_set_num(a, v, "activities", archive_total(y->ys, 0));
	mu_map_set_num(a, v, "participants", archive_total(y->ys, 1));
	mu_map_set_str_ref(a, v, "hours", num(r, archive_total(y->ys, 2)));
	mu_map_set_num(a, v, "points", archive_total(y->ys, 5));
	return v;
}

static void months(struct render *r, const struct archive_year *y,
    struct mu_value *ctx)
{
	struct arena *a = &r->page;
	struct mu_value *rows = mu_list_new(a);
	struct chart_item *acts = arena_array(a, 12, sizeof(*acts));
	struct chart_item *hours = arena_array(a, 12, sizeof(*hours));
	struct chart c = {0};
	int mo;

	for (mo = 1; mo <= 12; mo++) {
		const struct archive_month *x = &y->months[mo];
		struct mu_value *v = mu_map_new(a);
		acts[mo - 1].label = hours[mo - 1].label = month_short(r, mo);
		acts[mo - 1].value = (double)x->activities;
		hours[mo - 1].value = archive_round(x->hours);
		mu_map_set_str_ref(a, v, "label", acts[mo - 1].label);
		mu_map_set_num(a, v, "activities", (double)x->activities);
		mu_map_set_num(a, v, "participants", (double)x->participants);
		mu_map_set_str_ref(a, v, "hours", num(r, x->hours));
		mu_map_set_num(a, v, "points", (double)x->points);
		mu_list_push(a, rows, v);
	}
	mu_map_set(a, ctx, "months", rows);
	mu_map_set(a, ctx, "month_total", month_total(r, y));
	mu_map_set_str_ref(a, ctx, "table_months", text(r, "table_months",
	    y->year));
	c.n = 12;
	c.id = "chart-month-activities";
	c.title = text(r, "chart_month_activities", y->year);
	c.items = acts;
	mu_map_set(a, ctx, "chart_month_activities", chart_value(r, NULL, &c,
	    true));
	c.id = "chart-month-hours";
	c.title = text(r, "chart_month_hours", y->year);
	c.items = hours;
	c.color = "#b5542c";
	mu_map_set(a, ctx, "chart_month_hours", chart_value(r, NULL, &c,
	    true));
}

/* A chart shows at most MAX_BARS bars, the largest (items are sorted), so
 * that it fits a printed page; the table beside it lists every item, and
 * the note from key (with "{x}" the number shown, "{n}" of how many) says
 * so. Returns how many bars to draw; sets the chart's "note". */
#define MAX_BARS 15

static size_t limit_bars(struct render *r, struct mu_value *chart, size_t n,
    const char *key, int year)
{
	const char *note = text(r, key, year);

	if (n <= MAX_BARS)
		return n;
	note = fill(r, note, arena_printf(&r->page, "%d", MAX_BARS));
	note = fill_n(r, note, arena_printf(&r->page, "%zu", n));
	mu_map_set_str_ref(&r->page, chart, "note", note);
	return MAX_BARS;
}

static struct mu_value *team_row(struct render *r, const struct archive *ar,
    const struct archive_year *y, size_t i, struct chart_item *item)
{
	struct arena *a = &r->page;
	const struct archive_team *t = &y->teams[i];
	const struct team *team = i < ar->nteams ? &ar->m->teams.items[i] : NULL;
	struct mu_value *v = mu_map_new(a);
	double hours = t->service_hours + t->activity_hours;

	item->label = team ? team->name : text(r, "no_team", y->year);
	item->value = archive_round(hours);
	item->color = !team ? "#767676" : team->color ? team->color :
	    CHART_DEFAULT_COLOR;
	mu_map_set_str_ref(a, v, "name", item->label);
	mu_map_set_str_ref(a, v, "color", item->color);
	if (team)
		mu_map_set_str_ref(a, v, "url", arena_printf(a,
		    "teams/%s/index.html", team->id));
	mu_map_set_num(a, v, "activities", (double)t->activities);
	mu_map_set_str_ref(a, v, "hours", num(r, hours));
	mu_map_set_num(a, v, "points", (double)t->points);
	return v;
}

static void teams(struct render *r, const struct archive *ar,
    const struct archive_year *y, struct mu_value *ctx)
{
	struct arena *a = &r->page;
	size_t *idx, n = archive_teams(ar, y, a, &idx), i;
	struct chart_item *items = arena_array(a, n + 1, sizeof(*items));
	struct mu_value *rows = mu_list_new(a), *chart;
	struct chart c = {0};
	double unlinked = 0, own = 0;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		mu_list_push(a, rows, team_row(r, ar, y, idx[i], &items[i]));
		unlinked += y->teams[idx[i]].unlinked_hours;
		own += y->teams[idx[i]].activity_hours;
	}
	c.id = "chart-teams";
	c.title = text(r, "chart_teams", y->year);
	c.items = items;
	chart = mu_map_new(a);
	c.n = limit_bars(r, chart, n, "more_teams", y->year);
	mu_map_set(a, ctx, "teams", rows);
	mu_map_set_bool(a, ctx, "has_teams", true);
	mu_map_set_str_ref(a, ctx, "table_teams", text(r, "table_teams",
	    y->year));
	mu_map_set(a, ctx, "chart_teams", chart_value(r, chart, &c, false));
	if (archive_round(unlinked) > 0)
		mu_map_set_str_ref(a, ctx, "teams_note_unlinked", fill(r,
		    text(r, "teams_note_unlinked", y->year), num(r, unlinked)));
	if (archive_round(own) > 0)
		mu_map_set_str_ref(a, ctx, "teams_note_own", fill(r,
		    text(r, "teams_note_own", y->year), num(r, own)));
}

static void categories(struct render *r, const struct archive *ar,
    const struct archive_year *y, struct mu_value *ctx)
{
	struct arena *a = &r->page;
	size_t *idx, n = archive_categories(ar, y, a, &idx), i;
	struct chart_item *items = arena_array(a, n + 1, sizeof(*items));
	struct mu_value *rows = mu_list_new(a), *chart;
	double done = y->ys ? (double)y->ys->activities_done : 0;
	struct chart c = {0};

	if (!n || done <= 0)
		return;
	for (i = 0; i < n; i++) {
		const char *name = ar->categories.items[idx[i]];
		size_t count = y->categories[idx[i]];
		const char *share = num(r, archive_share(count, done));
		struct mu_value *v = mu_map_new(a);
		char slug[11];
		items[i].label = *name ? name : text(r, "no_category", y->year);
		items[i].value = (double)count;
		items[i].value_text = arena_printf(a, "%zu (%s%%)", count, share);
		mu_map_set_str_ref(a, v, "name", items[i].label);
		if (*name) {
			render_category_slug(name, slug);
			mu_map_set_str_ref(a, v, "url", arena_printf(a,
			    "categories/%s/index.html", slug));
		}
		mu_map_set_num(a, v, "activities", (double)count);
		mu_map_set_str_ref(a, v, "share", share);
		mu_list_push(a, rows, v);
	}
	c.id = "chart-categories";
	c.title = text(r, "chart_categories", y->year);
	c.color = "#3d7a4a";
	c.items = items;
	chart = mu_map_new(a);
	c.n = limit_bars(r, chart, n, "more_categories", y->year);
	mu_map_set(a, ctx, "categories", rows);
	mu_map_set_bool(a, ctx, "has_categories", true);
	mu_map_set_str_ref(a, ctx, "table_categories", text(r,
	    "table_categories", y->year));
	mu_map_set(a, ctx, "chart_categories", chart_value(r, chart, &c,
	    false));
}

/* The first index of m->activities_by_date dated in year or later. */
static size_t first_of_year(const struct model *m, int year)
{
	size_t lo = 0, hi = m->activities_by_date.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->activities_by_date.items[mid]->date.year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Every activity held in the year, by date: date, title, teams,
 * participants and hours, as the figures count them. */
static void activity_list(struct render *r, const struct archive_year *y,
    struct mu_value *ctx)
{
	const struct model *m = r->m;
	struct arena *a = &r->page;
	struct mu_value *rows = mu_list_new(a);
	const char *sep = render_string(r, "archive.list_sep");
	struct buf teams = BUF_INIT;
	size_t i, j;

	for (i = first_of_year(m, y->year); i < m->activities_by_date.n; i++) {
		const struct activity *act = m->activities_by_date.items[i];
		struct mu_value *v;
		if (act->date.year != y->year)
			break;
		if (act->status != STATUS_DONE)
			continue;
		v = mu_map_new(a);
		mu_map_set_str_ref(a, v, "date", act->date.month ?
		    ctx_date_short(r, act->date) : render_string(r,
		    "archive.month_unknown"));
		mu_map_set_str_ref(a, v, "title", act->title);
		mu_map_set_str_ref(a, v, "url", arena_printf(a,
		    "activities/%s/index.html", act->id));
		buf_reset(&teams);
		for (j = 0; j < act->teams.n; j++)
			buf_printf(&teams, "%s%s", j ? sep : "", act->teams.items[j]->name);
		mu_map_set_str(a, v, "teams", teams.len ? teams.data : "—");
		mu_map_set_str_ref(a, v, "participants", act->participants >= 0 ?
		    num(r, (double)act->participants) : "—");
		mu_map_set_str_ref(a, v, "hours", num(r, act->total_hours));
		mu_list_push(a, rows, v);
	}
	buf_release(&teams);
	mu_map_set(a, ctx, "activities", rows);
	mu_map_set_bool(a, ctx, "has_activities", rows->u.list.len > 0);
	mu_map_set_str_ref(a, ctx, "table_activities", text(r,
	    "table_activities", y->year));
}

static struct mu_value *achievements(struct render *r,
    const struct achievement *const *items, size_t n)
{
	struct mu_value *list = mu_list_new(&r->page);
	size_t i;

	for (i = 0; i < n; i++)
		mu_list_push(&r->page, list, ctx_achievement(r, items[i]));
	return list;
}

static void recognition(struct render *r, const struct archive_year *y,
    struct mu_value *ctx)
{
	struct arena *a = &r->page;
	struct mu_value *stories = mu_list_new(a);
	size_t i;

	mu_map_set(a, ctx, "headlines", achievements(r, y->figures.items,
	    y->figures.n));
	mu_map_set(a, ctx, "honours", achievements(r, y->honours.items,
	    y->honours.n));
	mu_map_set(a, ctx, "people", achievements(r, y->people.items,
	    y->people.n));
	mu_map_set(a, ctx, "milestones", achievements(r, y->milestones.items,
	    y->milestones.n));
	mu_map_set_bool(a, ctx, "has_headlines", y->figures.n > 0);
	mu_map_set_bool(a, ctx, "has_honours", y->honours.n > 0);
	mu_map_set_bool(a, ctx, "has_people", y->people.n > 0);
	mu_map_set_bool(a, ctx, "has_milestones", y->milestones.n > 0);
	mu_map_set_bool(a, ctx, "has_recognition", y->honours.n ||
	    y->people.n || y->milestones.n);
	mu_map_set_bool(a, ctx, "has_stories", y->stories.n > 0);
	for (i = 0; i < y->stories.n; i++)
		mu_list_push(a, stories, ctx_story_summary(r, y->stories.items[i]));
	mu_map_set(a, ctx, "stories", stories);
}

static void volunteers(struct render *r, const struct archive *ar,
    const struct archive_year *y, struct mu_value *ctx)
{
	struct arena *a = &r->page;
	struct archive_volunteer *v;
	size_t n = archive_top_volunteers(ar, y, a, &v, ARCHIVE_TOP_VOLUNTEERS);
	struct mu_value *list = mu_list_new(a);
	size_t i;

	for (i = 0; i < n; i++) {
		struct mu_value *x = mu_map_new(a);
		mu_map_set_num(a, x, "rank", (double)archive_rank(v, i));
		mu_map_set_str_ref(a, x, "name", ctx_volunteer_name(r,
		    v[i].vol->name));
		mu_map_set_num(a, x, "points", (double)v[i].points);
		mu_map_set_str_ref(a, x, "hours", num(r, v[i].hours));
		mu_map_set_num(a, x, "services", (double)v[i].services);
		mu_list_push(a, list, x);
	}
	mu_map_set(a, ctx, "volunteers", list);
	mu_map_set_bool(a, ctx, "has_volunteers", n > 0);
	mu_map_set_str_ref(a, ctx, "volunteers_intro", fill(r, text(r,
	    "volunteers_intro", y->year), arena_printf(a, "%d",
	    ARCHIVE_TOP_VOLUNTEERS)));
}

/* --- files of a year --------------------------------------------------- */

static bool write_figures(struct render *r, const struct archive *ar,
    const struct archive_year *y)
{
	struct archive_row *rows;
	size_t n = archive_rows(r, ar, y, &rows);
	struct buf b = BUF_INIT;
	bool ok;

	archive_csv(&b, rows, n);
	ok = write_buf(r->w, arena_printf(&r->page, "archive/%d/figures.csv",
	    y->year), &b);
	buf_reset(&b);
	archive_json(&b, y->year, "community", r->m->site.name, rows, n);
	ok = ok && write_buf(r->w, arena_printf(&r->page,
	    "archive/%d/figures.json", y->year), &b);
	buf_release(&b);
	arena_reset(&r->page);
	return ok;
}

static bool render_year(struct render *r, const struct archive *ar,
    const struct archive_year *y)
{
	struct arena *a = &r->page;
	struct mu_value *ctx;

	if (!write_figures(r, ar, y)) /* resets r->page */
		return false;
	ctx = mu_map_new(a);
	mu_map_set_num(a, ctx, "year", y->year);
	mu_map_set_str_ref(a, ctx, "title", text(r, "year_title", y->year));
	mu_map_set_bool(a, ctx, "pdf", r->o->pdf);
	if (y->in_progress)
		mu_map_set_str_ref(a, ctx, "as_of", ctx_as_of(r));
	mu_map_set(a, ctx, "totals", totals(r, y));
	mu_map_set_bool(a, ctx, "has_service", y->ys && (y->ys->hours > 0 ||
	    y->ys->activities_done > 0));
	months(r, y, ctx);
	teams(r, ar, y, ctx);
	categories(r, ar, y, ctx);
	activity_list(r, y, ctx);
	recognition(r, y, ctx);
	volunteers(r, ar, y, ctx);
	if (!render_page(r, "archive-year", ctx, arena_printf(a,
	    "archive/%d/index.html", y->year)))
		return false;
	if (r->o->pdf)
		render_queue_pdf(r, arena_printf(&r->keep, "archive/%d/index.html",
		    y->year), arena_printf(&r->keep, "archive/%d/report.pdf",
		    y->year), NULL);
	return true;
}

/* --- the index --------------------------------------------------------- */

static bool render_index(struct render *r, const struct archive *ar)
{
	struct arena *a = &r->page;
	struct mu_value *ctx = mu_map_new(a), *years = mu_list_new(a);
	size_t i, j;

	for (i = ar->n; i-- > 0;) {
		const struct archive_year *y = &ar->years[i];
		struct mu_value *v;
		if (!y->reported)
			continue;
		v = mu_map_new(a);
		mu_map_set_num(a, v, "year", y->year);
		mu_map_set_str_ref(a, v, "title", text(r, "year_title", y->year));
		mu_map_set_str_ref(a, v, "url", arena_printf(a,
		    "archive/%d/index.html", y->year));
		if (r->o->pdf)
			mu_map_set_str_ref(a, v, "pdf", arena_printf(a,
			    "archive/%d/report.pdf", y->year));
		for (j = 0; archive_totals[j]; j++)
			mu_map_set_str_ref(a, v, archive_totals[j], num(r,
			    archive_total(y->ys, j)));
		mu_list_push(a, years, v);
	}
	mu_map_set(a, ctx, "years", years);
	mu_map_set_bool(a, ctx, "has_years", years->u.list.len > 0);
	return render_page(r, "archive", ctx, "archive/index.html");
}

bool render_archive(struct render *r)
{
	struct archive ar;
	size_t i;
	bool ok = true;

	archive_compute(&ar, r->m, &r->keep);
	for (i = 0; i < ar.n; i++)
		if (ar.years[i].reported)
			ok &= render_year(r, &ar, &ar.years[i]);
	ok = render_index(r, &ar) && ok;
	return ok;
}
