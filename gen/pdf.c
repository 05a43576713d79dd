/*
 * pdf: headless Chromium as a PDF printer (see pdf.h).
 *
 * Each job is one Chromium process started with fork and exec (no shell,
 * so no path is ever parsed as a command), in its own process group so
 * that a stuck one can be stopped with every helper process it started.
 * Its output goes to a pipe we read, and is shown only when it fails:
 * Chromium prints a good deal of harmless noise.
 */
#define _XOPEN_SOURCE 700
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

#define PDF_PARALLEL 4      /* Chromiums at once, at most */
#define PDF_TIMEOUT 180     /* seconds one page may take */
#define PDF_OUTPUT_MAX 65536 /* bytes of Chromium's output kept */

struct running {
	const struct pdf_job *job;
	pid_t pid;
	int fd;             /* read end of its stdout and stderr; -1 at EOF */
	char *profile;      /* its temporary profile folder (heap) */
	struct buf output;
	time_t deadline;
};

const char *pdf_chromium(void)
{
	const char *env = getenv("LINLI_CHROMIUM");

	return env && *env ? env : "/usr/bin/chromium";
}

static bool chromium_missing(struct diag *d)
{
	const char *exe = pdf_chromium();

	if (access(exe, X_OK) == 0)
		return false;
	diag_error(d, pos_make(exe, 0, 0), "cannot print to PDF: Chromium is "
	    "not installed here (%s); install the Debian package chromium "
	    "(apt-get install chromium), set LINLI_CHROMIUM to another "
	    "Chromium, or build without --pdf", strerror(errno));
	return true;
}

/* file://PATH with everything but unreserved characters and '/' escaped. */
static char *file_url(const char *path)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "file://");
	buf_add_url(&b, path, strlen(path));
	return buf_detach(&b, NULL);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The command line for job (heap strings; free with free_argv). Made
 * before fork: the child only calls async-signal-safe functions. */
static char **chromium_argv(const struct pdf_job *job, const char *profile)
{
	static const char *const flags[] = {"--headless", "--no-sandbox",
	    "--disable-gpu", "--disable-background-networking",
	    "--disable-component-update", "--disable-sync",
	    "--disable-extensions", "--disable-default-apps", "--no-first-run",
	    "--disable-dev-shm-usage", "--hide-scrollbars",
	    "--no-pdf-header-footer", NULL};
	char **argv = xcalloc(20, sizeof(char *));
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	argv[n++] = xstrdup(pdf_chromium());
	for (i = 0; flags[i]; i++)
		argv[n++] = xstrdup(flags[i]);
	buf_printf(&b, "--user-data-dir=%s", profile);
	argv[n++] = buf_detach(&b, NULL);
	buf_printf(&b, "--print-to-pdf=%s", job->pdf);
	argv[n++] = buf_detach(&b, NULL);
	argv[n++] = file_url(job->html);
	argv[n] = NULL;
	return argv;
}

static void free_argv(char **argv)
{
	size_t i;

	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* In the child: the pipe becomes stdout and stderr, then Chromium runs. */
static _Noreturn void exec_chromium(char **argv, int out)
{
	static const char msg[] = "cannot run Chromium\n";
	int devnull = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (devnull >= 0)
		dup2(devnull, 0);
	dup2(out, 1);
	dup2(out, 2);
	execv(argv[0], argv);
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

/* Starts job; false (reported) when it cannot. */
static bool start(struct running *run, const struct pdf_job *job,
    struct diag *d)
{
	const char *tmpdir = getenv("TMPDIR");
	struct buf pb = BUF_INIT;
	char *profile, **argv;
	int fds[2];

	memset(run, 0, sizeof(*run));
	run->fd = -1;
	buf_init(&run->output);
	buf_printf(&pb, "%s/linli-chromium.XXXXXX", tmpdir && *tmpdir ?
	    tmpdir : "/tmp");
	profile = buf_detach(&pb, NULL);
	if (!mkdtemp(profile) || pipe(fds) != 0) {
		diag_error(d, pos_make(job->name ? job->name : job->pdf, 0, 0),
		    "cannot print to PDF: cannot make a temporary folder for "
		    "Chromium in %s: %s", tmpdir ? tmpdir : "/tmp", strerror(errno));
		free(profile);
		return false;
	}
	argv = chromium_argv(job, profile);
	fflush(NULL);
	run->pid = fork();
	if (run->pid == 0) {
		close(fds[0]);
		exec_chromium(argv, fds[1]);
	}
	free_argv(argv);
	close(fds[1]);
	if (run->pid < 0) {
		diag_error(d, pos_make(job->name ? job->name : job->pdf, 0, 0),
		    "cannot print to PDF: cannot start Chromium: %s",
		    strerror(errno));
		close(fds[0]);
		remove_tree(profile);
		free(profile);
		return false;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	run->job = job;
	run->fd = fds[0];
	run->profile = profile;
	run->deadline = time(NULL) + PDF_TIMEOUT;
	return true;
}

/* The last line of Chromium's output that says something. */
static const char *last_line(struct buf *b)
{
	char *end;

	while (b->len && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == ' '))
		buf_truncate(b, b->len - 1);
	end = strrchr(b->data, '\n');
	return end ? end + 1 : b->data;
}

/* Waits for run's process and checks that the PDF is there. */
static bool finish(struct running *run, bool timed_out, struct diag *d)
{
	const struct pdf_job *job = run->job;
	const char *name = job->name ? job->name : job->pdf;
	struct stat st;
	int status = 0;
	bool ok = false;

	if (timed_out)
		kill(-run->pid, SIGKILL);
	while (waitpid(run->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (run->fd >= 0)
		close(run->fd);
	if (timed_out)
		diag_error(d, pos_make(name, 0, 0), "Chromium took more than %d "
		    "seconds to print it and was stopped", PDF_TIMEOUT);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		diag_error(d, pos_make(name, 0, 0), "Chromium (%s) could not print "
		    "it (%s %d): %s", pdf_chromium(), WIFEXITED(status) ?
		    "exit status" : "signal", WIFEXITED(status) ?
		    WEXITSTATUS(status) : WTERMSIG(status), last_line(&run->output));
	else if (stat(job->pdf, &st) != 0 || st.st_size == 0)
		diag_error(d, pos_make(name, 0, 0), "Chromium (%s) printed no PDF: "
		    "%s", pdf_chromium(), last_line(&run->output));
	else
		ok = true;
	remove_tree(run->profile);
	free(run->profile);
	buf_release(&run->output);
	return ok;
}

/* Reads what is there from run's pipe; false at end of file. */
static bool drain(struct running *run)
{
	char chunk[4096];
	ssize_t n = read(run->fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (run->output.len < PDF_OUTPUT_MAX)
		buf_add(&run->output, chunk, (size_t)n);
	return true;
}

/* Waits until one of the running jobs ends; returns its index. */
static size_t wait_one(struct running *runs, size_t n, bool *timed_out)
{
	struct pollfd fds[PDF_PARALLEL];
	size_t i;

	for (;;) {
		time_t now = time(NULL);
		for (i = 0; i < n; i++) {
			if (now >= runs[i].deadline) {
				*timed_out = true;
				return i;
			}
			fds[i].fd = runs[i].fd;
			fds[i].events = POLLIN;
			fds[i].revents = 0;
		}
		if (poll(fds, (nfds_t)n, 1000) < 0 && errno != EINTR)
			return 0;
		for (i = 0; i < n; i++)
			if (fds[i].revents && !drain(&runs[i])) {
				close(runs[i].fd);
				runs[i].fd = -1;
				*timed_out = false;
				return i;
			}
	}
}

bool pdf_print_all(const struct pdf_job *jobs, size_t n, struct diag *d)
{
	struct running runs[PDF_PARALLEL];
	size_t next = 0, nrun = 0, i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t parallel = cpus > 1 ? (size_t)cpus : 1;
	bool ok = true, timed_out = false;

	if (n == 0)
		return true;
	if (chromium_missing(d))
		return false;
	if (parallel > PDF_PARALLEL)
		parallel = PDF_PARALLEL;
	while (next < n || nrun > 0) {
		while (next < n && nrun < parallel) {
			if (start(&runs[nrun], &jobs[next], d))
				nrun++;
			else
				ok = false;
			next++;
		}
		if (nrun == 0)
			break;
		i = wait_one(runs, nrun, &timed_out);
		ok &= finish(&runs[i], timed_out, d);
		runs[i] = runs[--nrun];
	}
	return ok;
}

bool pdf_print(const char *html_path, const char *pdf_path, struct diag *d)
{
	struct pdf_job job = {html_path, pdf_path, NULL};

	return pdf_print_all(&job, 1, d);
}
