/* Unit tests for the small pieces: buf, arena, strmap, utf8, diag. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"
#include "tap.h"
#include "utf8.h"

static void test_buf(void)
{
	struct buf b = BUF_INIT;
	size_t i, len;
	char *p;

	ok(b.data != NULL && b.data[0] == '\0' && b.len == 0,
	    "a new buf is an empty string, never NULL");
	buf_adds(&b, "邻里");
	buf_printf(&b, " %d%s", 42, "!");
	is_str(b.data, "邻里 42!", "buf_adds and buf_printf append");
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	is_int((long long)b.len, 10000, "buf grows past its first block");
	ok(b.data[b.len] == '\0', "and stays NUL-terminated");
	buf_reset(&b);
	buf_printf(&b, "%0300d", 7);
	is_int((long long)b.len, 300, "buf_printf of a long result");
	buf_reset(&b);
	buf_add_html(&b, "<a href=\"x\">'&'</a>", 19);
	is_str(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
	    "buf_add_html escapes & < > \" '");
	buf_reset(&b);
	buf_add_url(&b, "a b/社", 7);
	is_str(b.data, "a%20b/%E7%A4%BE", "buf_add_url percent-encodes");
	ok(buf_ends_with(&b, "%BE") && !buf_ends_with(&b, "x"), "buf_ends_with");
	p = buf_detach(&b, &len);
	ok(b.len == 0 && b.data[0] == '\0' && len == 15, "buf_detach hands over and resets");
	free(p);
	buf_release(&b);
}

static void test_arena(void)
{
	struct arena a;
	char *s;
	int *big, *arr;
	size_t i;

	arena_init(&a);
	s = arena_printf(&a, "%s-%d", "id", 7);
	is_str(s, "id-7", "arena_printf");
	s = arena_printf(&a, "%0400d", 1);
	is_int((long long)strlen(s), 400, "arena_printf longer than its stack buffer");
	big = arena_array(&a, 100000, sizeof(int));
	for (i = 0; i < 100000; i++)
		big[i] = (int)i;
	ok(big[99999] == 99999, "a large array gets its own block");
	arr = arena_array(&a, 4, sizeof(int));
	ok(arr[0] == 0 && arr[3] == 0, "arena memory is zeroed");
	arr[0] = 5;
	arr = arena_grow(&a, arr, 4, 8, sizeof(int));
	ok(arr[0] == 5 && arr[7] == 0, "arena_grow keeps the old items");
	ok(((uintptr_t)arena_alloc(&a, 3) % sizeof(void *)) == 0, "allocations are aligned");
	arena_reset(&a);
	s = arena_strdup(&a, "again");
	is_str(s, "again", "an arena works after arena_reset");
	arena_release(&a);
}

static void test_strmap(void)
{
	struct arena a;
	struct strmap m;
	char keys[2000][16];
	int values[2000];
	int i, found = 0;

	arena_init(&a);
	strmap_init(&m, &a);
	ok(strmap_get(&m, "x") == NULL, "an empty map finds nothing");
	for (i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key-%d", i);
		values[i] = i;
		strmap_put(&m, keys[i], &values[i]);
	}
	for (i = 0; i < 2000; i++)
		found += strmap_get(&m, keys[i]) == &values[i];
	is_int(found, 2000, "2000 keys survive rehashing");
	ok(strmap_put(&m, "key-5", &values[9]) == &values[5], "strmap_put keeps the first value");
	strmap_set(&m, "key-5", &values[9]);
	ok(strmap_get(&m, "key-5") == &values[9], "strmap_set replaces");
	ok(strmap_getn(&m, "key-12345", 5) == &values[1], "strmap_getn looks up a prefix");
	arena_release(&a);
}

static void test_utf8(void)
{
	size_t n;

	is_int((long long)utf8_invalid_at("邻里", 6), 6, "valid UTF-8");
	is_int((long long)utf8_invalid_at("ab\xff", 3), 2, "a stray byte is found");
	is_int((long long)utf8_invalid_at("\xc0\xaf", 2), 0, "an overlong form is invalid");
	is_int((long long)utf8_invalid_at("\xed\xa0\x80", 3), 0, "a surrogate is invalid");
	is_int((long long)utf8_invalid_at("\xe9\x82", 2), 0, "a cut sequence is invalid");
	is_int((long long)utf8_decode("邻", 3, &n), 0x90bb, "utf8_decode");
	is_int((long long)n, 3, "and its length");
	is_int((long long)utf8_length("曾凤英", 9), 3, "utf8_length counts characters");
	is_int((long long)utf8_prefix("曾凤英", 9, 2), 6, "utf8_prefix stops at a character boundary");
}

static void test_diag(void)
{
	struct diag d;
	FILE *f = tmpfile();
	char out[512];
	size_t n;

	diag_init(&d);
	diag_error(&d, pos_make("b.yaml", 3, 1), "third");
	diag_warning(&d, pos_make("a.yaml", 9, 2), "second");
	diag_error(&d, pos_make("a.yaml", 2, 5), "first");
	ok(diag_failed(&d), "an error fails the build");
	diag_flush(&d, f);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	is_str(out, "a.yaml:2:5: error: first\na.yaml:9:2: warning: second\n"
	    "b.yaml:3:1: error: third\n", "diagnostics print sorted by path and line");
	fclose(f);
	is_int((long long)d.errors, 2, "errors are counted");
	diag_release(&d);
	diag_init(&d);
	diag_warning(&d, pos_make("a", 1, 1), "w");
	ok(!diag_failed(&d), "a warning alone does not fail");
	d.strict = true;
	ok(diag_failed(&d), "unless --strict");
	diag_release(&d);
}

int main(void)
{
	test_buf();
	test_arena();
	test_strmap();
	test_utf8();
	test_diag();
	return tap_done();
}
