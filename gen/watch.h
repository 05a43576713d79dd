/*
 * watch: tell when anything below a few folders changes (Linux inotify).
 *
 * Each folder is watched with every folder below it; a folder made or
 * moved in later is watched as it appears. Editors that save by writing a
 * temporary file and renaming it over the old one are seen by the rename.
 * Editors' and office programs' scratch files (.swp, ~$report.xlsx, ...)
 * are not changes.
 */
#ifndef LINLI_WATCH_H
#define LINLI_WATCH_H

#include <stdbool.h>

#include "buf.h"

struct watch {
	int fd;            /* the inotify instance */
	char **paths;      /* by watch descriptor; heap, owned */
	int npaths;
	char *skip;        /* a resolved folder never watched (out/); heap */
};

/* Starts an empty watch; skip (may be NULL) names a folder whose changes
 * are ours, not the user's (the output folder). False when inotify is
 * unavailable (errno set). */
bool watch_init(struct watch *w, const char *skip);
void watch_release(struct watch *w);

/* Watches dir and every folder below it. False (errno set) when dir
 * itself cannot be watched. */
bool watch_add_tree(struct watch *w, const char *dir);

/* Waits up to timeout_ms (-1: for ever) for a change, then keeps reading
 * until quiet_ms pass with none, so that a burst of saves is one change.
 * Returns true when something changed and puts the last changed path in
 * last (replacing what it held); false on timeout or when interrupted. */
bool watch_wait(struct watch *w, int timeout_ms, int quiet_ms,
    struct buf *last);

#endif
