/*
 * theme_fs: a theme as a virtual folder, relative path -> bytes.
 *
 * Every product reads theme files through this one interface, whether the
 * theme is the copy compiled into linli (made from themes/default/ by
 * tools/embed-theme at build time) or a folder given with --theme. So
 * linli needs nothing installed beside its binary.
 */
#ifndef LINLI_THEME_FS_H
#define LINLI_THEME_FS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

/* One file: name relative to the theme ("templates/base.mustache"), its
 * bytes, followed by a NUL that len does not count. */
struct theme_file {
	const char *name;
	const char *data;
	size_t len;
};

/* The built-in theme (generated): sorted by name. */
extern const struct theme_file theme_builtin_files[];
extern const size_t theme_builtin_count;

struct theme_fs {
	const char *origin;             /* the folder, or "(built-in theme)" */
	const struct theme_file *files; /* sorted by name (byte order) */
	size_t n;
};

/* Opens the theme in folder dir (read whole into a, recursively), or the
 * built-in one when dir is NULL. Reports and returns false when dir
 * cannot be read. */
bool theme_fs_open(struct theme_fs *fs, const char *dir, struct arena *a,
    struct diag *d);

/* The file named name, or NULL. */
const struct theme_file *theme_fs_get(const struct theme_fs *fs,
    const char *name);

/* The files whose names start with prefix ("templates/"), sorted: *first
 * and the count. */
size_t theme_fs_list(const struct theme_fs *fs, const char *prefix,
    const struct theme_file **first);

/* "ORIGIN/name" for messages; in a. */
const char *theme_fs_display(const struct theme_fs *fs, const char *name,
    struct arena *a);

/* Writes every file of fs under dir, which must be absent or empty (a
 * non-empty folder is never touched). Reports and returns false. */
bool theme_fs_export(const struct theme_fs *fs, const char *dir,
    struct diag *d);

#endif
