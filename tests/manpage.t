#!/usr/bin/env bash
# The man page and --help: every command and every option is in both, and
# mandoc -Tlint finds nothing to say about the page.
. "$(dirname "$0")/lib.sh"

man=$TOP/docs/linli.1
"$LINLI" --help >"$TMP/help"
for cmd in build check serve init new; do
	grep -Eq "^  $cmd( |$)" "$TMP/help"
	ok $? "--help lists the command $cmd"
done
for cmd in build check serve init new clean; do
	grep -q "^\.Cm $cmd\( \|$\)" "$man"
	ok $? "the man page documents $cmd"
done
grep -q "^\.Cm theme export" "$man"
ok $? "the man page documents theme export"
# Every long option --help names is in the man page, and every one the
# man page names is in --help.
for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMP/help" | sort -u); do
	grep -q "Fl -${opt#--}\b" "$man"
	ok $? "the man page documents $opt"
done
for opt in $(grep -o 'Fl -[a-z][a-z-]*' "$man" | sed 's/Fl -/--/' | sort -u); do
	has "$TMP/help" "$opt" "--help lists $opt"
done
for short in -C -o -p -q -v -h -V; do
	has "$TMP/help" "$short," "--help lists $short"
done

if command -v mandoc >/dev/null; then
	mandoc -Tlint -W warning "$man" >"$TMP/lint" 2>&1
	ok $? "mandoc -Tlint is clean"
	sed 's/^/#   /' "$TMP/lint"
else
	skip_all "mandoc not installed (apt-get install mandoc)"
fi

done_testing
