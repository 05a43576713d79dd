#!/usr/bin/env bash
# linli serve: edit, save, and see it. A changed title is served within
# 2 seconds; broken YAML leaves the last good page served with an error
# banner naming the file and line; fixing it takes the banner away. New
# folders are watched, a burst of saves is one build, and the reload script
# is only ever in what is served, never in out/.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

mkdir -p "$TMP/site" && cp -R "$TOP/content" "$TMP/site/content"
cd "$TMP/site" || exit 1
act=content/activities/2026/10-11.yaml
page=/activities/2026-10-chongyang/

start_serve "$TMP/log" -C content -o out -p 0 --theme "$TOP/themes/default"
ok $? "serve starts and prints its address"
case $serve_url in http://127.0.0.1:*) ok 0 "it listens on 127.0.0.1" ;; *) ok 1 "it listens on 127.0.0.1" ;; esac
wait_for "$page" "重阳节长者集体生日会" 5
ok $? "an activity's page is served"
has "$TMP/page" "EventSource" "with the reload script"
test -f out/activities/2026-10-chongyang/index.html
ok $? "the page is built in out/"
hasnt out/activities/2026-10-chongyang/index.html "EventSource" "without the reload script"

# An editor's save: a temporary file renamed over the old one.
sed 's/title: 重阳节长者集体生日会/title: 重阳节长者生日会（已改）/' "$act" >"$act.tmp$$"
mv "$act.tmp$$" "$act"
t0=$(date +%s%N)
wait_for "$page" "重阳节长者生日会（已改）" 10
ok $? "the new title is served after the save"
ms=$((($(date +%s%N) - t0) / 1000000))
ok $((ms > 2000)) "within 2 seconds (${ms} ms)"
hasnt "$TMP/page" "linli-serve-error" "with no error banner"

# Broken YAML, written in place.
good=$(cat "$act")
printf '%s\n' "$good" | sed '2s/title: .*/title: [重阳节/' >"$act"
wait_for "$page" "linli-serve-error" 10
ok $? "a broken file puts an error banner on the page"
has "$TMP/page" "content/activities/2026/10-11.yaml:2:" "naming the file and line"
has "$TMP/page" "重阳节长者生日会（已改）" "while the last good page is still served"
wait_for /teams/ "linli-serve-error" 2
ok $? "the banner is on every page"
grep -q "10-11.yaml:2:.*error" "$TMP/log.err"
ok $? "and the problem is printed in the terminal"
test -f out/index.html && hasnt out/index.html "linli-serve-error" "out/ holds no banner"

printf '%s\n' "$good" >"$act"
wait_gone "$page" "linli-serve-error" 10
ok $? "fixing the file takes the banner away"
has "$TMP/page" "重阳节长者生日会（已改）" "and the page is as it should be"

# A new folder with a file in it: watched as it appears.
mkdir content/activities/new-folder
printf -- '- id: new-folder-test\n  title: 新文件夹里的活动\n  date: 2027-01-05\n  status: planned\n' \
	>content/activities/new-folder/new.yaml
wait_for /activities/new-folder-test/ "新文件夹里的活动" 10
ok $? "an activity in a new folder is built and served"

# A burst of saves is one build (or at most two when the machine is slow).
before=$(grep -c "building again" "$TMP/log")
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf '%s\n# save %s\n' "$good" "$i" >"$act"
done
sleep 2
wait_for "$page" "重阳节长者生日会（已改）" 10
after=$(grep -c "building again" "$TMP/log")
n=$((after - before))
ok $((n < 1 || n > 2)) "ten quick saves make one build, not ten ($n)"

# Scratch files of editors and office programs are not changes.
before=$(grep -c "building again" "$TMP/log")
touch content/.site.yaml.swp 'content/data/~$service.xlsx' content/activities/2026/10-11.yaml~
sleep 1
is "$(grep -c "building again" "$TMP/log")" "$before" "editor scratch files start no build"

kill "$serve_pid"
wait "$serve_pid"
is "$?" 0 "serve stops cleanly on SIGTERM"
serve_pids=
grep -q "ERROR: AddressSanitizer\|runtime error" "$TMP/log.err"
ok $((! $?)) "with no sanitizer report"

# A theme given with --theme is watched too.
cp -R "$TOP/themes/default" mytheme
start_serve "$TMP/log3" -C content -o out3 -p 0 --theme mytheme
ok $? "serve starts with a theme of one's own"
sed 's|</footer>|<p>主题里新加的一行</p></footer>|' mytheme/templates/base.mustache >mytheme/templates/base.tmp
mv mytheme/templates/base.tmp mytheme/templates/base.mustache
wait_for / "主题里新加的一行" 10
ok $? "a change to the theme's template is built and served"
kill "$serve_pid"
wait "$serve_pid"

# The output folder inside the content folder: its own builds are not
# changes, or each build would start the next.
cp -R "$TOP/content" inner
start_serve "$TMP/log2" -C inner -o inner/out -p 0 --theme "$TOP/themes/default"
ok $? "serve starts with out/ inside the content folder"
sleep 2
is "$(grep -c "building again" "$TMP/log2")" 0 "its first build starts no other"
touch inner/site.yaml
sleep 2
is "$(grep -c "building again" "$TMP/log2")" 1 "a save is one build, not an endless chain"

done_testing
