/*
 * unit_json: the JSON writer (escaping safe inside <script>, commas) and
 * the QR code SVG.
 */
#include <math.h>
#include <string.h>

#include "json.h"
#include "qr.h"
#include "tap.h"

static void test_escaping(void)
{
	struct buf b = BUF_INIT;
	const char *s = "</script><!--&\"\\\n\t\x01\x7f \xe2\x80\xa8|\xe2\x80\xa9 "
	    "\xe2\x80\x99 中文";

	json_add_string(&b, s, strlen(s));
	is_str(b.data, "\"\\u003c/script\\u003e\\u003c!--\\u0026\\\"\\\\\\n\\t"
	    "\\u0001\\u007f \\u2028|\\u2029 \xe2\x80\x99 中文\"",
	    "< > & quotes, backslash, controls, U+2028/9 escaped; other UTF-8 kept");
	ok(!strchr(b.data, '<') && !strchr(b.data, '>') && !strchr(b.data, '&'),
	    "no < > & left");
	buf_reset(&b);
	json_add_string(&b, "a\0b", 3);
	is_str(b.data, "\"a\\u0000b\"", "a NUL byte is escaped, not the end");
	buf_reset(&b);
	json_add_string(&b, "\xe2\x80", 2);
	is_int((long long)b.len, 4, "a cut-off sequence at the end is passed through");
	buf_release(&b);
}

static void test_writer(void)
{
	struct buf b = BUF_INIT;
	struct json_writer j;

	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "a", "x");
	json_kv_string(&j, "skipped", NULL);
	json_kv_number(&j, "n", 1.5);
	json_key(&j, "list");
	json_begin_array(&j);
	json_number(&j, 1);
	json_string(&j, NULL);
	json_bool(&j, true);
	json_begin_object(&j);
	json_end_object(&j);
	json_begin_array(&j);
	json_end_array(&j);
	json_number(&j, INFINITY);
	json_end_array(&j);
	json_keyn(&j, "k<ey", 4);
	json_raw(&j, "{\"r\":0}");
	json_end_object(&j);
	is_str(b.data, "{\"a\":\"x\",\"n\":1.5,\"list\":[1,null,true,{},[],null],"
	    "\"k\\u003cey\":{\"r\":0}}", "commas, nesting, null for NULL and infinity");
	buf_release(&b);
}

static void test_qr(void)
{
	struct buf b = BUF_INIT;
	char big[8000];

	ok(qr_svg(&b, "https://example.org/stories/a/index.html", "Scan <me>"),
	    "a URL encodes");
	ok(strncmp(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
	    strlen("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")) == 0,
	    "an svg with a viewBox");
	ok(strstr(b.data, "aria-label=\"Scan &lt;me&gt;\"") != NULL,
	    "its label is HTML-escaped");
	ok(strstr(b.data, "M4 4h7v1h-7z") != NULL,
	    "the top-left finder pattern starts after the quiet zone");
	ok(buf_ends_with(&b, "\"/></svg>"), "the svg is closed");
	buf_reset(&b);
	ok(qr_svg(&b, "x", NULL) && strstr(b.data, "aria-hidden=\"true\""),
	    "without a title it is hidden from screen readers");
	buf_reset(&b);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(!qr_svg(&b, big, NULL) && b.len == 0,
	    "too long for a QR code: false, nothing appended");
	buf_release(&b);
}

/* Every string the writer makes reads back to the same bytes. */
static void test_read_back(void)
{
	static const char *const samples[] = {"", "plain", "引号\"和\\反斜杠",
	    "</script><!--&", "line\nbreak\ttab\x01\x7f", "\xe2\x80\xa8 and \xe2\x80\xa9",
	    "𠀀 beyond the BMP", "社區義診"};
	struct buf b = BUF_INIT, out = BUF_INIT;
	struct json_cursor c;
	size_t i;

	for (i = 0; i < sizeof(samples) / sizeof(*samples); i++) {
		buf_reset(&b);
		json_add_string(&b, samples[i], strlen(samples[i]));
		json_cursor_init(&c, b.data, b.len);
		ok(json_read_string(&c, &out) && out.len == strlen(samples[i]) &&
		    !memcmp(out.data, samples[i], out.len), "read back: %s",
		    b.data);
	}
	buf_release(&b);
	buf_release(&out);
}

static void test_cursor(void)
{
	const char *text = " [1, -2.5e1 ,\"\\u4e49\\ud840\\udc00\\/\", {\"k\": [true, "
	    "false, null, {}]}] tail";
	struct buf s = BUF_INIT;
	struct json_cursor c;
	double v;
	bool first = true;
	int items = 0;

	json_cursor_init(&c, text, strlen(text));
	ok(json_expect(&c, '['), "an array opens");
	ok(json_next_item(&c, ']', true) && json_read_number(&c, &v) && v == 1,
	    "its first number");
	ok(json_next_item(&c, ']', false) && json_read_number(&c, &v) &&
	    v == -25, "a negative number with an exponent");
	ok(json_next_item(&c, ']', false) && json_read_string(&c, &s) &&
	    !strcmp(s.data, "义𠀀/"), "escapes, a surrogate pair, \\/");
	ok(json_next_item(&c, ']', false) && json_skip_value(&c),
	    "a nested object is skipped");
	ok(!json_next_item(&c, ']', false) && json_expect(&c, ']') &&
	    json_expect_text(&c, "tail") && !c.failed, "the array ends; the tail");
	for (const char *bad = "[1,,2]"; bad; bad = NULL) {
		json_cursor_init(&c, bad, strlen(bad));
		json_expect(&c, '[');
		while (json_next_item(&c, ']', first) && json_skip_value(&c))
			first = false, items++;
		ok(c.failed && items == 1, "[1,,2] fails after one item");
	}
	static const char *const broken[] = {"\"open", "\"\\u00\"",
	    "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\q\"", "\"a\nb\"",
	    "-", "1e999", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	    "{\"a\" 1}", "tru", ""};
	for (size_t i = 0; i < sizeof(broken) / sizeof(*broken); i++) {
		json_cursor_init(&c, broken[i], strlen(broken[i]));
		ok(!json_skip_value(&c) && c.failed && !json_peek(&c, '"'),
		    "malformed (case %zu), and every later call fails", i);
	}
	buf_release(&s);
}

static void test_find_key(void)
{
	const char *msg = "{\"id\":7,\"result\":{\"a\":[1,{\"value\":0}],"
	    "\"value\" : \"x\\u0026y\"}}";
	struct buf s = BUF_INIT;
	struct json_cursor c;

	json_cursor_init(&c, msg, strlen(msg));
	ok(json_find_key(&c, "result") && json_find_key(&c, "value") &&
	    json_read_string(&c, &s) && !strcmp(s.data, "x&y"),
	    "a member of a member, past a nested one of the same name");
	json_cursor_init(&c, msg, strlen(msg));
	ok(!json_find_key(&c, "value"), "only the object's own members count");
	json_cursor_init(&c, "[1]", 3);
	ok(!json_find_key(&c, "id") && c.failed, "not an object");
	buf_release(&s);
}

int main(void)
{
	test_escaping();
	test_writer();
	test_read_back();
	test_cursor();
	test_find_key();
	test_qr();
	return tap_done();
}
