/*
 * fsutil: the few file-system chores several stages share (the district's
 * work folders, the photo cache, the PDF printer's profile, the writer,
 * linli init).
 */
#ifndef LINLI_FSUTIL_H
#define LINLI_FSUTIL_H
#include <stdbool.h>

/* "a/b" (heap: free it). */
char *fs_join(const char *a, const char *b);
/* mkdir -p for the folders leading to path, not path itself; false (errno
 * set) when one cannot be made. */
bool fs_make_parents(const char *path);
/* mkdir -p for path itself too. */
bool fs_make_dirs(const char *path);
/* True when path is a folder with nothing in it. */
bool fs_is_empty_dir(const char *path);
/* Removes path and everything under it, never following a symbolic link
 * (a link is removed, not what it points to). Only for folders linli
 * made. */
void fs_remove_tree(const char *path);

#endif
