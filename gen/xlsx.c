/*
 * xlsx: an Excel workbook's first sheet, cell by cell (see xlsx.h).
 *
 * A workbook is a zip of XML parts. _rels/.rels names the workbook part;
 * the workbook lists the sheets in tab order and its own _rels file says
 * which part holds each, and where the shared strings and the styles are.
 * Each part is streamed from libzip straight into expat, so memory holds
 * the shared strings and the styles' number formats, never a whole sheet.
 * Element names are matched by their local name, so prefixed (x:c) and
 * Strict OOXML files read too.
 */
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "date.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"
#include "xlsx.h"
#include "i18n.h"

struct rel {
	char *id, *type, *target;
};

enum fmt_class { FMT_NONE, FMT_DATE, FMT_TIME };

struct xlsx {
	zip_t *za;
	const struct xlsx_callbacks *cb;
	struct buf *err;
	XML_Parser parser;
	const char *part; /* the part being parsed, for messages */
	size_t total;     /* uncompressed bytes read so far */
	bool failed, halted;

	struct rel *rels; /* of the part last read with read_rels */
	size_t nrels;

	bool date1904;
	struct sheet_entry {
		char *name, *rid;
		bool hidden;
	} *sheets;         /* the workbook's sheets, in tab order */
	size_t nsheets;
	const char *sheet_name; /* the one read (in sheets) */

	int *fmt_ids; /* custom number formats: id, code */
	char **fmt_codes;
	size_t nfmts;
	int *xf_fmt;  /* cellXfs: each style's numFmtId, then its class */
	size_t nxf, capxf;
	unsigned char *xf_class;
	int depth_numfmts, depth_xfs, depth;

	struct buf strings; /* shared strings, each NUL-terminated */
	size_t *str_off;
	size_t nstr, capstr;

	/* The element being read. */
	bool in_si, in_c, in_v, in_is, in_t, in_rph, in_f, has_v;
	struct buf text;
	int row, column, cell_row; /* the current row; the last cell's column */
	int style;
	char type[16];
	bool row_has_cells, in_row;
};

__attribute__((format(printf, 2, 3)))
static void fail(struct xlsx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->failed)
		return;
	x->failed = true;
	va_start(ap, fmt);
	buf_vprintf(x->err, _(fmt), ap);
	va_end(ap);
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
}

static const char *local(const char *name)
{
	const char *s = strrchr(name, '|');

	return s ? s + 1 : name;
}

static bool is(const char *name, const char *want)
{
	return strcmp(local(name), want) == 0;
}

static const char *attr(const char **atts, const char *want)
{
	for (; *atts; atts += 2)
		if (strcmp(local(atts[0]), want) == 0)
			return atts[1];
	return NULL;
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
    const XML_Char *pub, int internal)
{
	struct xlsx *x = ud;

	(void)name, (void)sys, (void)pub, (void)internal;
	/* Workbooks never carry a DTD; one here can only be an attack. */
	fail(x, "%s holds a document type declaration, which no Excel "
	    "file has", x->part);
}

/* Streams the zip entry name through a fresh expat parser with the given
 * handlers. A missing entry is fine unless required. */
static bool parse_part(struct xlsx *x, const char *name, bool required,
    XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler chars)
{
	zip_int64_t idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	zip_file_t *zf;
	zip_stat_t st;
	char chunk[65536];
	size_t size = 0;

	if (idx < 0) {
		if (required)
			fail(x, "%s is missing inside the file; it is not an Excel "
			    "workbook (.xlsx), or it is damaged", name);
		return !required;
	}
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART) {
		fail(x, "%s is too large unpacked (over %u MiB)", name,
		    XLSX_MAX_PART >> 20);
		return false;
	}
	zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!zf) {
		int ze = zip_error_code_zip(zip_get_error(x->za));
		fail(x, ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_ENCRNOTSUPP ?
		    "the workbook is protected by a password; save a copy "
		    "without one" : "cannot unpack %s: %s", name,
		    zip_strerror(x->za));
		return false;
	}
	x->part = name;
	x->parser = XML_ParserCreateNS(NULL, '|');
	if (!x->parser)
		xdie("out of memory");
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, start, end);
	XML_SetCharacterDataHandler(x->parser, chars);
	XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, sizeof(chunk));

		if (n < 0) {
			fail(x, "cannot unpack %s: %s; the file is damaged", name,
			    zip_file_strerror(zf));
			break;
		}
		size += (size_t)n;
		x->total += (size_t)n;
		if (size > XLSX_MAX_PART || x->total > XLSX_MAX_TOTAL) {
			fail(x, "%s is too large unpacked (over %u MiB)", name,
			    (size > XLSX_MAX_PART ? XLSX_MAX_PART : XLSX_MAX_TOTAL) >>
			    20);
			break;
		}
		if (XML_Parse(x->parser, chunk, (int)n, n == 0) ==
		    XML_STATUS_ERROR) {
			if (!x->failed && !x->halted)
				fail(x, "%s is not well-formed XML (line %lu: %s); the "
				    "file is damaged", name,
				    (unsigned long)XML_GetCurrentLineNumber(x->parser),
				    XML_ErrorString(XML_GetErrorCode(x->parser)));
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(x->parser);
	x->parser = NULL;
	zip_fclose(zf);
	return !x->failed;
}

/* --- relationships ----------------------------------------------------- */

static void free_rels(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	free(x->rels);
	x->rels = NULL;
	x->nrels = 0;
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target");

	if (!is(name, "Relationship") || !id || !type || !target)
		return;
	x->rels = xreallocarray(x->rels, x->nrels + 1, sizeof(*x->rels));
	x->rels[x->nrels].id = xstrdup(id);
	x->rels[x->nrels].type = xstrdup(type);
	x->rels[x->nrels].target = xstrdup(target);
	x->nrels++;
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void no_chars(void *ud, const XML_Char *s, int n)
{
	(void)ud, (void)s, (void)n;
}

/* True when r's type ends in suffix ("/worksheet"). */
static bool rel_is(const struct rel *r, const char *suffix)
{
	size_t m = strlen(r->type), n = strlen(suffix);

	return m >= n && strcmp(r->type + m - n, suffix) == 0;
}

/* The target of the first relationship whose type ends in suffix, or
 * NULL. */
static const char *find_rel(const struct xlsx *x, const char *suffix)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (rel_is(&x->rels[i], suffix))
			return x->rels[i].target;
	return NULL;
}

/* The zip entry name of target, relative to the folder base ("xl/") or
 * absolute ("/xl/..."), with "." and ".." resolved; heap. */
static char *resolve(const char *base, const char *target)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	char *seg, *save = NULL;

	if (target[0] == '/')
		buf_adds(&in, target + 1);
	else
		buf_printf(&in, "%s%s", base, target);
	for (seg = strtok_r(in.data, "/", &save); seg;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			char *slash = strrchr(out.data, '/');
			buf_truncate(&out, slash ? (size_t)(slash - out.data) : 0);
			continue;
		}
		if (out.len)
			buf_addc(&out, '/');
		buf_adds(&out, seg);
	}
	buf_release(&in);
	return buf_detach(&out, NULL);
}

/* The folder of a part name, with its '/': "xl/" for xl/workbook.xml. */
static char *folder_of(const char *part)
{
	const char *slash = strrchr(part, '/');
	size_t n = slash ? (size_t)(slash - part) + 1 : 0;
	char *s = xmalloc(n + 1);

	memcpy(s, part, n);
	s[n] = '\0';
	return s;
}

/* --- workbook ---------------------------------------------------------- */

static void workbook_start(void *ud, const XML_Char *name,
    const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *v;

	if (is(name, "workbookPr")) {
		v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (is(name, "sheet")) {
		const char *sheet = attr(atts, "name"), *rid = attr(atts, "id");
		struct sheet_entry *e;

		if (!sheet || !rid || x->nsheets >= 4096)
			return;
		x->sheets = xreallocarray(x->sheets, x->nsheets + 1,
		    sizeof(*x->sheets));
		e = &x->sheets[x->nsheets++];
		e->name = xstrdup(sheet);
		e->rid = xstrdup(rid);
		e->hidden = (v = attr(atts, "state")) && strcmp(v, "visible");
	}
}

/* The part of the first worksheet in tab order that the user can see (a
 * hidden one only when all are hidden; chart sheets never), or NULL. */
static const char *pick_sheet(struct xlsx *x)
{
	size_t i, k;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < x->nsheets; i++) {
			if (pass == 0 && x->sheets[i].hidden)
				continue;
			for (k = 0; k < x->nrels; k++) {
				const struct rel *r = &x->rels[k];
				if (strcmp(r->id, x->sheets[i].rid) == 0 &&
				    rel_is(r, "/worksheet")) {
					x->sheet_name = x->sheets[i].name;
					return r->target;
				}
			}
		}
	return NULL;
}

/* --- styles: which cells hold dates ------------------------------------ */

bool xlsx_format_is_date(int id, const char *code, bool *time_only)
{
	bool date = false, time = false, quoted = false;
	const char *s;

	*time_only = false;
	if (!code) {
		/* Built-in formats, with those of Chinese, Japanese and Korean
		 * Excel (27-36, 50-58), which WPS also writes without a code. */
		date = (id >= 14 && id <= 17) || id == 22 || (id >= 27 &&
		    id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 ||
		    id == 58;
		*time_only = (id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
		    (id >= 45 && id <= 47) || id == 55 || id == 56;
		return date || *time_only;
	}
	for (s = code; *s; s++) {
		char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (quoted) {
			quoted = ch != '"';
		} else if (ch == '"') {
			quoted = true;
		} else if ((ch == '\\' || ch == '_' || ch == '*') && s[1]) {
			s++; /* a literal character, or a padding one */
		} else if (ch == '[') {
			/* [h], [mm], [ss] are elapsed times; [Red], [$-804] are
			 * colours and locales. */
			time |= s[1] == 'h' || s[1] == 'H' || s[1] == 'm' ||
			    s[1] == 'M' || s[1] == 's' || s[1] == 'S';
			while (*s && *s != ']')
				s++;
			if (!*s)
				break;
		} else if (ch == ';') {
			break; /* only the format for positive numbers */
		} else if (ch == 'y' || ch == 'd') {
			date = true;
		} else if (ch == 'h' || ch == 's') {
			time = true;
		} else if (ch == 'm') {
			/* A month unless a time is around: "h:mm", "mm:ss". */
			date |= !time;
		}
	}
	if (time && date && !strpbrk(code, "yYdD"))
		date = false; /* "h:mm" read m as a month above */
	*time_only = time && !date;
	return date || time;
}

static void styles_start(void *ud, const XML_Char *name,
    const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id = attr(atts, "numFmtId"), *code;

	x->depth++;
	if (is(name, "numFmts")) {
		x->depth_numfmts = x->depth;
	} else if (is(name, "cellXfs")) {
		x->depth_xfs = x->depth;
	} else if (is(name, "numFmt") && x->depth_numfmts && id &&
	    (code = attr(atts, "formatCode"))) {
		x->fmt_ids = xreallocarray(x->fmt_ids, x->nfmts + 1,
		    sizeof(*x->fmt_ids));
		x->fmt_codes = xreallocarray(x->fmt_codes, x->nfmts + 1,
		    sizeof(*x->fmt_codes));
		x->fmt_ids[x->nfmts] = atoi(id);
		x->fmt_codes[x->nfmts++] = xstrdup(code);
	} else if (is(name, "xf") && x->depth_xfs &&
	    x->depth == x->depth_xfs + 1) {
		if (x->nxf == x->capxf) {
			x->capxf = x->capxf ? x->capxf * 2 : 64;
			x->xf_fmt = xreallocarray(x->xf_fmt, x->capxf,
			    sizeof(*x->xf_fmt));
		}
		x->xf_fmt[x->nxf++] = id ? atoi(id) : 0;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;

	if (x->depth == x->depth_numfmts && is(name, "numFmts"))
		x->depth_numfmts = 0;
	if (x->depth == x->depth_xfs && is(name, "cellXfs"))
		x->depth_xfs = 0;
	x->depth--;
}

/* Classifies every style once the formats are all known. */
static void classify_styles(struct xlsx *x)
{
	size_t i, k;

	x->xf_class = xcalloc(x->nxf ? x->nxf : 1, 1);
	for (i = 0; i < x->nxf; i++) {
		const char *code = NULL;
		bool time_only;

		for (k = 0; k < x->nfmts; k++)
			if (x->fmt_ids[k] == x->xf_fmt[i])
				code = x->fmt_codes[k];
		if (xlsx_format_is_date(x->xf_fmt[i], code, &time_only))
			x->xf_class[i] = time_only ? FMT_TIME : FMT_DATE;
	}
}

/* --- text -------------------------------------------------------------- */

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends text to out with OOXML's escapes (_x000D_ for a carriage
 * return, _x005F_ for '_') turned back into characters. */
static void add_unescaped(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    hex(s[i + 2]) >= 0 && hex(s[i + 3]) >= 0 && hex(s[i + 4]) >= 0 &&
		    hex(s[i + 5]) >= 0) {
			uint32_t cp = (uint32_t)(hex(s[i + 2]) << 12 |
			    hex(s[i + 3]) << 8 | hex(s[i + 4]) << 4 | hex(s[i + 5]));
			char enc[4];
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			buf_add(out, enc, utf8_encode(cp, enc));
			i += 7;
		} else {
			buf_addc(out, s[i++]);
		}
	}
}

static void collect(void *ud, const XML_Char *s, int n)
{
	struct xlsx *x = ud;

	if (x->in_t || x->in_v)
		buf_add(&x->text, s, (size_t)n);
}

/* --- shared strings ---------------------------------------------------- */

static void strings_start(void *ud, const XML_Char *name,
    const XML_Char **atts)
{
	struct xlsx *x = ud;

	(void)atts;
	if (is(name, "si")) {
		x->in_si = true;
		buf_reset(&x->text);
	} else if (is(name, "rPh")) {
		x->in_rph = true; /* phonetic guide (furigana): not the text */
	} else if (is(name, "t") && x->in_si && !x->in_rph) {
		x->in_t = true;
	}
}

static void strings_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;

	if (is(name, "t")) {
		x->in_t = false;
	} else if (is(name, "rPh")) {
		x->in_rph = false;
	} else if (is(name, "si") && x->in_si) {
		x->in_si = false;
		if (x->nstr == x->capstr) {
			x->capstr = x->capstr ? x->capstr * 2 : 256;
			x->str_off = xreallocarray(x->str_off, x->capstr,
			    sizeof(*x->str_off));
		}
		x->str_off[x->nstr++] = x->strings.len;
		add_unescaped(&x->strings, x->text.data, x->text.len);
		buf_addc(&x->strings, '\0');
	}
}

/* --- the sheet --------------------------------------------------------- */


/* Parses a cell reference like E18 (or e18); false when it is not one. */
static bool parse_ref(const char *s, int *row, int *column)
{
	long c = 0, r = 0;

	for (; ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) &&
	    c <= XLSX_MAX_COLUMN; s++)
		c = c * 26 + ((*s | 0x20) - 'a' + 1);
	for (; *s >= '0' && *s <= '9' && r <= XLSX_MAX_ROW; s++)
		r = r * 10 + (*s - '0');
	if (*s || c < 1 || c > XLSX_MAX_COLUMN || r < 1 || r > XLSX_MAX_ROW)
		return false;
	*row = (int)r;
	*column = (int)c;
	return true;
}

/* A number as typed: at most 15 significant digits (what Excel shows, so
 * 0.30000000000000004 reads as 0.3), never an exponent. */
static void format_number(double v, char out[static 64])
{
	char *dot, *end;

	snprintf(out, 64, "%.15g", v);
	if (!strchr(out, 'e'))
		return;
	if (fabs(v) >= 1)
		snprintf(out, 64, "%.0f", v);
	else
		snprintf(out, 64, "%.*f", 14 - (int)floor(log10(fabs(v))), v);
	dot = strchr(out, '.');
	if (!dot)
		return;
	for (end = out + strlen(out); end > dot + 1 && end[-1] == '0'; end--)
		;
	*end = '\0';
}

bool xlsx_serial_date(double serial, bool date1904, char out[static 11])
{
	double day = floor(serial);
	struct date d;

	if (!(day >= (date1904 ? 0 : 1)) || day > (date1904 ? 2957003 : 2958465))
		return false;
	if (date1904)
		d = date_from_days((long)day - 24107);
	else if (day == 60) {
		/* Lotus 1-2-3 took 1900 for a leap year and Excel kept it. */
		memcpy(out, "1900-02-29", 11);
		return true;
	} else
		d = date_from_days((long)day - (day < 60 ? 25568 : 25569));
	date_iso(d, out);
	return true;
}

static void time_text(double v, char out[static 64])
{
	long secs = lround((v - floor(v)) * 86400.0) +
	    (long)floor(v) * 86400L;

	if (secs % 60)
		snprintf(out, 64, "%ld:%02ld:%02ld", secs / 3600, secs / 60 % 60,
		    secs % 60);
	else
		snprintf(out, 64, "%ld:%02ld", secs / 3600, secs / 60 % 60);
}

/* Fills cell from a numeric value v written as s, styled by x->style. */
static void number_cell(struct xlsx *x, const char *s, struct xlsx_cell *cell,
    char tmp[static 64])
{
	char *end;
	double v = strtod(s, &end);
	int cls = x->style >= 0 && (size_t)x->style < x->nxf ?
	    x->xf_class[x->style] : FMT_NONE;

	cell->kind = XLSX_NUMBER;
	if (end == s || *end || !isfinite(v)) {
		/* Not a number: say what is there (15 characters, at most 60
		 * bytes, fit in tmp). */
		size_t n = utf8_prefix(s, strlen(s), 15);

		cell->kind = XLSX_ERROR;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
	} else if (cls == FMT_DATE && xlsx_serial_date(v, x->date1904, tmp)) {
		cell->kind = XLSX_DATE;
	} else if (cls == FMT_TIME && v >= 0 && v < 1e6) {
		cell->kind = XLSX_TIME;
		time_text(v, tmp);
	} else {
		format_number(v, tmp);
	}
	cell->text = tmp;
}

/* Hands the cell just closed to the caller. */
static void emit_cell(struct xlsx *x)
{
	struct xlsx_cell cell = {x->cell_row, x->column, XLSX_TEXT, "", 0};
	struct buf val = BUF_INIT;
	char tmp[64];
	const char *t = x->type;

	if (x->has_v && x->text.len == 0 && strcmp(t, "str") != 0)
		x->has_v = false; /* <v></v>: no value saved */
	if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		add_unescaped(&val, x->text.data, x->text.len);
		cell.text = val.data;
		if (!x->has_v && !x->in_is && x->in_f)
			cell.kind = XLSX_NO_VALUE;
	} else if (!x->has_v) {
		if (!x->in_f)
			goto out; /* an empty (formatted) cell */
		cell.kind = XLSX_NO_VALUE;
	} else if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(x->text.data, &end, 10);
		if (end == x->text.data || *end || i >= x->nstr) {
			char col[8];
			fail(x, "cell %s%d refers to shared text number %.20s, which "
			    "the file does not have; the file is damaged",
			    diag_column_letters(x->column, col), x->cell_row, x->text.data);
			goto out;
		}
		cell.text = x->strings.data + x->str_off[i];
	} else if (strcmp(t, "b") == 0) {
		cell.kind = XLSX_BOOL;
		cell.text = strcmp(x->text.data, "0") ? "TRUE" : "FALSE";
	} else if (strcmp(t, "e") == 0) {
		cell.kind = XLSX_ERROR;
		cell.text = x->text.data;
	} else if (strcmp(t, "d") == 0) {
		/* An ISO 8601 date (Strict OOXML): the day is its first part. */
		cell.kind = XLSX_DATE;
		snprintf(tmp, sizeof(tmp), "%.10s", x->text.data);
		cell.text = tmp;
	} else {
		number_cell(x, x->text.data, &cell, tmp);
	}
	cell.len = strlen(cell.text);
	if (cell.kind == XLSX_TEXT && cell.len == 0)
		goto out;
	x->row_has_cells = true;
	if (!x->cb->cell(x->cb->ctx, &cell)) {
		x->halted = true;
		XML_StopParser(x->parser, XML_FALSE);
	}
out:
	buf_release(&val);
}

static void sheet_start_row(struct xlsx *x, const XML_Char **atts)
{
	const char *r = attr(atts, "r");
	int row = x->row + 1;

	if (r) {
		char *end;
		long n = strtol(r, &end, 10);
		if (end == r || *end || n < 1 || n > XLSX_MAX_ROW) {
			fail(x, "the sheet has a row numbered '%.20s'; the file is "
			    "damaged", r);
			return;
		}
		row = (int)n;
	}
	if (row <= x->row) {
		fail(x, "the sheet's rows are out of order at row %d; open the "
		    "file in Excel or WPS and save it again", row);
		return;
	}
	x->row = row;
	x->column = 0;
	x->row_has_cells = false;
	x->in_row = true;
}

static void sheet_start_cell(struct xlsx *x, const XML_Char **atts)
{
	const char *r = attr(atts, "r"), *s = attr(atts, "s");
	const char *t = attr(atts, "t");
	int row = x->row, column = x->column + 1;

	if (!x->in_row) {
		fail(x, "the sheet has a cell outside any row; the file is "
		    "damaged");
		return;
	}
	if (r && !parse_ref(r, &row, &column)) {
		fail(x, "the sheet has a cell named '%.20s'; the file is damaged",
		    r);
		return;
	}
	if (row != x->row || column <= x->column) {
		fail(x, "the sheet's cells are out of order at %.20s; open the "
		    "file in Excel or WPS and save it again", r ? r : "a cell");
		return;
	}
	x->in_c = true;
	x->cell_row = row;
	x->column = column;
	x->style = s ? atoi(s) : 0;
	snprintf(x->type, sizeof(x->type), "%s", t ? t : "n");
	x->has_v = x->in_is = x->in_f = false;
	buf_reset(&x->text);
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "row") == 0)
		sheet_start_row(x, atts);
	else if (strcmp(n, "c") == 0)
		sheet_start_cell(x, atts);
	else if (!x->in_c)
		return;
	else if (strcmp(n, "v") == 0)
		x->in_v = x->has_v = true;
	else if (strcmp(n, "f") == 0)
		x->in_f = true;
	else if (strcmp(n, "is") == 0)
		x->in_is = true;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = true;
	else if (strcmp(n, "t") == 0 && x->in_is && !x->in_rph)
		x->in_t = true;
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "v") == 0) {
		x->in_v = false;
	} else if (strcmp(n, "t") == 0) {
		x->in_t = false;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = false;
	} else if (strcmp(n, "c") == 0 && x->in_c) {
		x->in_c = false;
		emit_cell(x);
	} else if (strcmp(n, "row") == 0) {
		x->in_row = false;
		if (x->row_has_cells && !x->failed && !x->halted)
			x->cb->row_end(x->cb->ctx, x->row);
		x->row_has_cells = false;
	}
}

/* --- the whole --------------------------------------------------------- */

struct parts {
	char *sheet, *strings, *styles; /* zip entry names, heap; NULL: none */
};

/* Finds the first visible sheet's part and the shared parts. */
static bool read_workbook(struct xlsx *x, struct parts *p)
{
	char *workbook, *folder, *rels;
	const char *target, *base;
	bool ok = false;

	if (!parse_part(x, "_rels/.rels", false, rels_start, no_end, no_chars))
		return false;
	target = find_rel(x, "/officeDocument");
	workbook = resolve("", target ? target : "xl/workbook.xml");
	free_rels(x);
	folder = folder_of(workbook);
	base = workbook + strlen(folder);
	rels = xmalloc(strlen(workbook) + 16);
	sprintf(rels, "%s_rels/%s.rels", folder, base);
	if (!parse_part(x, workbook, true, workbook_start, no_end, no_chars) ||
	    !parse_part(x, rels, true, rels_start, no_end, no_chars))
		goto out;
	target = pick_sheet(x);
	if (!target) {
		fail(x, x->nsheets ? "the workbook has no worksheet linli can "
		    "find (only charts, or the file is damaged)" : "the workbook "
		    "has no sheet");
		goto out;
	}
	p->sheet = resolve(folder, target);
	if ((target = find_rel(x, "/sharedStrings")))
		p->strings = resolve(folder, target);
	if ((target = find_rel(x, "/styles")))
		p->styles = resolve(folder, target);
	ok = true;
out:
	free_rels(x);
	free(workbook);
	free(folder);
	free(rels);
	return ok;
}

static void release(struct xlsx *x, struct parts *p)
{
	size_t i;

	free_rels(x);
	for (i = 0; i < x->nfmts; i++)
		free(x->fmt_codes[i]);
	free(x->fmt_codes);
	free(x->fmt_ids);
	free(x->xf_fmt);
	free(x->xf_class);
	free(x->str_off);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
	}
	free(x->sheets);
	buf_release(&x->strings);
	buf_release(&x->text);
	free(p->sheet);
	free(p->strings);
	free(p->styles);
}

static bool open_zip(struct xlsx *x, const void *data, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;

	if (len == 0) {
		fail(x, "the file is empty (0 bytes); save the workbook again "
		    "from Excel or WPS");
		return false;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->za) {
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP)
			fail(x, "not an Excel workbook (.xlsx): the file is not a "
			    "zip archive");
		else
			fail(x, "cannot open the workbook (%s); the file is damaged",
			    zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
	}
	zip_error_fini(&ze);
	return x->za != NULL;
}

bool xlsx_read(const void *data, size_t len, const struct xlsx_callbacks *cb,
    struct buf *err)
{
	struct xlsx x;
	struct parts p = {NULL, NULL, NULL};

	memset(&x, 0, sizeof(x));
	x.cb = cb;
	x.err = err;
	buf_init(&x.strings);
	buf_init(&x.text);
	if (!open_zip(&x, data, len))
		return false;
	if (read_workbook(&x, &p) && (!p.styles || parse_part(&x, p.styles,
	    false, styles_start, styles_end, no_chars))) {
		classify_styles(&x);
		if (!p.strings || parse_part(&x, p.strings, false, strings_start,
		    strings_end, collect)) {
			cb->sheet(cb->ctx, x.sheet_name);
			parse_part(&x, p.sheet, true, sheet_start, sheet_end,
			    collect);
		}
	}
	zip_discard(x.za);
	release(&x, &p);
	return !x.failed;
}
