/*
 * bulletin_fill: what a thin issue prints in the room its records leave.
 *
 * A month with two activities and no story would print a page and a half
 * of white. Readers pin the bulletin up and keep it: the room goes to what
 * they look for, each part only as far as it fits (bulletin_issue.c adds
 * them after everything else has its place, so they never push the
 * period's own records out):
 *
 *   photos    the photos of the period's activities, with their captions
 *   team      the team of the month: the most service hours in the
 *             period's activities (then activities, then its id)
 *   year      the year's figures so far (activities, participants,
 *             volunteers, hours), when the year has more than the period
 *   year board the year's points leaderboard so far (the period's own
 *             names only a few)
 *   notices   the community's notices (site.yaml board.notices) shown in
 *             the period, and the standing ones that have no dates
 *
 *   stories   the community's latest stories before the period
 *
 * The lead story's photo printing larger is a trim flag (big_cover).
 */
#include <math.h>
#include <string.h>

#include "bulletin.h"
#include "media.h"

#define PHOTO_MAX_MM 60.0

static struct bl_entry *extra_list(struct bl_content *x, enum bl_part p,
    size_t cap)
{
	x->list[p] = arena_array(&x->r->page, cap + 1, sizeof(struct bl_entry));
	x->n[p] = 0;
	return x->list[p];
}

/* Whether a is in the issue's recap: done by the issue date. */
static bool recapped(const struct bl_issue *is, const struct activity *a)
{
	return a->status == STATUS_DONE && date_cmp(a->date, is->issued) <= 0;
}

static size_t count_photos(const struct bl_issue *is)
{
	size_t i, n = 0;

	for (i = 0; i < is->nacts; i++)
		n += is->acts[i]->photos.n;
	return n;
}

static void prepare_photos(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	struct bl_entry *v = extra_list(x, BL_PART_PHOTOS, count_photos(is));
	size_t i, k;

	for (i = 0; i < is->nacts; i++) {
		const struct activity *a = is->acts[i];
		if (!recapped(is, a))
			continue;
		for (k = 0; k < a->photos.n; k++) {
			const struct photo *ph = &a->photos.items[k];
			struct bl_entry *e;
			const struct media_variant *big;
			if (!media_shown(ph))
				continue;
			big = &ph->media->variants[ph->media->nvariants - 1];
			e = &v[x->n[BL_PART_PHOTOS]++];
			e->head = ph->caption ? ph->caption : a->title;
			e->meta = ph->caption ? a->title : NULL;
			e->photo = ph;
			e->photo_h = ceil(fmin(x->col * (big->width > 0 && big->height > 0 ?
			    (double)big->height / big->width : 2.0 / 3.0), PHOTO_MAX_MM *
			    BL_PT_PER_MM));
			e->pos = a->pos;
		}
	}
}

/* The year's figures to the issue date, as the recap counts them. */
static void prepare_year(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	size_t i;

	x->n[BL_PART_YEAR] = 0;
	for (i = 0; i < is->nacts_year; i++) {
		const struct activity *a = is->acts_year[i];
		if (!recapped(is, a))
			continue;
		x->year_acts++;
		if (a->participants >= 0) {
			x->year_participants += a->participants;
			x->year_has_participants = true;
		}
		if (a->volunteers >= 0) {
			x->year_volunteers += a->volunteers;
			x->year_has_volunteers = true;
		}
		x->year_hours += a->total_hours;
	}
	/* worth a box only when the year holds more than the period */
	if (x->year_acts > x->n[BL_PART_RECAP])
		x->n[BL_PART_YEAR] = 1;
}

/* The team with the most hours in the period's activities (then the most
 * activities, then the first by id); NULL when no activity names one. */
static const struct team *team_of_month(struct bl_content *x, size_t *acts,
    double *hours)
{
	const struct model *m = x->r->m;
	const struct bl_issue *is = x->is;
	double *h = arena_array(&x->r->page, m->teams.n + 1, sizeof(double));
	size_t *n = arena_array(&x->r->page, m->teams.n + 1, sizeof(size_t));
	size_t i, j, best = m->teams.n;

	for (i = 0; i < is->nacts; i++) {
		const struct activity *a = is->acts[i];
		if (!recapped(is, a))
			continue;
		for (j = 0; j < a->teams.n; j++) {
			size_t k = (size_t)(a->teams.items[j] - m->teams.items);
			h[k] += a->total_hours / (double)a->teams.n;
			n[k]++;
		}
	}
	for (i = 0; i < m->teams.n; i++)
		if (n[i] && (best == m->teams.n || h[i] > h[best] ||
		    (h[i] == h[best] && (n[i] > n[best] || (n[i] == n[best] &&
		    strcmp(m->teams.items[i].id, m->teams.items[best].id) < 0)))))
			best = i;
	if (best == m->teams.n)
		return NULL;
	*acts = n[best];
	*hours = h[best];
	return &m->teams.items[best];
}

static void prepare_team(struct bl_content *x)
{
	struct render *r = x->r;
	struct bl_entry *v = extra_list(x, BL_PART_TEAM, 1);
	size_t acts = 0;
	double hours = 0;
	const struct team *t = team_of_month(x, &acts, &hours);
	char num[32];

	if (!t)
		return;
	snprintf(num, sizeof(num), "%zu", acts);
	v->head = t->name;
	v->meta = bl_pattern(r, "bulletin.team_figures", "n", num);
	if (hours > 0)
		v->meta = arena_printf(&r->page, "%s%s%s", v->meta, render_string(r,
		    "bulletin.separator"), bl_pattern(r, "bulletin.hours", "n",
		    ctx_number(r, hours)));
	if (t->leader)
		v->meta = arena_printf(&r->page, "%s%s%s", v->meta, render_string(r,
		    "bulletin.separator"), bl_pattern(r, "bulletin.leader", "name",
		    t->leader));
	v->text = t->summary;
	v->pos = t->pos;
	x->n[BL_PART_TEAM] = 1;
}

/* Notices shown in the issue's period (from its start to the issue
 * date), and standing ones without dates. */
static void prepare_notices(struct bl_content *x)
{
	const struct site *site = &x->r->m->site;
	const struct bl_issue *is = x->is;
	struct bl_entry *v = extra_list(x, BL_PART_NOTICES, site->board.notices.n);
	size_t i;

	for (i = 0; i < site->board.notices.n; i++) {
		const struct notice *no = &site->board.notices.items[i];
		if ((no->from.year && date_cmp(no->from, is->issued) > 0) ||
		    (no->until.year && date_cmp(no->until, is->start) < 0))
			continue;
		v[x->n[BL_PART_NOTICES]].text = no->text;
		v[x->n[BL_PART_NOTICES]++].pos = no->pos;
	}
}

#define BOARD_YEAR_ROWS 10
#define PAST_STORIES 4

static void prepare_year_board(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	size_t n = bl_leaders(x->r, is->svc_year, is->nsvc_year, is->issued,
	    &x->year_leaders);

	/* only when it says more than the period's own board */
	x->n[BL_PART_YEAR_BOARD] = n > x->n[BL_PART_BOARD] ?
	    (n < BOARD_YEAR_ROWS ? n : BOARD_YEAR_ROWS) : 0;
}

/* The latest stories before the period, newest first. */
static void prepare_stories(struct bl_content *x)
{
	const struct bl_issue *is = x->is;
	struct render *r = x->r;
	struct bl_entry *v = extra_list(x, BL_PART_STORIES, PAST_STORIES);
	size_t i;

	for (i = is->npast; i-- > 0 && x->n[BL_PART_STORIES] < PAST_STORIES;) {
		const struct story *st = is->past[i];
		struct bl_entry *e = &v[x->n[BL_PART_STORIES]++];
		e->head = st->title;
		e->meta = ctx_date_short(r, st->date);
		if (st->date.year != is->start.year)
			e->meta = ctx_date_long(r, (struct date){st->date.year,
			    st->date.month, 0});
		e->text = st->summary;
		e->pos = st->pos;
	}
}

void bl_prepare_extras(struct bl_content *x)
{
	prepare_photos(x);
	prepare_team(x);
	prepare_year(x);
	prepare_year_board(x);
	prepare_notices(x);
	prepare_stories(x);
}
