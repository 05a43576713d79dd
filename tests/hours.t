#!/usr/bin/env bash
# People and sums that agree: one rule for an activity's hours (its service
# rows' sum when it has any, else its own hours), so that every team's
# total on its page equals the sum of its figures over the yearly reports;
# a report for a year not over says so and compares with no whole year.
. "$(dirname "$0")/lib.sh"

# team_sums OUT: "team page-total sum-over-reports" per team.
team_sums() {
	/usr/bin/python3 - "$1" <<'PY'
import glob, json, os, re, sys
out = sys.argv[1]
years = {}
for f in glob.glob(os.path.join(out, "archive", "*", "figures.json")):
    d = json.load(open(f, encoding="utf-8"))
    for t in d["sections"].get("team", []):
        years.setdefault(t["key"], 0.0)
        years[t["key"]] += t["hours"]
for page in sorted(glob.glob(os.path.join(out, "teams", "*", "index.html"))):
    team = os.path.basename(os.path.dirname(page))
    html = open(page, encoding="utf-8").read()
    m = re.search(r"<dt>(?:服务时长（小时）|服務時長（小時）|Hours)</dt><dd>([0-9.,]+)</dd>", html)
    total = float(m.group(1).replace(",", "")) if m else 0.0
    print(team, "%.2f" % total, "%.2f" % years.get(team, 0.0))
PY
}

# check_sums OUT NAME: every team's total is the sum of its yearly figures
# (each figure is rounded to two decimals: allow that much per year).
check_sums() {
	local out=$1 name=$2 team total sum n=0 bad=""
	local nyears
	nyears=$(ls -d "$out"/archive/*/ | wc -l)
	while read -r team total sum; do
		n=$((n + 1))
		if ! /usr/bin/python3 -c "import sys; sys.exit(abs($total - $sum) > 0.006 * ($nyears + 1))"; then
			bad="$bad $team:$total!=$sum"
		fi
	done < <(team_sums "$out")
	[ "$n" -gt 0 ]
	ok $? "$name: there are team pages to compare ($n)"
	is "$bad" "" "$name: every team's total hours equal the sum over the yearly reports"
}

linli_build "$TOP/content" "$TMP/example"
ok $? "the example builds"
check_sums "$TMP/example" "example"

# A tree where the rule matters: an activity with own hours and no rows
# (shared by its two teams), one with both (the rows win), rows with no
# activity (one typed with full-width digits), and a year that is not over.
T=$TMP/tree
mkdir -p "$T/teams" "$T/activities" "$T/data"
printf 'name: 测试社区\n' >"$T/site.yaml"
cat >"$T/teams/all.yaml" <<'YAML'
- id: a
  name: 甲队
- id: b
  name: 乙队
YAML
cat >"$T/activities/all.yaml" <<'YAML'
- id: own
  title: 只写了时长
  date: 2025-03-01
  teams: [a, b]
  hours: 5
- id: both
  title: 时长和台账都有
  date: 2025-04-01
  teams: [a]
  hours: 100
- id: now
  title: 今年的活动
  date: 2026-03-01
  teams: [b]
  hours: 7
YAML
cat >"$T/data/service.csv" <<'CSV'
date,volunteer,team,activity,hours,points
2025-04-01,张三,a,both,2,10
2025-04-01,李四,a,both,3,10
2025-06-01,张三,b,,4,10
2026-02-01,李四,a,,１．５,５
CSV
linli_build "$T" "$TMP/tree-out"
ok $? "the tree builds"
has "$TMP/stderr" "activity 'both' gives hours: 100, but its service rows add up to 5; the rows count" \
	"the differing own hours are a warning"
check_sums "$TMP/tree-out" "tree"
team_sums "$TMP/tree-out" >"$TMP/sums"
# a: own 2.5 + rows 5 (2025) + 1.5 (2026) = 9; b: 2.5 + 4 + 7 = 13.5.
has "$TMP/sums" "a 9.00 9.00" "team a: its share of own hours, plus its rows"
has "$TMP/sums" "b 13.50 13.50" "team b: its share, its rows and this year's own hours"
has "$TMP/tree-out/activities/both/index.html" ">5<" \
	"the activity with rows shows their sum"
hasnt "$TMP/tree-out/activities/both/index.html" ">100<" \
	"and not its own figure"

# The year not over: as of today, no comparison with a whole year.
Y=$TMP/tree-out/archive/2026/index.html
has "$Y" "截至2026年11月25日，本年度尚未结束" "the 2026 report says it is as of today"
hasnt "$Y" "total-change" "and compares itself with no whole year"
hasnt "$TMP/tree-out/archive/2026/figures.csv" '"previous"' \
	"nor do its figures files"
hasnt "$TMP/tree-out/archive/2025/index.html" "截至" \
	"a year that is over does not say 'as of'"
linli_build "$T" "$TMP/tree-2027" --today 2027-01-10 2>/dev/null
has "$TMP/tree-2027/archive/2026/index.html" "total-change" \
	"once 2026 is over, its report compares it with 2025"

done_testing
