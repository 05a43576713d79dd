/*
 * fsutil: small file-system helpers (see fsutil.h).
 */
#define _XOPEN_SOURCE 700
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);

	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

bool fs_make_parents(const char *path)
{
	char *p = xstrdup(path), *s;
	bool ok = true;

	for (s = p + 1; ok && (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			ok = false;
		*s = '/';
	}
	free(p);
	return ok;
}

bool fs_make_dirs(const char *path)
{
	return fs_make_parents(path) && (mkdir(path, 0777) == 0 ||
	    errno == EEXIST);
}

bool fs_is_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return false;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void fs_remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
