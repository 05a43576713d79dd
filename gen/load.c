/*
 * load: walk content/ and hand each file to its loader.
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
#include "textenc.h"
#include "utf8.h"
#include "xalloc.h"
#include "i18n.h"

/* The length of the control character at s (C0 but tab, newline and
 * carriage return; DEL; C1), or 0. */
static size_t control_at(const unsigned char *s, size_t left)
{
	if ((*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7f)
		return 1;
	if (left >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	return 0;
}

/* Reports the first control character (NUL, U+0001 ...) at its line and
 * column, counting the others, and blanks them all so that the rest of
 * the file is still read and its other problems reported too. */
static void check_controls(struct loader *L, const char *display, char *text,
    size_t len)
{
	int line = 1, col = 1, at_line = 0, at_col = 0;
	size_t i, n, count = 0;
	unsigned code = 0;

	for (i = 0; i < len; i += n ? n : 1) {
		unsigned char c = (unsigned char)text[i];
		n = control_at((const unsigned char *)text + i, len - i);
		if (n) {
			if (!count++) {
				at_line = line;
				at_col = col;
				code = n == 1 ? c : (unsigned char)text[i + 1];
			}
			memset(text + i, ' ', n);
			col++;
		} else if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xc0) != 0x80) {
			col++;
		}
	}
	if (!count)
		return;
	if (count == 1)
		diag_error(L->d, pos_make(display, at_line, at_col), "an invisible "
		    "control character (U+%04X%s) is here; delete it (it often "
		    "comes with text copied from another program)", code,
		    code ? "" : ", NUL");
	else
		diag_error(L->d, pos_make(display, at_line, at_col), "an invisible "
		    "control character (U+%04X%s) is here, and %zu more in this "
		    "file; delete them (they often come with text copied from "
		    "another program)", code, code ? "" : ", NUL", count - 1);
}

const char *load_display_path(struct loader *L, const char *rel)
{
	return arena_printf(&L->m->arena, "%s/%s", L->root, rel);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool check_lines(struct loader *L, const char *display,
    const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int line = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n > LOAD_MAX_LINE) {
			diag_error(L->d, pos_make(display, line, 1), "line is too "
			    "long (%zu bytes; the limit is %u)", n, LOAD_MAX_LINE);
			return false;
		}
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return true;
}

static bool check_utf8(struct loader *L, const char *display, const char *text,
    size_t len)
{
	size_t bad = utf8_invalid_at(text, len);
	int line = 1, col = 1;
	size_t i;

	if (bad == len)
		return true;
	for (i = 0; i < bad; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	diag_error(L->d, pos_make(display, line, col), "invalid UTF-8 (byte "
	    "0x%02x); save the file as UTF-8", (unsigned char)text[bad]);
	return false;
}

bool load_read_bytes(struct loader *L, const char *path, const char *display,
    struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f) {
		diag_error(L->d, pos_make(display, 0, 0), "cannot read: %s",
		    strerror(errno));
		return false;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > LOAD_MAX_FILE) {
			diag_error(L->d, pos_make(display, 0, 0), "file is too large "
			    "(over %u MiB)", LOAD_MAX_FILE >> 20);
			goto fail;
		}
	}
	if (ferror(f)) {
		diag_error(L->d, pos_make(display, 0, 0), "cannot read: %s",
		    strerror(errno));
		goto fail;
	}
	fclose(f);
	return true;
fail:
	fclose(f);
	buf_release(b);
	return false;
}

/* What to choose next time to save UTF-8: in a spreadsheet program for a
 * table (.csv, .tsv, .txt), in a text editor for the rest. */
static const char *save_advice(const char *display)
{
	const char *dot = strrchr(display, '.');

	if (dot && (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".tsv") ==
	    0 || strcasecmp(dot, ".txt") == 0))
		return _("in Excel, 另存为 and choose \"CSV UTF-8 (逗号分隔)\"; "
		    "in WPS, 另存为 and choose the UTF-8 encoding; or put the "
		    ".xlsx workbook itself in data/");
	return _("in Notepad (记事本), 另存为 and choose 编码 \"UTF-8\"; in "
	    "WPS or another editor, choose the UTF-8 encoding when saving");
}

/* Turns b into UTF-8 text (textenc.h), warning when it was in another
 * encoding; false (reported) when it is not text linli can read. */
static bool decode_text(struct loader *L, const char *display, struct buf *b)
{
	enum textenc enc = textenc_to_utf8(b);

	switch (enc) {
	case TEXTENC_UTF8:
		return true;
	case TEXTENC_BAD_UTF8:
		return check_utf8(L, display, b->data, b->len);
	case TEXTENC_BAD_UTF16:
		diag_error(L->d, pos_make(display, 0, 0), "the file starts like "
		    "UTF-16 text but is not valid UTF-16; save it as UTF-8");
		return false;
	case TEXTENC_GB18030:
		diag_warning(L->d, pos_make(display, 0, 0), "not saved as UTF-8; "
		    "read as GB18030 (the Chinese \"ANSI\" encoding). Next time "
		    "save it as UTF-8: %s", save_advice(display));
		return true;
	default:
		diag_warning(L->d, pos_make(display, 0, 0), "saved as %s "
		    "(\"Unicode\") rather than UTF-8; read as such. Next time "
		    "save it as UTF-8: %s", textenc_name(enc), save_advice(display));
		return true;
	}
}

char *load_read_file(struct loader *L, const char *path, const char *display,
    size_t *len)
{
	struct buf b = BUF_INIT;

	if (!load_read_bytes(L, path, display, &b))
		return NULL;
	if (!decode_text(L, display, &b) ||
	    !check_lines(L, display, b.data, b.len)) {
		buf_release(&b);
		return NULL;
	}
	check_controls(L, display, b.data, b.len);
	return buf_detach(&b, len);
}

/* True when real (a resolved path) is root_real or below it. */
static bool inside_root(const struct loader *L, const char *real)
{
	size_t n = strlen(L->root_real);

	return strncmp(real, L->root_real, n) == 0 &&
	    (real[n] == '\0' || real[n] == '/');
}

bool load_check_path(struct loader *L, const char *rel, struct pos p,
    bool *exists)
{
	const char *s;
	char *full, real[PATH_MAX];
	bool ok = true;

	*exists = false;
	if (rel[0] == '/' || rel[0] == '\\' || strstr(rel, "://") ||
	    (rel[0] && rel[1] == ':')) {
		diag_error(L->d, p, "path '%s' must be relative to the content "
		    "folder, like media/2024/photo.jpg", rel);
		return false;
	}
	for (s = rel; *s; s = strchr(s, '/') ? strchr(s, '/') + 1 : s + strlen(s))
		if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0')) {
			diag_error(L->d, p, "path '%s' leaves the content folder "
			    "('..' is not allowed)", rel);
			return false;
		}
	full = arena_printf(&L->m->arena, "%s/%s", L->root, rel);
	if (realpath(full, real)) {
		*exists = true;
		if (!inside_root(L, real)) {
			diag_error(L->d, p, "path '%s' is a link that leads outside "
			    "the content folder", rel);
			ok = false;
		}
	}
	return ok;
}

bool load_photo(struct loader *L, const char *src, struct pos p,
    struct photo *ph)
{
	ph->src = src;
	ph->pos = p;
	/* The file itself is read once, by the media stage (media.c), which
	 * also says when it is no image it can read. */
	return load_check_path(L, src, p, &ph->exists);
}

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
		if (!realpath(full, real) || !inside_root(L, real)) {
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
			if (has_suffix(names.items[i], suffixes[k]))
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
