/*
 * unit_chart: the yearly reports' small pieces: SVG charts (gen/chart.c),
 * number formatting, CSV cells neutralised and quoted, figures.csv parsed
 * back with libcsv, figures.json grouped by section and key (gen/archive.c).
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "chart.h"
#include "tap.h"

static int count(const char *s, const char *what)
{
	int n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

static void test_number(void)
{
	char b[32];

	is_str(chart_number(b, 12), "12", "12 has no decimals");
	is_str(chart_number(b, 1.5), "1.5", "1.5");
	is_str(chart_number(b, 131.666666), "131.67", "two decimals at most");
	is_str(chart_number(b, 0.1 + 0.2), "0.3", "0.1 + 0.2 prints 0.3");
	is_str(chart_number(b, -0.001), "0", "no -0");
	is_str(chart_number(b, 2.0 / 3.0 * 3.0), "2", "2.0000001 prints 2");
	ok(archive_round(0.1 + 0.2) == 0.3, "archive_round(0.1 + 0.2) == 0.3");
	ok(archive_share(1, 3) == 33.3, "1 of 3 is 33.3%%");
	ok(archive_share(2, 0) == 0, "a share of nothing is 0");
}

static void test_ems(void)
{
	ok(chart_text_ems("和事佬") == 3.0, "three CJK characters are 3 ems");
	ok(chart_text_ems("ab") > 1.1 && chart_text_ems("ab") < 1.3,
	    "two Latin letters are about 1.2 ems");
}

static void test_columns(void)
{
	struct chart_item items[3] = {
		{"1月", 2, NULL, NULL}, {"<b>&", 4, NULL, "#c0392b"},
		{"3月", 0, "none", "red\" onload=\"x"},
	};
	struct chart c = {"c1", "Title <script>", NULL, items, 3};
	struct buf b = BUF_INIT;
	const char *last;

	chart_columns(&b, &c);
	ok(strncmp(b.data, "<svg ", 5) == 0, "columns: an <svg>");
	ok(strstr(b.data, "role=\"img\" aria-labelledby=\"c1-title\"") != NULL,
	    "columns: role=img, labelled by its title");
	ok(strstr(b.data, "<title id=\"c1-title\">Title &lt;script&gt;</title>")
	    != NULL, "columns: the title, escaped");
	ok(strstr(b.data, ">&lt;b&gt;&amp;</text>") != NULL,
	    "columns: a label is escaped");
	ok(!strstr(b.data, "<b>") && !strstr(b.data, "onload"),
	    "columns: no markup from a label or a colour gets through");
	is_int(count(b.data, "<rect "), 2, "columns: a bar per non-zero value");
	ok(strstr(b.data, "fill=\"#c0392b\"") != NULL, "columns: an item's colour");
	ok(strstr(b.data, "fill=\"" CHART_DEFAULT_COLOR "\"") != NULL,
	    "columns: a bad colour falls back to the default");
	ok(strstr(b.data, ">none</text>") != NULL, "columns: a value text");
	last = strstr(b.data, "<text") ? b.data : NULL;
	while (last && strstr(last + 1, "<text"))
		last = strstr(last + 1, "<text");
	ok(last && strstr(last, ">3月</text>") != NULL,
	    "columns: the last text is the last label");
	/* the taller bar is twice the shorter */
	{
		const char *r1 = strstr(b.data, "<rect "), *r2 = strstr(r1 + 1, "<rect ");
		double h1 = atof(strstr(r1, "height=\"") + 8);
		double h2 = atof(strstr(r2, "height=\"") + 8);
		ok(h2 > 0 && h1 * 2 > h2 - 0.2 && h1 * 2 < h2 + 0.2,
		    "columns: bars are as tall as their values (%g, %g)", h1, h2);
	}
	buf_release(&b);
}

static void test_bars(void)
{
	struct chart_item items[2] = {
		{"一个名字非常非常非常非常非常非常长的志愿服务队伍", 10, "10 (50%)", NULL},
		{"短", 5, NULL, NULL},
	};
	struct chart c = {"c2", "Teams", "#3d7a4a", items, 2};
	struct buf b = BUF_INIT;
	const char *r1, *r2;

	chart_bars(&b, &c);
	ok(strstr(b.data, "…</text>") != NULL, "bars: a long label is cut with …");
	ok(strstr(b.data, ">10 (50%)</text>") != NULL, "bars: the value text");
	ok(strstr(b.data, ">5</text>") != NULL, "bars: the value when no text");
	ok(count(b.data, "fill=\"#3d7a4a\"") == 2, "bars: the chart's colour");
	r1 = strstr(b.data, "<rect ");
	r2 = strstr(r1 + 1, "<rect ");
	ok(atof(strstr(r1, "width=\"") + 7) > 1.99 * atof(strstr(r2, "width=\"") + 7),
	    "bars: bars as long as their values");
	ok(strstr(b.data, "</svg>\n") != NULL, "bars: the SVG is closed");
	buf_release(&b);
}

static void test_cells(void)
{
	static const char *const cases[][2] = {
		{"plain", "\"plain\""},
		{"=SUM(A1)", "\"'=SUM(A1)\""},
		{"+1", "\"'+1\""},
		{"-3", "\"'-3\""},
		{"@x", "\"'@x\""},
		{"\tx", "\"'\tx\""},
		{"\rx", "\"'\rx\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"a,b\nc", "\"a,b\nc\""},
		{"", "\"\""},
		{"和事佬", "\"和事佬\""},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;
		archive_csv_cell(&b, cases[i][0]);
		is_str(b.data, cases[i][1], "a CSV cell, quoted and neutralised");
		buf_release(&b);
	}
}

/* libcsv callbacks: collect the cells of the rows into one string. */
static void on_cell(void *s, size_t len, void *data)
{
	struct buf *b = data;

	buf_add(b, s, len);
	buf_addc(b, '|');
}

static void on_row(int c, void *data)
{
	(void)c;
	buf_addc(data, '\n');
}

static void test_csv_json(void)
{
	struct archive_row rows[] = {
		{"total", "activities", "举办活动", "value", 22, NULL},
		{"total", "activities", "举办活动", "previous", 21, NULL},
		{"team", "x", "=cmd|' /C calc'!A0", "hours", 131.67, NULL},
		{"team", "x", "=cmd|' /C calc'!A0", "color", 0, "#c0392b"},
		{"team", "y", "<b>", "hours", 1.5, NULL},
	};
	struct buf csvb = BUF_INIT, parsed = BUF_INIT, json = BUF_INIT;
	struct csv_parser p;

	archive_csv(&csvb, rows, 5);
	ok(memcmp(csvb.data, "\xEF\xBB\xBF", 3) == 0, "figures.csv: a BOM");
	ok(strstr(csvb.data, "\r\n\"total\",\"activities\",\"举办活动\","
	    "\"value\",\"22\"\r\n") != NULL, "figures.csv: a row, CRLF");
	csv_init(&p, CSV_STRICT);
	csv_parse(&p, csvb.data + 3, csvb.len - 3, on_cell, on_row, &parsed);
	csv_fini(&p, on_cell, on_row, &parsed);
	is_int(csv_error(&p), CSV_SUCCESS, "figures.csv parses strictly");
	csv_free(&p);
	is_str(parsed.data,
	    "section|key|label|measure|value|\n"
	    "total|activities|举办活动|value|22|\n"
	    "total|activities|举办活动|previous|21|\n"
	    "team|x|'=cmd|' /C calc'!A0|hours|131.67|\n"
	    "team|x|'=cmd|' /C calc'!A0|color|#c0392b|\n"
	    "team|y|<b>|hours|1.5|\n",
	    "figures.csv parses back to its rows");
	archive_json(&json, 2026, "community", "幸福里", rows, 5);
	is_str(json.data,
	    "{\"year\":2026,\"community\":\"幸福里\",\"sections\":{"
	    "\"total\":[{\"key\":\"activities\",\"label\":\"举办活动\","
	    "\"value\":22,\"previous\":21}],"
	    "\"team\":[{\"key\":\"x\",\"label\":\"=cmd|' /C calc'!A0\","
	    "\"hours\":131.67,\"color\":\"#c0392b\"},"
	    "{\"key\":\"y\",\"label\":\"\\u003cb\\u003e\",\"hours\":1.5}]}}\n",
	    "figures.json groups rows by section and key");
	buf_release(&csvb);
	buf_release(&parsed);
	buf_release(&json);
}

int main(void)
{
	test_number();
	test_ems();
	test_columns();
	test_bars();
	test_cells();
	test_csv_json();
	return tap_done();
}
