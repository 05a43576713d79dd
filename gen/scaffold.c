/*
 * scaffold: `linli init` and `linli new`.
 *
 * These write into the user's content folder, never into out/: each file is
 * created with O_EXCL, so an existing one is never overwritten, not even by
 * a file that appears between our check and our write. Ids follow
 * FORMAT.md: made from the date (2024-09-09, then 2024-09-09-2, ...),
 * never from a Chinese title, and checked against every id in the content.
 */
#include "scaffold.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "fsutil.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "scaffold_text.h"
#include "strmap.h"
#include "xalloc.h"
#include "i18n.h"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

/* Creates path with text; false (with a message) when it exists or
 * cannot be written. */
static bool create_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd;

	if (!fs_make_parents(path)) {
		fprintf(stderr, _("%s: error: cannot make its folder: %s\n"), path,
		    strerror(errno));
		return false;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		fprintf(stderr, errno == EEXIST ? _("%s: error: already exists; "
		    "linli never overwrites a file\n") : _("%s: error: cannot "
		    "create: %s\n"), path, strerror(errno));
		return false;
	}
	if (write(fd, text, len) != (ssize_t)len || close(fd) != 0) {
		fprintf(stderr, _("%s: error: cannot write: %s\n"), path,
		    strerror(errno));
		return false;
	}
	return true;
}

/* Appends s as a double-quoted YAML scalar on one line. */
static void add_yaml_string(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n' || c == '\r' || c == '\t')
			buf_addc(b, ' ');
		else if (c < 0x20 || c == 0x7f)
			continue;
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

/* Expands a template: @TITLE@ (quoted), @DATE@, @YEAR@, @MONTH@, @ID@,
 * @TEAM@. */
struct fill {
	const char *title, *id, *team;
	struct date today;
};

static void expand(struct buf *b, const char *tpl, const struct fill *f)
{
	char iso[11];
	const char *p;

	date_iso(f->today, iso);
	for (p = tpl; *p; p++) {
		if (*p != '@') {
			buf_addc(b, *p);
		} else if (!strncmp(p, "@TITLE@", 7)) {
			add_yaml_string(b, f->title);
			p += 6;
		} else if (!strncmp(p, "@DATE@", 6)) {
			buf_adds(b, iso);
			p += 5;
		} else if (!strncmp(p, "@MONTH@", 7)) {
			buf_add(b, iso, 7);
			p += 6;
		} else if (!strncmp(p, "@YEAR@", 6)) {
			buf_add(b, iso, 4);
			p += 5;
		} else if (!strncmp(p, "@ID@", 4)) {
			buf_adds(b, f->id ? f->id : "");
			p += 3;
		} else if (!strncmp(p, "@TEAM@", 6)) {
			buf_adds(b, f->team ? f->team : "");
			p += 5;
		} else {
			buf_addc(b, *p);
		}
	}
}

static bool create_from(const char *path, const char *tpl,
    const struct fill *f)
{
	struct buf b = BUF_INIT;
	bool ok;

	expand(&b, tpl, f);
	ok = create_file(path, b.data);
	buf_release(&b);
	return ok;
}

/* dir without trailing slashes, for the paths we print (heap). */
static char *trim_slashes(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xstrndup(dir, n);
}

/* --- init --------------------------------------------------------------- */

static bool is_empty_or_absent(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return errno == ENOENT;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

/* The spreadsheet to fill in instead of data/service.csv: the header row
 * the loader reads, dates formatted as dates, and a sheet of help. */
static bool write_service_xlsx(const char *path)
{
	static const char *const head[] = {"日期", "志愿者", "队伍", "活动",
	    "时长", "积分"};
	static const double widths[] = {14, 12, 22, 26, 8, 8};
	lxw_workbook *wb;
	lxw_worksheet *ws, *help;
	lxw_format *bold, *day;
	lxw_error err;
	int i;

	if (!fs_make_parents(path) || access(path, F_OK) == 0)
		return false;
	if (!(wb = workbook_new(path)))
		return false;
	ws = workbook_add_worksheet(wb, "志愿服务");
	help = workbook_add_worksheet(wb, "填写说明");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	day = workbook_add_format(wb);
	format_set_num_format(day, "yyyy-mm-dd");
	for (i = 0; i < 6; i++) {
		worksheet_write_string(ws, 0, (lxw_col_t)i, head[i], bold);
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i],
		    i == 0 ? day : NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_set_column(help, 0, 0, 90, NULL);
	for (i = 0; scaffold_xlsx_help[i]; i++)
		worksheet_write_string(help, (lxw_row_t)i, 0,
		    scaffold_xlsx_help[i], i == 0 ? bold : NULL);
	err = workbook_close(wb);
	return err == LXW_NO_ERROR;
}

int scaffold_init(const char *dir_arg, struct date today, bool quiet)
{
	struct fill f = {"", NULL, "zhiyuan", {0, 0, 0}};
	struct buf p = BUF_INIT;
	char *dir = trim_slashes(dir_arg);
	bool ok = true;
	size_t i;

	f.today = today;
	if (!is_empty_or_absent(dir)) {
		fprintf(stderr, _("%s: error: this folder is not empty; linli init "
		    "starts a community only in a new or empty folder\n"), dir);
		free(dir);
		return EXIT_CONTENT;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, _("%s: error: cannot create: %s\n"), dir,
		    strerror(errno));
		free(dir);
		return EXIT_CONTENT;
	}
	for (i = 0; ok && scaffold_starter[i].path; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/", dir);
		expand(&p, scaffold_starter[i].path, &f);
		ok = create_from(p.data, scaffold_starter[i].text, &f);
	}
	buf_reset(&p);
	buf_printf(&p, "%s/templates/service.xlsx", dir);
	if (ok && !(ok = write_service_xlsx(p.data)))
		fprintf(stderr, _("%s: error: cannot write the spreadsheet\n"),
		    p.data);
	if (ok && !quiet)
		printf(_("linli: a new community is in %s; read %s/README.md, "
		    "then run: linli serve -C %s/content\n"), dir, dir, dir);
	buf_release(&p);
	free(dir);
	return ok ? 0 : EXIT_CONTENT;
}

/* --- new ---------------------------------------------------------------- */

/* Every id in the content, of one kind. */
static void collect_ids(const struct model *m, const char *kind,
    struct strmap *ids)
{
	size_t i;

	if (!strcmp(kind, "activity")) {
		for (i = 0; i < m->activities.n; i++)
			strmap_set(ids, m->activities.items[i].id, ids);
	} else if (!strcmp(kind, "story")) {
		for (i = 0; i < m->stories.n; i++)
			if (m->stories.items[i].id)
				strmap_set(ids, m->stories.items[i].id, ids);
	} else if (!strcmp(kind, "team")) {
		for (i = 0; i < m->teams.n; i++)
			strmap_set(ids, m->teams.items[i].id, ids);
	}
}

static const struct scaffold_kind *find_kind(const char *kind)
{
	size_t i;

	for (i = 0; scaffold_kinds[i].name; i++)
		if (!strcmp(scaffold_kinds[i].name, kind))
			return &scaffold_kinds[i];
	return NULL;
}

/* The path of a record with this id (the honour's base name). */
static void record_path(struct buf *path, const char *content,
    const struct scaffold_kind *k, const struct fill *f)
{
	buf_reset(path);
	buf_printf(path, "%s/", content);
	expand(path, k->path, f);
}

/* Picks the id (date-based unless given) and the file; false when a given
 * id is taken or bad. */
static bool choose(const char *content, const struct scaffold_kind *k,
    const char *given, struct strmap *ids, struct arena *a, struct fill *f,
    struct buf *path)
{
	char iso[11];
	const char *base;
	int n;

	if (given) {
		if (!load_valid_id(given)) {
			fprintf(stderr, _("linli: error: id '%s' may hold only small "
			    "ASCII letters, digits and '-', like heshilao or "
			    "2024-09-market\n"), given);
			return false;
		}
		if (strmap_get(ids, given)) {
			fprintf(stderr, _("linli: error: there is already a%s %s "
			    "with id '%s'; choose another\n"), k->name[0] == 'a' ?
			    "n" : "", k->name, given);
			return false;
		}
		f->id = given;
		record_path(path, content, k, f);
		return true;
	}
	date_iso(f->today, iso);
	base = arena_printf(a, "%s%s", k->id_prefix, iso);
	for (n = 1;; n++) {
		f->id = n == 1 ? base : arena_printf(a, "%s-%d", base, n);
		record_path(path, content, k, f);
		if (!strmap_get(ids, f->id) && access(path->data, F_OK) != 0)
			return true;
	}
}

static int new_record(const char *content, const char *kind,
    const char *title, const char *id, struct date today, bool quiet)
{
	const struct scaffold_kind *k = find_kind(kind);
	struct model m;
	struct diag d;
	struct strmap ids;
	struct buf path = BUF_INIT, site = BUF_INIT;
	struct fill f = {NULL, NULL, NULL, today};
	int rc = EXIT_CONTENT;

	if (!k) {
		fprintf(stderr, _("linli: error: new makes an activity, story, team "
		    "or honour, not '%s'\n"), kind);
		return EXIT_USAGE;
	}
	if (id && !k->has_id) {
		fputs(_("linli: error: an honour has no id; leave out --id\n"),
		    stderr);
		return EXIT_USAGE;
	}
	buf_printf(&site, "%s/site.yaml", content);
	if (access(site.data, F_OK) != 0) {
		fprintf(stderr, _("%s: error: no site.yaml here, so this is not a "
		    "content folder; give the right one with -C, or start one "
		    "with linli init\n"), content);
		goto out_site;
	}
	f.title = title && *title ? title : k->placeholder;
	diag_init(&d);
	model_init(&m, content, today);
	/* Ids from every file that reads; a file with errors is reported by
	 * the next build, not here. */
	load_content(&m, &d);
	strmap_init(&ids, &m.arena);
	collect_ids(&m, kind, &ids);
	if (choose(content, k, id, &ids, &m.arena, &f, &path) &&
	    create_from(path.data, k->text, &f)) {
		if (!quiet)
			printf("%s\n", path.data);
		rc = 0;
	}
	model_release(&m);
	diag_release(&d);
	buf_release(&path);
out_site:
	buf_release(&site);
	return rc;
}

int scaffold_new(const char *content_arg, const char *kind, const char *title,
    const char *id, struct date today, bool quiet)
{
	char *content = trim_slashes(content_arg);
	int rc = new_record(content, kind, title, id, today, quiet);

	free(content);
	return rc;
}
