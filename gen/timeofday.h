/*
 * timeofday: an activity's `time` as people write it, read into minutes.
 *
 *   14:30   14:30-16:00   9:30～11:00   下午2点半   上午9点到11点
 *   晚上7点半   2:30 PM   2:30-4 pm   22:00-01:00   晚上10点到凌晨1点
 *
 * A range whose end is before its start ends the next day (past
 * midnight). Words that say there is no hour (全天, 待定, all day, TBD)
 * are no time, not a mistake.
 */
#ifndef LINLI_TIMEOFDAY_H
#define LINLI_TIMEOFDAY_H

#include <stdbool.h>

enum tod_status {
	TOD_OK,         /* *start set; *end too when a range */
	TOD_NONE,       /* empty, or a word saying there is no hour */
	TOD_UNREADABLE, /* something else: never guess an hour */
};

/* Reads s into minutes after the day's midnight: *start in [0, 1440),
 * *end (-1 when no end) after *start, up to 2880 when it ends the next
 * day. */
enum tod_status tod_parse(const char *s, int *start, int *end);

#endif
