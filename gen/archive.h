/*
 * archive: the figures of the yearly reports (see docs/archive.md for
 * where each one comes from).
 *
 *   archive.c          per-year figures for every year in one pass over
 *                      activities and service rows; the figures as rows
 *                      (section, key, label, measure, value) and those rows
 *                      as CSV (libcsv quoting) and JSON
 *   render_archive.c   the pages: archive/index.html, archive/YYYY/
 *   chart.c            the SVG charts
 *
 * A year's figures depend only on that year's records (and the report
 * compares them with the previous year's totals): never on the build or
 * other years, so that a year's report stays byte-identical when later
 * years are added. Only a year that is not over yet depends on today: its
 * report says "as of today" and compares itself with no whole year.
 */
#ifndef LINLI_ARCHIVE_H
#define LINLI_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "render.h"

#define ARCHIVE_TOP_VOLUNTEERS 10

/* One team in one year. */
struct archive_team {
	size_t activities;     /* done activities of the year it ran */
	double service_hours;  /* its service rows dated in the year */
	double activity_hours; /* its share of done activities without rows */
	double unlinked_hours; /* of service_hours: rows naming no activity */
	size_t unlinked_rows;
	long points;           /* points of its service rows */
};

/* One month of one year. */
struct archive_month {
	size_t activities;  /* done activities dated in the month */
	long participants;  /* their participants */
	double hours;       /* service rows + activity hours, as for the year */
	long points;        /* points of service rows */
};

struct archive_year {
	int year;
	bool reported;                 /* has a report: see archive_compute */
	bool in_progress;              /* not over on the build's today */
	const struct year_stats *ys;   /* m->years' entry; NULL when none */
	const struct year_stats *prev; /* the year before when it is reported,
	                                  else NULL (nothing to compare with) */
	struct archive_month months[13]; /* 1-12; 0: month unknown */
	struct archive_team *teams;    /* [nteams + 1]: the last is "no team" */
	size_t *categories;            /* [categories.n]: done activities */
	size_t service_from, service_to; /* the year's rows in m->service */
	VEC(const struct achievement *) honours, people, figures, milestones;
	VEC(const struct story *) stories;
};

struct archive {
	const struct model *m;
	int first;                  /* the year of years[0] */
	size_t n;                   /* years[first .. first + n) */
	struct archive_year *years;
	size_t nteams;              /* m->teams.n; index nteams = no team */
	VEC(const char *) categories; /* names; "" stands for none */
};

/* One figure of a year's report, as a row of figures.csv: a number, or a
 * text when text is not NULL. */
struct archive_row {
	const char *section, *key, *label, *measure;
	double value;
	const char *text; /* a text value (a unit, a colour); NULL: value */
};

/* A volunteer's year: hours, points and services from its rows. */
struct archive_volunteer {
	const struct volunteer *vol;
	double hours;
	long points;
	size_t services;
};

/* Computes the figures of every year of m into a, allocating in arena.
 * A year is reported when it is in m->years with work to report: an
 * activity held, a service row, a redemption or a story (not a year with
 * only plans, or only roster join dates). */
void archive_compute(struct archive *a, const struct model *m,
    struct arena *arena);

/* The figures of year, or NULL when year has no records at all. */
const struct archive_year *archive_year(const struct archive *a, int year);

/* The year's volunteers with the most points (then hours, then name), max
 * of them (more when some share the last rank, up to 2 * max), into out
 * (in arena). Returns how many. */
size_t archive_top_volunteers(const struct archive *a,
    const struct archive_year *y, struct arena *arena,
    struct archive_volunteer **out, size_t max);

/* The rank of v[i] in a list from archive_top_volunteers(): volunteers
 * with the same points and hours share a rank (1, 2, 2, 4). */
size_t archive_rank(const struct archive_volunteer *v, size_t i);

/* The teams of the year that have any figure, by hours (then activities,
 * then id), as indexes into a->m->teams (a->nteams for "no team"), into
 * out (in arena). Returns how many. */
size_t archive_teams(const struct archive *a, const struct archive_year *y,
    struct arena *arena, size_t **out);

/* The year's categories with activities, by count (then name), as indexes
 * into a->categories, into out (in arena). Returns how many. */
size_t archive_categories(const struct archive *a,
    const struct archive_year *y, struct arena *arena, size_t **out);

/* The headline totals' names (archive.total.NAME in the strings), NULL
 * after the last, and total i of ys (0 when ys is NULL). */
extern const char *const archive_totals[];
double archive_total(const struct year_stats *ys, size_t i);

/* v rounded to two decimals, as every figure is written. */
double archive_round(double v);
/* part as a percentage of whole, rounded to one decimal (0 when whole is
 * 0). */
double archive_share(size_t part, double whole);

/* The report's figures as rows, in the order of figures.csv, built in
 * r->page with the theme's labels. Returns how many (*out set). */
size_t archive_rows(struct render *r, const struct archive *a,
    const struct archive_year *y, struct archive_row **out);

/* Appends rows to out as CSV: a UTF-8 BOM, the header
 * section,key,label,measure,value, one line per row, CRLF line ends, every
 * cell quoted by libcsv, and a cell that starts with = + - @ tab or CR
 * prefixed with ' so that a spreadsheet never takes it for a formula. */
void archive_csv(struct buf *out, const struct archive_row *rows, size_t n);

/* Appends cell (plain text) to out as one CSV cell, neutralised and quoted
 * as archive_csv does. */
void archive_csv_cell(struct buf *out, const char *cell);

/* Appends rows to out as JSON: {"year": Y, WHO: NAME, "sections":
 * {"SECTION": [{"key": K, "label": L, MEASURE: VALUE, ...}, ...], ...}},
 * consecutive rows with the same section and key making one object. WHO
 * is "community" (a community's report) or "district". */
void archive_json(struct buf *out, int year, const char *who,
    const char *name, const struct archive_row *rows, size_t n);

#endif
