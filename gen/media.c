/*
 * media: which files records use, reading them safely, the worker pool,
 * publishing and the unused-file list (see media.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "media.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "utf8.h"
#include "xalloc.h"

#define HEAD_BYTES 4096
#define CACHEDIR_TAG "CACHEDIR.TAG"
#define CACHEDIR_SIG "Signature: 8a477f597d28d172789f06886806bc55"
#define BUDGET_PIXELS 160000000ull /* decoded at once, over all workers */

/* Images by their name's ending; the bytes then say which format. */
static const char *const image_types[] = {"jpg", "jpeg", "jpe", "png",
    "webp", "gif", "avif", "heic", "heif", "svg", NULL};

/* Documents that a browser shows or downloads without running anything
 * from the site: PDF, plain text, and Office Open XML and OpenDocument
 * files (their macro-enabled cousins .docm/.xlsm and the old binary
 * .doc/.xls, which may carry macros, are not among them). The bytes must
 * match the name. */
static const struct {
	const char *ext, *magic;
} doc_types[] = {
	{"pdf", "%PDF-"}, {"txt", NULL},
	{"docx", "PK\3\4"}, {"xlsx", "PK\3\4"}, {"pptx", "PK\3\4"},
	{"odt", "PK\3\4"}, {"ods", "PK\3\4"}, {"odp", "PK\3\4"},
	{NULL, NULL},
};

static const char not_passive[] = "is not published: linli publishes "
    "images (JPEG, PNG, WebP, GIF, AVIF, HEIC, SVG as a picture) and "
    "documents (PDF, TXT, DOCX, XLSX, PPTX, ODT, ODS, ODP) only";

void media_init(struct media_set *s, const char *content_dir)
{
	memset(s, 0, sizeof(*s));
	arena_init(&s->arena);
	strmap_init(&s->by_src, &s->arena);
	strmap_init(&s->stems, &s->arena);
	s->content_dir = content_dir;
}

void media_release(struct media_set *s)
{
	size_t i;

	for (i = 0; i < s->items.n; i++)
		free(s->items.items[i]->bytes);
	arena_release(&s->arena);
}

/* --- collecting ---------------------------------------------------------- */

static const char *extension(const char *src)
{
	const char *slash = strrchr(src, '/'), *dot = strrchr(src, '.');

	return dot && (!slash || dot > slash) && dot[1] ? dot + 1 : "";
}

static enum media_kind kind_of(const char *src, int *doc)
{
	const char *ext = extension(src);
	size_t k;

	for (k = 0; image_types[k]; k++)
		if (!strcasecmp(ext, image_types[k]))
			return MEDIA_IMAGE;
	for (k = 0; doc_types[k].ext; k++)
		if (!strcasecmp(ext, doc_types[k].ext)) {
			*doc = (int)k;
			return MEDIA_DOCUMENT;
		}
	return MEDIA_OTHER;
}

static struct media_item *add(struct media_set *s, const char *src,
    struct pos p)
{
	struct media_item *it = strmap_get(&s->by_src, src);
	int doc = 0;

	if (it)
		return it;
	it = arena_alloc(&s->arena, sizeof(*it));
	memset(it, 0, sizeof(*it));
	it->src = arena_strdup(&s->arena, src);
	it->pos = p;
	it->kind = kind_of(src, &doc);
	it->doc_type = doc;
	strmap_set(&s->by_src, it->src, it);
	VEC_PUSH(&s->arena, &s->items, it);
	return it;
}

static void add_photo(struct media_set *s, struct photo *p, struct diag *d)
{
	struct media_item *it;

	if (!p->src || !p->exists)
		return;
	it = add(s, p->src, p->pos);
	if (it->kind != MEDIA_IMAGE && !p->link) {
		diag_warning(d, p->pos, "'%s' is not a photo (JPEG, PNG, WebP, "
		    "GIF, AVIF, HEIC or SVG expected); it is left out", p->src);
		return;
	}
	p->media = it;
}

static int compare_src(const void *a, const void *b)
{
	return strcmp((*(struct media_item *const *)a)->src,
	    (*(struct media_item *const *)b)->src);
}

/* "media/2024/a" for media/2024/a.jpg; when another image of the same
 * name (a.png) came first, "media/2024/a-png", and so on. */
static void name_image(struct media_set *s, struct media_item *it)
{
	const char *ext = extension(it->src);
	size_t n = strlen(it->src) - (*ext ? strlen(ext) + 1 : 0);
	char *stem = arena_strndup(&s->arena, it->src, n);
	int k;

	if (strmap_get(&s->stems, stem))
		stem = arena_printf(&s->arena, "%.*s-%s", (int)n, it->src, ext);
	for (k = 2; strmap_get(&s->stems, stem); k++)
		stem = arena_printf(&s->arena, "%.*s-%s-%d", (int)n, it->src, ext, k);
	strmap_set(&s->stems, stem, it);
	it->stem = stem;
}

void media_collect(struct media_set *s, struct model *m, struct diag *d)
{
	size_t i, j;

	for (i = 0; i < m->activities.n; i++) {
		struct activity *a = &m->activities.items[i];
		for (j = 0; j < a->photos.n; j++)
			add_photo(s, &a->photos.items[j], d);
	}
	for (i = 0; i < m->stories.n; i++) {
		struct story *st = &m->stories.items[i];
		if (st->cover)
			add_photo(s, &st->cover_photo, d);
		for (j = 0; j < st->body_media.n; j++)
			add_photo(s, &st->body_media.items[j], d);
	}
	if (m->site.logo)
		add_photo(s, m->site.logo, d);
	for (i = 0; i < m->achievements.n; i++) {
		struct achievement *h = &m->achievements.items[i];
		if (h->photo)
			add(s, h->photo, h->pos);
	}
	if (s->items.n)
		qsort(s->items.items, s->items.n, sizeof(*s->items.items),
		    compare_src);
	for (i = 0; i < s->items.n; i++)
		if (s->items.items[i]->kind == MEDIA_IMAGE)
			name_image(s, s->items.items[i]);
}

bool media_shown(const struct photo *p)
{
	return p->media && p->media->ok && p->media->kind == MEDIA_IMAGE;
}

const struct media_item *media_find(const struct media_set *s,
    const char *src)
{
	return strmap_get(&s->by_src, src);
}

/* --- reading without following links -------------------------------------- */

/* Opens rel below root, refusing a symbolic link at every step (a file
 * swapped for a link during the build included). -1 with errno set. */
static int open_below(const char *root, const char *rel)
{
	int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1;
	char *copy = xstrdup(rel), *comp = copy, *slash;

	while (dir >= 0 && (slash = strchr(comp, '/'))) {
		int next;
		*slash = '\0';
		next = *comp ? openat(dir, comp, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC) : dup(dir);
		close(dir);
		dir = next;
		comp = slash + 1;
	}
	if (dir >= 0) {
		/* O_NONBLOCK: a FIFO must not hang the build; fstat then
		 * refuses it. */
		fd = openat(dir, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		    O_NONBLOCK);
		close(dir);
	}
	free(copy);
	return fd;
}

/* Reads the file (all of it, or its first HEAD_BYTES when head_only) into
 * a heap buffer. NULL with *why set (static text). */
static void *read_media(const char *root, const char *rel, bool head_only,
    size_t *len, const char **why)
{
	int fd = open_below(root, rel);
	struct stat st;
	size_t want, got = 0;
	char *data;

	if (fd < 0) {
		*why = errno == ELOOP || errno == ENOTDIR ? "is a symbolic link "
		    "or lies behind one; linli publishes only files that are "
		    "really inside the content folder (copy the file there)" :
		    errno == ENOENT ? "does not exist" : "cannot be opened";
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*why = "is not a regular file";
		return NULL;
	}
	if ((uint64_t)st.st_size > MEDIA_MAX_BYTES) {
		close(fd);
		*why = "is larger than 100 MB; make it smaller before publishing it";
		return NULL;
	}
	want = (size_t)st.st_size;
	if (head_only && want > HEAD_BYTES)
		want = HEAD_BYTES;
	data = xmalloc(want + 1);
	while (got < want) {
		ssize_t k = read(fd, data + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != want) {
		free(data);
		*why = "could not be read whole (it changed during the build?)";
		return NULL;
	}
	*len = got;
	return data;
}

/* --- one file -------------------------------------------------------------- */

static const char *check_document(int type, const char *b, size_t n)
{
	const char *magic = doc_types[type].magic;

	if (magic)
		return n >= strlen(magic) && !memcmp(b, magic, strlen(magic)) ?
		    NULL : "does not hold what its name says (the bytes are not "
		    "a file of that type)";
	/* Plain text: UTF-8 without NUL bytes, so no browser takes it for
	 * something else. */
	if (utf8_invalid_at(b, n) != n || memchr(b, '\0', n))
		return "is not plain UTF-8 text";
	return NULL;
}

struct pool {
	struct media_set *s;
	const char *cache_dir;
	bool process;
	struct media_budget budget;
	pthread_mutex_t lock;
	size_t next;
	struct media_result *results;
};

static void prepare_one(struct pool *p, size_t i)
{
	struct media_item *it = p->s->items.items[i];
	struct media_result *res = &p->results[i];
	bool whole = it->kind == MEDIA_DOCUMENT ||
	    (it->kind == MEDIA_IMAGE && p->process);
	size_t len = 0;
	void *data;

	if (it->kind == MEDIA_OTHER) {
		res->error = not_passive;
		return;
	}
	if (!(data = read_media(p->s->content_dir, it->src, !whole, &len,
	    &res->error)))
		return;
	if (it->kind == MEDIA_DOCUMENT) {
		res->error = check_document(it->doc_type, data, len);
		if (res->error) {
			free(data);
			return;
		}
		it->bytes = data;
		it->len = len;
		return;
	}
	if (!p->process) {
		if (!media_image_sniffs(data, len))
			res->error = "is not an image linli can read (JPEG, PNG, "
			    "WebP, GIF, AVIF, HEIC or SVG expected)";
	} else {
		media_image_key(data, len, it->key);
		media_image_get(data, len, p->cache_dir, it->key, &p->budget, res);
	}
	free(data);
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->s->items.n)
			break;
		prepare_one(p, i);
	}
	if (p->process)
		media_image_thread_done();
	return NULL;
}

/* Turns a worker's result into the item's published names (in the
 * arena: only the main thread allocates there). */
static void finish(struct media_set *s, struct media_item *it,
    const struct media_result *res)
{
	size_t k;

	it->error = res->error;
	/* Counted whether good or bad: what matters is whether anything was
	 * decoded now. */
	if (it->kind == MEDIA_IMAGE && it->key[0] && (res->n || res->error))
		*(res->cached ? &s->cached : &s->processed) += 1;
	if (it->error)
		return;
	if (it->kind == MEDIA_DOCUMENT) {
		it->ok = true;
		it->url = it->src;
		return;
	}
	if (!res->n)
		return; /* check: sniffed only */
	for (k = 0; k < res->n; k++) {
		struct media_variant *v = &it->variants[k];
		v->width = res->width[k];
		v->height = res->height[k];
		v->jpeg = arena_printf(&s->arena, "%s-%d.jpg", it->stem, v->width);
		v->webp = arena_printf(&s->arena, "%s-%d.webp", it->stem, v->width);
	}
	it->nvariants = res->n;
	it->url = it->variants[res->n - 1].jpeg;
	it->ok = true;
	it->from_cache = res->cached;
}

/* --- the cache folder --------------------------------------------------- */

/* A folder is linli's cache when it holds our CACHEDIR.TAG. */
static bool is_our_cache(const char *dir)
{
	char *tag = fs_join(dir, CACHEDIR_TAG);
	FILE *f = fopen(tag, "r");
	char line[128] = "";
	bool ours;

	free(tag);
	if (!f)
		return false;
	ours = fgets(line, sizeof(line), f) && !strncmp(line, CACHEDIR_SIG,
	    strlen(CACHEDIR_SIG));
	fclose(f);
	return ours;
}

/* Removes the temporary entries of builds that are gone (killed): their
 * names carry their process id. A live build's stay. */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		long pid;
		char *path;
		if (sscanf(e->d_name, "tmp-%ld-", &pid) != 1 || pid <= 0)
			continue;
		if (pid != (long)getpid() && kill((pid_t)pid, 0) == 0)
			continue;
		if (pid != (long)getpid() && errno != ESRCH)
			continue;
		path = fs_join(dir, e->d_name);
		fs_remove_tree(path);
		free(path);
	}
	closedir(d);
}

/* Makes the cache folder when absent (with its tag, so that backup tools
 * skip it and `linli clean` knows it), or checks that it is ours. */
static bool open_cache(const char *dir, struct diag *d)
{
	static const char tag[] = CACHEDIR_SIG "\n"
	    "# linli's image cache: safe to delete, or empty it with "
	    "`linli clean`.\n";
	char *path;
	FILE *f;
	bool ok;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag_error(d, pos_make(dir, 0, 0), "cannot create the image cache "
		    "folder: %s (choose another with --cache)", strerror(errno));
		return false;
	}
	if (is_our_cache(dir)) {
		remove_stale(dir);
		return true;
	}
	if (!fs_is_empty_dir(dir)) {
		diag_error(d, pos_make(dir, 0, 0), "this folder is not linli's "
		    "image cache (it has no CACHEDIR.TAG from linli); choose "
		    "another with --cache");
		return false;
	}
	path = fs_join(dir, CACHEDIR_TAG);
	ok = (f = fopen(path, "w")) && fputs(tag, f) >= 0;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		diag_error(d, pos_make(path, 0, 0), "cannot write the image "
		    "cache: %s", strerror(errno));
	free(path);
	return ok;
}

char *media_default_cache(const char *out)
{
	size_t n = strlen(out);
	char *parent, *p;

	while (n > 1 && out[n - 1] == '/')
		n--;
	while (n > 0 && out[n - 1] != '/')
		n--;
	if (n == 0)
		return xstrdup(".linli-cache");
	parent = xstrndup(out, n - 1 ? n - 1 : 1);
	p = fs_join(parent, ".linli-cache");
	free(parent);
	return p;
}

bool media_clean_cache(const char *dir, struct diag *d)
{
	DIR *dh;
	struct dirent *e;

	if (!(dh = opendir(dir)))
		return errno == ENOENT || (diag_error(d, pos_make(dir, 0, 0),
		    "cannot open the image cache: %s", strerror(errno)), false);
	if (!is_our_cache(dir) && !fs_is_empty_dir(dir)) {
		closedir(dh);
		diag_error(d, pos_make(dir, 0, 0), "this folder is not linli's "
		    "image cache (it has no CACHEDIR.TAG from linli); nothing "
		    "removed");
		return false;
	}
	while ((e = readdir(dh))) {
		char *path;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, CACHEDIR_TAG))
			continue;
		path = fs_join(dir, e->d_name);
		fs_remove_tree(path);
		free(path);
	}
	closedir(dh);
	return true;
}

/* True when a is b or lies inside it (both resolved). */
static bool path_within(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' ||
	    (n == 1 && b[0] == '/'));
}

bool media_cache_place_ok(const char *cache, const char *const *avoid,
    struct diag *d)
{
	char real_c[PATH_MAX], real_a[PATH_MAX], *parent;
	const char *slash = strrchr(cache, '/');
	bool exists = realpath(cache, real_c) != NULL;
	size_t i;

	/* A cache not made yet holds nothing; its parent stands for it. */
	if (!exists) {
		parent = slash ? xstrndup(cache, (size_t)(slash - cache) + 1) :
		    xstrdup(".");
		if (!realpath(parent, real_c)) {
			free(parent);
			return true; /* open_cache() reports it */
		}
		free(parent);
	}
	for (i = 0; avoid[i]; i++) {
		if (!realpath(avoid[i], real_a))
			continue;
		if (exists ? path_within(real_c, real_a) ||
		    path_within(real_a, real_c) : path_within(real_c, real_a)) {
			diag_error(d, pos_make(cache, 0, 0), "the image cache may not "
			    "be inside '%s' or hold it; choose another with --cache",
			    avoid[i]);
			return false;
		}
	}
	return true;
}

/* --- the whole set ------------------------------------------------------ */

static size_t worker_count(size_t items)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	return (size_t)n < items ? (size_t)n : items;
}

static void run_pool(struct pool *p)
{
	size_t n = worker_count(p->s->items.n), k;
	pthread_t *t = xcalloc(n ? n : 1, sizeof(*t));
	bool *started = xcalloc(n ? n : 1, sizeof(*started));

	for (k = 0; k < n; k++)
		started[k] = pthread_create(&t[k], NULL, worker, p) == 0;
	if (n && !started[0])
		worker(p); /* no thread at all: do it here */
	for (k = 0; k < n; k++)
		if (started[k])
			pthread_join(t[k], NULL);
	free(t);
	free(started);
}

bool media_prepare(struct media_set *s, bool process, const char *cache_dir,
    struct diag *d)
{
	struct pool p;
	size_t i;

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.process = process;
	p.cache_dir = cache_dir;
	if (process && s->items.n) {
		if (!media_image_init()) {
			diag_error(d, pos_make(cache_dir, 0, 0), "cannot start "
			    "libvips, which linli needs for photos");
			return false;
		}
		if (!open_cache(cache_dir, d))
			return false;
	}
	p.results = xcalloc(s->items.n ? s->items.n : 1, sizeof(*p.results));
	pthread_mutex_init(&p.lock, NULL);
	pthread_mutex_init(&p.budget.lock, NULL);
	pthread_cond_init(&p.budget.freed, NULL);
	p.budget.limit = BUDGET_PIXELS;
	run_pool(&p);
	for (i = 0; i < s->items.n; i++) {
		struct media_item *it = s->items.items[i];
		finish(s, it, &p.results[i]);
		if (it->error)
			diag_warning(d, it->pos, "'%s' %s; it is left out",
			    it->src, it->error);
	}
	pthread_cond_destroy(&p.budget.freed);
	pthread_mutex_destroy(&p.budget.lock);
	pthread_mutex_destroy(&p.lock);
	free(p.results);
	return true;
}

bool media_publish(const struct media_set *s, struct writer *w,
    const char *cache_dir)
{
	size_t i, k;
	bool ok = true;

	for (i = 0; ok && i < s->items.n; i++) {
		const struct media_item *it = s->items.items[i];
		if (!it->ok)
			continue;
		if (it->kind == MEDIA_DOCUMENT) {
			ok = write_file(w, it->url, it->bytes, it->len);
			continue;
		}
		for (k = 0; ok && k < it->nvariants; k++) {
			const struct media_variant *v = &it->variants[k];
			char *jpeg = media_image_file(cache_dir, it->key, v->width,
			    "jpg");
			char *webp = media_image_file(cache_dir, it->key, v->width,
			    "webp");
			ok = write_copy(w, v->jpeg, jpeg) && write_copy(w, v->webp, webp);
			free(jpeg);
			free(webp);
		}
	}
	return ok;
}

/* --- unused files ---------------------------------------------------------- */

struct names {
	char **items;
	size_t n, cap;
};

static void walk_unused(const struct media_set *s, const char *rel,
    struct names *out)
{
	char *path = fs_join(s->content_dir, rel);
	DIR *d = opendir(path);
	struct dirent *e;

	free(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		struct stat st;
		char *child, *full;
		if (e->d_name[0] == '.')
			continue;
		child = fs_join(rel, e->d_name);
		full = fs_join(s->content_dir, child);
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk_unused(s, child, out);
		} else if (!strmap_get(&s->by_src, child)) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 16;
				out->items = xreallocarray(out->items, out->cap,
				    sizeof(*out->items));
			}
			out->items[out->n++] = child;
			child = NULL;
		}
		free(child);
		free(full);
	}
	closedir(d);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void media_list_unused(const struct media_set *s, FILE *f)
{
	struct names v = {0};
	size_t i;

	walk_unused(s, "media", &v);
	if (v.n) {
		qsort(v.items, v.n, sizeof(*v.items), compare_strings);
		fprintf(f, i18n_ngettext("%s/media: %zu file no record uses "
		    "(not published):\n", "%s/media: %zu files no record uses "
		    "(not published):\n", v.n), s->content_dir, v.n);
	}
	for (i = 0; i < v.n; i++) {
		fprintf(f, "  %s/%s\n", s->content_dir, v.items[i]);
		free(v.items[i]);
	}
	free(v.items);
}
