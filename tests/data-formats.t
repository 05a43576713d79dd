#!/usr/bin/env bash
# The files community workers really have: the example's content saved as
# GB18030 (Excel's "CSV (逗号分隔)", WPS, Notepad's "ANSI"), its CSVs as
# tab-separated UTF-16 with a BOM (Excel's "Unicode 文本"), and its three
# tables as Excel workbooks made here with openpyxl (date cells in two
# formats and both date systems). Each build gives byte-identical figures
# files (archive/YYYY/figures.csv and figures.json) to the UTF-8 CSV
# build, says which files were not UTF-8 and how to save them next time,
# keeps the roster's private columns out of out/, and puts messages at the
# same line and column as in the UTF-8 file.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null ||
	skip_all "/usr/bin/python3 with openpyxl is needed (apt-get install python3-openpyxl)"
command -v iconv >/dev/null || skip_all "iconv(1) is needed"

linli_build "$TOP/content" "$TMP/utf8"
ok $? "the example builds from UTF-8 CSV"
years=$(cd "$TMP/utf8/archive" && ls -d [0-9][0-9][0-9][0-9])
[ -n "$years" ]
ok $? "it has yearly reports ($(echo $years))"

# same_figures OUT NAME: every year's figures files equal the UTF-8 build's.
# unpublished DIR TEXT NAME: TEXT is in no file below DIR.
unpublished() {
	! grep -rqF -- "$2" "$1"
	ok $? "$3"
}

same_figures() {
	local y f bad=""
	for y in $years; do
		for f in figures.csv figures.json; do
			cmp -s "$TMP/utf8/archive/$y/$f" "$1/archive/$y/$f" ||
				bad="$bad $y/$f"
		done
	done
	is "$bad" "" "$2: figures.csv and figures.json are byte-identical"
}

# --- GB18030 and UTF-16 -------------------------------------------------

enc=$TMP/enc
cp -R "$TOP/content" "$enc"
# to ENCODING FILE: rewrites FILE in ENCODING.
to() {
	iconv -f UTF-8 -t "$1" "$2" >"$2.new" && mv "$2.new" "$2"
}
find "$enc" -name '*.yaml' -o -name '*.md' | while read -r f; do
	to GB18030 "$f"
done
to GB18030 "$enc/data/service.csv"
# Excel's "Unicode 文本": tab-separated UTF-16LE with a BOM; and BE.
{ printf '\377\376'; tr ',' '\t' <"$TOP/content/data/roster.csv" |
	iconv -f UTF-8 -t UTF-16LE; } >"$enc/data/roster.csv"
{ printf '\376\377'; tr ',' '\t' <"$TOP/content/data/redemptions.csv" |
	iconv -f UTF-8 -t UTF-16BE; } >"$enc/data/redemptions.csv"
! iconv -f UTF-8 -t UTF-8 "$enc/site.yaml" >/dev/null 2>&1 &&
	! iconv -f UTF-8 -t UTF-8 "$enc/data/service.csv" >/dev/null 2>&1
ok $? "the GB18030 files are not valid UTF-8 (so the test means something)"

linli_build "$enc" "$TMP/enc-out"
ok $? "GB18030 YAML, Markdown and CSV, and UTF-16 CSV build"
same_figures "$TMP/enc-out" "GB18030 and UTF-16"
is "$(tree_digest "$TMP/enc-out")" "$(tree_digest "$TMP/utf8")" \
	"GB18030 and UTF-16: the whole site is the same"
has "$TMP/stderr" "$enc/data/service.csv: warning: not saved as UTF-8; read as GB18030" \
	"the GB18030 CSV is named in a warning"
has "$TMP/stderr" 'in Excel, 另存为 and choose "CSV UTF-8 (逗号分隔)"' \
	"... which says what to choose in Excel"
has "$TMP/stderr" "$enc/site.yaml: warning: not saved as UTF-8; read as GB18030" \
	"the GB18030 YAML is named in a warning"
has "$TMP/stderr" '记事本), 另存为 and choose 编码 "UTF-8"' \
	"... which says what to choose in Notepad"
has "$TMP/stderr" "$enc/stories/2026-11-fire-drill.md: warning: not saved as UTF-8" \
	"the GB18030 story is named in a warning"
has "$TMP/stderr" "$enc/data/roster.csv: warning: saved as UTF-16LE" \
	"the UTF-16LE CSV is named in a warning"
has "$TMP/stderr" "$enc/data/redemptions.csv: warning: saved as UTF-16BE" \
	"the UTF-16BE CSV is named in a warning"
grep -qF 13379131375 "$TOP/content/data/roster.csv"
ok $? "the example's roster has a phone column (so the next tests mean something)"
unpublished "$TMP/enc-out" "13379131375" "the roster's phone column is not published"

# Messages point where the user sees the mistake, whatever the encoding.
# positions ENCODING: builds a tree whose service.csv (in ENCODING) and
# activities file have one mistake each; prints the error lines.
positions() {
	local t=$TMP/pos-$1
	rm -rf "$t" && mkdir -p "$t/activities" "$t/data"
	printf 'name: 测试社区\n' >"$t/site.yaml"
	printf -- '- id: 2024-09-market\n  title: 公益市集（第三期）\n  date: 2024-09-09\n  participants: 一百\n' \
		>"$t/activities/2024.yaml"
	printf '日期,志愿者,队伍,活动,时长\n2024-09-09,曾小香,中文队名,,3\n2024-09-10,吴柏青,中文队名,,两小时\n' \
		>"$t/data/service.csv"
	if [ "$1" = UTF-16LE ]; then
		{ printf '\377\376'; tr ',' '\t' <"$t/data/service.csv" |
			iconv -f UTF-8 -t UTF-16LE; } >"$t/data/s" &&
			mv "$t/data/s" "$t/data/service.csv"
	elif [ "$1" != UTF-8 ]; then
		to "$1" "$t/data/service.csv"
		to "$1" "$t/activities/2024.yaml"
	fi
	"$LINLI" build -q -C "$t" -o "$t-out" --today "$TODAY" 2>&1 |
		grep ': error: ' | sed "s|^$t/||"
}
want=$(positions UTF-8)
[ "$(echo "$want" | grep -c .)" -ge 3 ]
ok $? "the UTF-8 tree gives its errors"
echo "$want" | sed 's/^/#   /'
is "$(positions GB18030)" "$want" "GB18030: the same messages at the same line:column"
is "$(positions UTF-16LE)" "$want" "UTF-16LE (tab-separated): the same messages at the same line:column"

# --- Excel workbooks ----------------------------------------------------

xl=$TMP/xlsx
cp -R "$TOP/content" "$xl"
rm "$xl"/data/*.csv
cat >"$TMP/to_xlsx.py" <<'EOF'
# to_xlsx.py CSV XLSX SHEET DATEFORMAT [1904]: the CSV as a workbook whose
# date columns are date cells, hours and points numbers.
import csv, datetime, re, sys
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

src, dst, sheet, fmt = sys.argv[1:5]
wb = openpyxl.Workbook()
if len(sys.argv) > 5:
    wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = sheet
rows = list(csv.reader(open(src, encoding='utf-8-sig')))
ws.append(rows[0])
for r in rows[1:]:
    out = []
    for h, v in zip(rows[0], r):
        if not v:
            out.append(None)
        elif h in ('日期', '入队日期'):
            out.append(datetime.date(*map(int, re.findall(r'\d+', v))))
        elif h in ('时长', '积分'):
            out.append(float(v) if '.' in v else int(v))
        else:
            out.append(v)
    ws.append(out)
for row in ws.iter_rows(min_row=2):
    for c in row:
        if isinstance(c.value, datetime.date):
            c.number_format = fmt
wb.save(dst)
EOF
"$PY" "$TMP/to_xlsx.py" "$TOP/content/data/service.csv" "$xl/data/service.xlsx" \
	志愿服务台账 'yyyy"年"m"月"d"日"' &&
	"$PY" "$TMP/to_xlsx.py" "$TOP/content/data/roster.csv" "$xl/data/roster.xlsx" \
		花名册 'yyyy-mm-dd' &&
	"$PY" "$TMP/to_xlsx.py" "$TOP/content/data/redemptions.csv" \
		"$xl/data/redemptions.xlsx" 积分兑换 'm/d/yy' 1904
ok $? "openpyxl makes the three workbooks"
unzip -p "$xl/data/service.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="A2" s="[0-9]*" t="n"><v>4'
ok $? "the service workbook's dates are date cells (serial numbers)"
unzip -p "$xl/data/redemptions.xlsx" xl/workbook.xml | grep -q 'date1904="1"'
ok $? "the redemptions workbook uses the 1904 date system"

linli_build "$xl" "$TMP/xlsx-out"
ok $? "the workbooks build"
is "$(grep -c . "$TMP/stderr")" 0 "... without a message"
same_figures "$TMP/xlsx-out" "xlsx"
is "$(tree_digest "$TMP/xlsx-out")" "$(tree_digest "$TMP/utf8")" \
	"xlsx: the whole site is the same"
unpublished "$TMP/xlsx-out" "13379131375" "xlsx: the roster's phone column is not published"
unpublished "$TMP/xlsx-out" "42010219540822" "xlsx: nor its ID numbers"

# A CSV beside its workbook is an error naming both.
cp "$TOP/content/data/service.csv" "$xl/data/"
linli_build "$xl" "$TMP/both-out"
is "$?" 1 "a CSV and a workbook for one table fail the build"
has "$TMP/stderr" "$xl/data/service.xlsx: error: both $xl/data/service.csv and $xl/data/service.xlsx hold the service table" \
	"... naming both files"

# A sheet whose name has a space is quoted, as in an Excel formula.
q=$TMP/quoted
mkdir -p "$q/data"
printf 'name: 测试社区\n' >"$q/site.yaml"
printf 'date,volunteer,team,activity,hours\n2024-09-09,曾小香,heshilao,,两小时\n' >"$TMP/q.csv"
"$PY" "$TMP/to_xlsx.py" "$TMP/q.csv" "$q/data/service.xlsx" "Sheet 1" 'yyyy-mm-dd'
"$LINLI" build -q -C "$q" -o "$q-out" --today "$TODAY" 2>"$TMP/stderr"
has "$TMP/stderr" "$q/data/service.xlsx:'Sheet 1'!E2: error: hours must be a number, got '两小时' (column E, hours)" \
	"a sheet name with a space is quoted in the cell's position"

done_testing
