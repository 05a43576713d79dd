/*
 * serve: the preview server, `linli serve`.
 *
 * serve.c drives: it builds the site by running `linli build` as a child
 * process (the very pipeline of a build, and a crash or leak in a build
 * never takes the server down), watches the content and theme folders, and
 * rebuilds on a change. serve_http.c serves the built folder with
 * libmicrohttpd and tells open pages to reload.
 */
#ifndef LINLI_SERVE_H
#define LINLI_SERVE_H

#include <stdbool.h>

struct serve_options {
	const char *content, *out;
	const char *theme;  /* NULL: the built-in theme (not watched) */
	const char *cache;  /* NULL: the build's default */
	const char *today;  /* NULL: the clock, day by day */
	const char *bind;   /* NULL: 127.0.0.1 */
	int port;           /* -1: 1313 or the next free one */
	bool strict, quiet, verbose;
};

/* Runs the server until SIGINT or SIGTERM. Returns the exit status. */
int serve_run(const struct serve_options *o);

/* --- serve_http.c: what serve.c asks of the HTTP side ------------------- */

struct serve_http;

/* Starts serving the folder root on addr:port (addr NULL: 127.0.0.1; port
 * -1: 1313 or the next free one of the 20 after it). Prints why and returns
 * NULL when it cannot. *port_out is the port in use. */
struct serve_http *serve_http_start(const char *root, const char *addr,
    int port, int *port_out);

/* A build finished: ok, or failed with these diagnostics (the build's own
 * output, plain text). Open pages reload; the banner shows the
 * diagnostics on every page until the next good build. */
void serve_http_publish(struct serve_http *h, bool ok, const char *diagnostics);

/* Stops serving, ends open reload streams, frees h. */
void serve_http_stop(struct serve_http *h);

#endif
