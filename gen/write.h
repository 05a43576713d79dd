/*
 * write: the only code that touches out/.
 *
 * A build never changes out/ until every page is rendered, and then only
 * the files whose bytes changed. Beside out/ live three things of linli's:
 *
 *   OUT.linli-lock     held (flock) by the one build writing into OUT
 *   OUT.linli-state    the manifest of the last build: every input's size,
 *                      mtime and digest, every output's size, mtime, inode
 *                      and digest, the options that shaped it, and the
 *                      messages it printed
 *   OUT.linli-tmp-*    the stage of a running build (removed at its end)
 *
 * A rebuild whose inputs, options and outputs all match the manifest is a
 * no-op: nothing is loaded, rendered or touched. Otherwise every page is
 * rendered and digested; a page whose digest matches the manifest (and
 * whose file in out/ still has the recorded size, mtime and inode) is not
 * written; the others are written into the stage. The commit then writes
 * the new manifest into the stage (the commit record), renames every staged
 * file into out/ and deletes the files the new build no longer makes, and
 * finally moves the manifest beside out/. A build killed before the record
 * is complete changes nothing (its stage is removed by the next build); one
 * killed after it is rolled forward by the next build, which finishes the
 * renames and deletions. A first build (no out/ yet) renames the whole
 * stage into place. See write.c for the details.
 */
#ifndef LINLI_WRITE_H
#define LINLI_WRITE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"

struct write_options {
	const char *out;
	/* The folders linli reads (content, theme), NULL-terminated: out/
	 * may neither lie inside one nor hold one, and every file in them is
	 * an input of the manifest. */
	const char *const *inputs;
	/* Everything besides the inputs that shapes the output (version,
	 * today, options): a different key means a full render. */
	const char *key;
	/* Keep every page on disk in the stage, not only the changed ones,
	 * for tools that read pages back (the PDF printer). */
	bool stage_all;
	bool no_fsync; /* skip fsync/syncfs (benchmarks, tmpfs) */
	/* A top-level folder of out/ that other builds write (linli
	 * district's c/, one community's build each): never deleted as
	 * stale. NULL: none. */
	const char *foreign;
	/* The caller knows that something the manifest cannot see changed
	 * (a district's community was built again from the same inputs):
	 * render, even when the manifest says nothing changed. */
	bool render_anyway;
};

struct write_entry; /* one output file; write.c */

struct writer {
	struct write_options o;
	struct diag *d;   /* where I/O errors go */
	bool up_to_date;  /* write_begin found nothing to do */
	bool failed;      /* an I/O error happened: do not commit */
	/* After write_commit: files written into out/, left as they were,
	 * removed; bytes of the files written. */
	size_t files, unchanged, removed, bytes;
	/* Called (if set) before write_path, so that pages still being
	 * written by other threads are on disk. */
	void (*drain)(void *arg);
	void *drain_arg;
	/* Called (if set) with each file's rel once write_file has it in the
	 * build, written or unchanged: how the sitemap learns every page
	 * that exists. Called under the writer's lock, so one at a time. */
	void (*on_file)(void *arg, const char *rel);
	void *on_file_arg;

	/* The rest is write.c's. */
	char *out, *stage, *lock_path, *state_path;
	int out_fd, stage_fd, lock_fd;
	bool fresh;         /* no out/ yet: the stage becomes out/ */
	bool state_changed; /* the manifest must be rewritten */
	pthread_mutex_t mu; /* write_* may be called from several threads */
	struct arena arena;
	struct strmap old_out, new_out, dirs;
	struct strmap old_in;
	struct buf inputs;   /* the new manifest's input lines */
	const char *old_messages, *messages;
};

/* Checks where out may go (not inside or around an input folder; absent,
 * empty, or made by linli), takes the lock (waiting, with a message, for
 * another build into the same out), cleans up after builds that died,
 * and reads the manifest. Sets w->up_to_date when nothing changed: the
 * caller then prints write_saved_messages() and calls write_abort().
 * Otherwise creates the stage. Reports and returns false on failure. */
bool write_begin(struct writer *w, const struct write_options *o,
    struct diag *d);

/* The messages (warnings) the build that made out/ printed, to repeat on
 * a no-op rebuild; "" when none. */
const char *write_saved_messages(const struct writer *w);
/* Keeps text (the build's messages) in the manifest. */
void write_set_messages(struct writer *w, const char *text);

/* Writes data to rel (e.g. "activities/x/index.html") in the build,
 * creating folders as needed; an unchanged file is not written at all.
 * Thread-safe. Returns false (reported) on an I/O error. */
bool write_file(struct writer *w, const char *rel, const void *data,
    size_t len);
bool write_buf(struct writer *w, const char *rel, const struct buf *b);
/* Copies the file at src to rel in the build. */
bool write_copy(struct writer *w, const char *rel, const char *src);
/* Copies the folder src (recursively, regular files only, no symlinks
 * followed) to rel. A missing src is fine. */
bool write_copy_tree(struct writer *w, const char *rel, const char *src);

/* The absolute path of rel inside the stage (heap; free it), for tools
 * that write a real file (PDF printing) or read a page back (only with
 * stage_all). Files made there are part of the build. */
char *write_path(struct writer *w, const char *rel);

/* For a new folder outside any build (linli theme export): makes dir when
 * absent and accepts it when empty; a folder holding anything, or a file,
 * is refused (reported), never touched. */
bool write_new_folder(const char *dir, struct diag *d);
/* Writes data to dir/rel, creating folders as needed; never replaces a
 * file that exists (reported). */
bool write_new_file(const char *dir, const char *rel, const void *data,
    size_t len, struct diag *d);

/* Puts the build in place as described above. Returns false (reported)
 * when it cannot; out/ is then unchanged. Frees w's storage either way. */
bool write_commit(struct writer *w);
/* Removes the stage; out/ is untouched. Frees w's storage. */
void write_abort(struct writer *w);

/* write_state.c: the 64-bit digest of the manifest (not cryptographic:
 * it tells a file's new bytes from its old ones). */
uint64_t write_digest(const void *data, size_t len);

#endif
