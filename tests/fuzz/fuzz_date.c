/*
 * fuzz_date: dates and times as content writes them. Every precision is
 * tried; a date that parses must survive the round trips the pages rely
 * on, and an impossible one must be explained. A time that reads (14:30,
 * 下午两点半, 晚上10点到凌晨1点) starts within its day and ends after it
 * starts, less than a day later.
 */
#include <assert.h>

#include "fuzz.h"
#include "timeofday.h"

static void round_trip(struct date d)
{
	char iso[11];
	struct date back;

	date_iso(d, iso);
	assert(date_parse(iso, strlen(iso), DATE_YEAR, &back) == DATE_OK);
	assert(date_cmp(d, back) == 0);
	if (d.day) {
		assert(date_cmp(date_from_days(date_to_days(d)), d) == 0);
		assert(date_weekday(d) >= 0 && date_weekday(d) <= 6);
		assert(d.day <= date_days_in_month(d.year, d.month));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int allowed[] = {DATE_DAY, DATE_MONTH, DATE_YEAR,
	    DATE_DAY | DATE_MONTH};
	char *s = xmalloc(size + 1), why[128];
	int start, end;
	size_t i;

	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		struct date d = {0, 0, 0};
		switch (date_parse(s, size, allowed[i], &d)) {
		case DATE_OK:
			round_trip(d);
			break;
		case DATE_IMPOSSIBLE:
			date_impossible_reason(s, why, sizeof(why));
			assert(why[0]);
			break;
		default:
			break;
		}
	}
	if (tod_parse(s, &start, &end) == TOD_OK) {
		assert(start >= 0 && start < 1440);
		assert(end == -1 || (end > start && end - start <= 1440));
	}
	free(s);
	return 0;
}
