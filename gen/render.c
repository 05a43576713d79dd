/*
 * render: the theme, the page machinery every product shares, and
 * render_all(), which runs the products in order.
 */
#include "render.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "load.h"
#include "xalloc.h"

/* --- the theme --------------------------------------------------------- */

static char *read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[16384];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

static void report_template_error(const struct mu_error *e, void *arg)
{
	struct render *r = arg;

	diag_error(r->d, pos_make(arena_strdup(&r->keep, e->name), e->line,
	    e->column), "%s", e->message);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compiles every templates/NAME.mustache once and registers it as NAME. */
static bool load_templates(struct render *r)
{
	char *dirpath = arena_printf(&r->keep, "%s/templates", r->theme.dir);
	DIR *dir = opendir(dirpath);
	struct dirent *e;
	VEC(char *) names = {0};
	size_t i;

	if (!dir) {
		diag_error(r->d, pos_make(dirpath, 0, 0), "cannot open the "
		    "theme's templates: %s", strerror(errno));
		return false;
	}
	while ((e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (n > 9 && strcmp(e->d_name + n - 9, ".mustache") == 0)
			VEC_PUSH(&r->keep, &names, arena_strdup(&r->keep, e->d_name));
	}
	closedir(dir);
	if (names.n)
		qsort(names.items, names.n, sizeof(char *), compare_names);
	for (i = 0; i < names.n; i++) {
		char *path = arena_printf(&r->keep, "%s/%s", dirpath,
		    names.items[i]);
		struct mu_error err;
		struct mu_template *t;
		size_t len;
		char *src = read_small_file(path, &len);

		if (!src) {
			diag_error(r->d, pos_make(path, 0, 0), "cannot read: %s",
			    strerror(errno));
			continue;
		}
		t = mu_compile(path, src, len, &err);
		free(src);
		if (!t) {
			report_template_error(&err, r);
			continue;
		}
		names.items[i][strlen(names.items[i]) - 9] = '\0';
		mu_partials_add(&r->theme.templates, names.items[i], t);
	}
	mu_partials_check(&r->theme.templates, report_template_error, r);
	return r->d->errors == 0;
}

/* A YAML node -> a mustache value (maps, lists, strings), copied into a. */
static const struct mu_value *yaml_value(struct arena *a,
    const struct ynode *n)
{
	struct mu_value *v;
	size_t i;

	if (n->kind == YNODE_SCALAR)
		return mu_strn(a, n->str, n->len);
	if (n->kind == YNODE_SEQ) {
		v = mu_list_new(a);
		for (i = 0; i < n->n; i++)
			mu_list_push(a, v, yaml_value(a, n->items[i]));
		return v;
	}
	v = mu_map_new(a);
	for (i = 0; i + 1 < n->n; i += 2)
		mu_map_set(a, v, arena_strdup(a, n->items[i]->str),
		    yaml_value(a, n->items[i + 1]));
	return v;
}

/* Sets key to v in into; when both the old and the new value are maps, merges
 * them key by key instead, so that two files may each add keys to one group
 * (site.yaml's bulletin.default_title beside bulletin.yaml's bulletin.*). */
static void merge_string(struct render *r, struct mu_value *into,
    const char *key, const struct mu_value *v)
{
	const struct mu_value *old = mu_map_get(into, key, strlen(key));
	size_t i;

	if (!old || old->kind != MU_MAP || v->kind != MU_MAP) {
		mu_map_set(&r->keep, into, key, v);
		return;
	}
	/* Every map here was made by yaml_value() in r->keep: ours to fill. */
	for (i = 0; i < v->u.map.len; i++)
		merge_string(r, (struct mu_value *)old, v->u.map.pairs[i].key,
		    v->u.map.pairs[i].value);
}

/* Merges the top-level keys of one strings file into r->theme.strings. */
static bool load_strings_file(struct render *r, struct loader *L,
    const char *rel, struct mu_value *into)
{
	const char *display = load_display_path(L, rel);
	struct ynode **docs;
	size_t ndocs, len, i;
	char *text = load_read_file(L, arena_printf(&r->keep, "%s/%s",
	    r->theme.dir, rel), display, &len);
	bool ok = false;

	if (text && yaml_parse(L, display, text, len, 0, &docs, &ndocs)) {
		ok = ndocs == 1 && docs[0]->kind == YNODE_MAP;
		if (!ok)
			diag_error(r->d, pos_make(display, 1, 1), "theme strings "
			    "must be key: value lines");
		for (i = 0; ok && i + 1 < docs[0]->n; i += 2)
			merge_string(r, into, arena_strdup(&r->keep,
			    docs[0]->items[i]->str),
			    yaml_value(&r->keep, docs[0]->items[i + 1]));
	}
	free(text);
	return ok;
}

/* strings/LANG/NAME.yaml: the theme's words in the site's language, one file
 * per product, merged into one map (templates read it as t). */
static bool load_strings(struct render *r)
{
	const char *lang = r->m->site.language_tag;
	char *dirpath = arena_printf(&r->keep, "%s/strings/%s", r->theme.dir,
	    lang);
	struct mu_value *strings = mu_map_new(&r->keep);
	struct model scratch; /* the YAML trees live in a model's arena */
	struct loader L = {&scratch, r->d, r->theme.dir, NULL, &scratch.arena};
	VEC(char *) names = {0};
	DIR *dir = opendir(dirpath);
	struct dirent *e;
	size_t i;
	bool ok = true;

	if (!dir) {
		diag_error(r->d, pos_make(dirpath, 0, 0), "cannot open the "
		    "theme's strings for %s: %s", lang, strerror(errno));
		return false;
	}
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.' && strstr(e->d_name, ".yaml"))
			VEC_PUSH(&r->keep, &names, arena_strdup(&r->keep, e->d_name));
	closedir(dir);
	if (names.n)
		qsort(names.items, names.n, sizeof(char *), compare_names);
	model_init(&scratch, r->theme.dir, r->m->today);
	for (i = 0; i < names.n; i++)
		ok &= load_strings_file(r, &L, arena_printf(&r->keep,
		    "strings/%s/%s", lang, names.items[i]), strings);
	model_release(&scratch);
	r->theme.strings = strings;
	return ok;
}

const char *render_string(const struct render *r, const char *key)
{
	const struct mu_value *v = r->theme.strings;
	const char *p = key, *dot;

	while (v && *p) {
		dot = strchr(p, '.');
		v = mu_map_get(v, p, dot ? (size_t)(dot - p) : strlen(p));
		p = dot ? dot + 1 : p + strlen(p);
	}
	if (!v || v->kind != MU_STRING)
		return key;
	return v->u.string.s;
}

/* --- pages ------------------------------------------------------------- */

/* "../" once per folder in path ("a/b/index.html" -> "../../"). */
static const char *root_of(struct render *r, const char *path)
{
	struct buf b = BUF_INIT;
	const char *s, *root;

	for (s = path; (s = strchr(s, '/')); s++)
		buf_adds(&b, "../");
	root = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return root;
}

bool render_to_buf(struct render *r, const char *name,
    const struct mu_value *ctx)
{
	const struct mu_template *t = mu_partials_get(&r->theme.templates, name,
	    strlen(name));
	struct mu_error err;

	buf_reset(&r->out);
	if (!t) {
		diag_error(r->d, pos_make(r->theme.dir, 0, 0), "the theme has no "
		    "template '%s' (templates/%s.mustache)", name, name);
		return false;
	}
	if (!mu_render(t, ctx, &r->theme.templates, &r->out, &err)) {
		diag_error(r->d, pos_make(err.name, err.line, err.column), "%s",
		    err.message);
		return false;
	}
	return true;
}

/* --- pages on threads (-j) --------------------------------------------- */

/* A page waiting for a thread: its context lives in its own arena (the
 * r->page it was built in). */
struct page_job {
	struct render *r;
	const char *name, *path;
	const struct mu_value *ctx;
	struct arena arena;
	struct page_job *next; /* in the free list */
};

struct render_pool {
	struct jobs *jobs;
	int n;
	struct buf *out;    /* one per thread */
	struct diag *diags; /* one per thread, merged at the end */
	pthread_mutex_t mu; /* free, failed */
	struct page_job *free;
	bool failed;
};

static void run_page(void *arg, int worker)
{
	struct page_job *job = arg;
	struct render_pool *p = job->r->pool;
	struct render wr = *job->r; /* its own buffer and diagnostics */
	bool ok;

	wr.out = p->out[worker];
	wr.d = &p->diags[worker];
	ok = render_to_buf(&wr, job->name, job->ctx) &&
	    write_buf(wr.w, job->path, &wr.out);
	p->out[worker] = wr.out; /* keeps what it grew to */
	arena_reset(&job->arena);
	pthread_mutex_lock(&p->mu);
	p->failed |= !ok;
	job->next = p->free;
	p->free = job;
	pthread_mutex_unlock(&p->mu);
}

static void queue_page(struct render *r, const char *name,
    const struct mu_value *ctx, const char *path)
{
	struct render_pool *p = r->pool;
	struct page_job *job;
	struct arena a;

	pthread_mutex_lock(&p->mu);
	job = p->free;
	if (job)
		p->free = job->next;
	pthread_mutex_unlock(&p->mu);
	if (!job) {
		job = xcalloc(1, sizeof(*job));
		arena_init(&job->arena);
	}
	/* The page's arena goes with the job; r->page takes the job's
	 * empty one. */
	a = job->arena;
	job->arena = r->page;
	r->page = a;
	job->r = r;
	job->ctx = ctx;
	job->name = arena_strdup(&job->arena, name);
	job->path = arena_strdup(&job->arena, path);
	jobs_add(p->jobs, run_page, job);
}

static void drain_pages(void *arg)
{
	struct render *r = arg;

	jobs_wait(r->pool->jobs);
}

static void start_pool(struct render *r, int n)
{
	struct render_pool *p = xcalloc(1, sizeof(*p));
	int i;

	p->n = n;
	p->out = xcalloc((size_t)n, sizeof(*p->out));
	p->diags = xcalloc((size_t)n, sizeof(*p->diags));
	for (i = 0; i < n; i++) {
		buf_init(&p->out[i]);
		diag_init(&p->diags[i]);
	}
	pthread_mutex_init(&p->mu, NULL);
	p->jobs = jobs_start(n, (size_t)n * 2);
	r->pool = p;
	r->w->drain = drain_pages;
	r->w->drain_arg = r;
}

/* Ends the threads; their messages join r->d (sorted when printed). */
static void stop_pool(struct render *r)
{
	struct render_pool *p = r->pool;
	struct page_job *job, *next;
	size_t k;
	int i;

	if (!p)
		return;
	jobs_stop(p->jobs);
	for (i = 0; i < p->n; i++) {
		const struct diag *d = &p->diags[i];
		for (k = 0; k < d->count; k++) {
			const struct diag_entry *e = &d->entries[k];
			if (e->level == DIAG_ERROR)
				diag_error(r->d, e->pos, "%s", e->message);
			else
				diag_warning(r->d, e->pos, "%s", e->message);
		}
		diag_release(&p->diags[i]);
		buf_release(&p->out[i]);
	}
	for (job = p->free; job; job = next) {
		next = job->next;
		arena_release(&job->arena);
		free(job);
	}
	if (p->failed)
		r->failed = true;
	pthread_mutex_destroy(&p->mu);
	free(p->out);
	free(p->diags);
	free(p);
	r->pool = NULL;
	r->w->drain = NULL;
}

bool render_page(struct render *r, const char *name, struct mu_value *ctx,
    const char *path)
{
	bool ok;

	mu_map_set(&r->page, ctx, "site", r->site);
	mu_map_set(&r->page, ctx, "t", r->theme.strings);
	mu_map_set_str_ref(&r->page, ctx, "root", root_of(r, path));
	mu_map_set_str_ref(&r->page, ctx, "path", path);
	mu_map_set_str_ref(&r->page, ctx, "lang", r->m->site.language_tag);
	if (r->pool) {
		queue_page(r, name, ctx, path);
		return true;
	}
	ok = render_to_buf(r, name, ctx) && write_buf(r->w, path, &r->out);
	arena_reset(&r->page);
	if (!ok)
		r->failed = true;
	return ok;
}

/* --- the whole build --------------------------------------------------- */

static bool render_init(struct render *r, const struct model *m,
    const struct render_options *o, struct writer *w, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	r->m = m;
	r->o = o;
	r->w = w;
	r->d = d;
	r->theme.dir = o->theme_dir;
	arena_init(&r->keep);
	arena_init(&r->page);
	buf_init(&r->out);
	mu_partials_init(&r->theme.templates);
	return load_templates(r) && load_strings(r);
}

static void render_release(struct render *r)
{
	mu_partials_release(&r->theme.templates);
	buf_release(&r->out);
	arena_release(&r->page);
	arena_release(&r->keep);
}

bool render_all(const struct model *m, const struct render_options *o,
    struct writer *w, struct diag *d)
{
	struct render r;
	bool ok;

	int threads = o->jobs > 0 ? o->jobs : jobs_cores();

	ok = render_init(&r, m, o, w, d);
	if (ok) {
		r.site = ctx_site(&r);
		if (threads > 1)
			start_pool(&r, threads);
		ok = write_copy_tree(w, "assets", arena_printf(&r.keep,
		    "%s/assets", o->theme_dir)) &&
		    write_copy_tree(w, "media", arena_printf(&r.keep,
		    "%s/media", m->content_dir)) &&
		    render_site(&r) && render_feeds(&r) &&
		    render_bulletin(&r) && render_board(&r) &&
		    render_archive(&r);
		stop_pool(&r);
		ok = ok && !r.failed;
	}
	render_release(&r);
	return ok;
}
