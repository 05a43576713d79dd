#!/usr/bin/env bash
# make bench: builds the benchmark community (tests/bench-gen.sh) at 1,000,
# 10,000 and 100,000 activities, each build a whole process run several
# times, and prints one table. Figures, not assertions: the targets are in
# issue 16 and docs/performance.md.
#
#   N        activities          pages   .html files written
#   files    all files           MB      their size
#   med/min  wall seconds of a full build (into an empty folder), default -j
#   RSS      peak resident memory of that build, MB
#   floor    seconds bench_floor takes to write the same bytes to the same
#            paths (folders, open, write, close), and ratio = med / floor
#   -j1      median wall seconds of a full build on one thread
#   no-op    a rebuild with nothing changed (and how many files it wrote)
#   1-chg    a rebuild after one activity's title changed (files written)
#
# BENCH_SIZES="1000 10000" and BENCH_RUNS=3 change what runs; BENCH_DIR is
# where it writes (default: /dev/shm when there is one, as the issue's
# figures were taken on tmpfs; builds use --no-fsync).
#
# Then: check of the 100,000-activity log as an Excel workbook, --pdf on
# the example (and a rebuild after one change), and 100 12-megapixel
# photos, cold and cached; the search page's answer time; serve's reload
# latency; and the pathological shapes of tests/shapes.sh (tests/shapes.t
# checks their results): 50,000 same-day activities without ids must
# check in under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/shapes.sh
LINLI=${LINLI:-$PWD/linli}
FLOOR=${FLOOR:-$PWD/build/bench_floor}
sizes=${BENCH_SIZES:-1000 10000 100000}
runs=${BENCH_RUNS:-5}
base=${BENCH_DIR:-}
if [ -z "$base" ]; then
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
fi
work=$(mktemp -d "$base/linli-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
today=2026-11-25

# timed OUT ARGS...: one build; prints "SECONDS RSS_KB FILES_WRITTEN".
timed() {
	local out=$1 t0 t1 written
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f "%M" -o "$work/rss" "$LINLI" build -C "$content" -o "$out" \
		--today "$today" --no-fsync "$@" >"$work/stdout" 2>"$work/stderr" ||
		{ cat "$work/stderr" >&2; exit 1; }
	t1=$(date +%s%N)
	written=$(sed -n 's/^linli: wrote \([0-9]*\) files.*/\1/p' "$work/stdout")
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') $(tail -n 1 "$work/rss") ${written:-0}"
}

fresh() { rm -rf "$work/out" "$work/out".linli-*; }

# stats: median and minimum of the numbers on stdin.
stats() { sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f", m, v[1] }'; }

printf '%-7s %6s %6s %5s %7s %7s %5s %6s %5s %7s %13s %13s\n' \
	N pages files MB med_s min_s RSS floor ratio j1_s no-op_s 1-chg_s
for n in $sizes; do
	content=$work/c$n
	"$PWD/tests/bench-gen.sh" "$content" "$n"
	r=$runs
	[ "$n" -ge 100000 ] && r=1 # keep the largest bounded in time
	: >"$work/full"
	: >"$work/j1"
	for i in $(seq "$r"); do
		fresh
		timed "$work/out" >>"$work/full"
		if [ "$n" -lt 100000 ] || [ "$i" -eq 1 ]; then
			rm -rf "$work/j1out" "$work/j1out".linli-*
			timed "$work/j1out" -j 1 >>"$work/j1"
		fi
	done
	pages=$(find "$work/out" -name '*.html' | wc -l)
	files=$(find "$work/out" -type f | wc -l)
	mb=$(du -sm "$work/out" | cut -f1)
	rss=$(awk '{ if ($2 > m) m = $2 } END { printf "%d", m / 1024 }' "$work/full")
	read -r med min <<<"$(cut -d' ' -f1 "$work/full" | stats)"
	read -r j1 _ <<<"$(cut -d' ' -f1 "$work/j1" | stats)"
	: >"$work/floor"
	for i in $(seq "$r"); do
		rm -rf "$work/floor-out"
		"$FLOOR" "$work/out" "$work/floor-out" >>"$work/floor"
	done
	read -r floor _ <<<"$(stats <"$work/floor")"
	read -r noop _ noop_w <<<"$(timed "$work/out")"
	file=$(ls "$content"/activities/*.yaml | head -n 1)
	sed -i '0,/title: /s/title: \(.*\)/title: \1（改）/' "$file"
	read -r chg _ chg_w <<<"$(timed "$work/out")"
	printf '%-7s %6s %6s %5s %7s %7s %5s %6s %5.1f %7s %6s (%4s) %6s (%4s)\n' \
		"$n" "$pages" "$files" "$mb" "$med" "$min" "$rss" "$floor" \
		"$(awk -v a="$med" -v b="$floor" 'BEGIN { print a / b }')" "$j1" \
		"$noop" "$noop_w" "$chg" "$chg_w"
	rm -rf "$work/out" "$work/out".linli-* "$work/j1out" "$work/j1out".linli-* "$work/floor-out"
	[ "$n" -ge 100000 ] || rm -rf "$content"
done
echo "(on $(nproc) cores; $base; full builds into an empty folder, default -j $(nproc))"

# run LABEL COMMAND...: one timed run, one line.
run() {
	local label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
		{ cat "$work/err"; exit 1; }
	read -r secs user sys kb <"$work/time"
	# Elapsed, then CPU (user + system): on a busy machine the second
	# says more about linli.
	printf '%-34s %6.2f s (CPU %6.2f s) %8.1f MiB\n' "$label" "$secs" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
		"$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
}


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
	[ -d "$c" ] || "$PWD/tests/bench-gen.sh" "$c" 100000
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
# The shapes: each at half and at full size, so that a time that more than
# doubles shows at a glance.
for shape in "sameday 50000" "stories 5000" "oneteam 50000" "notices 10000" \
	"roster 50000"; do
	set -- $shape
	for n in $(($2 / 2)) "$2"; do
		"shape_$1" "$work/s" "$n"
		run "check, $1 $n" "$LINLI" check -C "$work/s" --today 2026-11-25
		run "build, $1 $n" "$LINLI" build -q -C "$work/s" -o "$work/so" \
			--today 2026-11-25
		rm -rf "$work/s" "$work/so"
	done
done
# serve: from saving one changed activity to its new title being served,
# on the 10,000-activity tree (the issue asks for under a second).
serve_latency() {
	local dir=$1 out=$2 log=$work/serve.log url t0 t1 i pid
	"$LINLI" serve -q -C "$dir" -o "$out" -p 0 --today 2026-11-25 >"$log" 2>&1 &
	pid=$!
	url=
	for i in $(seq 1200); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -1)
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { kill "$pid"; cat "$log"; exit 1; }
	sed -i '0,/title: 第0次邻里活动/s//title: 改过的第0次活动/' "$dir/activities/2016-01.yaml"
	t0=$(date +%s%N)
	for i in $(seq 1200); do
		curl -s "${url}activities/a000000/" | grep -q 改过的第0次活动 && break
		sleep 0.02
	done
	t1=$(date +%s%N)
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	printf '%-34s %6.2f s\n' "serve: save to new page, 10000" "$(awk -v d=$((t1 - t0)) 'BEGIN { print d / 1e9 }')"
}
command -v curl >/dev/null && serve_latency "$work/c10000" "$work/o10000"

# linli district: 100 communities of 1,000 activities each (each its own
# folder, named apart), built in parallel; then a rebuild with nothing
# changed (every community kept) and one after one community changed.
# Peak memory is the largest single process: one community's build.
dist=$work/district
mkdir -p "$dist"
"$PWD/tests/bench-gen.sh" "$dist/c000/content" 1000
for ((i = 1; i < 100; i++)); do
	cp -R "$dist/c000" "$dist/$(printf 'c%03d' "$i")"
done
{
	printf 'name: 基准测试街道\nlanguage: zh-CN\ncommunities:\n'
	for ((i = 0; i < 100; i++)); do
		sed -i "s/^name: .*/name: 基准测试社区$i/" "$dist/$(printf 'c%03d' "$i")/content/site.yaml"
		printf '  - path: %s/content\n' "$(printf 'c%03d' "$i")"
	done
} >"$dist/district.yaml"
run "district, 100 x 1000 activities" "$LINLI" district -q -C "$dist" -o "$work/do" --today 2026-11-25
printf '%-34s %6d files %6d MiB\n' "  output" "$(find "$work/do" -type f | wc -l)" "$(du -sm "$work/do" | cut -f1)"
if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
	node tests/browser/search-time.mjs "$work/do" "district search, 100 x 1000" \
		邻里 楼道 志愿服务队 第42次 2020年5月 || true
fi
run "district rebuild, nothing changed" "$LINLI" district -q -C "$dist" -o "$work/do" --today 2026-11-25
printf -- '- id: extra\n  title: 新增活动\n  date: 2025-06-01\n  teams: [team-1]\n' >"$dist/c042/content/activities/extra.yaml"
run "district rebuild, one changed" "$LINLI" district -q -C "$dist" -o "$work/do" --today 2026-11-25
