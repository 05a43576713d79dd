/*
 * serve: build, serve, watch, rebuild.
 *
 * Each build is `linli build` run as a child process with the server's
 * options: the same pipeline as a build from the command line, and a build
 * that crashes or leaks takes nothing down with it (the server has web
 * threads running, so a fork() without exec() could not run a build
 * safely anyway). Its diagnostics come back through a pipe and go both to
 * the terminal and to the banner on every page. The build writes out/ as
 * any build does (only when it succeeds), so the last good site stays
 * served while the content has errors.
 */
#define _GNU_SOURCE /* pipe2 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "watch.h"
#include "i18n.h"

extern char **environ;

#define QUIET_MS 150 /* a save burst ends after this long without events */

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The argv of `linli build` with the server's options. */
static void build_argv(const struct serve_options *o, const char **argv)
{
	int n = 0;

	argv[n++] = "linli";
	argv[n++] = "build";
	argv[n++] = "-C";
	argv[n++] = o->content;
	argv[n++] = "-o";
	argv[n++] = o->out;
	if (o->theme) {
		argv[n++] = "--theme";
		argv[n++] = o->theme;
	}
	if (o->cache) {
		argv[n++] = "--cache";
		argv[n++] = o->cache;
	}
	if (o->today) {
		argv[n++] = "--today";
		argv[n++] = o->today;
	}
	if (o->strict)
		argv[n++] = "--strict";
	if (o->quiet)
		argv[n++] = "-q";
	if (o->verbose)
		argv[n++] = "-v";
	argv[n] = NULL;
}

/* Copies what the child writes to fd into out and to our stderr. */
static void collect(int fd, struct buf *out)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(out, chunk, (size_t)n);
		fwrite(chunk, 1, (size_t)n, stderr);
	}
	fflush(stderr);
}

/* Runs one build; true when it succeeded. Its diagnostics land in diags. */
static bool run_build(const struct serve_options *o, struct buf *diags)
{
	const char *argv[20];
	posix_spawn_file_actions_t fa;
	int pipefd[2], status = 0, err;
	pid_t pid;

	buf_reset(diags);
	build_argv(o, argv);
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		buf_printf(diags, "linli: cannot start a build: %s\n",
		    strerror(errno));
		return false;
	}
	fflush(stdout);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	err = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, (char **)argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (err) {
		close(pipefd[0]);
		buf_printf(diags, "linli: cannot start a build: %s\n",
		    strerror(err));
		return false;
	}
	collect(pipefd[0], diags);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		size_t before = diags->len;
		buf_printf(diags, "linli: the build stopped on signal %d (%s); "
		    "this is a bug in linli, please report it\n",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
		fputs(diags->data + before, stderr);
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool any_address(const char *bind)
{
	return bind && (!strcmp(bind, "0.0.0.0") || !strcmp(bind, "::"));
}

/* Where to point a browser: the bound address, or for 0.0.0.0 and :: each
 * address this machine has on its networks. */
static void print_urls(const char *bind, int port)
{
	struct ifaddrs *ifs, *i;
	char host[INET6_ADDRSTRLEN];
	bool six = bind && strchr(bind, ':');

	if (!any_address(bind)) {
		printf(_("linli: serving at http://%s%s%s:%d/ (Ctrl-C stops it)\n"),
		    six ? "[" : "", bind ? bind : "127.0.0.1", six ? "]" : "",
		    port);
		return;
	}
	printf(_("linli: serving on every network of this computer; open one "
	    "of these on the office's computers (Ctrl-C stops it):\n"));
	printf(_("  http://127.0.0.1:%d/ (this computer)\n"), port);
	if (getifaddrs(&ifs) != 0)
		return;
	for (i = ifs; i; i = i->ifa_next) {
		if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK) ||
		    !(i->ifa_flags & IFF_UP))
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)
			    i->ifa_addr)->sin_addr, host, sizeof(host));
		else if (six && i->ifa_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)
			    i->ifa_addr)->sin6_addr, host, sizeof(host));
		else
			continue;
		printf(i->ifa_addr->sa_family == AF_INET6 ?
		    "  http://[%s]:%d/\n" : "  http://%s:%d/\n", host, port);
	}
	freeifaddrs(ifs);
}

static bool start_watching(struct watch *w, const struct serve_options *o)
{
	if (!watch_init(w, o->out)) {
		fprintf(stderr, _("linli: cannot watch for changes: %s\n"),
		    strerror(errno));
		return false;
	}
	if (!watch_add_tree(w, o->content)) {
		fprintf(stderr, _("linli: cannot watch %s: %s\n"), o->content,
		    strerror(errno));
		return false;
	}
	if (o->theme && !watch_add_tree(w, o->theme)) {
		fprintf(stderr, _("linli: cannot watch %s: %s\n"), o->theme,
		    strerror(errno));
		return false;
	}
	return true;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL); /* a closed tab is not our end */
}

/* Starts the web server with the stop signals blocked, so that they reach
 * this thread (and its poll) rather than a web thread. */
static struct serve_http *start_http(const struct serve_options *o, int *port)
{
	sigset_t stop, old;
	struct serve_http *h;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	h = serve_http_start(o->out, o->bind, o->port, port);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return h;
}

static void rebuild_loop(struct serve_http *h, struct watch *w,
    const struct serve_options *o, struct buf *diags)
{
	struct buf changed = BUF_INIT;
	bool ok;

	while (!stop_requested) {
		if (!watch_wait(w, 1000, QUIET_MS, &changed))
			continue;
		if (stop_requested)
			break;
		if (!o->quiet) {
			printf(_("linli: %s changed; building again\n"), changed.data);
			fflush(stdout);
		}
		ok = run_build(o, diags);
		serve_http_publish(h, ok, diags->data);
	}
	buf_release(&changed);
}

int serve_run(const struct serve_options *o)
{
	struct serve_http *h;
	struct watch w;
	struct buf diags = BUF_INIT;
	int port, rc = 0;
	bool ok;

	catch_stop_signals();
	if (!(h = start_http(o, &port)))
		return 1;
	if (!start_watching(&w, o)) {
		rc = 1;
		goto out;
	}
	ok = run_build(o, &diags);
	serve_http_publish(h, ok, diags.data);
	print_urls(o->bind, port);
	fflush(stdout);
	rebuild_loop(h, &w, o, &diags);
	if (!o->quiet)
		puts("linli: stopped serving");
out:
	watch_release(&w);
	serve_http_stop(h);
	buf_release(&diags);
	return rc;
}
