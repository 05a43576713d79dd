#!/usr/bin/env bash
# Planned activities' times as people write them reach the calendar at the
# right hour (Chinese numerals too); past midnight ends the next day; a
# time linli cannot read is a warning and the event has its day, never a
# guessed hour.
. "$(dirname "$0")/lib.sh"

T=$TMP/c
mkdir -p "$T/activities"
printf 'name: 测试社区\ntimezone: Asia/Shanghai\n' >"$T/site.yaml"
cat >"$T/activities/2026.yaml" <<'YAML'
- id: reading
  title: 读书会
  date: 2026-12-05
  time: 下午2点半
- id: newyear
  title: 跨年晚会
  date: 2026-12-31
  time: 晚上10点到凌晨1点
- id: taiji
  title: 太极
  date: 2026-12-06
  time: 7点半
- id: english
  title: 英语角
  date: 2026-12-07
  time: 2:30-4 PM
- id: tea
  title: 茶话会
  date: 2026-12-08
  time: 下午三点多
- id: talk
  title: 健康讲座
  date: 2026-12-09
  time: 上午十点到十一点半
YAML
linli_build "$T" "$TMP/out"
ok $? "the tree builds (an unreadable time is only a warning)"
has "$TMP/stderr" "2026.yaml:20:9: warning: time '下午三点多' cannot be read, so the calendar shows this activity on its day without an hour" \
	"the unreadable time is a warning at its line and column"

# event ID: the DTSTART and DTEND lines of one event.
event() {
	awk -v id="UID:$1@" 'index($0, id) == 1 { on = 1 } on && /^DT(START|END)/ { sub(/\r$/, ""); print } /^END:VEVENT/ { on = 0 }' \
		"$TMP/out/calendar.ics" | tr '\n' ' '
}
has "$TMP/out/calendar.ics" "UID:reading@" "the calendar holds the events"
is "$(event reading)" "DTSTART;TZID=Asia/Shanghai:20261205T143000 " "下午2点半 is 14:30"
is "$(event newyear)" "DTSTART;TZID=Asia/Shanghai:20261231T220000 DTEND;TZID=Asia/Shanghai:20270101T010000 " \
	"晚上10点到凌晨1点 ends at 01:00 the next day"
is "$(event taiji)" "DTSTART;TZID=Asia/Shanghai:20261206T073000 " "7点半 is 07:30"
is "$(event english)" "DTSTART;TZID=Asia/Shanghai:20261207T143000 DTEND;TZID=Asia/Shanghai:20261207T160000 " \
	"2:30-4 PM is 14:30 to 16:00"
is "$(event tea)" "DTSTART;VALUE=DATE:20261208 DTEND;VALUE=DATE:20261209 " \
	"an unreadable time gives an all-day event, no guessed hour"
is "$(event talk)" "DTSTART;TZID=Asia/Shanghai:20261209T100000 DTEND;TZID=Asia/Shanghai:20261209T113000 " \
	"上午十点到十一点半, in Chinese numerals, is 10:00 to 11:30"

done_testing
