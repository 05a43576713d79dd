#!/usr/bin/env bash
# make bench: build generated communities of 10,000 and 100,000 activities
# and print the time and peak memory of check and build; then 100
# 12-megapixel photos, cold and cached. Figures, not
# assertions: compare them across changes.
set -euo pipefail
cd "$(dirname "$0")/.."
LINLI=${LINLI:-./linli}
work=$(mktemp -d "${TMPDIR:-/tmp}/linli-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# gen DIR N: a community with N activities over 20 teams and 10 years,
# two service rows per activity, a roster and redemptions.
gen() {
	local dir=$1 n=$2
	mkdir -p "$dir/teams" "$dir/activities" "$dir/data" "$dir/stories"
	cat >"$dir/site.yaml" <<YAML
name: 基准测试社区
language: zh-CN
base_url: https://bench.example.org/
hotline: "027-0000 0000"
YAML
	awk -v dir="$dir" 'BEGIN {
		kinds[0] = "service"; kinds[1] = "mediation"; kinds[2] = "youth"; kinds[3] = "interest"
		for (t = 0; t < 20; t++) {
			f = sprintf("%s/teams/t%02d.yaml", dir, t)
			printf "id: team-%d\nname: 第%d志愿服务队\nkind: %s\nleader: 张%d\nfounded: 2015\n", t, t, kinds[t % 4], t > f
			close(f)
		}
		print "日期,志愿者,队伍,活动,时长,积分" > (dir "/data/service.csv")
		print "姓名,队伍,入队日期,电话" > (dir "/data/roster.csv")
		for (v = 0; v < 500; v++)
			printf "志愿者%d,team-%d,2016-01-01,1380000%04d\n", v, v % 20, v > (dir "/data/roster.csv")
	}'
	awk -v dir="$dir" -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++) {
			y = 2016 + int(i * 10 / n); m = 1 + (i % 12); d = 1 + (i % 28)
			f = sprintf("%s/activities/%d-%02d.yaml", dir, y, m)
			date = sprintf("%d-%02d-%02d", y, m, d)
			printf "- id: a%06d\n  title: 第%d次邻里活动\n  date: %s\n  time: \"09:00-11:00\"\n  location: 社区广场\n  teams: [team-%d]\n  category: 类别%d\n  participants: %d\n  volunteers: 5\n  summary: 居民参与热情高涨，活动圆满完成。\n", i, i, date, i % 20, i % 8, 20 + i % 50 >> f
			for (k = 0; k < 2; k++)
				printf "%s,志愿者%d,team-%d,a%06d,2,20\n", date, (i * 2 + k) % 500, i % 20, i >> (dir "/data/service.csv")
		}
	}'
	for s in 1 2 3 4 5; do
		printf -- '---\ntitle: 故事%d\ndate: 2020-0%d-01\n---\n\n社区**“志愿者”**的故事。\n' "$s" "$s" >"$dir/stories/s$s.md"
	done
}

run() {
	local label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
		{ cat "$work/err"; exit 1; }
	read -r secs kb <"$work/time"
	printf '%-34s %6.2f s %8.1f MiB\n' "$label" "$secs" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
}

for n in 10000 100000; do
	gen "$work/c$n" "$n"
	run "check, $n activities" "$LINLI" check -C "$work/c$n" --today 2026-11-25
	run "build, $n activities" "$LINLI" build -q -C "$work/c$n" -o "$work/o$n" --today 2026-11-25
	printf '%-34s %6d files %6d MiB\n' "  output" "$(find "$work/o$n" -type f | wc -l)" "$(du -sm "$work/o$n" | cut -f1)"
	run "rebuild (preview), $n activities" "$LINLI" build -q -C "$work/c$n" -o "$work/o$n" --today 2026-11-25
done

# --pdf on the example: every issue and yearly report printed in one
# Chromium; then a rebuild after one activity's participants changed, which
# prints again only the pages whose bytes changed (that month's issue, the
# newest issue's copy, the year's report).
if [ -x "${LINLI_CHROMIUM:-/usr/bin/chromium}" ]; then
	cp -R content "$work/example"
	run "build --pdf, the example" "$LINLI" build -q -C "$work/example" -o "$work/pdf" --today 2026-11-25 --pdf
	printf '%-34s %6d PDFs\n' "  output" "$(find "$work/pdf" -name '*.pdf' | wc -l)"
	file=$(grep -l '^  participants: ' "$work/example/activities/2026/"*.yaml | head -1)
	awk '!done && /^  participants: / { sub(/[0-9]+/, $2 + 1); done = 1 } { print }' "$file" >"$work/changed"
	cp "$work/changed" "$file"
	run "rebuild --pdf, one activity changed" "$LINLI" build -q -C "$work/example" -o "$work/pdf" --today 2026-11-25 --pdf
else
	echo "build --pdf: skipped, no Chromium (apt-get install chromium)"
fi

# The 100,000-activity service log (200,000 rows) as an Excel workbook with
# date cells, as openpyxl writes it (when it is there).
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	c=$work/c100000
	/usr/bin/python3 - "$c/data/service.csv" "$c/data/service.xlsx" <<'PY'
import csv, datetime, sys
import openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet('志愿服务台账')
rows = csv.reader(open(sys.argv[1], encoding='utf-8'))
ws.append(next(rows))
for r in rows:
    ws.append([datetime.date.fromisoformat(r[0]), r[1], r[2], r[3],
               int(r[4]), int(r[5])])
wb.save(sys.argv[2])
PY
	rm "$c/data/service.csv"
	run "check, 100000 activities, xlsx" "$LINLI" check -C "$c" --today 2026-11-25
fi

# photos DIR N: N 12-megapixel phone photos (4000x3000 JPEG), each with
# its own bytes (a comment segment) so that the cache keeps them apart,
# on N/10 activities.
photos() {
	local dir=$1 n=$2 i
	mkdir -p "$dir/teams" "$dir/activities" "$dir/media"
	printf 'name: 照片基准社区\nlanguage: zh-CN\n' >"$dir/site.yaml"
	printf 'id: t\nname: 测试队\nkind: service\n' >"$dir/teams/t.yaml"
	convert -size 4000x3000 plasma:fractal -seed 1 -quality 90 "$work/12mp.jpg"
	for ((i = 0; i < n; i++)); do
		{ printf '\377\330\377\376\000\006%04d' "$i"; tail -c +3 "$work/12mp.jpg"; } \
			>"$dir/media/p$i.jpg"
		if ((i % 10 == 0)); then
			printf -- '- id: a%d\n  title: 活动%d\n  date: 2024-01-%02d\n  teams: [t]\n  photos:\n' \
				"$i" "$i" $((i / 10 + 1)) >>"$dir/activities/2024.yaml"
		fi
		printf '    - media/p%d.jpg\n' "$i" >>"$dir/activities/2024.yaml"
	done
}

if command -v convert >/dev/null; then
	photos "$work/photos" 100
	run "build, 100 12-MP photos, cold" "$LINLI" build -q -C "$work/photos" \
		-o "$work/po" --cache "$work/pcache" --today 2026-11-25
	run "build, 100 12-MP photos, cached" "$LINLI" build -q -C "$work/photos" \
		-o "$work/po" --cache "$work/pcache" --today 2026-11-25
	printf '%-34s %6d files %6d MiB (sources %d MiB)\n' "  photos published" \
		"$(find "$work/po/media" -type f | wc -l)" "$(du -sm "$work/po/media" | cut -f1)" \
		"$(du -sm "$work/photos/media" | cut -f1)"
else
	echo "photos: skipped (ImageMagick's convert is not installed)"
fi

# The search page: how long a query takes in Chromium (example and 10,000
# activities, file:// and HTTP); each must answer in under 50 ms.
if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
	LINLI=$LINLI TOP=$PWD SEARCH_BENCH=1 node tests/search-browser.t | grep -E 'answers in|^not ok' || true
fi
