#include "date.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"
#include "i18n.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool date_valid(int year, int month, int day)
{
	if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0)
		return false;
	if (month == 0)
		return day == 0;
	return day <= date_days_in_month(year, month);
}

/* Reads up to maxdigits ASCII digits at *s; false if there are none. */
static bool read_number(const char **s, const char *end, int maxdigits, int *out)
{
	int n = 0, digits = 0;

	while (*s < end && **s >= '0' && **s <= '9' && digits < maxdigits) {
		n = n * 10 + (**s - '0');
		(*s)++;
		digits++;
	}
	*out = n;
	return digits > 0 && !(*s < end && **s >= '0' && **s <= '9');
}

static bool skip_sep(const char **s, const char *end, const char *sep)
{
	size_t n = strlen(sep);

	if ((size_t)(end - *s) >= n && memcmp(*s, sep, n) == 0) {
		*s += n;
		return true;
	}
	return false;
}

enum date_status date_parse(const char *s, size_t len, int allowed,
    struct date *out)
{
	char folded[96];
	size_t n = utf8_fold_digits(s, len, folded, sizeof(folded));
	const char *end;
	struct date d = {0, 0, 0};
	bool cjk = false;

	if (n == (size_t)-1)
		return DATE_SYNTAX; /* far longer than any date */
	s = folded;
	end = s + n;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (!read_number(&s, end, 4, &d.year) || d.year < 1000)
		return DATE_SYNTAX;
	if (s < end) {
		if (skip_sep(&s, end, "年"))
			cjk = true;
		else if (!skip_sep(&s, end, "-") && !skip_sep(&s, end, "/"))
			return DATE_SYNTAX;
		if (cjk && s == end)
			goto parsed; /* 2023年: the year alone */
		if (!read_number(&s, end, 2, &d.month))
			return DATE_SYNTAX;
		if (d.month == 0)
			return DATE_IMPOSSIBLE;
		if (cjk && !skip_sep(&s, end, "月"))
			return DATE_SYNTAX;
	}
	if (s < end) {
		if (!cjk && !skip_sep(&s, end, "-") && !skip_sep(&s, end, "/"))
			return DATE_SYNTAX;
		if (!read_number(&s, end, 2, &d.day))
			return DATE_SYNTAX;
		if (cjk && !skip_sep(&s, end, "日") && !skip_sep(&s, end, "号"))
			return DATE_SYNTAX;
		if (d.day == 0)
			return DATE_IMPOSSIBLE;
	}
parsed:
	if (s != end)
		return DATE_SYNTAX;
	if (!date_valid(d.year, d.month, d.day))
		return DATE_IMPOSSIBLE;
	if (d.month == 0 && !(allowed & DATE_YEAR))
		return DATE_IMPRECISE;
	if (d.month && d.day == 0 && !(allowed & (DATE_MONTH | DATE_YEAR)))
		return DATE_IMPRECISE;
	*out = d;
	return DATE_OK;
}

int date_cmp(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil. */
long date_to_days(struct date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long m = d.month ? d.month : 1, dd = d.day ? d.day : 1;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date date_from_days(long z)
{
	struct date d;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int date_weekday(struct date d)
{
	long days = date_to_days(d);

	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return (int)(((days % 7) + 7 + 3) % 7);
}

void date_iso(struct date d, char out[static 11])
{
	if (d.year == 0)
		out[0] = '\0';
	else if (d.month == 0)
		snprintf(out, 11, "%04d", d.year);
	else if (d.day == 0)
		snprintf(out, 11, "%04d-%02d", d.year, d.month);
	else
		snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static const char *const month_names[] = {N_("January"), N_("February"),
	N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
	N_("August"), N_("September"), N_("October"), N_("November"),
	N_("December")};

/* Part values stop growing here: enough to say "there is no month 99999"
 * of any number a user writes, and no int overflow on a long run of
 * digits. */
#define REASON_PART_MAX 99999

void date_impossible_reason(const char *str, char *out, size_t size)
{
	int part[3] = {0, 0, 0}, k = 0;
	char folded[96];
	const char *s = utf8_fold_digits(str, strlen(str), folded,
	    sizeof(folded)) == (size_t)-1 ? str : folded;

	for (; *s && k < 3; s++) {
		if (*s < '0' || *s > '9')
			continue;
		for (; *s >= '0' && *s <= '9'; s++)
			if (part[k] <= REASON_PART_MAX)
				part[k] = part[k] * 10 + (*s - '0');
		k++;
		if (!*s)
			break;
	}
	if (part[1] < 1 || part[1] > 12)
		snprintf(out, size, _("there is no month %d"), part[1]);
	else if (part[2] == 0)
		snprintf(out, size, "%s", _("there is no day 0"));
	else
		snprintf(out, size, _("%s %d has %d days"), _(month_names[part[1] - 1]),
		    part[0], date_days_in_month(part[0], part[1]));
}

struct date date_last_day(struct date d)
{
	if (!d.month)
		d.month = 12;
	if (!d.day)
		d.day = date_days_in_month(d.year, d.month);
	return d;
}
