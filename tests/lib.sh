# TAP helpers for the end-to-end tests (sourced by tests/*.t).
#
# make check sets LINLI (the sanitizer-built binary), TOP (the project) and
# TESTBIN; run alone, a test falls back to ./linli.

set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
LINLI=${LINLI:-$TOP/linli}
TODAY=2026-11-25
export TZ=UTC LC_ALL=C
# linli speaks the content's language (zh-CN by default) unless told
# otherwise: the tests read English messages unless they ask for another.
export LANGUAGE=en
tap_n=0
tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/linli-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ok STATUS NAME: one test, passing when STATUS is 0.
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $2"
	fi
}

# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

# has FILE TEXT NAME: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$2" "$1"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   '$2' not found in $1"
	fi
}

# hasnt FILE TEXT NAME
hasnt() {
	if grep -qF -- "$2" "$1"; then
		ok 1 "$3"
		grep -nF -- "$2" "$1" | head -3 | sed 's/^/#   /'
	else
		ok 0 "$3"
	fi
}

# skip_all REASON: the whole file is skipped (plainly said); under CI a
# missing tool is a failure, never a skip.
skip_all() {
	if [ -n "${CI:-}" ]; then
		echo "not ok 1 - $1 (CI must not skip)"
		echo "1..1"
		exit 1
	fi
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# linli_build CONTENT OUT [ARGS...]: a build with a fixed today; stderr
# goes to $TMP/stderr.
linli_build() {
	local content=$1 out=$2
	shift 2
	"$LINLI" build -q -C "$content" -o "$out" --today "$TODAY" "$@" \
		2>"$TMP/stderr"
}

# tree_digest DIR: one line per file with its checksum, to compare trees.
tree_digest() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
