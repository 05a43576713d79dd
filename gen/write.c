#define _GNU_SOURCE /* renameat2 */
#include "write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* Left in every out/ we make, so that we only ever replace our own. */
#define MARKER ".linli"

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);

	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static bool is_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return false;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* True when a is b or lies inside it (both resolved). */
static bool path_within(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' ||
	    (n == 1 && b[0] == '/'));
}

/* The out folder must not hold or be a folder we read from. */
static bool out_is_safe(const char *out, const char *const *protect,
    struct diag *d)
{
	char real_out[PATH_MAX], real_p[PATH_MAX];
	size_t i;

	if (!realpath(out, real_out))
		return true; /* does not exist yet */
	for (i = 0; protect && protect[i]; i++) {
		if (!realpath(protect[i], real_p))
			continue;
		if (path_within(real_p, real_out)) {
			diag_error(d, pos_make(out, 0, 0), "refusing to write "
			    "here: it holds '%s', which linli reads", protect[i]);
			return false;
		}
	}
	return true;
}

static bool check_out(const char *out, const char *const *protect,
    struct diag *d)
{
	struct stat st;
	char *marker;
	bool ours;

	if (!out_is_safe(out, protect, d))
		return false;
	if (lstat(out, &st) != 0) {
		if (errno == ENOENT)
			return true;
		diag_error(d, pos_make(out, 0, 0), "cannot use the output "
		    "folder: %s", strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(d, pos_make(out, 0, 0), "the output path exists and "
		    "is not a folder");
		return false;
	}
	marker = join(out, MARKER);
	ours = access(marker, F_OK) == 0 || is_empty_dir(out);
	free(marker);
	if (!ours)
		diag_error(d, pos_make(out, 0, 0), "the output folder exists and "
		    "was not made by linli; refusing to replace it (remove it "
		    "or choose another with -o)");
	return ours;
}

static void writer_free(struct writer *w)
{
	free(w->out);
	free(w->tmp);
	w->out = w->tmp = NULL;
	arena_release(&w->dirs_arena);
}

bool write_begin(struct writer *w, const char *out, const char *const *protect,
    struct diag *d)
{
	size_t n = strlen(out);
	mode_t mask;

	memset(w, 0, sizeof(*w));
	w->d = d;
	arena_init(&w->dirs_arena);
	strmap_init(&w->dirs, &w->dirs_arena);
	while (n > 1 && out[n - 1] == '/')
		n--;
	w->out = xstrndup(out, n);
	if (!check_out(w->out, protect, d))
		goto fail;
	w->tmp = xmalloc(n + 32);
	snprintf(w->tmp, n + 32, "%s.linli-tmp-XXXXXX", w->out);
	if (!mkdtemp(w->tmp)) {
		diag_error(d, pos_make(w->tmp, 0, 0), "cannot create a temporary "
		    "folder beside the output: %s", strerror(errno));
		goto fail;
	}
	/* mkdtemp makes it private; give it the permissions a web server
	 * reading out/ expects. */
	mask = umask(0);
	umask(mask);
	chmod(w->tmp, 0777 & ~mask);
	return write_file(w, MARKER, "linli build output; safe to delete\n", 35);
fail:
	writer_free(w);
	return false;
}

static bool io_error(struct writer *w, const char *what, const char *path)
{
	diag_error(w->d, pos_make(path, 0, 0), "cannot %s: %s", what,
	    strerror(errno));
	w->failed = true;
	return false;
}

/* Creates every folder leading to path (which is inside w->tmp), each
 * only once per build. */
static bool make_parents(struct writer *w, char *path)
{
	char *p = path + strlen(w->tmp) + 1;
	bool ok = true;

	for (; ok && (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (!strmap_get(&w->dirs, path)) {
			if (mkdir(path, 0777) != 0 && errno != EEXIST)
				ok = io_error(w, "create folder", path);
			else
				strmap_set(&w->dirs, arena_strdup(&w->dirs_arena,
				    path), w);
		}
		*p = '/';
	}
	return ok;
}

bool write_file(struct writer *w, const char *rel, const void *data,
    size_t len)
{
	char *path = join(w->tmp, rel);
	FILE *f;
	bool ok = false;

	if (!make_parents(w, path))
		goto out;
	if (!(f = fopen(path, "wb"))) {
		io_error(w, "write", path);
		goto out;
	}
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		io_error(w, "write", path);
		goto out;
	}
	w->files++;
	w->bytes += len;
	ok = true;
	if (w->on_file)
		w->on_file(w->on_file_arg, rel);
out:
	free(path);
	return ok;
}

bool write_buf(struct writer *w, const char *rel, const struct buf *b)
{
	return write_file(w, rel, b->data, b->len);
}

bool write_copy(struct writer *w, const char *rel, const char *src)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(src, "rb");
	bool ok;

	if (!f)
		return io_error(w, "read", src);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	ok = !ferror(f);
	fclose(f);
	if (!ok) {
		buf_release(&b);
		return io_error(w, "read", src);
	}
	ok = write_buf(w, rel, &b);
	buf_release(&b);
	return ok;
}

bool write_copy_tree(struct writer *w, const char *rel, const char *src)
{
	DIR *dir = opendir(src);
	struct dirent *e;
	bool ok = true;

	if (!dir)
		return errno == ENOENT || io_error(w, "read folder", src);
	while (ok && (e = readdir(dir))) {
		char *from, *to;
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		from = join(src, e->d_name);
		to = join(rel, e->d_name);
		if (lstat(from, &st) != 0)
			ok = io_error(w, "read", from);
		else if (S_ISDIR(st.st_mode))
			ok = write_copy_tree(w, to, from);
		else if (S_ISREG(st.st_mode))
			ok = write_copy(w, to, from);
		free(from);
		free(to);
	}
	closedir(dir);
	return ok;
}

char *write_path(const struct writer *w, const char *rel)
{
	char real[PATH_MAX];
	char *p = join(w->tmp, rel);

	if (realpath(p, real)) {
		free(p);
		return xstrdup(real);
	}
	return p;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* By type, not remove(): that tries unlink first on every folder. */
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}


void write_abort(struct writer *w)
{
	if (w->tmp)
		remove_tree(w->tmp);
	writer_free(w);
}

bool write_commit(struct writer *w)
{
	struct stat st;
	bool ok = true;

	if (w->failed) {
		write_abort(w);
		return false;
	}
	if (lstat(w->out, &st) != 0) {
		if (rename(w->tmp, w->out) != 0)
			ok = io_error(w, "move the build into place", w->out);
	} else if (renameat2(AT_FDCWD, w->tmp, AT_FDCWD, w->out,
	    RENAME_EXCHANGE) != 0) {
		/* No atomic exchange here (old kernel or file system): move
		 * the old out/ aside first. */
		char *old = xmalloc(strlen(w->out) + 32);
		sprintf(old, "%s.linli-old-%ld", w->out, (long)getpid());
		if (rename(w->out, old) != 0) {
			ok = io_error(w, "move the old output aside", w->out);
		} else if (rename(w->tmp, w->out) != 0) {
			ok = io_error(w, "move the build into place", w->out);
			rename(old, w->out);
		} else {
			remove_tree(old);
		}
		free(old);
	}
	/* After an exchange, tmp holds the old output; after a failure, the
	 * new one. Either way it goes. */
	remove_tree(w->tmp);
	writer_free(w);
	return ok;
}

/* --- a new folder outside the build (theme export) --------------------- */

bool write_new_folder(const char *dir, struct diag *d)
{
	struct stat st;

	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT && mkdir(dir, 0777) == 0)
			return true;
		diag_error(d, pos_make(dir, 0, 0), "cannot create folder: %s",
		    strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode) || !is_empty_dir(dir)) {
		diag_error(d, pos_make(dir, 0, 0), "%s", S_ISDIR(st.st_mode) ?
		    "this folder is not empty; choose a new or empty folder "
		    "(nothing in it was changed)" : "this is a file, not a "
		    "folder; choose a new or empty folder");
		return false;
	}
	return true;
}

bool write_new_file(const char *dir, const char *rel, const void *data,
    size_t len, struct diag *d)
{
	char *path = join(dir, rel), *p;
	int fd = -1;
	bool ok = false;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			diag_error(d, pos_make(path, 0, 0), "cannot create folder: "
			    "%s", strerror(errno));
			goto out;
		}
		*p = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		diag_error(d, pos_make(path, 0, 0), "cannot write: %s",
		    strerror(errno));
		goto out;
	}
	ok = true;
out:
	if (fd >= 0 && close(fd) != 0 && ok) {
		diag_error(d, pos_make(path, 0, 0), "cannot write: %s",
		    strerror(errno));
		ok = false;
	}
	free(path);
	return ok;
}
