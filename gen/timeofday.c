/*
 * timeofday: see timeofday.h. A small hand-written reader: a time is an
 * optional period word (上午, 下午, 晚上, 凌晨 ...), a clock (14:30, 2点半,
 * 2点15分, 2时) and an optional AM/PM; a range is two of them around a
 * dash, 至, 到 or "to".
 */
#include "timeofday.h"

#include <string.h>

#include "utf8.h"

enum period { P_NONE, P_AM, P_PM, P_NOON, P_EARLY /* 凌晨 */ };

struct clock {
	int hour, minute;
	enum period period;
	bool next_day; /* 次日 */
};

struct reader {
	const char *s;
};

static bool take(struct reader *r, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(r->s, word, n) != 0)
		return false;
	r->s += n;
	return true;
}

/* Case-insensitive ASCII word. */
static bool take_ci(struct reader *r, const char *word)
{
	size_t i;

	for (i = 0; word[i]; i++) {
		char c = r->s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return false;
	}
	r->s += i;
	return true;
}

/* Spaces, tabs and the ideographic space U+3000. */
static void skip_spaces(struct reader *r)
{
	for (;;) {
		if (*r->s == ' ' || *r->s == '\t')
			r->s++;
		else if (!take(r, "\xe3\x80\x80"))
			return;
	}
}

static bool number(struct reader *r, int max_digits, int *out)
{
	int n = 0, k = 0;

	while (*r->s >= '0' && *r->s <= '9' && k < max_digits) {
		n = n * 10 + (*r->s++ - '0');
		k++;
	}
	*out = n;
	return k > 0 && !(*r->s >= '0' && *r->s <= '9');
}

static enum period period_word(struct reader *r)
{
	static const struct {
		const char *word;
		enum period p;
	} words[] = {
		{"上午", P_AM}, {"早上", P_AM}, {"早晨", P_AM}, {"清晨", P_AM},
		{"早", P_AM}, {"中午", P_NOON}, {"下午", P_PM}, {"傍晚", P_PM},
		{"晚上", P_PM}, {"晚间", P_PM}, {"夜里", P_PM}, {"夜间", P_PM},
		{"晚", P_PM}, {"凌晨", P_EARLY},
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (take(r, words[i].word))
			return words[i].p;
	return P_NONE;
}

/* A digit written in Chinese (两 for 2, as in 两点), or -1. */
static int cn_digit(struct reader *r)
{
	static const char *const digits[] = {"零", "〇", "一", "二", "两", "兩",
	    "三", "四", "五", "六", "七", "八", "九"};
	static const int value[] = {0, 0, 1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9};
	size_t i;

	for (i = 0; i < sizeof(digits) / sizeof(digits[0]); i++)
		if (take(r, digits[i]))
			return value[i];
	return -1;
}

/* 0-59 written in Chinese: 七, 十, 十二, 三十, 四十五. */
static bool cn_number(struct reader *r, int *out)
{
	const char *start = r->s;
	int tens = cn_digit(r), ones, n;

	if (take(r, "十")) {
		tens = tens < 0 ? 1 : tens;
		ones = cn_digit(r);
		n = tens * 10 + (ones < 0 ? 0 : ones);
	} else {
		n = tens;
	}
	if (n < 0 || n > 59) {
		r->s = start;
		return false;
	}
	*out = n;
	return true;
}

/* 14:30, 14：30, 2点, 2点半, 2点15分, 2点15, 2时30分, 2时, and the same
 * in Chinese numerals (十点, 三点一刻, 十点钟, 七点整, 两点四十五). */
static bool clock_digits(struct reader *r, struct clock *c)
{
	bool chinese = false;

	if (!number(r, 2, &c->hour)) {
		if (!cn_number(r, &c->hour))
			return false;
		chinese = true; /* then 点 must follow: 十 alone is no time */
	}
	c->minute = 0;
	if (take(r, ":") || take(r, "\xef\xbc\x9a")) /* ：U+FF1A */
		return number(r, 2, &c->minute) && c->minute < 60;
	if (!take(r, "点") && !take(r, "點") && !take(r, "时") && !take(r, "時")) {
		if (chinese)
			return false;
		/* A bare hour only before AM/PM: "4 pm". */
		const char *p = r->s;
		while (*p == ' ')
			p++;
		return (p[0] == 'a' || p[0] == 'A' || p[0] == 'p' ||
		    p[0] == 'P') && (p[1] == 'm' || p[1] == 'M' || p[1] == '.');
	}
	if (!take(r, "钟")) /* 十点钟 */
		take(r, "鐘");
	if (take(r, "半")) {
		c->minute = 30;
		return true;
	}
	if (take(r, "整"))
		return true;
	if (take(r, "一刻") || take(r, "三刻")) { /* a quarter, three */
		c->minute = !strncmp(r->s - 6, "一", 3) ? 15 : 45;
		return true;
	}
	if (*r->s >= '0' && *r->s <= '9') {
		if (!number(r, 2, &c->minute) || c->minute >= 60)
			return false;
		take(r, "分"); /* 2点15分, or just 2点15 */
	} else if (cn_number(r, &c->minute)) {
		take(r, "分"); /* 两点四十五分 */
	}
	return true;
}

static bool clock_read(struct reader *r, struct clock *c)
{
	enum period suffix = P_NONE;

	memset(c, 0, sizeof(*c));
	skip_spaces(r);
	c->next_day = take(r, "次日") || take(r, "第二天");
	c->period = period_word(r);
	skip_spaces(r);
	if (!clock_digits(r, c))
		return false;
	skip_spaces(r);
	if (take_ci(r, "am") || take_ci(r, "a.m."))
		suffix = P_AM;
	else if (take_ci(r, "pm") || take_ci(r, "p.m."))
		suffix = P_PM;
	if (suffix && c->period)
		return false; /* 下午2点 PM: which is meant? */
	if (suffix)
		c->period = suffix;
	if (c->hour > 24 || (c->hour == 24 && c->minute))
		return false;
	if (c->period && c->period != P_NOON && c->hour > 12)
		return c->period == P_PM && c->hour < 24; /* 下午14:00 is fine */
	return true;
}

/* Minutes after midnight for a clock read with period p. */
static int minutes(const struct clock *c, enum period p, bool inherited)
{
	int h = c->hour;

	switch (p) {
	case P_AM:
	case P_EARLY:
		/* 12 AM is midnight; but "上午10点到12点" ends at noon. */
		if (h == 12 && !inherited)
			h = 0;
		break;
	case P_PM:
		if (h < 12)
			h += 12;
		break;
	case P_NOON:
		if (h < 11)
			h += 12; /* 中午1点 */
		break;
	case P_NONE:
		break;
	}
	return h * 60 + c->minute;
}

static bool range_separator(struct reader *r)
{
	skip_spaces(r);
	if (take(r, "-") || take(r, "\xe2\x80\x93") || take(r, "\xe2\x80\x94") ||
	    take(r, "~") || take(r, "\xef\xbd\x9e") || take(r, "\xe3\x80\x9c") ||
	    take(r, "\xef\xbc\x8d") || take(r, "至") || take(r, "到") ||
	    take_ci(r, "to ")) {
		skip_spaces(r);
		return true;
	}
	return false;
}

/* What may follow a time: nothing, or a note in brackets or after a
 * space ("14:30（请提前10分钟到场）"). */
static bool only_a_note(struct reader *r)
{
	skip_spaces(r);
	if (take(r, "左右") || take(r, "前后") || take(r, "前後"))
		skip_spaces(r); /* about that time: read as that time */
	return !*r->s || *r->s == '(' || take(r, "\xef\xbc\x88") ||
	    r->s[-1] == ' ';
}

static bool no_hour_word(const char *s)
{
	static const char *const words[] = {"全天", "待定", "另行通知", "all day",
	    "All day", "TBD", "tbd", NULL};
	size_t i;

	for (i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

enum tod_status tod_parse(const char *text, int *start, int *end)
{
	char s[128];
	struct reader r;
	struct clock a, b;
	enum period pb;
	size_t n;

	*start = *end = -1;
	if (!text)
		return TOD_NONE;
	n = utf8_fold_digits(text, strlen(text), s, sizeof(s));
	if (n == (size_t)-1)
		return TOD_UNREADABLE;
	r.s = s;
	skip_spaces(&r);
	if (!*r.s || no_hour_word(r.s))
		return TOD_NONE;
	if (!clock_read(&r, &a) || a.next_day)
		return TOD_UNREADABLE;
	*start = minutes(&a, a.period, false);
	if (*start >= 1440)
		return *start = -1, TOD_UNREADABLE;
	if (!range_separator(&r))
		return only_a_note(&r) ? TOD_OK : (*start = -1, TOD_UNREADABLE);
	if (!clock_read(&r, &b) || !only_a_note(&r)) {
		*start = -1;
		return TOD_UNREADABLE;
	}
	/* "下午2点-4点", "2:30-4 PM": one period word for both ends. */
	pb = b.period;
	if (!pb && a.period)
		*end = minutes(&b, a.period, true);
	else
		*end = minutes(&b, pb, false);
	/* "2:30-4 pm": the end's AM/PM for both, unless that starts after the
	 * end ("11:00-1 pm" starts in the morning). */
	if (!a.period && (pb == P_AM || pb == P_PM) && a.hour <= 12 &&
	    minutes(&a, pb, true) < *end)
		*start = minutes(&a, pb, true);
	if (b.next_day || b.period == P_EARLY || *end <= *start)
		*end += 1440; /* past midnight: 22:00-01:00 */
	if (*end - *start > 1440) {
		*start = *end = -1;
		return TOD_UNREADABLE;
	}
	return TOD_OK;
}
