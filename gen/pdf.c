/*
 * pdf: headless Chromium as a PDF printer (see pdf.h).
 *
 * One Chromium prints every page of a build: it is started once (fork and
 * exec, no shell, its own process group so that a stuck one can be stopped
 * with every helper process it started) with --remote-debugging-pipe, and
 * driven over the DevTools protocol: JSON messages ending in a NUL byte,
 * ours on its fd 3, its answers on its fd 4. A few tabs print at once; each
 * one loads a page, waits for its fonts, and returns the PDF (base64),
 * which we decode and write. Starting Chromium costs a second or two; a
 * page then prints in a fraction of that.
 *
 * Before that, a page unchanged since the previous build keeps its PDF
 * (pdf_reuse.c).
 *
 * Chromium's own output (a good deal of harmless noise) goes to a pipe we
 * read, and is shown only when it fails.
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
#include "fsutil.h"
#include "json.h"
#include "xalloc.h"
#include "i18n.h"

#define PDF_TABS 4           /* pages printing at once, at most */
#define PDF_TIMEOUT 180      /* seconds one step (start, a page) may take */
#define PDF_OUTPUT_MAX 65536 /* bytes of Chromium's output kept */

const char *pdf_chromium(void)
{
	const char *env = getenv("LINLI_CHROMIUM");

	return env && *env ? env : "/usr/bin/chromium";
}

static const char *job_name(const struct pdf_job *job);

/* Reports a missing Chromium, naming the pages that needed it (those not
 * kept from the previous build). */
static bool chromium_missing(struct diag *d, const struct pdf_job *jobs,
    size_t n, const bool *printed)
{
	const char *exe = pdf_chromium();
	struct buf names = BUF_INIT;
	size_t i, k = 0;
	int err;

	if (access(exe, X_OK) == 0)
		return false;
	err = errno;
	for (i = 0; i < n; i++)
		if (!printed[i] && k++ < 3)
			buf_printf(&names, "%s%s", k > 1 ? ", " : "", job_name(&jobs[i]));
	if (k > 3)
		buf_printf(&names, _(" and %zu more"), k - 3);
	diag_error(d, pos_make(exe, 0, 0), "cannot print to PDF (%s): Chromium "
	    "is not installed here (%s); install the Debian package chromium "
	    "(apt-get install chromium), set LINLI_CHROMIUM to another "
	    "Chromium, or build without --pdf", names.data, strerror(err));
	buf_release(&names);
	return true;
}

static const char *job_name(const struct pdf_job *job)
{
	return job->name ? job->name : job->pdf;
}

/* --- files ------------------------------------------------------------- */

/* --- the protocol's answers (JSON) --------------------------------------- */

/* The value of key in the JSON object at obj (NUL-terminated), or NULL. */
static const char *json_get(const char *obj, const char *key)
{
	struct json_cursor c;

	if (!obj)
		return NULL;
	json_cursor_init(&c, obj, strlen(obj));
	if (!json_find_key(&c, key))
		return NULL;
	json_peek(&c, '"'); /* past the white space before the value */
	return c.p;
}

/* The string at v, decoded into out (reset first); false when v is not
 * a string. */
static bool json_text(const char *v, struct buf *out)
{
	struct json_cursor c;

	buf_reset(out);
	if (!v)
		return false;
	json_cursor_init(&c, v, strlen(v));
	return json_read_string(&c, out);
}

/* Appends s as a JSON string. */
static void json_quote(struct buf *b, const char *s)
{
	json_add_string(b, s, strlen(s));
}

/* Decodes the base64 text s[0..n) into out (reset first). */
static bool base64_decode(const char *s, size_t n, struct buf *out)
{
	unsigned acc = 0;
	int bits = 0;
	size_t i;

	buf_reset(out);
	buf_grow(out, n / 4 * 3 + 3);
	for (i = 0; i < n && s[i] != '='; i++) {
		const char *at, *set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '/')
			continue; /* "\/" is "/" */
		if (!(at = strchr(set, s[i])) || !s[i])
			return false;
		acc = acc << 6 | (unsigned)(at - set);
		if ((bits += 6) >= 8) {
			bits -= 8;
			buf_addc(out, (char)(acc >> bits & 0xff));
		}
	}
	return true;
}

/* --- the browser ------------------------------------------------------- */

/* What a tab is waiting for. */
enum tab_state { TAB_TARGET, TAB_ATTACH, TAB_IDLE, TAB_NAVIGATE, TAB_LOADED,
	TAB_PRINT };

struct tab {
	enum tab_state state;
	long waiting;       /* the id of the command it waits for */
	char *target, *session;
	const struct pdf_job *job;
	char *url;          /* the job's file:// address */
	time_t deadline;
	int polls;          /* times it asked whether the page has loaded */
};

struct browser {
	pid_t pid;
	int to, from, err;  /* our ends of its fds 3, 4 and 1+2; -1 closed */
	char *profile;
	struct buf in;      /* what it sent and we have not handled */
	struct buf output;  /* its stdout and stderr, for messages */
	struct buf scratch;
	long next_id;
	struct diag *d;
	bool dead;
};

/* The command line (heap strings; free with free_argv). Made before
 * fork: the child only calls async-signal-safe functions. */
static char **chromium_argv(const char *profile)
{
	static const char *const flags[] = {"--headless", "--no-sandbox",
	    "--disable-gpu", "--disable-background-networking",
	    "--disable-component-update", "--disable-sync",
	    "--disable-extensions", "--disable-default-apps", "--no-first-run",
	    "--disable-dev-shm-usage", "--hide-scrollbars",
	    "--remote-debugging-pipe", "--allow-file-access-from-files", NULL};
	char **argv = xcalloc(20, sizeof(char *));
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	argv[n++] = xstrdup(pdf_chromium());
	for (i = 0; flags[i]; i++)
		argv[n++] = xstrdup(flags[i]);
	buf_printf(&b, "--user-data-dir=%s", profile);
	argv[n++] = buf_detach(&b, NULL);
	argv[n++] = xstrdup("about:blank");
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

/* In the child: fd 3 reads our commands, fd 4 writes its answers, the
 * output pipe is stdout and stderr; then Chromium runs. */
static _Noreturn void exec_chromium(char **argv, int cmd, int ans, int out)
{
	static const char msg[] = "cannot run Chromium\n";
	int devnull = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (devnull >= 0)
		dup2(devnull, 0);
	dup2(out, 1);
	dup2(out, 2);
	/* cmd and ans are above 4 (see start_browser), so these do not
	 * overwrite each other */
	dup2(cmd, 3);
	dup2(ans, 4);
	execv(argv[0], argv);
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

/* A pipe whose ends are both above fd 4. */
static bool high_pipe(int fds[2])
{
	int i;

	if (pipe(fds) != 0)
		return false;
	for (i = 0; i < 2; i++)
		if (fds[i] <= 4) {
			int moved = fcntl(fds[i], F_DUPFD, 5);
			close(fds[i]);
			if ((fds[i] = moved) < 0)
				return false;
		}
	return true;
}

static bool start_browser(struct browser *br, struct diag *d,
    const char *name)
{
	const char *tmpdir = getenv("TMPDIR");
	struct buf pb = BUF_INIT;
	int cmd[2], ans[2], out[2];
	char **argv;

	memset(br, 0, sizeof(*br));
	br->to = br->from = br->err = -1;
	br->d = d;
	buf_init(&br->in);
	buf_init(&br->output);
	buf_init(&br->scratch);
	buf_printf(&pb, "%s/linli-chromium.XXXXXX", tmpdir && *tmpdir ?
	    tmpdir : "/tmp");
	br->profile = buf_detach(&pb, NULL);
	if (!mkdtemp(br->profile) || !high_pipe(cmd) || !high_pipe(ans) ||
	    !high_pipe(out)) {
		diag_error(d, pos_make(name, 0, 0), "cannot print to PDF: cannot "
		    "make a temporary folder or pipe for Chromium in %s: %s",
		    tmpdir ? tmpdir : "/tmp", strerror(errno));
		return false;
	}
	argv = chromium_argv(br->profile);
	fflush(NULL);
	br->pid = fork();
	if (br->pid == 0) {
		close(cmd[1]);
		close(ans[0]);
		close(out[0]);
		exec_chromium(argv, cmd[0], ans[1], out[1]);
	}
	free_argv(argv);
	close(cmd[0]);
	close(ans[1]);
	close(out[1]);
	br->to = cmd[1];
	br->from = ans[0];
	br->err = out[0];
	fcntl(br->to, F_SETFD, FD_CLOEXEC);
	fcntl(br->from, F_SETFD, FD_CLOEXEC);
	fcntl(br->err, F_SETFD, FD_CLOEXEC);
	if (br->pid < 0) {
		diag_error(d, pos_make(name, 0, 0), "cannot print to PDF: cannot "
		    "start Chromium: %s", strerror(errno));
		return false;
	}
	signal(SIGPIPE, SIG_IGN); /* a dead Chromium is an error, not a signal */
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

static void stop_browser(struct browser *br)
{
	int status;

	if (br->pid > 0) {
		int waited;
		/* Browser.close was sent: give it a moment to end on its own */
		for (waited = 0; waited < 50 && waitpid(br->pid, &status, WNOHANG) == 0;
		    waited++)
			usleep(100000);
		kill(-br->pid, SIGKILL);
		while (waitpid(br->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (br->to >= 0)
		close(br->to);
	if (br->from >= 0)
		close(br->from);
	if (br->err >= 0)
		close(br->err);
	if (br->profile) {
		fs_remove_tree(br->profile);
		free(br->profile);
	}
	buf_release(&br->in);
	buf_release(&br->output);
	buf_release(&br->scratch);
}

/* Sends a command (params: a JSON object, or NULL) for session (NULL: the
 * browser). Returns its id, or -1 when Chromium is gone. */
static long send_command(struct browser *br, const char *session,
    const char *method, const char *params)
{
	struct buf m = BUF_INIT;
	long id = ++br->next_id;
	size_t off = 0;

	buf_printf(&m, "{\"id\":%ld,", id);
	if (session) {
		buf_adds(&m, "\"sessionId\":");
		json_quote(&m, session);
		buf_addc(&m, ',');
	}
	buf_printf(&m, "\"method\":\"%s\",\"params\":%s}", method,
	    params ? params : "{}");
	buf_add(&m, "", 1); /* the NUL that ends a message */
	while (off < m.len) {
		ssize_t n = write(br->to, m.data + off, m.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			br->dead = true;
			id = -1;
			break;
		}
		off += (size_t)n;
	}
	buf_release(&m);
	return id;
}

/* Reads what Chromium has sent, waiting up to a second. */
static void receive(struct browser *br)
{
	struct pollfd fds[2] = {{br->from, POLLIN, 0}, {br->err, POLLIN, 0}};
	char chunk[65536];
	int i;

	if (poll(fds, 2, 1000) < 0)
		return;
	for (i = 0; i < 2; i++) {
		ssize_t n;
		if (!fds[i].revents || fds[i].fd < 0)
			continue;
		n = read(fds[i].fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			close(fds[i].fd);
			if (i == 0) {
				br->from = -1;
				br->dead = true;
			} else {
				br->err = -1;
			}
		} else if (i == 0) {
			buf_add(&br->in, chunk, (size_t)n);
		} else if (br->output.len < PDF_OUTPUT_MAX) {
			buf_add(&br->output, chunk, (size_t)n);
		}
	}
}

/* --- the tabs ---------------------------------------------------------- */

/* file://PATH with everything but unreserved characters and '/' escaped. */
static char *file_url(const char *path)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "file://");
	buf_add_url(&b, path, strlen(path));
	return buf_detach(&b, NULL);
}

static void tab_wait(struct tab *t, enum tab_state state, long id)
{
	t->state = state;
	t->waiting = id;
	t->deadline = time(NULL) + PDF_TIMEOUT;
}

/* Starts printing job in the idle tab t. */
static void tab_start(struct browser *br, struct tab *t,
    const struct pdf_job *job)
{
	struct buf p = BUF_INIT;

	t->job = job;
	free(t->url);
	t->url = file_url(job->html);
	t->polls = 0;
	buf_adds(&p, "{\"url\":");
	json_quote(&p, t->url);
	buf_addc(&p, '}');
	tab_wait(t, TAB_NAVIGATE, send_command(br, t->session, "Page.navigate",
	    p.data));
	buf_release(&p);
}

/* Asks whether t's page has loaded, with its fonts: the answer is its
 * address once it has. */
static void tab_ask_loaded(struct browser *br, struct tab *t)
{
	static const char expr[] = "{\"expression\":\"new Promise(function (ok) "
	    "{ function done() { document.fonts.ready.then(function () "
	    "{ ok(location.href); }); } if (document.readyState === 'complete') "
	    "done(); else addEventListener('load', done); })\","
	    "\"awaitPromise\":true,\"returnByValue\":true}";

	t->polls++;
	tab_wait(t, TAB_LOADED, send_command(br, t->session, "Runtime.evaluate",
	    expr));
}

static void tab_print(struct browser *br, struct tab *t)
{
	tab_wait(t, TAB_PRINT, send_command(br, t->session, "Page.printToPDF",
	    "{\"preferCSSPageSize\":true,\"printBackground\":true,"
	    "\"displayHeaderFooter\":false}"));
}

/* Writes the PDF in result (base64) to t's job. */
static bool tab_write(struct browser *br, struct tab *t, const char *result)
{
	const char *data = json_get(result, "data");
	struct buf pdf = BUF_INIT;
	const char *end;
	FILE *f;
	bool ok;

	if (!data || *data != '"' || !(end = strchr(data + 1, '"')) ||
	    !base64_decode(data + 1, (size_t)(end - data - 1), &pdf) ||
	    pdf.len < 5 || memcmp(pdf.data, "%PDF", 4) != 0) {
		diag_error(br->d, pos_make(job_name(t->job), 0, 0), "Chromium (%s) "
		    "printed no PDF", pdf_chromium());
		buf_release(&pdf);
		return false;
	}
	f = fopen(t->job->pdf, "wb");
	ok = f && fwrite(pdf.data, 1, pdf.len, f) == pdf.len;
	ok = f && fclose(f) == 0 && ok;
	if (!ok)
		diag_error(br->d, pos_make(job_name(t->job), 0, 0), "cannot write "
		    "the PDF %s: %s", t->job->pdf, strerror(errno));
	buf_release(&pdf);
	return ok;
}

/* Handles the answer msg to the command t waited for. Returns false when
 * t's job failed (reported); t is then idle again. */
static bool tab_answer(struct browser *br, struct tab *t, const char *msg,
    bool *done)
{
	const char *result = json_get(msg, "result"), *v;
	struct buf *s = &br->scratch;

	*done = false;
	if (!result) {
		json_text(json_get(json_get(msg, "error"), "message"), s);
		diag_error(br->d, pos_make(t->job ? job_name(t->job) : pdf_chromium(),
		    0, 0), "Chromium (%s) could not print it: %s", pdf_chromium(),
		    s->len ? s->data : "no answer");
		if (t->state < TAB_IDLE)
			br->dead = true; /* no tab to print in: the rest fail */
		t->state = TAB_IDLE;
		*done = t->job != NULL;
		return false;
	}
	switch (t->state) {
	case TAB_TARGET:
		json_text(json_get(result, "targetId"), s);
		t->target = xstrdup(s->data);
		buf_reset(s);
		buf_adds(s, "{\"flatten\":true,\"targetId\":");
		json_quote(s, t->target);
		buf_addc(s, '}');
		tab_wait(t, TAB_ATTACH, send_command(br, NULL,
		    "Target.attachToTarget", s->data));
		return true;
	case TAB_ATTACH:
		json_text(json_get(result, "sessionId"), s);
		t->session = xstrdup(s->data);
		t->state = TAB_IDLE;
		return true;
	case TAB_NAVIGATE:
		if ((v = json_get(result, "errorText")) && json_text(v, s) && s->len) {
			diag_error(br->d, pos_make(job_name(t->job), 0, 0), "Chromium "
			    "cannot open %s to print it: %s", t->job->html, s->data);
			t->state = TAB_IDLE;
			*done = true;
			return false;
		}
		tab_ask_loaded(br, t);
		return true;
	case TAB_LOADED:
		/* until the navigation has replaced the old page */
		json_text(json_get(json_get(result, "result"), "value"), s);
		if (strcmp(s->data, t->url) != 0 && t->polls < 50)
			tab_ask_loaded(br, t);
		else
			tab_print(br, t);
		return true;
	case TAB_PRINT:
		*done = true;
		t->state = TAB_IDLE;
		return tab_write(br, t, result);
	case TAB_IDLE:
		break;
	}
	return true;
}

/* The tab waiting for the answer with this id, or NULL. */
static struct tab *tab_for(struct tab *tabs, size_t n, long id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tabs[i].state != TAB_IDLE && tabs[i].waiting == id)
			return &tabs[i];
	return NULL;
}

/* Takes the first whole message out of br->in into msg; false when there
 * is none yet. */
static bool next_message(struct browser *br, struct buf *msg)
{
	char *nul = memchr(br->in.data, '\0', br->in.len);
	size_t n;

	if (!nul)
		return false;
	n = (size_t)(nul - br->in.data);
	buf_reset(msg);
	buf_add(msg, br->in.data, n);
	memmove(br->in.data, nul + 1, br->in.len - n - 1);
	buf_truncate(&br->in, br->in.len - n - 1);
	return true;
}

/* " and 24 more pages" (static storage). */
static const char *more_pages(size_t n)
{
	static char text[48];

	snprintf(text, sizeof(text), " and %zu more page%s", n, n == 1 ? "" :
	    "s");
	return text;
}

/* Reports the jobs not yet printed when Chromium stops or hangs: one
 * cause, so one message, at the first of them. */
static void fail_rest(struct browser *br, const struct pdf_job *jobs,
    size_t n, const bool *printed, bool hung)
{
	size_t i, left = 0, first = n;

	for (i = 0; i < n; i++)
		if (!printed[i]) {
			left++;
			if (first == n)
				first = i;
		}
	if (left == 0)
		return;
	if (hung)
		diag_error(br->d, pos_make(job_name(&jobs[first]), 0, 0), "Chromium "
		    "took more than %d seconds over one page and was stopped; %zu "
		    "page%s not printed", PDF_TIMEOUT, left, left == 1 ? "" : "s");
	else
		diag_error(br->d, pos_make(job_name(&jobs[first]), 0, 0), "Chromium "
		    "(%s) stopped before printing it%s: %s", pdf_chromium(), left > 1 ?
		    more_pages(left - 1) : "", *last_line(&br->output) ?
		    last_line(&br->output) : "it said nothing");
}

/* Prints jobs[i] for every i with !printed[i] in one browser. */
static bool print_in_browser(struct browser *br, const struct pdf_job *jobs,
    size_t n, bool *printed)
{
	struct tab tabs[PDF_TABS];
	size_t ntabs = n < PDF_TABS ? n : PDF_TABS, next = 0, left = 0, i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct buf msg = BUF_INIT;
	bool ok = true, hung = false;

	if (cpus >= 1 && (size_t)cpus < ntabs)
		ntabs = (size_t)cpus;
	for (i = 0; i < n; i++)
		left += !printed[i];
	memset(tabs, 0, sizeof(tabs));
	for (i = 0; i < ntabs; i++)
		tab_wait(&tabs[i], TAB_TARGET, send_command(br, NULL,
		    "Target.createTarget", "{\"url\":\"about:blank\"}"));
	while (left > 0 && !br->dead && !hung) {
		time_t now = time(NULL);
		for (i = 0; i < ntabs; i++) {
			if (tabs[i].state == TAB_IDLE) {
				while (next < n && printed[next])
					next++;
				if (next < n)
					tab_start(br, &tabs[i], &jobs[next++]);
			}
			if (tabs[i].state != TAB_IDLE && now > tabs[i].deadline)
				hung = true;
		}
		while (next_message(br, &msg)) {
			const char *id = json_get(msg.data, "id");
			struct tab *t = id ? tab_for(tabs, ntabs, strtol(id, NULL,
			    10)) : NULL;
			bool done;
			const struct pdf_job *job;
			if (!t)
				continue; /* an event: none is needed */
			job = t->job;
			ok &= tab_answer(br, t, msg.data, &done);
			if (done && job) {
				printed[job - jobs] = true;
				left--;
			}
		}
		if (left > 0 && !hung)
			receive(br);
	}
	if (left > 0) {
		fail_rest(br, jobs, n, printed, hung);
		ok = false;
	}
	if (!br->dead)
		send_command(br, NULL, "Browser.close", NULL);
	for (i = 0; i < ntabs; i++) {
		free(tabs[i].target);
		free(tabs[i].session);
		free(tabs[i].url);
	}
	buf_release(&msg);
	return ok;
}

bool pdf_print_all(const struct pdf_job *jobs, size_t n, struct diag *d)
{
	bool *printed = xcalloc(n + 1, sizeof(bool)), ok = true;
	size_t left = 0, i;
	struct browser br;

	for (i = 0; i < n; i++)
		left += !(printed[i] = pdf_reuse_previous(&jobs[i]));
	if (left > 0 && chromium_missing(d, jobs, n, printed))
		ok = false;
	else if (left > 0) {
		ok = start_browser(&br, d, job_name(&jobs[0])) &&
		    print_in_browser(&br, jobs, n, printed);
		stop_browser(&br);
	}
	free(printed);
	return ok;
}

bool pdf_print(const char *html_path, const char *pdf_path, struct diag *d)
{
	struct pdf_job job = {html_path, pdf_path, NULL, NULL, NULL};

	return pdf_print_all(&job, 1, d);
}
