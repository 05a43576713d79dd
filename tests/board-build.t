#!/bin/sh
# The noticeboard page as built: one self-contained file, its data as JSON
# that no title can break out of, and build.json whose id changes with the
# content and only with it.
. "$(dirname "$0")/lib.sh"

# data FILE: the page's embedded JSON (the text of #board-data).
data() {
	sed -n 's/.*<script type="application\/json" id="board-data">\(.*\)<\/script>.*/\1/p' "$1"
}
# build_id DIR: the id in DIR/board/build.json.
build_id() {
	sed -n 's/^{"build": "\([0-9a-f]*\)"}$/\1/p' "$1/board/build.json"
}

linli_build "$TOP/content" "$TMP/a"
ok $? "the example builds"
page=$TMP/a/board/index.html
[ -s "$page" ]
ok $? "board/index.html is written"
id=$(build_id "$TMP/a")
[ ${#id} -eq 16 ]
ok $? "board/build.json holds a 16-digit hex id ($id)"
has "$page" "<meta name=\"linli-build\" content=\"$id\">" "the page carries the same id"
[ "$(data "$page" | wc -l)" -eq 1 ]
ok $? "the data is one JSON line in #board-data"

# Self-contained: no stylesheet, script or image from elsewhere.
hasnt "$page" '<link rel="stylesheet"' "no external stylesheet"
hasnt "$page" '<script src' "no external script"
hasnt "$page" 'src="http' "nothing loaded from the network"
has "$page" '<style>' "the CSS is inline"
has "$page" '"src":"../media/2026/fire-drill-1600.jpg"' "photos by relative path, at the size that fits the screen"
has "$page" '"url":"https://xingfuli.example.org/stories/2026-11-08/index.html"' \
	"the story's address online, for its QR code"
has "$page" '"qr":"\u003csvg' "the QR code is inline SVG, escaped in the JSON"
has "$page" '"name":"陈*强"' "leaderboard names are masked"
hasnt "$page" '陈志强","points"' "no full name on the leaderboard"

# Reproducible: the same content gives the same page and id.
linli_build "$TOP/content" "$TMP/b"
cmp -s "$page" "$TMP/b/board/index.html"
ok $? "a second build writes the same page"
is "$(build_id "$TMP/b")" "$id" "and the same id"

# Any change to what the board shows gives a new id.
cp -R "$TOP/content" "$TMP/c"
sed 's/^  seconds_per_slide: 12/  seconds_per_slide: 15/' "$TOP/content/site.yaml" \
	>"$TMP/c/site.yaml"
linli_build "$TMP/c" "$TMP/c-out"
ok $? "a changed site.yaml builds"
[ "$(build_id "$TMP/c-out")" != "$id" ] && [ -n "$(build_id "$TMP/c-out")" ]
ok $? "a changed setting changes the id"

# Orientation from site.yaml.
sed 's/^  orientation: landscape/  orientation: portrait/' "$TOP/content/site.yaml" \
	>"$TMP/c/site.yaml"
linli_build "$TMP/c" "$TMP/c-out"
has "$TMP/c-out/board/index.html" '<html lang="zh-CN" class="portrait">' \
	"board.orientation: portrait"
has "$TMP/c-out/board/index.html" '"orientation":"portrait"' "and in the data"

# A title that tries to end the script element, open a comment or split
# the line: escaped as \u003c etc., never raw inside the JSON.
cp -R "$TOP/content" "$TMP/d"
ls2028=$(printf '\342\200\250')
cat >>"$TMP/d/activities/2027/01.yaml" <<EOF

- id: 2027-01-evil
  title: '</script><!-- <b>&${ls2028}'
  date: 2027-01-31
  status: planned
EOF
linli_build "$TMP/d" "$TMP/d-out"
ok $? "a title with </script> builds"
json=$(data "$TMP/d-out/board/index.html")
case $json in
*'<'* | *'>'* | *'&'* | *"$ls2028"*) ok 1 "the JSON holds no < > & or U+2028" ;;
*) ok 0 "the JSON holds no < > & or U+2028" ;;
esac
has "$TMP/d-out/board/index.html" \
	'"title":"\u003c/script\u003e\u003c!-- \u003cb\u003e\u0026\u2028"' \
	"the title is escaped as \\u003c, \\u0026, \\u2028"
[ "$(grep -c '</script>' "$TMP/d-out/board/index.html")" -eq 2 ]
ok $? "the page has exactly its own two </script> tags"

# No base_url: the story is shown without a QR code.
grep -v '^base_url:' "$TOP/content/site.yaml" >"$TMP/d/site.yaml"
linli_build "$TMP/d" "$TMP/e"
ok $? "a site without base_url builds"
hasnt "$TMP/e/board/index.html" '"qr":' "no QR code without base_url"
has "$TMP/e/board/index.html" '"story":{"title":' "the story is still there"

# The JSON parses (when node is here).
if command -v node >/dev/null 2>&1; then
	data "$TMP/d-out/board/index.html" | node -e '
		let s = "";
		process.stdin.on("data", d => s += d).on("end", () => {
			const j = JSON.parse(s);
			const t = j.planned.find(a => a.title.startsWith("</script>"));
			process.exit(t && t.title === "</script><!-- <b>&\u2028" ? 0 : 1);
		});'
	ok $? "the JSON parses back to the title as written"
fi

done_testing
