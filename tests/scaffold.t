#!/usr/bin/env bash
# linli init and linli new: a starter community that builds at once from an
# empty folder; new records of each kind that build, with date-based ids
# that are never taken twice; neither ever overwrites a file.
. "$(dirname "$0")/lib.sh"

theme=(--theme "$TOP/themes/default")
mkdir "$TMP/empty" && cd "$TMP/empty" || exit 1
"$LINLI" init x --today "$TODAY" >"$TMP/init.out" 2>"$TMP/init.err"
ok $? "linli init x works in an empty folder"
has "$TMP/init.out" "x/README.md" "and says what to read"
"$LINLI" build -q -C x/content --today "$TODAY" "${theme[@]}" 2>"$TMP/stderr"
ok $? "linli build -C x/content builds it at once"
is "$(cat "$TMP/stderr")" "" "with no warning"
has out/index.html "我们的社区" "the site carries the starter's name"
test -f out/activities/$TODAY/index.html
ok $? "its activity has a page, its id made from the date"
ls out/stories/*/index.html >/dev/null 2>&1
ok $? "its story has a page"
test -f out/teams/zhiyuan/index.html
ok $? "its team has a page"

# Every setting of site.yaml is there, each with a Chinese comment above it.
for key in name subtitle language base_url timezone address hotline population households \
	bulletin title period first_issue pages board seconds_per_slide orientation notices \
	privacy volunteer_names; do
	prev=$(grep -B1 -E "^ *(# )?$key:" x/content/site.yaml | head -1)
	case $prev in *\#*[一-龥]*) ok 0 "site.yaml explains $key" ;;
		*) ok 1 "site.yaml explains $key (line before: '$prev')" ;; esac
done
grep -q '[一-龥]' x/README.md
ok $? "README.md is written in Chinese for the community worker"
is "$(head -1 x/content/data/service.csv)" "日期,志愿者,队伍,活动,时长,积分" "service.csv has the header row"
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	head=$(/usr/bin/python3 -c 'import openpyxl,sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(",".join(str(c.value) for c in ws[1]))' x/templates/service.xlsx)
	is "$head" "日期,志愿者,队伍,活动,时长,积分" "the .xlsx template opens, with the same header on its first sheet"
else
	skip_reason="python3-openpyxl missing"
	[ -n "${CI:-}" ] && ok 1 "openpyxl is installed (CI must not skip)"
fi

# init never writes into a folder that holds anything.
mkdir "$TMP/full" && echo keep >"$TMP/full/notes.txt"
"$LINLI" init "$TMP/full" 2>"$TMP/err"
is "$?" 1 "init refuses a folder that is not empty"
has "$TMP/err" "not empty" "and says why"
is "$(ls "$TMP/full")" "notes.txt" "and adds nothing to it"
"$LINLI" init x 2>/dev/null
is "$?" 1 "init refuses its own starter folder a second time"
mkdir "$TMP/here" && (cd "$TMP/here" && "$LINLI" init -q --today "$TODAY")
ok $? "init with no folder starts the community in the current (empty) folder"
test -f "$TMP/here/content/site.yaml"
ok $? "writing content/ there"

# new, for each kind: a file that builds.
c=x/content
for kind in activity story team honour; do
	path=$("$LINLI" new "$kind" "新的$kind：\"引号\" # 不是注释" -C "$c" --today "$TODAY" 2>"$TMP/err")
	ok $? "new $kind works"
	test -f "$path"
	ok $? "new $kind prints the path of the file it wrote ($path)"
	eval "path_$kind=\$path"
done
case $path_activity in "$c/activities/2026/$TODAY-2.yaml") ok 0 "the activity's id is the date, the first not taken" ;;
	*) ok 1 "the activity's id is the date, the first not taken ($path_activity)" ;; esac
case $path_story in "$c/stories/2026/$TODAY-2.md") ok 0 "so is the story's (the starter's took $TODAY)" ;;
	*) ok 1 "so is the story's ($path_story)" ;; esac
has "$path_activity" "date: $TODAY" "the activity is dated today"
has "$path_activity" "# 活动名称" "its fields are explained"
grep -q "^# location:" "$path_activity"
ok $? "and the optional ones are there, commented out"
"$LINLI" build -q -C "$c" --today "$TODAY" "${theme[@]}" 2>"$TMP/stderr"
ok $? "the content builds with a new record of each kind"
has "out/activities/$TODAY-2/index.html" "新的activity：&quot;引号&quot; # 不是注释" "the new activity's page carries its title, quotes and all"
has "out/stories/$TODAY-2/index.html" "新的story：" "the new story has a page"
has "out/teams/team-$TODAY/index.html" "新的team：" "the new team has a page"
has out/honours/index.html "新的honour：" "the new honour is listed"

# Never the same id twice; never an overwrite.
before=$(sha256sum "$path_activity")
p2=$("$LINLI" new activity -C "$c" --today "$TODAY")
is "$p2" "$c/activities/2026/$TODAY-3.yaml" "a second new activity on the same day gets the next id"
is "$(sha256sum "$path_activity")" "$before" "and leaves the first one alone"
"$LINLI" new activity 中文标题 -C "$c" --today "$TODAY" | grep -Eq "/$TODAY-4\.yaml$"
ok $? "a Chinese title never makes the id"
"$LINLI" new team 和事佬 --id heshilao -C "$c" --today "$TODAY" >/dev/null
ok $? "new team --id uses the given id"
before=$(sha256sum "$c/teams/heshilao.yaml")
"$LINLI" new team 别的队 --id heshilao -C "$c" --today "$TODAY" 2>"$TMP/err"
is "$?" 1 "an id that is taken is refused"
has "$TMP/err" "already a team with id 'heshilao'" "and the message says so"
is "$(sha256sum "$c/teams/heshilao.yaml")" "$before" "the file is untouched"
printf 'not yaml at all: [\n' >"$c/teams/broken.yaml"
before=$(sha256sum "$c/teams/broken.yaml")
"$LINLI" new team X --id broken -C "$c" --today "$TODAY" 2>"$TMP/err"
is "$?" 1 "a file in the way is never overwritten, even when its id cannot be read"
has "$TMP/err" "never overwrites" "and the message says so"
is "$(sha256sum "$c/teams/broken.yaml")" "$before" "the file is as it was"
"$LINLI" new team X --id Bad_Id -C "$c" 2>/dev/null
is "$?" 1 "a malformed id is refused"

"$LINLI" new widget -C "$c" 2>"$TMP/err"
is "$?" 2 "an unknown kind is a usage error"
"$LINLI" new 2>/dev/null
is "$?" 2 "new without a kind is a usage error"
"$LINLI" new activity -C "$TMP/full" 2>"$TMP/err"
is "$?" 1 "new outside a content folder is refused"
has "$TMP/err" "site.yaml" "saying what is missing"

done_testing
