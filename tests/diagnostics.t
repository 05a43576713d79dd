#!/usr/bin/env bash
# Diagnostic cases: every folder tests/diag/NAME holds a broken content
# tree (content/) and the exact diagnostics a build must print (expected).
# Optional files beside them:
#   args    extra arguments for linli build (e.g. --strict)
#   status  the expected exit status (default 1)
#   setup   shell commands run in the copy before the build (e.g. to make a
#           symlink that would be awkward to keep in git)
#   env     NAME=value lines set in the build's environment; with env, no
#           --today is given (so that SOURCE_DATE_EPOCH is read)
#   expected.zh-CN, expected.zh-TW
#           the exact diagnostics in Simplified and Traditional Chinese
#
# Every case also runs with LANGUAGE=zh_CN and LANGUAGE=zh_TW: the same
# path:line:column: level: prefixes, in the same order, each message in
# Chinese (CJK text, not the English one), the count line in Chinese, and,
# where the case has expected.LANG, exactly those lines.
#
# Each case runs in a copy of its folder, as
#   linli build -C content -o out --today 2026-11-25 [args]
# so that paths in messages start with content/. out/ holds a previous good
# build plus a sentinel file, and must come through a failed build byte for
# byte unchanged, with no temporary folder left beside it.
. "$(dirname "$0")/lib.sh"

THEME=${THEME:-$TOP/themes/default}
DIAG=$TOP/tests/diag
diag_re='^[^ ]*(:[0-9]+(:[0-9]+)?)?: (error|warning|error \(strict\)): '

# The previous good build every case starts from: a tiny valid tree.
mkdir -p "$TMP/good/content/activities"
printf 'name: 测试社区\n' >"$TMP/good/content/site.yaml"
printf -- '- id: 2024-09-market\n  title: 公益市集\n  date: 2024-09-09\n' \
	>"$TMP/good/content/activities/2024.yaml"
(cd "$TMP/good" && "$LINLI" build -q -C content -o out --today "$TODAY" \
	--theme "$THEME" >stdout 2>stderr)
ok $? "a tiny valid tree builds (the previous good build of every case)"
sed 's/^/# /' "$TMP/good/stderr"
if [ ! -f "$TMP/good/out/.linli" ]; then
	# Go on with an output folder linli would replace, to test the rest.
	mkdir -p "$TMP/good/out"
	echo "linli build output" >"$TMP/good/out/.linli"
fi
echo "made by an earlier build" >"$TMP/good/out/sentinel.txt"

# plural N WORD: "1 error", "2 errors".
plural() {
	if [ "$1" -eq 1 ]; then echo "$1 $2"; else echo "$1 ${2}s"; fi
}

# run_case NAME: all the assertions for tests/diag/NAME.
run_case() {
	local name=$1 src=$DIAG/$1 work=$TMP/case/$1
	local want=1 args="" rc errors warnings missing extra count env_today

	[ -f "$src/status" ] && want=$(cat "$src/status")
	[ -f "$src/args" ] && args=$(cat "$src/args")
	env_today=yes
	[ -f "$src/env" ] && env_today=''
	mkdir -p "$work"
	cp -R "$src/." "$work/"
	cp -R "$TMP/good/out" "$work/out"
	if [ -f "$work/setup" ]; then
		(cd "$work" && sh ./setup)
		ok $? "$name: setup"
	fi
	tree_digest "$work/out" >"$work/before"

	# shellcheck disable=SC2086 # args are words
	(cd "$work" && if [ -f env ]; then
		while IFS= read -r kv; do export "${kv?}"; done <env
	fi && "$LINLI" build -C content -o out \
		${env_today:+--today "$TODAY"} --theme "$THEME" $args \
		>stdout 2>stderr)
	rc=$?
	is "$rc" "$want" "$name: exit status $want"

	missing=$(grep -vxF -f "$work/stderr" "$src/expected")
	is "$missing" "" "$name: every expected line is in stderr"

	errors=$(grep -c ': error: ' "$src/expected")
	warnings=$(grep -cE ': (warning|error \(strict\)): ' "$src/expected")
	count="$(plural "$errors" error), $(plural "$warnings" warning)"
	grep -vxF -f "$src/expected" "$work/stderr" | grep -vxF "$count" |
		grep -vxF "linli: nothing written; out is unchanged" >"$work/extra"
	extra=$(cat "$work/extra")
	is "$extra" "" "$name: stderr holds nothing unexpected"

	grep -E "$diag_re" "$work/stderr" >"$work/diags"
	sort -c -s -t: -k1,1 -k2,2n -k3,3n "$work/diags" 2>/dev/null
	ok $? "$name: diagnostics are sorted by path, line and column"

	# The first line that is not a diagnostic comes right after them all,
	# and is the count.
	is "$(grep -nvE "$diag_re" "$work/stderr" | head -n 1)" \
		"$(($(grep -c . "$work/diags") + 1)):$count" \
		"$name: then the count line '$count'"

	if [ "$want" -ne 0 ]; then
		tree_digest "$work/out" >"$work/after"
		cmp -s "$work/before" "$work/after"
		ok $? "$name: out/ is unchanged, byte for byte"
		has "$work/stderr" "linli: nothing written; out is unchanged" \
			"$name: says that nothing was written"
	else
		[ -f "$work/out/.linli" ] && [ ! -e "$work/out/sentinel.txt" ]
		ok $? "$name: out/ is replaced by the new build"
	fi
	is "$(cd "$work" && echo out.linli-tmp-*)" "out.linli-tmp-*" \
		"$name: no temporary folder is left beside out/"

	if [ -n "$missing$extra" ]; then
		echo "# stderr of $name:"
		sed 's/^/#   /' "$work/stderr"
	fi
	run_case_in "$name" zh_CN zh-CN "$errors" "$warnings"
	run_case_in "$name" zh_TW zh-TW "$errors" "$warnings"
}

# The count line in Chinese: "1 个错误，0 个警告" / "1 個錯誤，0 個警告".
count_zh() { # LANG ERRORS WARNINGS
	case $1 in
	zh_CN) echo "$2 个错误，$3 个警告" ;;
	*) echo "$2 個錯誤，$3 個警告" ;;
	esac
}

# run_case_in NAME LANGUAGE TAG ERRORS WARNINGS: the case again, its
# messages in another language (the English run's diagnostics are in
# $TMP/case/NAME/diags).
run_case_in() {
	local name=$1 lang=$2 tag=$3 src=$DIAG/$1 en=$TMP/case/$1
	local work=$TMP/case-$2/$1 want=1 args="" env_today=yes bad

	[ -f "$src/status" ] && want=$(cat "$src/status")
	[ -f "$src/args" ] && args=$(cat "$src/args")
	[ -f "$src/env" ] && env_today=''
	mkdir -p "$work"
	cp -R "$src/." "$work/"
	cp -R "$TMP/good/out" "$work/out"
	[ -f "$work/setup" ] && (cd "$work" && sh ./setup)
	# shellcheck disable=SC2086 # args are words
	(cd "$work" && if [ -f env ]; then
		while IFS= read -r kv; do export "${kv?}"; done <env
	fi && LANGUAGE=$lang "$LINLI" build -C content -o out \
		${env_today:+--today "$TODAY"} --theme "$THEME" $args \
		>stdout 2>stderr)
	is "$?" "$want" "$name ($tag): exit status $want"

	grep -E "$diag_re" "$work/stderr" >"$work/diags"
	# The place and the level, untranslated, in the same order.
	sed -E 's/^(([^ ]*(:[0-9]+(:[0-9]+)?)?): (error|warning|error \(strict\)): ).*/\1/' \
		"$en/diags" >"$work/prefix.en"
	sed -E 's/^(([^ ]*(:[0-9]+(:[0-9]+)?)?): (error|warning|error \(strict\)): ).*/\1/' \
		"$work/diags" >"$work/prefix"
	cmp -s "$work/prefix.en" "$work/prefix"
	ok $? "$name ($tag): the same path:line:column: level: prefixes"
	# Each message holds Chinese and is not the English one.
	bad=$(sed -E 's/^[^ ]*(:[0-9]+(:[0-9]+)?)?: (error|warning|error \(strict\)): //' \
		"$work/diags" | grep -v '[一-龥]')
	is "$bad" "" "$name ($tag): every message is in Chinese"
	bad=$(grep -xF -f "$en/diags" "$work/diags")
	is "$bad" "" "$name ($tag): no message is left in English"
	is "$(grep -nvE "$diag_re" "$work/stderr" | head -n 1)" \
		"$(($(grep -c . "$work/diags") + 1)):$(count_zh "$lang" "$4" "$5")" \
		"$name ($tag): then the count line in Chinese"
	if [ -f "$src/expected.$tag" ]; then
		is "$(cat "$work/diags")" "$(cat "$src/expected.$tag")" \
			"$name ($tag): exactly the expected Chinese diagnostics"
		n_exact=$((n_exact + 1))
	fi
	if [ -n "${DIAG_WRITE_ZH-}" ]; then # to write expected.LANG, then review
		cp "$work/diags" "$src/expected.$tag"
	fi
}

n=0 n_exact=0
for src in "$DIAG"/*/; do
	name=$(basename "$src")
	if [ ! -f "$src/expected" ]; then
		ok 1 "$name: has an expected file"
		continue
	fi
	run_case "$name"
	n=$((n + 1))
done
[ "$n" -ge 34 ]
ok $? "at least 34 cases ($n)"
[ "$n_exact" -ge 40 ]
ok $? "at least twenty cases compare exact Chinese text in each of zh-CN and zh-TW ($n_exact)"

done_testing
