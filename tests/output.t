#!/usr/bin/env bash
# What a build prints for people: one summary line (files written,
# unchanged, photos processed, time, the page to open); -q prints nothing;
# -v lists every file; colour only on a terminal and never with NO_COLOR;
# a progress line on a terminal for a build that takes over a second.
. "$(dirname "$0")/lib.sh"

theme=(--theme "$TOP/themes/default")
"$LINLI" build -C "$TOP/content" -o "$TMP/out" --today "$TODAY" "${theme[@]}" >"$TMP/stdout" 2>"$TMP/stderr"
ok $? "a build of the example succeeds"
is "$(wc -l <"$TMP/stdout")" 1 "and prints one line"
files=$(find "$TMP/out" -type f | wc -l)
grep -Eq "^linli: $files files written, 0 unchanged, [0-9]+ photos? processed \([0-9]+ from the cache\) in [0-9]+(\.[0-9]+)? s; open $TMP/out/index.html\$" "$TMP/stdout"
ok $? "the line counts the files, unchanged ones and photos, the time, and names the page to open"
sed 's/^/#   /' "$TMP/stdout"
is "$(cat "$TMP/stderr")" "" "nothing on stderr"
grep -q "$(printf '\033')" "$TMP/stdout"
ok $((! $?)) "no colour when the output is not a terminal"

"$LINLI" build -q -C "$TOP/content" -o "$TMP/out" --today "$TODAY" "${theme[@]}" >"$TMP/stdout" 2>"$TMP/stderr"
ok $? "-q builds"
is "$(cat "$TMP/stdout" "$TMP/stderr")" "" "and prints nothing"

"$LINLI" build -v -C "$TOP/content" -o "$TMP/out" --today "$TODAY" "${theme[@]}" >"$TMP/stdout"
listed=$(grep -c "^  $TMP/out/" "$TMP/stdout")
is "$listed" "$((files - 1))" "-v lists every file of the site (all but linli's marker)"
grep -q "^  $TMP/out/index.html\$" "$TMP/stdout"
ok $? "by its path"
tail -1 "$TMP/stdout" | grep -q "^linli: .* files written"
ok $? "then the summary line"

if ! command -v script >/dev/null; then
	skip_all "script(1) missing (apt-get install bsdutils)"
fi
# on_tty CMD...: runs CMD on a pseudo-terminal; its output is in $TMP/tty.
on_tty() {
	script -qec "$(printf '%q ' "$@")" /dev/null >"$TMP/tty" 2>&1
}
esc=$(printf '\033')
on_tty "$LINLI" build -C "$TOP/content" -o "$TMP/out" --today "$TODAY" "${theme[@]}"
grep -q "${esc}\[32m" "$TMP/tty"
ok $? "on a terminal the summary is in colour"
on_tty env NO_COLOR=1 "$LINLI" build -C "$TOP/content" -o "$TMP/out" --today "$TODAY" "${theme[@]}"
grep -q "files written" "$TMP/tty" && ! grep -q "$esc" "$TMP/tty"
ok $? "but never with NO_COLOR"

mkdir -p "$TMP/bad" && cp -R "$TOP/content/." "$TMP/bad/"
printf 'name: [unclosed\n' >"$TMP/bad/site.yaml"
on_tty "$LINLI" build -C "$TMP/bad" -o "$TMP/out" --today "$TODAY" "${theme[@]}"
grep -q "site.yaml:1:7: ${esc}\[1;31merror${esc}\[0m:" "$TMP/tty"
ok $? "on a terminal, 'error' stands out in red"
on_tty env NO_COLOR=1 "$LINLI" build -C "$TMP/bad" -o "$TMP/out" --today "$TODAY" "${theme[@]}"
grep -q "site.yaml:1:7: error:" "$TMP/tty"
ok $? "and is plain with NO_COLOR"

# A build long enough to show the progress line: 8,000 activities.
big=$TMP/big
mkdir -p "$big/activities" "$big/teams"
printf 'name: 大社区\n' >"$big/site.yaml"
printf 'id: t\nname: 队\nkind: service\n' >"$big/teams/t.yaml"
awk 'BEGIN { for (i = 0; i < 8000; i++)
	printf "- id: a%05d\n  title: 活动%d\n  date: 2025-%02d-%02d\n  teams: [t]\n", i, i, 1 + i % 12, 1 + i % 28 }' \
	>"$big/activities/all.yaml"
on_tty "$LINLI" build -C "$big" -o "$TMP/bigout" --today "$TODAY" "${theme[@]}"
secs=$(grep -o 'in [0-9.]* s' "$TMP/tty" | grep -o '[0-9.]*' | head -1)
if awk -v s="${secs:-0}" 'BEGIN { exit !(s >= 1.5) }'; then
	grep -q "linli: writing pages ... [0-9]* s" "$TMP/tty"
	ok $? "a build of ${secs} s on a terminal shows a progress line"
	grep -q "${esc}\[K${esc}\[1mlinli:" "$TMP/tty"
	ok $? "which is cleared before the summary"
else
	ok 0 "# SKIP the build took ${secs:-?} s, too fast to need a progress line"
fi
"$LINLI" build -C "$big" -o "$TMP/bigout" --today "$TODAY" "${theme[@]}" >"$TMP/stdout" 2>"$TMP/stderr"
grep -q "$(printf '\r')" "$TMP/stdout" "$TMP/stderr"
ok $((! $?)) "no progress line when the output is not a terminal"

done_testing
