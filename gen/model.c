/*
 * model: indexes, cross-references and aggregates over the loaded records.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_init(struct model *m, const char *content_dir, struct date today)
{
	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	m->content_dir = content_dir;
	m->today = today;
	m->site.language = LANG_ZH_CN;
	m->site.language_tag = "zh-CN";
	m->site.population = m->site.households = -1;
	m->site.bulletin.period = PERIOD_MONTH;
	m->site.bulletin.first_issue = 1;
	m->site.bulletin.pages = 2;
	m->site.board.seconds_per_slide = 12;
	m->site.volunteer_names = PRIVACY_MASKED;
	m->site.page_size = 30;
	strmap_init(&m->team_by_id, &m->arena);
	strmap_init(&m->team_by_name, &m->arena);
	strmap_init(&m->activity_by_id, &m->arena);
	strmap_init(&m->story_by_id, &m->arena);
	strmap_init(&m->volunteer_by_name, &m->arena);
}

void model_release(struct model *m)
{
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

const char *model_str(struct model *m, const char *s, size_t len)
{
	return arena_strndup(&m->arena, s, len);
}

void model_category_slug(const char *name, char out[static 11])
{
	unsigned long h = 2166136261UL;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++)
		h = ((h ^ *p) * 16777619UL) & 0xffffffffUL;
	snprintf(out, 11, "c-%08lx", h);
}

void model_index(struct model *m, struct diag *d)
{
	size_t i;

	for (i = 0; i < m->teams.n; i++) {
		struct team *t = &m->teams.items[i];
		struct team *prev = strmap_put(&m->team_by_id, t->id, t);
		if (prev != t)
			diag_error(d, t->pos, "duplicate team id '%s' (first "
			    "defined at %s:%d)", t->id, prev->pos.path,
			    prev->pos.line);
		if (strmap_put(&m->team_by_name, t->name, t) != t)
			diag_error(d, t->pos, "two teams are named '%s'; team "
			    "names must differ", t->name);
	}
	for (i = 0; i < m->activities.n; i++) {
		struct activity *a = &m->activities.items[i];
		struct activity *prev = strmap_put(&m->activity_by_id, a->id, a);
		if (prev != a)
			diag_error(d, a->pos, "duplicate activity id '%s' (first "
			    "defined at %s:%d)", a->id, prev->pos.path,
			    prev->pos.line);
	}
	for (i = 0; i < m->stories.n; i++) {
		struct story *s = &m->stories.items[i];
		struct story *prev = s->id ?
		    strmap_put(&m->story_by_id, s->id, s) : s;
		if (prev != s)
			diag_error(d, s->pos, "duplicate story id '%s' (first "
			    "defined at %s:%d)", s->id, prev->pos.path,
			    prev->pos.line);
	}
}

struct team *model_team(const struct model *m, const char *id_or_name)
{
	struct team *t = strmap_get(&m->team_by_id, id_or_name);

	return t ? t : strmap_get(&m->team_by_name, id_or_name);
}

const struct year_stats *model_year(const struct model *m, int year)
{
	size_t lo = 0, hi = m->years.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->years.items[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->years.n && m->years.items[lo].year == year ?
	    &m->years.items[lo] : NULL;
}

/* qsort, except that an empty array (whose items may be NULL, which qsort
 * must not be given) is left alone. */
static void sort_items(void *items, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(items, n, size, cmp);
}

static int compare_activity_dates(const void *pa, const void *pb)
{
	const struct activity *a = *(struct activity *const *)pa;
	const struct activity *b = *(struct activity *const *)pb;
	int c = date_cmp(a->date, b->date);

	if (c)
		return c;
	c = strcmp(a->time ? a->time : "", b->time ? b->time : "");
	return c ? c : strcmp(a->id, b->id);
}

static int compare_story_dates(const void *pa, const void *pb)
{
	const struct story *a = *(struct story *const *)pa;
	const struct story *b = *(struct story *const *)pb;
	int c = date_cmp(a->date, b->date);

	return c ? c : strcmp(a->id, b->id);
}

static void sort_records(struct model *m)
{
	size_t i;

	for (i = 0; i < m->activities.n; i++)
		VEC_PUSH(&m->arena, &m->activities_by_date, &m->activities.items[i]);
	for (i = 0; i < m->stories.n; i++)
		VEC_PUSH(&m->arena, &m->stories_by_date, &m->stories.items[i]);
	sort_items(m->activities_by_date.items, m->activities_by_date.n,
	    sizeof(struct activity *), compare_activity_dates);
	sort_items(m->stories_by_date.items, m->stories_by_date.n,
	    sizeof(struct story *), compare_story_dates);
}

/* Activities (in date order) into their teams and stories. */
static void link_activities(struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->activities_by_date.n; i++) {
		struct activity *a = m->activities_by_date.items[i];
		for (j = 0; j < a->team_refs.n; j++) {
			struct team *t = model_team(m, a->team_refs.items[j].id);
			if (!t)
				continue;
			VEC_PUSH(&m->arena, &a->teams, t);
			VEC_PUSH(&m->arena, &t->activities, a);
		}
		if (a->story_ref.id &&
		    (a->story = strmap_get(&m->story_by_id, a->story_ref.id)))
			VEC_PUSH(&m->arena, &a->story->activities, a);
	}
}

static void link_stories(struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->stories.n; i++) {
		struct story *s = &m->stories.items[i];
		for (j = 0; j < s->team_refs.n; j++) {
			struct team *t = model_team(m, s->team_refs.items[j].id);
			if (t)
				VEC_PUSH(&m->arena, &s->teams, t);
		}
	}
}

static struct volunteer *volunteer(struct model *m, const char *name)
{
	struct volunteer *v = strmap_get(&m->volunteer_by_name, name);

	if (!v) {
		v = ARENA_NEW(&m->arena, struct volunteer);
		v->name = name;
		strmap_set(&m->volunteer_by_name, name, v);
		VEC_PUSH(&m->arena, &m->volunteers, v);
	}
	return v;
}

/* The one rule for an activity's hours (docs/format.md): the sum of its
 * service rows when it has any, else its own hours. A done activity's own
 * hours also count for its teams, shared equally, so that a team's total
 * is the sum of its yearly figures (archive.c shares them the same way). */
static void activity_hours(struct activity *a)
{
	size_t j;

	a->total_hours = a->service_rows ? a->service_hours :
	    a->hours > 0 ? a->hours : 0;
	if (a->service_rows || a->hours <= 0 || a->status != STATUS_DONE)
		return;
	for (j = 0; j < a->teams.n; j++)
		a->teams.items[j]->hours += a->hours / (double)a->teams.n;
}

static void link_service(struct model *m)
{
	size_t i;

	for (i = 0; i < m->service.n; i++) {
		struct service *s = &m->service.items[i];
		s->team = model_team(m, s->team_ref.id);
		s->vol = volunteer(m, s->volunteer);
		s->vol->hours += s->hours;
		s->vol->points_earned += s->points;
		s->vol->services++;
		if (s->team) {
			VEC_PUSH(&m->arena, &s->team->service, s);
			s->team->hours += s->hours;
			s->team->points += s->points;
		}
		if (s->activity_ref.id &&
		    (s->activity = strmap_get(&m->activity_by_id,
		    s->activity_ref.id))) {
			s->activity->service_rows++;
			s->activity->service_hours += s->hours;
			s->activity->service_points += s->points;
		}
	}
	for (i = 0; i < m->redemptions.n; i++) {
		struct redemption *r = &m->redemptions.items[i];
		r->vol = volunteer(m, r->volunteer);
		r->vol->points_redeemed += r->points;
	}
	for (i = 0; i < m->activities.n; i++)
		activity_hours(&m->activities.items[i]);
}

static void link_roster(struct model *m)
{
	size_t i;

	for (i = 0; i < m->roster.n; i++) {
		struct member *r = &m->roster.items[i];
		if ((r->team = model_team(m, r->team_ref.id)))
			r->team->member_count++;
	}
	for (i = 0; i < m->teams.n; i++) {
		struct team *t = &m->teams.items[i];
		if (!t->member_count && t->members > 0)
			t->member_count = (size_t)t->members;
	}
}

static int compare_volunteers(const void *pa, const void *pb)
{
	const struct volunteer *a = *(struct volunteer *const *)pa;
	const struct volunteer *b = *(struct volunteer *const *)pb;

	if (a->points_earned != b->points_earned)
		return a->points_earned > b->points_earned ? -1 : 1;
	if (a->hours != b->hours)
		return a->hours > b->hours ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int compare_service(const void *pa, const void *pb)
{
	const struct service *a = pa, *b = pb;
	int c = date_cmp(a->date, b->date);

	if (c)
		return c;
	c = strcmp(a->pos.path, b->pos.path);
	return c ? c : (a->pos.line > b->pos.line) - (a->pos.line < b->pos.line);
}

/* The year_stats for year, which must lie in [first, first + n). */
static struct year_stats *year_slot(struct model *m, int year)
{
	return &m->years.items[year - m->years.items[0].year];
}

static void year_range(const struct model *m, int *lo, int *hi)
{
	size_t i;

	*lo = 9999;
	*hi = 0;
#define SEE(y) do { int y_ = (y); if (y_) { if (y_ < *lo) *lo = y_; \
	if (y_ > *hi) *hi = y_; } } while (0)
	for (i = 0; i < m->activities.n; i++)
		SEE(m->activities.items[i].date.year);
	for (i = 0; i < m->service.n; i++)
		SEE(m->service.items[i].date.year);
	for (i = 0; i < m->redemptions.n; i++)
		SEE(m->redemptions.items[i].date.year);
	for (i = 0; i < m->roster.n; i++)
		SEE(m->roster.items[i].joined.year);
	for (i = 0; i < m->stories.n; i++)
		SEE(m->stories.items[i].date.year);
#undef SEE
}

static void count_activities(struct model *m)
{
	size_t i;

	for (i = 0; i < m->activities.n; i++) {
		const struct activity *a = &m->activities.items[i];
		struct year_stats *y = year_slot(m, a->date.year);
		if (a->status == STATUS_PLANNED) {
			y->activities_planned++;
		} else if (a->status == STATUS_CANCELLED) {
			y->activities_cancelled++;
		} else {
			y->activities_done++;
			if (a->participants > 0)
				y->participants += a->participants;
			if (!a->service_rows && a->hours > 0)
				y->hours += a->hours;
		}
	}
}

/* A person is new in the year of their earliest roster row with a joined
 * date: the roster has a row per team, and someone who joins a second team
 * later is not a new volunteer again, nor counted twice in one year. */
static void count_new_volunteers(struct model *m)
{
	struct strmap first; /* name -> its row with the earliest joined date */
	size_t i;

	strmap_init(&first, &m->arena);
	for (i = 0; i < m->roster.n; i++) {
		struct member *r = &m->roster.items[i];
		struct member *f;
		if (!r->joined.year)
			continue;
		f = strmap_put(&first, r->name, r);
		if (f != r && date_cmp(r->joined, f->joined) < 0)
			strmap_set(&first, r->name, r);
	}
	for (i = 0; i < m->roster.n; i++) {
		struct member *r = &m->roster.items[i];
		if (r->joined.year && strmap_get(&first, r->name) == r)
			year_slot(m, r->joined.year)->new_volunteers++;
	}
}

/* Service rows are in date order, so a volunteer is counted once a year
 * by remembering the last year it was counted in. */
static void count_service(struct model *m)
{
	size_t i;

	for (i = 0; i < m->service.n; i++) {
		const struct service *s = &m->service.items[i];
		struct year_stats *y = year_slot(m, s->date.year);
		y->hours += s->hours;
		y->points_issued += s->points;
		y->service_rows++;
		if (s->vol->last_year != s->date.year) {
			s->vol->last_year = s->date.year;
			y->active_volunteers++;
		}
	}
	for (i = 0; i < m->redemptions.n; i++)
		year_slot(m, m->redemptions.items[i].date.year)->points_redeemed +=
		    m->redemptions.items[i].points;
	count_new_volunteers(m);
	for (i = 0; i < m->stories.n; i++)
		year_slot(m, m->stories.items[i].date.year)->stories++;
}

static void compute_years(struct model *m)
{
	int lo, hi, y;
	size_t i, kept = 0;

	year_range(m, &lo, &hi);
	if (hi < lo)
		return;
	for (y = lo; y <= hi; y++) {
		struct year_stats ys = {0};
		ys.year = y;
		VEC_PUSH(&m->arena, &m->years, ys);
	}
	count_activities(m);
	count_service(m);
	for (i = 0; i < m->years.n; i++) {
		const struct year_stats *ys = &m->years.items[i];
		if (ys->activities_done || ys->activities_planned ||
		    ys->activities_cancelled || ys->service_rows ||
		    ys->points_redeemed || ys->new_volunteers || ys->stories)
			m->years.items[kept++] = *ys;
	}
	m->years.n = kept;
}

void model_link(struct model *m)
{
	sort_items(m->service.items, m->service.n, sizeof(*m->service.items),
	    compare_service);
	sort_records(m);
	link_activities(m);
	link_stories(m);
	link_service(m);
	link_roster(m);
	sort_items(m->volunteers.items, m->volunteers.n,
	    sizeof(struct volunteer *), compare_volunteers);
	compute_years(m);
}
