/*
 * write: the only code that touches out/.
 *
 * A build writes into a fresh temporary folder beside out/ and, when every
 * page is written, swaps it in with one rename, so that a reader (or the
 * noticeboard) never sees half a site and a failed build leaves the old
 * out/ exactly as it was. Nothing outside out/ and that temporary folder is
 * written or removed.
 */
#ifndef LINLI_WRITE_H
#define LINLI_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"

struct writer {
	char *out;      /* the final folder, as given */
	char *tmp;      /* the temporary folder beside it */
	struct diag *d; /* where I/O errors go */
	bool failed;    /* an I/O error happened: do not commit */
	size_t files, bytes;
	/* Folders already made in tmp, so that each is made once: a build
	 * writes thousands of pages, one folder each. */
	struct arena dirs_arena;
	struct strmap dirs;
	/* Called with each file's rel after it was written, when set: how the
	 * sitemap learns every page that exists. */
	void (*on_file)(void *arg, const char *rel);
	void *on_file_arg;
};

/* Checks that out may be replaced (it is not the content or theme folder,
 * and is either absent, empty, or made by linli) and creates the
 * temporary folder. Reports and returns false otherwise. */
bool write_begin(struct writer *w, const char *out, const char *const *protect,
    struct diag *d);

/* Writes data to rel (e.g. "activities/x/index.html") in the build,
 * creating folders as needed. Returns false (reported) on an I/O error. */
bool write_file(struct writer *w, const char *rel, const void *data,
    size_t len);
bool write_buf(struct writer *w, const char *rel, const struct buf *b);
/* Copies the file at src to rel in the build. */
bool write_copy(struct writer *w, const char *rel, const char *src);
/* Copies the folder src (recursively, regular files only, no symlinks
 * followed) to rel. A missing src is fine. */
bool write_copy_tree(struct writer *w, const char *rel, const char *src);

/* For a new folder outside any build (linli theme export): makes dir when
 * absent and accepts it when empty; a folder holding anything, or a file,
 * is refused (reported), never touched. */
bool write_new_folder(const char *dir, struct diag *d);
/* Writes data to dir/rel, creating folders as needed; never replaces a
 * file that exists (reported). */
bool write_new_file(const char *dir, const char *rel, const void *data,
    size_t len, struct diag *d);

/* The absolute path of rel inside the build (heap; free it), for tools
 * that need a real file (PDF printing). */
char *write_path(const struct writer *w, const char *rel);

/* Swaps the build in for out/. Returns false (reported) when it cannot;
 * out/ is then unchanged. Frees w's storage either way. */
bool write_commit(struct writer *w);
/* Removes the temporary folder; out/ is untouched. */
void write_abort(struct writer *w);

#endif
