#!/usr/bin/env bash
# A community of 100,000 activities (tests/gen-community): no HTML page of
# the output is over 200 KB; sitemap.xml is an index of sitemap files of at
# most 50,000 addresses each; every address in them is a file of out/, and
# every HTML page but 404.html and the noticeboard is listed.
# Slow (a minute or more): run by make check-slow, not make check.
. "$(dirname "$0")/../lib.sh"

/usr/bin/python3 "$TOP/tests/gen-community" "$TMP/c" 100000
ok $? "a community of 100,000 activities is generated"
"$LINLI" build -q -C "$TMP/c" -o "$TMP/out" --today "$TODAY" 2>"$TMP/err"
ok $? "it builds"
sed 's/^/# /' "$TMP/err" | head -5
out=$TMP/out

find "$out" -name '*.html' -size +200000c >"$TMP/big"
is "$(wc -l <"$TMP/big")" 0 "no HTML page is over 200 KB"
head -5 "$TMP/big" | sed 's/^/#   /'
largest=$(find "$out" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
echo "# the largest page: $largest"

has "$out/sitemap.xml" '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \
	"sitemap.xml is a sitemap index"
grep -o '<loc>[^<]*</loc>' "$out/sitemap.xml" | sed 's#<loc>https://scale.example.org/##; s#</loc>##' >"$TMP/files"
n=$(wc -l <"$TMP/files")
ok $((n < 2)) "it names $n sitemap files"
: >"$TMP/urls"
over=0
while read -r f; do
	test -f "$out/$f" || { ok 1 "$f exists"; continue; }
	c=$(grep -c '<url>' "$out/$f")
	[ "$c" -le 50000 ] || over=$((over + 1))
	grep -o '<loc>[^<]*</loc>' "$out/$f" | sed 's#<loc>https://scale.example.org/##; s#</loc>##' >>"$TMP/urls"
done <"$TMP/files"
is "$over" 0 "every sitemap file holds at most 50,000 addresses"
missing=0
while read -r u; do
	test -f "$out/$u" || { missing=$((missing + 1)); [ $missing -le 3 ] && echo "#   missing: $u"; }
done <"$TMP/urls"
is "$missing" 0 "every one of the $(wc -l <"$TMP/urls") addresses is a file of out/"
(cd "$out" && find . -name '*.html' ! -path './board/*' ! -name 404.html | sed 's#^\./##' | sort) >"$TMP/pages"
sort "$TMP/urls" >"$TMP/listed"
is "$(comm -23 "$TMP/pages" "$TMP/listed" | wc -l)" 0 "every page is in the sitemap"
comm -23 "$TMP/pages" "$TMP/listed" | head -3 | sed 's/^/#   /'
is "$(grep -c 'activities/2020/page/' "$TMP/listed")" "$(ls "$out/activities/2020/page" | wc -l)" \
	"with the pages of long lists"
has "$out/robots.txt" "Sitemap: https://scale.example.org/sitemap.xml" "robots.txt names the sitemap"
done_testing
