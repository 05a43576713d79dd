/*
 * load_csv: data/service.csv, roster.csv and redemptions.csv.
 *
 * libcsv splits the text into cells. To say where a cell is, we feed it the
 * text in chunks that each end at the separator (',' or a tab) or a line
 * break: libcsv only calls back on such a byte, so every callback fires on
 * the last byte of the current chunk, and the cell that ends there began
 * where the previous one ended (past the blanks libcsv skips). A cursor
 * that only moves forward turns those offsets into lines and columns, so
 * the whole file costs one pass. Lines count '\n', "\r\n" and a lone '\r' once each, also inside
 * quoted cells; columns count characters, like the YAML loader's.
 *
 * Each row is collected into a scratch buffer (heap, reused), checked, and
 * only then copied into the arena. Roster columns other than name, team and
 * joined are private: their text is never copied anywhere, not even into
 * the scratch buffer, so nothing downstream can show it.
 *
 * A workbook (data/KIND.xlsx, read by xlsx.c) feeds the same rows and
 * checks, cell by cell; its positions name the sheet and the cell.
 */
#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "load.h"
#include "utf8.h"
#include "xalloc.h"
#include "xlsx.h"
#include "i18n.h"

#define CSV_MAX_COLUMNS 256 /* header cells */
#define CSV_MAX_ERRORS 100  /* per file; then the rest of it is skipped */
#define CSV_BLOCK 4096      /* libcsv's cell buffer grows by this much */
#define CSV_RESERVE_ROWS (1u << 18) /* rows reserved at once, at most */
#define CSV_MAX_TITLES 3    /* one-cell rows above the header, skipped */

enum col {
	COL_DATE, COL_VOLUNTEER, COL_TEAM, COL_ACTIVITY, COL_HOURS, COL_POINTS,
	COL_NAME, COL_JOINED, COL_ITEM, COL_N
};
#define COL_IGNORED (-1) /* private (roster) or unknown: never stored */
#define COL_UNNAMED (-2) /* an empty header cell: its cells must be empty */
#define COL_UNKNOWN (-3) /* while reading the header only */

static const char *const col_names[COL_N] = {
	"date", "volunteer", "team", "activity", "hours", "points", "name",
	"joined", "item"
};

struct colspec {
	int col;
	const char *zh, *zh_tw; /* simplified and traditional header names */
	bool required;
};

struct csvload;
typedef void (*row_fn)(struct csvload *c, struct pos row);

struct csvkind {
	const char *name;
	const struct colspec *cols; /* ends with col -1 */
	bool others_private;        /* unknown columns are private, not errors */
	row_fn row;
};

struct cell {
	size_t off, len; /* trimmed text at scratch.data + off (when stored) */
	struct pos pos;
	enum xlsx_kind kind; /* what a spreadsheet cell holds; CSV: text */
};

struct csvload {
	struct loader *L;
	const struct csvkind *kind;
	const char *display, *text;
	size_t len;
	size_t at;     /* the byte libcsv is on when it calls back */
	size_t fstart; /* where the current cell starts */
	size_t coff;   /* the cursor: byte offset, its line and column */
	int cline, ccol;
	struct cell *cells; /* CSV_MAX_COLUMNS */
	size_t nfields;     /* cells seen in the current record */
	struct pos extra;   /* the first cell past the header's count */
	bool extra_data;    /* ... and whether any such cell holds text */
	struct buf scratch;
	int colmap[CSV_MAX_COLUMNS];
	size_t ncols;
	int where[COL_N]; /* header index of each column, -1 when absent */
	bool header_done, stop;
	size_t errors;
	char delim;       /* ',' or, for a tab-separated file, '\t' */
	const char *sheet; /* a spreadsheet's sheet (model arena), else NULL */
	const char *label[COL_N]; /* "column E, 时长" (model arena) */
	int titles;               /* title rows skipped above the header */
};

__attribute__((format(printf, 3, 4)))
static void report(struct csvload *c, struct pos p, const char *fmt, ...)
{
	va_list ap;

	if (c->stop)
		return;
	va_start(ap, fmt);
	diag_verror(c->L->d, p, fmt, ap);
	va_end(ap);
	if (++c->errors == CSV_MAX_ERRORS) {
		diag_error(c->L->d, p, "too many errors in this file (%d); the "
		    "rest of it is skipped", CSV_MAX_ERRORS);
		c->stop = true;
	}
}

/* --- positions --------------------------------------------------------- */

/* A place in this file: line:column, or a spreadsheet's row and column. */
static struct pos at(const struct csvload *c, int line, int column)
{
	struct pos p = pos_make(c->display, line, column);

	p.sheet = c->sheet;
	return p;
}

/* The position of byte off (a character's first byte, at or after every
 * offset asked for before). */
static struct pos pos_at(struct csvload *c, size_t off)
{
	const unsigned char *t = (const unsigned char *)c->text;

	for (; c->coff < off; c->coff++) {
		unsigned char b = t[c->coff];
		if (b == '\n' || (b == '\r' && (c->coff + 1 >= c->len ||
		    t[c->coff + 1] != '\n'))) {
			c->cline++;
			c->ccol = 1;
		} else if (b != '\r' && (b & 0xc0) != 0x80) {
			c->ccol++;
		}
	}
	return pos_make(c->display, c->cline, c->ccol);
}

/* Skips what libcsv skips before a cell: blanks, and before a record's
 * first cell also line breaks (blank lines). */
static size_t skip_blanks(const struct csvload *c, size_t i, bool newlines)
{
	while (i < c->len && c->text[i] != c->delim && (c->text[i] == ' ' ||
	    c->text[i] == '\t' || (newlines && (c->text[i] == '\r' ||
	    c->text[i] == '\n'))))
		i++;
	return i < c->len ? i : c->len;
}

/* At most 60 characters of s, for a message. */
static const char *shown(char out[256], const char *s, size_t len)
{
	size_t n = utf8_prefix(s, len, 60);

	memcpy(out, s, n);
	strcpy(out + n, n < len ? "..." : "");
	return out;
}

/* --- cells ------------------------------------------------------------- */

static bool is_space_at(const char *s, size_t n, size_t *w)
{
	const unsigned char *u = (const unsigned char *)s;

	*w = 1;
	if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' ||
	    u[0] == '\n'))
		return true;
	*w = 2;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0) /* no-break space */
		return true;
	*w = 3;
	return n >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80;
}

/* Trims ASCII white space, no-break and ideographic spaces at both ends. */
static void trim(const char **s, size_t *n)
{
	size_t w;

	while (*n && is_space_at(*s, *n, &w)) {
		*s += w;
		*n -= w;
	}
	for (;;) {
		if (*n >= 1 && is_space_at(*s + *n - 1, 1, &w))
			*n -= 1;
		else if (*n >= 2 && is_space_at(*s + *n - 2, 2, &w) && w == 2)
			*n -= 2;
		else if (*n >= 3 && is_space_at(*s + *n - 3, 3, &w) && w == 3)
			*n -= 3;
		else
			break;
	}
}

static void store_cell(struct csvload *c, size_t i, const char *s, size_t n,
    struct pos p)
{
	struct cell *cell = &c->cells[i];

	trim(&s, &n);
	cell->off = c->scratch.len;
	cell->len = n;
	cell->pos = p;
	buf_add(&c->scratch, s, n);
	buf_addc(&c->scratch, '\0');
}

/* Reports the cell starting at fstart as too long and stops the file. */
static void too_long(struct csvload *c, bool quoted)
{
	report(c, pos_at(c, c->fstart), "cell is longer than %u bytes%s; the "
	    "rest of the file is skipped", LOAD_MAX_VALUE, quoted ?
	    " (is a closing '\"' missing?)" : "");
	c->stop = true;
}

/* Takes s (n bytes, at p) as cell number c->nfields of the current row. */
static void put_cell(struct csvload *c, const char *s, size_t n, struct pos p,
    enum xlsx_kind kind)
{
	size_t i = c->nfields++;

	if (i < CSV_MAX_COLUMNS)
		c->cells[i].kind = kind;
	if (!c->header_done) {
		if (i < CSV_MAX_COLUMNS)
			store_cell(c, i, s, n, p);
		else if (i == CSV_MAX_COLUMNS) {
			report(c, p, "the header has more than %d columns",
			    CSV_MAX_COLUMNS);
			c->stop = true;
		}
	} else if (i < c->ncols) {
		if (c->colmap[i] >= 0) {
			store_cell(c, i, s, n, p);
		} else {
			/* Private or ignored: remember only whether it is empty. */
			c->cells[i].off = 0;
			c->cells[i].len = n;
			c->cells[i].pos = p;
		}
	} else {
		if (i == c->ncols)
			c->extra = p;
		if (n)
			c->extra_data = true;
	}
}

/* libcsv's cell callback: s (n bytes) is cell number c->nfields. */
static void on_cell(void *s, size_t n, void *data)
{
	struct csvload *c = data;

	if (c->stop) {
		c->nfields++;
		return;
	}
	if (!s)
		n = 0;
	if (n > LOAD_MAX_VALUE) {
		c->nfields++;
		too_long(c, false);
		return;
	}
	put_cell(c, s, n, pos_at(c, c->fstart), XLSX_TEXT);
	c->fstart = skip_blanks(c, c->at + 1, false);
}

static const struct cell *get(const struct csvload *c, int col)
{
	return c->where[col] < 0 ? NULL : &c->cells[c->where[col]];
}

static const char *cell_str(const struct csvload *c, const struct cell *cell)
{
	return c->scratch.data + cell->off;
}

/* The cell of col, or NULL when the column is absent or the cell empty;
 * reports an empty required cell (*ok = false). */
static const struct cell *value(struct csvload *c, int col, bool required,
    bool *ok)
{
	const struct cell *cell = get(c, col);

	if (cell && (cell->kind == XLSX_ERROR || cell->kind == XLSX_NO_VALUE)) {
		if (cell->kind == XLSX_ERROR)
			report(c, cell->pos, "the cell shows the error '%s'; correct "
			    "it in the spreadsheet (%s)", cell_str(c, cell),
			    c->label[col]);
		else
			report(c, cell->pos, "the cell holds a formula whose result "
			    "was never saved; open the file in Excel or WPS and save "
			    "it again (%s)", c->label[col]);
		*ok = false;
		return NULL;
	}
	if (cell && cell->len)
		return cell;
	if (required) {
		/* The header check makes sure required columns are there. */
		report(c, cell ? cell->pos : at(c, 0, 0), "the %s cell is empty; "
		    "every row needs one (%s)", col_names[col], c->label[col]);
		*ok = false;
	}
	return NULL;
}

static void cell_text(struct csvload *c, int col, bool required,
    const char **out, bool *ok)
{
	const struct cell *cell = value(c, col, required, ok);

	if (cell)
		*out = model_str(c->L->m, cell_str(c, cell), cell->len);
}

static void cell_ref(struct csvload *c, int col, bool required,
    struct ref *out, bool *ok)
{
	const struct cell *cell = value(c, col, required, ok);

	if (cell) {
		out->id = model_str(c->L->m, cell_str(c, cell), cell->len);
		out->pos = cell->pos;
	}
}

static void cell_date(struct csvload *c, int col, bool required, int allowed,
    struct date *out, bool *ok)
{
	const struct cell *cell = value(c, col, required, ok);
	const char *forms = (allowed & DATE_YEAR) ?
	    _("2024-09-09, 2024-09 or 2024") : _("2024-09-09 or 2024年9月9日");
	char why[64], tmp[256];
	const char *s;
	enum date_status st;

	if (!cell)
		return;
	s = cell_str(c, cell);
	st = cell->kind == XLSX_TEXT || cell->kind == XLSX_DATE ?
	    date_parse(s, cell->len, allowed, out) : DATE_SYNTAX;
	if (st == DATE_OK)
		return;
	*ok = false;
	if (st == DATE_IMPOSSIBLE) {
		date_impossible_reason(s, why, sizeof(why));
		report(c, cell->pos, "impossible date '%s': %s (%s)", s, why,
		    c->label[col]);
	} else if (st == DATE_IMPRECISE) {
		report(c, cell->pos, "date '%s' needs a day here; write it like "
		    "%s (%s)", s, forms, c->label[col]);
	} else if (cell->kind == XLSX_NUMBER) {
		report(c, cell->pos, "the number %s is not a date; format the "
		    "cell as a date (设置单元格格式 → 日期) or type the date like %s "
		    "(%s)", s, forms, c->label[col]);
	} else {
		report(c, cell->pos, "'%s' is not a date; write it like %s (%s)",
		    shown(tmp, s, cell->len), forms, c->label[col]);
	}
}

enum num_status { NUM_OK, NUM_BAD, NUM_LONG };

/* Parses [+-]digits[.digits] exactly (no locale, no exponent): at most 15
 * digits, so the value is the correctly rounded mantissa / 10^k. */
static enum num_status parse_number(const char *str, size_t n, double *out,
    bool *negative, bool *whole)
{
	static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	char folded[64]; /* full-width digits count as digits */
	const char *s = folded, *end;
	uint64_t mant = 0, frac_value = 0;
	int digits = 0, frac = 0;

	n = utf8_fold_digits(str, n, folded, sizeof(folded));
	if (n == (size_t)-1)
		return NUM_LONG;
	end = s + n;
	*negative = s < end && *s == '-';
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	if (s == end || *s < '0' || *s > '9')
		return NUM_BAD;
	for (; s < end && *s >= '0' && *s <= '9'; s++, digits++)
		mant = mant * 10 + (uint64_t)(*s - '0');
	if (s < end && *s == '.') {
		if (++s == end || *s < '0' || *s > '9')
			return NUM_BAD;
		for (; s < end && *s >= '0' && *s <= '9'; s++, digits++, frac++) {
			mant = mant * 10 + (uint64_t)(*s - '0');
			frac_value = frac_value * 10 + (uint64_t)(*s - '0');
		}
	}
	if (s != end)
		return NUM_BAD;
	if (digits > 15)
		return NUM_LONG;
	*whole = frac_value == 0;
	*out = (double)mant / pow10[frac];
	return NUM_OK;
}

/* A number >= 0 in col; whole numbers only when whole_only. */
static void cell_number(struct csvload *c, int col, bool required,
    bool whole_only, double *out, bool *ok)
{
	const struct cell *cell = value(c, col, required, ok);
	const char *name = col_names[col], *s;
	enum num_status st;
	bool negative, whole;
	char tmp[256];

	if (!cell)
		return;
	s = cell_str(c, cell);
	st = cell->kind == XLSX_TEXT || cell->kind == XLSX_NUMBER ?
	    parse_number(s, cell->len, out, &negative, &whole) : NUM_BAD;
	if (cell->kind == XLSX_DATE || cell->kind == XLSX_TIME) {
		report(c, cell->pos, "%s must be %s, but the cell is formatted as "
		    "a %s (%s); format it as a number (设置单元格格式 → 数值) (%s)",
		    name, whole_only ? _("a whole number") : _("a number like 2.5"),
		    cell->kind == XLSX_DATE ? _("date") : _("time"), s, c->label[col]);
	} else if (st == NUM_OK && negative && *out != 0) {
		report(c, cell->pos, "%s must not be negative, got '%s' (%s)",
		    name, s, c->label[col]);
	} else if (st == NUM_OK && whole_only && !whole) {
		report(c, cell->pos, "%s must be a whole number, got '%s' (%s)",
		    name, s, c->label[col]);
	} else if (st == NUM_LONG) {
		report(c, cell->pos, "%s has too many digits (at most 15), got "
		    "'%s' (%s)", name, shown(tmp, s, cell->len), c->label[col]);
	} else if (st != NUM_OK) {
		report(c, cell->pos, "%s must be %s, got '%s' (%s)", name,
		    whole_only ? _("a whole number") : _("a number"),
		    shown(tmp, s, cell->len), c->label[col]);
	} else {
		*out = negative ? 0 : *out;
		return;
	}
	*ok = false;
}

static void cell_points(struct csvload *c, bool required, long *out, bool *ok)
{
	double v = 0;
	bool good = true;

	cell_number(c, COL_POINTS, required, true, &v, &good);
	if (good)
		*out = (long)v;
	*ok &= good;
}

/* --- rows -------------------------------------------------------------- */

static void service_row(struct csvload *c, struct pos row)
{
	struct service s = {0};
	bool ok = true;

	s.pos = row;
	cell_date(c, COL_DATE, true, DATE_DAY, &s.date, &ok);
	cell_text(c, COL_VOLUNTEER, true, &s.volunteer, &ok);
	cell_ref(c, COL_TEAM, true, &s.team_ref, &ok);
	cell_ref(c, COL_ACTIVITY, false, &s.activity_ref, &ok);
	cell_number(c, COL_HOURS, true, false, &s.hours, &ok);
	cell_points(c, false, &s.points, &ok);
	if (ok)
		VEC_PUSH(&c->L->m->arena, &c->L->m->service, s);
}

static void roster_row(struct csvload *c, struct pos row)
{
	struct member r = {0};
	bool ok = true;

	r.pos = row;
	cell_text(c, COL_NAME, true, &r.name, &ok);
	cell_ref(c, COL_TEAM, true, &r.team_ref, &ok);
	cell_date(c, COL_JOINED, false, DATE_DAY | DATE_MONTH | DATE_YEAR,
	    &r.joined, &ok);
	if (ok)
		VEC_PUSH(&c->L->m->arena, &c->L->m->roster, r);
}

static void redemption_row(struct csvload *c, struct pos row)
{
	struct redemption r = {0};
	bool ok = true;

	r.pos = row;
	cell_date(c, COL_DATE, true, DATE_DAY, &r.date, &ok);
	cell_text(c, COL_VOLUNTEER, true, &r.volunteer, &ok);
	cell_text(c, COL_ITEM, true, &r.item, &ok);
	cell_points(c, true, &r.points, &ok);
	if (ok)
		VEC_PUSH(&c->L->m->arena, &c->L->m->redemptions, r);
}

static const struct colspec service_cols[] = {
	{COL_DATE, "日期", "日期", true},
	{COL_VOLUNTEER, "志愿者", "志願者", true},
	{COL_TEAM, "队伍", "隊伍", true},
	{COL_ACTIVITY, "活动", "活動", false},
	{COL_HOURS, "时长", "時長", true},
	{COL_POINTS, "积分", "積分", false},
	{-1, NULL, NULL, false},
};

static const struct colspec roster_cols[] = {
	{COL_NAME, "姓名", "姓名", true},
	{COL_TEAM, "队伍", "隊伍", true},
	{COL_JOINED, "入队日期", "入隊日期", false},
	{-1, NULL, NULL, false},
};

static const struct colspec redemption_cols[] = {
	{COL_DATE, "日期", "日期", true},
	{COL_VOLUNTEER, "志愿者", "志願者", true},
	{COL_ITEM, "兑换项目", "兌換項目", true},
	{COL_POINTS, "积分", "積分", true},
	{-1, NULL, NULL, false},
};

static const struct csvkind kinds[] = {
	{"service", service_cols, false, service_row},
	{"roster", roster_cols, true, roster_row},
	{"redemptions", redemption_cols, false, redemption_row},
};

/* True when every cell of the current row is empty (a spreadsheet's
 * trailing ",,,,," lines). */
static bool row_is_empty(const struct csvload *c)
{
	size_t i, n = c->nfields < c->ncols ? c->nfields : c->ncols;

	for (i = 0; i < n; i++)
		if (c->cells[i].len)
			return false;
	return !c->extra_data;
}

static void read_row(struct csvload *c)
{
	struct pos row = at(c, c->cells[0].pos.line, 1);
	size_t i;
	bool ok = true;

	if (row_is_empty(c))
		return;
	if (c->sheet && c->nfields > c->ncols) {
		char letters[8];
		report(c, c->extra, "this cell is right of the last column the "
		    "header names (column %s); name its column in the header or "
		    "clear the cell", diag_column_letters((int)c->ncols, letters));
		return;
	}
	if (c->nfields != c->ncols) {
		report(c, c->nfields > c->ncols ? c->extra : row, "row has %zu "
		    "field%s; the header has %zu", c->nfields,
		    c->nfields == 1 ? "" : "s", c->ncols);
		return;
	}
	for (i = 0; i < c->ncols; i++)
		if (c->colmap[i] == COL_UNNAMED && c->cells[i].len) {
			char letters[8];
			report(c, c->cells[i].pos, "this cell is in a column with "
			    "no name in the header; name the column or leave it "
			    "empty (column %s)", diag_column_letters((int)i + 1,
			    letters));
			ok = false;
		}
	if (ok)
		c->kind->row(c, row);
}

/* --- header ------------------------------------------------------------ */

static bool same_name(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (!y)
			return false;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (x != y)
			return false;
	}
	return b[n] == '\0';
}

static const struct colspec *find_column(const struct csvkind *k,
    const char *s, size_t n)
{
	const struct colspec *cs;

	for (cs = k->cols; cs->col >= 0; cs++)
		if (same_name(s, n, col_names[cs->col]) ||
		    (n == strlen(cs->zh) && memcmp(s, cs->zh, n) == 0) ||
		    (n == strlen(cs->zh_tw) && memcmp(s, cs->zh_tw, n) == 0))
			return cs;
	return NULL;
}

/* "date (日期), volunteer (志愿者), ..." in the site's script. */
static void known_columns(const struct csvload *c, struct buf *out)
{
	bool tw = c->L->m->site.language == LANG_ZH_TW;
	const struct colspec *cs;

	for (cs = c->kind->cols; cs->col >= 0; cs++)
		buf_printf(out, "%s%s (%s)", cs == c->kind->cols ? "" : ", ",
		    col_names[cs->col], tw ? cs->zh_tw : cs->zh);
}

/* Maps header cell i to its column; false when it names none. */
static bool map_header_cell(struct csvload *c, size_t i)
{
	const struct cell *cell = &c->cells[i];
	const struct colspec *cs = find_column(c->kind, cell_str(c, cell),
	    cell->len);

	if (!cell->len) {
		c->colmap[i] = COL_UNNAMED;
	} else if (!cs) {
		c->colmap[i] = c->kind->others_private ? COL_IGNORED : COL_UNKNOWN;
	} else if (c->where[cs->col] >= 0) {
		report(c, cell->pos, "column '%s' is named twice in the header "
		    "(first in column %d)", col_names[cs->col],
		    c->cells[c->where[cs->col]].pos.column);
		c->colmap[i] = COL_IGNORED;
	} else {
		c->where[cs->col] = (int)i;
		c->colmap[i] = cs->col;
		return true;
	}
	return false;
}

/* The labels cell messages end with: "column E, 时长" (the header as the
 * user wrote it, and its spreadsheet letter). */
static void name_columns(struct csvload *c)
{
	size_t i;

	for (i = 0; i < COL_N; i++) {
		const struct cell *h = get(c, (int)i);
		char letters[8];

		c->label[i] = h ? arena_printf(&c->L->m->arena, _("column %s, %s"),
		    diag_column_letters(c->where[i] + 1, letters), cell_str(c, h)) :
		    col_names[i];
	}
}

/* Cells of the current row that hold something. */
static size_t filled_cells(const struct csvload *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->ncols; i++)
		n += c->cells[i].len > 0;
	return n;
}

static void read_header(struct csvload *c)
{
	struct buf known = BUF_INIT;
	struct pos line = at(c, c->cells[0].pos.line, 0);
	const struct colspec *cs;
	bool any = false, missing = false;
	char tmp[256];
	size_t i;

	c->ncols = c->nfields < CSV_MAX_COLUMNS ? c->nfields : CSV_MAX_COLUMNS;
	for (i = 0; i < COL_N; i++)
		c->where[i] = -1;
	for (i = 0; i < c->ncols; i++)
		any |= map_header_cell(c, i);
	known_columns(c, &known);
	if (!any && c->ncols == 1 && (strstr(cell_str(c, c->cells), "，") ||
	    strchr(cell_str(c, c->cells), ';') ||
	    strchr(cell_str(c, c->cells), '\t'))) {
		report(c, line, "the header is not split into columns: separate "
		    "them with ',' (an ASCII comma; not '，', ';' or a tab)");
		c->stop = true;
		goto out;
	}
	if (!any && filled_cells(c) == 1 && c->titles < CSV_MAX_TITLES) {
		/* A title above the header ("2024年志愿服务台账", in a
		 * spreadsheet often merged across the columns): skipped. */
		c->titles++;
		goto out;
	}
	if (!any) {
		report(c, line, "the first row must name the columns; known "
		    "columns: %s", known.data);
		c->stop = true;
		goto out;
	}
	for (i = 0; i < c->ncols; i++)
		if (c->colmap[i] == COL_UNKNOWN) {
			report(c, c->cells[i].pos, "unknown column '%s'; known "
			    "columns: %s", shown(tmp, cell_str(c, &c->cells[i]),
			    c->cells[i].len), known.data);
			c->colmap[i] = COL_IGNORED;
		}
	name_columns(c);
	for (cs = c->kind->cols; cs->col >= 0; cs++)
		if (cs->required && c->where[cs->col] < 0) {
			report(c, line, "missing required column '%s' (%s)",
			    col_names[cs->col], c->L->m->site.language ==
			    LANG_ZH_TW ? cs->zh_tw : cs->zh);
			missing = true;
		}
	c->header_done = !missing;
	c->stop |= missing;
	if (c->header_done && c->kind->others_private)
		c->L->m->has_roster = true;
out:
	buf_release(&known);
}

/* Ends the current row: the header, or a record. */
static void end_row(struct csvload *c)
{
	if (!c->stop && c->nfields) {
		if (!c->header_done)
			read_header(c);
		else
			read_row(c);
	}
	c->nfields = 0;
	c->extra_data = false;
	buf_reset(&c->scratch);
}

/* libcsv's record callback. */
static void on_row(int ch, void *data)
{
	struct csvload *c = data;

	(void)ch;
	end_row(c);
	c->fstart = skip_blanks(c, c->at + 1, true);
}

/* --- feeding libcsv ---------------------------------------------------- */

/* libcsv's buffer grows through here: a cell well past LOAD_MAX_VALUE
 * makes csv_parse stop with CSV_ENOMEM (the buffer also holds a closing
 * quote and a NUL; on_cell checks the exact length). Real exhaustion is
 * fatal, as elsewhere. */
static void *cell_realloc(void *p, size_t n)
{
	if (n > (size_t)LOAD_MAX_VALUE + 3)
		return NULL;
	return xrealloc(p, n);
}

static void start_parser(struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		xdie("cannot initialise the CSV parser");
	csv_set_realloc_func(p, cell_realloc);
	csv_set_free_func(p, free);
	csv_set_blk_size(p, CSV_BLOCK);
}

/* The separator: a tab when the first line with a tab or a comma (a title
 * above the header may have neither) has tabs and no comma, as Excel's
 * "Unicode 文本" and "文本文件(制表符分隔)" save; else ','. */
static char detect_delim(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int lines;

	for (lines = 0; p < end && lines <= CSV_MAX_TITLES; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		bool tab = memchr(p, '\t', n), comma = memchr(p, ',', n);

		if (tab || comma)
			return tab && !comma ? '\t' : ',';
		p = nl ? nl + 1 : end;
	}
	return ',';
}

/* Reports why libcsv stopped at byte bad; returns where to go on (after
 * the line), or len to stop. */
static size_t parse_error(struct csvload *c, struct csv_parser *p,
    size_t bad)
{
	const char *nl;

	if (csv_error(p) != CSV_EPARSE) {
		too_long(c, p->quoted);
		return c->len;
	}
	if (!p->quoted)
		report(c, pos_at(c, bad), "'\"' inside a cell that does not start "
		    "with one; put the whole cell in quotes and double the quote "
		    "(\"\")");
	else
		report(c, pos_at(c, bad), "text after the closing '\"' of a "
		    "quoted cell; a '\"' inside quotes must be doubled (\"\")");
	/* Go on with the next line; this record is dropped. */
	nl = memchr(c->text + bad, '\n', c->len - bad);
	if (!nl)
		return c->len;
	c->nfields = 0;
	c->extra_data = false;
	buf_reset(&c->scratch);
	csv_free(p);
	start_parser(p);
	csv_set_delim(p, (unsigned char)c->delim);
	c->fstart = skip_blanks(c, (size_t)(nl - c->text) + 1, true);
	return (size_t)(nl - c->text) + 1;
}

static void feed(struct csvload *c, struct csv_parser *p)
{
	size_t start = 0, i, n;

	for (i = 0; i < c->len && !c->stop; i++) {
		char ch = c->text[i];
		if (ch != c->delim && ch != '\n' && ch != '\r')
			continue;
		c->at = i;
		n = csv_parse(p, c->text + start, i + 1 - start, on_cell, on_row, c);
		if (n == i + 1 - start) {
			start = i + 1;
			continue;
		}
		start = parse_error(c, p, start + n);
		if (start >= c->len)
			return;
		i = start - 1;
	}
	if (c->stop)
		return;
	if (start < c->len) {
		/* No separator or line break here, so no callback either. */
		n = csv_parse(p, c->text + start, c->len - start, on_cell, on_row,
		    c);
		if (n != c->len - start) {
			parse_error(c, p, start + n);
			return;
		}
	}
	c->at = c->len;
	if (csv_fini(p, on_cell, on_row, c) != 0)
		report(c, pos_at(c, c->fstart), "unclosed quote: this cell starts "
		    "with '\"' but has no closing '\"'");
}

/* Makes room for one row per line of the file at once (up to
 * CSV_RESERVE_ROWS, so a file of empty lines cannot claim much memory):
 * growing by doubling would copy and zero a 100,000-row log many times. */
#define RESERVE(a, v, extra) do { \
	if ((v)->cap - (v)->n < (extra)) { \
		(v)->items = arena_grow((a), (v)->items, (v)->n, \
		    (v)->n + (extra), sizeof(*(v)->items)); \
		(v)->cap = (v)->n + (extra); \
	} \
} while (0)

static void reserve_rows(struct csvload *c)
{
	struct model *m = c->L->m;
	const char *p = c->text, *end = c->text + c->len;
	size_t lines = 0;

	while (lines < CSV_RESERVE_ROWS &&
	    (p = memchr(p, '\n', (size_t)(end - p)))) {
		lines++;
		p++;
	}
	if (c->kind->row == service_row)
		RESERVE(&m->arena, &m->service, lines);
	else if (c->kind->row == roster_row)
		RESERVE(&m->arena, &m->roster, lines);
	else
		RESERVE(&m->arena, &m->redemptions, lines);
}

/* Starts reading one file of kind ("service", ...) into c. */
static void start_load(struct csvload *c, struct loader *L, const char *kind,
    const char *display)
{
	size_t k;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (strcmp(kinds[k].name, kind) == 0)
			c->kind = &kinds[k];
	if (!c->kind)
		xdie("load_csv_file: unknown kind '%s'", kind);
	c->L = L;
	c->display = display;
	c->cline = c->ccol = 1;
	c->cells = xcalloc(CSV_MAX_COLUMNS, sizeof(*c->cells));
	buf_init(&c->scratch);
}

static void finish_load(struct csvload *c)
{
	if (!c->header_done && !c->errors)
		diag_warning(c->L->d, at(c, 0, 0), "%s is empty; the first row "
		    "must name the columns", c->sheet ? "the sheet" : "file");
	buf_release(&c->scratch);
	free(c->cells);
}

void load_csv_file(struct loader *L, const char *kind, const char *display,
    const char *text, size_t len)
{
	struct csvload c;
	struct csv_parser p;

	start_load(&c, L, kind, display);
	c.text = text;
	c.len = len;
	c.delim = detect_delim(text, len);
	c.fstart = skip_blanks(&c, 0, true);
	reserve_rows(&c);
	start_parser(&p);
	csv_set_delim(&p, (unsigned char)c.delim);
	feed(&c, &p);
	csv_free(&p);
	finish_load(&c);
}

/* --- spreadsheets ------------------------------------------------------ */

/* The xlsx reader's callbacks feed the same rows and checks as libcsv's:
 * a cell is placed at its column, with the empty cells Excel leaves out
 * put back in, so that every message names the cell as Excel shows it. */

static void on_sheet(void *ctx, const char *name)
{
	struct csvload *c = ctx;

	c->sheet = arena_strdup(&c->L->m->arena, name);
}

static bool on_xlsx_cell(void *ctx, const struct xlsx_cell *x)
{
	struct csvload *c = ctx;
	size_t i = (size_t)x->column - 1;
	struct pos p = at(c, x->row, x->column);

	if (c->stop)
		return false;
	if (c->header_done && i >= c->ncols) {
		/* Past the header's columns: only whether there is text. */
		if (!c->extra_data)
			c->extra = p;
		c->extra_data = true;
		c->nfields = i + 1;
		return true;
	}
	if (x->len > LOAD_MAX_VALUE) {
		report(c, p, "cell is longer than %u bytes; the rest of the file "
		    "is skipped", LOAD_MAX_VALUE);
		c->stop = true;
		return false;
	}
	while (c->nfields < i && !c->stop)
		put_cell(c, "", 0, at(c, x->row, (int)c->nfields + 1), XLSX_TEXT);
	if (!c->stop)
		put_cell(c, x->text, x->len, p, x->kind);
	return !c->stop;
}

static void on_xlsx_row_end(void *ctx, int row)
{
	struct csvload *c = ctx;

	while (c->header_done && c->nfields < c->ncols)
		put_cell(c, "", 0, at(c, row, (int)c->nfields + 1), XLSX_TEXT);
	end_row(c);
}

void load_xlsx_file(struct loader *L, const char *kind, const char *display,
    const void *data, size_t len)
{
	struct csvload c;
	struct buf err = BUF_INIT;
	struct xlsx_callbacks cb = {on_sheet, on_xlsx_cell, on_xlsx_row_end,
	    &c};

	start_load(&c, L, kind, display);
	if (!xlsx_read(data, len, &cb, &err)) {
		diag_error(L->d, pos_make(display, 0, 0), "%s", err.data);
		c.errors++;
	}
	buf_release(&err);
	finish_load(&c);
}
