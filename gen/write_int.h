/*
 * write_int.h: what write.c, write_state.c (the manifest) and
 * write_guard.c (placement, lock, dead builds, signals) share. Not for the
 * rest of linli: only write.h is.
 */
#ifndef LINLI_WRITE_INT_H
#define LINLI_WRITE_INT_H

#include <stdint.h>
#include <sys/stat.h>

#include "write.h"

/* The folder holding out/'s marker; never deleted as stale. */
#define WRITE_MARKER ".linli"
/* In a stage: who made it (pid, start time, boot id). */
#define WRITE_OWNER ".linli-owner"
/* In a stage: the new manifest, written last; complete = committed. */
#define WRITE_RECORD ".linli-state"

struct write_entry {
	const char *path;
	uint64_t size, ino, digest;
	int64_t mtime_ns;
	bool trusted; /* old: out/path still has this size, mtime, inode */
	bool staged;  /* new: written into the stage */
};

/* write_state.c */
/* Reads the manifest at w->state_path into w->old_out and w->old_in
 * (those whose key is w->o.key). False when absent, unreadable, of
 * another version or another key: then nothing is trusted. */
bool state_load(struct writer *w);
/* Parses manifest text into map (path -> struct write_entry, outputs
 * only), in arena a. False when it is incomplete (no "end" line). */
bool state_parse_outputs(const char *text, size_t len, struct strmap *map,
    struct arena *a);
/* Stats every file of the input folders, digesting the changed ones, into
 * w->inputs; true when every input is as the manifest says. */
bool state_scan_inputs(struct writer *w);
/* Marks which old outputs out/ still holds as recorded; true when all. */
bool state_trust_outputs(struct writer *w);
/* The new manifest: key, inputs, every output (sorted), messages. */
void state_format(struct writer *w, struct buf *b);
int64_t stat_mtime_ns(const struct stat *st);

/* write_guard.c */
/* out must not be or lie inside an input folder, nor hold one. */
bool guard_placement(struct writer *w);
/* Takes OUT.linli-lock, waiting (with a message) for another build. */
bool guard_lock(struct writer *w);
void guard_unlock(struct writer *w);
/* Writes the stage's owner marker (this process). */
bool guard_mark_owner(int stage_fd);
/* Removes the stages of builds that are gone; rolls a committed one
 * forward into out/. Runs under the lock. */
void guard_clean_dead(struct writer *w);
/* INT, TERM and HUP remove the stage (path) before the process dies;
 * NULL: back to the default handlers. */
void guard_signals(const char *stage);
/* Blocks (true) or unblocks INT, TERM and HUP: the commit runs whole. */
void guard_block_signals(bool block);
/* Removes name (a file or a whole folder, no link followed) under dirfd;
 * async-signal-safe. */
void guard_remove(int dirfd, const char *name);

/* write.c */
/* Moves every file of the stage into out/ and deletes what outputs (the
 * new manifest) does not list; the commit, also run to roll a dead
 * build's committed stage forward. Returns the number of files changed
 * (moved or removed) through *moved and *removed. */
bool write_apply_stage(int out_fd, int stage_fd, const struct strmap *outputs,
    size_t *moved, size_t *removed);

#endif
