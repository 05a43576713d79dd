/*
 * district: a street office's build of many communities (linli district).
 *
 *   district.c         district.yaml, the per-community builds (each one
 *                      the community's own `linli build`, run as a worker
 *                      process), what changed, the swap into OUT/
 *   district_figures.c the communities' yearly figures summed
 *   district_summary.c what the portal and board show of each community
 *   render_district.c  the portal, the district's yearly reports, feed,
 *                      calendar and search (render_search_sites)
 *   render_district_board.c  the district's noticeboard
 *
 * Memory stays that of one community at a time plus the district's sums:
 * every community is built by its own process, and the district reads
 * back only what each community's build published: its report figures,
 * a summary, its feed, calendar and search index (the merged index is
 * the one aggregate that grows with the number of records).
 */
#ifndef LINLI_DISTRICT_H
#define LINLI_DISTRICT_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "date.h"
#include "diag.h"
#include "model.h"
#include "write.h"

struct district_options {
	const char *dir;    /* the folder holding district.yaml */
	const char *out;    /* OUT */
	const char *theme;  /* NULL: the built-in theme */
	const char *cache;  /* the district's image cache folder */
	struct date today;
	bool strict, keep_going, quiet;
	int jobs;           /* workers; 0: one per core */
};

struct district_community {
	const char *path;   /* the content folder as a user opens it */
	const char *slug;   /* OUT/c/SLUG/ */
	struct pos pos;     /* its entry in district.yaml */
	bool built;         /* its site is in the build */
	const char *site_root; /* where its site is: the new build or OUT */
	bool failed;        /* its build failed (the bad trees' list) */
	bool fresh;         /* unchanged since the last build: kept */
	bool search_unreadable; /* its search index could not be read */
	char digest[17];    /* its inputs, hex */
	const char *name;   /* its site.yaml's name, else the slug */
	const char *subtitle;
	size_t activities, teams, stories, honours; /* from its summary */
};

/* One line of the portal: an upcoming activity, a story or an honour of
 * community (an index into the district's list); url relative to the
 * community's site. */
struct district_item {
	const char *date, *time, *title, *place, *url, *level;
	const char *summary; /* a story's */
	size_t community;
};

#define DISTRICT_UPCOMING 20
#define DISTRICT_STORIES 10
/* The noticeboard drops past activities itself, by the screen's clock,
 * days or weeks after the build: its list must reach well beyond the
 * build day, so it keeps many more of the soonest than the portal shows
 * (still bounded, whatever the district's size). */
#define DISTRICT_BOARD_PLANNED 300

struct district_portal {
	VEC(struct district_item) upcoming; /* soonest first */
	VEC(struct district_item) stories;  /* newest first */
	VEC(struct district_item) honours;  /* by level, then newest */
	VEC(struct district_item) planned;  /* the board's, soonest first */
	/* The newest story dated on or before today (else the newest at
	 * all), for the board; title NULL when there is none. */
	struct district_item story;
};

struct district {
	const char *file;   /* DIR/district.yaml, for messages */
	const char *name, *language, *base_url, *timezone;
	struct pos pos;
	VEC(struct district_community) communities;
};

/* The totals of a district year; the names are archive_totals[]. */
#define DISTRICT_TOTALS 7

struct district_category {
	const char *key, *label;
	double activities;
};

struct district_year {
	int year;
	double totals[DISTRICT_TOTALS];
	double *per_community;   /* [ncommunities * DISTRICT_TOTALS] */
	bool *reported;          /* [ncommunities]: has this year's report */
	VEC(struct district_category) categories;
};

struct district_figures {
	const char *labels[DISTRICT_TOTALS]; /* from the reports, else keys */
	const char *year_label;
	VEC(struct district_year) years;     /* by year */
};

/* Reads DIR/district.yaml into dist (in a). Reports every problem;
 * false when there is any. */
bool district_load(struct district *dist, const char *dir, struct arena *a,
    struct diag *d);

/* Sums the yearly figures of the communities built (their
 * archive/YYYY/figures.csv under SITE_ROOT/c/SLUG/) into f. */
bool district_sum_figures(struct district_figures *f, struct district *dist,
    struct arena *a, struct diag *d);

/* district_summary.c: loads the community at content (already built)
 * and writes what the portal shows of it into file. */
bool district_write_summary(const char *content, struct date today,
    const char *file);
/* Reads the summaries of the communities built into p (in a); today
 * picks the board's story. */
void district_read_summaries(struct district_portal *p, struct district *dist,
    const char *cache, struct date today, struct arena *a);

/* Writes the portal and the district's reports into w; marks the
 * communities whose search index could not be read. */
bool render_district(struct district *dist,
    const struct district_figures *f, const struct district_portal *p,
    const struct district_options *o, struct writer *w, struct diag *d);

/* render_district_board.c: the district's noticeboard (board/), a
 * community's board fed with the district's data, on r (render_begin's). */
struct render;
bool render_district_board(struct render *r, const struct district *dist,
    const struct district_figures *f, const struct district_portal *p);

/* linli district: returns the exit status. */
int district_main(const struct district_options *o);

#endif
