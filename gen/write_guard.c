/*
 * write_guard: where out/ may go, one build at a time, and nothing left
 * behind by a build that died.
 *
 * A stage is OUT.linli-tmp-PID-XXXXXX and holds .linli-owner: the pid, its
 * start time (field 22 of /proc/PID/stat) and the boot id, so that a pid
 * reused by another process, or a stage left from before a reboot, is
 * never taken for a live build. Stages of dead builds are removed by the
 * next build, under the lock; one whose commit record is complete is
 * first rolled forward (its renames and deletions finished).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "write_int.h"
#include "xalloc.h"

/* --- placement --------------------------------------------------------- */

/* True when a is b or lies inside it (both resolved). */
static bool path_within(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' ||
	    (n == 1 && b[0] == '/'));
}

/* The absolute path out would have: resolved when it exists, else its
 * folder resolved and its name added. NULL when its folder is missing. */
static char *resolve_out(const char *out)
{
	char real[PATH_MAX], *dir, *slash, *r;

	if (realpath(out, real))
		return xstrdup(real);
	dir = xstrdup(out);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	r = realpath(slash ? dir : ".", real) ? xmalloc(strlen(real) +
	    strlen(out) + 2) : NULL;
	if (r)
		sprintf(r, "%s/%s", strcmp(real, "/") ? real : "",
		    slash ? strrchr(out, '/') + 1 : out);
	free(dir);
	return r;
}

bool guard_placement(struct writer *w)
{
	char real_in[PATH_MAX], *real_out = resolve_out(w->out);
	bool ok = true;
	size_t i;

	if (!real_out) {
		diag_error(w->d, pos_make(w->out, 0, 0), "the folder that should "
		    "hold the output does not exist");
		return false;
	}
	for (i = 0; ok && w->o.inputs && w->o.inputs[i]; i++) {
		if (!realpath(w->o.inputs[i], real_in))
			continue;
		if (path_within(real_in, real_out)) {
			diag_error(w->d, pos_make(w->out, 0, 0), "refusing to "
			    "write here: it holds '%s', which linli reads; choose "
			    "an output folder outside it with -o",
			    w->o.inputs[i]);
			ok = false;
		} else if (path_within(real_out, real_in)) {
			diag_error(w->d, pos_make(w->out, 0, 0), "refusing to "
			    "write here: it lies inside '%s', which linli reads "
			    "(the site would copy itself into itself); choose an "
			    "output folder outside it with -o", w->o.inputs[i]);
			ok = false;
		}
	}
	free(real_out);
	return ok;
}

/* --- the lock ---------------------------------------------------------- */

bool guard_lock(struct writer *w)
{
	char who[32] = "";
	int n;

	w->lock_fd = open(w->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (w->lock_fd < 0) {
		diag_error(w->d, pos_make(w->lock_path, 0, 0), "cannot create "
		    "the lock file beside the output: %s", strerror(errno));
		return false;
	}
	if (flock(w->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if ((n = (int)pread(w->lock_fd, who, sizeof(who) - 1, 0)) > 0)
			who[strcspn(who, "\n")] = '\0';
		fprintf(stderr, "linli: another build (process %s) is writing "
		    "to %s; waiting for it to finish\n", *who ? who : "?",
		    w->out);
		if (flock(w->lock_fd, LOCK_EX) != 0) {
			diag_error(w->d, pos_make(w->lock_path, 0, 0), "cannot "
			    "lock: %s", strerror(errno));
			return false;
		}
	}
	n = snprintf(who, sizeof(who), "%ld\n", (long)getpid());
	if (ftruncate(w->lock_fd, 0) == 0 && pwrite(w->lock_fd, who,
	    (size_t)n, 0) < 0) {
		/* The pid is only for the message of a waiting build. */
	}
	return true;
}

void guard_unlock(struct writer *w)
{
	if (w->lock_fd >= 0)
		close(w->lock_fd); /* releases the flock */
	w->lock_fd = -1;
}

/* --- owners ------------------------------------------------------------ */

static bool read_text(int dirfd, const char *path, char *out, size_t size)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return false;
	out[n] = '\0';
	return true;
}

/* Field 22 of /proc/PID/stat: when the process started, in ticks since
 * boot. 0 when there is no such process. */
static unsigned long long start_time(long pid)
{
	char path[64], text[1024], *p;
	unsigned long long t = 0;
	int field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!read_text(AT_FDCWD, path, text, sizeof(text)) ||
	    !(p = strrchr(text, ')')))
		return 0;
	/* After ")" come field 3 (state) onwards. */
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		t = strtoull(p + 1, NULL, 10);
	return t;
}

static void boot_id(char out[64])
{
	if (!read_text(AT_FDCWD, "/proc/sys/kernel/random/boot_id", out, 64))
		strcpy(out, "?");
	out[strcspn(out, "\n")] = '\0';
}

bool guard_mark_owner(int stage_fd)
{
	char text[160], boot[64];
	int fd, n;
	bool ok;

	boot_id(boot);
	n = snprintf(text, sizeof(text), "%ld %llu %s\n", (long)getpid(),
	    start_time((long)getpid()), boot);
	fd = openat(stage_fd, WRITE_OWNER, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0666);
	if (fd < 0)
		return false;
	ok = write(fd, text, (size_t)n) == n;
	return close(fd) == 0 && ok;
}

/* Whether the build that made the stage name (in dirfd) still runs. */
static bool owner_alive(int dirfd, const char *name, const char *pid_in_name)
{
	char path[PATH_MAX], text[160], boot[64], their_boot[64] = "";
	long pid;
	unsigned long long start = 0;

	snprintf(path, sizeof(path), "%s/" WRITE_OWNER, name);
	if (!read_text(dirfd, path, text, sizeof(text))) {
		/* No marker (killed right after making the folder, or an
		 * older linli): go by the pid in the name, if any. */
		pid = strtol(pid_in_name, NULL, 10);
		return pid > 0 && pid != getpid() && start_time(pid) != 0;
	}
	if (sscanf(text, "%ld %llu %63s", &pid, &start, their_boot) != 3)
		return false;
	boot_id(boot);
	return strcmp(boot, their_boot) == 0 && pid != getpid() &&
	    start != 0 && start_time(pid) == start;
}

/* --- dead builds ------------------------------------------------------- */

/* Finishes the commit of a dead build whose record is complete. */
static void roll_forward(struct writer *w, int parent_fd, const char *name)
{
	char record[PATH_MAX];
	struct arena a;
	struct strmap outputs;
	char *text;
	size_t len = 0, moved = 0, removed = 0;
	int fd;

	snprintf(record, sizeof(record), "%s/" WRITE_RECORD, name);
	if (w->out_fd < 0 || (fd = openat(parent_fd, name, O_RDONLY |
	    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return;
	arena_init(&a);
	strmap_init(&outputs, &a);
	text = NULL;
	{
		int rfd = openat(parent_fd, record, O_RDONLY | O_CLOEXEC);
		struct buf b = BUF_INIT;
		char chunk[65536];
		ssize_t n;
		if (rfd >= 0) {
			while ((n = read(rfd, chunk, sizeof(chunk))) > 0)
				buf_add(&b, chunk, (size_t)n);
			close(rfd);
			text = buf_detach(&b, &len);
		}
	}
	if (text && state_parse_outputs(text, len, &outputs, &a) &&
	    write_apply_stage(w->out_fd, fd, &outputs, &moved, &removed)) {
		renameat(parent_fd, record, AT_FDCWD, w->state_path);
		fprintf(stderr, "linli: finished the update of %s that an "
		    "interrupted build had begun\n", w->out);
	}
	free(text);
	close(fd);
	arena_release(&a);
}

/* An OUT.linli-old-PID of an older linli that died between its two
 * renames: it is the only copy of the site when out/ is missing. */
static void restore_old(struct writer *w, int parent_fd, const char *name)
{
	const char *base = strrchr(w->out, '/') ? strrchr(w->out, '/') + 1 :
	    w->out;

	if (w->out_fd < 0 && renameat(parent_fd, name, parent_fd, base) == 0) {
		fprintf(stderr, "linli: put back %s, which an interrupted build "
		    "had moved aside\n", w->out);
		w->out_fd = open(w->out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		return;
	}
	guard_remove(parent_fd, name);
}

void guard_clean_dead(struct writer *w)
{
	const char *slash = strrchr(w->out, '/');
	const char *base = slash ? slash + 1 : w->out;
	char *parent = slash ? xstrndup(w->out, (size_t)(slash - w->out +
	    (slash == w->out))) : xstrdup(".");
	size_t nb = strlen(base);
	DIR *dir = opendir(parent);
	struct dirent *e;

	free(parent);
	if (!dir)
		return;
	while ((e = readdir(dir))) {
		const char *rest = e->d_name + nb;
		bool tmp, old;
		if (strncmp(e->d_name, base, nb))
			continue;
		tmp = !strncmp(rest, ".linli-tmp-", 11);
		old = !strncmp(rest, ".linli-old-", 11);
		if ((!tmp && !old) || owner_alive(dirfd(dir), e->d_name,
		    rest + 11))
			continue;
		if (tmp) {
			roll_forward(w, dirfd(dir), e->d_name);
			guard_remove(dirfd(dir), e->d_name);
		} else {
			restore_old(w, dirfd(dir), e->d_name);
		}
	}
	closedir(dir);
}

/* --- removal and signals ----------------------------------------------- */

static void remove_entry(int dirfd, const char *name, bool folder);

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Removes every entry of the folder fd in one pass over it. Returns
 * whether it removed anything. */
static bool empty_folder(int fd)
{
	char buf[8192];
	long n;
	bool any = false;

	lseek(fd, 0, SEEK_SET);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		long off;
		for (off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			remove_entry(fd, d->d_name, d->d_type == DT_DIR);
			any = true;
		}
	}
	return any;
}

static void remove_entry(int dirfd, const char *name, bool folder)
{
	int fd, pass;

	if (!folder && (unlinkat(dirfd, name, 0) == 0 || (errno != EISDIR &&
	    errno != EPERM)))
		return;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd < 0)
		return;
	/* Entries removed while the folder is read may hide others: read it
	 * again only when it is not empty yet. */
	for (pass = 0; pass < 8; pass++) {
		if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0 ||
		    errno != ENOTEMPTY || !empty_folder(fd))
			break;
	}
	close(fd);
	if (pass == 8)
		unlinkat(dirfd, name, AT_REMOVEDIR);
}

void guard_remove(int dirfd, const char *name)
{
	remove_entry(dirfd, name, false);
}

static const int guarded[] = {SIGINT, SIGTERM, SIGHUP};
static char stage_path[PATH_MAX];
static struct sigaction saved[3];
static bool installed;

static void on_signal(int sig)
{
	int e = errno;

	if (stage_path[0])
		guard_remove(AT_FDCWD, stage_path);
	errno = e;
	raise(sig); /* SA_RESETHAND: now the default, which ends us */
}

void guard_signals(const char *stage)
{
	struct sigaction sa;
	size_t i;

	if (!stage) {
		for (i = 0; installed && i < 3; i++)
			sigaction(guarded[i], &saved[i], NULL);
		installed = false;
		stage_path[0] = '\0';
		return;
	}
	if (strlen(stage) >= sizeof(stage_path))
		return;
	strcpy(stage_path, stage);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		struct sigaction cur;
		/* A signal the caller ignores (nohup) stays ignored. */
		sigaction(guarded[i], NULL, &cur);
		if (!installed)
			saved[i] = cur;
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(guarded[i], &sa, NULL);
	}
	installed = true;
}

void guard_block_signals(bool block)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < 3; i++)
		sigaddset(&set, guarded[i]);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
