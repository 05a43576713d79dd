#!/usr/bin/env bash
# The printable bulletin (bulletin/): an issue per period with content,
# numbered one after another, a printed number never changing; which is the
# latest; the newest issue
# again at bulletin/index.html; the list of issues; the masthead, the
# sections and their figures; masked names; numbers kept whole; warnings
# for characters no font of the bulletin has; --pdf without Chromium.
# tests/bulletin-print.t prints the issues and checks the paper.
. "$(dirname "$0")/lib.sh"

THEME=${THEME:-$TOP/themes/default}

# build CONTENT OUT [ARGS...]
build() {
	linli_build "$1" "$2" --theme "$THEME" "${@:3}"
}

# copy NAME: a copy of the example content at $TMP/NAME/content
copy() {
	mkdir -p "$TMP/$1"
	cp -R "$TOP/content" "$TMP/$1/content"
}

# number FILE: the issue number the masthead shows
number() {
	sed -n 's/.*class="mast-number">\([^<]*\)<.*/\1/p' "$1"
}

# --- the example --------------------------------------------------------

build "$TOP/content" "$TMP/out"
ok $? "the example builds"
b=$TMP/out/bulletin
issues=$(cd "$b" && ls -d 20*/ | tr -d / | tr '\n' ' ')
is "$issues" "2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11 " \
	"one issue a month from the first month with activities to this month (its content fills it); none for a month not begun (2026-12 has only planned activities)"
is "$(number "$b/2025-01/index.html")" "第1期" "the first issue is 第1期 (first_issue: 1)"
is "$(number "$b/2026-11/index.html")" "第23期" "November 2026 is 第23期"

issue=$b/2026-11/index.html
has "$issue" '<h1 class="mast-title">幸福里社区简报</h1>' "the masthead has the bulletin's title"
has "$issue" '<p class="mast-community">幸福里社区' "and the community's name"
has "$issue" '<span class="nobr">2026年11月</span>' "and the period, kept on one line"
has "$issue" '出版日期：2026年11月25日' "dated today, before the month's end"
has "$b/2026-10/index.html" '出版日期：2026年10月31日' "a past month is dated its last day"
has "$issue" '<span class="nobr">027-8288 6600</span>' "the hotline, kept whole"
has "$issue" '冬季消防演练：楼长们的“三分钟”' "the lead story is the month's newest story"
has "$issue" '<h2 class="sec" data-lines="1">活动回顾</h2>' "a recap of the month"
has "$issue" '<p class="figure"><b>615</b><span>人次参与</span></p>' "with the month's participants summed (180+260+64+26+85)"
has "$issue" '<p class="figure"><b>79.5</b><span>志愿服务小时</span></p>' "and hours (20+20+10+17.5+12)"
has "$issue" '<span class="nobr">11月21日</span> “和事佬”调解员培训' "each done activity with its date"
has "$issue" '参与 26 人 · 志愿者 7 人 · 服务 <span class="nobr">17.5</span> 小时' "and its figures"
has "$issue" '<h2 class="sec" data-lines="1">活动预告</h2>' "the coming activities"
has "$issue" '<span class="nobr">12月5日</span> 星期六 <span class="nobr">14:30-16:30</span>' "with date, weekday and time"
has "$issue" '地点：新党群服务中心多功能厅' "and place"
hasnt "$issue" '迎新春 义写春联送福字' "but not those two months ahead (January 2027)"
has "$issue" '<h2 class="sec" data-lines="1">志愿积分榜</h2>' "the month's points leaderboard"
has "$issue" '<td>何*英</td><td class="num">25</td>' "names masked as site.yaml says"
leak=$(awk -F, '$1 ~ /^2026-11/ { print $2 }' "$TOP/content/data/service.csv" | sort -u |
	while read -r name; do grep -qF ">$name<" "$issue" && echo "$name"; done)
is "$leak" "" "no volunteer's full name is printed"
has "$issue" 'class="qr"' "a QR code of the site (base_url is set)"
has "$issue" 'shape-rendering="crispEdges"' "drawn with crisp edges"
has "$issue" '网站：xingfuli.example.org/' "and the site's address to type"
has "$issue" '@page { @bottom-center { content: "第" counter(page) "页 共" counter(pages) "页";' \
	"page numbers in the page footer when printed"
has "$issue" '<p class="sheet-foot" aria-hidden="true">第2页 共2页</p>' "and under each sheet on screen"
is "$(grep -c '<article class="sheet' "$issue")" 2 "two sheets (bulletin.pages: 2)"
has "$b/2025-12/index.html" '<h2 class="sec" data-lines="1">身边榜样</h2>' "people recognised in a month are in its issue"
has "$b/2025-12/index.html" '武汉市“最美志愿者”' "with their title"
has "$b/2025-12/index.html" '<h2 class="sec" data-lines="1">荣誉榜</h2>' "and so are honours"

# The newest issue again at bulletin/index.html, one folder up.
sed 's#\.\./\.\./#../#g' "$issue" >"$TMP/latest"
cmp -s "$TMP/latest" "$b/index.html"
ok $? "bulletin/index.html is the newest issue, its links one folder shorter"
has "$b/index.html" 'href="../assets/bulletin.css"' "its stylesheet link works from there"
test -f "$TMP/out/assets/bulletin.css"
ok $? "and the stylesheet is there"

# The list of issues.
list=$b/issues/index.html
test -f "$list"
ok $? "bulletin/issues/index.html lists the issues"
is "$(grep -o 'href="../../bulletin/20[^"]*"' "$list" | head -2 | tr '\n' ' ')" \
	'href="../../bulletin/2026-11/index.html" href="../../bulletin/2026-10/index.html" ' \
	"newest first, every link ending in index.html"
is "$(grep -c 'class="issue-link"' "$list")" 23 "all 23 of them"

# --- which issue is the latest ---------------------------------------------

# sheets_with_content FILE: how many sheets hold a section, of how many
sheets_with_content() {
	awk '/<article class="sheet/ { n++; has = 0 } /<section class="part/ && !has { has = 1; c++ }
		END { printf "%d of %d", c, n }' "$1"
}

# latest TODAY: the period and number of bulletin/index.html built on TODAY
latest() {
	rm -rf "$TMP/l"
	"$LINLI" build -q -C "$TOP/content" -o "$TMP/l" --theme "$THEME" --today "$1" 2>/dev/null
	printf '%s %s' "$(sed -n 's#.*<title>.* · \(.*\)</title>.*#\1#p' "$TMP/l/bulletin/index.html")" \
		"$(number "$TMP/l/bulletin/index.html")"
}
is "$(latest 2026-12-01)" "2026年11月 第23期" "on the 1st of December the latest issue is November's, finished (December has three previews)"
is "$(sheets_with_content "$TMP/l/bulletin/index.html")" "2 of 2" "with content on every page"
test ! -e "$TMP/l/bulletin/2026-12"
ok $? "and December has no issue yet"
has "$TMP/l/bulletin/index.html" "国际志愿者日表彰暨积分兑换" "December's coming activities are in it"
has "$TMP/l/bulletin/index.html" "出版日期：2026年11月30日" "dated the month's last day"
is "$(latest 2026-12-15)" "2026年11月 第23期" "on the 15th, December's content does not fill it yet: still November's"
is "$(sheets_with_content "$TMP/l/bulletin/index.html")" "2 of 2" "with content on every page"
is "$(latest 2026-10-31)" "2026年10月 第22期" "on the last day of October, October's issue is the latest"
is "$(sheets_with_content "$TMP/l/bulletin/index.html")" "2 of 2" "with content on every page"
has "$TMP/l/bulletin/index.html" "出版日期：2026年10月31日" "dated that day"
is "$(latest 2026-11-25)" "2026年11月 第23期" "by the 25th of November its own content fills it: November's is the latest"
is "$(sheets_with_content "$TMP/l/bulletin/index.html")" "2 of 2" "with content on every page"

# --- numbering: consecutive, and a printed number never changes -------------

mkdir -p "$TMP/n/content/activities"
cat >"$TMP/n/content/site.yaml" <<'EOF'
name: 测试社区
bulletin:
  first_issue: 5
EOF
cat >"$TMP/n/content/activities/a.yaml" <<'EOF'
- title: 一月活动
  date: 2026-01-10
- title: 三月活动
  date: 2026-03-10
EOF
build "$TMP/n/content" "$TMP/n/out"
is "$(number "$TMP/n/out/bulletin/2026-01/index.html") $(number "$TMP/n/out/bulletin/2026-03/index.html")" \
	"第5期 第6期" "issues count from first_issue, one after another: an empty month has no issue and takes no number"
test ! -e "$TMP/n/out/bulletin/2026-02"
ok $? "and has no issue"
has "$TMP/n/out/bulletin/numbers.txt" "2026-03 6" "the numbers printed are kept in out/bulletin/numbers.txt"
cat >>"$TMP/n/content/activities/a.yaml" <<'EOF'
- title: 二月活动
  date: 2026-02-10
- title: 九月活动
  date: 2026-09-10
EOF
build "$TMP/n/content" "$TMP/n/out"
ok $? "records typed in later for an empty old month are not an error"
has "$TMP/stderr" "a.yaml:5:3: warning: 2026年2月 had no issue when the later ones were printed (the next is 第6期, 2026年3月): an issue for it now would renumber them" \
	"but a warning naming the record and the issue it would renumber"
is "$(for m in 01 03 09; do number "$TMP/n/out/bulletin/2026-$m/index.html"; done | tr '\n' ' ')" \
	"第5期 第6期 第7期 " "no printed number changes; the next issue continues from the last"
test ! -e "$TMP/n/out/bulletin/2026-02"
ok $? "and the late month has no issue"
has "$TMP/n/out/bulletin/index.html" "第7期" "the newest issue is the front page"
cat >>"$TMP/n/content/activities/a.yaml" <<'EOF'
- title: 去年十二月活动
  date: 2025-12-10
EOF
build "$TMP/n/content" "$TMP/n/out"
has "$TMP/stderr" "warning: 2025年12月 is before the first issue printed (第5期, 2026年1月): an issue for it would renumber every issue printed, so it has none; to give it one and keep the printed numbers, set bulletin.first_issue to 4" \
	"old records before the first issue: a warning saying how first_issue settles it"
test ! -e "$TMP/n/out/bulletin/2025-12"
ok $? "and no issue until then"
sed -i 's/first_issue: 5/first_issue: 4/' "$TMP/n/content/site.yaml"
build "$TMP/n/content" "$TMP/n/out"
is "$(for m in 2025-12 2026-01 2026-03 2026-09; do number "$TMP/n/out/bulletin/$m/index.html"; done | tr '\n' ' ')" \
	"第4期 第5期 第6期 第7期 " "first_issue: 4 gives it 第4期, and the printed numbers stay"
hasnt "$TMP/stderr" "2025年12月" "without a warning"
build "$TMP/n/content" "$TMP/n/fresh"
is "$(for m in 2025-12 2026-01 2026-02 2026-03; do number "$TMP/n/fresh/bulletin/$m/index.html"; done | tr '\n' ' ')" \
	"第4期 第5期 第6期 第7期 " "a build with no numbers printed before numbers every issue in turn"

cat >"$TMP/n/content/site.yaml" <<'EOF'
name: 测试社区
bulletin:
  period: quarter
EOF
build "$TMP/n/content" "$TMP/n/out"
is "$(cd "$TMP/n/out/bulletin" && ls -d 20*/ | tr -d / | tr '\n' ' ')" "2025-q4 2026-q1 2026-q3 " \
	"period: quarter makes YYYY-qN issues"
is "$(number "$TMP/n/out/bulletin/2026-q3/index.html")" "第3期" "numbered in turn (the month numbers printed before do not count)"
has "$TMP/n/out/bulletin/2026-q3/index.html" "2026年第3季度" "and named so"
sed -i 's/period: quarter/period: week/' "$TMP/n/content/site.yaml"
build "$TMP/n/content" "$TMP/n/out"
is "$(cd "$TMP/n/out/bulletin" && ls -d 20*/ | tr -d / | tr '\n' ' ')" "2025-w50 2026-w02 2026-w07 2026-w11 2026-w37 " \
	"period: week makes YYYY-wNN issues by ISO week"
has "$TMP/n/out/bulletin/2026-w37/index.html" "2026年第37周" "named by week"
is "$(number "$TMP/n/out/bulletin/2026-w37/index.html")" "第5期" "and numbered in turn"
hasnt "$TMP/n/out/bulletin/index.html" 'class="qr"' "no QR code without base_url"

# --- words in every language ---------------------------------------------

copy tw
sed -i 's/^language: zh-CN/language: zh-TW/' "$TMP/tw/content/site.yaml"
build "$TMP/tw/content" "$TMP/tw/out"
has "$TMP/tw/out/bulletin/index.html" '"第" counter(page) "頁 共" counter(pages) "頁"' "zh-TW: 第1頁 共2頁"
has "$TMP/tw/out/bulletin/index.html" '活動回顧' "zh-TW: 活動回顧"
has "$TMP/tw/out/bulletin/index.html" 'Noto Sans CJK TC' "zh-TW prints with the TC fonts"
copy en
sed -i 's/^language: zh-CN/language: en/' "$TMP/en/content/site.yaml"
build "$TMP/en/content" "$TMP/en/out"
has "$TMP/en/out/bulletin/index.html" '"Page " counter(page) " of " counter(pages)' "en: Page 1 of 2"
has "$TMP/en/out/bulletin/index.html" 'No. 23' "en: No. 23"
has "$TMP/en/out/bulletin/index.html" 'What we did' "en: What we did"

# --- characters no font has -----------------------------------------------

copy g
story=$TMP/g/content/stories/2026-11-glyph.md
printf '%s\n' '---' 'title: 一个打不出来的字' 'date: 2026-11-20' '---' '' \
	"第一段有一个私用区的字：$(printf '\xee\x80\x80')。" '' '第二段没有问题。' >"$story"
cat >>"$TMP/g/content/activities/2026/10-11.yaml" <<EOF

- id: 2026-11-glyph
  title: 表情$(printf '\xf0\x9f\xab\xa8')活动
  date: 2026-11-23
EOF
line=$(grep -n '2026-11-glyph' "$TMP/g/content/activities/2026/10-11.yaml" | cut -d: -f1)
TODAY=2026-11-30 build "$TMP/g/content" "$TMP/g/out" # November has ended: its issue is printed
ok $? "a character no font has is not an error"
has "$TMP/stderr" "$story:6: warning: character '$(printf '\xee\x80\x80')' (U+E000) is in no installed font the bulletin uses; it would print as a blank box" \
	"but a warning naming the story's file and the line of the character"
has "$TMP/stderr" "10-11.yaml:$line: warning: character '$(printf '\xf0\x9f\xab\xa8')' (U+1FAE8) is in no installed font the bulletin uses" \
	"and the activity's file and line"
is "$(grep -c 'U+E000' "$TMP/stderr")" 1 "each reported once, though printed twice (the issue and the front page)"
TODAY=2026-11-30 build "$TMP/g/content" "$TMP/g/out2" --strict
is "$?" 1 "--strict makes it an error"
test ! -e "$TMP/g/out2"
ok $? "and nothing is written"

# --- --pdf without Chromium ------------------------------------------------

LINLI_CHROMIUM=$TMP/no-chromium build "$TOP/content" "$TMP/p" --pdf
is "$?" 1 "--pdf without Chromium fails"
has "$TMP/stderr" "Debian package chromium" "saying which package to install"
test ! -e "$TMP/p"
ok $? "and writes nothing"

done_testing
