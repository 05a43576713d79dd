#!/usr/bin/env bash
# Limits against hostile or broken input: each case must end in a clear
# error, quickly and in bounded memory.
#
# Memory is measured on the plain build ($TOP/linli), not on $LINLI: under
# AddressSanitizer every allocation carries redzones and a quarantine, so
# its peak RSS says little about linli's own. The same binary is then run
# with its address space capped (ulimit -v) to show that the error does not
# depend on having memory to spare. Times are printed as comments only.
. "$(dirname "$0")/lib.sh"

PLAIN=${PLAIN:-$TOP/linli}
MAX_RSS_KB=100000 # 100 MB
CAP_KB=200000     # the address-space cap for the second run
[ -x "$PLAIN" ] || skip_all "no plain build at $PLAIN (run make)"
have_time=false
[ -x /usr/bin/time ] && have_time=true

# newtree NAME: an empty content tree with a site.yaml; prints its path.
newtree() {
	rm -rf "$TMP/$1"
	mkdir -p "$TMP/$1/content/activities" "$TMP/$1/content/data"
	printf 'name: 测试社区\n' >"$TMP/$1/content/site.yaml"
	echo "$TMP/$1/content"
}

# as N: N bytes of 'a'.
as() {
	head -c "$1" /dev/zero | tr '\0' a
}

# lines N: N lines of 999 'a' each (about N KB).
lines() {
	yes "$(as 999)" | head -n "$1"
}

# limit NAME CONTENT MESSAGE: the assertions for one case.
limit() {
	local name=$1 content=$2 message=$3 secs kb rc

	if $have_time; then
		/usr/bin/time -f '%e %M' -o "$TMP/time" "$PLAIN" check \
			-C "$content" --today "$TODAY" >/dev/null 2>"$TMP/stderr"
		rc=$?
		# time adds "Command exited with non-zero status 1" first.
		read -r secs kb < <(tail -n 1 "$TMP/time")
	else
		"$PLAIN" check -C "$content" --today "$TODAY" >/dev/null \
			2>"$TMP/stderr"
		rc=$?
	fi
	is "$rc" 1 "$name: exit status 1"
	has "$TMP/stderr" "$message" "$name: says '$message'"
	if $have_time; then
		echo "# $name: $secs s, $kb KB peak RSS"
		[ "$kb" -lt "$MAX_RSS_KB" ]
		ok $? "$name: peak RSS under 100 MB ($kb KB)"
	else
		ok 0 "$name: peak RSS # SKIP /usr/bin/time is not installed"
	fi

	(ulimit -v "$CAP_KB" && exec "$PLAIN" check -C "$content" \
		--today "$TODAY") >/dev/null 2>"$TMP/stderr"
	is "$?" 1 "$name: with memory capped at $((CAP_KB / 1000)) MB, exit status 1"
	has "$TMP/stderr" "$message" "$name: with memory capped, the same error"
	rm -rf "$(dirname "$content")"
}

# Billion laughs: nine levels of nine aliases each (9^9 values if copied).
c=$(newtree alias-bomb)
{
	echo '- title: 公益市集'
	echo '  date: 2024-09-09'
	echo '  summary: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
	prev=a
	for k in b c d e f g h i; do
		echo "  $k: &$k [*$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev, *$prev]"
		prev=$k
	done
} >"$c/activities/2024.yaml"
limit "alias bomb" "$c" "error: aliases expand to too many values"

# A 50 MB value on one line, in YAML and in a CSV cell.
c=$(newtree yaml-line)
{ printf -- '- title: '; as 50000000; printf '\n  date: 2024-09-09\n'; } \
	>"$c/activities/2024.yaml"
limit "50 MB YAML value on one line" "$c" \
	"content/activities/2024.yaml:1:1: error: line is too long (50000009 bytes; the limit is 1048576)"

c=$(newtree csv-line)
{ printf 'date,volunteer,team,hours\n2024-09-09,'; as 50000000; printf ',t,2\n'; } \
	>"$c/data/service.csv"
limit "50 MB CSV cell on one line" "$c" \
	"content/data/service.csv:2:1: error: line is too long (50000015 bytes; the limit is 1048576)"

# Long values over many short lines: the per-value limits.
c=$(newtree yaml-block)
{ printf -- '- title: x\n  date: 2024-09-09\n  summary: |\n'; lines 15000 | sed 's/^/    /'; } \
	>"$c/activities/2024.yaml"
limit "15 MB YAML value over many lines" "$c" \
	"content/activities/2024.yaml:3:12: error: value is too long (15000000 bytes; the limit is 1048576)"

c=$(newtree yaml-file)
{ printf -- '- title: x\n  date: 2024-09-09\n  summary: |\n'; lines 50000 | sed 's/^/    /'; } \
	>"$c/activities/2024.yaml"
limit "50 MB YAML file" "$c" \
	"error: file is too large for YAML (over 16 MiB); split it into several files"

c=$(newtree csv-cell)
{ printf 'date,volunteer,team,hours\n2024-09-09,"'; lines 50000; printf '",t,2\n'; } \
	>"$c/data/service.csv"
limit "50 MB quoted CSV cell over many lines" "$c" \
	"content/data/service.csv:2:12: error: cell is longer than 1048576 bytes"

# A million opening brackets on one line.
c=$(newtree nesting)
{ printf -- '- title: x\n  date: 2024-09-09\n  summary: '; head -c 1000000 /dev/zero | tr '\0' '['; echo; } \
	>"$c/activities/2024.yaml"
limit "a million nested lists" "$c" \
	"content/activities/2024.yaml:3:42: error: nesting is too deep (the limit is 32 levels)"

done_testing
