/*
 * district_summary.c: what the portal shows of one community (see
 * district.h), written by the worker that built it into a small file in
 * the cache, so that the district never holds a community's model: its
 * planned activities, its latest stories, its honours, its counts.
 *
 * One record a line, fields separated by tabs (a tab or line break in a
 * field becomes a space); dates as content wrote them, to the day, the
 * month or the year (2026-12-09, 2026-12, 2026), empty when undated:
 *   N activities teams stories honours
 *   U date time title location url      planned, from today on (those
 *                                        whose last day is not past),
 *                                        soonest first, at most 200
 *   S date title url summary             stories, newest first: the 10
 *                                        newest and the newest dated on or
 *                                        before today; the summary cut
 *                                        at 200 characters, else the
 *                                        text's first 90
 *   H level date title issuer           honours, newest first
 *
 * The portal lists the 20 soonest planned activities of the district, but
 * the district's noticeboard judges them by the screen's clock days or
 * weeks after the build: so a community writes all its planned ones, up
 * to SUMMARY_PLANNED, not only the few the portal shows.
 */
#include "district.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "utf8.h"

#define SUMMARY_PLANNED 200
#define SUMMARY_STORIES 10
#define SUMMARY_HONOURS 30
#define SUMMARY_TEXT_CHARS 200 /* a story's summary on the board */
#define EXCERPT_CHARS 90       /* a story without one: its first words,
                                  as a community's own board has them */

static const char *const level_names[] = {"", "national", "provincial",
    "city", "district", "street"};

static void field(FILE *f, const char *s)
{
	fputc('\t', f);
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* The first max characters of s as a field, "…" when cut. */
static void field_cut(FILE *f, const char *s, size_t max)
{
	size_t len = s ? strlen(s) : 0, cut = utf8_prefix(s ? s : "", len, max);
	char *t = malloc(cut + sizeof("…"));

	if (!t)
		return;
	memcpy(t, s ? s : "", cut);
	strcpy(t + cut, cut < len ? "…" : "");
	field(f, t);
	free(t);
}

static void date_field(FILE *f, struct date d)
{
	char iso[11];

	date_iso(d, iso);
	fputc('\t', f);
	fputs(iso, f);
}

static int by_date_asc(const void *a, const void *b)
{
	const struct activity *x = *(const struct activity *const *)a;
	const struct activity *y = *(const struct activity *const *)b;
	int c = date_cmp(x->date, y->date);

	return c ? c : strcmp(x->id, y->id);
}

static void write_upcoming(FILE *f, const struct model *m)
{
	const struct activity **v = calloc(m->activities.n + 1, sizeof(*v));
	size_t i, n = 0;

	if (!v)
		return;
	for (i = 0; i < m->activities.n; i++) {
		const struct activity *a = &m->activities.items[i];
		if (a->status == STATUS_PLANNED && a->date.year &&
		    date_cmp(date_last_day(a->date), m->today) >= 0)
			v[n++] = a;
	}
	qsort(v, n, sizeof(*v), by_date_asc);
	for (i = 0; i < n && i < SUMMARY_PLANNED; i++) {
		fputs("U", f);
		date_field(f, v[i]->date);
		field(f, v[i]->time);
		field(f, v[i]->title);
		field(f, v[i]->location);
		fprintf(f, "\tactivities/%s/index.html\n", v[i]->id);
	}
	free(v);
}

/* Records are indexes newest-last or in file order: pick the newest few
 * by date without sorting the whole list more than once. */
static int story_newest(const void *a, const void *b)
{
	const struct story *x = *(const struct story *const *)a;
	const struct story *y = *(const struct story *const *)b;
	int c = date_cmp(y->date, x->date);

	return c ? c : strcmp(x->id, y->id);
}

static int honour_newest(const void *a, const void *b)
{
	const struct achievement *x = *(const struct achievement *const *)a;
	const struct achievement *y = *(const struct achievement *const *)b;
	int c = date_cmp(y->date, x->date);

	return c ? c : strcmp(x->title ? x->title : "", y->title ? y->title : "");
}

static void write_story(FILE *f, const struct story *s)
{
	fputs("S", f);
	date_field(f, s->date);
	field(f, s->title);
	fprintf(f, "\tstories/%s/index.html", s->id);
	if (s->summary)
		field_cut(f, s->summary, SUMMARY_TEXT_CHARS);
	else
		field_cut(f, s->text, EXCERPT_CHARS);
	fputc('\n', f);
}

/* The newest stories, and the newest dated on or before today (the one a
 * board shows) when it is older than those. */
static void write_stories(FILE *f, const struct model *m)
{
	const struct story **v = calloc(m->stories.n + 1, sizeof(*v));
	size_t i;
	bool headline = false;

	if (!v)
		return;
	for (i = 0; i < m->stories.n; i++)
		v[i] = &m->stories.items[i];
	qsort(v, m->stories.n, sizeof(*v), story_newest);
	for (i = 0; i < m->stories.n; i++) {
		bool past = date_cmp(v[i]->date, m->today) <= 0;
		if (i < SUMMARY_STORIES || (past && !headline))
			write_story(f, v[i]);
		headline = headline || past;
		if (i >= SUMMARY_STORIES && headline)
			break;
	}
	free(v);
}

static size_t write_honours(FILE *f, const struct model *m, bool print)
{
	const struct achievement **v = calloc(m->achievements.n + 1, sizeof(*v));
	size_t i, n = 0;

	if (!v)
		return 0;
	for (i = 0; i < m->achievements.n; i++)
		if (m->achievements.items[i].kind == ACH_HONOUR)
			v[n++] = &m->achievements.items[i];
	qsort(v, n, sizeof(*v), honour_newest);
	for (i = 0; print && i < n && i < SUMMARY_HONOURS; i++) {
		fputs("H", f);
		field(f, level_names[v[i]->level]);
		date_field(f, v[i]->date);
		field(f, v[i]->title);
		field(f, v[i]->issuer);
		fputc('\n', f);
	}
	free(v);
	return n;
}

bool district_write_summary(const char *content, struct date today,
    const char *file)
{
	struct model m;
	struct diag quiet; /* its build reported its problems already */
	FILE *f;
	bool ok;

	diag_init(&quiet);
	model_init(&m, content, today);
	ok = load_content(&m, &quiet);
	if (ok) {
		model_index(&m, &quiet);
		check_model(&m, &quiet);
	}
	ok = ok && !diag_failed(&quiet);
	if (ok)
		model_link(&m);
	if (ok && (f = fopen(file, "w"))) {
		fprintf(f, "N\t%zu\t%zu\t%zu\t%zu\n", m.activities.n, m.teams.n,
		    m.stories.n, write_honours(f, &m, false));
		write_upcoming(f, &m);
		write_stories(f, &m);
		write_honours(f, &m, true);
		ok = fclose(f) == 0;
	} else {
		ok = false;
	}
	model_release(&m);
	diag_release(&quiet);
	return ok;
}

/* Splits line at tabs into at most max fields (in place). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = line;
		if (!(line = strchr(line, '\t')))
			break;
		*line++ = '\0';
	}
	return n;
}

static int item_soonest(const void *a, const void *b)
{
	const struct district_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	if (!c)
		c = strcmp(x->time ? x->time : "", y->time ? y->time : "");
	return c ? c : (x->community > y->community) - (x->community < y->community);
}

static int item_newest(const void *a, const void *b)
{
	const struct district_item *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	return c ? c : (x->community > y->community) - (x->community < y->community);
}

static int level_rank(const char *level)
{
	size_t i;

	for (i = 1; i < sizeof level_names / sizeof *level_names; i++)
		if (!strcmp(level, level_names[i]))
			return (int)i;
	return 99; /* no level: last */
}

static int item_by_level(const void *a, const void *b)
{
	const struct district_item *x = a, *y = b;
	int c = level_rank(x->level) - level_rank(y->level);

	return c ? c : item_newest(a, b);
}

/* Keeps the first max items of v in the order cmp: v is sorted and cut
 * whenever it reaches twice max, so it never holds more. */
static void keep_first(void *items, size_t *n, size_t max,
    int (*cmp)(const void *, const void *))
{
	if (*n) /* qsort wants an array, even of nothing */
		qsort(items, *n, sizeof(struct district_item), cmp);
	if (*n > max)
		*n = max;
}

/* An item's text field: copied into a, NULL when empty. */
static const char *text_of(struct arena *a, const char *s)
{
	return *s ? arena_strdup(a, s) : NULL;
}

/* A U line: for the portal's list and the board's, each kept bounded. */
static void read_planned(struct district_portal *p, char **fld,
    struct district_item *it, struct arena *a)
{
	it->date = arena_strdup(a, fld[1]);
	it->time = text_of(a, fld[2]);
	it->title = arena_strdup(a, fld[3]);
	it->place = text_of(a, fld[4]);
	it->url = arena_strdup(a, fld[5]);
	if (!*it->date)
		return; /* a summary of another version: planned are dated */
	VEC_PUSH(a, &p->upcoming, *it);
	if (p->upcoming.n >= 2 * DISTRICT_UPCOMING)
		keep_first(p->upcoming.items, &p->upcoming.n, DISTRICT_UPCOMING,
		    item_soonest);
	VEC_PUSH(a, &p->planned, *it);
	if (p->planned.n >= 2 * DISTRICT_BOARD_PLANNED)
		keep_first(p->planned.items, &p->planned.n,
		    DISTRICT_BOARD_PLANNED, item_soonest);
}

/* True when story x is a better headline for the board than y: dated on
 * or before today where y is not, else newer. */
static bool better_headline(const struct district_item *x,
    const struct district_item *y, const char *today)
{
	bool xp, yp;

	if (!y->title)
		return true;
	xp = strcmp(x->date, today) <= 0;
	yp = strcmp(y->date, today) <= 0;
	if (xp != yp)
		return xp;
	return item_newest(x, y) < 0;
}

/* An S line: for the portal's list, and the board's story. */
static void read_story(struct district_portal *p, char **fld, size_t n,
    struct district_item *it, const char *today, struct arena *a)
{
	it->date = arena_strdup(a, fld[1]);
	it->title = arena_strdup(a, fld[2]);
	it->url = arena_strdup(a, fld[3]);
	it->summary = n >= 5 ? text_of(a, fld[4]) : NULL;
	VEC_PUSH(a, &p->stories, *it);
	if (p->stories.n >= 2 * DISTRICT_STORIES)
		keep_first(p->stories.items, &p->stories.n, DISTRICT_STORIES,
		    item_newest);
	if (better_headline(it, &p->story, today))
		p->story = *it;
}

/* Reads the summary at path of community ci into p. Lines are read
 * whole, however long a title is. */
static void read_summary(struct district_portal *p,
    struct district_community *c, size_t ci, const char *path,
    const char *today, struct arena *a)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *fld[8];
	size_t cap = 0, n;

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		struct district_item it = {0};
		n = split(line, fld, 8);
		it.community = ci;
		if (fld[0][0] == 'N' && n >= 5) {
			c->activities = strtoul(fld[1], NULL, 10);
			c->teams = strtoul(fld[2], NULL, 10);
			c->stories = strtoul(fld[3], NULL, 10);
			c->honours = strtoul(fld[4], NULL, 10);
		} else if (fld[0][0] == 'U' && n >= 6) {
			read_planned(p, fld, &it, a);
		} else if (fld[0][0] == 'S' && n >= 4) {
			read_story(p, fld, n, &it, today, a);
		} else if (fld[0][0] == 'H' && n >= 5) {
			it.level = arena_strdup(a, fld[1]);
			it.date = arena_strdup(a, fld[2]);
			it.title = arena_strdup(a, fld[3]);
			it.place = text_of(a, fld[4]); /* the issuer */
			it.url = "honours/index.html";
			VEC_PUSH(a, &p->honours, it);
		}
	}
	free(line);
	fclose(f);
}

void district_read_summaries(struct district_portal *p, struct district *dist,
    const char *cache, struct date today, struct arena *a)
{
	char iso[11];
	size_t ci;

	memset(p, 0, sizeof(*p));
	date_iso(today, iso);
	for (ci = 0; ci < dist->communities.n; ci++) {
		struct district_community *c = &dist->communities.items[ci];
		if (c->built)
			read_summary(p, c, ci, arena_printf(a,
			    "%s/district/%s.summary", cache, c->slug), iso, a);
	}
	keep_first(p->upcoming.items, &p->upcoming.n, DISTRICT_UPCOMING,
	    item_soonest);
	keep_first(p->planned.items, &p->planned.n, DISTRICT_BOARD_PLANNED,
	    item_soonest);
	keep_first(p->stories.items, &p->stories.n, DISTRICT_STORIES,
	    item_newest);
	keep_first(p->honours.items, &p->honours.n, p->honours.n,
	    item_by_level);
}
