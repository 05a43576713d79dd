#!/usr/bin/env bash
# Messages in three languages: the catalogs are whole (every message of the
# source translated, no message the source no longer has), and linli picks
# the reader's language by the documented rule.
. "$(dirname "$0")/lib.sh"

command -v xgettext >/dev/null && command -v msgcomm >/dev/null ||
	skip_all "GNU gettext's tools are missing (Debian package gettext)"

# The message template, extracted from the tree now (never a stale copy).
make --no-print-directory -s -C "$TOP" build/po/linli.pot >"$TMP/make.log" 2>&1
ok $? "xgettext extracts the messages of gen/"
pot=$TOP/build/po/linli.pot
n=$(grep -c '^msgid ' "$pot")
[ "$n" -gt 50 ]
ok $? "the template holds the source's messages ($((n - 1)))"

for l in zh_CN zh_TW; do
	po=$TOP/po/$l.po
	msgfmt --check --statistics -o /dev/null "$po" 2>"$TMP/$l.stat"
	ok $? "$l: msgfmt --check accepts the catalog (formats agree)"
	stat=$(cat "$TMP/$l.stat")
	case $stat in
	*untranslated* | *fuzzy*) ok 1 "$l: every message is translated"
		echo "#   $stat" ;;
	*) ok 0 "$l: every message is translated ($stat)" ;;
	esac
	# Messages in exactly one of the two: new in the source but not in
	# the catalog, or kept in the catalog but gone from the source.
	msgcomm --unique --no-wrap "$po" "$pot" -o "$TMP/$l.diff" 2>/dev/null
	strays=$(grep '^msgid ' "$TMP/$l.diff" 2>/dev/null | grep -vx 'msgid ""')
	is "$strays" "" "$l: the catalog and the source hold the same messages"
	obsolete=$(grep -c '^#~ msgid' "$po")
	is "$obsolete" 0 "$l: no obsolete entries are kept"
done

# The language rule, on one broken tree in each site language.
mk_tree() {
	mkdir -p "$TMP/$1/activities"
	{ printf 'name: 测试社区\n'; [ -n "$2" ] && printf 'language: %s\n' "$2"; } \
		>"$TMP/$1/site.yaml"
	printf -- '- title: 市集\n  date: 2024-09-09\n  teams: [nobody]\n' \
		>"$TMP/$1/activities/2024.yaml"
}
mk_tree cn zh-CN
mk_tree tw zh-TW
mk_tree en en
mk_tree none ""
summary() { # LANGUAGE-or-"-" TREE [ARGS]: the count line of a check
	local lang=$1 tree=$2
	shift 2
	if [ "$lang" = - ]; then
		env -u LANGUAGE "$LINLI" check -C "$TMP/$tree" --today "$TODAY" "$@" 2>&1 | tail -1
	else
		LANGUAGE=$lang "$LINLI" check -C "$TMP/$tree" --today "$TODAY" "$@" 2>&1 | tail -1
	fi
}
is "$(summary - cn)" "1 个错误，0 个警告" "a zh-CN community gets Chinese on a C locale"
is "$(summary - none)" "1 个错误，0 个警告" "site.yaml without language is zh-CN"
is "$(summary - tw)" "1 個錯誤，0 個警告" "a zh-TW community gets Traditional Chinese"
is "$(summary - en)" "1 error, 0 warnings" "an English community gets English"
is "$(summary en cn)" "1 error, 0 warnings" "LANGUAGE=en wins over the content"
is "$(summary zh_TW:en cn)" "1 個錯誤，0 個警告" "LANGUAGE is a list; its first entry of ours wins"
is "$(summary fr_FR:zh_CN en)" "1 个错误，0 个警告" "entries that are not ours are passed over"
is "$(LC_ALL=zh_CN.UTF-8 env -u LANGUAGE "$LINLI" check -C "$TMP/en" 2>&1 | tail -1)" \
	"1 个错误，0 个警告" "LC_ALL names the language when LANGUAGE is unset"
is "$(LC_ALL=C LC_MESSAGES=zh_TW env -u LANGUAGE "$LINLI" check -C "$TMP/en" 2>&1 | tail -1)" \
	"1 error, 0 warnings" "LC_ALL=C overrides LC_MESSAGES, as POSIX says"

# The Chinese guide's page of common mistakes quotes linli's messages as
# linli prints them: each quoted diagnostic is one the diagnostics suite
# compares exactly (tests/diag/*/expected.zh-CN).
guide=$TOP/docs/zh-CN/mistakes.md
cat "$TOP"/tests/diag/*/expected.zh-CN >"$TMP/all.zh"
grep -E '^content/[^ ]*: (error|warning): ' "$guide" >"$TMP/quoted"
[ "$(grep -c . "$TMP/quoted")" -ge 20 ]
ok $? "docs/zh-CN/mistakes.md quotes at least twenty messages"
is "$(grep -vxF -f "$TMP/all.zh" "$TMP/quoted")" "" \
	"every message it quotes is one linli prints"

done_testing
