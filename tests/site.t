#!/usr/bin/env bash
# The website: every page kind in each language with that language's words
# and dates, byte-identical rebuilds, no private roster data, hostile text
# escaped everywhere, and the feed, calendar and sitemap.
. "$(dirname "$0")/lib.sh"

# SITE_THEME: another theme folder to build with (while developing).
THEME_ARGS=()
[ -n "${SITE_THEME:-}" ] && THEME_ARGS=(--theme "$SITE_THEME")

# content_in LANG DIR: a copy of the example whose site.yaml says LANG.
content_in() {
	mkdir -p "$2" && cp -R "$TOP/content/." "$2/"
	sed -i "s/^language:.*/language: $1/" "$2/site.yaml"
}

# The example's data, read from its files rather than written down here.
act_file="$TOP/content/activities/2026/10-11.yaml"
act_id=2026-11-flu-clinic
act_date=$(awk -v id="$act_id" '$0 ~ "id: " id {f=1} f && /date:/ {print $2; exit}' "$act_file")
story_id=2026-09-midautumn
team_id=heshilao
year=${act_date%%-*}

# The long date of act_date in each language, worked out with date(1).
zh_weekdays=(星期一 星期二 星期三 星期四 星期五 星期六 星期日)
zh_long="$(date -u -d "$act_date" +%Y年%-m月%-d日) ${zh_weekdays[$(($(date -u -d "$act_date" +%u) - 1))]}"
en_long=$(LC_ALL=C date -u -d "$act_date" '+%A, %-d %B %Y')

pages="index.html activities/index.html activities/$year/index.html
activities/$act_id/index.html categories/index.html teams/index.html
teams/$team_id/index.html stories/index.html stories/$story_id/index.html
honours/index.html 404.html feed.xml calendar.ics sitemap.xml"

for lang in zh-CN zh-TW en; do
	content_in "$lang" "$TMP/c-$lang"
	linli_build "$TMP/c-$lang" "$TMP/o-$lang" "${THEME_ARGS[@]}"
	ok $? "$lang: the example builds"
	out="$TMP/o-$lang"
	missing=""
	for p in $pages; do
		[ -s "$out/$p" ] || missing="$missing $p"
	done
	is "$missing" "" "$lang: every page kind is written"
	ls "$out"/categories/c-????????/index.html >/dev/null 2>&1
	ok $? "$lang: category pages live at categories/c-XXXXXXXX/"
	has "$out/index.html" "<html lang=\"$lang\">" "$lang: pages say their language"
	case $lang in
	zh-CN) nav=">团队</a>" date=$zh_long other=">團隊</a>" ;;
	zh-TW) nav=">團隊</a>" date=$zh_long other=">团队</a>" ;;
	en) nav=">Teams</a>" date=$en_long other=">团队</a>" ;;
	esac
	has "$out/activities/$act_id/index.html" "$nav" "$lang: the navigation is in $lang"
	hasnt "$out/activities/$act_id/index.html" "$other" "$lang: and in no other language"
	has "$out/activities/$act_id/index.html" "$date" "$lang: the date reads '$date'"
	has "$out/activities/$year/index.html" "$date" "$lang: on the year's page too"
done

# Two builds of the same content on the same day are the same bytes.
linli_build "$TOP/content" "$TMP/r1" "${THEME_ARGS[@]}" &&
	linli_build "$TOP/content" "$TMP/r2" "${THEME_ARGS[@]}"
ok $? "the example builds twice"
diff -r "$TMP/r1" "$TMP/r2" >"$TMP/diff" 2>&1
ok $? "two builds with the same --today are byte-identical"
head -5 "$TMP/diff" | sed 's/^/#   /'

# No phone number of the roster reaches any output.
out=$TMP/r1
col=$(head -1 "$TOP/content/data/roster.csv" | tr -d '\r\357\273\277' |
	tr ',' '\n' | grep -nxiE '电话|電話|phone' | cut -d: -f1)
tail -n +2 "$TOP/content/data/roster.csv" | cut -d, -f"$col" | tr -d '\r "' |
	grep -E '[0-9]{5}' >"$TMP/phones"
n=$(wc -l <"$TMP/phones")
ok $((n < 5)) "the roster has $n phone numbers to look for"
grep -rlF -f "$TMP/phones" "$out" >"$TMP/leaks"
is "$(wc -l <"$TMP/leaks")" 0 "no roster phone number appears in out/"
head -3 "$TMP/leaks" | sed 's/^/#   /'

# The feed, the calendar, the sitemap.
has "$out/feed.xml" '<feed xmlns="http://www.w3.org/2005/Atom"' "feed.xml is Atom"
has "$out/feed.xml" "<id>tag:linli,2024:s-" "with tag: ids, as without base_url"
has "$out/feed.xml" "href=\"https://xingfuli.example.org/stories/$story_id/index.html\"" \
	"and absolute links under base_url"
is "$(grep -c '<entry>' "$out/feed.xml")" 50 "and the newest 50 entries"
cal=$out/calendar.ics
is "$(LC_ALL=C grep -c $'[^\r]$' "$cal")" 0 "every calendar line ends in CRLF"
is "$(LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) n++ } END { print n + 0 }' "$cal")" 0 \
	"no calendar line is longer than 75 octets"
planned=$(grep -hE '^[[:space:]-]*status:[[:space:]]*planned' -r "$TOP/content/activities" | wc -l)
is "$(grep -c '^BEGIN:VEVENT' "$cal")" "$planned" "one event per planned activity"
has "$cal" $'DTSTART;TZID=Asia/Shanghai:20261205T143000\r' "timed events carry the site's zone"
is "$(grep -c '^UID:[a-z0-9-]*@[0-9a-f]\{16\}\.linli'$'\r''$' "$cal")" "$planned" \
	"UIDs are ID@HASH.linli, one per event"
is "$(grep '^UID:' "$cal" | sort -u | wc -l)" "$planned" "and all different"
has "$cal" $'DTSTAMP:20261125T000000Z\r' "DTSTAMP is today"
has "$out/sitemap.xml" "<loc>https://xingfuli.example.org/teams/$team_id/index.html</loc>" \
	"sitemap.xml lists pages by absolute address"

# An internationalised address: the host in Punycode, the path
# percent-encoded, wherever machines read it.
mkdir -p "$TMP/idn" && cp -R "$TOP/content/." "$TMP/idn/"
sed -i 's#^base_url:.*#base_url: https://幸福里.中国/社区/#' "$TMP/idn/site.yaml"
linli_build "$TMP/idn" "$TMP/o-idn" "${THEME_ARGS[@]}"
ok $? "the example builds with a Chinese base_url"
has "$TMP/o-idn/sitemap.xml" "<loc>https://xn--lwty61d49q.xn--fiqs8s/%E7%A4%BE%E5%8C%BA/index.html</loc>" \
	"its sitemap names pages by the ASCII address"
has "$TMP/o-idn/robots.txt" "Sitemap: https://xn--lwty61d49q.xn--fiqs8s/%E7%A4%BE%E5%8C%BA/sitemap.xml" \
	"and so does robots.txt"
has "$TMP/o-idn/404.html" 'href="/%E7%A4%BE%E5%8C%BA/assets/site.css"' "404.html starts from the address's path"

# Without base_url: no sitemap, and tag: ids.
mkdir -p "$TMP/nobase" && cp -R "$TOP/content/." "$TMP/nobase/"
sed -i '/^base_url:/d' "$TMP/nobase/site.yaml"
linli_build "$TMP/nobase" "$TMP/o-nobase" "${THEME_ARGS[@]}"
ok $? "the example builds without base_url"
test ! -e "$TMP/o-nobase/sitemap.xml"
ok $? "and writes no sitemap"
has "$TMP/o-nobase/feed.xml" "<id>tag:linli,2024:s-" "and its feed ids are tag: URIs"
has "$TMP/o-nobase/feed.xml" "href=\"stories/$story_id/index.html\"" "with relative links"

# Hostile text: a team name, an activity title and place, a story title and
# body full of markup, quotes and a javascript: link.
evil='<script>alert(1)</script> "dq" '"'"'sq'"'"' & [link](javascript:alert(1))'
yevil=$(printf '%s' "$evil" | sed 's/\\/\\\\/g; s/"/\\"/g')
h=$TMP/hostile
mkdir -p "$h" && cp -R "$TOP/content/." "$h/"
grep -v '^name:' "$TOP/content/teams/$team_id.yaml" >"$h/teams/$team_id.yaml"
printf 'name: "%s"\n' "$yevil" >>"$h/teams/$team_id.yaml"
# The service log names the team by its name: keep it pointing there.
sed -i "s/$(sed -n 's/^name: //p' "$TOP/content/teams/$team_id.yaml")/$team_id/g" "$h"/data/*.csv
cat >"$h/activities/hostile.yaml" <<EOF
- id: hostile
  title: "$yevil"
  date: 2026-11-23
  location: "$yevil"
  category: "$yevil"
  teams: [$team_id]
  summary: "$yevil"
EOF
cat >"$h/stories/hostile.md" <<EOF
---
title: "$yevil"
id: hostile
date: 2026-11-23
teams: [$team_id]
source: "$yevil"
source_url: "https://example.org/?a=1&b=2"
---

$evil

<script>alert(2)</script>

[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>
EOF
linli_build "$h" "$TMP/o-hostile" "${THEME_ARGS[@]}"
ok $? "a tree full of markup builds"
cat "$TMP/stderr" | head -5 | sed 's/^/#   /'
oh=$TMP/o-hostile
esc='&lt;script&gt;alert(1)&lt;/script&gt; &quot;dq&quot; &#39;sq&#39; &amp;'
for p in index.html activities/hostile/index.html activities/$year/index.html \
	teams/$team_id/index.html teams/index.html stories/hostile/index.html \
	stories/index.html; do
	has "$oh/$p" "$esc" "$p shows the hostile text escaped"
done
grep -rlF --include='*.html' --include='*.xml' '<script>alert' "$oh" >"$TMP/raw"
is "$(wc -l <"$TMP/raw")" 0 "no HTML or XML file of out/ holds a raw <script>alert"
head -3 "$TMP/raw" | sed 's/^/#   /'
grep -rliE --include='*.html' '(href|src)=["'"'"']?[[:space:]]*javascript:' "$oh" >"$TMP/js"
is "$(wc -l <"$TMP/js")" 0 "no file of out/ links to javascript:"
head -3 "$TMP/js" | sed 's/^/#   /'
has "$oh/feed.xml" '&lt;script&gt;alert(1)&lt;/script&gt;' "the feed escapes it too"
has "$oh/stories/hostile/index.html" 'href="https://example.org/?a=1&amp;b=2"' \
	"a source_url is escaped in its attribute"
grep -q 'hostile@' "$oh/calendar.ics"
ok $((! $?)) "a done activity is not in the calendar"

done_testing
