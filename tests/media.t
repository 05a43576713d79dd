#!/usr/bin/env bash
# Photos and files in media/: only what records use is published; photos
# through libvips at 480/960/1600 px as JPEG and WebP, upright, with no
# metadata; bad ones warned by path and left out (errors under --strict);
# SVG rasterised, never copied; the cache: a second build decodes nothing,
# a killed build leaves a usable cache, the output is the same with or
# without it, `linli clean` empties it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/media-make.sh"

for tool in convert exiftool vipsheader; do
	command -v $tool >/dev/null || skip_all "$tool is not installed"
done

c=$TMP/c
make_media_tree "$c"
out=$TMP/out
cache=$TMP/.linli-cache

"$LINLI" build -C "$c" -o "$out" --today "$TODAY" >"$TMP/stdout" 2>"$TMP/stderr"
is $? 0 "a build with bad photos succeeds (they are warnings)"
has "$TMP/stdout" "6 photos processed (0 from the cache)" "the summary counts the photos made (bad ones too)"
m=$out/media/2024

# Sizes: never enlarged, the orientation applied.
for w in 480 960 1600; do
	for f in jpg webp; do
		[ -s "$m/photo-$w.$f" ]
		ok $? "photo-$w.$f published"
	done
	is "$(vipsheader -f width "$m/photo-$w.jpg")" "$w" "photo-$w.jpg is $w px wide"
done
h=$(vipsheader -f height "$m/photo-1600.jpg")
is "$h" 2133 "the orientation tag is applied: 4000x3000 shown upright is portrait (1600x2133)"
for w in 480 800; do
	[ -s "$m/合影 1-$w.jpg" ] && [ -s "$m/合影 1-$w.webp" ]
	ok $? "the 800 px PNG at $w px"
done
[ ! -e "$m/合影 1-960.jpg" ] && [ ! -e "$m/合影 1-1600.jpg" ]
ok $? "an 800 px picture is never enlarged"
[ -s "$m/evil-1600.jpg" ]
ok $? "the SVG is published as a picture (rasterised)"

# Nothing private: no metadata block in any published image.
meta=$(find "$out" -name '*.jpg' -o -name '*.webp' -o -name '*.png' | while read -r f; do
	exiftool -a -G1 -s "$f" | grep -E '^\[(EXIF|IFD0|IFD1|ExifIFD|GPS|XMP|XMP-[a-z]+|IPTC|ICC_Profile|ICC-header|Photoshop|MakerNotes|Apple)\]|Comment' |
		sed "s|^|$f: |"
done)
is "$meta" "" "no EXIF, GPS, XMP, IPTC, ICC or comment in any published image"
exiftool -s -GPSLatitude -Model "$c/media/2024/photo.jpg" | grep -q 'iPhone'
ok $? "(the source photo did carry them)"

# Pages: <picture> with srcset, width and height, URLs percent-encoded.
page=$out/activities/pics/index.html
has "$page" 'srcset="../../media/2024/photo-480.jpg 480w, ../../media/2024/photo-960.jpg 960w, ../../media/2024/photo-1600.jpg 1600w"' "JPEG srcset in the page"
has "$page" 'type="image/webp" srcset="../../media/2024/photo-480.webp 480w' "WebP source in the page"
has "$page" 'width="1600" height="2133"' "width and height of the upright photo"
has "$page" '../../media/2024/%E5%90%88%E5%BD%B1%201-800.jpg' "a name with CJK and a space is percent-encoded"
story=$out/stories/s/index.html
has "$story" 'src="../../media/2024/%E5%90%88%E5%BD%B1%201-800.jpg"' "a story's image resolves from the story's page"
has "$story" 'href="../../media/2024/ok.pdf"' "a story's link to a PDF resolves from the story's page"
[ -s "$m/ok.pdf" ]
ok $? "the linked PDF is published"

# Bad files: warned by path, left out, no crash.
has "$TMP/stderr" "'media/2024/trunc.jpg' is damaged or cut short" "a truncated JPEG is warned by path"
has "$TMP/stderr" "'media/2024/bomb.png' is larger than 200 megapixels" "a decompression bomb is refused from its header"
has "$TMP/stderr" "'media/2024/fake.jpg' is not an image" "text named .jpg is not an image"
has "$TMP/stderr" "'media/page.html' is not published" "an .html linked from a story is a warning"
has "$TMP/stderr" "link 'missing.pdf' does not exist" "a story's missing link is a warning"
hasnt "$page" "trunc" "the page is built without the truncated photo"
hasnt "$page" "bomb" "... and without the bomb"

# Active content and private files never reach out/. (favicon.svg is
# linli's own drawing of the name's first character, escaped, no script.)
found=$(find "$out" \( -name '*.svg' ! -path "$out/favicon.svg" -o -name '*.html' -path '*/media/*' -o -name '*.js' -path '*/media/*' \
	-o -name 'roster.xlsx' -o -name 'notes.txt' -o -name 'page.html' -o -name 'trunc*' -o -name 'bomb*' \) -print)
is "$found" "" "no SVG, HTML, script, unused spreadsheet or text file, or bad photo in out/"
grep -rl --include='*' -e '<script' -e 'onload' "$out/media" >"$TMP/scripts"
is "$(cat "$TMP/scripts")" "" "no script in any published media file"
hasnt "$story" "page.html" "the link to the .html is dropped (its text stays)"
has "$story" "网页" "... and its text stays"

# linli check lists what no record uses.
"$LINLI" check -C "$c" --today "$TODAY" >"$TMP/check" 2>&1
has "$TMP/check" "2 files no record uses (not published)" "check counts the unused files"
has "$TMP/check" "$c/media/notes.txt" "check lists notes.txt"
has "$TMP/check" "$c/media/roster.xlsx" "check lists roster.xlsx"
hasnt "$TMP/check" "$c/media/2024/ok.pdf" "a linked file is used"

# --strict: the bad photos are errors and out/ stays as it was.
before=$(tree_digest "$out")
st=$TMP/strict
make_media_tree "$st"
rm "$st/stories/2024/s.md"
sed -i '/bomb\|fake\|evil\|合影/d' "$st/activities/2024.yaml"
"$LINLI" build -q -C "$st" -o "$out" --today "$TODAY" --strict 2>"$TMP/stderr"
is $? 1 "--strict: a bad photo fails the build"
has "$TMP/stderr" "'media/2024/trunc.jpg' is damaged" "--strict: the bad photo is named by path"
is "$(tree_digest "$out")" "$before" "--strict: out/ is unchanged"

# The cache: nothing decoded again; the same bytes without it. (Into a
# new folder beside out/, with the same cache: a rebuild of out/ itself
# with nothing changed is a no-op and looks at no image.)
rm -rf "$TMP/out2" "$TMP/out2".linli-*
"$LINLI" build -C "$c" -o "$TMP/out2" --today "$TODAY" >"$TMP/stdout" 2>/dev/null
has "$TMP/stdout" "0 photos processed (6 from the cache)" "a second build processes no image"
is "$(tree_digest "$out")" "$before" "... and writes the same files"
"$LINLI" build -q -C "$c" -o "$TMP/out2" --cache "$TMP/fresh" --today "$TODAY" 2>/dev/null
is "$(tree_digest "$TMP/out2")" "$before" "a build with an empty cache writes the same bytes (deterministic)"
[ -f "$TMP/fresh/CACHEDIR.TAG" ]
ok $? "--cache DIR is used and tagged"
"$LINLI" clean -o "$out" >"$TMP/stdout"
is $? 0 "linli clean succeeds"
is "$(ls -A "$cache")" "CACHEDIR.TAG" "linli clean empties the cache beside out/"
rm -rf "$TMP/out2" "$TMP/out2".linli-*
"$LINLI" build -C "$c" -o "$TMP/out2" --today "$TODAY" >"$TMP/stdout" 2>/dev/null
has "$TMP/stdout" "6 photos processed (0 from the cache)" "after clean, every photo is made again"
mkdir -p "$TMP/notours" && echo x >"$TMP/notours/file"
"$LINLI" clean --cache "$TMP/notours" 2>"$TMP/stderr"
is $? 1 "clean refuses a folder that is not linli's cache"
[ -f "$TMP/notours/file" ]
ok $? "... and removes nothing there"

# A build killed while it makes photos leaves a cache the next one uses.
k=$TMP/k
make_media_tree "$k"
for i in 1 2 3 4 5 6 7 8; do
	convert -size 4000x3000 "gradient:#$((i * 111 % 900 + 100))000-#0000ff" \
		-quality 90 "$k/media/2024/more-$i.jpg"
	printf '    - media/2024/more-%d.jpg\n' "$i" >>"$k/activities/2024.yaml"
done
"$LINLI" build -q -C "$k" -o "$TMP/kout" --cache "$TMP/kcache" --today "$TODAY" 2>/dev/null &
pid=$!
for _ in $(seq 1 400); do
	n=$(find "$TMP/kcache" -mindepth 2 -maxdepth 2 -name index -not -path '*/tmp-*' 2>/dev/null | wc -l)
	[ "$n" -ge 2 ] && break
	sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
bad=$(for e in "$TMP/kcache"/*/; do
	case $(basename "$e") in tmp-*) continue ;; esac
	[ -f "$e/index" ] || echo "$e"
done)
is "$bad" "" "a killed build leaves no entry without its index (only tmp-* folders)"
"$LINLI" build -C "$k" -o "$TMP/kout" --cache "$TMP/kcache" --today "$TODAY" >"$TMP/stdout" 2>/dev/null
is $? 0 "the next build succeeds"
grep -q '[0-9]* photos\? processed ([1-9][0-9]* from the cache)' "$TMP/stdout"
ok $? "... using what the killed build finished ($(grep "photos\? processed" "$TMP/stdout"))"
is "$(ls -d "$TMP/kcache"/tmp-* 2>/dev/null)" "" "... and removes the killed build's temporary entries"
"$LINLI" build -q -C "$k" -o "$TMP/kout2" --cache "$TMP/kcache2" --today "$TODAY" 2>/dev/null
is "$(tree_digest "$TMP/kout")" "$(tree_digest "$TMP/kout2")" "... and its output equals a cold build's"

# A symbolic link in media/ is refused, even one pointing inside.
s=$TMP/s
make_media_tree "$s"
ln -sf photo.jpg "$s/media/2024/link.jpg"
sed -i 's|    - media/2024/fake.jpg|    - media/2024/link.jpg|' "$s/activities/2024.yaml"
"$LINLI" build -q -C "$s" -o "$TMP/sout" --cache "$cache" --today "$TODAY" 2>"$TMP/stderr"
has "$TMP/stderr" "'media/2024/link.jpg' is a symbolic link" "a symbolic link in media/ is not followed"
[ ! -e "$TMP/sout/media/2024/link-480.jpg" ]
ok $? "... and nothing is published for it"

# HEIC from an iPhone: published where this libvips reads it, else a
# clear warning.
hc=$TMP/heic
make_media_tree "$hc"
printf '    - media/2024/iphone.heic\n' >>"$hc/activities/2024.yaml"
vips copy "$hc/media/2024/photo.jpg" "$hc/media/2024/iphone.heic" 2>/dev/null
"$LINLI" build -q -C "$hc" -o "$TMP/hout" --cache "$cache" --today "$TODAY" 2>"$TMP/stderr"
if vipsheader "$hc/media/2024/iphone.heic" >/dev/null 2>&1; then
	[ -s "$TMP/hout/media/2024/iphone-960.jpg" ] && [ -s "$TMP/hout/media/2024/iphone-960.webp" ]
	ok $? "a HEIC photo is published as JPEG and WebP (this libvips reads HEIC)"
	hasnt "$TMP/stderr" "iphone.heic" "... without a warning"
else
	has "$TMP/stderr" "'media/2024/iphone.heic' is a HEIC or AVIF photo that this computer's libvips cannot decode" \
		"a HEIC photo this libvips cannot read is a clear warning"
fi

done_testing
