#!/usr/bin/env bash
# One binary, anywhere: linli copied alone into an empty folder (no
# themes/, nothing installed) builds the example and a tree with undated
# honours from another folder; the built-in theme can be written out and
# overridden; inside a content folder, linli says to add -C .
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/bin" "$TMP/elsewhere"
cp "$LINLI" "$TMP/bin/linli"
cd "$TMP/elsewhere" || exit 1
BIN=$TMP/bin/linli

"$BIN" build -q -C "$TOP/content" -o "$TMP/example" --today "$TODAY" \
	2>"$TMP/stderr"
ok $? "the binary alone builds the example from another folder"
is "$(cat "$TMP/stderr")" "" "with no message"
test -s "$TMP/example/assets/site.css"
ok $? "the theme's stylesheet is in out/assets/"
cmp -s "$TMP/example/assets/site.css" "$TOP/themes/default/assets/site.css"
ok $? "byte for byte the theme's own"
has "$TMP/example/index.html" "幸福里社区" "the home page is rendered"

# The same build through --theme on the source folder is byte-identical:
# the built-in copy is the folder, file for file.
"$BIN" build -q -C "$TOP/content" -o "$TMP/example2" --today "$TODAY" \
	--theme "$TOP/themes/default" 2>"$TMP/stderr"
ok $? "--theme themes/default builds too"
diff -r "$TMP/example" "$TMP/example2" >"$TMP/diff"
ok $? "and gives the same output as the built-in theme"

# A tree with undated records of every kind, and every date form.
T=$TMP/undated
mkdir -p "$T/activities" "$T/achievements"
printf 'name: 测试社区\n' >"$T/site.yaml"
cat >"$T/activities/2024.yaml" <<'YAML'
- title: 公益市集
  date: ２０２４-09-09
  participants: ８０
- title: 九月的活动
  date: 2024年9月
YAML
cat >"$T/achievements/all.yaml" <<'YAML'
- kind: honour
  title: 无日期荣誉甲
  level: 省级
- kind: honour
  title: 有日期荣誉
  level: 省级
  date: 2023
- kind: honour
  title: 无日期荣誉乙
  level: 省级
- kind: honour
  title: 年份荣誉
  level: 国家级
  date: 2024年
- kind: milestone
  title: 无日期大事
- kind: milestone
  title: 有日期大事
  date: 2024年9月
- kind: person
  name: 王阿姨
  title: 无日期榜样
- kind: figure
  label: 无年份数字
  value: 12
- kind: figure
  label: 有年份数字
  value: 3
  year: 2024
- kind: honour
  title: 月份荣誉
  date: 2024-09
YAML
"$BIN" build -q -C "$T" -o "$TMP/u" --today "$TODAY" 2>"$TMP/stderr"
ok $? "a tree with undated honours builds from another folder"
sed 's/^/# /' "$TMP/stderr"
H=$TMP/u/honours/index.html
for t in 无日期荣誉甲 无日期荣誉乙 无日期大事 无日期榜样 无年份数字 年份荣誉 有日期大事; do
	has "$H" "$t" "the honours page shows $t"
done
# Within a level, the dated come first, then the undated in file order.
order=$(grep -oE '有日期荣誉|无日期荣誉甲|无日期荣誉乙' "$H" | tr '\n' ' ')
is "$order" "有日期荣誉 无日期荣誉甲 无日期荣誉乙 " \
	"undated honours come after the dated ones, in file order"
# Chinese level names: 国家级 is the national group, shown before 省级.
order=$(grep -oE '年份荣誉|有日期荣誉' "$H" | tr '\n' ' ')
is "$order" "年份荣誉 有日期荣誉 " \
	"level: 国家级 is read as national (listed before 省级, provincial)"
has "$H" "省级" "the provincial group has its label"
order=$(grep -oE '有日期大事|无日期大事' "$H" | tr '\n' ' ')
is "$order" "有日期大事 无日期大事 " "undated milestones come after the dated"
order=$(grep -oE '有年份数字|无年份数字' "$H" | tr '\n' ' ')
is "$order" "有年份数字 无年份数字 " "undated figures come after the dated"
has "$H" "未注明年份" "under a heading saying the year is not given"
for f in $(grep -rlE '无日期|无年份' "$TMP/u" | sed "s|^$TMP/u/||"); do
	case $f in
	index.html | honours/index.html | board/*) ;;
	*) ok 1 "an undated record is in $f (only the home and honours pages and the board may show it)" ;;
	esac
done
hasnt <(cat "$TMP"/u/archive/*/index.html "$TMP"/u/bulletin/*/index.html 2>/dev/null) \
	"无日期" "no yearly report or bulletin shows an undated record"
has "$TMP/u/archive/2024/index.html" "年份荣誉" \
	"an honour dated 2024年 is in the 2024 report"
has "$TMP/u/archive/2024/index.html" "有日期大事" \
	"a milestone dated 2024年9月 is in the 2024 report"
has "$TMP/u/activities/2024/index.html" "公益市集" \
	"an activity dated with full-width digits is listed under 2024"

# linli theme export writes the built-in theme, and never into a folder
# that holds something.
"$BIN" theme export "$TMP/mytheme" >"$TMP/stdout" 2>"$TMP/stderr"
ok $? "theme export into a new folder succeeds"
diff -r "$TOP/themes/default" "$TMP/mytheme" >"$TMP/diff"
ok $? "and writes every file of themes/default, at every depth"
mkdir -p "$TMP/busy" && echo mine >"$TMP/busy/notes.txt"
"$BIN" theme export "$TMP/busy" 2>"$TMP/stderr"
is $? 1 "theme export into a non-empty folder fails"
has "$TMP/stderr" "$TMP/busy: error: this folder is not empty" "saying why"
is "$(ls "$TMP/busy")" "notes.txt" "and leaves the folder as it was"
mkdir -p "$TMP/empty"
"$BIN" theme export "$TMP/empty" >/dev/null 2>&1
ok $? "theme export into an empty folder succeeds"
"$BIN" theme 2>"$TMP/stderr"
is $? 2 "'linli theme' alone is a usage error"

# A changed exported theme is what --theme renders.
sed -i 's/<body/<body data-mine="yes"/' "$TMP/mytheme/templates/base.mustache"
"$BIN" build -q -C "$T" -o "$TMP/u2" --today "$TODAY" --theme "$TMP/mytheme" \
	2>"$TMP/stderr"
ok $? "a build with the exported, changed theme succeeds"
has "$TMP/u2/index.html" 'data-mine="yes"' "and renders through it"

# Inside a folder with site.yaml but no content/: say to add -C .
(cd "$T" && "$BIN" build -q --today "$TODAY" 2>"$TMP/stderr")
is $? 1 "a build inside the content folder without -C fails"
has "$TMP/stderr" "content: error: there is no folder 'content' here, but this folder holds site.yaml: to read this folder, add -C . (e.g. linli build -C .)" \
	"and says how to point at it"
(cd "$T" && "$BIN" build -q -C . -o "$TMP/u3" --today "$TODAY" 2>"$TMP/stderr")
ok $? "with -C . it builds"

# make install puts nothing but the binary and the manual in place.
if command -v make >/dev/null; then
	make -s -C "$TOP" -n install DESTDIR="$TMP/inst" PREFIX=/p >"$TMP/install"
	hasnt "$TMP/install" "themes" "make install copies no theme folder"
fi

# The copied binary speaks the community's language with no catalog
# installed: Chinese for a zh-CN community (LANGUAGE unset, C locale),
# English with LANGUAGE=en, Traditional Chinese with --lang zh-TW.
B=$TMP/broken-zh
mkdir -p "$B/activities"
printf 'name: 幸福里社区\nlanguage: zh-CN\n' >"$B/site.yaml"
printf -- '- title: 公益市集\n  date: 9月9日\n' >"$B/activities/2024.yaml"
(cd "$TMP/elsewhere" && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C \
	"$BIN" check -C "$B" --today "$TODAY" >"$TMP/zh.out" 2>"$TMP/zh.err")
is "$?" 1 "the copied binary fails a broken zh-CN community"
has "$TMP/zh.err" "activities/2024.yaml:2:9: error: '9月9日' 不是日期；请写成" \
	"and says so in Chinese, place and 'error:' first"
has "$TMP/zh.err" "1 个错误，0 个警告" "the count line is Chinese"
LANGUAGE=en "$BIN" check -C "$B" --today "$TODAY" >"$TMP/en.out" 2>"$TMP/en.err"
has "$TMP/en.err" "activities/2024.yaml:2:9: error: '9月9日' is not a date" \
	"LANGUAGE=en gives English"
has "$TMP/en.err" "1 error, 0 warnings" "and an English count line"
LANGUAGE=en "$BIN" check --lang zh-TW -C "$B" --today "$TODAY" \
	>"$TMP/tw.out" 2>"$TMP/tw.err"
has "$TMP/tw.err" "不是日期；請寫成" "--lang zh-TW wins over LANGUAGE"
"$BIN" check --lang fr -C "$B" >"$TMP/fr.out" 2>"$TMP/fr.err"
is "$?" 2 "--lang with a language linli does not speak is a usage error"
has "$TMP/fr.err" "--lang" "naming the option"

done_testing
