/*
 * report: what a build tells the person at the terminal.
 *
 * One summary line per build (report_summary: every counter a build keeps
 * goes through it, so a new one is one more field), the file list for -v,
 * a progress line for a build that takes more than a second on a terminal,
 * and colour only where it can be seen and NO_COLOR does not forbid it.
 */
#ifndef LINLI_REPORT_H
#define LINLI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct build_report {
	const char *out;  /* the output folder */
	size_t written;   /* files written by this build */
	size_t unchanged; /* files left as they were (an incremental build) */
	size_t photos;    /* photos resized or converted by this build */
	size_t photos_cached; /* photos taken from the cache as they were */
	size_t bytes;     /* bytes written */
	double seconds;   /* from start to the output in place */
};

/* Seconds on a monotonic clock, to time a build. */
double report_clock(void);

/* True when f is a terminal that may show colour (NO_COLOR unset or empty,
 * TERM not "dumb"). */
bool report_color(FILE *f);

/* Prints the one summary line of a build to f:
 *   linli: 412 files written, 0 unchanged, 3 photos processed (40 from the
 *   cache) in 0.8 s; open /srv/out/index.html */
void report_summary(const struct build_report *r, FILE *f);

/* Prints each file under out, sorted, one a line (for -v). */
void report_list_files(const char *out, FILE *f);

/* The progress line: shown on stderr when enabled and the build is still
 * running after a second; stage names what it is doing (NULL hides the
 * line, e.g. before diagnostics are printed). */
void report_progress_begin(bool enabled);
void report_progress_stage(const char *stage);
void report_progress_end(void);

#endif
