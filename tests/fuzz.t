#!/usr/bin/env bash
# The fuzz targets (tests/fuzz/fuzz_*.c) in make check:
#  - each target, built with gcc and the sanitizers (FUZZ_REPLAY), runs on
#    its seed corpus (tests/fuzz/NAME/) and on every past finding
#    (tests/fuzz/regress/NAME/), which must stay fixed;
#  - when libFuzzer binaries are built (FUZZ_BIN, see the Makefile), each
#    fuzzes for FUZZ_CHECK_SECONDS (30 under CI, 3 otherwise). A finding
#    fails the test and is kept in build/fuzz/findings/NAME/: fix it, then
#    add the file to tests/fuzz/regress/NAME/.
# Under CI the libFuzzer runs never skip.
. "$(dirname "$0")/lib.sh"

REPLAY=${FUZZ_REPLAY:-$TOP/build/asan/fuzz}
BIN=${FUZZ_BIN:-$TOP/build/fuzz}
SECS=${FUZZ_CHECK_SECONDS:-3}
[ -n "${CI:-}" ] && [ "$SECS" -lt 30 ] && SECS=30

targets=$(cd "$TOP/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
[ -n "$targets" ]
ok $? "there are fuzz targets ($(echo $targets))"

for target in $targets; do
	name=${target#fuzz_}
	seeds=$TOP/tests/fuzz/$name
	regress=$TOP/tests/fuzz/regress/$name

	nseeds=$(find "$seeds" -type f 2>/dev/null | wc -l | tr -d ' ')
	[ "$nseeds" -gt 0 ]
	ok $? "$name: has a seed corpus in tests/fuzz/$name/ ($nseeds files)"

	if [ -x "$REPLAY/$target" ]; then
		find "$seeds" "$regress" -type f 2>/dev/null | sort >"$TMP/files"
		nregress=$(find "$regress" -type f 2>/dev/null | wc -l | tr -d ' ')
		tr '\n' '\0' <"$TMP/files" |
			xargs -0 "$REPLAY/$target" >"$TMP/replay" 2>&1
		rc=$?
		ok "$rc" "$name: the seeds and $nregress past findings replay cleanly"
		[ "$rc" -eq 0 ] || grep -v '^ok ' "$TMP/replay" | head -40 | sed 's/^/#   /'
	else
		ok 1 "$name: no replay program at $REPLAY/$target (make check builds it)"
	fi

	if [ ! -x "$BIN/$target" ]; then
		if [ -n "${CI:-}" ]; then
			ok 1 "$name: no libFuzzer build at $BIN/$target (CI must fuzz)"
		else
			ok 0 "$name: fuzzing # SKIP no libFuzzer build (needs clang and libclang-rt)"
		fi
		continue
	fi
	mkdir -p "$TMP/corpus/$name" "$TMP/findings/$name"
	# The past findings too: clang's sanitizers see more than gcc's (a
	# zero offset applied to NULL, the empty template's bug).
	dirs=("$TMP/corpus/$name" "$seeds")
	[ -d "$regress" ] && dirs+=("$regress")
	[ -f "$TOP/tests/fuzz/$name.dict" ] &&
		dirs=(-dict="$TOP/tests/fuzz/$name.dict" "${dirs[@]}")
	"$BIN/$target" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$TMP/findings/$name/" "${dirs[@]}" \
		>"$TMP/fuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$TMP/fuzz.log")
	ok "$rc" "$name: $SECS s of fuzzing without a finding (${runs:-?} runs)"
	if [ "$rc" -ne 0 ]; then
		mkdir -p "$TOP/build/fuzz/findings/$name"
		cp "$TMP/findings/$name/"* "$TOP/build/fuzz/findings/$name/" 2>/dev/null
		echo "#   the finding is kept in build/fuzz/findings/$name/"
		grep -E 'ERROR|SUMMARY|runtime error|^#' "$TMP/fuzz.log" | head -20 | sed 's/^/#   /'
	fi
done

done_testing
