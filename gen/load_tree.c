/*
 * load_tree: the loading stage. Walks content/ and hands each file to its
 * loader (load_records.c, load_story.c, load_csv.c ...), which read it
 * through load.c.
 *
 * Files are read in a fixed order (sorted by name, byte-wise) so that
 * derived ids and every output are the same on every machine.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "load.h"
#include "xalloc.h"
#include "i18n.h"

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef void (*file_loader)(struct loader *L, const char *rel,
    const char *display, const char *text, size_t len);

/* Calls fn for every file below rel (recursively when deep) whose name ends
 * in one of the suffixes, in sorted order, with its text. Without suffixes
 * fn gets every file and no text (it reads the file itself). A missing
 * folder is fine. */
static void walk(struct loader *L, const char *rel, bool deep,
    const char *const *suffixes, file_loader fn)
{
	char *dirpath = arena_printf(&L->m->arena, "%s/%s", L->root, rel);
	DIR *dir = opendir(dirpath);
	struct dirent *e;
	VEC(char *) names = {0};
	size_t i, k;

	if (!dir) {
		if (errno != ENOENT)
			diag_error(L->d, pos_make(load_display_path(L, rel), 0, 0),
			    "cannot open folder: %s", strerror(errno));
		return;
	}
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			VEC_PUSH(&L->m->arena, &names,
			    arena_strdup(&L->m->arena, e->d_name));
	closedir(dir);
	if (names.n > 1)
		qsort(names.items, names.n, sizeof(*names.items), compare_names);
	for (i = 0; i < names.n; i++) {
		char *child = arena_printf(&L->m->arena, "%s/%s", rel,
		    names.items[i]);
		char *full = arena_printf(&L->m->arena, "%s/%s", L->root, child);
		const char *display = load_display_path(L, child);
		struct stat st;
		char real[PATH_MAX];

		if (stat(full, &st) != 0) {
			diag_error(L->d, pos_make(display, 0, 0), "cannot read: %s",
			    strerror(errno));
			continue;
		}
		if (!realpath(full, real) || !load_inside_root(L, real)) {
			diag_error(L->d, pos_make(display, 0, 0), "this is a link "
			    "to something outside the content folder; linli reads "
			    "only what is inside it (copy the file in instead)");
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (deep)
				walk(L, child, deep, suffixes, fn);
			continue;
		}
		if (!suffixes) {
			if (S_ISREG(st.st_mode))
				fn(L, child, display, NULL, 0);
			continue;
		}
		for (k = 0; suffixes[k]; k++)
			if (load_has_suffix(names.items[i], suffixes[k]))
				break;
		if (!suffixes[k] || !S_ISREG(st.st_mode))
			continue;
		{
			size_t len;
			char *text = load_read_file(L, full, display, &len);
			if (text) {
				fn(L, child, display, text, len);
				free(text);
			}
			arena_reset(L->tree);
		}
	}
}

static void teams_fn(struct loader *L, const char *rel, const char *display,
    const char *text, size_t len)
{
	(void)rel;
	load_teams_file(L, display, text, len);
}

static void activities_fn(struct loader *L, const char *rel,
    const char *display, const char *text, size_t len)
{
	(void)rel;
	load_activities_file(L, display, text, len);
}

static void achievements_fn(struct loader *L, const char *rel,
    const char *display, const char *text, size_t len)
{
	(void)rel;
	load_achievements_file(L, display, text, len);
}

static void stories_fn(struct loader *L, const char *rel, const char *display,
    const char *text, size_t len)
{
	(void)rel;
	load_story_file(L, display, text, len);
}

/* The extension of name, lower-cased, without the dot ("" when none). */
static void extension(const char *name, char out[16])
{
	const char *dot = strrchr(name, '.');
	size_t i;

	out[0] = '\0';
	if (!dot || dot == name || strlen(dot + 1) >= 16)
		return;
	for (i = 0; dot[1 + i]; i++)
		out[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ?
		    dot[1 + i] - 'A' + 'a' : dot[1 + i]);
	out[i] = '\0';
}

/* What to do instead for a spreadsheet linli cannot read, by extension;
 * NULL when it is none we know. */
static const char *save_instead(const char *ext)
{
	static const char *const known[][2] = {
		{"xls", N_("an old Excel workbook (.xls, Excel 97-2003): open it in "
		    "Excel or WPS and save it as \"Excel 工作簿 (*.xlsx)\"")},
		{"xlsb", N_("a binary Excel workbook (.xlsb): open it in Excel and "
		    "save it as \"Excel 工作簿 (*.xlsx)\"")},
		{"et", N_("a WPS 表格 file (.et): open it in WPS and save it "
		    "(文件 → 另存为) as \"Excel 工作簿 (*.xlsx)\"")},
		{"ett", N_("a WPS 表格 template (.ett): open it in WPS and save it "
		    "(文件 → 另存为) as \"Excel 工作簿 (*.xlsx)\"")},
		{"numbers", N_("an Apple Numbers file: export it from Numbers "
		    "(文件 → 导出为 → Excel) as .xlsx")},
		{"ods", N_("an OpenDocument spreadsheet (.ods): save it in "
		    "LibreOffice or WPS as \"Excel 2007-365 (.xlsx)\"")},
		{"xltx", N_("an Excel template: save it as \"Excel 工作簿 (*.xlsx)\"")},
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(ext, known[i][0]) == 0)
			return _(known[i][1]);
	return NULL;
}

static void load_data_file(struct loader *L, const char *kind, size_t k,
    const char *rel, const char *display, bool xlsx)
{
	char *full = arena_printf(&L->m->arena, "%s/%s", L->root, rel);
	struct buf b = BUF_INIT;
	size_t len;
	char *text;

	if (L->data_files[k]) {
		diag_error(L->d, pos_make(display, 0, 0), "both %s and %s hold "
		    "the %s table; keep one of them in data/ (move the other "
		    "out of content/)", L->data_files[k], display, kind);
		return;
	}
	L->data_files[k] = display;
	if (!xlsx) {
		text = load_read_file(L, full, display, &len);
		if (text)
			load_csv_file(L, kind, display, text, len);
		free(text);
	} else if (load_read_bytes(L, full, display, &b)) {
		load_xlsx_file(L, kind, display, b.data, b.len);
		buf_release(&b);
	}
}

static void data_fn(struct loader *L, const char *rel, const char *display,
    const char *text, size_t len)
{
	static const char *const kinds[] = {"service", "roster", "redemptions",
	    NULL};
	const char *base = strrchr(rel, '/') + 1, *instead;
	char ext[16];
	size_t k, n;

	(void)text, (void)len;
	extension(base, ext);
	if (strncmp(base, "~$", 2) == 0) {
		diag_warning(L->d, pos_make(display, 0, 0), "this is the lock file "
		    "Excel or WPS keeps while '%s' is open: save your work there "
		    "and close it, so that linli reads what you last wrote",
		    base + 2);
		return;
	}
	for (k = 0; kinds[k]; k++) {
		n = strlen(kinds[k]);
		if (strncmp(base, kinds[k], n) != 0 || base[n] != '.')
			continue;
		if (strcmp(ext, "csv") == 0 || strcmp(ext, "txt") == 0 ||
		    strcmp(ext, "tsv") == 0) {
			load_data_file(L, kinds[k], k, rel, display, false);
			return;
		}
		if (strcmp(ext, "xlsx") == 0 || strcmp(ext, "xlsm") == 0) {
			load_data_file(L, kinds[k], k, rel, display, true);
			return;
		}
	}
	if ((instead = save_instead(ext))) {
		diag_error(L->d, pos_make(display, 0, 0), "linli cannot read %s; "
		    "then name it service.xlsx, roster.xlsx or redemptions.xlsx "
		    "for the table it holds", instead);
		return;
	}
	diag_error(L->d, pos_make(display, 0, 0), "unknown data file; data/ "
	    "holds service, roster and redemptions, each as .csv (or Excel's "
	    "tab-separated .txt) or .xlsx: rename the file after the table it "
	    "holds, or move it out of content/");
}

static bool load_site_file(struct loader *L)
{
	const char *display = load_display_path(L, "site.yaml");
	char *full = arena_printf(&L->m->arena, "%s/site.yaml", L->root);
	size_t len;
	char *text;

	if (access(full, F_OK) != 0) {
		diag_error(L->d, pos_make(display, 0, 0), "missing: every "
		    "content folder needs a site.yaml with at least the "
		    "community's name");
		return false;
	}
	text = load_read_file(L, full, display, &len);
	if (!text)
		return false;
	load_site(L, display, text, len);
	free(text);
	return true;
}

bool load_content(struct model *m, struct diag *d)
{
	static const char *const yaml[] = {".yaml", ".yml", NULL};
	static const char *const md[] = {".md", ".markdown", NULL};
	struct arena tree;
	struct loader L = {m, d, m->content_dir, NULL, &tree, {NULL, NULL, NULL}};
	bool ok;

	arena_init(&tree);
	L.root_real = realpath(m->content_dir, NULL);
	if (!L.root_real && errno == ENOENT && access("site.yaml", F_OK) == 0) {
		/* Run inside the content folder itself. */
		diag_error(d, pos_make(m->content_dir, 0, 0), "there is no folder "
		    "'%s' here, but this folder holds site.yaml: to read this "
		    "folder, add -C . (e.g. linli build -C .)", m->content_dir);
		arena_release(&tree);
		return false;
	}
	if (!L.root_real) {
		diag_error(d, pos_make(m->content_dir, 0, 0), "cannot open the "
		    "content folder: %s", strerror(errno));
		arena_release(&tree);
		return false;
	}
	ok = load_site_file(&L);
	walk(&L, "teams", false, yaml, teams_fn);
	walk(&L, "activities", true, yaml, activities_fn);
	walk(&L, "achievements", false, yaml, achievements_fn);
	walk(&L, "stories", true, md, stories_fn);
	walk(&L, "data", false, NULL, data_fn);
	load_derive_ids(&L);
	arena_release(&tree);
	free(L.root_real);
	return ok;
}
