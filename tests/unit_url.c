/* Unit tests for url.c: Punycode (RFC 3492's own samples) and base_url. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "tap.h"
#include "url.h"
#include "utf8.h"

/* The Punycode of the UTF-8 text s. */
static void punycode_of(const char *s, struct buf *out)
{
	unsigned cp[128];
	size_t n = 0, i = 0, len = strlen(s), step;

	while (i < len && n < 128) {
		cp[n++] = utf8_decode(s + i, len - i, &step);
		i += step;
	}
	buf_reset(out);
	url_punycode(cp, n, out);
}

static void test_punycode(void)
{
	/* RFC 3492 7.1: (A) Arabic (Egyptian), (B) Chinese (simplified),
	 * (C) Chinese (traditional); and two everyday names. */
	static const struct { const char *in, *out; } cases[] = {
		{"\xd9\x84\xd9\x8a\xd9\x87\xd9\x85\xd8\xa7\xd8\xa8\xd8\xaa\xd9\x83"
		 "\xd9\x84\xd9\x85\xd9\x88\xd8\xb4\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a"
		 "\xd8\x9f", "egbpdaj6bu4bxfgehfvwxn"},
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"},
		{"他們爲什麽不說中文", "ihqwctvzc91f659drss3x8bo0yb"},
		{"中国", "fiqs8s"},
		{"bücher", "bcher-kva"},
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		punycode_of(cases[i].in, &b);
		is_str(b.data, cases[i].out, cases[i].out);
	}
	buf_release(&b);
}

static void test_base_url(void)
{
	static const struct { const char *in, *out; } good[] = {
		{"https://xingfuli.example.org/", "https://xingfuli.example.org/"},
		{"https://xingfuli.example.org", "https://xingfuli.example.org/"},
		{"HTTP://Example.ORG/Site", "http://example.org/Site/"},
		{"https://幸福里.中国/", "https://xn--lwty61d49q.xn--fiqs8s/"},
		{"https://例子。中国/社区/", "https://xn--fsqu00a.xn--fiqs8s/%E7%A4%BE%E5%8C%BA/"},
		{"https://example.org:8080/a%20b/", "https://example.org:8080/a%20b/"},
		{"http://[::1]:8000/", "http://[::1]:8000/"},
		{"https://example.org./", "https://example.org/"},
	};
	static const char *const bad[] = {
		"xingfuli.example.org", "ftp://example.org/", "https:///x",
		"https://example.org/?a=1", "https://example.org/#top",
		"https://user@example.org/", "https://example.org:http/",
		"https://example.org:99999/", "https://exa mple.org/",
		"https://exa_mple.org/", "https://-example.org/",
		"https://example..org/", "https://example.org:/",
	};
	struct arena a;
	const char *why, *got;
	size_t i;

	arena_init(&a);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		got = url_normalize_base(good[i].in, &a, &why);
		is_str(got, good[i].out, good[i].in);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		got = url_normalize_base(bad[i], &a, &why);
		ok(!got && why && *why, "refused: %s (%s)", bad[i], why ? why : "");
	}
	arena_release(&a);
}

int main(void)
{
	test_punycode();
	test_base_url();
	return tap_done();
}
