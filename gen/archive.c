/*
 * archive: the yearly reports' figures (see archive.h, docs/archive.md).
 *
 * archive_compute() makes one pass over the activities and one over the
 * service rows for all years at once, into arrays indexed by the year's
 * offset and the team's index (team - m->teams.items) or the category's
 * index: never a scan per year.
 */
#include "archive.h"

#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "json.h"

double archive_round(double v)
{
	return round(v * 100.0) / 100.0;
}

double archive_share(size_t part, double whole)
{
	return whole > 0 ? round((double)part * 1000.0 / whole) / 10.0 : 0;
}

/* --- computing --------------------------------------------------------- */

static struct archive_year *slot(struct archive *a, int year)
{
	if (year < a->first || year >= a->first + (int)a->n)
		return NULL;
	return &a->years[year - a->first];
}

const struct archive_year *archive_year(const struct archive *a, int year)
{
	return slot((struct archive *)a, year);
}

static size_t team_index(const struct archive *a, const struct team *t)
{
	return t ? (size_t)(t - a->m->teams.items) : a->nteams;
}

/* Every category gets an index, in order of first appearance; stored in
 * the map as index + 1. */
static void index_categories(struct archive *a, struct arena *arena,
    struct strmap *index)
{
	size_t i;

	strmap_init(index, arena);
	for (i = 0; i < a->m->activities_by_date.n; i++) {
		const struct activity *act = a->m->activities_by_date.items[i];
		const char *c = act->category ? act->category : "";
		if (strmap_get(index, c))
			continue;
		VEC_PUSH(arena, &a->categories, c);
		strmap_set(index, c, (void *)(uintptr_t)a->categories.n);
	}
}

static void add_activity(struct archive *a, struct archive_year *y,
    const struct activity *act, size_t category)
{
	struct archive_month *mo = &y->months[act->date.month];
	size_t j;

	mo->activities++;
	if (act->participants > 0)
		mo->participants += act->participants;
	y->categories[category]++;
	for (j = 0; j < act->teams.n; j++)
		y->teams[team_index(a, act->teams.items[j])].activities++;
	if (act->service_rows || act->hours <= 0)
		return;
	/* Its own hours count only without service rows (as in m->years),
	 * shared equally among its teams so that the teams add up. */
	mo->hours += act->hours;
	if (!act->teams.n) {
		y->teams[a->nteams].activity_hours += act->hours;
		return;
	}
	for (j = 0; j < act->teams.n; j++)
		y->teams[team_index(a, act->teams.items[j])].activity_hours +=
		    act->hours / (double)act->teams.n;
}

static void count_activities(struct archive *a, const struct strmap *index)
{
	size_t i;

	for (i = 0; i < a->m->activities_by_date.n; i++) {
		const struct activity *act = a->m->activities_by_date.items[i];
		struct archive_year *y = slot(a, act->date.year);
		uintptr_t c = (uintptr_t)strmap_get(index, act->category ?
		    act->category : "");
		if (y && act->status == STATUS_DONE)
			add_activity(a, y, act, (size_t)c - 1);
	}
}

/* Service rows are sorted by date, so a year's rows are one range. */
static void count_service(struct archive *a)
{
	size_t i;

	for (i = 0; i < a->m->service.n; i++) {
		const struct service *s = &a->m->service.items[i];
		struct archive_year *y = slot(a, s->date.year);
		struct archive_team *t;
		if (!y)
			continue;
		if (y->service_to == 0)
			y->service_from = i;
		y->service_to = i + 1;
		y->months[s->date.month].hours += s->hours;
		y->months[s->date.month].points += s->points;
		t = &y->teams[team_index(a, s->team)];
		t->service_hours += s->hours;
		t->points += s->points;
		if (!s->activity_ref.id) {
			t->unlinked_hours += s->hours;
			t->unlinked_rows++;
		}
	}
}

static void collect_records(struct archive *a, struct arena *arena)
{
	size_t i;

	for (i = 0; i < a->m->achievements.n; i++) {
		const struct achievement *h = &a->m->achievements.items[i];
		struct archive_year *y = slot(a, h->kind == ACH_FIGURE ?
		    h->year : h->date.year);
		if (!y)
			continue;
		if (h->kind == ACH_HONOUR)
			VEC_PUSH(arena, &y->honours, h);
		else if (h->kind == ACH_PERSON)
			VEC_PUSH(arena, &y->people, h);
		else if (h->kind == ACH_FIGURE)
			VEC_PUSH(arena, &y->figures, h);
		else
			VEC_PUSH(arena, &y->milestones, h);
	}
	for (i = 0; i < a->m->stories_by_date.n; i++) {
		const struct story *s = a->m->stories_by_date.items[i];
		struct archive_year *y = slot(a, s->date.year);
		if (y)
			VEC_PUSH(arena, &y->stories, s);
	}
}

static int compare_achievement_dates(const void *pa, const void *pb)
{
	const struct achievement *a = *(const struct achievement *const *)pa;
	const struct achievement *b = *(const struct achievement *const *)pb;
	int c = date_cmp(a->date, b->date);

	/* file order breaks ties: the records are one array */
	return c ? c : (a > b) - (a < b);
}

static void sort_by_date(void *items, size_t n)
{
	if (n > 1)
		qsort(items, n, sizeof(const struct achievement *),
		    compare_achievement_dates);
}

/* A year with work to report: not one with only plans, nor one whose only
 * records are roster join dates (a report of zeros would tell a reader
 * that nothing happened, when it was only not recorded). */
static bool has_work(const struct year_stats *ys)
{
	return ys && (ys->activities_done || ys->service_rows ||
	    ys->points_redeemed || ys->stories);
}

void archive_compute(struct archive *a, const struct model *m,
    struct arena *arena)
{
	struct strmap index;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->m = m;
	a->nteams = m->teams.n;
	if (!m->years.n)
		return;
	a->first = m->years.items[0].year;
	a->n = (size_t)(m->years.items[m->years.n - 1].year - a->first + 1);
	a->years = arena_array(arena, a->n, sizeof(*a->years));
	index_categories(a, arena, &index);
	for (i = 0; i < a->n; i++) {
		struct archive_year *y = &a->years[i];
		y->year = a->first + (int)i;
		y->ys = model_year(m, y->year);
		y->reported = has_work(y->ys);
		y->in_progress = y->year >= m->today.year;
		/* Part of a year is no match for a whole one. */
		y->prev = i && y[-1].reported && !y->in_progress ? y[-1].ys :
		    NULL;
		y->teams = arena_array(arena, a->nteams + 1, sizeof(*y->teams));
		y->categories = arena_array(arena, a->categories.n + 1,
		    sizeof(size_t));
	}
	count_activities(a, &index);
	count_service(a);
	collect_records(a, arena);
	for (i = 0; i < a->n; i++) {
		sort_by_date(a->years[i].honours.items, a->years[i].honours.n);
		sort_by_date(a->years[i].people.items, a->years[i].people.n);
		sort_by_date(a->years[i].milestones.items,
		    a->years[i].milestones.n);
	}
}

/* --- orderings for a year ---------------------------------------------- */

static int compare_service_volunteers(const void *pa, const void *pb)
{
	const struct service *a = *(const struct service *const *)pa;
	const struct service *b = *(const struct service *const *)pb;

	return strcmp(a->vol->name, b->vol->name);
}

static int compare_volunteer_years(const void *pa, const void *pb)
{
	const struct archive_volunteer *a = pa, *b = pb;

	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	if (a->hours != b->hours)
		return a->hours > b->hours ? -1 : 1;
	return strcmp(a->vol->name, b->vol->name);
}

size_t archive_top_volunteers(const struct archive *a,
    const struct archive_year *y, struct arena *arena,
    struct archive_volunteer **out, size_t max)
{
	size_t n = y->service_to - y->service_from, i, k = 0;
	const struct service **rows = arena_array(arena, n + 1, sizeof(*rows));
	struct archive_volunteer *v = arena_array(arena, n + 1, sizeof(*v));

	for (i = 0; i < n; i++)
		rows[i] = &a->m->service.items[y->service_from + i];
	if (n > 1)
		qsort(rows, n, sizeof(*rows), compare_service_volunteers);
	for (i = 0; i < n; i++) {
		if (!k || v[k - 1].vol != rows[i]->vol)
			v[k++].vol = rows[i]->vol;
		v[k - 1].hours += rows[i]->hours;
		v[k - 1].points += rows[i]->points;
		v[k - 1].services++;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), compare_volunteer_years);
	*out = v;
	if (k <= max)
		return k;
	/* whoever shares the last rank is in too, up to twice max */
	for (n = max; n < k && n < 2 * max &&
	    v[n].points == v[max - 1].points && v[n].hours == v[max - 1].hours;
	    n++)
		;
	return n;
}

size_t archive_rank(const struct archive_volunteer *v, size_t i)
{
	while (i > 0 && v[i - 1].points == v[i].points &&
	    v[i - 1].hours == v[i].hours)
		i--;
	return i + 1;
}

static double team_hours(const struct archive_team *t)
{
	return t->service_hours + t->activity_hours;
}

/* What a team or category is ordered by; qsort gets no context, so the
 * keys are copied out first. */
struct order {
	size_t index;
	double value;     /* hours (rounded) or activities */
	size_t count;     /* activities */
	const char *name; /* id or category; NULL sorts last ("none") */
};

static int compare_orders(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;

	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (!a->name || !b->name)
		return (!a->name) - (!b->name);
	return strcmp(a->name, b->name);
}

/* Sorts o[0..n) and returns their indexes, in arena. */
static size_t *sorted_indexes(struct arena *arena, struct order *o, size_t n)
{
	size_t *idx = arena_array(arena, n + 1, sizeof(size_t)), i;

	if (n > 1)
		qsort(o, n, sizeof(*o), compare_orders);
	for (i = 0; i < n; i++)
		idx[i] = o[i].index;
	return idx;
}

size_t archive_teams(const struct archive *a, const struct archive_year *y,
    struct arena *arena, size_t **out)
{
	struct order *o = arena_array(arena, a->nteams + 1, sizeof(*o));
	size_t i, n = 0;

	for (i = 0; i <= a->nteams; i++) {
		const struct archive_team *t = &y->teams[i];
		if (!t->activities && !t->service_hours && !t->activity_hours &&
		    !t->points && !t->unlinked_rows)
			continue;
		o[n].index = i;
		o[n].value = archive_round(team_hours(t));
		o[n].count = t->activities;
		/* by id, never by file order; "no team" last */
		o[n++].name = i < a->nteams ? a->m->teams.items[i].id : NULL;
	}
	*out = sorted_indexes(arena, o, n);
	return n;
}

size_t archive_categories(const struct archive *a,
    const struct archive_year *y, struct arena *arena, size_t **out)
{
	struct order *o = arena_array(arena, a->categories.n + 1, sizeof(*o));
	size_t i, n = 0;

	for (i = 0; i < a->categories.n; i++) {
		const char *name = a->categories.items[i];
		if (!y->categories[i])
			continue;
		o[n].index = i;
		o[n].value = (double)y->categories[i];
		o[n].count = 0;
		o[n++].name = *name ? name : NULL;
	}
	*out = sorted_indexes(arena, o, n);
	return n;
}

/* --- the figures as rows ----------------------------------------------- */

struct rows {
	struct render *r;
	VEC(struct archive_row) v;
};

static void row(struct rows *rs, const char *section, const char *key,
    const char *label, const char *measure, double value)
{
	struct archive_row x = {section, key, label, measure,
	    archive_round(value), NULL};

	VEC_PUSH(&rs->r->page, &rs->v, x);
}

static void row_text(struct rows *rs, const char *section, const char *key,
    const char *label, const char *measure, const char *text)
{
	struct archive_row x = {section, key, label, measure, 0, text};

	if (text)
		VEC_PUSH(&rs->r->page, &rs->v, x);
}

static const char *str(struct rows *rs, const char *key)
{
	return render_string(rs->r, arena_printf(&rs->r->page, "archive.%s",
	    key));
}

const char *const archive_totals[] = {"activities", "participants",
    "hours", "active_volunteers", "new_volunteers", "points_issued",
    "points_redeemed", NULL};

double archive_total(const struct year_stats *ys, size_t i)
{
	if (!ys)
		return 0;
	switch (i) {
	case 0: return (double)ys->activities_done;
	case 1: return (double)ys->participants;
	case 2: return ys->hours;
	case 3: return (double)ys->active_volunteers;
	case 4: return (double)ys->new_volunteers;
	case 5: return (double)ys->points_issued;
	default: return (double)ys->points_redeemed;
	}
}

static void total_rows(struct rows *rs, const struct archive_year *y)
{
	size_t i;

	for (i = 0; archive_totals[i]; i++) {
		const char *label = str(rs, arena_printf(&rs->r->page,
		    "total.%s", archive_totals[i]));
		row(rs, "total", archive_totals[i], label, "value",
		    archive_total(y->ys, i));
		if (y->prev)
			row(rs, "total", archive_totals[i], label, "previous",
			    archive_total(y->prev, i));
	}
}

static void month_rows(struct rows *rs, const struct archive_year *y)
{
	int mo;

	for (mo = 0; mo <= 12; mo++) {
		const struct archive_month *x = &y->months[mo];
		const char *key, *label;
		if (!mo && !x->activities && !x->hours && !x->points)
			continue;
		key = mo ? arena_printf(&rs->r->page, "%d-%02d", y->year, mo) :
		    arena_printf(&rs->r->page, "%d", y->year);
		label = mo ? ctx_month(rs->r, y->year, mo) :
		    str(rs, "month_unknown");
		row(rs, "month", key, label, "activities", (double)x->activities);
		row(rs, "month", key, label, "participants",
		    (double)x->participants);
		row(rs, "month", key, label, "hours", x->hours);
		row(rs, "month", key, label, "points", (double)x->points);
	}
}

static void team_rows(struct rows *rs, const struct archive *a,
    const struct archive_year *y)
{
	size_t *idx, n = archive_teams(a, y, &rs->r->page, &idx), i;

	for (i = 0; i < n; i++) {
		const struct archive_team *t = &y->teams[idx[i]];
		const struct team *team = idx[i] < a->nteams ?
		    &a->m->teams.items[idx[i]] : NULL;
		const char *key = team ? team->id : "_none";
		const char *label = team ? team->name : str(rs, "no_team");
		row(rs, "team", key, label, "activities", (double)t->activities);
		row(rs, "team", key, label, "hours", team_hours(t));
		row(rs, "team", key, label, "service_hours", t->service_hours);
		row(rs, "team", key, label, "activity_hours", t->activity_hours);
		row(rs, "team", key, label, "unlinked_hours", t->unlinked_hours);
		row(rs, "team", key, label, "points", (double)t->points);
		row_text(rs, "team", key, label, "color", team ? team->color :
		    NULL);
	}
}

static void category_rows(struct rows *rs, const struct archive *a,
    const struct archive_year *y)
{
	size_t *idx, n = archive_categories(a, y, &rs->r->page, &idx), i;
	double done = y->ys ? (double)y->ys->activities_done : 0;

	for (i = 0; i < n; i++) {
		const char *name = a->categories.items[idx[i]];
		const char *key = *name ? name : "_none";
		const char *label = *name ? name : str(rs, "no_category");
		size_t count = y->categories[idx[i]];
		row(rs, "category", key, label, "activities", (double)count);
		row(rs, "category", key, label, "share", archive_share(count,
		    done));
	}
}

static void volunteer_rows(struct rows *rs, const struct archive *a,
    const struct archive_year *y)
{
	struct archive_volunteer *v;
	size_t n = archive_top_volunteers(a, y, &rs->r->page, &v,
	    ARCHIVE_TOP_VOLUNTEERS), i;

	for (i = 0; i < n; i++) {
		const char *key = arena_printf(&rs->r->page, "%zu", i + 1);
		const char *label = ctx_volunteer_name(rs->r, v[i].vol->name);
		row(rs, "volunteer", key, label, "rank",
		    (double)archive_rank(v, i));
		row(rs, "volunteer", key, label, "points", (double)v[i].points);
		row(rs, "volunteer", key, label, "hours", v[i].hours);
		row(rs, "volunteer", key, label, "services",
		    (double)v[i].services);
	}
}

static void headline_rows(struct rows *rs, const struct archive_year *y)
{
	static const char *const approx[] = {NULL, "over", "about", "nearly"};
	size_t i;

	for (i = 0; i < y->figures.n; i++) {
		const struct achievement *h = y->figures.items[i];
		const char *key = arena_printf(&rs->r->page, "%zu", i + 1);
		row(rs, "headline", key, h->label, "value", h->value);
		row_text(rs, "headline", key, h->label, "unit", h->unit);
		row_text(rs, "headline", key, h->label, "approx",
		    approx[h->approx]);
	}
}

size_t archive_rows(struct render *r, const struct archive *a,
    const struct archive_year *y, struct archive_row **out)
{
	struct rows rs = {r, {0}};

	row(&rs, "report", "year", str(&rs, "col_year"), "value", y->year);
	row_text(&rs, "report", "community", str(&rs, "community"), "name",
	    r->m->site.name);
	total_rows(&rs, y);
	month_rows(&rs, y);
	team_rows(&rs, a, y);
	category_rows(&rs, a, y);
	volunteer_rows(&rs, a, y);
	headline_rows(&rs, y);
	*out = rs.v.items;
	return rs.v.n;
}

/* --- CSV and JSON ------------------------------------------------------ */

void archive_csv_cell(struct buf *out, const char *cell)
{
	struct buf tmp = BUF_INIT;
	size_t need;

	if (cell[0] && strchr("=+-@\t\r", cell[0])) {
		buf_addc(&tmp, '\'');
		buf_adds(&tmp, cell);
		cell = tmp.data;
	}
	need = csv_write(NULL, 0, cell, strlen(cell));
	buf_grow(out, need);
	out->len += csv_write(out->data + out->len, need, cell, strlen(cell));
	out->data[out->len] = '\0';
	buf_release(&tmp);
}

void archive_csv(struct buf *out, const struct archive_row *rows, size_t n)
{
	static const char *const header[] = {"section", "key", "label",
	    "measure", "value"};
	char num[32];
	size_t i, j;

	buf_adds(out, "\xEF\xBB\xBF");
	for (j = 0; j < 5; j++) {
		if (j)
			buf_addc(out, ',');
		archive_csv_cell(out, header[j]);
	}
	buf_adds(out, "\r\n");
	for (i = 0; i < n; i++) {
		const struct archive_row *x = &rows[i];
		const char *cells[5] = {x->section, x->key, x->label, x->measure,
		    x->text ? x->text : chart_number(num, x->value)};
		for (j = 0; j < 5; j++) {
			if (j)
				buf_addc(out, ',');
			archive_csv_cell(out, cells[j] ? cells[j] : "");
		}
		buf_adds(out, "\r\n");
	}
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

void archive_json(struct buf *out, int year, const char *who,
    const char *name, const struct archive_row *rows, size_t n)
{
	struct json_writer j;
	size_t i;

	json_init(&j, out);
	json_begin_object(&j);
	json_kv_number(&j, "year", year);
	json_kv_string(&j, who, name);
	json_key(&j, "sections");
	json_begin_object(&j);
	for (i = 0; i < n; i++) {
		const struct archive_row *x = &rows[i];
		bool new_section = !i || !same(rows[i - 1].section, x->section);
		bool new_key = new_section || !same(rows[i - 1].key, x->key);
		if (i && new_key)
			json_end_object(&j);
		if (i && new_section)
			json_end_array(&j);
		if (new_section) {
			json_key(&j, x->section);
			json_begin_array(&j);
		}
		if (new_key) {
			json_begin_object(&j);
			json_kv_string(&j, "key", x->key);
			json_kv_string(&j, "label", x->label);
		}
		if (x->text)
			json_kv_string(&j, x->measure, x->text);
		else
			json_kv_number(&j, x->measure, x->value);
	}
	if (n) {
		json_end_object(&j);
		json_end_array(&j);
	}
	json_end_object(&j);
	json_end_object(&j);
	buf_addc(out, '\n');
}
