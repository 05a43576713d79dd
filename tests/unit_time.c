/* Unit tests for gen/timeofday.c: the ways people write an activity's
 * time, ranges past midnight, and what is not a time. */
#include "tap.h"
#include "timeofday.h"

/* s reads as start-end minutes (end -1: no end). */
static void reads(const char *s, int start, int end)
{
	int a, b;
	enum tod_status st = tod_parse(s, &a, &b);

	ok(st == TOD_OK && a == start && b == end, "%s -> %d-%d (got %d: "
	    "%d-%d)", s, start, end, (int)st, a, b);
}

static void status(const char *s, enum tod_status want)
{
	int a, b;
	enum tod_status st = tod_parse(s, &a, &b);

	ok(st == want && a == -1 && b == -1, "%s -> status %d, no hour (got %d: "
	    "%d-%d)", s, (int)want, (int)st, a, b);
}

#define HM(h, m) ((h) * 60 + (m))

int main(void)
{
	reads("14:30", HM(14, 30), -1);
	reads("10:00-12:00", HM(10, 0), HM(12, 0));
	reads("9:30～11:00", HM(9, 30), HM(11, 0));
	reads("09:00 - 11:30", HM(9, 0), HM(11, 30));
	reads("１４：３０", HM(14, 30), -1);
	reads("下午2点半", HM(14, 30), -1);
	reads("上午9点到11点", HM(9, 0), HM(11, 0));
	reads("上午10点到12点", HM(10, 0), HM(12, 0));
	reads("下午2点-4点", HM(14, 0), HM(16, 0));
	reads("晚上7点半", HM(19, 30), -1);
	reads("7点半", HM(7, 30), -1);
	reads("2点15分", HM(2, 15), -1);
	/* the hour in Chinese numerals, as people write it */
	reads("上午十点", HM(10, 0), -1);
	reads("上午十点钟左右", HM(10, 0), -1);
	reads("下午三点半", HM(15, 30), -1);
	reads("下午两点", HM(14, 0), -1);
	reads("晚上七点整", HM(19, 0), -1);
	reads("下午三点一刻", HM(15, 15), -1);
	reads("上午九点三刻", HM(9, 45), -1);
	reads("上午十一点四十五分", HM(11, 45), -1);
	reads("下午两点到四点半", HM(14, 0), HM(16, 30));
	reads("上午八點至十點", HM(8, 0), HM(10, 0));
	reads("14:30左右", HM(14, 30), -1);
	reads("中午12点", HM(12, 0), -1);
	reads("中午1点", HM(13, 0), -1);
	reads("2:30 PM", HM(14, 30), -1);
	reads("2:30 pm", HM(14, 30), -1);
	reads("4 pm", HM(16, 0), -1);
	reads("12:00 AM", HM(0, 0), -1);
	reads("2:30-4 pm", HM(14, 30), HM(16, 0));
	reads("11:00-1 pm", HM(11, 0), HM(13, 0));
	reads("下午14:00", HM(14, 0), -1);
	/* Past midnight: the end is the next day. */
	reads("22:00-01:00", HM(22, 0), 1440 + HM(1, 0));
	reads("晚上10点到凌晨1点", HM(22, 0), 1440 + HM(1, 0));
	reads("23:00-次日2:00", HM(23, 0), 1440 + HM(2, 0));
	/* A note after the time. */
	reads("14:30（请提前10分钟到场）", HM(14, 30), -1);
	reads("9:00 集合", HM(9, 0), -1);
	/* No hour, and not a mistake. */
	status("全天", TOD_NONE);
	status("待定", TOD_NONE);
	status("", TOD_NONE);
	status(NULL, TOD_NONE);
	/* Not readable: never a guessed hour. */
	status("下午三点多", TOD_UNREADABLE); /* "a little after three" */
	status("饭后", TOD_UNREADABLE);
	status("25:00", TOD_UNREADABLE);
	status("14:75", TOD_UNREADABLE);
	status("上午14:00", TOD_UNREADABLE);
	status("下午2点 PM", TOD_UNREADABLE);
	status("9-11am", TOD_UNREADABLE);
	status("14:30x", TOD_UNREADABLE);
	return tap_done();
}
