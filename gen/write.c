/*
 * write: the stage, the digests, the commit (see write.h for the design).
 *
 * Crash-consistency, step by step:
 *  1. Pages go into the stage (OUT.linli-tmp-*), only those whose digest
 *     differs from the manifest or whose file in out/ is not as recorded.
 *     Killed here (any signal, power loss): out/ is untouched; INT, TERM
 *     and HUP remove the stage at once, anything else leaves it to the
 *     next build, which sees its owner is gone.
 *  2. The staged data is synced (syncfs), then the new manifest is written
 *     into the stage as the commit record and synced. Until that record
 *     ends with "end", the build has not happened.
 *  3. With INT, TERM and HUP held back, every staged file is renamed into
 *     out/ (one rename each: a reader sees the old page or the new one,
 *     never half of one), then the files the new manifest does not list
 *     are deleted. Killed here (SIGKILL, power loss): the next build finds
 *     the complete record and does the rest of step 3 again: renames of
 *     files no longer in the stage and deletions of missing files are
 *     skipped, so doing it twice is the same as doing it once.
 *  4. out/ is synced and the record is renamed over OUT.linli-state; the
 *     stage is removed.
 * A first build renames the whole stage to out/ (one rename, nothing to
 * exchange: out/ did not exist), then writes the manifest. Killed between
 * the two, the next build finds out/ without a manifest and simply trusts
 * none of its files.
 */
#define _GNU_SOURCE /* syncfs */
#include "write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "write_int.h"
#include "xalloc.h"

/* For the fault tests only: LINLI_TEST_STOP_AT=POINT[:N] stops the
 * process (SIGSTOP) the Nth time it passes POINT (load: before loading;
 * render: a page handed to the writer; write: half-way through writing a
 * staged file; swap: a file renamed into out/), so that a test can send
 * it a signal there. */
static void test_stop(const char *point)
{
	static unsigned long passes;
	const char *want = getenv("LINLI_TEST_STOP_AT");
	size_t n = strlen(point);

	if (!want || strncmp(want, point, n) || (want[n] && want[n] != ':'))
		return;
	if (__atomic_add_fetch(&passes, 1, __ATOMIC_SEQ_CST) !=
	    (want[n] ? strtoul(want + n + 1, NULL, 10) : 1))
		return;
	fprintf(stderr, "linli: stopped at %s (LINLI_TEST_STOP_AT)\n", want);
	raise(SIGSTOP);
}

/* The folder fd opened anew, to read it from the start: a dup() would
 * share the read position of a walk already done. */
static int reopen(int fd)
{
	return openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static bool io_error(struct writer *w, const char *what, const char *path)
{
	diag_error(w->d, pos_make(path, 0, 0), "cannot %s: %s", what,
	    strerror(errno));
	w->failed = true;
	return false;
}

/* An existing out/ must be linli's: holding the marker, or empty. */
static bool out_is_ours(struct writer *w)
{
	DIR *dir;
	struct dirent *e;
	bool empty = true;
	int fd;

	if (faccessat(w->out_fd, WRITE_MARKER, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return true;
	if ((fd = reopen(w->out_fd)) >= 0 && (dir = fdopendir(fd))) {
		while (empty && (e = readdir(dir)))
			empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
		closedir(dir);
	}
	if (!empty)
		diag_error(w->d, pos_make(w->out, 0, 0), "the output folder "
		    "exists and was not made by linli; refusing to replace it "
		    "(remove it or choose another with -o)");
	return empty;
}

static bool open_out(struct writer *w)
{
	struct stat st;

	w->out_fd = open(w->out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (w->out_fd >= 0 || errno == ENOENT)
		return true;
	if (lstat(w->out, &st) == 0 && !S_ISDIR(st.st_mode))
		diag_error(w->d, pos_make(w->out, 0, 0), "the output path "
		    "exists and is not a folder");
	else
		diag_error(w->d, pos_make(w->out, 0, 0), "cannot use the output "
		    "folder: %s", strerror(errno));
	return false;
}

static bool make_stage(struct writer *w)
{
	size_t n = strlen(w->out) + 48;
	char *tmp = xmalloc(n), real[PATH_MAX];
	mode_t mask;

	snprintf(tmp, n, "%s.linli-tmp-%ld-XXXXXX", w->out, (long)getpid());
	if (!mkdtemp(tmp)) {
		diag_error(w->d, pos_make(tmp, 0, 0), "cannot create a temporary "
		    "folder beside the output: %s", strerror(errno));
		free(tmp);
		return false;
	}
	w->stage = realpath(tmp, real) ? xstrdup(real) : xstrdup(tmp);
	free(tmp);
	guard_signals(w->stage);
	/* mkdtemp makes it private; a first build's stage becomes out/,
	 * which a web server must read. */
	mask = umask(0);
	umask(mask);
	chmod(w->stage, 0777 & ~mask);
	w->stage_fd = open(w->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->stage_fd < 0 || !guard_mark_owner(w->stage_fd))
		return io_error(w, "write in", w->stage);
	return true;
}

static void writer_free(struct writer *w)
{
	if (w->stage_fd >= 0)
		close(w->stage_fd);
	if (w->out_fd >= 0)
		close(w->out_fd);
	guard_signals(NULL);
	guard_unlock(w);
	free(w->out);
	free(w->stage);
	free(w->lock_path);
	free(w->state_path);
	w->out = w->stage = w->lock_path = w->state_path = NULL;
	w->stage_fd = w->out_fd = -1;
	buf_release(&w->inputs);
	arena_release(&w->arena);
	pthread_mutex_destroy(&w->mu);
}

static void writer_init(struct writer *w, const struct write_options *o,
    struct diag *d)
{
	size_t n = strlen(o->out);

	memset(w, 0, sizeof(*w));
	w->o = *o;
	w->d = d;
	w->out_fd = w->stage_fd = w->lock_fd = -1;
	pthread_mutex_init(&w->mu, NULL);
	arena_init(&w->arena);
	strmap_init(&w->old_out, &w->arena);
	strmap_init(&w->old_in, &w->arena);
	strmap_init(&w->new_out, &w->arena);
	strmap_init(&w->dirs, &w->arena);
	buf_init(&w->inputs);
	while (n > 1 && o->out[n - 1] == '/')
		n--;
	w->out = xstrndup(o->out, n);
	w->lock_path = xmalloc(n + 16);
	sprintf(w->lock_path, "%s.linli-lock", w->out);
	w->state_path = xmalloc(n + 16);
	sprintf(w->state_path, "%s.linli-state", w->out);
}

bool write_begin(struct writer *w, const struct write_options *o,
    struct diag *d)
{
	bool known, same_inputs, same_outputs;

	writer_init(w, o, d);
	if (!guard_placement(w) || !guard_lock(w) || !open_out(w))
		goto fail;
	guard_clean_dead(w);
	w->fresh = w->out_fd < 0;
	if (!w->fresh && !out_is_ours(w))
		goto fail;
	known = !w->fresh && state_load(w);
	same_inputs = state_scan_inputs(w);
	same_outputs = known && state_trust_outputs(w);
	if (known && same_inputs && same_outputs && w->old_out.count > 0 &&
	    !o->render_anyway) {
		w->up_to_date = true;
		return true;
	}
	if (!make_stage(w) || !write_file(w, WRITE_MARKER, "linli build output; "
	    "safe to delete\n", 35))
		goto fail;
	test_stop("load");
	return true;
fail:
	write_abort(w);
	return false;
}

const char *write_saved_messages(const struct writer *w)
{
	return w->old_messages ? w->old_messages : "";
}

void write_set_messages(struct writer *w, const char *text)
{
	w->messages = arena_strdup(&w->arena, text);
}

/* --- writing ----------------------------------------------------------- */

/* Creates every folder leading to rel in the stage, each once per build.
 * Under w->mu. */
static bool make_parents(struct writer *w, const char *rel)
{
	char path[PATH_MAX];
	char *p = path;
	size_t n = strlen(rel);

	if (n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return false;
	}
	memcpy(path, rel, n + 1);
	for (; (p = strchr(p, '/')); *p++ = '/') {
		*p = '\0';
		if (strmap_get(&w->dirs, path))
			continue;
		if (mkdirat(w->stage_fd, path, 0777) != 0 && errno != EEXIST)
			return false;
		strmap_set(&w->dirs, arena_strdup(&w->arena, path), w);
	}
	return true;
}

/* The entry for rel in the new build (made on first use). Under w->mu. */
static struct write_entry *new_entry(struct writer *w, const char *rel)
{
	struct write_entry *e = strmap_get(&w->new_out, rel);

	if (!e) {
		e = ARENA_NEW(&w->arena, struct write_entry);
		memset(e, 0, sizeof(*e));
		e->path = arena_strdup(&w->arena, rel);
		strmap_set(&w->new_out, e->path, e);
	}
	return e;
}

/* The old entry when out/ holds exactly these bytes at rel. */
static const struct write_entry *same_as_before(struct writer *w,
    const char *rel, uint64_t digest, size_t len)
{
	const struct write_entry *old = strmap_get(&w->old_out, rel);

	return old && old->trusted && old->digest == digest &&
	    old->size == len ? old : NULL;
}

static bool write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Writes the bytes to rel in the stage and records what it wrote. */
static bool stage_file(struct writer *w, const char *rel, const void *data,
    size_t len, uint64_t digest)
{
	struct stat st;
	struct write_entry *e;
	int fd = openat(w->stage_fd, rel, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC | O_NOFOLLOW, 0666);
	bool ok = fd >= 0 && write_all(fd, data, len / 2);

	if (ok)
		test_stop("write");
	ok = ok && write_all(fd, (const char *)data + len / 2, len - len / 2) &&
	    fstat(fd, &st) == 0;

	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok) {
		char *path = fs_join(w->stage, rel);
		pthread_mutex_lock(&w->mu);
		io_error(w, "write", path);
		pthread_mutex_unlock(&w->mu);
		free(path);
		return false;
	}
	pthread_mutex_lock(&w->mu);
	e = new_entry(w, rel);
	e->size = len;
	e->digest = digest;
	e->ino = (uint64_t)st.st_ino;
	e->mtime_ns = stat_mtime_ns(&st);
	e->staged = true;
	w->bytes += len;
	pthread_mutex_unlock(&w->mu);
	return true;
}

bool write_file(struct writer *w, const char *rel, const void *data,
    size_t len)
{
	uint64_t digest = write_digest(data, len);
	const struct write_entry *old;
	bool made;

	test_stop("render");
	pthread_mutex_lock(&w->mu);
	old = w->o.stage_all ? NULL : same_as_before(w, rel, digest, len);
	if (old) {
		struct write_entry *e = new_entry(w, rel);
		const char *path = e->path;
		*e = *old;
		e->path = path;
		e->staged = false;
		if (w->on_file)
			w->on_file(w->on_file_arg, rel);
		pthread_mutex_unlock(&w->mu);
		return true;
	}
	made = make_parents(w, rel);
	if (!made) {
		char *path = fs_join(w->stage, rel);
		io_error(w, "create folder for", path);
		free(path);
	}
	if (made && w->on_file)
		w->on_file(w->on_file_arg, rel);
	pthread_mutex_unlock(&w->mu);
	return made && stage_file(w, rel, data, len, digest);
}

bool write_buf(struct writer *w, const char *rel, const struct buf *b)
{
	return write_file(w, rel, b->data, b->len);
}

bool write_copy(struct writer *w, const char *rel, const char *src)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd = open(src, O_RDONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0) {
		pthread_mutex_lock(&w->mu);
		io_error(w, "read", src);
		pthread_mutex_unlock(&w->mu);
		return false;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0) {
		buf_release(&b);
		pthread_mutex_lock(&w->mu);
		io_error(w, "read", src);
		pthread_mutex_unlock(&w->mu);
		return false;
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
		from = fs_join(src, e->d_name);
		to = fs_join(rel, e->d_name);
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

char *write_path(struct writer *w, const char *rel)
{
	if (w->drain)
		w->drain(w->drain_arg);
	pthread_mutex_lock(&w->mu);
	make_parents(w, rel);
	pthread_mutex_unlock(&w->mu);
	return fs_join(w->stage, rel);
}

/* --- the commit -------------------------------------------------------- */

/* A file a tool made in the stage (write_path) joins the build as it is. */
static void adopt_tool_file(struct writer *w, int dirfd, const char *name,
    const char *rel, const struct stat *st)
{
	struct write_entry *e;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	while (fd >= 0 && (n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	if (fd >= 0)
		close(fd);
	e = new_entry(w, rel);
	e->size = b.len;
	e->digest = write_digest(b.data, b.len);
	e->ino = (uint64_t)st->st_ino;
	e->mtime_ns = stat_mtime_ns(st);
	e->staged = true;
	w->bytes += b.len;
	buf_release(&b);
}

/* Files that tools made in the stage (write_path) join the build; with
 * stage_all, staged files equal to out/'s are dropped from the stage. */
static void settle_stage(struct writer *w, int fd, const char *prefix)
{
	DIR *dir = fdopendir(fd);
	struct dirent *e;

	if (!dir) {
		close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		char *rel;
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!*prefix && !strncmp(e->d_name, ".linli-", 7)))
			continue;
		rel = *prefix ? fs_join(prefix, e->d_name) : xstrdup(e->d_name);
		if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			;
		else if (S_ISDIR(st.st_mode))
			settle_stage(w, openat(dirfd(dir), e->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), rel);
		else if (!strmap_get(&w->new_out, rel))
			adopt_tool_file(w, dirfd(dir), e->d_name, rel, &st);
		free(rel);
	}
	closedir(dir);
}

/* With stage_all: unstages the files out/ already holds as they are. */
static void drop_unchanged(struct writer *w)
{
	size_t i;

	for (i = 0; w->o.stage_all && i < w->new_out.cap; i++) {
		struct write_entry *e = w->new_out.slots[i].value;
		const struct write_entry *old;
		if (!e || !e->staged ||
		    !(old = same_as_before(w, e->path, e->digest, e->size)))
			continue;
		unlinkat(w->stage_fd, e->path, 0);
		*e = *old;
		e->staged = false;
	}
}

static size_t count_staged(const struct writer *w)
{
	size_t i, n = 0;

	for (i = 0; i < w->new_out.cap; i++) {
		const struct write_entry *e = w->new_out.slots[i].value;
		n += e && e->staged;
	}
	return n;
}

/* Writes text to name under dirfd through a temporary name (one rename:
 * never half a file), synced unless no_fsync. */
static bool write_whole(struct writer *w, int dirfd, const char *name,
    const struct buf *text)
{
	char tmp[PATH_MAX];
	int fd;
	bool ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", name, (long)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	ok = fd >= 0 && write_all(fd, text->data, text->len) &&
	    (w->o.no_fsync || fsync(fd) == 0);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	ok = ok && renameat(dirfd, tmp, dirfd, name) == 0;
	if (!ok)
		unlinkat(dirfd, tmp, 0);
	return ok;
}

static void sync_folder_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*slash = '\0';
	fd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static bool save_state(struct writer *w)
{
	struct buf text = BUF_INIT;
	bool ok;

	state_format(w, &text);
	ok = write_whole(w, AT_FDCWD, w->state_path, &text);
	buf_release(&text);
	if (!ok)
		return io_error(w, "write", w->state_path);
	if (!w->o.no_fsync)
		sync_folder_of(w->state_path);
	return true;
}

static bool commit_fresh(struct writer *w)
{
	if (!w->o.no_fsync && syncfs(w->stage_fd) != 0)
		return io_error(w, "save", w->stage);
	unlinkat(w->stage_fd, WRITE_OWNER, 0);
	if (rename(w->stage, w->out) != 0) {
		guard_mark_owner(w->stage_fd);
		return io_error(w, "move the build into place", w->out);
	}
	free(w->stage);
	w->stage = NULL; /* it is out/ now */
	guard_signals(NULL);
	if (!w->o.no_fsync)
		sync_folder_of(w->out);
	return save_state(w);
}

/* Steps 2 to 4 of the commit (the top of this file). */
static bool commit_changes(struct writer *w)
{
	struct buf record = BUF_INIT;
	size_t moved = 0, removed = 0;
	bool ok;

	state_format(w, &record);
	ok = (w->o.no_fsync || syncfs(w->stage_fd) == 0) &&
	    write_whole(w, w->stage_fd, WRITE_RECORD, &record) &&
	    (w->o.no_fsync || fsync(w->stage_fd) == 0);
	buf_release(&record);
	if (!ok)
		return io_error(w, "save", w->stage);
	guard_block_signals(true);
	ok = write_apply_stage(w->out_fd, w->stage_fd, &w->new_out,
	    w->o.foreign, &moved, &removed);
	if (ok && !w->o.no_fsync)
		syncfs(w->out_fd);
	if (!ok || renameat(w->stage_fd, WRITE_RECORD, AT_FDCWD,
	    w->state_path) != 0) {
		/* The record stays: the next build finishes the update. */
		io_error(w, "update", w->out);
		guard_block_signals(false);
		return false;
	}
	if (!w->o.no_fsync)
		sync_folder_of(w->state_path);
	w->removed = removed;
	guard_remove(AT_FDCWD, w->stage);
	guard_block_signals(false);
	return true;
}

static bool commit_up_to_date(struct writer *w)
{
	bool ok = true;

	if (w->state_changed) {
		w->new_out = w->old_out;
		w->messages = w->old_messages;
		ok = save_state(w);
	}
	w->unchanged = w->old_out.count;
	writer_free(w);
	return ok;
}

bool write_commit(struct writer *w)
{
	bool ok;

	if (w->up_to_date)
		return commit_up_to_date(w);
	if (w->failed) {
		write_abort(w);
		return false;
	}
	settle_stage(w, reopen(w->stage_fd), "");
	drop_unchanged(w);
	w->files = count_staged(w);
	w->unchanged = w->new_out.count - w->files;
	ok = w->fresh ? commit_fresh(w) : commit_changes(w);
	/* On failure the stage goes, unless it holds a complete record:
	 * then out/ is half updated and the next build finishes it. */
	if (!ok && !w->fresh && faccessat(w->stage_fd, WRITE_RECORD, F_OK,
	    0) == 0) {
		free(w->stage);
		w->stage = NULL;
	}
	write_abort(w);
	return ok;
}

void write_abort(struct writer *w)
{
	if (w->stage)
		guard_remove(AT_FDCWD, w->stage);
	writer_free(w);
}

/* --- applying a stage to out/ ------------------------------------------ */

static bool is_folder(int dirfd, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	return fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode);
}

/* Makes folder rel in out/; a file in its way is stale (the new build has
 * a folder there) and goes. */
static bool ensure_folder(int out_fd, const char *rel)
{
	struct stat st;

	if (mkdirat(out_fd, rel, 0777) == 0)
		return true;
	if (errno != EEXIST)
		return false;
	if (fstatat(out_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode))
		return true;
	unlinkat(out_fd, rel, 0);
	return mkdirat(out_fd, rel, 0777) == 0;
}

static bool move_in(int stage_fd, int out_fd, const char *rel)
{
	test_stop("swap");
	if (renameat(stage_fd, rel, out_fd, rel) == 0)
		return true;
	if (errno != EISDIR && errno != ENOTEMPTY && errno != EEXIST)
		return false;
	/* A folder where the new build has a file: all of it is stale. */
	guard_remove(out_fd, rel);
	return renameat(stage_fd, rel, out_fd, rel) == 0;
}

static bool move_tree(int stage_fd, int out_fd, const char *prefix,
    size_t *moved)
{
	int fd = *prefix ? openat(stage_fd, prefix, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC) : reopen(stage_fd);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	bool ok = true;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while (ok && (e = readdir(dir))) {
		char *rel;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!*prefix && !strncmp(e->d_name, ".linli-", 7)))
			continue;
		rel = *prefix ? fs_join(prefix, e->d_name) : xstrdup(e->d_name);
		if (is_folder(dirfd(dir), e))
			ok = ensure_folder(out_fd, rel) &&
			    move_tree(stage_fd, out_fd, rel, moved);
		else if ((ok = move_in(stage_fd, out_fd, rel)))
			(*moved)++;
		free(rel);
	}
	closedir(dir);
	return ok;
}

/* Deletes what the new build does not make; folders left empty go too.
 * The top-level folder foreign (when not NULL) is another build's: kept. */
static void delete_stale(int out_fd, const char *prefix,
    const struct strmap *outputs, const char *foreign, size_t *removed)
{
	int fd = *prefix ? openat(out_fd, prefix, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC) : reopen(out_fd);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		char *rel;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!*prefix && !strcmp(e->d_name, WRITE_MARKER)) ||
		    (!*prefix && foreign && !strcmp(e->d_name, foreign)))
			continue;
		rel = *prefix ? fs_join(prefix, e->d_name) : xstrdup(e->d_name);
		if (is_folder(dirfd(dir), e)) {
			delete_stale(out_fd, rel, outputs, NULL, removed);
			unlinkat(out_fd, rel, AT_REMOVEDIR); /* if now empty */
		} else if (!strmap_get(outputs, rel)) {
			if (unlinkat(out_fd, rel, 0) == 0)
				(*removed)++;
		}
		free(rel);
	}
	closedir(dir);
}

bool write_apply_stage(int out_fd, int stage_fd, const struct strmap *outputs,
    const char *foreign, size_t *moved, size_t *removed)
{
	bool ok = move_tree(stage_fd, out_fd, "", moved);

	if (ok)
		delete_stale(out_fd, "", outputs, foreign, removed);
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
	if (!S_ISDIR(st.st_mode) || !fs_is_empty_dir(dir)) {
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
	char *path = fs_join(dir, rel), *p;
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
