#!/usr/bin/env bash
# Rebuilds touch only what changed: a no-op rebuild leaves every file's
# inode and mtime as they were; one changed activity rewrites exactly the
# files whose bytes change, and each of them shows the change; a removed
# activity's page goes; an output edited by hand is put right; -j 1 and
# -j 4 make the same bytes.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cp -R "$TOP/content/." "$TMP/c/"
build() { # build OUT [ARGS...]
	local o=$1
	shift
	"$LINLI" build -C "$TMP/c" -o "$o" --today "$TODAY" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
}
# listing DIR: every file with its inode and mtime (ns).
listing() {
	(cd "$1" && find . -type f -printf '%p %i %T@\n' | sort)
}

build "$TMP/out"
ok $? "the first build"
listing "$TMP/out" >"$TMP/l0"
cp -a "$TMP/out" "$TMP/before"

build "$TMP/out"
ok $? "a rebuild of the same content"
listing "$TMP/out" >"$TMP/l1"
cmp -s "$TMP/l0" "$TMP/l1"
ok $? "no-op: every file keeps its inode and mtime"
has "$TMP/stdout" "is up to date" "no-op: says that out/ is up to date"
touch "$TMP/c/site.yaml"
build "$TMP/out"
listing "$TMP/out" >"$TMP/l1"
cmp -s "$TMP/l0" "$TMP/l1"
ok $? "an input touched but not changed: nothing is written"

# One activity changes its title.
old=积分超市月度兑换日
file=$(grep -rl "title: $old\$" "$TMP/c/activities" | head -n 1)
test -n "$file"
ok $? "the example has the activity to change"
sed -i "s/title: $old\$/title: ${old}（改期）/" "$file"
build "$TMP/out"
ok $? "a rebuild after one activity changed"
listing "$TMP/out" >"$TMP/l2"
# The files whose inode or mtime changed, and those whose bytes changed.
comm -13 "$TMP/l0" "$TMP/l2" | cut -d' ' -f1 | sort -u >"$TMP/touched"
(cd "$TMP/out" && find . -type f | sort | while read -r f; do
	cmp -s "$f" "$TMP/before/$f" || echo "$f"
done) >"$TMP/differ"
test -s "$TMP/differ"
ok $? "some files change"
cmp -s "$TMP/touched" "$TMP/differ"
ok $? "exactly the files whose bytes changed are written"
diff "$TMP/touched" "$TMP/differ" | head -5 | sed 's/^/#   /'
shows=0
while read -r f; do
	case $f in
	*.html | *.xml | *.ics | *.json) grep -q "积分超市月度兑换日（改期）" "$TMP/out/$f" || { shows=1; echo "#   $f does not show it"; } ;;
	esac
done <"$TMP/differ"
is "$shows" 0 "every page written shows the change"
(cd "$TMP/out" && grep -rlF "${old}（改期）" . | sort) >"$TMP/showing"
is "$(comm -23 "$TMP/showing" "$TMP/differ")" "" "every page that shows it is written"
wrote=$(sed -n 's/^linli: \([0-9]*\) files\{0,1\} written.*/\1/p' "$TMP/stdout")
is "$wrote" "$(wc -l <"$TMP/differ")" "the count it prints is the files written"

# A removed activity: its page goes, nothing else of it stays.
id=$(awk -v t="${old}（改期）" '/^- id: / { id = $3 } /^- / && !/^- id: / { id = "" }
	$0 ~ "title: " t "$" { print id; exit }' "$file")
awk -v id="$id" 'BEGIN { skip = 0 } /^- id: / { skip = ($3 == id) } !skip' "$file" >"$file.new"
mv "$file.new" "$file"
sed -i "/,$id,/d" "$TMP/c/data/service.csv" # and its service rows
test -d "$TMP/out/activities/$id"
ok $? "(activity $id has a page)"
build "$TMP/out"
ok $? "a rebuild after an activity was removed"
[ ! -e "$TMP/out/activities/$id" ]
ok $? "its page and folder are gone"

# A page edited by hand in out/ is put right by the next build.
cp "$TMP/out/index.html" "$TMP/index.html"
echo "defaced" >"$TMP/out/index.html"
build "$TMP/out"
cmp -s "$TMP/out/index.html" "$TMP/index.html"
ok $? "an output changed by hand is written again"

# The same bytes on one thread as on four.
build "$TMP/j1" -j 1 && build "$TMP/j4" -j 4
ok $? "builds with -j 1 and -j 4"
diff -r "$TMP/j1" "$TMP/j4" >/dev/null
ok $? "-j 1 and -j 4 are byte-identical"
diff -r "$TMP/j1" "$TMP/out" >/dev/null
ok $? "and equal to the incrementally updated out/"

# The state beside out/ says nothing private: no roster names.
! grep -q "身份证" "$TMP/out.linli-state"
ok $? "the manifest holds no personal data"
[ ! -e "$TMP/out/.linli-state" ]
ok $? "and is not published in out/"

done_testing
