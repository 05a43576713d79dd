/*
 * load: what every loader uses to read content: whole files checked as
 * text (size, lines, encoding, control characters), paths kept inside
 * content/, photos referenced. The walk of content/ that calls the loaders
 * is load_tree.c.
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

bool load_has_suffix(const char *s, const char *suffix)
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

bool load_inside_root(const struct loader *L, const char *real)
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
		if (!load_inside_root(L, real)) {
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
