/*
 * json: a small JSON writer, safe to embed in an HTML <script> element.
 *
 * Strings are escaped so that the output never contains '<', '>' or '&'
 * (written \u003c, \u003e, \u0026) nor U+2028/U+2029 (\u2028, \u2029):
 * a title holding "</script>" or "<!--" cannot end the script element, and
 * the text stays valid JavaScript. Keys and values go through the same
 * escaping.
 *
 * A struct json_writer tracks commas, so callers write values in order:
 *
 *	struct json_writer j;
 *	json_init(&j, &b);
 *	json_begin_object(&j);
 *	json_key(&j, "title"); json_string(&j, title);
 *	json_end_object(&j);
 *
 * The writer does not check that keys and values alternate; nesting deeper
 * than JSON_MAX_DEPTH is our own mistake (assert).
 *
 * A struct json_cursor reads JSON back (linli's own files: a district reads
 * the search index its communities' builds wrote). It reads one value at a
 * time; any malformed text makes every later call fail, so a caller may
 * check once at the end:
 *
 *	struct json_cursor c;
 *	json_cursor_init(&c, text, len);
 *	json_expect(&c, '[');
 *	while (!json_peek(&c, ']') && json_read_string(&c, &s)) ...
 */
#ifndef LINLI_JSON_H
#define LINLI_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define JSON_MAX_DEPTH 32

struct json_writer {
	struct buf *b;      /* appended to; owned by the caller */
	unsigned depth;
	bool first[JSON_MAX_DEPTH + 1]; /* no value yet at this depth */
	bool after_key;     /* the next value follows a key: no comma */
};

/* Appends s[0..len) as a quoted JSON string with the escaping above. The
 * bytes are taken as UTF-8 and passed through otherwise. */
void json_add_string(struct buf *b, const char *s, size_t len);

/* Starts writing values to b (which keeps its contents). */
void json_init(struct json_writer *j, struct buf *b);
void json_begin_object(struct json_writer *j);
void json_end_object(struct json_writer *j);
void json_begin_array(struct json_writer *j);
void json_end_array(struct json_writer *j);
/* An object's key; the next call writes its value. */
void json_key(struct json_writer *j, const char *key);
void json_keyn(struct json_writer *j, const char *key, size_t len);
/* s as a string; NULL writes null. */
void json_string(struct json_writer *j, const char *s);
void json_stringn(struct json_writer *j, const char *s, size_t len);
/* A number ("%.15g"); NaN and infinities write null. */
void json_number(struct json_writer *j, double n);
void json_bool(struct json_writer *j, bool v);
void json_null(struct json_writer *j);
/* Appends raw JSON text (already valid and escaped) as one value. */
void json_raw(struct json_writer *j, const char *text);

/* json_key(j, key) then json_string(j, s), skipped when s is NULL. */
void json_kv_string(struct json_writer *j, const char *key, const char *s);
/* json_key(j, key) then json_number(j, n). */
void json_kv_number(struct json_writer *j, const char *key, double n);

/* --- reading ------------------------------------------------------------ */

struct json_cursor {
	const char *p, *end;
	bool failed;        /* a call met text it did not expect */
	unsigned depth;     /* of json_skip_value, bounded */
};

void json_cursor_init(struct json_cursor *c, const char *text, size_t len);
/* Skips white space; true when the next character is ch (not taken). */
bool json_peek(struct json_cursor *c, char ch);
/* Skips white space and takes ch, or fails. */
bool json_expect(struct json_cursor *c, char ch);
/* Takes the literal text lit exactly (after white space), or fails. */
bool json_expect_text(struct json_cursor *c, const char *lit);
/* Takes a comma before the next item of an array or object unless close
 * comes next: true when there is one more item. */
bool json_next_item(struct json_cursor *c, char close, bool first);
/* A string, decoded to UTF-8 into out (reset first). A \u0000 or a lone
 * surrogate fails: linli never writes them. */
bool json_read_string(struct json_cursor *c, struct buf *out);
bool json_read_number(struct json_cursor *c, double *v);
/* Any one value, skipped (nesting at most JSON_MAX_DEPTH). */
bool json_skip_value(struct json_cursor *c);
/* With c at an object: moves c to the value of its member key (the
 * others skipped); false when the object has none or is malformed. */
bool json_find_key(struct json_cursor *c, const char *key);

#endif
