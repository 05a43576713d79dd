#!/usr/bin/env bash
# Pathological shapes (tests/shapes.sh): 50,000 same-day activities
# without ids, 2,000 same-day stories without ids, one team with 50,000
# activities, 10,000 notices, a 50,000-row roster of one name. Each must
# check and build, with the right ids, pages and counts. Their times are
# make bench's business (tests/bench.sh), not this test's.
#
# check runs on $LINLI (the sanitizer build). The two 50,000-page builds
# run on the plain build ($TOP/linli): under AddressSanitizer they spend
# half a minute each creating files; the smaller builds run on $LINLI.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/shapes.sh"

PLAIN=${PLAIN:-$TOP/linli}
THEME=${THEME:-$TOP/themes/default}
[ -x "$PLAIN" ] || skip_all "no plain build at $PLAIN (run make)"

# The trees and their 50,000-page outputs go in memory when the machine
# has /dev/shm: on a busy disk, making and removing 200,000 files is most
# of this test's time.
WORK=$TMP
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
	WORK=$(mktemp -d /dev/shm/linli-shapes.XXXXXX 2>/dev/null); then
	trap 'rm -rf "$TMP" "$WORK"' EXIT
else
	WORK=$TMP
fi

# check_shape DIR WANT: linli check succeeds and counts WANT (e.g.
# "50001 activities").
check_shape() {
	"$LINLI" check -C "$1" --today "$TODAY" >"$TMP/stdout" 2>"$TMP/stderr"
	is "$?" 0 "$(basename "$1"): check succeeds"
	has "$TMP/stdout" "$2" "$(basename "$1"): check counts $2"
	is "$(grep -c ': error: ' "$TMP/stderr")" 0 "$(basename "$1"): no errors"
}

# build_shape BIN DIR: builds DIR into DIR.out.
build_shape() {
	"$1" build -q -C "$2" -o "$2.out" --theme "$THEME" --today "$TODAY" \
		2>"$TMP/stderr"
	is "$?" 0 "$(basename "$2"): build succeeds"
}

# count PATTERN FILE: how many times PATTERN (fixed) occurs in FILE.
count() {
	grep -oF -- "$1" "$2" | wc -l | tr -d ' '
}

# --- 50,000 same-day activities without ids --------------------------------
d=$WORK/sameday
shape_sameday "$d" 50000
check_shape "$d" "50001 activities"
build_shape "$PLAIN" "$d"
o=$d.out/activities
is "$(find "$o" -maxdepth 1 -name '2024-09-09*' -type d | wc -l | tr -d ' ')" \
	50001 "sameday: 50,001 pages under activities/2024-09-09* (one id given)"
has "$o/2024-09-09/index.html" "活动0<" "sameday: the first is 2024-09-09"
has "$o/2024-09-09-2/index.html" "活动1<" "sameday: the second is 2024-09-09-2"
has "$o/2024-09-09-3/index.html" "有 id 的活动" \
	"sameday: 2024-09-09-3 is the activity that gave it as its id"
has "$o/2024-09-09-4/index.html" "活动2<" \
	"sameday: the third derived id skips the taken -3"
has "$o/2024-09-09-50001/index.html" "活动49999<" \
	"sameday: the last is 2024-09-09-50001"
[ ! -e "$o/2024-09-09-50002" ]
ok $? "sameday: no id beyond 2024-09-09-50001"
is "$(count 'href="../../activities/2024-09-09' "$o/2024/index.html")" 50001 \
	"sameday: the year page links every one of them"
rm -rf "$d" "$d.out"

# --- 2,000 same-day stories without ids ------------------------------------
d=$WORK/stories
shape_stories "$d" 2000
check_shape "$d" "2000 stories"
build_shape "$LINLI" "$d"
o=$d.out/stories
is "$(find "$o" -maxdepth 1 -name '2024-09-09*' -type d | wc -l | tr -d ' ')" \
	2000 "stories: 2,000 pages under stories/2024-09-09*"
has "$o/2024-09-09/index.html" "故事0<" "stories: the first is 2024-09-09"
has "$o/2024-09-09-2000/index.html" "故事1999<" \
	"stories: the last is 2024-09-09-2000"
rm -rf "$d" "$d.out"

# --- one team with 50,000 activities -----------------------------------------
d=$WORK/oneteam
shape_oneteam "$d" 50000
check_shape "$d" "50000 activities"
build_shape "$PLAIN" "$d"
t=$d.out/teams/team-a/index.html
is "$(count 'activities/a0' "$t")" 50000 \
	"oneteam: the team's page links all 50,000 activities"
has "$d.out/activities/a049999/index.html" "teams/team-a/" \
	"oneteam: an activity links its team"
is "$(find "$d.out/categories" -mindepth 1 -maxdepth 1 -type d | wc -l |
	tr -d ' ')" 8 "oneteam: 8 category pages"
rm -rf "$d" "$d.out"

# --- 10,000 notices ------------------------------------------------------------
d=$WORK/notices
shape_notices "$d" 10000
check_shape "$d" "1 activities"
build_shape "$LINLI" "$d"
b=$d.out/board/index.html
is "$(count '{"text":"通知' "$b")" 10000 "notices: the board holds all 10,000"
has "$b" '{"text":"通知9999","from":"2026-11-01","until":"2026-12-31"}' \
	"notices: the last one with its dates"
rm -rf "$d" "$d.out"

# --- a 50,000-row roster of one name -------------------------------------------
d=$WORK/roster
shape_roster "$d" 50000
check_shape "$d" "50000 roster rows"
build_shape "$LINLI" "$d"
has "$d.out/teams/team-a/index.html" "50000" \
	"roster: the team counts 50,000 members (one per row)"
has "$d.out/archive/2024/figures.json" \
	'{"key":"new_volunteers","label":"新加入的志愿者","value":1}' \
	"roster: one person, one new volunteer in 2024"
hasnt "$d.out/teams/team-a/index.html" "1380000" \
	"roster: no phone number reaches the team page"
rm -rf "$d" "$d.out"

done_testing
