/*
 * diag: source positions, errors and warnings.
 *
 * Every problem found while loading or checking content is collected here,
 * then printed at once, sorted by path, line and column, in gcc's form:
 *
 *   content/activities/2024.yaml:12:9: error: unknown team 'heshila'
 *
 * Lines and columns count from 1; 0 means "the whole file" or "the whole
 * line" and is left out of the printed position.
 */
#ifndef LINLI_DIAG_H
#define LINLI_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

/* A place in a content file. path is owned by whoever made the position;
 * the diag keeps a copy of it for each message. In a spreadsheet, sheet
 * names the worksheet and line/column are the cell's row and column, so
 * the place prints as Excel shows it: "data/service.xlsx:台账!E18" (a
 * whole row, column 0: "台账!18:18"). */
struct pos {
	const char *path;
	int line, column;
	const char *sheet; /* NULL outside spreadsheets */
};

struct diag_entry {
	enum diag_level level;
	struct pos pos;        /* pos.path: a heap copy, owned by the diag */
	char *message; /* heap, owned by the diag */
	size_t seq;    /* insertion order, keeps the sort stable */
	const char *group; /* see diag_warning_group(); static, or NULL */
};

struct diag {
	struct diag_entry *entries;
	size_t count, cap;
	size_t errors, warnings;
	bool strict; /* --strict: warnings count as errors */
	bool color;  /* colour "error" and "warning" (a terminal, no NO_COLOR) */
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

void diag_error(struct diag *d, struct pos p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct pos p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_verror(struct diag *d, struct pos p, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* A warning that may come once per row of a file (a row dated after
 * today): the first DIAG_GROUP_SHOWN of one group in one file are printed,
 * then one line in place of the rest, "... and 37 more GROUP", at the first
 * one left out. group is a static plural phrase: "rows dated after today".
 * The warning count counts the lines printed. */
#define DIAG_GROUP_SHOWN 3
void diag_warning_group(struct diag *d, struct pos p, const char *group,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* True when the build must stop: an error, or a warning under --strict. */
bool diag_failed(const struct diag *d);

/* Sorts the collected entries and prints them to f; then forgets them
 * (the counts stay). */
void diag_flush(struct diag *d, FILE *f);

/* Writes the column letters of column (1 = A, 27 = AA) into out (at
 * least 8 bytes); returns out. */
char *diag_column_letters(int column, char out[static 8]);

/* Prints the one-line count ("2 errors, 1 warning") to f when there is
 * anything to count. */
void diag_summary(const struct diag *d, FILE *f);

static inline struct pos pos_make(const char *path, int line, int column)
{
	struct pos p = {path, line, column, NULL};
	return p;
}

#endif
