/*
 * unit_csv: the CSV files in data/ (gen/load_csv.c): header aliases,
 * private roster columns, malformed CSV, and the line:column of every
 * message.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "load.h"
#include "tap.h"

static struct model m;
static struct diag d;
static struct loader L;

static void setup(void)
{
	struct date today = {2025, 6, 1};

	model_init(&m, "content", today);
	diag_init(&d);
	L = (struct loader){.m = &m, .d = &d, .root = "content"};
}

static void teardown(void)
{
	diag_release(&d);
	model_release(&m);
}

static void load(const char *kind, const char *text)
{
	setup();
	load_csv_file(&L, kind, "content/data/x.csv", text, strlen(text));
}

/* The index of the message at line:col containing want, or -1. */
static int find_diag(int line, int col, const char *want)
{
	size_t i;

	for (i = 0; i < d.count; i++)
		if (d.entries[i].pos.line == line &&
		    d.entries[i].pos.column == col &&
		    strstr(d.entries[i].message, want))
			return (int)i;
	return -1;
}

static void dump_diags(void)
{
	size_t i;

	for (i = 0; i < d.count; i++)
		printf("#   %d:%d: %s\n", d.entries[i].pos.line,
		    d.entries[i].pos.column, d.entries[i].message);
}

static void expect_diag(int line, int col, const char *want, const char *name)
{
	if (!ok(find_diag(line, col, want) >= 0, "%s", name)) {
		printf("#   wanted %d:%d: %s\n", line, col, want);
		dump_diags();
	}
}

static void test_service_english(void)
{
	const struct service *s;

	load("service", "date,volunteer,team,activity,hours,points\n"
	    "2024-09-09,曾小香,heshilao,2024-09-09-market,2.5,10\n"
	    "2024年9月10日,吴柏青,和事佬志愿队,,3,\n");
	is_int((long long)d.count, 0, "service: no messages");
	is_int((long long)m.service.n, 2, "service: two rows");
	s = &m.service.items[0];
	is_int(s->date.year * 10000 + s->date.month * 100 + s->date.day,
	    20240909, "service: date");
	is_str(s->volunteer, "曾小香", "service: volunteer");
	is_str(s->team_ref.id, "heshilao", "service: team ref");
	is_str(s->activity_ref.id, "2024-09-09-market", "service: activity ref");
	ok(s->hours == 2.5, "service: hours 2.5");
	is_int(s->points, 10, "service: points");
	is_int(s->pos.line, 2, "service: row line");
	is_int(s->pos.column, 1, "service: row column");
	is_str(s->pos.path, "content/data/x.csv", "service: row path");
	is_int(s->team_ref.pos.line, 2, "service: team cell line");
	is_int(s->team_ref.pos.column, 16, "service: team cell column "
	    "(characters)");
	is_int(s->activity_ref.pos.column, 25, "service: activity cell column");
	s = &m.service.items[1];
	ok(s->activity_ref.id == NULL, "service: empty activity is no ref");
	is_int(s->points, 0, "service: empty points is 0");
	is_str(s->team_ref.id, "和事佬志愿队", "service: team by name");
	is_int(s->date.day, 10, "service: 2024年9月10日");
	teardown();
}

static void test_header_aliases(void)
{
	load("service", " Date ,志愿者,\" TEAM \",时长\n2024-09-09,a,t,1\n");
	is_int((long long)d.count, 0, "aliases: mixed case, spaces, Chinese");
	is_int((long long)m.service.n, 1, "aliases: row loaded");
	ok(m.service.n && m.service.items[0].points == 0,
	    "aliases: no points column means 0 points");
	teardown();

	load("service", "日期,志願者,隊伍,活動,時長,積分\n2024-09-09,a,t,,1,2\n");
	is_int((long long)d.count, 0, "aliases: traditional Chinese");
	is_int((long long)m.service.n, 1, "aliases: traditional row loaded");
	teardown();

	load("redemptions", "DATE,Volunteer,兑换项目,积分\n"
	    "2024-10-01,曾小香,理发一次,20\n");
	is_int((long long)d.count, 0, "redemptions: no messages");
	is_int((long long)m.redemptions.n, 1, "redemptions: one row");
	if (m.redemptions.n) {
		is_str(m.redemptions.items[0].item, "理发一次", "redemptions: item");
		is_int(m.redemptions.items[0].points, 20, "redemptions: points");
	}
	teardown();
}

static void test_header_errors(void)
{
	load("service", "date,volunteer,team,hours,备注\n2024-09-09,a,t,1,x\n");
	expect_diag(1, 27, "unknown column '备注'; known columns: date (日期), "
	    "volunteer (志愿者), team (队伍), activity (活动), hours (时长), "
	    "points (积分)", "header: unknown column, with the known ones");
	is_int((long long)m.service.n, 1, "header: rows still load");
	teardown();

	load("service", "date,volunteer,hours\n2024-09-09,a,1\n");
	expect_diag(1, 0, "missing required column 'team' (队伍)",
	    "header: missing required column at line 1");
	is_int((long long)m.service.n, 0, "header: no rows without it");
	is_int((long long)d.count, 1, "header: one message, not one per row");
	teardown();

	load("service", "2024年志愿服务台账,,,,,\n\n日期,志愿者,队伍,时长\n"
	    "2024-09-09,a,t,1\n");
	is_int((long long)d.count, 0, "header: a title row above it is skipped");
	is_int((long long)m.service.n, 1, "header: ... and the rows read");
	teardown();

	load("service", "标题\n副标题\n制表人\n备注\n日期,志愿者,队伍,时长\n");
	expect_diag(4, 0, "the first row must name the columns",
	    "header: at most three title rows");
	teardown();

	load("service", "2024-09-09,a,t,1\n2024-09-10,b,t,2\n");
	expect_diag(1, 0, "the first row must name the columns",
	    "header: data in the first row");
	is_int((long long)d.count, 1, "header: said once");
	teardown();

	load("service", "日期，志愿者，队伍，时长\n2024-09-09，a，t，1\n");
	expect_diag(1, 0, "the header is not split into columns",
	    "header: full-width commas");
	is_int((long long)d.count, 1, "header: said once");
	teardown();

	load("service", "date,volunteer,team,hours,日期\n");
	expect_diag(1, 27, "column 'date' is named twice",
	    "header: a column named twice");
	teardown();

	load("redemptions", "");
	ok(d.warnings == 1 && d.errors == 0, "empty file: a warning");
	teardown();
}

static void test_roster_private(void)
{
	static const char phone[] = "13800138000", idno[] = "420102199001011234";
	char text[512];
	size_t i;
	bool leaked = false;

	snprintf(text, sizeof(text), "姓名,电话,队伍,身份证号,入队日期,Address\n"
	    "曾小香,%s,heshilao,%s,2021-05,幸福路18号\n"
	    "吴柏青,%s,heshilao,%s,2021年5月3日,幸福路18号\n"
	    "康爱莲,%s,jinhui,%s,2021-02-30,幸福路18号\n", phone, idno, phone,
	    idno, phone, idno);
	load("roster", text);
	ok(m.has_roster, "roster: has_roster");
	is_int((long long)m.roster.n, 2, "roster: two good rows");
	expect_diag(4, 43, "impossible date '2021-02-30': February 2021 has 28 "
	    "days", "roster: bad joined date, at its cell");
	for (i = 0; i < m.roster.n; i++) {
		const struct member *r = &m.roster.items[i];
		const char *strs[] = {r->name, r->team_ref.id, r->pos.path,
		    r->team_ref.pos.path};
		size_t k;
		for (k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
			if (strs[k] && (strstr(strs[k], phone) ||
			    strstr(strs[k], idno) || strstr(strs[k], "幸福路")))
				leaked = true;
	}
	for (i = 0; i < d.count; i++)
		if (strstr(d.entries[i].message, phone) ||
		    strstr(d.entries[i].message, idno))
			leaked = true;
	ok(!leaked, "roster: no private column in any member or message");
	if (m.roster.n == 2) {
		is_str(m.roster.items[0].name, "曾小香", "roster: name");
		is_int(m.roster.items[0].joined.month, 5, "roster: joined 2021-05");
		is_int(m.roster.items[0].joined.day, 0, "roster: month precision");
		is_int(m.roster.items[1].joined.day, 3, "roster: 2021年5月3日");
	}
	teardown();

	load("roster", "name,team,phone\n");
	ok(m.has_roster && m.roster.n == 0 && d.count == 0,
	    "roster: a header alone is an empty roster");
	teardown();
}

static void test_ragged(void)
{
	load("service", "date,volunteer,team,activity,hours,points\n"
	    "2024-09-09,a,t,,1\n"
	    "2024-09-09,a,t,,1,2,3\n"
	    ",,,,,\n"
	    "2024-09-09,a,t,,1,2\n");
	expect_diag(2, 1, "row has 5 fields; the header has 6",
	    "ragged: too few fields, at the row");
	expect_diag(3, 21, "row has 7 fields; the header has 6",
	    "ragged: too many, at the first extra cell");
	is_int((long long)d.count, 2, "ragged: an empty ,,,,, row is skipped");
	is_int((long long)m.service.n, 1, "ragged: good rows still load");
	teardown();
}

static void test_quotes(void)
{
	load("service", "date,volunteer,team,hours\n"
	    "2024-09-09,\"曾小香,heshilao,2\n"
	    "2024-09-10,b,t,1\n");
	expect_diag(2, 12, "unclosed quote", "quotes: unclosed, where it starts");
	teardown();

	load("service", "date,volunteer,team,hours\n"
	    "2024-09-09,曾\"小\"香,t,2\n"
	    "2024-09-10,\"b\"x,t,1\n"
	    "2024-09-11,c,t,1\n");
	expect_diag(2, 13, "'\"' inside a cell that does not start with one",
	    "quotes: stray quote, at the quote");
	expect_diag(3, 15, "text after the closing '\"'",
	    "quotes: text after a closing quote");
	is_int((long long)m.service.n, 1, "quotes: parsing goes on after them");
	if (m.service.n)
		is_int(m.service.items[0].pos.line, 4, "quotes: next row's line");
	teardown();

	load("service", "date,volunteer,team,hours\n"
	    "2024-09-09,\"曾\"\"小\"\"香\",t,2\n");
	is_int((long long)d.count, 0, "quotes: doubled quotes are fine");
	if (m.service.n)
		is_str(m.service.items[0].volunteer, "曾\"小\"香",
		    "quotes: doubled quote in the value");
	teardown();
}

static void test_positions(void)
{
	load("service", "date,volunteer,team,activity,hours\r\n"
	    "2024-09-09,a,t,,1\r\n"
	    "\r\n"
	    "2024-09-09,b,t,,两小时\r\n");
	expect_diag(4, 17, "hours must be a number, got '两小时'",
	    "CRLF: line counts CRLF once, blank line included");
	teardown();

	load("service", "date,volunteer,team,activity,hours\n"
	    "2024-09-09,\"多\n行\",heshilao,,两小时\n"
	    "2024-09-10,c,t,,-2\n");
	expect_diag(3, 14, "hours must be a number, got '两小时'",
	    "multi-line cell: the bad cell's own line and column");
	expect_diag(4, 17, "hours must not be negative, got '-2'",
	    "multi-line cell: next record's line");
	teardown();

	load("service", "date,volunteer,team,activity,hours,points\n"
	    "2024-02-30,a,t,,1,2.5\n"
	    "2024-13-01,,t,,1,-3\n"
	    "xx,a,t,,1,1\n"
	    "2024-09,a,t,,1,1\n");
	expect_diag(2, 1, "impossible date '2024-02-30': February 2024 has 29 "
	    "days", "dates: day past the month");
	expect_diag(2, 19, "points must be a whole number, got '2.5'",
	    "points: not whole");
	expect_diag(3, 1, "impossible date '2024-13-01': there is no month 13",
	    "dates: month 13");
	expect_diag(3, 12, "the volunteer cell is empty",
	    "empty required cell, at the cell");
	expect_diag(3, 18, "points must not be negative, got '-3'",
	    "points: negative");
	expect_diag(4, 1, "'xx' is not a date; write it like 2024-09-09 or "
	    "2024年9月9日", "dates: not a date");
	expect_diag(5, 1, "date '2024-09' needs a day", "dates: month only");
	is_int((long long)m.service.n, 0, "bad rows are not loaded");
	teardown();
}

static void test_unnamed_and_long(void)
{
	struct buf b = BUF_INIT;
	size_t i;

	load("service", "date,volunteer,team,hours,\n2024-09-09,a,t,1,\n"
	    "2024-09-09,a,t,1,x\n");
	expect_diag(3, 18, "column with no name", "unnamed column with text");
	is_int((long long)m.service.n, 1, "unnamed column left empty is fine");
	teardown();

	buf_adds(&b, "date,volunteer,team,hours\n2024-09-09,a,t,1\n"
	    "2024-09-09,\"");
	for (i = 0; i < LOAD_MAX_VALUE / 8 + 1; i++)
		buf_adds(&b, "1234567\n");
	buf_adds(&b, "\",t,1\n2024-09-09,c,t,1\n");
	load("service", b.data);
	expect_diag(3, 12, "cell is longer than 1048576 bytes",
	    "a cell over LOAD_MAX_VALUE");
	is_int((long long)m.service.n, 1, "... stops the file");
	teardown();

	for (i = 0; i < 2; i++) {
		buf_reset(&b);
		buf_adds(&b, "date,volunteer,team,hours\n2024-09-09,\"");
		buf_grow(&b, LOAD_MAX_VALUE + 1);
		memset(b.data + b.len, 'x', LOAD_MAX_VALUE + i);
		b.len += LOAD_MAX_VALUE + i;
		b.data[b.len] = '\0';
		buf_adds(&b, "\",t,1\n");
		load("service", b.data);
		ok(i ? find_diag(2, 12, "cell is longer") >= 0 && !m.service.n :
		    d.count == 0 && m.service.n == 1, "a cell of LOAD_MAX_VALUE"
		    "%s bytes is %s", i ? " + 1" : "", i ? "too long" : "fine");
		teardown();
	}
	buf_release(&b);
}

static void test_speed(void)
{
	struct buf b = BUF_INIT;
	struct timespec t0, t1;
	double ms;
	int i;

	buf_adds(&b, "日期,志愿者,队伍,活动,时长,积分\n");
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "2024-%02d-%02d,志愿者%d,heshilao,2024-09-09-market,"
		    "%d.5,%d\n", i % 12 + 1, i % 28 + 1, i % 500, i % 4, i % 20);
	setup();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	load_csv_file(&L, "service", "content/data/service.csv", b.data, b.len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	is_int((long long)m.service.n, 100000, "speed: 100,000 rows");
	is_int(m.service.items[99999].pos.line, 100001, "speed: last row line");
	/* Generous: this runs under the sanitizers; -O2 is ~10x faster. */
	ok(ms < 2000, "speed: 100,000 rows in %.1f ms", ms);
	teardown();
	buf_release(&b);
}

/* Tab-separated files (Excel's "Unicode 文本"): found from the header
 * line; an empty cell between two tabs stays a cell. */
static void test_tabs(void)
{
	const struct service *s;

	load("service", "2024年台账\n日期\t志愿者\t队伍\t活动\t时长\t积分\n"
	    "2024-09-09\t曾小香\theshilao\t\t2.5\t\n"
	    "2024-09-10\t\"吴, 柏青\"\theshilao\t\t两小时\t1\n");
	expect_diag(4, 30, "hours must be a number, got '两小时' (column E, 时长)",
	    "tabs: the fifth cell, past an empty one, at its column (below a "
	    "title)");
	is_int((long long)d.count, 1, "tabs: the only message");
	is_int((long long)m.service.n, 1, "tabs: one good row");
	if (m.service.n == 1) {
		s = &m.service.items[0];
		ok(s->hours == 2.5 && s->points == 0 && !s->activity_ref.id,
		    "tabs: empty cells read as empty");
	}
	teardown();
}

int main(void)
{
	test_service_english();
	test_header_aliases();
	test_header_errors();
	test_roster_private();
	test_ragged();
	test_quotes();
	test_tabs();
	test_positions();
	test_unnamed_and_long();
	test_speed();
	return tap_done();
}
