/*
 * serve_http: the HTTP side of `linli serve`, on libmicrohttpd.
 *
 * Files are served from the built folder as they are (from the file
 * descriptor, no copy), except HTML pages, which get the reload script and,
 * after a failed build, the error banner. Paths are resolved under the
 * site's root and refused when they would leave it: '..' in any spelling,
 * encoded slashes, links to elsewhere.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"
#include "i18n.h"

#define EVENTS_PATH "/__linli/events"
#define DEFAULT_PORT 1313
#define PORT_TRIES 20
#define PING_SECONDS 15
#define BANNER_LINES 20 /* the first problems; the terminal has them all */

struct serve_http {
	struct MHD_Daemon *daemon;
	char *root;
	char tag[32];  /* tells this server's builds from an earlier run's */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long generation; /* one more per finished build */
	char *banner;             /* HTML, NULL after a good build; heap */
	bool stopping;
};

/* One open reload stream. */
struct stream {
	struct serve_http *h;
	unsigned long sent;
	bool started;
};

/* --- the build state, shared with the connection threads ---------------- */

static void version_of(struct serve_http *h, char *out, size_t n)
{
	snprintf(out, n, "%s-%lu", h->tag, h->generation);
}

static char *banner_html(const char *diagnostics)
{
	struct buf b = BUF_INIT;
	const char *line = diagnostics, *nl;
	size_t shown = 0;

	buf_adds(&b, "<div id=\"linli-serve-error\" role=\"alert\" style=\""
	    "all:initial;display:block;box-sizing:border-box;position:sticky;"
	    "top:0;z-index:2147483647;margin:0;padding:1rem 1.25rem;"
	    "max-height:45vh;overflow:auto;"
	    "background:#fff4f4;color:#5c0000;border:4px solid #b00020;"
	    "font:1.125rem/1.5 system-ui,sans-serif;text-align:left\">"
	    "<strong style=\"display:block;margin-bottom:.5rem\">"
	    "构建失败：改好下面的问题并保存，页面会自动更新。"
	    "现在显示的是上一次成功生成的网站。<br>"
	    "The build failed: fix what is listed below and save; this page "
	    "shows the last good build until then.</strong>"
	    "<pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;"
	    "font:1rem/1.5 ui-monospace,monospace;color:#5c0000\">");
	for (; *line; line = nl ? nl + 1 : line + strlen(line)) {
		size_t n;
		nl = strchr(line, '\n');
		n = nl ? (size_t)(nl - line) : strlen(line);
		/* the terminal's note about out/ means nothing in a browser */
		if (n == 0 || strncmp(line, "linli: nothing written", 22) == 0)
			continue;
		if (shown++ < BANNER_LINES) {
			buf_add_html(&b, line, n);
			buf_addc(&b, '\n');
		}
	}
	if (shown > BANNER_LINES)
		buf_printf(&b, "… 还有 %zu 行，见终端 / %zu more lines in the "
		    "terminal\n", shown - BANNER_LINES, shown - BANNER_LINES);
	buf_adds(&b, "</pre></div>");
	return buf_detach(&b, NULL);
}

void serve_http_publish(struct serve_http *h, bool ok, const char *diagnostics)
{
	char *banner = ok ? NULL : banner_html(diagnostics ? diagnostics : "");

	pthread_mutex_lock(&h->lock);
	free(h->banner);
	h->banner = banner;
	h->generation++;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

/* --- reload stream (Server-Sent Events) --------------------------------- */

static ssize_t events_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *s = cls;
	struct serve_http *h = s->h;
	char version[64];
	struct timespec until;
	int n;

	(void)pos;
	pthread_mutex_lock(&h->lock);
	if (s->started) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += PING_SECONDS;
		while (!h->stopping && h->generation == s->sent)
			if (pthread_cond_timedwait(&h->changed, &h->lock,
			    &until) == ETIMEDOUT)
				break;
	}
	if (h->stopping) {
		pthread_mutex_unlock(&h->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	version_of(h, version, sizeof(version));
	if (!s->started || h->generation != s->sent)
		n = snprintf(out, max, "%sdata: %s\n\n",
		    s->started ? "" : "retry: 1000\n", version);
	else
		n = snprintf(out, max, ": still here\n\n"); /* finds closed tabs */
	s->started = true;
	s->sent = h->generation;
	pthread_mutex_unlock(&h->lock);
	return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void events_free(void *cls)
{
	free(cls);
}

static struct MHD_Response *events_response(struct serve_http *h)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	struct MHD_Response *r;

	s->h = h;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024,
	    events_read, s, events_free);
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	return r;
}

/* --- paths -------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes the request path into out. Returns 0, or the status to refuse
 * it with: 400 for broken escapes; 403 for '..' or '.' in any spelling,
 * an encoded slash or backslash, a NUL; 404 for hidden files. */
static int decode_path(const char *url, struct buf *out)
{
	const char *p, *seg;

	if (url[0] != '/')
		return 400;
	for (p = url; *p; p++) {
		int hi, lo, c;
		if (*p != '%') {
			buf_addc(out, *p);
			continue;
		}
		if ((hi = hexval(p[1])) < 0 || (lo = hexval(p[2])) < 0)
			return 400;
		c = hi * 16 + lo;
		if (c == 0 || c == '/' || c == '\\')
			return 403;
		buf_addc(out, (char)c);
		p += 2;
	}
	for (seg = out->data; *seg; seg++) {
		size_t n;
		if (*seg == '/')
			continue;
		n = strcspn(seg, "/");
		if ((n == 1 && seg[0] == '.') || (n == 2 && !strncmp(seg, "..", 2)))
			return 403;
		if (seg[0] == '.')
			return 404;
		seg += n - 1;
	}
	return 0;
}

static bool within(const char *real, const char *root)
{
	size_t n = strlen(root);

	return strncmp(real, root, n) == 0 && (real[n] == '/' || !real[n]);
}

struct found {
	int fd;
	struct stat st;
	const char *name; /* the file's name, for its type */
	char *real;       /* heap */
};

/* Opens the file rel names under root (resolved). Returns 200, or 301 for
 * a folder asked without its slash, 403 or 404. */
static int open_under(const char *root, const char *rel, struct found *f)
{
	struct buf full = BUF_INIT;
	int status = 200;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	buf_printf(&full, "%s%s", root, rel);
	f->real = realpath(full.data, NULL);
	buf_release(&full);
	if (!f->real)
		return errno == ENOENT || errno == ENOTDIR ? 404 : 403;
	if (!within(f->real, root))
		return 403; /* a link that leads outside the site */
	f->name = strrchr(f->real, '/') + 1;
	if ((f->fd = open(f->real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(f->fd, &f->st) != 0)
		return errno == ENOENT ? 404 : 403;
	if (S_ISDIR(f->st.st_mode)) {
		int dir = f->fd;
		if (!*rel || rel[strlen(rel) - 1] != '/')
			return 301;
		f->fd = openat(dir, "index.html", O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(dir);
		f->name = "index.html";
		if (f->fd < 0)
			return errno == ENOENT ? 404 : 403;
		if (fstat(f->fd, &f->st) != 0)
			status = 403;
	}
	if (status == 200 && !S_ISREG(f->st.st_mode))
		status = 403;
	return status;
}

static void found_release(struct found *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->real);
	f->fd = -1;
	f->real = NULL;
}

static const char *content_type(const char *name)
{
	static const char *const types[][2] = {
		{".html", "text/html; charset=utf-8"},
		{".htm", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".webmanifest", "application/manifest+json; charset=utf-8"},
		{".xml", "application/xml; charset=utf-8"},
		{".atom", "application/atom+xml; charset=utf-8"},
		{".rss", "application/rss+xml; charset=utf-8"},
		{".svg", "image/svg+xml; charset=utf-8"},
		{".txt", "text/plain; charset=utf-8"},
		{".md", "text/markdown; charset=utf-8"},
		{".csv", "text/csv; charset=utf-8"},
		{".ics", "text/calendar; charset=utf-8"},
		{".png", "image/png"}, {".jpg", "image/jpeg"},
		{".jpeg", "image/jpeg"}, {".gif", "image/gif"},
		{".webp", "image/webp"}, {".avif", "image/avif"},
		{".ico", "image/vnd.microsoft.icon"},
		{".pdf", "application/pdf"},
		{".woff2", "font/woff2"}, {".woff", "font/woff"},
		{".ttf", "font/ttf"}, {".otf", "font/otf"},
		{".mp4", "video/mp4"}, {".webm", "video/webm"},
		{".mp3", "audio/mpeg"},
		{".xlsx", "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet"},
		{".zip", "application/zip"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* --- pages -------------------------------------------------------------- */

/* page with the banner (if any) after <body> and the reload script before
 * </body>. Returns a heap copy. */
static char *inject(struct serve_http *h, const char *page, size_t len,
    size_t *out_len)
{
	struct buf b = BUF_INIT;
	const char *body = NULL, *end = NULL, *p;
	char version[64];
	size_t at_body = 0, at_end = len;

	for (p = page; (p = memchr(p, '<', len - (size_t)(p - page))); p++) {
		size_t left = len - (size_t)(p - page);
		if (!body && left > 5 && !strncasecmp(p, "<body", 5) &&
		    (p[5] == '>' || p[5] == ' ' || p[5] == '\n' || p[5] == '\t'))
			body = p;
		if (left >= 7 && !strncasecmp(p, "</body>", 7))
			end = p;
	}
	if (body && (p = memchr(body, '>', len - (size_t)(body - page))))
		at_body = (size_t)(p + 1 - page);
	if (end && (size_t)(end - page) >= at_body)
		at_end = (size_t)(end - page);
	buf_add(&b, page, at_body);
	pthread_mutex_lock(&h->lock);
	if (h->banner)
		buf_adds(&b, h->banner);
	version_of(h, version, sizeof(version));
	pthread_mutex_unlock(&h->lock);
	buf_add(&b, page + at_body, at_end - at_body);
	buf_printf(&b, "<script>/* linli serve: reload after a rebuild */"
	    "(function(){var v=\"%s\",s=new EventSource(\"" EVENTS_PATH "\");"
	    "s.onmessage=function(e){if(e.data!==v){s.close();"
	    "location.reload();}};})();</script>", version);
	buf_add(&b, page + at_end, len - at_end);
	return buf_detach(&b, out_len);
}

static struct MHD_Response *page_response(struct serve_http *h,
    const char *page, size_t len)
{
	size_t out_len;
	char *data = inject(h, page, len, &out_len);

	return MHD_create_response_from_buffer(out_len, data,
	    MHD_RESPMEM_MUST_FREE);
}

static struct MHD_Response *html_response(struct serve_http *h, int fd,
    size_t size)
{
	struct buf page = BUF_INIT;
	struct MHD_Response *r;
	ssize_t n;

	buf_grow(&page, size);
	while ((n = read(fd, page.data + page.len, page.cap - page.len - 1)) > 0) {
		page.len += (size_t)n;
		page.data[page.len] = '\0';
		if (page.len + 1 >= page.cap)
			buf_grow(&page, 4096);
	}
	r = page_response(h, page.data, page.len);
	buf_release(&page);
	return r;
}

static struct MHD_Response *text_response(struct serve_http *h,
    const char *title, const char *text)
{
	struct buf b = BUF_INIT;
	struct MHD_Response *r;

	buf_adds(&b, "<!doctype html><html><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width\"><title>");
	buf_add_html(&b, title, strlen(title));
	buf_adds(&b, "</title></head><body style=\"font:1.25rem/1.5 "
	    "system-ui,sans-serif;margin:2rem\"><h1>");
	buf_add_html(&b, title, strlen(title));
	buf_adds(&b, "</h1><p>");
	buf_add_html(&b, text, strlen(text));
	buf_adds(&b, "</p></body></html>");
	r = page_response(h, b.data, b.len);
	buf_release(&b);
	return r;
}

/* The site's own 404 page when it has one. */
static struct MHD_Response *not_found_response(struct serve_http *h,
    const char *root)
{
	struct found f = {.fd = -1};
	struct MHD_Response *r;

	if (root && open_under(root, "/404.html", &f) == 200) {
		r = html_response(h, f.fd, (size_t)f.st.st_size);
		found_release(&f);
		return r;
	}
	found_release(&f);
	return text_response(h, "404 Not Found",
	    "There is no page at this address. 这个地址没有网页。");
}

static enum MHD_Result queue(struct MHD_Connection *c, int status,
    struct MHD_Response *r, const char *type)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, "Content-Type", type);
	/* a preview is always fresh; and never sniff a type we did not say */
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result refuse(struct serve_http *h, struct MHD_Connection *c,
    int status)
{
	const char *title = status == 400 ? "400 Bad Request" :
	    status == 405 ? "405 Method Not Allowed" : "403 Forbidden";
	struct MHD_Response *r = text_response(h, title,
	    "This address is not part of the site. 这个地址不属于本网站。");

	if (status == 405)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	return queue(c, status, r, "text/html; charset=utf-8");
}

static enum MHD_Result redirect_to_folder(struct serve_http *h,
    struct MHD_Connection *c, const char *url)
{
	struct buf loc = BUF_INIT;
	struct MHD_Response *r = text_response(h, "301 Moved Permanently", url);

	buf_printf(&loc, "%s/", url);
	MHD_add_response_header(r, "Location", loc.data);
	buf_release(&loc);
	return queue(c, 301, r, "text/html; charset=utf-8");
}

static enum MHD_Result serve_file(struct serve_http *h,
    struct MHD_Connection *c, const char *url, const char *rel)
{
	char *root = realpath(h->root, NULL);
	struct found f;
	struct MHD_Response *r;
	const char *type;
	int status;
	enum MHD_Result ret;

	if (!root) {
		ret = queue(c, 503, text_response(h, "503 No site yet",
		    "网站还没有生成：生成好了这一页会自动刷新；上面如有红框，"
		    "请先改好其中的问题。The site is not built yet: this page "
		    "reloads when it is; if a red box above lists problems, "
		    "fix them first."), "text/html; charset=utf-8");
		return ret;
	}
	status = open_under(root, rel, &f);
	if (status == 200) {
		type = content_type(f.name);
		if (!strncmp(type, "text/html", 9))
			r = html_response(h, f.fd, (size_t)f.st.st_size);
		else {
			r = MHD_create_response_from_fd((uint64_t)f.st.st_size,
			    f.fd);
			f.fd = -1; /* the response closes it */
		}
		ret = queue(c, 200, r, type);
	} else if (status == 301) {
		ret = redirect_to_folder(h, c, url);
	} else if (status == 404) {
		ret = queue(c, 404, not_found_response(h, root),
		    "text/html; charset=utf-8");
	} else {
		ret = refuse(h, c, status);
	}
	found_release(&f);
	free(root);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
    const char *url, const char *method, const char *version,
    const char *upload, size_t *upload_size, void **req)
{
	struct serve_http *h = cls;
	struct buf rel = BUF_INIT;
	enum MHD_Result ret;
	int status;

	(void)version, (void)upload, (void)upload_size, (void)req;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return refuse(h, c, 405);
	if (!strcmp(url, EVENTS_PATH))
		return queue(c, 200, events_response(h), NULL);
	if ((status = decode_path(url, &rel)) == 404)
		ret = queue(c, 404, not_found_response(h, NULL),
		    "text/html; charset=utf-8");
	else if (status)
		ret = refuse(h, c, status);
	else
		ret = serve_file(h, c, url, rel.data);
	buf_release(&rel);
	return ret;
}

/* We decode the path ourselves, so that an encoded slash or dot can be
 * told from a plain one. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *uri)
{
	(void)cls, (void)c;
	return strlen(uri);
}

/* --- starting and stopping ---------------------------------------------- */

/* A listening socket on addr:port, or -1 with errno set (EADDRINUSE when
 * the port is taken). */
static int listen_on(const char *addr, int port, int *family)
{
	struct addrinfo hints = {0}, *ai;
	char service[16];
	int fd, one = 1, rc;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(addr, service, &hints, &ai)) != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
	*family = ai->ai_family;
	if (fd >= 0 && (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) != 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 64) != 0)) {
		int e = errno;
		close(fd);
		errno = e;
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t n = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &n) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Explains a --bind address that this computer does not have (errno
 * EADDRNOTAVAIL); false for any other error. */
static bool not_an_address(const char *addr)
{
	if (errno != EADDRNOTAVAIL)
		return false;
	fprintf(stderr, _("linli: --bind %s: not an address of this computer "
	    "(127.0.0.1 is this computer only, 0.0.0.0 every network it is "
	    "on)\n"), addr);
	return true;
}

/* Tries port, or 1313 and the ports after it when port is -1. */
static int open_listener(const char *addr, int port, int *family)
{
	int p, fd = -1;

	if (port >= 0) {
		if ((fd = listen_on(addr, port, family)) < 0 &&
		    !not_an_address(addr))
			fprintf(stderr, _("linli: cannot serve on %s port %d: %s%s\n"),
			    addr, port, strerror(errno), errno == EADDRINUSE ?
			    " (choose another with -p, or -p 0 for any free "
			    "one)" : "");
		return fd;
	}
	for (p = DEFAULT_PORT; p < DEFAULT_PORT + PORT_TRIES; p++) {
		if ((fd = listen_on(addr, p, family)) >= 0 || errno != EADDRINUSE)
			break;
	}
	if (fd < 0 && !not_an_address(addr))
		fprintf(stderr, _("linli: cannot serve on %s ports %d-%d: %s "
		    "(choose one with -p)\n"), addr, DEFAULT_PORT, p - 1 <
		    DEFAULT_PORT ? DEFAULT_PORT : p, strerror(errno));
	return fd;
}

struct serve_http *serve_http_start(const char *root, const char *addr,
    int port, int *port_out)
{
	struct serve_http *h;
	int fd, family = AF_INET;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;

	if (!addr)
		addr = "127.0.0.1";
	if ((fd = open_listener(addr, port, &family)) < 0)
		return NULL;
	*port_out = bound_port(fd);
	h = xcalloc(1, sizeof(*h));
	h->root = xstrdup(root);
	snprintf(h->tag, sizeof(h->tag), "%lx%lx", (unsigned long)time(NULL),
	    (unsigned long)getpid());
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* One thread per connection, so that an open reload stream may wait
	 * for the next build without holding up other requests. */
	h->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(4 * PING_SECONDS),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
	    MHD_OPTION_END);
	if (!h->daemon) {
		fprintf(stderr, _("linli: cannot start the web server on %s port "
		    "%d\n"), addr, *port_out);
		close(fd);
		serve_http_stop(h);
		return NULL;
	}
	return h;
}

void serve_http_stop(struct serve_http *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	if (h->daemon)
		MHD_stop_daemon(h->daemon);
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
	free(h->banner);
	free(h->root);
	free(h);
}
