/*
 * json: a JSON writer whose output is safe inside <script> (see json.h).
 */
#include "json.h"

#include <assert.h>
#include <math.h>
#include <string.h>

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
