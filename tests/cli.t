#!/usr/bin/env bash
# The command line: options, usage errors, exit statuses, and that a build
# replaces out/ only when it succeeds.
. "$(dirname "$0")/lib.sh"

"$LINLI" --help >"$TMP/help" 2>&1
ok $? "--help exits 0"
for opt in -C --content -o --out --theme --today --strict --pdf --quiet --help --version build check; do
	has "$TMP/help" "$opt" "--help documents $opt"
done

"$LINLI" --version >"$TMP/version"
ok $? "--version exits 0"
has "$TMP/version" "linli " "--version names the program"

"$LINLI" frobnicate >"$TMP/out" 2>"$TMP/err"
is "$?" 2 "an unknown command exits 2"
has "$TMP/err" "unknown command 'frobnicate'" "and says which"
has "$TMP/err" "usage: linli build" "and prints the usage line"

"$LINLI" build --frob 2>"$TMP/err"
is "$?" 2 "an unknown option exits 2"
has "$TMP/err" "unknown option '--frob'" "and names it"

"$LINLI" build --today 2024-02-30 2>"$TMP/err"
is "$?" 2 "an impossible --today exits 2"

"$LINLI" 2>"$TMP/err"
is "$?" 2 "no command exits 2"

"$LINLI" check -C "$TOP/content" --today "$TODAY" >"$TMP/out" 2>"$TMP/err"
is "$?" 0 "check on the bundled example exits 0"
grep -Eq '[0-9]+ teams, [0-9]+ activities, [0-9]+ achievements, [0-9]+ stories, [0-9]+ service rows' "$TMP/out"
ok $? "check prints the counts per kind"
is "$(wc -c <"$TMP/err")" 0 "the example has no warning"

"$LINLI" check -C "$TMP/nowhere" 2>"$TMP/err"
is "$?" 1 "a missing content folder exits 1"
has "$TMP/err" "$TMP/nowhere: error: cannot open the content folder" "and says so with the path"

# A build writes out/, and a later failing build leaves it as it was.
linli_build "$TOP/content" "$TMP/out1"
ok $? "build of the example exits 0"
test -s "$TMP/out1/index.html"
ok $? "out/index.html is written"
has "$TMP/out1/index.html" "幸福里社区" "with the community's name"
before=$(tree_digest "$TMP/out1")
mkdir -p "$TMP/bad" && cp -R "$TOP/content/." "$TMP/bad/"
printf 'name: [unclosed\n' >"$TMP/bad/site.yaml"
linli_build "$TMP/bad" "$TMP/out1"
is "$?" 1 "a build with a content error exits 1"
is "$(tree_digest "$TMP/out1")" "$before" "and leaves out/ exactly as it was"
ls -d "$TMP"/out1.linli-tmp-* >/dev/null 2>&1
ok $((! $?)) "and leaves no temporary folder behind"

# linli never replaces a folder it did not make.
mkdir -p "$TMP/precious" && echo keep >"$TMP/precious/notes.txt"
linli_build "$TOP/content" "$TMP/precious"
is "$?" 1 "refuses to replace a folder linli did not make"
has "$TMP/precious/notes.txt" keep "which is left alone"
has "$TMP/stderr" "was not made by linli" "and says why"

linli_build "$TOP/content" "$TOP/content/.."
is "$?" 1 "refuses an output folder that holds the content"

done_testing
