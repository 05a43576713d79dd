#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"
#include "i18n.h"

#define DIR_EVENTS (IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_FROM | \
	IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

/* The resolved path of path, which need not exist yet (out/ before the
 * first build): its folder resolved, its name as given. Heap. */
static char *resolve_maybe_absent(const char *path)
{
	char real[PATH_MAX];
	struct buf b = BUF_INIT;
	const char *slash;

	if (realpath(path, real))
		return xstrdup(real);
	slash = strrchr(path, '/');
	buf_add(&b, path, slash ? (size_t)(slash - path) : 0);
	if (!realpath(slash ? (b.len ? b.data : "/") : ".", real)) {
		buf_release(&b);
		return NULL;
	}
	buf_reset(&b);
	buf_printf(&b, "%s/%s", strcmp(real, "/") ? real : "",
	    slash ? slash + 1 : path);
	return buf_detach(&b, NULL);
}

bool watch_init(struct watch *w, const char *skip)
{
	memset(w, 0, sizeof(*w));
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return false;
	if (skip)
		w->skip = resolve_maybe_absent(skip);
	return true;
}

void watch_release(struct watch *w)
{
	int i;

	if (w->fd >= 0)
		close(w->fd);
	for (i = 0; i < w->npaths; i++)
		free(w->paths[i]);
	free(w->paths);
	free(w->skip);
	memset(w, 0, sizeof(*w));
	w->fd = -1;
}

/* Scratch files that editors, Word/Excel/WPS and linli itself make while
 * saving: their comings and goings are not edits. */
static bool is_scratch(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || name[0] == '~' || name[0] == '#')
		return true;
	if (n && name[n - 1] == '~')
		return true;
	if (strcmp(name, "4913") == 0) /* vim's probe file */
		return true;
	if (strstr(name, ".linli-tmp-"))
		return true;
	return n > 4 && (strcmp(name + n - 4, ".swp") == 0 ||
	    strcmp(name + n - 4, ".swx") == 0 ||
	    strcmp(name + n - 4, ".tmp") == 0);
}

static bool is_skipped(const struct watch *w, const char *dir)
{
	char real[PATH_MAX];

	return w->skip && realpath(dir, real) && strcmp(real, w->skip) == 0;
}

/* True for the skipped folder's own entry in its parent: a build swaps
 * out/ in by renaming it. */
static bool is_skipped_entry(const struct watch *w, const char *dir,
    const char *name)
{
	struct buf path = BUF_INIT;
	char *real;
	bool skip;

	if (!w->skip)
		return false;
	buf_printf(&path, "%s/%s", dir, name);
	real = resolve_maybe_absent(path.data);
	skip = real && strcmp(real, w->skip) == 0;
	free(real);
	buf_release(&path);
	return skip;
}

static void remember(struct watch *w, int wd, const char *dir)
{
	if (wd >= w->npaths) {
		int n = wd + 16;
		w->paths = xreallocarray(w->paths, (size_t)n, sizeof(*w->paths));
		memset(w->paths + w->npaths, 0,
		    (size_t)(n - w->npaths) * sizeof(*w->paths));
		w->npaths = n;
	}
	free(w->paths[wd]);
	w->paths[wd] = xstrdup(dir);
}

/* A folder we cannot watch still builds; saves in it are just not seen. */
static void warn_unwatched(const char *dir)
{
	if (errno == ENOENT)
		return; /* gone again already */
	fprintf(stderr, _("%s: warning: changes here will not be seen: %s%s\n"),
	    dir, strerror(errno), errno == ENOSPC ? _(" (raise the limit "
	    "fs.inotify.max_user_watches with sysctl)") : "");
}

bool watch_add_tree(struct watch *w, const char *dir)
{
	DIR *d;
	struct dirent *e;
	int wd;

	if (is_skipped(w, dir))
		return true;
	wd = inotify_add_watch(w->fd, dir, DIR_EVENTS);
	if (wd < 0)
		return false;
	remember(w, wd, dir);
	if (!(d = opendir(dir)))
		return true; /* gone already: its parent's event says so */
	while ((e = readdir(d))) {
		struct buf child = BUF_INIT;
		struct stat st;

		if (is_scratch(e->d_name) || !strcmp(e->d_name, ".."))
			continue;
		buf_printf(&child, "%s/%s", dir, e->d_name);
		/* lstat: a link to a folder elsewhere is not ours to watch */
		if (lstat(child.data, &st) == 0 && S_ISDIR(st.st_mode) &&
		    !watch_add_tree(w, child.data))
			warn_unwatched(child.data);
		buf_release(&child);
	}
	closedir(d);
	return true;
}

/* Reads what is queued; true when any of it is a change. */
static bool drain(struct watch *w, struct buf *last)
{
	char ev[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	ssize_t n;

	while ((n = read(w->fd, ev, sizeof(ev))) > 0) {
		char *p;
		for (p = ev; p < ev + n;) {
			const struct inotify_event *e = (const void *)p;
			const char *dir = e->wd < w->npaths ? w->paths[e->wd] : NULL;
			p += sizeof(*e) + e->len;
			if (!dir || (e->mask & IN_IGNORED))
				continue;
			if (e->len && (is_scratch(e->name) ||
			    is_skipped_entry(w, dir, e->name)))
				continue;
			changed = true;
			/* the last one: a save by rename ends on the file's
			 * own name, after the editor's temporary one */
			buf_reset(last);
			buf_printf(last, "%s%s%s", dir, e->len ? "/" : "",
			    e->len ? e->name : "");
			/* A folder made or moved in: watch it and what it
			 * already holds (a copied-in folder arrives full). */
			if (e->len && (e->mask & IN_ISDIR) &&
			    (e->mask & (IN_CREATE | IN_MOVED_TO))) {
				struct buf child = BUF_INIT;
				buf_printf(&child, "%s/%s", dir, e->name);
				if (!watch_add_tree(w, child.data))
					warn_unwatched(child.data);
				buf_release(&child);
			}
		}
	}
	return changed;
}

bool watch_wait(struct watch *w, int timeout_ms, int quiet_ms,
    struct buf *last)
{
	struct pollfd pfd = {w->fd, POLLIN, 0};
	bool changed = false;
	int r;

	for (;;) {
		r = poll(&pfd, 1, changed ? quiet_ms : timeout_ms);
		if (r < 0 && errno == EINTR)
			return false;
		if (r <= 0)
			return changed;
		if (drain(w, last))
			changed = true;
	}
}
