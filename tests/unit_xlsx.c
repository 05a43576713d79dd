/*
 * unit_xlsx: the Excel reader (gen/xlsx.c) and the tables it feeds
 * (load_xlsx_file), on workbooks made here with libzip from the XML given
 * in each test: shared strings with rich text runs and phonetic guides,
 * inline strings, cell references with gaps, numbers as typed, date cells
 * in both date systems (with the 1900-02-29 quirk), booleans, errors,
 * damaged files and a zip bomb. Also the text encodings (gen/textenc.c).
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "load.h"
#include "tap.h"
#include "textenc.h"
#include "xlsx.h"

/* --- making workbooks -------------------------------------------------- */

static const char content_types[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"/>";
static const char root_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1"
    "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char wb_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/"
    "sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/"
    "sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/sharedStrings\" Target=\"shared"
    "Strings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/" \
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/" \
    "2006/relationships\""
static const char workbook_one[] =
    "<?xml version=\"1.0\"?><workbook " NS "><sheets><sheet name=\"志愿服务"
    "台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
/* Styles: 0 General, 1 a built-in date (14), 2 a custom Chinese date,
 * 3 a time, 4 a number with a '-' in it that is no date, 5 [h]:mm. */
static const char styles[] =
    "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"4\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;"
    "d&quot;日&quot;\"/><numFmt numFmtId=\"165\" formatCode=\"h:mm\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"0.00_);[Red]\\(0.00\\)\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"[h]:mm\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
    "<xf numFmtId=\"167\"/></cellXfs></styleSheet>";

/* A zip of the given parts (name, text pairs, NULL-terminated) into out;
 * a NULL text leaves the part out. */
static void make_zip(const char *const *parts, struct buf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t size;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (; parts[0]; parts += 2) {
		zip_source_t *s;
		if (!parts[1])
			continue;
		s = zip_source_buffer(za, parts[1], strlen(parts[1]), 0);
		zip_file_add(za, parts[0], s, ZIP_FL_OVERWRITE);
	}
	zip_close(za);
	buf_reset(out);
	zip_source_open(src);
	zip_source_seek(src, 0, SEEK_END);
	size = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	buf_grow(out, (size_t)size);
	out->len = (size_t)zip_source_read(src, out->data, (zip_uint64_t)size);
	out->data[out->len] = '\0';
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
}

/* A workbook with this sheet (and shared strings, and a workbook part;
 * NULL: the defaults above). */
static void make_xlsx(const char *workbook, const char *sheet,
    const char *strings, struct buf *out)
{
	const char *parts[] = {
		"[Content_Types].xml", content_types,
		"_rels/.rels", root_rels,
		"xl/workbook.xml", workbook ? workbook : workbook_one,
		"xl/_rels/workbook.xml.rels", wb_rels,
		"xl/styles.xml", styles,
		"xl/sharedStrings.xml", strings,
		"xl/worksheets/sheet1.xml", sheet,
		NULL, NULL,
	};

	make_zip(parts, out);
}

#define SHEET(rows) "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>" \
    rows "</sheetData></worksheet>"

/* --- reading cells ----------------------------------------------------- */

/* Every callback as one line of text: "name", "E18 n 2.5", "|" (row end). */
struct trace {
	struct buf b;
};

static void t_sheet(void *ctx, const char *name)
{
	buf_printf(&((struct trace *)ctx)->b, "[%s]", name);
}

static bool t_cell(void *ctx, const struct xlsx_cell *c)
{
	static const char kinds[] = "tndTbe?";
	char col[8];

	buf_printf(&((struct trace *)ctx)->b, " %s%d %c %s",
	    diag_column_letters(c->column, col), c->row, kinds[c->kind], c->text);
	return true;
}

static void t_row(void *ctx, int row)
{
	(void)row;
	buf_adds(&((struct trace *)ctx)->b, " |");
}

/* Reads xlsx, returning the trace (and the error, after " ! "). */
static char *read_trace(const struct buf *xlsx)
{
	struct trace t = {BUF_INIT};
	struct xlsx_callbacks cb = {t_sheet, t_cell, t_row, &t};
	struct buf err = BUF_INIT;

	if (!xlsx_read(xlsx->data, xlsx->len, &cb, &err))
		buf_printf(&t.b, " ! %s", err.data);
	buf_release(&err);
	return buf_detach(&t.b, NULL);
}

static void expect_trace(const struct buf *xlsx, const char *want,
    const char *name)
{
	char *got = read_trace(xlsx);

	is_str(got, want, name);
	free(got);
}

static void expect_error(const struct buf *xlsx, const char *want,
    const char *name)
{
	char *got = read_trace(xlsx);

	if (!ok(strstr(got, " ! ") && strstr(got, want) != NULL, "%s", name))
		printf("#   got: %s\n#   wanted an error with: %s\n", got, want);
	free(got);
}

static void test_strings(void)
{
	struct buf x = BUF_INIT;

	make_xlsx(NULL, SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	    "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
	    "</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>内联</t></is>"
	    "</c><c r=\"B2\" t=\"inlineStr\"><is><r><t>富</t></r><r><rPr><b/>"
	    "</rPr><t xml:space=\"preserve\">文本 </t></r></is></c>"
	    "<c r=\"C2\" t=\"str\"><f>A1&amp;B1</f><v>公式</v></c></row>"),
	    "<?xml version=\"1.0\"?><sst " NS " count=\"3\" uniqueCount=\"3\">"
	    "<si><t>日期</t></si>"
	    "<si><r><t>志</t></r><r><rPr><b/></rPr><t>愿者</t></r>"
	    "<rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></si>"
	    "<si><t>a_x000D_b_x005F_x0041_</t></si></sst>", &x);
	expect_trace(&x, "[志愿服务台账] A1 t 日期 B1 t 志愿者 C1 t a\rb_x0041_ |"
	    " A2 t 内联 B2 t 富文本  C2 t 公式 |",
	    "strings: shared (rich runs joined, no phonetic guide, _xHHHH_ "
	    "escapes), inline (rich), formula results");
	buf_release(&x);
}

static void test_refs(void)
{
	struct buf x = BUF_INIT;

	make_xlsx(NULL, SHEET(
	    "<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"E3\"><v>2</v></c>"
	    "<c r=\"F3\" s=\"1\"/><c><v>7</v></c></row>"
	    "<row r=\"5\" spans=\"1:3\"></row>"
	    "<row><c r=\"AA6\"><v>3</v></c><c r=\"XFD6\"><v>4</v></c></row>"),
	    NULL, &x);
	expect_trace(&x, "[志愿服务台账] B3 n 1 E3 n 2 G3 n 7 | AA6 n 3 "
	    "XFD6 n 4 |", "refs: gaps, an empty styled cell, cells and rows "
	    "without r, AA and XFD, an empty row");
	make_xlsx(NULL, SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"),
	    NULL, &x);
	expect_error(&x, "cell named 'XFE1'", "refs: past column XFD");
	make_xlsx(NULL, SHEET("<row r=\"1\"><c r=\"B1\"><v>1</v></c>"
	    "<c r=\"A1\"><v>1</v></c></row>"), NULL, &x);
	expect_error(&x, "out of order at A1", "refs: cells out of order");
	make_xlsx(NULL, SHEET("<row r=\"1\"/><c r=\"A1\"><v>1</v></c>"), NULL,
	    &x);
	expect_error(&x, "a cell outside any row", "refs: a cell outside a row");
	make_xlsx(NULL, SHEET("<row r=\"1\"><c r=\"e1\"><v>1</v></c></row>"),
	    NULL, &x);
	expect_trace(&x, "[志愿服务台账] E1 n 1 |", "refs: lower-case letters");
	make_xlsx(NULL, SHEET("<row r=\"2\"/><row r=\"1\"/>"), NULL, &x);
	expect_error(&x, "rows are out of order at row 1", "refs: rows out of "
	    "order");
	buf_release(&x);
}

static void test_numbers(void)
{
	struct buf x = BUF_INIT;

	make_xlsx(NULL, SHEET("<row r=\"1\">"
	    "<c r=\"A1\"><v>2.5</v></c><c r=\"B1\"><v>0.30000000000000004</v>"
	    "</c><c r=\"C1\"><v>1.0000000000000001E-2</v></c>"
	    "<c r=\"D1\"><v>1E-7</v></c><c r=\"E1\"><v>1E+20</v></c>"
	    "<c r=\"F1\" s=\"4\"><v>-3</v></c><c r=\"G1\" t=\"b\"><v>1</v></c>"
	    "<c r=\"H1\" t=\"b\"><v>0</v></c><c r=\"I1\" t=\"e\"><v>#DIV/0!</v>"
	    "</c><c r=\"J1\"><f>1/0</f><v></v></c><c r=\"K1\"><f>1/0</f></c>"
	    "<c r=\"L1\"><v>abc</v></c></row>"), NULL, &x);
	expect_trace(&x, "[志愿服务台账] A1 n 2.5 B1 n 0.3 C1 n 0.01 D1 n "
	    "0.0000001 E1 n 100000000000000000000 F1 n -3 G1 b TRUE H1 b FALSE "
	    "I1 e #DIV/0! J1 ?  K1 ?  L1 e abc |",
	    "numbers as typed (15 digits, no exponent), booleans, errors, "
	    "formulas never computed");
	buf_release(&x);
}

static void test_dates(void)
{
	struct buf x = BUF_INIT;
	char d[11];
	bool t;

	make_xlsx(NULL, SHEET("<row r=\"1\">"
	    "<c r=\"A1\" s=\"1\"><v>45544</v></c>"
	    "<c r=\"B1\" s=\"2\"><v>45544.75</v></c>"
	    "<c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"1\"><v>59</v></c>"
	    "<c r=\"E1\" s=\"1\"><v>61</v></c><c r=\"F1\" s=\"1\"><v>1</v></c>"
	    "<c r=\"G1\" s=\"3\"><v>0.625</v></c>"
	    "<c r=\"H1\" s=\"5\"><v>1.5</v></c>"
	    "<c r=\"I1\" s=\"1\"><v>-1</v></c>"
	    "<c r=\"J1\" s=\"4\"><v>45544</v></c>"
	    "<c r=\"K1\" t=\"d\"><v>2024-09-09T00:00:00</v></c></row>"), NULL, &x);
	expect_trace(&x, "[志愿服务台账] A1 d 2024-09-09 B1 d 2024-09-09 C1 d "
	    "1900-02-29 D1 d 1900-02-28 E1 d 1900-03-01 F1 d 1900-01-01 "
	    "G1 T 15:00 H1 T 36:00 I1 n -1 J1 n 45544 K1 d 2024-09-09 |",
	    "dates: built-in and custom date formats, 1900's leap-year quirk, "
	    "times, a serial before day 1, a '-' that is no date, ISO cells");
	make_xlsx("<?xml version=\"1.0\"?><workbook " NS "><workbookPr "
	    "date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\" "
	    "r:id=\"rId1\"/></sheets></workbook>", SHEET("<row r=\"1\">"
	    "<c r=\"A1\" s=\"1\"><v>44082</v></c><c r=\"B1\" s=\"1\"><v>0</v>"
	    "</c></row>"), NULL, &x);
	expect_trace(&x, "[S] A1 d 2024-09-09 B1 d 1904-01-01 |",
	    "dates: the 1904 date system");
	ok(xlsx_serial_date(2958465, false, d) && strcmp(d, "9999-12-31") == 0,
	    "dates: 2958465 is 9999-12-31");
	ok(!xlsx_serial_date(2958466, false, d), "dates: past 9999 is none");
	ok(!xlsx_serial_date(0, false, d), "dates: serial 0 is none (1900)");
	ok(xlsx_format_is_date(0, "[$-804]yyyy\"年\"m\"月\";@", &t) && !t,
	    "formats: a locale tag and quoted 年月");
	ok(xlsx_format_is_date(0, "mmm-yy", &t) && !t, "formats: mmm-yy");
	ok(xlsx_format_is_date(0, "[h]:mm:ss", &t) && t, "formats: [h]:mm:ss");
	ok(xlsx_format_is_date(0, "h:mm AM/PM", &t) && t, "formats: AM/PM");
	ok(!xlsx_format_is_date(0, "\"Day\"0", &t), "formats: quoted letters");
	ok(!xlsx_format_is_date(0, "General", &t), "formats: General");
	ok(!xlsx_format_is_date(0, "#,##0.00\\ \"元\"", &t), "formats: money");
	ok(xlsx_format_is_date(31, NULL, &t) && !t, "formats: built-in 31 "
	    "(yyyy年m月d日)");
	ok(xlsx_format_is_date(20, NULL, &t) && t, "formats: built-in 20 (h:mm)");
	ok(!xlsx_format_is_date(2, NULL, &t), "formats: built-in 2 (0.00)");
	buf_release(&x);
}

static void test_sheets(void)
{
	struct buf x = BUF_INIT;
	const char *two = "<?xml version=\"1.0\"?><workbook " NS "><sheets>"
	    "<sheet name=\"图表\" sheetId=\"9\" r:id=\"rId3\"/>"
	    "<sheet name=\"隐藏\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
	    "<sheet name=\"第二\" sheetId=\"2\" r:id=\"rId2\"/>"
	    "<sheet name=\"第三\" sheetId=\"3\" r:id=\"rId1\"/></sheets>"
	    "</workbook>";
	const char *parts[] = {
		"_rels/.rels", root_rels, "xl/workbook.xml", two,
		"xl/_rels/workbook.xml.rels", wb_rels,
		"xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"A1\">"
		    "<v>1</v></c></row>"),
		"xl/worksheets/sheet2.xml", "<x:worksheet xmlns:x=\"http://"
		    "schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		    "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\">"
		    "<x:is><x:t>二</x:t></x:is></x:c></x:row></x:sheetData>"
		    "</x:worksheet>",
		NULL, NULL,
	};

	make_zip(parts, &x);
	expect_trace(&x, "[第二] A1 t 二 |", "sheets: the first visible "
	    "worksheet (not a chart sheet, not a hidden one), "
	    "found through the relationships (absolute target), prefixed "
	    "elements, no styles or shared strings");
	buf_release(&x);
}

static void test_damaged(void)
{
	struct buf x = BUF_INIT, big = BUF_INIT;
	size_t i;

	buf_adds(&x, "日期,志愿者\n");
	expect_error(&x, "not a zip archive", "damaged: a CSV named .xlsx");
	buf_reset(&x);
	expect_error(&x, "the file is empty", "damaged: an empty file");
	make_xlsx(NULL, "<worksheet><sheetData><row><c><v>1</v></row>", NULL,
	    &x);
	expect_error(&x, "xl/worksheets/sheet1.xml is not well-formed XML",
	    "damaged: broken XML");
	make_xlsx(NULL, SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c>"
	    "</row>"), "<sst " NS "><si><t>a</t></si></sst>", &x);
	expect_error(&x, "cell A1 refers to shared text number 5",
	    "damaged: a shared string that is not there");
	{
		const char *parts[] = {"xl/worksheets/sheet1.xml", "<a/>", NULL,
		    NULL};
		make_zip(parts, &x);
		expect_error(&x, "xl/workbook.xml is missing", "damaged: a zip "
		    "that is no workbook (a .docx, say)");
	}
	make_xlsx(NULL, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>",
	    NULL, &x);
	expect_error(&x, "document type declaration", "damaged: a DTD "
	    "(entity expansion) is refused");
	/* A zip bomb: a sheet of 65 MiB of blanks packs into a few KiB. */
	buf_adds(&big, "<worksheet " NS "><sheetData>");
	for (i = 0; i < (65u << 20) / 64; i++)
		buf_adds(&big, "                                                "
		    "                ");
	buf_adds(&big, "</sheetData></worksheet>");
	make_xlsx(NULL, big.data, NULL, &x);
	ok(x.len < (1u << 20), "bomb: %zu KiB packed", x.len >> 10);
	expect_error(&x, "is too large unpacked (over 64 MiB)", "bomb: stops "
	    "at the limit");
	buf_release(&big);
	buf_release(&x);
}

/* --- the table: load_xlsx_file ----------------------------------------- */

static struct model m;
static struct diag d;

static void load(const char *kind, const char *sheet, const char *strings)
{
	struct loader L = {.m = &m, .d = &d, .root = "content"};
	struct buf x = BUF_INIT;
	struct date today = {2025, 6, 1};

	model_init(&m, "content", today);
	diag_init(&d);
	make_xlsx(NULL, sheet, strings, &x);
	load_xlsx_file(&L, kind, "content/data/x.xlsx", x.data, x.len);
	buf_release(&x);
}

static void teardown(void)
{
	diag_release(&d);
	model_release(&m);
}

static void expect_diag(const char *cell, const char *want, const char *name)
{
	size_t i;
	char at[32], col[8];

	for (i = 0; i < d.count; i++) {
		snprintf(at, sizeof(at), "%s!%s%d", d.entries[i].pos.sheet ?
		    d.entries[i].pos.sheet : "-", diag_column_letters(
		    d.entries[i].pos.column, col), d.entries[i].pos.line);
		if (strcmp(at, cell) == 0 && strstr(d.entries[i].message, want))
			break;
	}
	if (!ok(i < d.count, "%s", name)) {
		printf("#   wanted %s: %s\n", cell, want);
		for (i = 0; i < d.count; i++)
			printf("#   %s %d:%d: %s\n", d.entries[i].pos.sheet,
			    d.entries[i].pos.line, d.entries[i].pos.column,
			    d.entries[i].message);
	}
}

static void test_table(void)
{
	const struct service *s;

	load("service", SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\">"
	    "<v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"s\">"
	    "<v>3</v></c><c r=\"F1\" t=\"s\"><v>4</v></c><c r=\"G1\" t=\"s\">"
	    "<v>5</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" s=\"2\"><v>45544</v></c><c r=\"B2\" "
	    "t=\"s\"><v>6</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>heshilao"
	    "</t></is></c><c r=\"F2\"><v>2.5</v></c><c r=\"G2\"><v>20</v></c>"
	    "</row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>2024年9月10日</t>"
	    "</is></c><c r=\"B4\" t=\"s\"><v>6</v></c><c r=\"C4\" t=\"s\">"
	    "<v>7</v></c><c r=\"F4\" t=\"str\"><v>1.5</v></c></row>"),
	    "<sst " NS "><si><t>日期</t></si><si><t>志愿者</t></si>"
	    "<si><t>队伍</t></si><si><t></t></si><si><t>时长</t></si>"
	    "<si><t>积分</t></si><si><t>曾小香</t></si><si><t>和事佬</t></si>"
	    "</sst>");
	is_int((long long)d.count, 0, "table: no messages");
	is_int((long long)m.service.n, 2, "table: two rows");
	if (m.service.n == 2) {
		s = &m.service.items[0];
		is_int(s->date.year * 10000 + s->date.month * 100 + s->date.day,
		    20240909, "table: a date cell");
		is_str(s->volunteer, "曾小香", "table: a shared string");
		ok(s->hours == 2.5 && s->points == 20, "table: numbers");
		is_int(s->pos.line, 2, "table: the row's position is its row");
		is_str(s->pos.sheet, "志愿服务台账", "table: ... in its sheet");
		is_int(s->team_ref.pos.column, 3, "table: the team cell is C");
		s = &m.service.items[1];
		ok(s->date.day == 10 && s->hours == 1.5 && s->points == 0,
		    "table: text cells read like CSV");
	}
	teardown();

	load("service", SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>date</t></is></c>"
	    "<c r=\"B1\" t=\"inlineStr\"><is><t>volunteer</t></is></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>team</t></is></c>"
	    "<c r=\"E1\" t=\"inlineStr\"><is><t>时长</t></is></c></row>"
	    "<row r=\"18\"><c r=\"A18\"><v>45544</v></c><c r=\"B18\" "
	    "t=\"inlineStr\"><is><t>x</t></is></c><c r=\"C18\" t=\"e\">"
	    "<v>#N/A</v></c><c r=\"D18\"><v>1</v></c><c r=\"E18\" s=\"1\"><v>"
	    "45544</v></c><c r=\"H18\"><v>1</v></c></row>"
	    "<row r=\"19\"><c r=\"A19\" s=\"1\"><v>60</v></c><c r=\"B19\" "
	    "t=\"b\"><v>1</v></c><c r=\"C19\" t=\"inlineStr\"><is><t>t</t></is>"
	    "</c></row>"), NULL);
	expect_diag("志愿服务台账!H18", "right of the last column the header "
	    "names (column E)", "table: a cell past the header's columns");
	teardown();
	load("service", SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>date</t></is></c>"
	    "<c r=\"B1\" t=\"inlineStr\"><is><t>volunteer</t></is></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>team</t></is></c>"
	    "<c r=\"E1\" t=\"inlineStr\"><is><t>时长</t></is></c></row>"
	    "<row r=\"18\"><c r=\"A18\"><v>45544</v></c><c r=\"B18\" "
	    "t=\"inlineStr\"><is><t>x</t></is></c><c r=\"C18\" t=\"e\">"
	    "<v>#N/A</v></c><c r=\"E18\" s=\"1\"><v>45544</v></c></row>"
	    "<row r=\"19\"><c r=\"A19\" s=\"1\"><v>60</v></c><c r=\"C19\" "
	    "t=\"inlineStr\"><is><t>t</t></is></c>"
	    "<c r=\"E19\" t=\"b\"><v>1</v></c></row>"
	    "<row r=\"20\"><c r=\"A20\" s=\"1\"><v>45544</v></c><c r=\"B20\" "
	    "t=\"inlineStr\"><is><t>x</t></is></c><c r=\"C20\" "
	    "t=\"inlineStr\"><is><t>t</t></is></c><c r=\"D20\"><v>1</v></c>"
	    "<c r=\"E20\"><v>1</v></c></row>"), NULL);
	expect_diag("志愿服务台账!A18", "the number 45544 is not a date",
	    "table: a number where a date belongs");
	expect_diag("志愿服务台账!C18", "shows the error '#N/A'",
	    "table: an error value");
	expect_diag("志愿服务台账!E18", "formatted as a date (2024-09-09)",
	    "table: a date where hours belong");
	expect_diag("志愿服务台账!E18", "(column E, 时长)", "table: the column "
	    "is named by letter and header");
	expect_diag("志愿服务台账!A19", "impossible date '1900-02-29'",
	    "table: Excel's 1900-02-29");
	expect_diag("志愿服务台账!B19", "volunteer cell is empty",
	    "table: an empty cell Excel left out");
	expect_diag("志愿服务台账!D20", "column with no name",
	    "table: a cell under an empty header cell");
	expect_diag("志愿服务台账!E19", "hours must be a number, got 'TRUE'",
	    "table: a boolean where a number belongs");
	teardown();
}

static void test_private(void)
{
	size_t i;
	bool leaked = false;

	load("roster", SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\">"
	    "<v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\">"
	    "<v>3</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is>"
	    "<t>曾凤英</t></is></c><c r=\"B2\" t=\"s\"><v>4</v></c><c r=\"C2\" "
	    "t=\"e\"><v>#REF!</v></c><c r=\"D2\" s=\"1\"><v>42437</v></c></row>"),
	    "<sst " NS "><si><t>姓名</t></si><si><t>电话</t></si><si><t>身份证号"
	    "</t></si><si><t>队伍</t></si><si><t>13800138000</t></si></sst>");
	is_int((long long)d.count, 0, "private: no message about private cells");
	is_int((long long)m.roster.n, 1, "private: one member");
	if (m.roster.n == 1) {
		is_str(m.roster.items[0].name, "曾凤英", "private: the name");
		is_str(m.roster.items[0].team_ref.id, "2016-03-08", "private: a "
		    "date cell in a text column reads as the date");
	}
	for (i = 0; i < m.roster.n; i++)
		leaked |= strstr(m.roster.items[i].name, "13800") ||
		    strstr(m.roster.items[i].team_ref.id, "13800");
	ok(!leaked, "private: no member field holds the phone column");
	teardown();
}

/* --- text encodings ---------------------------------------------------- */

static void test_textenc(void)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "\xef\xbb\xbf" "a", 4);
	is_int(textenc_to_utf8(&b), TEXTENC_UTF8, "textenc: UTF-8 with a BOM");
	is_str(b.data, "a", "textenc: ... the BOM dropped");
	buf_reset(&b);
	/* 日期,时长\n in GB18030 */
	buf_adds(&b, "\xc8\xd5\xc6\xda,\xca\xb1\xb3\xa4\n");
	is_int(textenc_to_utf8(&b), TEXTENC_GB18030, "textenc: GB18030");
	is_str(b.data, "日期,时长\n", "textenc: ... as UTF-8");
	buf_reset(&b);
	buf_adds(&b, "\x84\x31\x95\x33\xc8\xd5\xc6\xda");
	is_int(textenc_to_utf8(&b), TEXTENC_GB18030, "textenc: GB18030 with "
	    "its byte-order mark");
	is_str(b.data, "日期", "textenc: ... the mark dropped");
	buf_reset(&b);
	buf_add(&b, "\xff\xfe\xe5\x65\x1f\x67\t\x00\x3d\xd8\x00\xde\n\x00", 14);
	is_int(textenc_to_utf8(&b), TEXTENC_UTF16LE, "textenc: UTF-16LE");
	is_str(b.data, "日期\t\xf0\x9f\x98\x80\n", "textenc: ... with a "
	    "surrogate pair as one character");
	buf_reset(&b);
	buf_add(&b, "\xfe\xff\x65\xe5\x67\x1f", 6);
	is_int(textenc_to_utf8(&b), TEXTENC_UTF16BE, "textenc: UTF-16BE");
	is_str(b.data, "日期", "textenc: ... as UTF-8");
	buf_reset(&b);
	buf_add(&b, "\xff\xfe\x00\xd8", 4);
	is_int(textenc_to_utf8(&b), TEXTENC_BAD_UTF16, "textenc: a lone "
	    "surrogate is no UTF-16");
	buf_reset(&b);
	buf_adds(&b, "日期,志愿者,队伍,活动,时长\n2024-09-09,\xff");
	is_int(textenc_to_utf8(&b), TEXTENC_BAD_UTF8, "textenc: UTF-8 with a "
	    "broken byte is not taken for GB18030");
	buf_reset(&b);
	buf_adds(&b, "caf\xe9 ok");
	is_int(textenc_to_utf8(&b), TEXTENC_BAD_UTF8, "textenc: Latin-1 is "
	    "neither");
	buf_release(&b);
}

/* How diag prints spreadsheet places. */
static void test_diag_places(void)
{
	struct diag dg;
	struct pos p = pos_make("data/s.xlsx", 18, 5);
	char out[1024] = "", col[8];
	FILE *f = tmpfile();
	size_t n;

	diag_init(&dg);
	p.sheet = "志愿服务台账";
	diag_error(&dg, p, "a");
	p.line = 1;
	p.column = 0;
	diag_error(&dg, p, "b");
	p.sheet = "Sheet 1";
	p.column = 28;
	diag_error(&dg, p, "c");
	p.sheet = "it's";
	p.line = 0;
	diag_error(&dg, p, "d");
	diag_flush(&dg, f);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	is_str(out, "data/s.xlsx:'Sheet 1'!AB1: error: c\n"
	    "data/s.xlsx:'it''s': error: d\n"
	    "data/s.xlsx:志愿服务台账!1:1: error: b\n"
	    "data/s.xlsx:志愿服务台账!E18: error: a\n",
	    "diag: cells, whole rows, quoted sheet names, sorted by sheet and row");
	is_str(diag_column_letters(16384, col), "XFD", "diag: column 16384 is XFD");
	diag_release(&dg);
}

int main(void)
{
	test_strings();
	test_refs();
	test_numbers();
	test_dates();
	test_sheets();
	test_damaged();
	test_table();
	test_private();
	test_textenc();
	test_diag_places();
	return tap_done();
}
