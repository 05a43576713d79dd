/*
 * date: calendar dates as content writes them, possibly partial.
 *
 * A date may be known to the day (2024-09-09), the month (2024-09) or only
 * the year (2024): month or day is then 0. Dates compare as if a missing
 * part were the start of the period, so 2024-09 sorts before 2024-09-01.
 */
#ifndef LINLI_DATE_H
#define LINLI_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int year;  /* 0 = no date */
	int month; /* 1-12, 0 = unknown */
	int day;   /* 1-31, 0 = unknown */
};

enum date_precision {
	DATE_DAY = 1,   /* a full date is required */
	DATE_MONTH = 2, /* YYYY-MM or a full date */
	DATE_YEAR = 4,  /* YYYY, YYYY-MM or a full date */
};

enum date_status {
	DATE_OK,
	DATE_SYNTAX,     /* not a date form we know */
	DATE_IMPOSSIBLE, /* 2024-02-30, month 13 */
	DATE_IMPRECISE,  /* a valid date less precise than allowed */
};

/* Parses s (len bytes) in one of the forms 2024-09-09, 2024-9-9,
 * 2024/09/09, 2024年9月9日, 2024-09, 2024年9月, 2024, 2024年 (the partial
 * forms only where allowed says so). Full-width digits (２０２４) count as
 * the digits they look like. Surrounding spaces are ignored. */
enum date_status date_parse(const char *s, size_t len, int allowed,
    struct date *out);

bool date_valid(int year, int month, int day);
int date_days_in_month(int year, int month);
/* <0, 0, >0 as a is before, equal to, after b. */
int date_cmp(struct date a, struct date b);
/* 0 = Monday ... 6 = Sunday; the date must be full. */
int date_weekday(struct date d);
/* Days since 1970-01-01 (full dates). */
long date_to_days(struct date d);
struct date date_from_days(long days);
/* Why a date that date_parse() found DATE_IMPOSSIBLE is: "February 2024
 * has 29 days", "there is no month 13". */
void date_impossible_reason(const char *s, char *out, size_t size);
/* Writes 2024-09-09, 2024-09 or 2024 into out (at least 11 bytes). */
void date_iso(struct date d, char out[static 11]);
/* The last day a date written to the month or year stands for (2024-09
 * -> 2024-09-30, 2024 -> 2024-12-31); a full date itself. d is dated. */
struct date date_last_day(struct date d);

#endif
