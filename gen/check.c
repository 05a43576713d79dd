#include "check.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "i18n.h"

/* "known teams: a, b, c" (at most 12 named), for messages; with names,
 * "a (name), ..." for places that may name a team either way. */
static void list_team_ids(const struct model *m, bool names,
    struct buf *out)
{
	size_t i;

	for (i = 0; i < m->teams.n && i < 12; i++) {
		buf_printf(out, "%s%s", i ? ", " : "", m->teams.items[i].id);
		if (names)
			buf_printf(out, " (%s)", m->teams.items[i].name);
	}
	if (m->teams.n > 12)
		buf_printf(out, _(" and %zu more"), m->teams.n - 12);
	if (!m->teams.n)
		buf_adds(out, _("(none: add teams/*.yaml)"));
}

static void check_team_ref(const struct model *m, struct diag *d,
    const struct ref *r, bool by_name_too)
{
	struct buf known = BUF_INIT;

	if (strmap_get(&m->team_by_id, r->id) ||
	    (by_name_too && strmap_get(&m->team_by_name, r->id)))
		return;
	if (m->teams_unread)
		return; /* it may be in the broken file: that error comes first */
	list_team_ids(m, by_name_too, &known);
	diag_error(d, r->pos, "unknown team '%s'; known teams: %s", r->id,
	    known.data);
	buf_release(&known);
}

static void check_activities(const struct model *m, struct diag *d)
{
	size_t i, j;

	for (i = 0; i < m->activities.n; i++) {
		const struct activity *a = &m->activities.items[i];
		for (j = 0; j < a->team_refs.n; j++)
			check_team_ref(m, d, &a->team_refs.items[j], false);
		if (a->story_ref.id && !strmap_get(&m->story_by_id, a->story_ref.id))
			diag_error(d, a->story_ref.pos, "unknown story '%s'; a "
			    "story's id is in its front matter, or derived from "
			    "its date", a->story_ref.id);
		for (j = 0; j < a->photos.n; j++)
			if (!a->photos.items[j].exists)
				diag_warning_group(d, a->photos.items[j].pos,
				    N_("photos that do not exist"), "photo '%s' does not "
				    "exist", a->photos.items[j].src);
		if (a->status == STATUS_PLANNED && !a->incomplete &&
		    date_cmp(a->date, m->today) < 0)
			diag_warning_group(d, a->pos, N_("planned activities dated "
			    "in the past"), "planned activity '%s' is dated in the "
			    "past; set status: done (or cancelled)", a->title);
	}
}

static void check_stories(const struct model *m, struct diag *d)
{
	size_t i, j;

	for (i = 0; i < m->stories.n; i++) {
		const struct story *s = &m->stories.items[i];
		for (j = 0; j < s->team_refs.n; j++)
			check_team_ref(m, d, &s->team_refs.items[j], false);
	}
}


/* The roster name closest to name: at most half its characters differ
 * (张晓明 for 张小明), else NULL. */
static const char *closest_member(const struct model *m, const char *name)
{
	size_t len = utf8_length(name, strlen(name)), best = len / 2 + 1, i;
	const char *near = NULL;

	if (best < 2)
		best = 2;
	for (i = 0; i < m->roster.n; i++) {
		size_t dist = utf8_edit_distance(name, m->roster.items[i].name);
		if (dist < best) {
			best = dist;
			near = m->roster.items[i].name;
		}
	}
	return near;
}

/* With a roster, every volunteer of the service log should be on it: one
 * person spelled two ways splits their hours and points. Once per name,
 * at its first row. */
static void check_volunteer_names(const struct model *m, struct diag *d)
{
	struct arena scratch;
	struct strmap members, seen;
	const char *roster;
	size_t i, unknown = 0;

	if (!m->has_roster || !m->roster.n)
		return;
	roster = m->roster.items[0].pos.path;
	arena_init(&scratch);
	strmap_init(&members, &scratch);
	strmap_init(&seen, &scratch);
	for (i = 0; i < m->roster.n; i++)
		strmap_set(&members, m->roster.items[i].name, &members);
	for (i = 0; i < m->service.n; i++) {
		const struct service *s = &m->service.items[i];
		const char *near;
		if (strmap_get(&members, s->volunteer) ||
		    strmap_get(&seen, s->volunteer))
			continue;
		strmap_set(&seen, s->volunteer, &seen);
		/* Only the first few are shown (diag_warning_group): look for
		 * a close name for those, not a roster scan per name. */
		near = unknown++ < 20 ? closest_member(m, s->volunteer) : NULL;
		if (near)
			diag_warning_group(d, s->pos, N_("volunteers not on the roster"),
			    "volunteer '%s' is not on the roster (%s); the closest "
			    "name there is '%s': if they are one person, write the "
			    "name the same way in both files, or their hours and "
			    "points are split", s->volunteer, roster, near);
		else
			diag_warning_group(d, s->pos, N_("volunteers not on the roster"),
			    "volunteer '%s' is not on the roster (%s); add them "
			    "there, or check the spelling", s->volunteer, roster);
	}
	arena_release(&scratch);
}

static void check_service(const struct model *m, struct diag *d)
{
	size_t i;

	for (i = 0; i < m->service.n; i++) {
		const struct service *s = &m->service.items[i];
		check_team_ref(m, d, &s->team_ref, true);
		if (s->activity_ref.id &&
		    !strmap_get(&m->activity_by_id, s->activity_ref.id))
			diag_error(d, s->activity_ref.pos, "unknown activity "
			    "'%s'; write the id of an activity in activities/, "
			    "or leave the cell empty", s->activity_ref.id);
		if (date_cmp(s->date, m->today) > 0)
			diag_warning_group(d, s->pos, N_("rows dated after today"),
			    "service dated after today (%04d-%02d-%02d); service "
			    "is recorded once it is done: check the date",
			    m->today.year, m->today.month, m->today.day);
	}
	for (i = 0; i < m->roster.n; i++)
		check_team_ref(m, d, &m->roster.items[i].team_ref, true);
}

/* An activity's own hours differ from the sum of its service rows. The
 * rows win; a difference is worth a warning. */
static void check_hours(const struct model *m, struct diag *d)
{
	struct arena scratch;
	double *sums;
	size_t *rows, i;

	arena_init(&scratch);
	sums = arena_array(&scratch, m->activities.n + 1, sizeof(*sums));
	rows = arena_array(&scratch, m->activities.n + 1, sizeof(*rows));
	for (i = 0; i < m->service.n; i++) {
		const struct service *s = &m->service.items[i];
		const struct activity *a = s->activity_ref.id ?
		    strmap_get(&m->activity_by_id, s->activity_ref.id) : NULL;
		if (a) {
			sums[a - m->activities.items] += s->hours;
			rows[a - m->activities.items]++;
		}
	}
	for (i = 0; i < m->activities.n; i++) {
		const struct activity *a = &m->activities.items[i];
		if (rows[i] && a->hours >= 0 && fabs(sums[i] - a->hours) > 0.01)
			diag_warning(d, a->pos, "activity '%s' gives hours: %g, "
			    "but its service rows add up to %g; the rows count",
			    a->id, a->hours, sums[i]);
	}
	arena_release(&scratch);
}

static void check_unused_teams(const struct model *m, struct diag *d)
{
	struct arena scratch;
	bool *used;
	size_t i, j;

	arena_init(&scratch);
	used = arena_array(&scratch, m->teams.n + 1, sizeof(bool));
	for (i = 0; i < m->activities.n; i++)
		for (j = 0; j < m->activities.items[i].team_refs.n; j++) {
			const struct team *t = strmap_get(&m->team_by_id,
			    m->activities.items[i].team_refs.items[j].id);
			if (t)
				used[t - m->teams.items] = true;
		}
	for (i = 0; i < m->teams.n; i++)
		if (!used[i] && strmap_get(&m->team_by_id,
		    m->teams.items[i].id) == &m->teams.items[i])
			diag_warning(d, m->teams.items[i].pos, "team '%s' has no "
			    "activity", m->teams.items[i].id);
	arena_release(&scratch);
}

/* Two category names whose slugs (model_category_slug) are the same would
 * share one page, the second overwriting the first. The 32-bit slug keeps
 * published addresses as they are; a clash, rare but possible, is
 * reported at the first activity that uses the second name. */
static void check_category_slugs(const struct model *m, struct diag *d)
{
	struct arena scratch;
	struct strmap names, slugs; /* name -> its first activity; slug -> the same */
	size_t i;

	arena_init(&scratch);
	strmap_init(&names, &scratch);
	strmap_init(&slugs, &scratch);
	for (i = 0; i < m->activities.n; i++) {
		const struct activity *a = &m->activities.items[i];
		const struct activity *first;
		char *slug;

		if (!a->category || !*a->category ||
		    strmap_put(&names, a->category, (void *)a) != a)
			continue;
		slug = arena_alloc(&scratch, 11);
		model_category_slug(a->category, slug);
		first = strmap_put(&slugs, slug, (void *)a);
		if (first != a)
			diag_error(d, a->category_pos, "category '%s' would get the "
			    "same web address (categories/%s/) as category '%s' "
			    "(first used at %s:%d); change one of the two names a "
			    "little, e.g. add a word", a->category, slug,
			    first->category, first->category_pos.path,
			    first->category_pos.line);
	}
	arena_release(&scratch);
}

void check_model(const struct model *m, struct diag *d)
{
	check_activities(m, d);
	check_stories(m, d);
	check_service(m, d);
	check_volunteer_names(m, d);
	check_hours(m, d);
	check_unused_teams(m, d);
	check_category_slugs(m, d);
}
