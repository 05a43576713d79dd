#!/usr/bin/env bash
# linli district: a district of the example and three generated
# communities. Each community's part of OUT/c/SLUG/ is byte-identical to
# its own build; the district's yearly totals are the sums of the
# communities' figures.json (added up here with python3's json);
# figures.xlsx holds the same numbers (openpyxl); a broken tree is reported
# with its own path and line and nothing is written, or with --keep-going
# the good ones are; district.yaml's mistakes are reported at their line;
# an unchanged community is not rebuilt.
. "$(dirname "$0")/lib.sh"

/usr/bin/python3 -c 'import openpyxl' 2>/dev/null ||
	skip_all "python3-openpyxl is needed (apt-get install python3-openpyxl)"

D=$TMP/district
mkdir -p "$D/streets"
cp -r "$TOP/content" "$D/xingfuli"
for s in one two three; do
	/usr/bin/python3 "$TOP/tests/gen-community" "$D/streets/$s/content" 150 >/dev/null
	sed -i "s/^name: .*/name: 社区$s/" "$D/streets/$s/content/site.yaml"
done
cat >"$D/district.yaml" <<'EOF2'
name: 江岸区台北街道
language: zh-CN
communities:
  - path: xingfuli
  - path: streets/one/content
  - path: streets/two/content
    slug: er
  - path: streets/three/content
EOF2

district() {
	"$LINLI" district "$@" --today "$TODAY" >"$TMP/stdout" 2>"$TMP/stderr"
}

district -C "$D" -o "$TMP/out"
ok $? "the district builds" "$(cat "$TMP/stderr")"
for c in xingfuli one er three; do
	ok "$([ -f "$TMP/out/c/$c/index.html" ]; echo $?)" "c/$c/ holds the community's site"
done

# --- each community's site is its own build -----------------------------
for pair in xingfuli:xingfuli one:streets/one/content er:streets/two/content \
    three:streets/three/content; do
	slug=${pair%%:*}
	linli_build "$D/${pair#*:}" "$TMP/own-$slug" --cache "$TMP/cache-$slug"
	diff -r "$TMP/own-$slug" "$TMP/out/c/$slug" >"$TMP/diff" 2>&1
	ok $? "c/$slug/ is byte-identical to the community's own build" \
	    "$(head -5 "$TMP/diff")"
done

# --- the totals are the sums of the communities' own figures ------------
cat >"$TMP/sums.py" <<'EOF2'
import glob, json, os, sys, openpyxl
out = sys.argv[1]
slugs = ['xingfuli', 'one', 'er', 'three']
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
def totals(path):
    with open(path) as f:
        j = json.load(f)
    return {x['key']: x['value'] for x in j['sections']['total']}, j
years = sorted(os.path.basename(os.path.dirname(p))
               for p in glob.glob(os.path.join(out, 'archive', '*', 'figures.json')))
check(len(years) >= 10, 'the district has a report per year (%d)' % len(years))
checked = 0
for y in years:
    dt, dj = totals(os.path.join(out, 'archive', y, 'figures.json'))
    want = {}
    per = {}
    for s in slugs:
        p = os.path.join(out, 'c', s, 'archive', y, 'figures.json')
        if not os.path.exists(p):
            continue
        ct, _ = totals(p)
        per[s] = ct
        for k, v in ct.items():
            want[k] = want.get(k, 0) + v
    for k in ('activities', 'participants', 'hours', 'active_volunteers',
              'new_volunteers', 'points_issued', 'points_redeemed'):
        check(abs(dt.get(k, -1) - round(want.get(k, 0), 2)) < 1e-6,
              '%s %s: district %s, sum %s' % (y, k, dt.get(k), want.get(k)))
        checked += 1
    rows = {x['key']: x for x in dj['sections'].get('community', [])}
    check(sorted(rows) == sorted(per), '%s: one row per community with a report' % y)
    for s, ct in per.items():
        for k, v in ct.items():
            check(rows[s][k] == v, '%s %s %s: row %s, own %s' % (y, s, k, rows[s][k], v))
    cats = {}
    for s in per:
        _, cj = totals(os.path.join(out, 'c', s, 'archive', y, 'figures.json'))
        for x in cj['sections'].get('category', []):
            cats[x['key']] = cats.get(x['key'], 0) + x['activities']
    got = {x['key']: x['activities'] for x in dj['sections'].get('category', [])}
    check(got == cats, '%s: per-category totals %s, sums %s' % (y, got, cats))
    wb = openpyxl.load_workbook(os.path.join(out, 'archive', y, 'figures.xlsx'))
    ws = wb.active
    xl = {}
    for r in ws.iter_rows(min_row=2, values_only=True):
        if r[0] == 'total' and r[3] == 'value':
            xl[r[1]] = r[4]
    check(xl == dt, '%s: figures.xlsx totals %s, figures.json %s' % (y, xl, dt))
check(checked > 0 and any(v for v in dt.values()), 'figures to compare')
print('\n'.join(fails) if fails else 'ok %d' % checked)
EOF2
/usr/bin/python3 "$TMP/sums.py" "$TMP/out" >"$TMP/sums" 2>&1
ok "$(grep -q '^ok' "$TMP/sums"; echo $?)" \
    "every district total is the sum of the communities' figures.json, also in figures.xlsx" \
    "$(head -20 "$TMP/sums")"
has "$TMP/out/archive/2025/figures.csv" "community" "figures.csv has the rows per community"
has "$TMP/out/index.html" 'href="c/er/index.html"' "the portal links to each community"
has "$TMP/out/index.html" '社区two' "the portal names the communities from their site.yaml"
# the example's planned activities and stories, linked into its site
first=$(grep -o 'href="c/xingfuli/activities/[^"]*"' "$TMP/out/index.html" | head -1)
ok "$([ -n "$first" ]; echo $?)" "the portal lists upcoming activities, linked into the community's site"
has "$TMP/out/index.html" 'href="c/xingfuli/stories/' "the portal lists the latest stories"
has "$TMP/out/index.html" 'href="c/xingfuli/honours/index.html"' "the portal lists honours"

want=$(cat "$TMP"/out/c/*/calendar.ics | grep -c '^BEGIN:VEVENT')
is "$(grep -c '^BEGIN:VEVENT' "$TMP/out/calendar.ics")" "$want" \
    "the district's calendar.ics holds every community's planned activities"
is "$(grep -c '^BEGIN:VTIMEZONE' "$TMP/out/calendar.ics")" 1 "and each time zone once"

cat >"$TMP/feed.py" <<'EOF2'
import glob, os, sys, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
out = sys.argv[1]
def entries(p):
    return ET.parse(p).getroot().findall(A + 'entry')
own = [e for p in sorted(glob.glob(os.path.join(out, 'c', '*', 'feed.xml'))) for e in entries(p)]
want = sorted(own, key=lambda e: e.find(A + 'updated').text, reverse=True)[:50]
got = entries(os.path.join(out, 'feed.xml'))
ids = [e.find(A + 'id').text for e in got]
print('ok' if len(got) == len(want) and len(set(ids)) == len(ids) and
      [e.find(A + 'updated').text for e in got] == [e.find(A + 'updated').text for e in want]
      else 'got %d entries, want %d' % (len(got), len(want)))
EOF2
is "$(/usr/bin/python3 "$TMP/feed.py" "$TMP/out" 2>&1)" ok \
    "feed.xml is Atom with the newest 50 entries of all the communities' feeds"

# --- byte-stable, incremental -------------------------------------------
district -C "$D" -o "$TMP/out2" --cache "$TMP/cache2"
ok $? "a second district build"
for f in figures.xlsx figures.csv figures.json index.html; do
	cmp -s "$TMP/out/archive/2024/$f" "$TMP/out2/archive/2024/$f"
	ok $? "archive/2024/$f is the same in two builds"
done
ino_before=$(stat -c %i "$TMP/out/c/one/index.html")
district -C "$D" -o "$TMP/out"
ok $? "a rebuild with nothing changed"
has "$TMP/stdout" "4 communities: 0 built, 4 unchanged" "nothing is rebuilt"
is "$(stat -c %i "$TMP/out/c/one/index.html")" "$ino_before" "an unchanged community's files are kept as they were"
sleep 0.01
echo "# edited" >>"$D/streets/two/content/site.yaml"
district -C "$D" -o "$TMP/out"
ok $? "a rebuild after one community changed"
has "$TMP/stdout" "4 communities: 1 built, 3 unchanged" "only the changed community is rebuilt"
tree_digest "$TMP/out/c/one" >"$TMP/one.before"

# --- a broken tree --------------------------------------------------------
before=$(tree_digest "$TMP/out")
printf 'id: broken\ntitle: 坏的活动\ndate: 2024-13-45\n' >"$D/streets/three/content/activities/broken.yaml"
district -C "$D" -o "$TMP/out"
is $? 1 "a broken tree fails the district"
has "$TMP/stderr" "$D/streets/three/content/activities/broken.yaml:3:" \
    "the problem is reported with the tree's own path and line"
has "$TMP/stderr" "nothing written" "and nothing is written"
is "$(tree_digest "$TMP/out")" "$before" "OUT/ is exactly as it was"
district -C "$D" -o "$TMP/out" --keep-going
is $? 1 "--keep-going still exits non-zero"
has "$TMP/stderr" "broken.yaml:3:" "--keep-going reports the problem too"
has "$TMP/stderr" "streets/three/content (c/three) has problems" "and lists the bad tree"
ok "$([ -f "$TMP/out/index.html" ] && [ -f "$TMP/out/c/er/index.html" ]; echo $?)" \
    "--keep-going writes the good ones"
has "$TMP/out/index.html" 'class="district-stale"' "the portal says which community is as last built"
rm "$D/streets/three/content/activities/broken.yaml"

# --- district.yaml's own mistakes -----------------------------------------
B=$TMP/bad
mkdir -p "$B/notcontent" "$B/en/content"
cp -r "$TOP/content" "$B/a"
printf 'name: Riverside\nlanguage: en\n' >"$B/en/content/site.yaml"
cat >"$B/district.yaml" <<'EOF2'
language: zh-CN
communities:
  - path: a
  - path: a
  - path: notcontent
  - path: missing
  - path: en/content
  - path: en
  - path: 明新社区
    slug: Ming Xin
EOF2
mkdir -p "$B/明新社区"
cp "$B/a/site.yaml" "$B/明新社区/"
district -C "$B" -o "$TMP/bad-out"
is $? 1 "a wrong district.yaml fails"
has "$TMP/stderr" "$B/district.yaml:1:1: error:" "a missing name is reported" 
has "$TMP/stderr" "district.yaml:4:5: error: two communities have the slug 'a'" "a duplicate slug at its line"
has "$TMP/stderr" "district.yaml:5:11: error: $B/notcontent is not a content folder" "a folder without site.yaml at its line"
has "$TMP/stderr" "district.yaml:6:11: error: $B/missing is not a folder" "a missing folder at its line"
has "$TMP/stderr" "district.yaml:8:11: error: $B/en is not a content folder, but the folder content in it is: write path: en/content" \
    "a path one folder short of content/ says which to write"
has "$TMP/stderr" "district.yaml:10:11: error: the slug 'Ming Xin' is not usable" "a bad slug: at its own line"
has "$TMP/stderr" "district.yaml:7:5: error: the community $B/en/content is in en" "a community in another language at its line"
ok "$([ ! -e "$TMP/bad-out" ]; echo $?)" "nothing is written"

# --- a folder named in Chinese: a slug made from the name --------------------
H=$TMP/hanzi
mkdir -p "$H"
cp -r "$B/a" "$H/明新社区"
printf 'name: 台北街道\nbase_url: https://taibei.example.org/\ncommunities:\n  - path: 明新社区\n' >"$H/district.yaml"
district -C "$H" -o "$TMP/hanzi-out"
is $? 0 "a community in a folder named 明新社区 builds" "$(cat "$TMP/stderr")"
slug=$(ls "$TMP/hanzi-out/c")
ok "$([[ $slug =~ ^c-[0-9a-f]{8}$ ]] && [ -f "$TMP/hanzi-out/c/$slug/index.html" ]; echo $?)" \
    "its site is under c/c-XXXXXXXX/ ($slug)"
rm -r "$TMP/hanzi-out"
district -C "$H" -o "$TMP/hanzi-out"
ok "$([ -d "$TMP/hanzi-out/c/$slug" ]; echo $?)" "the same slug every build"

# --- with base_url: one sitemap of the district's pages and its communities'
cat >"$TMP/sitemap.py" <<'EOF2'
import os, sys, xml.etree.ElementTree as ET
out, slug = sys.argv[1], sys.argv[2]
ns = {'s': 'http://www.sitemaps.org/schemas/sitemap/0.9'}
locs = [e.text for e in ET.parse(os.path.join(out, 'sitemap.xml')).getroot().findall('s:url/s:loc', ns)]
base = 'https://taibei.example.org/'
pages = set()
for root, dirs, files in os.walk(os.path.join(out, 'c', slug)):
    for f in files:
        if f.endswith('.html'):
            rel = os.path.relpath(os.path.join(root, f), out)
            if not rel.endswith('/404.html') and '/board/' not in rel:
                pages.add(base + rel)
fails = []
if not all(l.startswith(base) for l in locs): fails.append('a loc not under base_url')
if base + 'index.html' not in locs: fails.append('no portal')
missing = pages - set(locs)
if missing: fails.append('%d community pages missing, e.g. %s' % (len(missing), sorted(missing)[0]))
if any('/board/' in l or l.endswith('404.html') for l in locs): fails.append('a board or 404 page listed')
print('; '.join(fails) or 'ok')
EOF2
is "$(/usr/bin/python3 "$TMP/sitemap.py" "$TMP/hanzi-out" "$slug" 2>&1)" ok \
    "sitemap.xml lists the portal and every page of the communities, under the district's base_url"
has "$TMP/hanzi-out/robots.txt" "Sitemap: https://taibei.example.org/sitemap.xml" "robots.txt names it"

"$LINLI" build --keep-going >/dev/null 2>"$TMP/stderr"
is $? 2 "--keep-going with another command is a usage error"

done_testing
