/*
 * district.c: district.yaml, the communities' builds and the swap into
 * OUT/ (see district.h).
 *
 * Each community is built by `linli build` itself, in a worker process:
 * its site is exactly the bytes its own build gives, its problems are
 * reported with its own paths, and the memory is one community's at a
 * time. The builds go into the district's temporary folder; OUT/ is
 * replaced only when every tree built (or, with --keep-going, the good
 * ones), so a broken tree leaves OUT/ as it was.
 */
#define _GNU_SOURCE
#include "district.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "i18n.h"
#include "load.h"
#include "media.h"
#include "xalloc.h"

#define LINLI_DISTRICT_KEY "linli district 1"

/* A heap string from a format (free it). */
__attribute__((format(printf, 1, 2)))
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		xdie("out of memory");
	return s;
}

/* --- district.yaml ------------------------------------------------------ */

static const char *const district_langs[] = {"zh-CN", "zh-TW", "en", NULL};

/* "a/b" from dir and rel, unless rel is absolute; "." as dir drops. */
static const char *join_path(struct arena *a, const char *dir,
    const char *rel)
{
	if (rel[0] == '/' || !strcmp(dir, "."))
		return arena_strdup(a, rel);
	return arena_printf(a, "%s/%s", dir, rel);
}

/* The default slug: the folder's name, or its parent's for a folder
 * called content. */
static const char *default_slug(struct arena *a, const char *path)
{
	size_t n = strlen(path), end, start;

	while (n > 1 && path[n - 1] == '/')
		n--;
	end = n;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (end - start == 7 && !strncmp(path + start, "content", 7) &&
	    start > 0) {
		end = start - 1;
		while (end > 1 && path[end - 1] == '/')
			end--;
		start = end;
		while (start > 0 && path[start - 1] != '/')
			start--;
	}
	return arena_strndup(a, path + start, end - start);
}

static bool valid_slug(const char *s);

/* The slug of a community that names none: its folder's name in lower
 * case when that is usable in a web address, else the name's slug as an
 * activity type gets one (model_category_slug: "c-" and its FNV-1a hash,
 * for a folder called 明新社区): the same name, the same slug. */
static const char *derived_slug(struct arena *a, const char *name)
{
	char *low = arena_strdup(a, name), *p, *hashed;

	for (p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (valid_slug(low))
		return low;
	hashed = arena_alloc(a, 11);
	model_category_slug(name, hashed);
	return hashed;
}

/* A slug is one URL part: lower-case letters, digits, - and _. */
static bool valid_slug(const char *s)
{
	if (!*s || *s == '-' || *s == '_')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return false;
	return true;
}

/* A scalar of a site.yaml's mapping, copied into a; NULL when absent. */
static const char *site_scalar(const struct ynode *map, const char *key,
    struct arena *a, struct pos *at)
{
	const struct ynode *v = ymap_get(map, key);

	if (!v || v->kind != YNODE_SCALAR || ynode_is_null(v))
		return NULL;
	if (at)
		*at = v->pos;
	return arena_strdup(a, v->str);
}

/* The name, subtitle and language (zh-CN when it sets none) of a
 * community's site.yaml into c; the language is NULL when the file cannot
 * be read (its own build reports that). */
static const char *community_site(struct loader *L, struct district_community *c,
    struct arena *a, struct pos *at)
{
	const char *file = arena_printf(a, "%s/site.yaml", c->path);
	size_t len, nd;
	struct diag quiet; /* its own build reports its problems */
	struct diag *d = L->d;
	char *text;
	struct ynode **docs;
	const char *out = NULL;

	diag_init(&quiet);
	L->d = &quiet;
	text = load_read_file(L, file, file, &len);
	if (text && yaml_parse(L, file, text, len, 0, &docs, &nd) && nd &&
	    docs[0]->kind == YNODE_MAP) {
		out = site_scalar(docs[0], "language", a, at);
		if (!out)
			out = "zh-CN";
		c->name = site_scalar(docs[0], "name", a, NULL);
		c->subtitle = site_scalar(docs[0], "subtitle", a, NULL);
	}
	free(text);
	L->d = d;
	diag_release(&quiet);
	if (!c->name)
		c->name = c->slug;
	return out;
}

static void load_community(struct loader *L, struct district *dist,
    const char *dir, const struct ynode *item, struct strmap *slugs,
    struct arena *a)
{
	static const char *const keys[] = {"path", "slug", NULL};
	struct district_community c = {0};
	const char *rel = NULL, *slug = NULL, *lang, *site;
	const struct district_community *other;
	struct pos lang_pos = pos_make(NULL, 0, 0);
	struct stat st;

	c.pos = item->pos;
	if (item->kind != YNODE_MAP) {
		diag_error(L->d, item->pos, "a community is a mapping with its "
		    "path (path: taoyuan/content), not %s",
		    ynode_kind_name(item));
		return;
	}
	ycheck_keys(L, item, keys, N_("a community of district.yaml"));
	if (!yget_str(L, item, "path", true, &rel) || !rel)
		return;
	yget_str(L, item, "slug", false, &slug);
	c.path = join_path(a, dir, rel);
	c.slug = slug ? arena_strdup(a, slug) : derived_slug(a,
	    default_slug(a, c.path));
	if (!valid_slug(c.slug))
		diag_error(L->d, ymap_get(item, "slug")->pos, "the slug '%s' is "
		    "not usable in a web address: use lower-case letters a-z, "
		    "digits, - and _, for example slug: taoyuan", c.slug);
	if ((other = strmap_get(slugs, c.slug)))
		diag_error(L->d, item->pos, "two communities have the slug "
		    "'%s' (the other at line %d); give one of them a slug of "
		    "its own, for example slug: %s-2", c.slug, other->pos.line,
		    c.slug);
	site = arena_printf(a, "%s/site.yaml", c.path);
	if (stat(c.path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(L->d, ymap_get(item, "path")->pos, "%s is not a "
		    "folder; path: names a community's content folder, relative "
		    "to district.yaml", c.path);
		return;
	}
	if (access(site, F_OK) != 0) {
		const char *inner = arena_printf(a, "%s/content/site.yaml",
		    c.path);
		if (access(inner, F_OK) == 0)
			diag_error(L->d, ymap_get(item, "path")->pos, "%s is not a "
			    "content folder, but the folder content in it is: write "
			    "path: %s/content", c.path, rel);
		else
			diag_error(L->d, ymap_get(item, "path")->pos, "%s is not a "
			    "content folder: it has no site.yaml", c.path);
		return;
	}
	lang = community_site(L, &c, a, &lang_pos);
	if (lang && dist->language && strcmp(lang, dist->language))
		diag_error(L->d, item->pos, "the community %s is in %s (%s line "
		    "%d) but the district is in %s: a district's communities "
		    "share its language", c.path, lang, site, lang_pos.line,
		    dist->language);
	VEC_PUSH(a, &dist->communities, c);
	strmap_set(slugs, c.slug, &dist->communities.items[
	    dist->communities.n - 1]);
}

static void load_district_map(struct loader *L, struct district *dist,
    const char *dir, const struct ynode *map, struct arena *a)
{
	static const char *const keys[] = {"name", "language", "base_url",
	    "timezone", "communities", NULL};
	const struct ynode *list;
	struct strmap slugs;
	int lang = 0;
	size_t i;

	ycheck_keys(L, map, keys, N_("district.yaml"));
	yget_str(L, map, "name", true, &dist->name);
	if (yget_enum(L, map, "language", false, district_langs, &lang))
		dist->language = district_langs[lang];
	if (!dist->language)
		dist->language = "zh-CN";
	dist->base_url = load_base_url(L, map);
	dist->timezone = load_timezone(L, map);
	list = ymap_get(map, "communities");
	if (!list || ynode_is_null(list) || list->kind != YNODE_SEQ ||
	    !list->n) {
		diag_error(L->d, list ? list->pos : map->pos, "communities: "
		    "lists the content folders of the district, e.g.\n"
		    "communities:\n  - path: taoyuan/content");
		return;
	}
	strmap_init(&slugs, a);
	/* slugs points into the list while it grows: size it first */
	dist->communities.items = arena_alloc(a, list->n *
	    sizeof(*dist->communities.items));
	dist->communities.cap = list->n;
	for (i = 0; i < list->n; i++)
		load_community(L, dist, dir, list->items[i], &slugs, a);
}

bool district_load(struct district *dist, const char *dir, struct arena *a,
    struct diag *d)
{
	struct model scratch;
	struct arena tree;
	struct loader L;
	struct ynode **docs;
	size_t len, nd;
	char *text;
	bool ok = false;

	memset(dist, 0, sizeof(*dist));
	dist->file = join_path(a, dir, "district.yaml");
	model_init(&scratch, dir, (struct date){2000, 1, 1});
	arena_init(&tree);
	L = (struct loader){&scratch, d, dir, NULL, &tree, {NULL, NULL, NULL}};
	text = load_read_file(&L, dist->file, dist->file, &len);
	if (text && yaml_parse(&L, dist->file, text, len, 0, &docs, &nd)) {
		if (!nd || docs[0]->kind != YNODE_MAP)
			diag_error(d, pos_make(dist->file, 1, 1), "district.yaml "
			    "is a mapping: name:, language:, communities: ...");
		else
			load_district_map(&L, dist, dir, docs[0], a);
		ok = true;
	}
	free(text);
	/* the getters copied into scratch's arena: keep what we use */
	if (dist->name)
		dist->name = arena_strdup(a, dist->name);
	if (dist->base_url)
		dist->base_url = arena_strdup(a, dist->base_url);
	if (dist->timezone)
		dist->timezone = arena_strdup(a, dist->timezone);
	arena_release(&tree);
	model_release(&scratch);
	return ok && !diag_failed(d);
}

/* --- what changed -------------------------------------------------------- */

static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--) {
		*h ^= *s++;
		*h *= 0x100000001b3ULL;
	}
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every file under path, by name, size and time of change: a file
 * edited, added, removed or renamed changes the digest. */
static void digest_tree(uint64_t *h, const char *path)
{
	struct dirent **names = NULL;
	int n = scandir(path, &names, NULL, by_name), i;

	if (n < 0) /* not there (a site never built): nothing to digest */
		return;
	for (i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		char *p;
		struct stat st;
		if (strcmp(nm, ".") && strcmp(nm, "..")) {
			p = xasprintf("%s/%s", path, nm);
			if (lstat(p, &st) == 0) {
				fnv(h, nm, strlen(nm) + 1);
				fnv(h, &st.st_mode, sizeof st.st_mode);
				fnv(h, &st.st_size, sizeof st.st_size);
				fnv(h, &st.st_mtim, sizeof st.st_mtim);
				fnv(h, &st.st_ctim, sizeof st.st_ctim);
				if (S_ISDIR(st.st_mode))
					digest_tree(h, p);
			}
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

/* The inputs of a community's site: its files, linli itself, the theme,
 * today and the options. */
static void community_digest(struct district_community *c,
    const struct district_options *o)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct stat st;
	int flags = o->strict;

	fnv(&h, c->path, strlen(c->path) + 1);
	digest_tree(&h, c->path);
	if (stat("/proc/self/exe", &st) == 0) {
		fnv(&h, &st.st_size, sizeof st.st_size);
		fnv(&h, &st.st_mtim, sizeof st.st_mtim);
	}
	if (o->theme) {
		fnv(&h, o->theme, strlen(o->theme) + 1);
		digest_tree(&h, o->theme);
	}
	fnv(&h, &o->today, sizeof o->today);
	fnv(&h, &flags, sizeof flags);
	snprintf(c->digest, sizeof c->digest, "%016llx", (unsigned long long)h);
}

static char *digest_file(const struct district_options *o,
    const struct district_community *c)
{
	return xasprintf("%s/district/%s.digest", o->cache, c->slug);
}

/* The community's site as it is in OUT/c/SLUG: every file's name, size
 * and times, so that a file edited, removed or added there by hand shows. */
static void site_digest(const struct district_options *o,
    const struct district_community *c, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char *site = xasprintf("%s/c/%s", o->out, c->slug);

	digest_tree(&h, site);
	free(site);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* True when the last district build made c's site from the same inputs
 * and it is in OUT/ as that build left it. The digest file holds the
 * inputs' digest, then the site's. */
static bool community_fresh(const struct district_options *o,
    const struct district_community *c)
{
	char *f = digest_file(o, c), *summary;
	char old[32] = "", site[32] = "", now[17];
	FILE *fp = fopen(f, "r");
	struct stat st;
	bool fresh = false;

	if (fp) {
		if (fgets(old, sizeof old, fp) && fgets(site, sizeof site, fp)) {
			old[strcspn(old, "\n")] = site[strcspn(site, "\n")] = '\0';
			site_digest(o, c, now);
			summary = xasprintf("%s/district/%s.summary", o->cache,
			    c->slug);
			fresh = !strcmp(old, c->digest) && !strcmp(site, now) &&
			    stat(summary, &st) == 0;
			free(summary);
		}
		fclose(fp);
	}
	free(f);
	return fresh;
}

/* After c's new site is in place in OUT/: what it was built from and
 * what it is. */
static void save_digest(const struct district_options *o,
    const struct district_community *c)
{
	char *f = digest_file(o, c), *dir = xasprintf("%s/district", o->cache);
	char site[17];
	FILE *fp;

	fs_make_dirs(dir);
	site_digest(o, c, site);
	if ((fp = fopen(f, "w"))) {
		fprintf(fp, "%s\n%s\n", c->digest, site);
		fclose(fp);
	}
	free(dir);
	free(f);
}

static void forget_digest(const struct district_options *o,
    const struct district_community *c)
{
	char *f = digest_file(o, c);

	unlink(f);
	free(f);
}

/* --- the builds ---------------------------------------------------------- */

struct worker {
	pid_t pid;
	size_t community;
	FILE *log;          /* its stderr, printed in the district's order */
};

/* Starts `linli build` for c into tmp/c/SLUG, its messages into log. */
static pid_t start_build(const struct district_options *o,
    const struct district_community *c, const char *tmp, FILE *log)
{
	char today[16], *out, *cache, *summary, *shown;
	const char *argv[20];
	int n = 0;
	pid_t pid;

	snprintf(today, sizeof today, "%04d-%02d-%02d", o->today.year,
	    o->today.month, o->today.day);
	out = xasprintf("%s/c/%s", tmp, c->slug);
	cache = xasprintf("%s/c/%s", o->cache, c->slug);
	argv[n++] = "linli";
	argv[n++] = "build";
	argv[n++] = "-q";
	argv[n++] = "-C";
	argv[n++] = c->path;
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = "--cache";
	argv[n++] = cache;
	argv[n++] = "--today";
	argv[n++] = today;
	argv[n++] = "--lang"; /* the district's messages' language */
	argv[n++] = i18n_current() == I18N_ZH_CN ? "zh-CN" :
	    i18n_current() == I18N_ZH_TW ? "zh-TW" : "en";
	if (o->strict)
		argv[n++] = "--strict";
	if (o->theme) {
		argv[n++] = "--theme";
		argv[n++] = o->theme;
	}
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		/* its "nothing written" names the site in OUT/, not the
		 * district's work folder */
		shown = xasprintf("%s/c/%s", o->out, c->slug);
		setenv("LINLI_OUT_SHOWN", shown, 1);
		int status = 1;
		pid_t build;
		dup2(fileno(log), 2);
		/* the build itself, then what the portal shows of it */
		build = fork();
		if (build == 0) {
			execv("/proc/self/exe", (char *const *)argv);
			fprintf(stderr, _("linli: cannot run linli build: %s\n"),
			    strerror(errno));
			_exit(1);
		}
		if (build < 0 || waitpid(build, &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			_exit(1);
		summary = xasprintf("%s/district/%s.summary", o->cache, c->slug);
		if (!district_write_summary(c->path, o->today, summary)) {
			fprintf(stderr, _("linli: %s: cannot write the "
			    "district's summary %s\n"), c->path, summary);
			_exit(1);
		}
		_exit(0);
	}
	free(out);
	free(cache);
	return pid;
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

static void print_log(FILE *log)
{
	char chunk[4096];
	size_t k;

	rewind(log);
	while ((k = fread(chunk, 1, sizeof chunk, log)) > 0)
		fwrite(chunk, 1, k, stderr);
	fclose(log);
}

/* Builds every community that changed, jobs at a time; the messages of
 * each come out whole, in the district's order. */
static void build_all(struct district *dist, const struct district_options *o,
    const char *tmp)
{
	size_t n = dist->communities.n, next = 0, running = 0, i;
	int jobs = o->jobs > 0 ? o->jobs : default_jobs();
	struct worker *w = xcalloc((size_t)jobs, sizeof(*w));
	FILE **logs = xcalloc(n ? n : 1, sizeof(*logs));

	while (next < n || running) {
		int status;
		pid_t pid;
		while (next < n && running < (size_t)jobs) {
			struct district_community *c = &dist->communities.items[next];
			if (c->fresh) {
				next++;
				continue;
			}
			for (i = 0; w[i].pid; i++)
				;
			logs[next] = tmpfile();
			if (!logs[next]) {
				fprintf(stderr, _("linli: cannot make a "
				    "temporary file: %s\n"), strerror(errno));
				c->failed = true;
				next++;
				continue;
			}
			w[i].pid = start_build(o, c, tmp, logs[next]);
			w[i].community = next++;
			if (w[i].pid < 0) {
				w[i].pid = 0;
				dist->communities.items[w[i].community].failed =
				    true;
				continue;
			}
			running++;
		}
		if (!running)
			break;
		pid = wait(&status);
		if (pid < 0)
			break;
		for (i = 0; i < (size_t)jobs; i++)
			if (w[i].pid == pid) {
				struct district_community *c =
				    &dist->communities.items[w[i].community];
				c->built = WIFEXITED(status) &&
				    WEXITSTATUS(status) == 0;
				c->failed = !c->built;
				w[i].pid = 0;
				running--;
			}
	}
	for (i = 0; i < n; i++)
		if (logs[i])
			print_log(logs[i]);
	free(logs);
	free(w);
}

/* --- the swap ------------------------------------------------------------ */

/* Puts the new site of c (work/c/SLUG) in place of OUT/c/SLUG: two
 * renames, so that a reader sees the old site or the new one. */
static bool place_site(const struct district_options *o, const char *work,
    const struct district_community *c)
{
	char *from = xasprintf("%s/c/%s", work, c->slug);
	char *to = xasprintf("%s/c/%s", o->out, c->slug);
	char *old = xasprintf("%s/c/.%s.old", o->out, c->slug);
	char *cdir = xasprintf("%s/c", o->out);
	bool ok;

	mkdir(cdir, 0777);
	fs_remove_tree(old);
	rename(to, old);
	ok = rename(from, to) == 0;
	if (!ok) {
		fprintf(stderr, _("linli: cannot put %s in place: %s\n"), to,
		    strerror(errno));
		rename(old, to);
	}
	fs_remove_tree(old);
	free(from);
	free(to);
	free(old);
	free(cdir);
	return ok;
}

/* Removes the sites under OUT/c/ of communities no longer listed. */
static void remove_gone(const struct district *dist,
    const struct district_options *o, struct arena *a)
{
	char *cdir = xasprintf("%s/c", o->out);
	struct strmap slugs;
	DIR *dp = opendir(cdir);
	struct dirent *e;
	size_t i;

	strmap_init(&slugs, a);
	for (i = 0; i < dist->communities.n; i++)
		strmap_set(&slugs, dist->communities.items[i].slug, &slugs);
	while (dp && (e = readdir(dp))) {
		char *p;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    strmap_get(&slugs, e->d_name))
			continue;
		p = xasprintf("%s/%s", cdir, e->d_name);
		fs_remove_tree(p);
		free(p);
	}
	if (dp)
		closedir(dp);
	free(cdir);
}

static void list_bad_trees(const struct district *dist, bool kept)
{
	size_t i;

	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		if (c->failed && kept)
			fprintf(stderr, _("linli: %s (c/%s) has problems and "
			    "was not built; its previous site, if any, is kept\n"),
			    c->path, c->slug);
		else if (c->failed)
			fprintf(stderr, _("linli: %s (c/%s) has problems\n"),
			    c->path, c->slug);
	}
}

/* Where each community's site is for the portal: the new build, the
 * one in OUT/ (unchanged, or kept for a bad tree with --keep-going). */
static void find_sites(struct district *dist, const struct district_options *o,
    const char *work)
{
	size_t i;
	struct stat st;

	for (i = 0; i < dist->communities.n; i++) {
		struct district_community *c = &dist->communities.items[i];
		char *old = xasprintf("%s/c/%s/index.html", o->out, c->slug);
		if (c->built) {
			c->site_root = work;
		} else if (c->fresh || stat(old, &st) == 0) {
			c->site_root = o->out;
			c->built = true;
		}
		free(old);
	}
}

/* What shapes the district's own pages besides the theme: linli, today,
 * district.yaml and every community's inputs. */
static char *district_key(const struct district *dist,
    const struct district_options *o)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct stat st;
	size_t i;

	fnv(&h, LINLI_DISTRICT_KEY, sizeof LINLI_DISTRICT_KEY);
	if (stat("/proc/self/exe", &st) == 0) {
		fnv(&h, &st.st_size, sizeof st.st_size);
		fnv(&h, &st.st_mtim, sizeof st.st_mtim);
	}
	if (stat(dist->file, &st) == 0) {
		fnv(&h, &st.st_size, sizeof st.st_size);
		fnv(&h, &st.st_mtim, sizeof st.st_mtim);
	}
	fnv(&h, &o->today, sizeof o->today);
	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		fnv(&h, c->slug, strlen(c->slug) + 1);
		fnv(&h, c->digest, sizeof c->digest);
		fnv(&h, &c->built, sizeof c->built);
	}
	return xasprintf("district %016llx", (unsigned long long)h);
}

static void release_all(struct diag *d, struct arena *a, char *work)
{
	diag_release(d);
	arena_release(a);
	free(work);
}

int district_main(const struct district_options *o)
{
	struct arena a;
	struct diag d;
	struct district dist;
	struct district_figures fig;
	struct district_portal portal;
	struct writer w;
	const char *inputs[] = {o->theme, NULL};
	struct write_options wo = {0};
	size_t i, bad = 0, built = 0, kept = 0;
	char *work, *cdir, *key;
	bool ok;

	arena_init(&a);
	diag_init(&d);
	d.strict = o->strict;
	work = xasprintf("%s.linli-district", o->out);
	ok = district_load(&dist, o->dir, &a, &d);
	diag_flush(&d, stderr);
	if (!ok) {
		diag_summary(&d, stderr);
		fprintf(stderr, _("linli: nothing written; %s is unchanged\n"),
		    o->out);
		release_all(&d, &a, work);
		return 1;
	}
	for (i = 0; i < dist.communities.n; i++) {
		struct district_community *c = &dist.communities.items[i];
		community_digest(c, o);
		c->fresh = community_fresh(o, c);
		kept += c->fresh;
	}
	/* the new sites are built beside OUT/, then put in place */
	fs_remove_tree(work);
	cdir = xasprintf("%s/c", work);
	fs_make_dirs(cdir);
	free(cdir);
	cdir = xasprintf("%s/c", o->cache);
	fs_make_dirs(cdir);
	free(cdir);
	cdir = xasprintf("%s/district", o->cache);
	fs_make_dirs(cdir);
	free(cdir);
	build_all(&dist, o, work);
	for (i = 0; i < dist.communities.n; i++) {
		bad += dist.communities.items[i].failed;
		built += dist.communities.items[i].built;
	}
	if (bad && (!o->keep_going || bad == dist.communities.n)) {
		list_bad_trees(&dist, false);
		fprintf(stderr, o->keep_going ? _("linli: %zu of %zu "
		    "communities have problems; nothing written; %s is "
		    "unchanged\n") : _("linli: %zu of %zu communities have "
		    "problems; nothing written; %s is unchanged (--keep-going "
		    "builds the good ones)\n"), bad, dist.communities.n, o->out);
		fs_remove_tree(work);
		release_all(&d, &a, work);
		return 1;
	}
	find_sites(&dist, o, work);
	key = district_key(&dist, o);
	wo.out = o->out;
	wo.inputs = inputs;
	wo.key = key;
	wo.foreign = "c"; /* the communities' own builds */
	/* a community built again from the same inputs (its site was missing
	 * or damaged) leaves the key as it was, yet the pages must be made */
	wo.render_anyway = built > 0;
	ok = write_begin(&w, &wo, &d);
	if (ok && w.up_to_date && !built) {
		write_abort(&w); /* nothing changed at all */
	} else if (ok) {
		district_read_summaries(&portal, &dist, o->cache, o->today,
		    &a);
		ok = district_sum_figures(&fig, &dist, &a, &d) &&
		    render_district(&dist, &fig, &portal, o, &w, &d) &&
		    !diag_failed(&d);
		diag_flush(&d, stderr);
		if (!ok)
			write_abort(&w);
		else
			ok = write_commit(&w);
	}
	diag_flush(&d, stderr);
	free(key);
	if (!ok)
		fprintf(stderr, _("linli: nothing written; %s is unchanged\n"),
		    o->out);
	for (i = 0; ok && i < dist.communities.n; i++) {
		const struct district_community *c = &dist.communities.items[i];
		if (c->failed)
			forget_digest(o, c);
		else if (!c->fresh && place_site(o, work, c))
			save_digest(o, c);
	}
	for (i = 0; ok && i < dist.communities.n; i++)
		if (dist.communities.items[i].search_unreadable)
			forget_digest(o, &dist.communities.items[i]); /* rebuilt next */
	if (ok)
		remove_gone(&dist, o, &a);
	fs_remove_tree(work);
	if (ok && bad)
		list_bad_trees(&dist, true);
	if (ok && !o->quiet)
		printf(_("linli: district %s, %zu communities: %zu built, %zu "
		    "unchanged, %zu with problems, into %s\n"), dist.name,
		    dist.communities.n, built, kept, bad, o->out);
	release_all(&d, &a, work);
	return ok && !bad ? 0 : 1;
}
