/*
 * render: the theme and the page machinery every product shares (see
 * render.h). It calls no product: build.c runs them.
 */
#include "render.h"
#include "strmap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "load.h"
#include "media.h"
#include "utf8.h"
#include "xalloc.h"

/* --- the theme --------------------------------------------------------- */

static void report_template_error(const struct mu_error *e, void *arg)
{
	struct render *r = arg;

	diag_error(r->d, pos_make(arena_strdup(&r->keep, e->name), e->line,
	    e->column), "%s", e->message);
}

/* The name of f below folder prefix when f lies directly in it and ends in
 * suffix ("base" for templates/base.mustache), else NULL; in a. */
static char *direct_child(struct arena *a, const struct theme_file *f,
    size_t prefix_len, const char *suffix)
{
	const char *name = f->name + prefix_len;
	size_t n = strlen(name), k = strlen(suffix);

	if (n <= k || strchr(name, '/') || name[0] == '.' ||
	    strcmp(name + n - k, suffix) != 0)
		return NULL;
	return arena_strndup(a, name, n - k);
}

/* Compiles every templates/NAME.mustache once and registers it as NAME. */
static bool load_templates(struct render *r)
{
	const struct theme_file *f;
	size_t n = theme_fs_list(&r->theme.fs, "templates/", &f), i;

	if (!n) {
		diag_error(r->d, pos_make(theme_fs_display(&r->theme.fs,
		    "templates", &r->keep), 0, 0), "the theme has no templates "
		    "(templates/*.mustache)");
		return false;
	}
	for (i = 0; i < n; i++) {
		char *name = direct_child(&r->keep, &f[i], 10, ".mustache");
		const char *path;
		struct mu_error err;
		struct mu_template *t;

		if (!name)
			continue;
		path = theme_fs_display(&r->theme.fs, f[i].name, &r->keep);
		t = mu_compile(path, f[i].data, f[i].len, &err);
		if (!t) {
			report_template_error(&err, r);
			continue;
		}
		mu_partials_add(&r->theme.templates, name, t);
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
    const struct theme_file *f, struct mu_value *into)
{
	const char *display = theme_fs_display(&r->theme.fs, f->name, &r->keep);
	struct ynode **docs;
	size_t ndocs, i, bad = utf8_invalid_at(f->data, f->len);
	bool ok = false;

	if (bad < f->len) {
		diag_error(r->d, pos_make(display, 0, 0), "theme strings must be "
		    "saved as UTF-8 (byte %zu is not)", bad + 1);
		return false;
	}
	if (yaml_parse(L, display, f->data, f->len, 0, &docs, &ndocs)) {
		ok = ndocs == 1 && docs[0]->kind == YNODE_MAP;
		if (!ok)
			diag_error(r->d, pos_make(display, 1, 1), "theme strings "
			    "must be key: value lines");
		for (i = 0; ok && i + 1 < docs[0]->n; i += 2)
			merge_string(r, into, arena_strdup(&r->keep,
			    docs[0]->items[i]->str),
			    yaml_value(&r->keep, docs[0]->items[i + 1]));
	}
	return ok;
}

/* strings/LANG/NAME.yaml: the theme's words in the site's language, one file
 * per product, merged into one map (templates read it as t). */
static bool load_strings(struct render *r)
{
	const char *lang = r->m->site.language_tag;
	const char *prefix = arena_printf(&r->keep, "strings/%s/", lang);
	struct mu_value *strings = mu_map_new(&r->keep);
	struct model scratch; /* the YAML trees live in a model's arena */
	struct loader L = {&scratch, r->d, r->theme.dir, NULL, &scratch.arena,
	    {NULL, NULL, NULL}};
	const struct theme_file *f;
	size_t n = theme_fs_list(&r->theme.fs, prefix, &f), i;
	bool ok = true;

	if (!n) {
		diag_error(r->d, pos_make(theme_fs_display(&r->theme.fs, prefix,
		    &r->keep), 0, 0), "the theme has no strings for %s "
		    "(strings/%s/*.yaml)", lang, lang);
		return false;
	}
	model_init(&scratch, r->theme.dir, r->m->today);
	for (i = 0; i < n; i++)
		if (direct_child(&r->keep, &f[i], strlen(prefix), ".yaml"))
			ok &= load_strings_file(r, &L, &f[i], strings);
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

/* With base_url: the page's own address (canonical, og:url) and its
 * preview picture's (og_image_url): the one the page chose (og_image, a
 * published URL relative to the root), else the logo. */
static void set_share_keys(struct render *r, struct mu_value *ctx,
    const char *path)
{
	const char *base = r->m->site.base_url, *image = NULL;
	const struct mu_value *img = mu_map_get(ctx, "og_image", 8);
	struct buf b = BUF_INIT;

	if (!base)
		return;
	buf_adds(&b, base);
	buf_add_url(&b, path, strlen(path));
	mu_map_set_str(&r->page, ctx, "canonical", b.data);
	if (img && img->kind == MU_STRING)
		image = img->u.string.s;
	else if (r->m->site.logo && media_shown(r->m->site.logo))
		image = ctx_photo_url(r, r->m->site.logo, 960);
	if (image)
		mu_map_set_str_ref(&r->page, ctx, "og_image_url", arena_printf(
		    &r->page, "%s%s", base, image));
	buf_release(&b);
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

/* Keeps the date its renderer gave the page at path (r->lastmod, for the
 * sitemap), on the rendering thread, and clears it for the next page. */
static void note_lastmod(struct render *r, const char *path)
{
	struct date *d;

	if (!r->lastmod.year)
		return;
	d = ARENA_NEW(&r->keep, struct date);
	*d = r->lastmod;
	strmap_set(&r->lastmods, arena_strdup(&r->keep, path), d);
	r->lastmod = (struct date){0, 0, 0};
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
	set_share_keys(r, ctx, path);
	note_lastmod(r, path);
	if (r->pool) {
		queue_page(r, name, ctx, path);
		return true;
	}
	ok = render_to_buf(r, name, ctx) && write_buf(r->w, path, &r->out);
	r->lastmod = (struct date){0, 0, 0};
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
	arena_init(&r->keep);
	arena_init(&r->pages_arena);
	strmap_init(&r->lastmods, &r->keep);
	arena_init(&r->page);
	buf_init(&r->out);
	mu_partials_init(&r->theme.templates);
	if (!theme_fs_open(&r->theme.fs, o->theme_dir, &r->keep, d))
		return false;
	r->theme.dir = r->theme.fs.origin;
	return load_templates(r) && load_strings(r);
}

void render_queue_pdf(struct render *r, const char *html_rel,
    const char *pdf_rel, const char *copy_rel)
{
	struct pdf_job job = {0};
	char *html = write_path(r->w, html_rel), *pdf = write_path(r->w, pdf_rel);

	job.html = arena_strdup(&r->keep, html);
	job.pdf = arena_strdup(&r->keep, pdf);
	job.name = arena_strdup(&r->keep, pdf_rel);
	/* the previous build, for pdf.c to tell whether the page changed */
	job.prev_html = arena_printf(&r->keep, "%s/%s", r->w->out, html_rel);
	job.prev_pdf = arena_printf(&r->keep, "%s/%s", r->w->out, pdf_rel);
	free(html);
	free(pdf);
	VEC_PUSH(&r->keep, &r->pdf_jobs, job);
	if (copy_rel) {
		VEC_PUSH(&r->keep, &r->pdf_copies, job.pdf);
		VEC_PUSH(&r->keep, &r->pdf_copies, arena_strdup(&r->keep, copy_rel));
	}
}

bool render_favicon(struct render *r, const char *name)
{
	struct buf b = BUF_INIT;
	size_t n;
	bool ok;

	if (!name)
		name = "";
	utf8_decode(name, strlen(name), &n);
	buf_adds(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 64 64\"><rect width=\"64\" height=\"64\" "
	    "rx=\"12\" fill=\"#0b5c4a\"/><text x=\"32\" y=\"46\" "
	    "font-size=\"40\" font-family=\"sans-serif\" font-weight=\"bold\" "
	    "text-anchor=\"middle\" fill=\"#ffffff\">");
	buf_add_html(&b, name, *name ? n : 0);
	buf_adds(&b, "</text></svg>\n");
	ok = write_buf(r->w, "favicon.svg", &b);
	buf_release(&b);
	return ok;
}

bool render_print_pdfs(struct render *r)
{
	size_t i;
	bool ok = pdf_print_all(r->pdf_jobs.items, r->pdf_jobs.n, r->d);

	for (i = 0; ok && i + 1 < r->pdf_copies.n; i += 2)
		ok = write_copy(r->w, r->pdf_copies.items[i + 1],
		    r->pdf_copies.items[i]);
	return ok;
}

/* write.c's on_file: notes every HTML page for the sitemap. */
static void note_file(void *arg, const char *rel)
{
	render_note_page(arg, rel);
}

void render_note_page(struct render *r, const char *rel)
{
	size_t n = strlen(rel);
	struct render_page_ref p;

	/* Called under the writer's lock, from any page thread: it touches
	 * only r->pages and its own arena. The order is the threads'; the
	 * sitemap sorts the pages and looks their dates up (note_lastmod). */
	if (n < 5 || strcmp(rel + n - 5, ".html") != 0)
		return;
	p.path = arena_strndup(&r->pages_arena, rel, n);
	p.lastmod = (struct date){0, 0, 0};
	VEC_PUSH(&r->pages_arena, &r->pages, p);
}


static void render_release(struct render *r)
{
	mu_partials_release(&r->theme.templates);
	buf_release(&r->out);
	arena_release(&r->page);
	arena_release(&r->pages_arena);
	arena_release(&r->keep);
}

/* The theme's assets/ folder, at any depth, as the site's assets/. */
static bool copy_assets(struct render *r)
{
	const struct theme_file *f;
	size_t n = theme_fs_list(&r->theme.fs, "assets/", &f), i;
	bool ok = true;

	for (i = 0; ok && i < n; i++)
		ok = write_file(r->w, f[i].name, f[i].data, f[i].len);
	return ok;
}

bool render_begin(struct render *r, const struct model *m,
    const struct render_options *o, struct writer *w, struct diag *d)
{
	int threads = o->jobs > 0 ? o->jobs : jobs_cores();
	bool ok = render_init(r, m, o, w, d);

	if (!ok)
		return false;
	w->on_file = note_file;
	w->on_file_arg = r;
	r->site = ctx_site(r);
	if (threads > 1)
		start_pool(r, threads);
	return copy_assets(r);
}

void render_wait(struct render *r)
{
	stop_pool(r);
}

void render_end(struct render *r)
{
	stop_pool(r);
	if (r->w && r->w->on_file == note_file)
		r->w->on_file = NULL;
	render_release(r);
}
