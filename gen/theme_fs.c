/*
 * theme_fs: the theme as a virtual folder (see theme_fs.h).
 */
#include "theme_fs.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "write.h"

#define BUILTIN_ORIGIN "(built-in theme)"

struct walk {
	struct arena *a;
	struct diag *d;
	const char *root;
	struct theme_file *files;
	size_t n, cap;
	bool ok;
};

static void add_file(struct walk *w, const char *name, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[16384];
	size_t got;
	struct theme_file *tf;

	if (!f) {
		diag_error(w->d, pos_make(path, 0, 0), "cannot read the theme "
		    "file: %s", strerror(errno));
		w->ok = false;
		return;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	if (w->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 64;
		w->files = arena_grow(w->a, w->files, w->n, ncap,
		    sizeof(*w->files));
		w->cap = ncap;
	}
	tf = &w->files[w->n++];
	tf->name = arena_strdup(w->a, name);
	tf->data = arena_strndup(w->a, b.data, b.len); /* NUL after it */
	tf->len = b.len;
	buf_release(&b);
}

/* Reads every regular file under root/rel; dot files are left out, as
 * tools/embed-theme leaves them out of the built-in copy. */
static void walk_folder(struct walk *w, const char *rel)
{
	const char *dirpath = *rel ? arena_printf(w->a, "%s/%s", w->root, rel) :
	    w->root;
	DIR *dir = opendir(dirpath);
	struct dirent *e;

	if (!dir) {
		diag_error(w->d, pos_make(dirpath, 0, 0), "cannot open the theme "
		    "folder: %s", strerror(errno));
		w->ok = false;
		return;
	}
	while ((e = readdir(dir))) {
		const char *name, *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		name = *rel ? arena_printf(w->a, "%s/%s", rel, e->d_name) :
		    e->d_name;
		path = arena_printf(w->a, "%s/%s", w->root, name);
		if (stat(path, &st) != 0)
			continue; /* a dangling link: nothing to read */
		if (S_ISDIR(st.st_mode))
			walk_folder(w, name);
		else if (S_ISREG(st.st_mode))
			add_file(w, name, path);
	}
	closedir(dir);
}

static int compare_files(const void *a, const void *b)
{
	return strcmp(((const struct theme_file *)a)->name,
	    ((const struct theme_file *)b)->name);
}

bool theme_fs_open(struct theme_fs *fs, const char *dir, struct arena *a,
    struct diag *d)
{
	struct walk w = {a, d, dir, NULL, 0, 0, true};

	if (!dir) {
		fs->origin = BUILTIN_ORIGIN;
		fs->files = theme_builtin_files;
		fs->n = theme_builtin_count;
		return true;
	}
	walk_folder(&w, "");
	if (w.n)
		qsort(w.files, w.n, sizeof(*w.files), compare_files);
	fs->origin = dir;
	fs->files = w.files;
	fs->n = w.n;
	return w.ok;
}

/* The index of the first file whose name is >= name. */
static size_t lower_bound(const struct theme_fs *fs, const char *name)
{
	size_t lo = 0, hi = fs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(fs->files[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct theme_file *theme_fs_get(const struct theme_fs *fs,
    const char *name)
{
	size_t i = lower_bound(fs, name);

	return i < fs->n && strcmp(fs->files[i].name, name) == 0 ?
	    &fs->files[i] : NULL;
}

size_t theme_fs_list(const struct theme_fs *fs, const char *prefix,
    const struct theme_file **first)
{
	size_t i = lower_bound(fs, prefix), j, n = strlen(prefix);

	for (j = i; j < fs->n && strncmp(fs->files[j].name, prefix, n) == 0; j++)
		;
	*first = fs->files + i;
	return j - i;
}

const char *theme_fs_display(const struct theme_fs *fs, const char *name,
    struct arena *a)
{
	return arena_printf(a, "%s/%s", fs->origin, name);
}

bool theme_fs_export(const struct theme_fs *fs, const char *dir,
    struct diag *d)
{
	size_t i;

	if (!write_new_folder(dir, d))
		return false;
	for (i = 0; i < fs->n; i++)
		if (!write_new_file(dir, fs->files[i].name, fs->files[i].data,
		    fs->files[i].len, d))
			return false;
	return true;
}
