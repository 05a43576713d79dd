/*
 * render_site: the community website.
 *
 *   index.html                      home
 *   activities/index.html           years, categories, upcoming, latest
 *   activities/YYYY/index.html      one year, month by month
 *   activities/ID/index.html        one activity
 *   categories/index.html           every category
 *   categories/SLUG/index.html      one category (see render_category_slug)
 *   teams/index.html, teams/ID/index.html
 *   stories/index.html, stories/ID/index.html
 *   honours/index.html
 *   404.html
 *
 * The groupings pages need (activities by year and category, stories by
 * team) are built once per build in one pass over the records; each page
 * then builds only what it shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "media.h"
#include "render.h"
#include "utf8.h"
#include "xalloc.h"

enum { HOME_UPCOMING = 6, HOME_LATEST = 6, HOME_STORIES = 3,
	HOME_HONOURS = 4, INDEX_UPCOMING = 20, INDEX_LATEST = 12,
	TOP_VOLUNTEERS = 10 };

struct category {
	const char *name;
	char slug[11];
	VEC(const struct activity *) acts; /* oldest first */
};

/* A run of activities_by_date with one year: [from, to). */
struct year_run {
	int year;
	size_t from, to;
};

struct web {
	struct render *r;
	const struct model *m;
	VEC(struct category *) cats;      /* most activities first */
	VEC(struct year_run) years;       /* ascending */
	VEC(const struct story *) *team_stories; /* per m->teams index */
	size_t upcoming_from; /* first activity on or after today */
};

/* One page being built: its context and how many images it shows. */
struct page {
	struct mu_value *ctx;
	int images;
};

void render_category_slug(const char *name, char out[static 11])
{
	model_category_slug(name, out);
}

/* --- small helpers ----------------------------------------------------- */

/* The theme string key with its "{n}" replaced by n. Arena r->page. */
static const char *fmt(struct render *r, const char *key, const char *n)
{
	const char *pattern = render_string(r, key);
	const char *at = strstr(pattern, "{n}");

	if (!at)
		return pattern;
	return arena_printf(&r->page, "%.*s%s%s", (int)(at - pattern), pattern,
	    n, at + 3);
}

/* "共 12 场活动" / "12 activities" ("KEY_one" when n is 1 and the theme
 * has it). */
static const char *count_text(struct render *r, const char *key, size_t n)
{
	const char *one = arena_printf(&r->page, "%s_one", key);

	if (n == 1 && strcmp(render_string(r, one), one) != 0)
		key = one;
	return fmt(r, key, arena_printf(&r->page, "%zu", n));
}

static const char *year_label(struct render *r, int year)
{
	struct date d = {year, 0, 0};

	return ctx_date_long(r, d);
}

static struct page page_new(struct render *r, const char *section)
{
	struct page pg = {mu_map_new(&r->page), 0};
	struct mu_value *current = mu_map_new(&r->page);

	if (section)
		mu_map_set_bool(&r->page, current, section, true);
	mu_map_set(&r->page, pg.ctx, "current", current);
	/* Images not marked otherwise load lazily (see image()). */
	mu_map_set_bool(&r->page, pg.ctx, "lazy", true);
	return pg;
}

/* Marks the photo value v (may be NULL) as shown on pg: the page's first
 * image loads at once, the others lazily. Call in document order. */
static void image(struct render *r, struct page *pg, const struct mu_value *v)
{
	if (v && v->kind == MU_MAP)
		mu_map_set_bool(&r->page, (struct mu_value *)v, "lazy",
		    pg->images++ > 0);
}

static bool set_list(struct render *r, struct mu_value *ctx, const char *key,
    const char *has_key, struct mu_value *list)
{
	mu_map_set(&r->page, ctx, key, list);
	mu_map_set_bool(&r->page, ctx, has_key, list->u.list.len > 0);
	return list->u.list.len > 0;
}

/* An activity for a card: the summary plus has_teams. */
static struct mu_value *card(struct render *r, const struct activity *a)
{
	struct mu_value *v = ctx_activity_summary(r, a);

	mu_map_set_bool(&r->page, v, "has_teams", a->teams.n > 0);
	return v;
}

static struct mu_value *story_card(struct render *r, struct page *pg,
    const struct story *s)
{
	struct mu_value *v = ctx_story_summary(r, s);

	image(r, pg, mu_map_get(v, "cover", 5));
	return v;
}

static struct mu_value *pager_link(struct render *r, const char *url,
    const char *label)
{
	struct mu_value *v = mu_map_new(&r->page);

	mu_map_set_str_ref(&r->page, v, "url", url);
	mu_map_set_str_ref(&r->page, v, "label", label);
	return v;
}

static void set_pager(struct render *r, struct mu_value *ctx,
    struct mu_value *prev, struct mu_value *next)
{
	mu_map_set(&r->page, ctx, "prev", prev);
	mu_map_set(&r->page, ctx, "next", next);
	mu_map_set_bool(&r->page, ctx, "has_pager", prev || next);
}

/* A record's page as a link preview shows it: its own description and,
 * when it has one, its first picture (og:image). */
static void share(struct render *r, struct mu_value *ctx, const char *text,
    const struct photo *photo, struct date date)
{
	r->lastmod = date; /* the sitemap's lastmod */
	mu_map_set_str_ref(&r->page, ctx, "description", ctx_description(r,
	    text));
	mu_map_set_bool(&r->page, ctx, "og_article", true);
	if (photo && media_shown(photo))
		mu_map_set_str_ref(&r->page, ctx, "og_image", ctx_photo_url(r,
		    photo, 960));
}

/* favicon.svg, when site.yaml names no logo (render_favicon). */
static bool site_favicon(struct web *s)
{
	if (s->m->site.logo && media_shown(s->m->site.logo))
		return true;
	return render_favicon(s->r, s->m->site.name);
}

/* --- pages of a long list ---------------------------------------------- */

/* Page k (from 0) of the list whose first page is base + "index.html":
 * later pages are base + "page/K/index.html", K from 2, so that page 1
 * keeps the address it always had. */
static const char *page_url(struct render *r, const char *base, size_t k)
{
	if (k == 0)
		return arena_printf(&r->page, "%sindex.html", base);
	return arena_printf(&r->page, "%spage/%zu/index.html", base, k + 1);
}

static size_t page_count(const struct web *s, size_t n)
{
	size_t per = (size_t)s->m->site.page_size;

	return n ? (n + per - 1) / per : 1;
}

static struct mu_value *page_link(struct render *r, const char *base,
    size_t k, size_t cur)
{
	struct mu_value *v = mu_map_new(&r->page);

	mu_map_set_num(&r->page, v, "number", (double)(k + 1));
	mu_map_set_str_ref(&r->page, v, "url", page_url(r, base, k));
	mu_map_set_bool(&r->page, v, "current", k == cur);
	mu_map_set_str_ref(&r->page, v, "label", fmt(r, "common.page_n",
	    arena_printf(&r->page, "%zu", k + 1)));
	return v;
}

/* "第 2 页，共 7 页" / "Page 2 of 7": common.page_of with {n} and {total}. */
static const char *page_of(struct render *r, size_t n, size_t total)
{
	const char *p = fmt(r, "common.page_of", arena_printf(&r->page, "%zu",
	    n));
	const char *at = strstr(p, "{total}");

	if (!at)
		return p;
	return arena_printf(&r->page, "%.*s%zu%s", (int)(at - p), p, total,
	    at + 7);
}

/* The pager of page cur of pages: previous and next, the first and last
 * page, and the two on each side of cur; a gap stands for the rest. Sets
 * has_pages and pages in ctx, and page_title_suffix (" · 第 2 页"). */
static void set_pages(struct web *s, struct mu_value *ctx, const char *base,
    size_t cur, size_t pages)
{
	struct render *r = s->r;
	struct mu_value *v = mu_map_new(&r->page);
	struct mu_value *items = mu_list_new(&r->page);
	size_t k, last = (size_t)-1;

	mu_map_set_bool(&r->page, ctx, "has_pages", pages > 1);
	if (pages < 2)
		return;
	for (k = 0; k < pages; k++) {
		if (k != 0 && k + 1 != pages && (k + 2 < cur || k > cur + 2))
			continue;
		if (last != (size_t)-1 && k > last + 1) {
			struct mu_value *gap = mu_map_new(&r->page);
			mu_map_set_bool(&r->page, gap, "gap", true);
			mu_list_push(&r->page, items, gap);
		}
		mu_list_push(&r->page, items, page_link(r, base, k, cur));
		last = k;
	}
	mu_map_set(&r->page, v, "items", items);
	if (cur > 0)
		mu_map_set_str_ref(&r->page, v, "prev_url", page_url(r, base,
		    cur - 1));
	if (cur + 1 < pages)
		mu_map_set_str_ref(&r->page, v, "next_url", page_url(r, base,
		    cur + 1));
	mu_map_set_str_ref(&r->page, v, "status", page_of(r, cur + 1, pages));
	mu_map_set(&r->page, ctx, "pages", v);
	if (cur > 0)
		mu_map_set_str_ref(&r->page, ctx, "page_suffix", arena_printf(
		    &r->page, " · %s", fmt(r, "common.page_n", arena_printf(
		    &r->page, "%zu", cur + 1))));
}

static bool is_upcoming(const struct web *s, const struct activity *a)
{
	return a->status == STATUS_PLANNED && date_cmp(a->date, s->m->today) >= 0;
}

/* Planned activities on or after today, soonest first, at most max. */
static struct mu_value *upcoming(struct web *s, size_t max)
{
	struct mu_value *list = mu_list_new(&s->r->page);
	size_t i, n = 0;

	for (i = s->upcoming_from; i < s->m->activities_by_date.n && n < max;
	    i++) {
		const struct activity *a = s->m->activities_by_date.items[i];
		if (is_upcoming(s, a)) {
			mu_list_push(&s->r->page, list, card(s->r, a));
			n++;
		}
	}
	return list;
}

/* Done activities, newest first, at most max. */
static struct mu_value *latest_done(struct web *s, size_t max)
{
	struct mu_value *list = mu_list_new(&s->r->page);
	size_t i = s->m->activities_by_date.n, n = 0;

	while (i-- > 0 && n < max) {
		const struct activity *a = s->m->activities_by_date.items[i];
		if (a->status == STATUS_DONE) {
			mu_list_push(&s->r->page, list, card(s->r, a));
			n++;
		}
	}
	return list;
}

/* --- the groupings, built once ----------------------------------------- */

static int compare_categories(const void *pa, const void *pb)
{
	const struct category *a = *(struct category *const *)pa;
	const struct category *b = *(struct category *const *)pb;

	if (a->acts.n != b->acts.n)
		return a->acts.n > b->acts.n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void index_activities(struct web *s)
{
	struct arena *a = &s->r->keep;
	struct strmap by_name;
	size_t i;

	strmap_init(&by_name, a);
	s->upcoming_from = s->m->activities_by_date.n;
	for (i = 0; i < s->m->activities_by_date.n; i++) {
		const struct activity *act = s->m->activities_by_date.items[i];
		struct category *c;

		if (s->upcoming_from == s->m->activities_by_date.n &&
		    date_cmp(act->date, s->m->today) >= 0)
			s->upcoming_from = i;
		if (!s->years.n || s->years.items[s->years.n - 1].year !=
		    act->date.year) {
			struct year_run y = {act->date.year, i, i};
			VEC_PUSH(a, &s->years, y);
		}
		s->years.items[s->years.n - 1].to = i + 1;
		if (!act->category || !*act->category)
			continue;
		if (!(c = strmap_get(&by_name, act->category))) {
			c = ARENA_NEW(a, struct category);
			c->name = act->category;
			render_category_slug(c->name, c->slug);
			strmap_set(&by_name, c->name, c);
			VEC_PUSH(a, &s->cats, c);
		}
		VEC_PUSH(a, &c->acts, act);
	}
	if (s->cats.n)
		qsort(s->cats.items, s->cats.n, sizeof(*s->cats.items),
		    compare_categories);
}

static void index_stories(struct web *s)
{
	size_t i, j;

	s->team_stories = arena_array(&s->r->keep, s->m->teams.n + 1,
	    sizeof(*s->team_stories));
	for (i = s->m->stories_by_date.n; i-- > 0;) {
		const struct story *st = s->m->stories_by_date.items[i];
		for (j = 0; j < st->teams.n; j++) {
			size_t t = (size_t)(st->teams.items[j] - s->m->teams.items);
			VEC_PUSH(&s->r->keep, &s->team_stories[t], st);
		}
	}
}

/* --- home -------------------------------------------------------------- */

static int compare_by_date_desc(const void *pa, const void *pb)
{
	const struct achievement *a = *(const struct achievement *const *)pa;
	const struct achievement *b = *(const struct achievement *const *)pb;
	int c = date_cmp(b->date, a->date);

	if (c)
		return c; /* the undated (year 0) come last */
	if (!a->date.year)
		return (a > b) - (a < b); /* undated: in file order */
	return strcmp(a->title ? a->title : "", b->title ? b->title : "");
}

/* The achievements of kind, newest first; arena r->page. */
static const struct achievement **achievements(struct render *r,
    enum ach_kind kind, size_t *n)
{
	const struct model *m = r->m;
	const struct achievement **v = arena_array(&r->page,
	    m->achievements.n + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < m->achievements.n; i++)
		if (m->achievements.items[i].kind == kind)
			v[(*n)++] = &m->achievements.items[i];
	qsort(v, *n, sizeof(*v), compare_by_date_desc);
	return v;
}

/* The figures of the latest year that has any. */
static void home_figures(struct render *r, struct mu_value *ctx)
{
	struct mu_value *list = mu_list_new(&r->page);
	int year = 0;
	size_t i;

	for (i = 0; i < r->m->achievements.n; i++)
		if (r->m->achievements.items[i].kind == ACH_FIGURE &&
		    r->m->achievements.items[i].year > year)
			year = r->m->achievements.items[i].year;
	for (i = 0; year && i < r->m->achievements.n; i++)
		if (r->m->achievements.items[i].kind == ACH_FIGURE &&
		    r->m->achievements.items[i].year == year)
			mu_list_push(&r->page, list,
			    ctx_achievement(r, &r->m->achievements.items[i]));
	if (set_list(r, ctx, "figures", "has_figures", list)) {
		mu_map_set_num(&r->page, ctx, "figures_year", year);
		mu_map_set_str_ref(&r->page, ctx, "figures_title", fmt(r,
		    "home.figures", year_label(r, year)));
	}
}

static bool render_home(struct web *s)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "home");
	struct mu_value *stories = mu_list_new(&r->page);
	struct mu_value *honours = mu_list_new(&r->page);
	const struct achievement **h;
	size_t i, n;

	mu_map_set_bool(&r->page, pg.ctx, "has_profile", true);
	mu_map_set_num(&r->page, pg.ctx, "team_count", (double)s->m->teams.n);
	mu_map_set_num(&r->page, pg.ctx, "activity_count",
	    (double)s->m->activities.n);
	set_list(r, pg.ctx, "upcoming", "has_upcoming", upcoming(s,
	    HOME_UPCOMING));
	home_figures(r, pg.ctx);
	set_list(r, pg.ctx, "latest", "has_latest", latest_done(s, HOME_LATEST));
	for (i = s->m->stories_by_date.n, n = 0; i-- > 0 && n < HOME_STORIES;
	    n++)
		mu_list_push(&r->page, stories, story_card(r, &pg,
		    s->m->stories_by_date.items[i]));
	set_list(r, pg.ctx, "stories", "has_stories", stories);
	h = achievements(r, ACH_HONOUR, &n);
	for (i = 0; i < n && i < HOME_HONOURS; i++)
		mu_list_push(&r->page, honours, ctx_achievement(r, h[i]));
	set_list(r, pg.ctx, "honours", "has_honours", honours);
	return render_page(r, "home", pg.ctx, "index.html");
}

/* --- activities -------------------------------------------------------- */

static const char *year_url(struct render *r, int year)
{
	return arena_printf(&r->page, "activities/%d/index.html", year);
}

static struct mu_value *category_list(struct web *s)
{
	struct render *r = s->r;
	struct mu_value *list = mu_list_new(&r->page);
	size_t i;

	for (i = 0; i < s->cats.n; i++) {
		struct mu_value *v = mu_map_new(&r->page);
		mu_map_set_str_ref(&r->page, v, "name", s->cats.items[i]->name);
		mu_map_set_str_ref(&r->page, v, "url", arena_printf(&r->page,
		    "categories/%s/index.html", s->cats.items[i]->slug));
		mu_map_set_num(&r->page, v, "count",
		    (double)s->cats.items[i]->acts.n);
		mu_map_set_str_ref(&r->page, v, "count_text", count_text(r,
		    "activities.count", s->cats.items[i]->acts.n));
		mu_list_push(&r->page, list, v);
	}
	return list;
}

static bool render_activities_index(struct web *s)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "activities");
	struct mu_value *years = mu_list_new(&r->page);
	size_t i;

	mu_map_set_str_ref(&r->page, pg.ctx, "page_title",
	    render_string(r, "activities.title"));
	for (i = s->years.n; i-- > 0;) {
		const struct year_run *y = &s->years.items[i];
		struct mu_value *v = mu_map_new(&r->page);
		mu_map_set_num(&r->page, v, "year", y->year);
		mu_map_set_str_ref(&r->page, v, "label", year_label(r, y->year));
		mu_map_set_str_ref(&r->page, v, "url", year_url(r, y->year));
		mu_map_set_num(&r->page, v, "count", (double)(y->to - y->from));
		mu_map_set_str_ref(&r->page, v, "count_text", count_text(r,
		    "activities.count", y->to - y->from));
		mu_list_push(&r->page, years, v);
	}
	mu_map_set(&r->page, pg.ctx, "years", years);
	set_list(r, pg.ctx, "categories", "has_categories", category_list(s));
	set_list(r, pg.ctx, "upcoming", "has_upcoming", upcoming(s,
	    INDEX_UPCOMING));
	set_list(r, pg.ctx, "latest", "has_latest", latest_done(s,
	    INDEX_LATEST));
	return render_page(r, "activities", pg.ctx, "activities/index.html");
}

/* activities/YYYY/: the year's activities newest first, page by page,
 * with links to every month (on whichever page it starts). */
static const char *year_base(struct render *r, int year)
{
	return arena_printf(&r->page, "activities/%d/", year);
}

static struct mu_value *month_value(struct render *r, int year, int month)
{
	struct mu_value *mv = mu_map_new(&r->page);

	mu_map_set_str_ref(&r->page, mv, "id", arena_printf(&r->page, "%d-%02d",
	    year, month));
	mu_map_set_str_ref(&r->page, mv, "label", month ? ctx_month(r, year,
	    month) : year_label(r, year));
	return mv;
}

/* Links to each month of year y: page and anchor where it begins. */
static struct mu_value *month_links(struct web *s, const struct year_run *y)
{
	struct render *r = s->r;
	struct mu_value *list = mu_list_new(&r->page);
	size_t per = (size_t)s->m->site.page_size, i, j;
	int cur = -1;

	for (i = y->to, j = 0; i-- > y->from; j++) {
		const struct activity *a = s->m->activities_by_date.items[i];
		struct mu_value *mv;
		if (a->date.month == cur)
			continue;
		cur = a->date.month;
		mv = month_value(r, y->year, cur);
		mu_map_set_str_ref(&r->page, mv, "url", arena_printf(&r->page,
		    "%s#m-%d-%02d", page_url(r, year_base(r, y->year), j / per),
		    y->year, cur));
		mu_list_push(&r->page, list, mv);
	}
	return list;
}

static bool render_year_page(struct web *s, size_t yi, size_t k,
    size_t pages)
{
	struct render *r = s->r;
	const struct year_run *y = &s->years.items[yi];
	struct page pg = page_new(r, "activities");
	struct mu_value *months = mu_list_new(&r->page), *month = NULL;
	size_t per = (size_t)s->m->site.page_size, i, j;
	int cur = -1;

	mu_map_set_num(&r->page, pg.ctx, "year", y->year);
	mu_map_set_str_ref(&r->page, pg.ctx, "page_title", fmt(r,
	    "activities.year_title", year_label(r, y->year)));
	mu_map_set_str_ref(&r->page, pg.ctx, "count_text", count_text(r,
	    "activities.count", y->to - y->from));
	set_list(r, pg.ctx, "month_links", "has_month_links", month_links(s, y));
	for (i = y->to - k * per, j = 0; i-- > y->from && j < per; j++) {
		const struct activity *a = s->m->activities_by_date.items[i];
		if (a->date.month != cur) {
			struct mu_value *mv = month_value(r, y->year, a->date.month);
			cur = a->date.month;
			month = mu_list_new(&r->page);
			mu_map_set(&r->page, mv, "activities", month);
			mu_list_push(&r->page, months, mv);
		}
		mu_list_push(&r->page, month, card(r, a));
	}
	mu_map_set(&r->page, pg.ctx, "months", months);
	set_pages(s, pg.ctx, year_base(r, y->year), k, pages);
	set_pager(r, pg.ctx, yi > 0 ? pager_link(r, year_url(r, y[-1].year),
	    year_label(r, y[-1].year)) : NULL, yi + 1 < s->years.n ?
	    pager_link(r, year_url(r, y[1].year), year_label(r, y[1].year)) :
	    NULL);
	/* Every page of a list shifts when a record joins it. */
	r->lastmod = s->m->activities_by_date.items[y->to - 1]->date;
	return render_page(r, "activity_year", pg.ctx, page_url(r,
	    year_base(r, y->year), k));
}

static bool render_year(struct web *s, size_t yi)
{
	const struct year_run *y = &s->years.items[yi];
	size_t pages = page_count(s, y->to - y->from), k;
	bool ok = true;

	for (k = 0; k < pages; k++)
		ok &= render_year_page(s, yi, k, pages);
	return ok;
}

static bool render_activity(struct web *s, size_t i)
{
	struct render *r = s->r;
	const struct activity *a = s->m->activities_by_date.items[i];
	const struct activity *prev = i > 0 ?
	    s->m->activities_by_date.items[i - 1] : NULL;
	const struct activity *next = i + 1 < s->m->activities_by_date.n ?
	    s->m->activities_by_date.items[i + 1] : NULL;
	struct page pg = page_new(r, "activities");
	struct mu_value *v = ctx_activity(r, a);
	const struct mu_value *photos = mu_map_get(v, "photos", 6);
	const struct mu_value *story = mu_map_get(v, "story", 5);
	size_t k;

	mu_map_set_bool(&r->page, v, "has_teams", a->teams.n > 0);
	mu_map_set_bool(&r->page, v, "has_photos", photos->u.list.len > 0);
	mu_map_set_bool(&r->page, v, "has_figures", a->participants >= 0 ||
	    a->volunteers >= 0 || a->total_hours > 0 || a->service_rows);
	for (k = 0; k < photos->u.list.len; k++)
		image(r, &pg, photos->u.list.items[k]);
	if (story)
		image(r, &pg, mu_map_get(story, "cover", 5));
	if (a->category && *a->category) {
		char slug[11];
		render_category_slug(a->category, slug);
		mu_map_set_str_ref(&r->page, v, "category_url", arena_printf(
		    &r->page, "categories/%s/index.html", slug));
	} else {
		mu_map_set(&r->page, v, "category", NULL);
	}
	mu_map_set(&r->page, pg.ctx, "activity", v);
	for (k = 0; k < a->photos.n && !media_shown(&a->photos.items[k]); k++)
		;
	share(r, pg.ctx, a->summary, k < a->photos.n ? &a->photos.items[k] :
	    NULL, a->date);
	mu_map_set_str_ref(&r->page, pg.ctx, "year_url", year_url(r,
	    a->date.year));
	mu_map_set_str_ref(&r->page, pg.ctx, "year_label", year_label(r,
	    a->date.year));
	set_pager(r, pg.ctx, prev ? pager_link(r, arena_printf(&r->page,
	    "activities/%s/index.html", prev->id), prev->title) : NULL,
	    next ? pager_link(r, arena_printf(&r->page,
	    "activities/%s/index.html", next->id), next->title) : NULL);
	return render_page(r, "activity", pg.ctx, arena_printf(&r->page,
	    "activities/%s/index.html", a->id));
}

static bool render_categories(struct web *s)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "activities");

	mu_map_set_str_ref(&r->page, pg.ctx, "page_title",
	    render_string(r, "categories.title"));
	set_list(r, pg.ctx, "categories", "has_categories", category_list(s));
	return render_page(r, "categories", pg.ctx, "categories/index.html");
}

/* One category's pages: its activities newest first, by year. */
static bool render_category_page(struct web *s, const struct category *c,
    size_t k, size_t pages)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "activities");
	struct mu_value *years = mu_list_new(&r->page), *list = NULL;
	const char *base = arena_printf(&r->page, "categories/%s/", c->slug);
	size_t per = (size_t)s->m->site.page_size, i, j;
	int cur = -1;

	mu_map_set_str_ref(&r->page, pg.ctx, "page_title", c->name);
	mu_map_set_str_ref(&r->page, pg.ctx, "count_text", count_text(r,
	    "activities.count", c->acts.n));
	for (i = c->acts.n - k * per, j = 0; i-- > 0 && j < per; j++) {
		const struct activity *a = c->acts.items[i];
		if (a->date.year != cur) {
			struct mu_value *yv = mu_map_new(&r->page);
			cur = a->date.year;
			mu_map_set_num(&r->page, yv, "year", cur);
			mu_map_set_str_ref(&r->page, yv, "label", year_label(r, cur));
			list = mu_list_new(&r->page);
			mu_map_set(&r->page, yv, "activities", list);
			mu_list_push(&r->page, years, yv);
		}
		mu_list_push(&r->page, list, card(r, a));
	}
	mu_map_set(&r->page, pg.ctx, "years", years);
	set_pages(s, pg.ctx, base, k, pages);
	r->lastmod = c->acts.items[c->acts.n - 1]->date;
	return render_page(r, "category", pg.ctx, page_url(r, base, k));
}

static bool render_category(struct web *s, const struct category *c)
{
	size_t pages = page_count(s, c->acts.n), k;
	bool ok = true;

	for (k = 0; k < pages; k++)
		ok &= render_category_page(s, c, k, pages);
	return ok;
}

/* --- teams ------------------------------------------------------------- */

/* A team with its own fields and figures, for the list and its page. */
static struct mu_value *team_value(struct render *r, const struct team *t)
{
	struct arena *a = &r->page;
	struct mu_value *v = ctx_team_ref(r, t);

	mu_map_set_str_ref(a, v, "leader", t->leader);
	mu_map_set_str_ref(a, v, "summary", t->summary);
	mu_map_set(a, v, "founded", t->founded.year ? ctx_date(r, t->founded) :
	    NULL);
	mu_map_set(a, v, "member_count", t->member_count ?
	    mu_num(a, (double)t->member_count) : NULL);
	mu_map_set_num(a, v, "activity_count", (double)t->activities.n);
	mu_map_set_str_ref(a, v, "hours", t->hours > 0 ?
	    ctx_number(r, t->hours) : NULL);
	mu_map_set(a, v, "points", t->points > 0 ?
	    mu_num(a, (double)t->points) : NULL);
	return v;
}

static bool render_teams_index(struct web *s)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "teams");
	struct mu_value *groups = mu_list_new(&r->page);
	int kind;
	size_t i;

	mu_map_set_str_ref(&r->page, pg.ctx, "page_title",
	    render_string(r, "teams.title"));
	for (kind = TEAM_SERVICE; kind <= TEAM_OTHER; kind++) {
		struct mu_value *g = NULL, *list = NULL;
		for (i = 0; i < s->m->teams.n; i++) {
			const struct team *t = &s->m->teams.items[i];
			if ((int)t->kind != kind)
				continue;
			if (!g) {
				struct mu_value *ref = ctx_team_ref(r, t);
				g = mu_map_new(&r->page);
				list = mu_list_new(&r->page);
				mu_map_set(&r->page, g, "kind", mu_map_get(ref, "kind", 4));
				mu_map_set(&r->page, g, "kind_label",
				    mu_map_get(ref, "kind_label", 10));
				mu_map_set(&r->page, g, "teams", list);
				mu_list_push(&r->page, groups, g);
			}
			mu_list_push(&r->page, list, team_value(r, t));
		}
	}
	mu_map_set(&r->page, pg.ctx, "groups", groups);
	return render_page(r, "teams", pg.ctx, "teams/index.html");
}

struct helper {
	const char *name;
	double hours;
	long points;
};

static int compare_helpers(const void *pa, const void *pb)
{
	const struct helper *a = *(struct helper *const *)pa;
	const struct helper *b = *(struct helper *const *)pb;

	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	if (a->hours != b->hours)
		return a->hours > b->hours ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The team's volunteers with the most points from its service rows. */
static struct mu_value *top_volunteers(struct render *r, const struct team *t)
{
	struct mu_value *list = mu_list_new(&r->page);
	struct helper **v = arena_array(&r->page, t->service.n + 1, sizeof(*v));
	struct strmap by_name;
	size_t i, n = 0;

	strmap_init(&by_name, &r->page);
	for (i = 0; i < t->service.n; i++) {
		const struct service *row = t->service.items[i];
		struct helper *h = strmap_get(&by_name, row->volunteer);
		if (!h) {
			h = ARENA_NEW(&r->page, struct helper);
			h->name = row->volunteer;
			strmap_set(&by_name, h->name, h);
			v[n++] = h;
		}
		h->hours += row->hours;
		h->points += row->points;
	}
	qsort(v, n, sizeof(*v), compare_helpers);
	for (i = 0; i < n && i < TOP_VOLUNTEERS; i++) {
		struct mu_value *row = mu_map_new(&r->page);
		mu_map_set_num(&r->page, row, "rank", (double)(i + 1));
		mu_map_set_str_ref(&r->page, row, "name",
		    ctx_volunteer_name(r, v[i]->name));
		mu_map_set_str_ref(&r->page, row, "hours",
		    ctx_number(r, v[i]->hours));
		mu_map_set_num(&r->page, row, "points", (double)v[i]->points);
		mu_list_push(&r->page, list, row);
	}
	return list;
}

/* Page k of a team: page 1 has everything, later pages continue the list
 * of past activities (past: newest first, n of them). */
static bool render_team_page(struct web *s, size_t ti,
    const struct activity *const *past, size_t n, size_t k, size_t pages)
{
	struct render *r = s->r;
	const struct team *t = &s->m->teams.items[ti];
	struct page pg = page_new(r, "teams");
	struct mu_value *soon = mu_list_new(&r->page);
	struct mu_value *list = mu_list_new(&r->page);
	struct mu_value *stories = mu_list_new(&r->page);
	const char *base = arena_printf(&r->page, "teams/%s/", t->id);
	size_t per = (size_t)s->m->site.page_size, i;

	mu_map_set(&r->page, pg.ctx, "team", team_value(r, t));
	mu_map_set_bool(&r->page, pg.ctx, "first_page", k == 0);
	share(r, pg.ctx, t->summary, NULL, t->activities.n ?
	    t->activities.items[t->activities.n - 1]->date : t->founded);
	if (k == 0) {
		set_list(r, pg.ctx, "volunteers", "has_volunteers",
		    top_volunteers(r, t));
		for (i = 0; i < t->activities.n; i++)
			if (is_upcoming(s, t->activities.items[i]))
				mu_list_push(&r->page, soon, card(r,
				    t->activities.items[i]));
		set_list(r, pg.ctx, "upcoming", "has_upcoming", soon);
		for (i = 0; i < s->team_stories[ti].n; i++)
			mu_list_push(&r->page, stories, story_card(r, &pg,
			    s->team_stories[ti].items[i]));
		set_list(r, pg.ctx, "stories", "has_stories", stories);
	}
	for (i = k * per; i < n && i < (k + 1) * per; i++)
		mu_list_push(&r->page, list, card(r, past[i]));
	set_list(r, pg.ctx, "past", "has_past", list);
	set_pages(s, pg.ctx, base, k, pages);
	return render_page(r, "team", pg.ctx, page_url(r, base, k));
}

static bool render_team(struct web *s, size_t ti)
{
	const struct team *t = &s->m->teams.items[ti];
	const struct activity **past = xcalloc(t->activities.n + 1,
	    sizeof(*past));
	size_t i, n = 0, pages, k;
	bool ok = true;

	for (i = t->activities.n; i-- > 0;)
		if (!is_upcoming(s, t->activities.items[i]))
			past[n++] = t->activities.items[i];
	pages = page_count(s, n);
	for (k = 0; k < pages; k++)
		ok &= render_team_page(s, ti, past, n, k, pages);
	free(past);
	return ok;
}

/* --- stories ----------------------------------------------------------- */

static bool render_stories_page(struct web *s, size_t k, size_t pages)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "stories");
	struct mu_value *list = mu_list_new(&r->page);
	size_t per = (size_t)s->m->site.page_size, n = s->m->stories_by_date.n;
	size_t i;

	mu_map_set_str_ref(&r->page, pg.ctx, "page_title",
	    render_string(r, "stories.title"));
	for (i = k * per; i < n && i < (k + 1) * per; i++)
		mu_list_push(&r->page, list, story_card(r, &pg,
		    s->m->stories_by_date.items[n - 1 - i]));
	set_list(r, pg.ctx, "stories", "has_stories", list);
	set_pages(s, pg.ctx, "stories/", k, pages);
	if (n)
		r->lastmod = s->m->stories_by_date.items[n - 1]->date;
	return render_page(r, "stories", pg.ctx, page_url(r, "stories/", k));
}

static bool render_stories_index(struct web *s)
{
	size_t pages = page_count(s, s->m->stories_by_date.n), k;
	bool ok = true;

	for (k = 0; k < pages; k++)
		ok &= render_stories_page(s, k, pages);
	return ok;
}

/* Only web addresses become links: a source_url is content, not ours. */
static bool web_url(const char *url)
{
	return url && (strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "http://", 7) == 0);
}

static const char *story_url(struct render *r, const struct story *st)
{
	return arena_printf(&r->page, "stories/%s/index.html", st->id);
}

static bool render_story(struct web *s, size_t i)
{
	struct render *r = s->r;
	const struct story *st = s->m->stories_by_date.items[i];
	const struct story *prev = i > 0 ? s->m->stories_by_date.items[i - 1] :
	    NULL;
	const struct story *next = i + 1 < s->m->stories_by_date.n ?
	    s->m->stories_by_date.items[i + 1] : NULL;
	struct page pg = page_new(r, "stories");
	struct mu_value *v = ctx_story_summary(r, st);
	struct mu_value *tags = mu_list_new(&r->page);
	struct mu_value *teams = mu_list_new(&r->page);
	struct mu_value *acts = mu_list_new(&r->page);
	size_t k;

	image(r, &pg, mu_map_get(v, "cover", 5));
	mu_map_set_str_ref(&r->page, v, "html", ctx_story_html(r, st, st->html,
	    "../../", true));
	mu_map_set_str_ref(&r->page, v, "source", st->source);
	mu_map_set_str_ref(&r->page, v, "source_url", web_url(st->source_url) ?
	    st->source_url : NULL);
	for (k = 0; k < st->tags.n; k++)
		mu_list_push(&r->page, tags, mu_str_ref(&r->page, st->tags.items[k],
		    strlen(st->tags.items[k])));
	set_list(r, v, "tags", "has_tags", tags);
	mu_map_set(&r->page, pg.ctx, "story", v);
	share(r, pg.ctx, st->summary ? st->summary : st->text, st->cover &&
	    st->cover_photo.exists ? &st->cover_photo : NULL, st->date);
	for (k = 0; k < st->teams.n; k++)
		mu_list_push(&r->page, teams, ctx_team_ref(r, st->teams.items[k]));
	set_list(r, pg.ctx, "teams", "has_teams", teams);
	for (k = 0; k < st->activities.n; k++)
		mu_list_push(&r->page, acts, card(r, st->activities.items[k]));
	set_list(r, pg.ctx, "activities", "has_activities", acts);
	set_pager(r, pg.ctx, prev ? pager_link(r, story_url(r, prev),
	    prev->title) : NULL, next ? pager_link(r, story_url(r, next),
	    next->title) : NULL);
	return render_page(r, "story", pg.ctx, story_url(r, st));
}

/* --- honours ----------------------------------------------------------- */

/* Honours grouped by level, national first; those without a level last. */
static struct mu_value *honour_levels(struct render *r)
{
	static const enum level order[] = {LEVEL_NATIONAL, LEVEL_PROVINCIAL,
	    LEVEL_CITY, LEVEL_DISTRICT, LEVEL_STREET, LEVEL_NONE};
	struct mu_value *levels = mu_list_new(&r->page);
	const struct achievement **h;
	size_t n, i, k;

	h = achievements(r, ACH_HONOUR, &n);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		struct mu_value *g = NULL, *list = NULL;
		for (i = 0; i < n; i++) {
			struct mu_value *v;
			if (h[i]->level != order[k])
				continue;
			v = ctx_achievement(r, h[i]);
			if (!g) {
				const struct mu_value *l = mu_map_get(v, "level_label", 11);
				g = mu_map_new(&r->page);
				list = mu_list_new(&r->page);
				mu_map_set(&r->page, g, "label", l ? l : mu_str_ref(&r->page,
				    render_string(r, "honours.other"),
				    strlen(render_string(r, "honours.other"))));
				mu_map_set(&r->page, g, "honours", list);
				mu_list_push(&r->page, levels, g);
			}
			mu_list_push(&r->page, list, v);
		}
	}
	return levels;
}

static int compare_figure_years(const void *pa, const void *pb)
{
	const struct achievement *a = *(const struct achievement *const *)pa;
	const struct achievement *b = *(const struct achievement *const *)pb;

	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	return (a > b) - (a < b); /* file order within a year */
}

static struct mu_value *figure_years(struct render *r)
{
	struct mu_value *years = mu_list_new(&r->page), *list = NULL;
	const struct achievement **f;
	size_t n, i;
	int cur = -1;

	f = achievements(r, ACH_FIGURE, &n);
	qsort(f, n, sizeof(*f), compare_figure_years);
	for (i = 0; i < n; i++) {
		if (f[i]->year != cur) {
			struct mu_value *g = mu_map_new(&r->page);
			cur = f[i]->year;
			mu_map_set_str_ref(&r->page, g, "label", cur ?
			    year_label(r, cur) : render_string(r, "honours.undated"));
			list = mu_list_new(&r->page);
			mu_map_set(&r->page, g, "figures", list);
			mu_list_push(&r->page, years, g);
		}
		mu_list_push(&r->page, list, ctx_achievement(r, f[i]));
	}
	return years;
}

static bool render_honours(struct web *s)
{
	struct render *r = s->r;
	struct page pg = page_new(r, "honours");
	struct mu_value *people = mu_list_new(&r->page);
	struct mu_value *milestones = mu_list_new(&r->page);
	const struct achievement **v;
	bool any;
	size_t n, i;

	mu_map_set_str_ref(&r->page, pg.ctx, "page_title",
	    render_string(r, "honours.title"));
	any = set_list(r, pg.ctx, "levels", "has_honours", honour_levels(r));
	any |= set_list(r, pg.ctx, "figure_years", "has_figures",
	    figure_years(r));
	v = achievements(r, ACH_PERSON, &n);
	for (i = 0; i < n; i++)
		mu_list_push(&r->page, people, ctx_achievement(r, v[i]));
	any |= set_list(r, pg.ctx, "people", "has_people", people);
	v = achievements(r, ACH_MILESTONE, &n);
	for (i = n; i-- > 0;) /* a timeline reads oldest first */
		if (v[i]->date.year)
			mu_list_push(&r->page, milestones, ctx_achievement(r, v[i]));
	for (i = 0; i < n; i++) /* then the undated, in file order */
		if (!v[i]->date.year)
			mu_list_push(&r->page, milestones, ctx_achievement(r, v[i]));
	any |= set_list(r, pg.ctx, "milestones", "has_milestones", milestones);
	mu_map_set_bool(&r->page, pg.ctx, "has_any", any);
	return render_page(r, "honours", pg.ctx, "honours/index.html");
}

/* --- 404 --------------------------------------------------------------- */

/* 404.html is served in place of a missing page at any depth, so its links
 * start from the path of base_url ("/", "/xingfuli/") rather than from its
 * own place; without base_url from "/", which its script corrects. */
static bool render_not_found(struct web *s)
{
	struct render *r = s->r;
	struct page pg = page_new(r, NULL);
	const char *base = s->m->site.base_url, *root = "", *p;
	bool ok;

	/* Without base_url, "/" holds when the site is the host's root; the
	 * page's script finds the root itself otherwise (notfound.mustache). */
	root = "/";
	if (base && (p = strstr(base, "://")) && (p = strchr(p + 3, '/')))
		root = arena_printf(&r->page, "%s%s", p,
		    p[strlen(p) - 1] == '/' ? "" : "/");
	mu_map_set(&r->page, pg.ctx, "site", r->site);
	mu_map_set(&r->page, pg.ctx, "t", r->theme.strings);
	mu_map_set_str_ref(&r->page, pg.ctx, "root", root);
	mu_map_set_str_ref(&r->page, pg.ctx, "path", "404.html");
	mu_map_set_str_ref(&r->page, pg.ctx, "lang", s->m->site.language_tag);
	ok = render_to_buf(r, "notfound", pg.ctx) &&
	    write_buf(r->w, "404.html", &r->out);
	arena_reset(&r->page);
	if (!ok)
		r->failed = true;
	return ok;
}

/* --- the whole site ---------------------------------------------------- */

bool render_site(struct render *r)
{
	struct web s = {0};
	bool ok = true;
	size_t i;

	s.r = r;
	s.m = r->m;
	index_activities(&s);
	index_stories(&s);
	ok &= render_home(&s);
	ok &= render_activities_index(&s);
	for (i = 0; i < s.years.n; i++)
		ok &= render_year(&s, i);
	for (i = 0; i < s.m->activities_by_date.n; i++)
		ok &= render_activity(&s, i);
	ok &= render_categories(&s);
	for (i = 0; i < s.cats.n; i++)
		ok &= render_category(&s, s.cats.items[i]);
	ok &= render_teams_index(&s);
	for (i = 0; i < s.m->teams.n; i++)
		ok &= render_team(&s, i);
	ok &= render_stories_index(&s);
	for (i = 0; i < s.m->stories_by_date.n; i++)
		ok &= render_story(&s, i);
	ok &= render_honours(&s);
	ok &= render_not_found(&s);
	ok &= site_favicon(&s);
	return ok;
}
