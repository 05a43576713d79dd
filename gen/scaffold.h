/*
 * scaffold: `linli init` (a starter community) and `linli new` (one more
 * record). Both only ever create files: an existing file is never
 * overwritten.
 */
#ifndef LINLI_SCAFFOLD_H
#define LINLI_SCAFFOLD_H

#include <stdbool.h>

#include "date.h"

/* Writes a starter community into dir (created; must be absent or empty),
 * its first records dated today. Returns the exit status. */
int scaffold_init(const char *dir, struct date today, bool quiet);

/* Adds a record of kind (activity, story, team, honour) to the content
 * folder, titled title (NULL: a placeholder), dated today, with id (NULL:
 * derived from today's date, the first not taken). Prints the path to
 * edit. Returns the exit status. */
int scaffold_new(const char *content, const char *kind, const char *title,
    const char *id, struct date today, bool quiet);

#endif
