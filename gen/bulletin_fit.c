/*
 * bulletin_fit: the bulletin's content budget (see bulletin.h): how wide
 * text is, how it wraps, and which sheet each block lands on.
 */
#include "bulletin.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

const struct bl_font bl_text = {12, 18, false};
const struct bl_font bl_small = {11, 16, false};
const struct bl_font bl_section = {15, 20, false};
const struct bl_font bl_title = {17, 23, true};
const struct bl_font bl_sub = {13, 18, false};

double bl_column_pt(void)
{
	return BL_COLUMN_MM * BL_PT_PER_MM;
}

/* --- characters -------------------------------------------------------- */

/* Full-width: CJK ideographs, kana, hangul, CJK and full-width
 * punctuation, the general punctuation Chinese uses, symbols, emoji. */
static bool is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2010 && c <= 0x206f) ||
	    (c >= 0x2190 && c <= 0x2bff) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xe000 && c <= 0xfaff) ||
	    (c >= 0xfe10 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || c >= 0x1f000;
}

/* The advance of c in em: Noto Sans CJK's bold (wider than its regular),
 * measured in Chromium and rounded up; ASCII in hundredths of an em. */
static double advance(uint32_t c)
{
	static const unsigned char ascii[95] = {
	    24, 39, 59, 60, 60, 98, 76, 34, 39, 39, 52, 60, 34, 39, 34, 40, 60, 60,
	    60, 60, 60, 60, 60, 60, 60, 60, 34, 34, 60, 60, 60, 53, 102, 66, 70, 67,
	    73, 63, 60, 73, 77, 35, 58, 70, 59, 87, 76, 78, 68, 78, 70, 64, 64, 76,
	    63, 93, 64, 60, 63, 39, 40, 39, 60, 58, 64, 61, 66, 54, 66, 60, 39, 61,
	    66, 32, 32, 62, 33, 98, 66, 64, 66, 66, 45, 51, 44, 65, 59, 88, 58, 59,
	    53, 39, 31, 39, 60};

	if (c >= 0x20 && c < 0x7f)
		return ascii[c - 0x20] / 100.0;
	if (c < 0x80)
		return 0;
	if (c >= 0x1f000)
		return 1.25;
	return is_wide(c) ? 1.0 : 0.85;
}

/* A line may not start with these (they stay with what comes before). */
static bool no_start(uint32_t c)
{
	static const uint32_t list[] = {0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a,
	    0xff1f, 0xff01, 0xff09, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015,
	    0x3009, 0x201d, 0x2019, 0x2026, 0x2014, 0xff5e, 0x00b7, 0x30fb,
	    0xff05, 0x3005, 0x30fc, 0xff0e, 0};
	size_t i;

	if (c < 0x80)
		return c && strchr(",.;:!?)]}%'\"", (int)c);
	for (i = 0; list[i]; i++)
		if (list[i] == c)
			return true;
	return false;
}

/* A line may not end with these (they go with what comes after). */
static bool no_end(uint32_t c)
{
	static const uint32_t list[] = {0xff08, 0x300a, 0x300c, 0x300e, 0x3010,
	    0x3014, 0x3008, 0x201c, 0x2018, 0};
	size_t i;

	if (c < 0x80)
		return c && strchr("([{", (int)c);
	for (i = 0; list[i]; i++)
		if (list[i] == c)
			return true;
	return false;
}

/* --- numbers and dates ------------------------------------------------- */

static size_t digits_at(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* The length of a date or time unit at s, or 0. */
static size_t unit_at(const char *s, size_t len)
{
	static const char *const units[] = {"年", "月", "日", "号", "號", "时",
	    "時", "点", "點", "分", "秒", "%", "％", NULL};
	size_t i, n;

	for (i = 0; units[i]; i++) {
		n = strlen(units[i]);
		if (n <= len && memcmp(s, units[i], n) == 0)
			return n;
	}
	return 0;
}

size_t bl_number_len(const char *s, size_t len, bool *joined)
{
	size_t i = digits_at(s, len), group = i, j, n;

	*joined = false;
	while (i > 0 && i < len) {
		if (i + 1 < len && strchr(".,:/-~", s[i]) &&
		    (n = digits_at(s + i + 1, len - i - 1))) {
			i += 1 + n;
			group = n;
			*joined = true;
			continue;
		}
		j = i + (s[i] == ' ');
		if ((n = unit_at(s + j, len - j))) {
			i = j + n;
			*joined = true;
			j = i + (i < len && s[i] == ' ');
			if ((n = digits_at(s + j, len - j))) {
				i = j + n;
				group = n;
				continue;
			}
			break;
		}
		/* 8288 6600: groups of a phone number */
		if (s[i] == ' ' && group >= 3 &&
		    (n = digits_at(s + i + 1, len - i - 1)) >= 3) {
			i += 1 + n;
			group = n;
			*joined = true;
			continue;
		}
		break;
	}
	return i;
}

static bool word_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_';
}

/* Appends s[0..len) (HTML text, no tags) with numbers wrapped. prev is
 * the character before s. */
static void nobr_run(struct buf *out, const char *s, size_t len, char prev)
{
	size_t i = 0, start = 0, n;
	bool joined;

	while (i < len) {
		if (s[i] >= '0' && s[i] <= '9' && !word_char(i ? s[i - 1] : prev)) {
			n = bl_number_len(s + i, len - i, &joined);
			if (joined) {
				buf_add(out, s + start, i - start);
				buf_adds(out, "<span class=\"nobr\">");
				buf_add(out, s + i, n);
				buf_adds(out, "</span>");
				start = i + n;
			}
			i += n;
			continue;
		}
		i++;
	}
	buf_add(out, s + start, len - start);
}

void bl_nobr_html(struct buf *out, const char *html, size_t len)
{
	size_t i = 0, start;
	char prev = ' ';

	while (i < len) {
		start = i;
		if (html[i] == '<') {
			const char *gt = memchr(html + i, '>', len - i);
			i = gt ? (size_t)(gt - html) + 1 : len;
			buf_add(out, html + start, i - start);
			continue;
		}
		while (i < len && html[i] != '<')
			i++;
		nobr_run(out, html + start, i - start, prev);
		prev = html[i - 1];
	}
}

void bl_nobr_text(struct buf *out, const char *s)
{
	struct buf esc = BUF_INIT;

	buf_add_html(&esc, s, strlen(s));
	nobr_run(out, esc.data, esc.len, ' ');
	buf_release(&esc);
}

/* --- HTML to text ------------------------------------------------------ */

static bool block_tag(const char *tag, size_t len)
{
	static const char *const tags[] = {"p", "/p", "li", "/li", "br", "br/",
	    "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "/blockquote", "/pre",
	    "hr", "hr /", "br /", NULL};
	size_t i;

	for (i = 0; tags[i]; i++)
		if (strlen(tags[i]) == len && memcmp(tags[i], tag, len) == 0)
			return true;
	return false;
}

/* Decodes the entity at s (s[0] == '&'); returns its length, or 0. */
static size_t entity(struct buf *out, const char *s, size_t len)
{
	static const struct { const char *name, *text; } named[] = {
	    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
	    {"&#39;", "'"}, {"&nbsp;", "\xc2\xa0"}, {NULL, NULL}};
	const char *semi = memchr(s, ';', len < 12 ? len : 12);
	char enc[4];
	size_t i, n;
	unsigned long cp;

	if (!semi)
		return 0;
	n = (size_t)(semi - s) + 1;
	for (i = 0; named[i].name; i++)
		if (strlen(named[i].name) == n && memcmp(s, named[i].name, n) == 0) {
			buf_adds(out, named[i].text);
			return n;
		}
	if (n < 4 || s[1] != '#')
		return 0;
	cp = (s[2] == 'x' || s[2] == 'X') ? strtoul(s + 3, NULL, 16) :
	    strtoul(s + 2, NULL, 10);
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	buf_add(out, enc, utf8_encode((uint32_t)cp, enc));
	return n;
}

void bl_html_text(struct buf *out, const char *html, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if (html[i] == '<') {
			const char *gt = memchr(html + i, '>', len - i);
			size_t end = gt ? (size_t)(gt - html) : len;
			size_t nl = strcspn(html + i + 1, " >");
			if (block_tag(html + i + 1, nl < end - i - 1 ? nl :
			    end - i - 1) && out->len && out->data[out->len - 1] != '\n')
				buf_addc(out, '\n');
			i = end + 1;
		} else if (html[i] == '&' && (n = entity(out, html + i, len - i))) {
			i += n;
		} else {
			buf_addc(out, html[i++]);
		}
	}
}

/* --- wrapping ---------------------------------------------------------- */

/* A line filler: the width of a line and of what is on the current one,
 * in em, and the lines so far. */
struct filler {
	double width, x;
	int lines;
	bool glue;   /* the next unit stays on this line (after opening punct) */
	bool narrow; /* the last unit was a word or number, with no space after */
	bool letter; /* the last unit was a CJK letter, a number or a word:
	                keep-all breaks neither after nor before one */
	double last; /* the width of the last unit a line could break before */
};

/* Puts a unit w em wide on the lines; breakable: a line may break
 * before it. A unit that may not start a line and does not fit takes the
 * units it is joined to along to the next line, as browsers do; a run of
 * joined units longer than a line breaks anywhere (overflow-wrap). */
static void put(struct filler *f, double w, bool breakable)
{
	bool can_break = breakable && !f->glue;

	if (f->x > 0 && f->x + w > f->width) {
		if (can_break) {
			f->lines++;
			f->x = 0;
		} else if (f->last < f->x) {
			f->lines++;
			f->x = f->last;
		}
	}
	f->last = can_break ? w : f->last + w;
	f->glue = false;
	f->x += w;
	while (f->x > f->width + 1e-9 && f->last >= f->x - 1e-9) {
		f->lines++;
		f->x -= f->width;
		f->last = f->x;
	}
}

int bl_lines(const char *s, size_t len, struct bl_font font, double width,
    double indent)
{
	struct filler f = {width / font.size - 0.25, indent, 1, false, false,
	    false, 0};
	size_t i = 0, n;
	double w;
	bool joined, any = false;
	uint32_t c, first;

	while (i < len) {
		c = utf8_decode(s + i, len - i, &n);
		if (c == '\n') {
			if (any) {
				f.lines++;
				f.x = 0;
			}
			i += n;
			continue;
		}
		any = true;
		if (c == ' ' || c == 0x3000 || c == '\t') {
			if (f.x > 0)
				f.x += advance(c == 0x3000 ? 0x3000 : ' ');
			f.glue = f.narrow = f.letter = false;
			f.last = 0;
			i += n;
			continue;
		}
		if (c >= '0' && c <= '9' && (i == 0 || !word_char(s[i - 1]))) {
			size_t k, m = bl_number_len(s + i, len - i, &joined);
			for (w = 0, k = 0; k < m; k += n)
				w += advance(utf8_decode(s + i + k, m - k, &n));
			put(&f, w, !f.narrow && !(font.keep_all && f.letter));
			f.narrow = f.letter = true;
			i += m;
			continue;
		}
		if (is_wide(c)) {
			bool letter = !no_start(c) && !no_end(c) &&
			    !(c >= 0x2010 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f);
			put(&f, advance(c), !no_start(c) &&
			    !(font.keep_all && f.letter && letter));
			f.glue = no_end(c);
			f.narrow = false;
			f.letter = letter;
			i += n;
			continue;
		}
		/* a word of narrow characters: one unit, joined to a number or
		 * word right before it (no space, no break) */
		first = c;
		for (w = 0; i < len; i += n) {
			c = utf8_decode(s + i, len - i, &n);
			if (c == ' ' || c == '\n' || c == '\t' || is_wide(c) ||
			    (c >= '0' && c <= '9' && w > 0 && !word_char(s[i - 1])))
				break; /* a number starts: bl_nobr_html wraps it there */
			w += advance(c);
		}
		put(&f, w, !f.narrow && !no_start(first) &&
		    !(font.keep_all && f.letter));
		f.narrow = f.letter = true;
	}
	if (f.lines > 1 && f.x == 0)
		f.lines--; /* the text ended with a newline */
	return any ? f.lines : 0;
}

double bl_height(const char *s, struct bl_font f, double width, double indent)
{
	return bl_lines(s, strlen(s), f, width, indent) * f.line;
}

/* --- packing ----------------------------------------------------------- */

struct cursor {
	int sheet, col; /* col 0 or 1 */
	double used;
};

/* The least of block b that must share a column with the heading
 * before it. */
static double first_piece(const struct bl_block *b)
{
	if (b->line > 0 && b->height > 2 * b->line)
		return 2 * b->line;
	return b->height;
}

static void next_column(struct cursor *c)
{
	if (c->col == 0) {
		c->col = 1;
	} else {
		c->sheet++;
		c->col = 0;
	}
	c->used = 0;
}

/* Tries to split breakable block b between the current column and the
 * next one (same sheet), keeping two lines on each side. */
static bool split(struct cursor *c, const struct bl_block *b, double cap)
{
	int here, total;

	if (b->line <= 0 || c->col != 0)
		return false;
	here = (int)floor((cap - c->used) / b->line);
	total = (int)ceil(b->height / b->line - 1e-9);
	if (here < 2 || total - here < 2)
		return false;
	c->col = 1;
	c->used = b->height - here * b->line;
	return true;
}

bool bl_pack(struct bl_block *b, size_t n, const double *caps, int nsheets)
{
	struct cursor c = {0, 0, 0};
	size_t i;

	for (i = 0; i < n; i++) {
		bool fresh, cont;
		double need;
		if (b[i].new_sheet && (c.col || c.used > 0) && c.sheet + 1 < nsheets) {
			c.sheet++;
			c.col = 0;
			c.used = 0;
		}
		for (;;) {
			if (c.sheet >= nsheets)
				return false;
			fresh = c.col == 0 && c.used == 0;
			cont = fresh && i > 0 && b[i - 1].sheet < c.sheet &&
			    b[i - 1].section == b[i].section;
			need = b[i].height + (cont ? b[i].cont : 0) +
			    (b[i].keep_next && i + 1 < n ? first_piece(&b[i + 1]) : 0);
			if (c.used + need <= caps[c.sheet])
				break;
			if (split(&c, &b[i], caps[c.sheet]))
				goto placed;
			if (fresh && c.col == 1 && need > caps[c.sheet])
				return false; /* taller than any column */
			next_column(&c);
		}
		c.used += b[i].height + (cont ? b[i].cont : 0);
placed:
		b[i].sheet = c.sheet;
		b[i].continued = cont;
	}
	return true;
}
