#!/usr/bin/env bash
# The yearly reports (archive/): figures that agree with sums worked out
# here from the content files themselves; figures.csv that parses back to
# figures.json, with formula-like cells neutralised; charts with a title,
# role="img" and a table; a report that never changes when a later year is
# added or today moves on.
. "$(dirname "$0")/lib.sh"

python3 -c 'import yaml' 2>/dev/null ||
	skip_all "python3 with PyYAML is needed (apt-get install python3-yaml)"

linli_build "$TOP/content" "$TMP/out"
ok $? "the example builds"
out=$TMP/out/archive

# --- the figures against the content -----------------------------------

# check_figures CONTENT OUT TODAY: prints "STATUS name" lines, STATUS 0 for a
# pass. Everything is worked out from the content files with PyYAML and the
# csv module, independently of linli.
cat >"$TMP/figures.py" <<'EOF'
import csv, datetime, glob, json, os, re, sys, yaml
from collections import defaultdict

content, out, today = sys.argv[1], sys.argv[2], sys.argv[3]
today = tuple(int(x) for x in today.split('-'))
results = []
def check(cond, name, detail=''):
    results.append((0 if cond else 1, name, detail))

def records(path):
    docs = [d for d in yaml.safe_load_all(open(path, encoding='utf-8-sig')) if d]
    for d in docs:
        for r in (d if isinstance(d, list) else [d]):
            yield r

def date_of(v):
    """(year, month, day) from what a YAML date may be (day 0: unknown)."""
    if isinstance(v, (datetime.date, datetime.datetime)):
        return (v.year, v.month, v.day)
    s = str(v).strip()
    m = re.match(r'^(\d{4})[-/年](\d{1,2})(?:[-/月](\d{1,2})日?)?月?$', s)
    if m:
        return (int(m[1]), int(m[2]), int(m[3] or 0))
    return (int(s[:4]), 0, 0)

def iso(d):
    return '%04d-%02d-%02d' % d if d[2] else '%04d-%02d' % d[:2]

# teams: id and name -> id
teams = {}
for path in sorted(glob.glob(os.path.join(content, 'teams', '*.yaml'))):
    for t in records(path):
        teams[t['id']] = t['id']
        teams[t['name']] = t['id']

# activities, in the order linli reads them (sorted paths), ids derived from
# the date where missing
def walk(d):
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.isdir(p):
            yield from walk(p)
        elif name.endswith('.yaml'):
            yield p
acts = [a for p in walk(os.path.join(content, 'activities')) for a in records(p)]
taken = {a['id'] for a in acts if 'id' in a}
for a in acts:
    a['_date'] = date_of(a['date'])
    if 'id' not in a:
        base, k, i = iso(a['_date']), 2, iso(a['_date'])
        while i in taken:
            i = '%s-%d' % (base, k); k += 1
        taken.add(i); a['id'] = i
    st = a.get('status')
    if st is None:
        st = 'planned' if a['_date'] > today else 'done'
    a['_status'] = st

def rows(name):
    with open(os.path.join(content, 'data', name), encoding='utf-8-sig') as f:
        r = list(csv.reader(f))
    return r[1:]

service = []
with_rows = set()
for r in rows('service.csv'):
    d = date_of(r[0])
    service.append({'date': d, 'vol': r[1], 'team': teams[r[2]],
                    'act': r[3], 'hours': float(r[4]), 'points': int(r[5])})
    if r[3]:
        with_rows.add(r[3])

# per year: totals, months, teams, categories
Y = lambda: defaultdict(float)
total = defaultdict(Y)
month = defaultdict(Y)            # (year, 'YYYY-MM') -> measure
team = defaultdict(Y)             # (year, id) -> measure
cat = defaultdict(Y)              # (year, category) -> activities
actives = defaultdict(set)
for a in acts:
    if a['_status'] != 'done':
        continue
    y, m, _ = a['_date']
    mk = (y, '%04d-%02d' % (y, m))
    total[y]['activities'] += 1
    total[y]['participants'] += a.get('participants', 0) or 0
    month[mk]['activities'] += 1
    month[mk]['participants'] += a.get('participants', 0) or 0
    cat[(y, a.get('category', '_none'))]['activities'] += 1
    for t in a.get('teams', []):
        team[(y, t)]['activities'] += 1
    h = a.get('hours', 0) or 0
    if a['id'] not in with_rows and h > 0:
        total[y]['hours'] += h
        month[mk]['hours'] += h
        ts = a.get('teams', []) or ['_none']
        for t in ts:
            team[(y, t)]['hours'] += h / len(ts)
            team[(y, t)]['activity_hours'] += h / len(ts)
for s in service:
    y, m, _ = s['date']
    mk = (y, '%04d-%02d' % (y, m))
    total[y]['hours'] += s['hours']
    total[y]['points_issued'] += s['points']
    month[mk]['hours'] += s['hours']
    month[mk]['points'] += s['points']
    team[(y, s['team'])]['hours'] += s['hours']
    team[(y, s['team'])]['service_hours'] += s['hours']
    team[(y, s['team'])]['points'] += s['points']
    if not s['act']:
        team[(y, s['team'])]['unlinked_hours'] += s['hours']
    actives[y].add(s['vol'])
for y, vols in actives.items():
    total[y]['active_volunteers'] = len(vols)
for r in rows('redemptions.csv'):
    total[date_of(r[0])[0]]['points_redeemed'] += int(r[3])
first = {}
for r in rows('roster.csv'):
    if len(r) > 2 and r[2].strip():
        d = date_of(r[2])
        if r[0] not in first or d < first[r[0]]:
            first[r[0]] = d
for d in first.values():
    total[d[0]]['new_volunteers'] += 1

# the years with work to report: activities held, service, redemptions,
# stories (not years with only plans or roster join dates)
work = {a['_date'][0] for a in acts if a['_status'] == 'done'}
work |= {s['date'][0] for s in service}
work |= {date_of(r[0])[0] for r in rows('redemptions.csv')}
for path in glob.glob(os.path.join(content, 'stories', '**', '*.md'), recursive=True):
    front = open(path, encoding='utf-8-sig').read().split('---')[1]
    work.add(date_of(yaml.safe_load(front)['date'])[0])

def close(a, b, tol=0.006):
    return abs(float(a) - float(b)) <= tol

years = sorted(int(y) for y in os.listdir(out) if y.isdigit())
check(years == sorted(work), 'a report for each year with work to report',
      f'{years} vs {sorted(work)}')
for y in years:
    f = json.load(open(os.path.join(out, str(y), 'figures.json'), encoding='utf-8'))
    sec = f['sections']
    check(f['year'] == y, f'{y}: figures.json names its year')
    got = {r['key']: r for r in sec['total']}
    for k in ('activities', 'participants', 'hours', 'active_volunteers',
              'new_volunteers', 'points_issued', 'points_redeemed'):
        check(close(got[k]['value'], total[y][k]), f'{y}: total {k}',
              f"got {got[k]['value']}, want {total[y][k]}")
        if y - 1 in work and y < today[0]:
            check(close(got[k].get('previous', -1), total[y - 1][k]),
                  f'{y}: previous {k}', f"got {got[k].get('previous')}, want {total[y - 1][k]}")
        elif y >= today[0]:
            check('previous' not in got[k], f'{y}: no previous {k} (the year is not over)')
        else:
            check('previous' not in got[k], f'{y}: no previous {k} (no report for {y - 1})')
    months = {r['key']: r for r in sec.get('month', [])}
    check(len(months) == 12 and all(f'{y}-{m:02d}' in months for m in range(1, 13)),
          f'{y}: twelve months', sorted(months))
    bad = [(k, meas, r[meas], month[(y, k)][meas]) for k, r in months.items()
           for meas in ('activities', 'participants', 'hours', 'points')
           if not close(r[meas], month[(y, k)][meas])]
    check(not bad, f'{y}: every month agrees with the content', bad)
    for meas in ('activities', 'hours'):
        s = sum(r[meas] for r in months.values())
        check(close(s, got[meas]['value'], 0.01 * 12),
              f'{y}: the months add up to the year\'s {meas}', f'{s} vs {got[meas]["value"]}')
    tms = {r['key']: r for r in sec.get('team', [])}
    want = {k[1] for k, v in team.items() if k[0] == y and any(v.values())}
    check(set(tms) == want, f'{y}: the teams with figures', f'{sorted(tms)} vs {sorted(want)}')
    bad = [(k, meas, r[meas], team[(y, k)][meas]) for k, r in tms.items()
           for meas in ('activities', 'hours', 'service_hours', 'activity_hours',
                        'unlinked_hours', 'points')
           if not close(r[meas], team[(y, k)][meas])]
    check(not bad, f'{y}: every team agrees with the content', bad)
    s = sum(r['hours'] for r in tms.values())
    check(close(s, got['hours']['value'], 0.01 * max(1, len(tms))),
          f'{y}: the teams\' hours add up to the year\'s', f'{s} vs {got["hours"]["value"]}')
    s = sum(r['points'] for r in tms.values())
    check(close(s, got['points_issued']['value']),
          f'{y}: the teams\' points add up to the year\'s', f'{s}')
    cats = {r['key']: r for r in sec.get('category', [])}
    want = {k[1]: v['activities'] for k, v in cat.items() if k[0] == y}
    check({k: r['activities'] for k, r in cats.items()} == want,
          f'{y}: activities per category', f'{cats} vs {want}')
    s = sum(r['activities'] for r in cats.values())
    check(s == got['activities']['value'], f'{y}: the categories add up')

    # figures.csv parses back to figures.json
    raw = open(os.path.join(out, str(y), 'figures.csv'), 'rb').read()
    check(raw.startswith(b'\xef\xbb\xbf'), f'{y}: figures.csv starts with a BOM')
    table = list(csv.reader(raw.decode('utf-8-sig').splitlines()))
    check(table[0] == ['section', 'key', 'label', 'measure', 'value'],
          f'{y}: figures.csv has its header', table[0])
    def plain(c):
        return c[1:] if c[:1] == "'" and c[1:2] in ('=', '+', '-', '@', '\t', '\r') else c
    from_csv = {}
    for r in table[1:]:
        r = [plain(c) for c in r]
        from_csv[(r[0], r[1], r[3])] = (r[2], r[4])
    from_json = {}
    for name, items in sec.items():
        for it in items:
            for meas, v in it.items():
                if meas in ('key', 'label'):
                    continue
                v = v if isinstance(v, str) else ('%.2f' % v).rstrip('0').rstrip('.')
                from_json[(name, it['key'], meas)] = (it['label'], v)
    diff = [k for k in set(from_csv) | set(from_json) if from_csv.get(k) != from_json.get(k)]
    check(not diff and len(from_csv) == len(table) - 1,
          f'{y}: figures.csv holds the same figures as figures.json',
          [(k, from_csv.get(k), from_json.get(k)) for k in diff[:5]])
    bad = [c for r in table for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r')]
    check(not bad, f'{y}: no cell of figures.csv starts like a formula', bad[:5])

for status, name, detail in results:
    print(status, name + ('' if not status else ' :: ' + str(detail)))
EOF

# run_checks CONTENT OUT TODAY: each line of figures.py as a test.
run_checks() {
	local status name
	while read -r status name; do
		ok "$status" "$name"
	done < <(python3 "$TMP/figures.py" "$1" "$2" "$3" 2>&1 ||
		echo "1 figures.py ran")
}
run_checks "$TOP/content" "$out" "$TODAY"

# --- what the pages show -----------------------------------------------

year=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["year"])' \
	"$out/2026/figures.json")
page=$out/$year/index.html
has "$page" '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"' \
	"the report has SVG charts"
n_svg=$(grep -c 'role="img" aria-labelledby="chart-' "$page")
n_title=$(grep -c '<title id="chart-' "$page")
n_cap=$(grep -c '<figcaption id="chart-' "$page")
is "$n_svg" 4 "four charts, each with role=img and aria-labelledby"
is "$n_title" "$n_svg" "every chart has its <title>"
is "$n_cap" "$n_svg" "every chart has its figcaption"
is "$(grep -c '<table class="figures">' "$page")" 4 \
	"a table with the numbers of each chart section, and the volunteers"
hasnt "$page" 'href="../2025/' "no link to another year's report"
hasnt "$page" 'class="site-nav"' "no site navigation on a report"
has "$page" 'href="../../archive/index.html"' "a link to the archive index"
hasnt "$page" "$TODAY" "no today on a report"
has "$out/index.html" 'archive/2025/index.html' "the index links to 2025"
has "$out/index.html" "archive/$year/index.html" "the index links to $year"

# --- hostile names: escaped in HTML and SVG, neutralised in CSV ----------

mkdir -p "$TMP/evil" && cp -R "$TOP/content/." "$TMP/evil/"
sed -i 's/^name: 安居物业幸福里项目部/name: "=HYPERLINK(\\"x\\")<b>安居<\/b>"/' \
	"$TMP/evil/teams/anju.yaml"
sed -i 's/category: 环境整治/category: "@环境 <i>整治<\/i>"/' \
	"$TMP/evil"/activities/*/*.yaml
linli_build "$TMP/evil" "$TMP/evil-out"
ok $? "content with formula-like names builds"
e=$TMP/evil-out/archive/$year
has "$e/figures.csv" "\"'=HYPERLINK(\"\"x\"\")<b>安居</b>\"" \
	"a team name starting with = is quoted with ' in CSV"
has "$e/figures.csv" "\"'@环境 <i>整治</i>\"" \
	"a category starting with @ is quoted with ' in CSV"
has "$e/figures.json" '"=HYPERLINK(\"x\")\u003cb\u003e' \
	"figures.json keeps the name as it is (escaped for JSON)"
has "$e/index.html" '<text x="' "the report has SVG text"
grep -o '<text [^>]*>=HYPERLINK([^<]*</text>' "$e/index.html" >"$TMP/svgtext"
has "$TMP/svgtext" '>=HYPERLINK(&quot;x&quot;)&lt;' \
	"the team name is escaped inside the SVG (perhaps cut short with …)"
has "$e/index.html" '>=HYPERLINK(&quot;x&quot;)&lt;b&gt;安居&lt;/b&gt;</a>' \
	"the team name is escaped in the table"
hasnt "$e/index.html" '<b>安居' "the team name never reaches the page raw"
hasnt "$e/index.html" '<i>整治' "the category never reaches the page raw"
run_checks "$TMP/evil" "$TMP/evil-out/archive" "$TODAY" |
	grep -c '^not ok' >"$TMP/evil-fails"
is "$(cat "$TMP/evil-fails")" 0 "the figures with hostile names agree too"

# --- permanence: a later year and a later today change no earlier report --

mkdir -p "$TMP/later" && cp -R "$TOP/content/." "$TMP/later/"
cat >"$TMP/later/activities/2027/done.yaml" <<'EOF'
- id: 2027-03-later-cleanup
  title: 春季大扫除
  date: 2027-03-13
  teams: [dangyuan, anju]
  category: 环境整治
  status: done
  participants: 80
  volunteers: 12
  hours: 24
- id: 2027-05-later-clinic
  title: 夏季义诊
  date: 2027-05-08
  teams: [huimin]
  category: 新的类别
  status: done
  participants: 150
  volunteers: 6
  hours: 18
EOF
printf '%s\n' '2027-03-13,陈志强,dangyuan,2027-03-later-cleanup,3,30' \
	'2027-03-13,新来的志愿者,dangyuan,2027-03-later-cleanup,3,30' \
	'2027-06-02,曾凤英,zhulao,,2,20' >>"$TMP/later/data/service.csv"
"$LINLI" build -q -C "$TMP/later" -o "$TMP/later-out" --today 2027-12-31 \
	2>"$TMP/stderr"
ok $? "the example with a year 2027 added builds (today 2027-12-31)"
[ -d "$TMP/later-out/archive/2027" ]
ok $? "2027 has a report"
# A year not over on the first build's today (2026) said "as of" then;
# every year that was over stays as it was.
for y in $(ls "$out" | grep -E '^[0-9]{4}$'); do
	[ "$y" -ge "${TODAY%%-*}" ] && continue
	diff -r "$out/$y" "$TMP/later-out/archive/$y" >"$TMP/diff" 2>&1
	ok $? "archive/$y/ is byte-identical after adding 2027 and moving today"
	[ -s "$TMP/diff" ] && head -5 "$TMP/diff" | sed 's/^/#   /'
done
has "$out/${TODAY%%-*}/index.html" "截至" \
	"the report of the year not over says 'as of'"
hasnt "$TMP/later-out/archive/${TODAY%%-*}/index.html" "截至" \
	"once the year is over, its report no longer does"
run_checks "$TMP/later" "$TMP/later-out/archive" 2027-12-31 |
	grep -c '^not ok' >"$TMP/later-fails"
is "$(cat "$TMP/later-fails")" 0 "the figures of the extended content agree too"
python3 - "$TMP/later-out/archive/2027/figures.json" >"$TMP/prev" <<'EOF'
import json, sys
t = {r['key']: r for r in json.load(open(sys.argv[1]))['sections']['total']}
print(t['activities']['value'], t['hours']['value'], t['active_volunteers']['value'])
EOF
is "$(cat "$TMP/prev")" "2 26 3" \
	"2027: 2 activities held, 26 hours (6 + 18 + 2), 3 volunteers"

done_testing
