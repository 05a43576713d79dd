#!/usr/bin/env bash
# When the final move of a build into place fails, linli says that nothing
# was written, never "wrote N files", exits 1 and leaves out/ as it was.
#
# The failure is real: a small preloaded library makes the first rename()
# and every renameat2() onto a path whose last part is "site" fail with
# EACCES, as a folder the user may not write would; every other rename, and
# so putting the old output back, goes through. It runs on the plain build ($TOP/linli): a sanitizer
# build must come first among the preloaded libraries.
. "$(dirname "$0")/lib.sh"

PLAIN=${PLAIN:-$TOP/linli}
THEME=${THEME:-$TOP/themes/default}
CC=${CC:-cc}
[ -x "$PLAIN" ] || skip_all "no plain build at $PLAIN (run make)"

cat >"$TMP/norename.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <string.h>

/* True for a new path that ends in "/site" or is "site". */
static int onto_site(const char *to)
{
	const char *slash = strrchr(to, '/');

	return strcmp(slash ? slash + 1 : to, "site") == 0;
}

int rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
	    (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");

	static int failed;

	if (onto_site(to) && !failed++) {
		errno = EACCES;
		return -1;
	}
	return real(from, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned flags)
{
	int (*real)(int, const char *, int, const char *, unsigned) =
	    (int (*)(int, const char *, int, const char *, unsigned))
	    dlsym(RTLD_NEXT, "renameat2");

	if (onto_site(to)) {
		errno = EACCES;
		return -1;
	}
	return real(fromfd, from, tofd, to, flags);
}
C
if ! "$CC" -shared -fPIC -o "$TMP/norename.so" "$TMP/norename.c" -ldl 2>"$TMP/cc"; then
	sed 's/^/# /' "$TMP/cc"
	skip_all "cannot build the preloaded library with $CC"
fi

mkdir -p "$TMP/content/activities"
printf 'name: 测试社区\n' >"$TMP/content/site.yaml"
printf -- '- id: 2024-09-market\n  title: 公益市集\n  date: 2024-09-09\n' \
	>"$TMP/content/activities/2024.yaml"

# A first build with no out/ yet: the move is a plain rename.
LD_PRELOAD=$TMP/norename.so "$PLAIN" build -C "$TMP/content" -o "$TMP/site" \
	--theme "$THEME" --today "$TODAY" >"$TMP/stdout" 2>"$TMP/stderr"
is "$?" 1 "a failed move exits 1"
hasnt "$TMP/stdout" "wrote" "and does not say it wrote files"
has "$TMP/stderr" "linli: nothing written; $TMP/site is unchanged" \
	"it says that nothing was written"
has "$TMP/stderr" "error: cannot move the build into place" \
	"with the reason"
[ ! -e "$TMP/site" ]
ok $? "no site folder appears"

# Over an earlier build: the exchange (or the move aside) fails.
"$PLAIN" build -q -C "$TMP/content" -o "$TMP/site" --theme "$THEME" \
	--today "$TODAY"
ok $? "a build without the library succeeds"
tree_digest "$TMP/site" >"$TMP/before"
printf -- '- id: 2024-10-fair\n  title: 游园会\n  date: 2024-10-01\n' \
	>>"$TMP/content/activities/2024.yaml"
LD_PRELOAD=$TMP/norename.so "$PLAIN" build -C "$TMP/content" -o "$TMP/site" \
	--theme "$THEME" --today "$TODAY" >"$TMP/stdout" 2>"$TMP/stderr"
is "$?" 1 "a failed swap exits 1"
hasnt "$TMP/stdout" "wrote" "and does not say it wrote files"
has "$TMP/stderr" "linli: nothing written; $TMP/site is unchanged" \
	"it says that nothing was written"
tree_digest "$TMP/site" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after"
ok $? "the earlier build is unchanged, byte for byte"

# And a build that succeeds still says what it wrote.
"$PLAIN" build -C "$TMP/content" -o "$TMP/site" --theme "$THEME" \
	--today "$TODAY" >"$TMP/stdout" 2>"$TMP/stderr"
is "$?" 0 "the build without the library succeeds"
grep -Eq "^linli: wrote [0-9]+ files \([0-9]+ KiB\) to $TMP/site\$" "$TMP/stdout"
ok $? "and says how many files it wrote"

done_testing
