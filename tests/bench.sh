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
set -euo pipefail
cd "$(dirname "$0")/.."
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
theme=$PWD/themes/default

# timed OUT ARGS...: one build; prints "SECONDS RSS_KB FILES_WRITTEN".
timed() {
	local out=$1 t0 t1 written
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f "%M" -o "$work/rss" "$LINLI" build -C "$content" -o "$out" \
		--today "$today" --theme "$theme" --no-fsync "$@" >"$work/stdout" 2>"$work/stderr" ||
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
	rm -rf "$content" "$work/out" "$work/out".linli-* "$work/j1out" "$work/j1out".linli-* "$work/floor-out"
done
echo "(on $(nproc) cores; $base; full builds into an empty folder, default -j $(nproc))"
