/*
 * json: a JSON writer whose output is safe inside <script>, and a cursor
 * that reads JSON back (see json.h).
 */
#include "json.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void json_add_string(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, start = 0;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];
		const char *rep = NULL;
		size_t skip = 1;
		char u[7];

		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\t')
			rep = "\\t";
		else if (c < 0x20 || c == '<' || c == '>' || c == '&' ||
		    c == 0x7f) {
			u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
			u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = '\0';
			rep = u;
		} else if (c == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
			rep = p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
			skip = 3;
		}
		if (!rep)
			continue;
		buf_add(b, s + start, i - start);
		buf_adds(b, rep);
		i += skip - 1;
		start = i + 1;
	}
	buf_add(b, s + start, len - start);
	buf_addc(b, '"');
}

void json_init(struct json_writer *j, struct buf *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
	j->first[0] = true;
}

/* Writes the comma a value needs before it, unless it follows a key or is
 * the first at its depth. */
static void before_value(struct json_writer *j)
{
	if (j->after_key)
		j->after_key = false;
	else if (!j->first[j->depth])
		buf_addc(j->b, ',');
	j->first[j->depth] = false;
}

static void nest_open(struct json_writer *j, char c)
{
	before_value(j);
	buf_addc(j->b, c);
	assert(j->depth < JSON_MAX_DEPTH);
	j->first[++j->depth] = true;
}

static void nest_close(struct json_writer *j, char c)
{
	assert(j->depth > 0);
	j->depth--;
	buf_addc(j->b, c);
}

void json_begin_object(struct json_writer *j)
{
	nest_open(j, '{');
}

void json_end_object(struct json_writer *j)
{
	nest_close(j, '}');
}

void json_begin_array(struct json_writer *j)
{
	nest_open(j, '[');
}

void json_end_array(struct json_writer *j)
{
	nest_close(j, ']');
}

void json_keyn(struct json_writer *j, const char *key, size_t len)
{
	before_value(j);
	json_add_string(j->b, key, len);
	buf_addc(j->b, ':');
	j->after_key = true;
}

void json_key(struct json_writer *j, const char *key)
{
	json_keyn(j, key, strlen(key));
}

void json_stringn(struct json_writer *j, const char *s, size_t len)
{
	before_value(j);
	json_add_string(j->b, s, len);
}

void json_string(struct json_writer *j, const char *s)
{
	if (!s)
		json_null(j);
	else
		json_stringn(j, s, strlen(s));
}

void json_number(struct json_writer *j, double n)
{
	if (!isfinite(n)) {
		json_null(j);
		return;
	}
	before_value(j);
	buf_printf(j->b, "%.15g", n);
}

void json_bool(struct json_writer *j, bool v)
{
	before_value(j);
	buf_adds(j->b, v ? "true" : "false");
}

void json_null(struct json_writer *j)
{
	before_value(j);
	buf_adds(j->b, "null");
}

void json_raw(struct json_writer *j, const char *text)
{
	before_value(j);
	buf_adds(j->b, text);
}

void json_kv_string(struct json_writer *j, const char *key, const char *s)
{
	if (!s)
		return;
	json_key(j, key);
	json_string(j, s);
}

void json_kv_number(struct json_writer *j, const char *key, double n)
{
	json_key(j, key);
	json_number(j, n);
}

/* --- reading ------------------------------------------------------------ */

void json_cursor_init(struct json_cursor *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->failed = false;
	c->depth = 0;
}

static bool cursor_fail(struct json_cursor *c)
{
	c->failed = true;
	return false;
}

static void skip_space(struct json_cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

bool json_peek(struct json_cursor *c, char ch)
{
	if (c->failed)
		return false;
	skip_space(c);
	return c->p < c->end && *c->p == ch;
}

bool json_expect(struct json_cursor *c, char ch)
{
	if (!json_peek(c, ch))
		return cursor_fail(c);
	c->p++;
	return true;
}

bool json_expect_text(struct json_cursor *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->failed)
		return false;
	skip_space(c);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n))
		return cursor_fail(c);
	c->p += n;
	return true;
}

bool json_next_item(struct json_cursor *c, char close, bool first)
{
	if (json_peek(c, close))
		return false;
	return first || json_expect(c, ',');
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The four hex digits after a \u, or -1. */
static long read_hex4(struct json_cursor *c)
{
	long v = 0;
	int i, d;

	if (c->end - c->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = hex_digit(c->p[i])) < 0)
			return -1;
		v = v * 16 + d;
	}
	c->p += 4;
	return v;
}

/* The code point of the escape after "\u" (a surrogate pair is one). */
static long read_unicode_escape(struct json_cursor *c)
{
	long hi = read_hex4(c), lo;

	if (hi < 0xd800 || hi > 0xdfff)
		return hi ? hi : -1;
	if (hi > 0xdbff || c->end - c->p < 2 || c->p[0] != '\\' ||
	    c->p[1] != 'u')
		return -1;
	c->p += 2;
	lo = read_hex4(c);
	if (lo < 0xdc00 || lo > 0xdfff)
		return -1;
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

static bool read_escape(struct json_cursor *c, struct buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	char u[4];
	long cp;

	if (c->p == c->end)
		return false;
	if (*c->p != 'u') {
		if (!(k = memchr(from, *c->p, sizeof(from) - 1)))
			return false;
		buf_addc(out, to[k - from]);
		c->p++;
		return true;
	}
	c->p++;
	if ((cp = read_unicode_escape(c)) < 0)
		return false;
	buf_add(out, u, utf8_encode((uint32_t)cp, u));
	return true;
}

bool json_read_string(struct json_cursor *c, struct buf *out)
{
	const char *start;

	buf_reset(out);
	if (!json_expect(c, '"'))
		return false;
	for (;;) {
		start = c->p;
		while (c->p < c->end && *c->p != '"' && *c->p != '\\' &&
		    (unsigned char)*c->p >= 0x20)
			c->p++;
		buf_add(out, start, (size_t)(c->p - start));
		if (c->p == c->end || (unsigned char)*c->p < 0x20)
			return cursor_fail(c);
		if (*c->p++ == '"')
			break;
		if (!read_escape(c, out))
			return cursor_fail(c);
	}
	return true;
}

bool json_read_number(struct json_cursor *c, double *v)
{
	char tmp[64], *end;
	size_t n = 0;

	if (c->failed)
		return false;
	skip_space(c);
	while (c->p + n < c->end && n < sizeof(tmp) - 1 &&
	    strchr("0123456789+-.eE", c->p[n]) && c->p[n])
		n++;
	memcpy(tmp, c->p, n);
	tmp[n] = '\0';
	if (!n || !(tmp[0] == '-' || (tmp[0] >= '0' && tmp[0] <= '9')))
		return cursor_fail(c);
	*v = strtod(tmp, &end);
	if (end != tmp + n || !isfinite(*v))
		return cursor_fail(c);
	c->p += n;
	return true;
}

static bool skip_nested(struct json_cursor *c, char close, bool object)
{
	bool first = true;

	if (++c->depth > JSON_MAX_DEPTH)
		return cursor_fail(c);
	c->p++;
	while (json_next_item(c, close, first)) {
		first = false;
		if (object && !(json_skip_value(c) && json_expect(c, ':')))
			return false;
		if (!json_skip_value(c))
			return false;
	}
	c->depth--;
	return json_expect(c, close);
}

bool json_skip_value(struct json_cursor *c)
{
	struct buf tmp = BUF_INIT;
	double v;
	bool ok;

	if (c->failed)
		return false;
	skip_space(c);
	if (c->p == c->end)
		return cursor_fail(c);
	switch (*c->p) {
	case '{':
		return skip_nested(c, '}', true);
	case '[':
		return skip_nested(c, ']', false);
	case '"':
		ok = json_read_string(c, &tmp);
		buf_release(&tmp);
		return ok;
	case 't':
		return json_expect_text(c, "true");
	case 'f':
		return json_expect_text(c, "false");
	case 'n':
		return json_expect_text(c, "null");
	default:
		return json_read_number(c, &v);
	}
}

bool json_find_key(struct json_cursor *c, const char *key)
{
	struct buf name = BUF_INIT;
	bool first = true, found = false;

	json_expect(c, '{');
	while (!found && json_next_item(c, '}', first)) {
		first = false;
		if (!json_read_string(c, &name) || !json_expect(c, ':'))
			break;
		found = !strcmp(name.data, key) && name.len == strlen(key);
		if (!found)
			json_skip_value(c);
	}
	buf_release(&name);
	return found && !c->failed;
}
