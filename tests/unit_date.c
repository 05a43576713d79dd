/* Unit tests for gen/date.c: the date forms content may use, partial
 * dates, the calendar (impossible days, leap years), weekdays, day
 * numbers and ordering. */
#include <string.h>

#include "date.h"
#include "tap.h"

#define ALL (DATE_DAY | DATE_MONTH | DATE_YEAR)

/* Parses s with allowed; checks the status and, when it is DATE_OK, the
 * fields. */
static void parses(const char *s, int allowed, enum date_status want,
    int y, int m, int d)
{
	struct date out = {-1, -1, -1};
	enum date_status st = date_parse(s, strlen(s), allowed, &out);

	if (!is_int(st, want, s))
		return;
	if (want == DATE_OK)
		ok(out.year == y && out.month == m && out.day == d,
		    "%s -> %d-%d-%d (got %d-%d-%d)", s, y, m, d, out.year,
		    out.month, out.day);
	else
		ok(out.year == -1, "%s leaves the output alone", s);
}

static void test_full_forms(void)
{
	parses("2024-09-09", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("2024-9-9", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("2024/09/09", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("2024年9月9日", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("2024年9月9号", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("2024年09月09日", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("  2024-12-31 ", DATE_DAY, DATE_OK, 2024, 12, 31);
	parses("2024-01-01", ALL, DATE_OK, 2024, 1, 1);
}

static void test_partial_forms(void)
{
	parses("2024-09", DATE_MONTH, DATE_OK, 2024, 9, 0);
	parses("2024年9月", DATE_MONTH, DATE_OK, 2024, 9, 0);
	parses("2024/9", DATE_MONTH, DATE_OK, 2024, 9, 0);
	parses("2024", DATE_YEAR, DATE_OK, 2024, 0, 0);
	parses("2024-09", DATE_YEAR, DATE_OK, 2024, 9, 0);
	parses("2024-09", DATE_DAY, DATE_IMPRECISE, 0, 0, 0);
	parses("2024年9月", DATE_DAY, DATE_IMPRECISE, 0, 0, 0);
	parses("2024", DATE_DAY, DATE_IMPRECISE, 0, 0, 0);
	parses("2024", DATE_MONTH, DATE_IMPRECISE, 0, 0, 0);
	parses("2024-13", DATE_MONTH, DATE_IMPOSSIBLE, 0, 0, 0);
	/* 2023年: the year alone, Chinese style. */
	parses("2023年", DATE_YEAR, DATE_OK, 2023, 0, 0);
	parses("2023年", DATE_MONTH, DATE_IMPRECISE, 0, 0, 0);
	parses("2023年9月", DATE_YEAR, DATE_OK, 2023, 9, 0);
	parses("2023年9", DATE_YEAR, DATE_SYNTAX, 0, 0, 0);
}

/* Full-width digits, as a Chinese input method types them. */
static void test_fullwidth(void)
{
	parses("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-09-09", DATE_DAY,
	    DATE_OK, 2024, 9, 9);
	parses("２０２４年９月９日", DATE_DAY, DATE_OK, 2024, 9, 9);
	parses("２０２３", DATE_YEAR, DATE_OK, 2023, 0, 0);
	parses("２０２４-02-30", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("２０２４－09-09", DATE_DAY, DATE_SYNTAX, 0, 0, 0);
	parses("2024-９-９", DATE_DAY, DATE_OK, 2024, 9, 9);
}

static void test_impossible(void)
{
	parses("2024-02-30", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2023-02-29", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2024-13-01", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2024-00-10", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2024-04-31", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2024-09-00", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2024年2月30日", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	/* An impossible date is impossible even where less is allowed. */
	parses("2024-02-30", ALL, DATE_IMPOSSIBLE, 0, 0, 0);
}

/* The reasons, including for a run of digits too long for an int (a
 * fuzzer's finding: the parts used to overflow). */
static void test_impossible_reason(void)
{
	char why[128];

	date_impossible_reason("2024-02-30", why, sizeof(why));
	is_str(why, "February 2024 has 29 days", "reason for 2024-02-30");
	date_impossible_reason("2024-13-01", why, sizeof(why));
	is_str(why, "there is no month 13", "reason for 2024-13-01");
	parses("2021-0-55555555555555555555", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	date_impossible_reason("2021-0-55555555555555555555", why, sizeof(why));
	is_str(why, "there is no month 0", "reason for month 0 with a long day");
	date_impossible_reason("2021-55555555555555555555-1", why, sizeof(why));
	ok(strncmp(why, "there is no month ", 18) == 0,
	    "a long month is no month (%s)", why);
}

static void test_leap_years(void)
{
	parses("2024-02-29", DATE_DAY, DATE_OK, 2024, 2, 29);
	parses("2000-02-29", DATE_DAY, DATE_OK, 2000, 2, 29);
	parses("1900-02-29", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	parses("2100-02-29", DATE_DAY, DATE_IMPOSSIBLE, 0, 0, 0);
	is_int(date_days_in_month(2024, 2), 29, "February 2024 has 29 days");
	is_int(date_days_in_month(2023, 2), 28, "February 2023 has 28 days");
	is_int(date_days_in_month(1900, 2), 28, "February 1900 has 28 days");
	is_int(date_days_in_month(2000, 2), 29, "February 2000 has 29 days");
	is_int(date_days_in_month(2024, 4), 30, "April has 30 days");
	is_int(date_days_in_month(2024, 13), 0, "month 13 has no days");
	ok(date_valid(2024, 2, 29) && !date_valid(2023, 2, 29),
	    "date_valid knows leap days");
	ok(date_valid(2024, 9, 0) && date_valid(2024, 0, 0) &&
	    !date_valid(2024, 0, 9), "date_valid: partial dates, but no day "
	    "without a month");
}

static void test_garbage(void)
{
	static const char *const bad[] = {
		"2024-09-09x", "24-09-09", "2024年9月9", "", "   ", "x2024-09-09",
		"2024-09-09-", "2024--09-09", "2024-0909", "2024.09.09",
		"2024-09-09 10:00", "20240909", "2024-009-09", "2024-09-009",
		"二〇二四年九月九日", "2024年9-9", "2024-9月9日", "0999-01-01",
		"2024-９-９x", NULL,
	};
	size_t i;

	for (i = 0; bad[i]; i++)
		parses(bad[i], ALL, DATE_SYNTAX, 0, 0, 0);
}

static void test_weekday(void)
{
	struct date d = {2024, 9, 9};

	is_int(date_weekday(d), 0, "2024-09-09 is a Monday");
	d.day = 15;
	is_int(date_weekday(d), 6, "2024-09-15 is a Sunday");
	d = (struct date){1970, 1, 1};
	is_int(date_weekday(d), 3, "1970-01-01 was a Thursday");
	d = (struct date){2026, 11, 25};
	is_int(date_weekday(d), 2, "2026-11-25 is a Wednesday");
	d = (struct date){1969, 12, 31};
	is_int(date_weekday(d), 2, "1969-12-31 was a Wednesday (before day 0)");
}

static void test_days(void)
{
	struct date d = {1970, 1, 1}, back;
	long first = date_to_days((struct date){1899, 12, 25});
	long last = date_to_days((struct date){2101, 1, 7});
	long n, bad = 0;

	is_int(date_to_days(d), 0, "1970-01-01 is day 0");
	is_int(date_to_days((struct date){2000, 3, 1}), 11017,
	    "2000-03-01 is day 11017");
	is_int(date_to_days((struct date){2024, 9, 0}),
	    date_to_days((struct date){2024, 9, 1}),
	    "a month counts from its first day");
	/* Every day from 1899 to 2101, through 1900 and 2000 and 2100. */
	is_int(first, -25574, "1899-12-25 is day -25574");
	d = (struct date){1899, 12, 25};
	for (n = first; n <= last; n++) {
		back = date_from_days(n);
		if (back.year != d.year || back.month != d.month ||
		    back.day != d.day || date_to_days(back) != n ||
		    !date_valid(back.year, back.month, back.day))
			bad++;
		/* d steps one calendar day at a time, independently. */
		if (++d.day > date_days_in_month(d.year, d.month)) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
	}
	is_int(bad, 0, "date_from_days and date_to_days agree with the "
	    "calendar for every day from 1899-12-25 to 2101-01-07");
}

static void test_cmp(void)
{
	struct date day = {2024, 9, 9}, first = {2024, 9, 1};
	struct date month = {2024, 9, 0}, year = {2024, 0, 0};
	struct date next_month = {2024, 10, 0}, earlier = {2023, 12, 31};

	ok(date_cmp(day, day) == 0, "a date equals itself");
	ok(date_cmp(month, first) < 0, "2024-09 sorts before 2024-09-01");
	ok(date_cmp(month, day) < 0 && date_cmp(day, month) > 0,
	    "2024-09 sorts before 2024-09-09, both ways");
	ok(date_cmp(year, month) < 0, "2024 sorts before 2024-09");
	ok(date_cmp(day, next_month) < 0, "2024-09-09 before 2024-10");
	ok(date_cmp(earlier, year) < 0, "2023-12-31 before 2024");
	ok(date_cmp(month, month) == 0, "2024-09 equals 2024-09");
}

static void test_iso(void)
{
	char out[11];

	date_iso((struct date){2024, 9, 9}, out);
	is_str(out, "2024-09-09", "date_iso of a day");
	date_iso((struct date){2024, 9, 0}, out);
	is_str(out, "2024-09", "date_iso of a month");
	date_iso((struct date){2024, 0, 0}, out);
	is_str(out, "2024", "date_iso of a year");
	date_iso((struct date){0, 0, 0}, out);
	is_str(out, "", "date_iso of no date");
}

int main(void)
{
	test_full_forms();
	test_partial_forms();
	test_fullwidth();
	test_impossible();
	test_impossible_reason();
	test_leap_years();
	test_garbage();
	test_weekday();
	test_days();
	test_cmp();
	test_iso();
	return tap_done();
}
