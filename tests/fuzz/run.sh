#!/usr/bin/env bash
# make fuzz: runs each fuzz target for SECONDS with libFuzzer.
#
#   tests/fuzz/run.sh SECONDS fuzz_yaml fuzz_csv ...
#
# A target starts from its seed corpus (tests/fuzz/NAME/) and keeps what it
# learns in build/fuzz/corpus/NAME/; a finding (crash, sanitizer report,
# leak, timeout) is saved in build/fuzz/findings/NAME/ and fails the run.
# Make it a regression case: fix the bug, then copy the file into
# tests/fuzz/regress/NAME/, where make check replays it for good.
set -u
secs=$1
shift
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${FUZZ_BIN:-$top/build/fuzz}
failed=0
for target in "$@"; do
	name=${target#fuzz_}
	corpus=$top/build/fuzz/corpus/$name
	findings=$top/build/fuzz/findings/$name
	mkdir -p "$corpus" "$findings"
	extra=()
	[ -f "$top/tests/fuzz/$name.dict" ] && extra=(-dict="$top/tests/fuzz/$name.dict")
	dirs=("$corpus" "$top/tests/fuzz/$name")
	[ -d "$top/tests/fuzz/regress/$name" ] && dirs+=("$top/tests/fuzz/regress/$name")
	log=$top/build/fuzz/$name.log
	"$bin/$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$findings/" "${extra[@]}" "${dirs[@]}" \
		>"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log")
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: no finding, ${runs:-? runs}"
	else
		failed=1
		echo "fuzz $name: FINDING (exit $rc); see $log and $findings/"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
	fi
done
exit "$failed"
