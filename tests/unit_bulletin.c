/*
 * unit_bulletin: the bulletin's pieces that need no browser: font coverage
 * (gen/glyphs.c, including its ASCII fast path) and the content budget
 * (gen/bulletin_fit.c: numbers kept whole, text wrapping, packing).
 */
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "glyphs.h"
#include "tap.h"

static void test_glyphs(void)
{
	char *missing = NULL;
	struct glyphs *g = glyphs_new("\"Noto Sans CJK SC\", DejaVu Sans, "
	    "sans-serif", &missing);
	size_t at = 99;
	const char text[] = "社区 ok \xee\x80\x80 end"; /* U+E000 */
	uint32_t c;
	int all = 1;

	ok(missing == NULL, "Noto Sans CJK SC and DejaVu Sans are installed "
	    "(fonts-noto-cjk, fonts-dejavu-core)");
	is_int((long long)glyphs_families(g), 2, "two families, the generic "
	    "one skipped");
	for (c = 0x20; c < 0x7f; c++)
		all &= glyphs_has(g, c);
	ok(all, "every printable ASCII character is covered (fast path)");
	ok(glyphs_has(g, 0x793e) && glyphs_has(g, 0x3002), "社 and 。 are");
	ok(!glyphs_has(g, 0xe000), "U+E000 (private use) is not");
	ok(!glyphs_has(g, 0x1fae8), "U+1FAE8 is not");
	ok(glyphs_has(g, '\n') && glyphs_has(g, 0xfe0f) && glyphs_has(g, 0x200d),
	    "newlines, variation selectors and joiners need no glyph");
	is_int(glyphs_first_missing(g, text, strlen(text), &at), 0xe000,
	    "glyphs_first_missing finds U+E000");
	is_int((long long)at, (long long)strlen("社区 ok "), "at its byte offset");
	is_int(glyphs_first_missing(g, "社区", strlen("社区"), &at), 0,
	    "and 0 when everything is covered");
	glyphs_free(g);
	free(missing);

	g = glyphs_new("No Such Font Family", &missing);
	is_str(missing, "No Such Font Family", "a family that is not installed "
	    "is named");
	ok(!glyphs_has(g, 'A') && !glyphs_has(g, 0x793e),
	    "without fonts the ASCII fast path finds nothing either");
	ok(glyphs_has(g, ' ') && glyphs_has(g, '\t'), "but spaces and controls "
	    "still need no glyph");
	glyphs_free(g);
	free(missing);
}

static void number(const char *s, const char *want, int joined_want)
{
	bool joined;
	size_t n = bl_number_len(s, strlen(s), &joined);

	ok(n == strlen(want) && strncmp(s, want, n) == 0 &&
	    joined == (joined_want != 0), "number in '%s' is '%s'%s", s, want,
	    joined_want ? ", joined" : "");
	if (n != strlen(want))
		printf("#   got: '%.*s'\n", (int)n, s);
}

static void test_numbers(void)
{
	static const char html[] = "<a href=\"x/2026-11\">11月8日</a> abc2026-1";
	static const char blocks[] = "<p>a &amp; b&#x41;</p>\n<ul>\n<li>x</li>\n"
	    "<li>y</li>\n</ul>";
	struct buf b = BUF_INIT;

	number("2026-11-08 上午", "2026-11-08", 1);
	number("10:00-12:00", "10:00-12:00", 1);
	number("11 月 8 日上午", "11 月 8 日", 1);
	number("3 分 40 秒。", "3 分 40 秒", 1);
	number("2026年11月", "2026年11月", 1);
	number("027-8288 6600", "027-8288 6600", 1);
	number("5 栋", "5", 0);
	number("48 户", "48", 0);
	number("1.2 米", "1.2", 1);

	bl_nobr_html(&b, html, strlen(html));
	is_str(b.data, "<a href=\"x/2026-11\"><span class=\"nobr\">11月8日</span>"
	    "</a> abc2026-1", "numbers in text are wrapped, tags and words are "
	    "not");
	buf_reset(&b);
	bl_nobr_text(&b, "<b>9 点</b>");
	is_str(b.data, "&lt;b&gt;<span class=\"nobr\">9 点</span>&lt;/b&gt;",
	    "bl_nobr_text escapes");
	buf_reset(&b);
	bl_html_text(&b, blocks, strlen(blocks));
	ok(strstr(b.data, "a & bA\n") && strstr(b.data, "x\n") &&
	    strstr(b.data, "y"), "bl_html_text drops tags and decodes entities");
	buf_release(&b);
}

static int lines_of(const char *s, double indent)
{
	return bl_lines(s, strlen(s), bl_text, bl_column_pt(), indent);
}

static void test_lines(void)
{
	/* a column is 87mm: 20 characters of 12pt, with room to spare */
	const char *twenty = "一二三四五六七八九十一二三四五六七八九十";
	const char *title = "一二三四五六七，一二三四五六七，一二三四五六七";
	struct bl_font plain = {17, 23, false};

	is_int(lines_of("", 0), 0, "no text, no lines");
	is_int(lines_of(twenty, 0), 1, "20 CJK characters fill one line");
	is_int(lines_of("一二三四五六七八九十一二三四五六七八九十一", 0), 2,
	    "21 take two");
	is_int(lines_of("一二三四五六七八九十一二三四五六七八九", 2), 2,
	    "19 after a 2em indent take two");
	is_int(lines_of("一二三四五六七八九十一二三四五六七八九十。", 0), 2,
	    "a full stop never starts a line: it takes a character with it");
	is_int(lines_of("一二三四五六七八九十一二三四五六七八2026-11-08", 0), 2,
	    "a date is never split");
	is_int(lines_of("一\n二", 0), 2, "a newline starts a line");
	is_int(lines_of("一二\n", 0), 1, "a final newline adds none");
	ok(lines_of("supercalifragilisticexpialidocious-supercalifragilistic", 0)
	    >= 2, "a word longer than a line breaks anywhere");
	is_int(bl_lines(title, strlen(title), bl_title, bl_column_pt(), 0), 3,
	    "a lead title breaks only at its punctuation (keep-all)");
	is_int(bl_lines(title, strlen(title), plain, bl_column_pt(), 0), 2,
	    "where other text breaks anywhere between CJK characters");
	is_int(lines_of("Volunteers met at the square on Saturday morning to "
	    "plant trees", 0), 2, "English wraps at spaces");
}

static void test_pack(void)
{
	struct bl_block b[6];
	double caps[2] = {100, 100};
	size_t i;

	memset(b, 0, sizeof(b));
	for (i = 0; i < 5; i++)
		b[i].height = 60;
	ok(bl_pack(b, 4, caps, 2) && b[0].sheet == 0 && b[1].sheet == 0 &&
	    b[2].sheet == 1 && b[3].sheet == 1, "one block a column, two a sheet");
	ok(!bl_pack(b, 5, caps, 2), "a fifth does not fit on two sheets");

	memset(b, 0, sizeof(b));
	b[0].height = 180; /* ten lines of 18pt */
	b[0].line = 18;
	ok(bl_pack(b, 1, caps, 1) && b[0].sheet == 0, "a paragraph breaks "
	    "between the columns of a sheet");
	b[0].line = 0;
	ok(!bl_pack(b, 1, caps, 2), "a block taller than a column never fits");

	memset(b, 0, sizeof(b));
	b[0].height = 70;
	b[1].height = 20;
	b[1].keep_next = true;
	b[2].height = 30;
	b[3].height = 40;
	b[3].section = b[4].section = 1;
	b[3].cont = b[4].cont = 25;
	b[4].height = 60;
	ok(bl_pack(b, 5, caps, 2), "headings, sections and continuations fit");
	ok(b[1].sheet == 0 && b[2].sheet == 0, "a heading stays with what "
	    "follows it");
	ok(b[4].sheet == 1 && b[4].continued, "a section going on to the next "
	    "sheet gets its heading again");

	memset(b, 0, sizeof(b));
	b[0].height = b[1].height = 10;
	b[1].new_sheet = true;
	ok(bl_pack(b, 2, caps, 2) && b[1].sheet == 1, "new_sheet starts a sheet");
	ok(bl_pack(b, 2, caps, 1) && b[1].sheet == 0, "unless there is none");
}

int main(void)
{
	test_glyphs();
	test_numbers();
	test_lines();
	test_pack();
	return tap_done();
}
