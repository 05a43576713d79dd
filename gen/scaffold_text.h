/*
 * scaffold_text: the files `linli init` and `linli new` write, with
 * @TITLE@, @ID@, @DATE@, @MONTH@, @YEAR@ and @TEAM@ filled in by
 * scaffold.c. Comments are in Chinese, for the community worker.
 */
#ifndef LINLI_SCAFFOLD_TEXT_H
#define LINLI_SCAFFOLD_TEXT_H

#include <stdbool.h>

struct scaffold_file {
	const char *path, *text;
};

struct scaffold_kind {
	const char *name;        /* activity, story, team, honour */
	const char *path;        /* under the content folder */
	const char *text;
	const char *placeholder; /* the title when none is given */
	const char *id_prefix;   /* before the date in a derived id */
	bool has_id;             /* false: the id only names the file */
};

/* The starter community, ending with {NULL, NULL}. */
extern const struct scaffold_file scaffold_starter[];
/* The help sheet of the service spreadsheet, one row a line, NULL-ended. */
extern const char *const scaffold_xlsx_help[];
/* What `linli new` makes, ending with a NULL name. */
extern const struct scaffold_kind scaffold_kinds[];

#endif
