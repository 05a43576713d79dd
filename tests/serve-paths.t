#!/usr/bin/env bash
# linli serve answers only for what is inside the site: '..' in any
# spelling, encoded slashes and links that lead outside are refused (403 or
# 404) and never show the file; types carry charset=utf-8 for text; a
# folder is its index.html, reached by a redirect to the slash; a missing
# page is the site's 404 page with status 404; the default port is 1313 or
# the next free one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

mkdir -p "$TMP/site" && cp -R "$TOP/content" "$TMP/site/content"
cd "$TMP/site" || exit 1
start_serve "$TMP/log" -C content -o out -p 0 --theme "$TOP/themes/default"
ok $? "serve starts"
wait_for / "幸福里社区" 10
ok $? "the home page is served"

# Links planted in the built folder, one to a file and one to a folder
# outside it, and a secret beside the site.
echo "secret-beside-the-site" >"$TMP/site/secret.txt"
ln -s /etc/passwd out/passwd.html
ln -s /etc out/etc-link
ln -s "$TMP/site/secret.txt" out/secret.txt
for path in /../etc/passwd /../../../../etc/passwd /%2e%2e/ /%2e%2e/%2e%2e/etc/passwd \
	/.%2e/secret.txt /%2E%2E/secret.txt /..%2fsecret.txt /activities%2f..%2f..%2fsecret.txt \
	/passwd.html /etc-link/passwd /etc-link/ /secret.txt /%00 /.linli; do
	code=$(status "$path")
	case $code in 403 | 404) ok 0 "$path is refused ($code)" ;; *) ok 1 "$path is refused (got $code)" ;; esac
	body=$(curl -s --path-as-is "${serve_url%/}$path")
	case $body in *root:* | *secret-beside-the-site*) ok 1 "$path shows nothing from outside" ;;
		*) ok 0 "$path shows nothing from outside" ;; esac
done

ctype() { curl -s -o /dev/null -w '%{content_type}' "${serve_url%/}$1"; }
is "$(ctype /index.html)" "text/html; charset=utf-8" "HTML is text/html; charset=utf-8"
css=$(cd out && ls assets/*.css 2>/dev/null | head -1)
is "$(ctype "/$css")" "text/css; charset=utf-8" "CSS is text/css; charset=utf-8"
is "$(ctype /feed.xml)" "application/xml; charset=utf-8" "the feed is XML in UTF-8"
is "$(ctype /calendar.ics)" "text/calendar; charset=utf-8" "the calendar is text/calendar in UTF-8"
jpg=$(cd out && find media -name '*.jpg' | head -1)
webp=$(cd out && find media -name '*.webp' | head -1)
is "$(ctype "/$jpg")" "image/jpeg" "a JPEG photo is image/jpeg ($jpg)"
is "$(ctype "/$webp")" "image/webp" "a WebP photo is image/webp"
is "$(curl -s "${serve_url%/}/$jpg" | sha256sum)" "$(sha256sum <"out/$jpg")" "a file is served byte for byte"

is "$(status /activities)" 301 "a folder without its slash redirects"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "${serve_url%/}/activities")
is "$loc" "${serve_url}activities/" "to the folder with the slash"
is "$(status /activities/)" 200 "a folder is its index.html"
is "$(status /no/such/page)" 404 "a missing page is 404"
curl -s "${serve_url%/}/no/such/page" >"$TMP/404"
has "$TMP/404" "$(grep -o '<title>[^<]*' out/404.html | head -1)" "and is the site's 404 page"
is "$(curl -s -o /dev/null -w '%{http_code}' -X POST "${serve_url%/}/")" 405 "POST is not allowed"
is "$(curl -s -I -o /dev/null -w '%{http_code}' "${serve_url%/}/index.html")" 200 "HEAD works"

# No -p: 1313, or the next free port when it is taken.
start_serve "$TMP/log2" -C content -o "$TMP/out2" --theme "$TOP/themes/default"
ok $? "a second server starts without -p"
p1=${serve_url##*:}; p1=${p1%/}
start_serve "$TMP/log3" -C content -o "$TMP/out3" --theme "$TOP/themes/default"
ok $? "and a third"
p2=${serve_url##*:}; p2=${p2%/}
ok $((p1 < 1313 || p1 > 1332)) "the default port is 1313 or one of the next ($p1)"
ok $((p2 == p1 || p2 < 1313 || p2 > 1332)) "a taken port moves on to a free one ($p2)"

# A port asked for with -p that is taken is an error, not a surprise port.
"$LINLI" serve -C content -o "$TMP/out4" -p "$p1" >"$TMP/log4" 2>&1
is "$?" 1 "-p with a port in use exits 1"
has "$TMP/log4" "port $p1" "and names the port"
"$LINLI" serve -C content -p 70000 2>/dev/null
is "$?" 2 "-p 70000 is a usage error"
"$LINLI" serve -C content -p 0 --bind 10.254.254.254 >"$TMP/log5" 2>&1
is "$?" 1 "--bind with an address this computer does not have exits 1"
has "$TMP/log5" "not an address of this computer" "and says so"

stop_servers
for f in "$TMP"/log*.err; do
	grep -q "ERROR: AddressSanitizer\|runtime error" "$f" && ok 1 "no sanitizer report in $f"
done
ok 0 "no sanitizer report"

done_testing
