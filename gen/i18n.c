#include "i18n.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A .mo file as msgfmt writes it (GNU gettext manual, "The Format of GNU MO
 * Files"): a header, then two tables of (length, offset) pairs, originals
 * sorted by bytes and their translations in the same order. */
#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

struct mo {
	const unsigned char *data;
	size_t size;
	bool swapped;
	uint32_t count, originals, translations;
	int nplurals; /* from the header's Plural-Forms; 1 for Chinese */
};

static enum i18n_lang current = I18N_EN;
static struct mo loaded;
static bool loaded_ok;

static uint32_t mo_word(const struct mo *m, size_t off)
{
	uint32_t v;

	memcpy(&v, m->data + off, 4);
	if (m->swapped)
		v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) |
		    (v << 24);
	return v;
}

/* String i of the table at off, or NULL when the catalog lies about it. */
static const char *mo_string(const struct mo *m, uint32_t table, uint32_t i,
    uint32_t *len)
{
	size_t at = (size_t)table + (size_t)i * 8;
	uint32_t n, off;

	if (at + 8 > m->size)
		return NULL;
	n = mo_word(m, at);
	off = mo_word(m, at + 4);
	if ((size_t)off + n >= m->size || m->data[(size_t)off + n] != '\0')
		return NULL;
	if (len)
		*len = n;
	return (const char *)m->data + off;
}

/* nplurals from "Plural-Forms: nplurals=N; plural=...;" in the header
 * (the translation of ""). Chinese has one form; we know no language with
 * more than two, whose rule is then English's (n != 1). */
static int mo_nplurals(const struct mo *m)
{
	const char *header = mo_string(m, m->translations, 0, NULL);
	const char *p = header ? strstr(header, "nplurals=") : NULL;

	if (!p)
		return 2;
	return atoi(p + strlen("nplurals=")) == 1 ? 1 : 2;
}

static bool mo_open(struct mo *m, const unsigned char *data, size_t size)
{
	uint32_t magic;

	memset(m, 0, sizeof(*m));
	if (size < 28)
		return false;
	m->data = data;
	m->size = size;
	memcpy(&magic, data, 4);
	if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
		return false;
	m->swapped = magic == MO_MAGIC_SWAPPED;
	m->count = mo_word(m, 8);
	m->originals = mo_word(m, 12);
	m->translations = mo_word(m, 16);
	if ((size_t)m->originals + (size_t)m->count * 8 > size ||
	    (size_t)m->translations + (size_t)m->count * 8 > size)
		return false;
	m->nplurals = mo_nplurals(m);
	return true;
}

/* The index of msgid among the sorted originals, by binary search; -1. */
static long mo_find(const struct mo *m, const char *msgid)
{
	uint32_t lo = 0, hi = m->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = mo_string(m, m->originals, mid, NULL);
		int c;

		if (!s)
			return -1;
		c = strcmp(msgid, s);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Form k of the translation at index i ("form0\0form1\0..."); NULL when
 * it has fewer forms or is empty (untranslated). */
static const char *mo_form(const struct mo *m, long i, int k)
{
	uint32_t len;
	const char *s = mo_string(m, m->translations, (uint32_t)i, &len);
	const char *end = s ? s + len : NULL;

	if (!s)
		return NULL;
	while (k-- > 0) {
		s += strlen(s) + 1;
		if (s >= end)
			return NULL;
	}
	return *s ? s : NULL;
}

void i18n_set(enum i18n_lang lang)
{
	const struct i18n_catalog *c;

	current = lang;
	loaded_ok = false;
	for (c = i18n_catalogs; c->mo; c++)
		if (c->lang == lang)
			loaded_ok = mo_open(&loaded, c->mo, c->size);
}

enum i18n_lang i18n_current(void)
{
	return current;
}

const char *i18n_gettext(const char *msgid)
{
	long i;
	const char *s;

	if (!loaded_ok || !msgid || !*msgid)
		return msgid;
	i = mo_find(&loaded, msgid);
	s = i < 0 ? NULL : mo_form(&loaded, i, 0);
	return s ? s : msgid;
}

const char *i18n_ngettext(const char *singular, const char *plural,
    unsigned long n)
{
	const char *english = n == 1 ? singular : plural;
	long i;
	const char *s;

	if (!loaded_ok)
		return english;
	i = mo_find(&loaded, singular);
	if (i < 0)
		return english;
	s = mo_form(&loaded, i, loaded.nplurals == 1 ? 0 : n != 1);
	return s ? s : english;
}

/* --- choosing the language ------------------------------------------- */

/* Compares the first n bytes of a locale name without case, '-' == '_'. */
static bool lang_prefix(const char *name, const char *want)
{
	for (; *want; name++, want++) {
		int a = *name == '-' ? '_' : tolower((unsigned char)*name);
		int b = *want == '-' ? '_' : *want;
		if (a != b)
			return false;
	}
	/* The prefix must end where a part of the name ends. */
	return !*name || *name == '_' || *name == '-' || *name == '.' ||
	    *name == '@' || *name == ':';
}

bool i18n_parse_lang(const char *name, enum i18n_lang *out)
{
	static const char *const traditional[] = {
		"zh_tw", "zh_hk", "zh_mo", "zh_hant", NULL};
	size_t i;

	if (!name)
		return false;
	for (i = 0; traditional[i]; i++)
		if (lang_prefix(name, traditional[i])) {
			*out = I18N_ZH_TW;
			return true;
		}
	if (lang_prefix(name, "zh")) {
		*out = I18N_ZH_CN;
		return true;
	}
	if (lang_prefix(name, "en")) {
		*out = I18N_EN;
		return true;
	}
	return false;
}

/* The first entry of a colon-separated LANGUAGE list that is ours. */
static bool lang_from_list(const char *list, enum i18n_lang *out)
{
	const char *p = list;

	while (p && *p) {
		char one[64];
		size_t n = strcspn(p, ":");

		if (n && n < sizeof(one)) {
			memcpy(one, p, n);
			one[n] = '\0';
			if (i18n_parse_lang(one, out))
				return true;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return false;
}

bool i18n_lang_from_env(enum i18n_lang *out)
{
	const char *all = getenv("LC_ALL");
	const char *messages = getenv("LC_MESSAGES");

	if (lang_from_list(getenv("LANGUAGE"), out))
		return true;
	if (all && *all)
		return i18n_parse_lang(all, out);
	return messages && *messages && i18n_parse_lang(messages, out);
}

/* The value of a top-level "language:" line, unquoted, in buf. */
static bool site_language_line(FILE *f, char *value, size_t size)
{
	char line[512];

	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (!strncmp(p, "\xef\xbb\xbf", 3))
			p += 3;
		if (strncmp(p, "language", 8))
			continue;
		p += 8;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ':')
			continue;
		p++;
		while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
			p++;
		end = p + strcspn(p, " \t\"'#\r\n");
		if ((size_t)(end - p) >= size)
			return false;
		memcpy(value, p, (size_t)(end - p));
		value[end - p] = '\0';
		return true;
	}
	return false;
}

bool i18n_lang_from_site(const char *content_dir, enum i18n_lang *out)
{
	char path[4096], value[64];
	FILE *f;
	bool found;

	if (!content_dir ||
	    snprintf(path, sizeof(path), "%s/site.yaml", content_dir) >=
		(int)sizeof(path))
		return false;
	/* linli district -C DIR: a street office's district.yaml */
	if (!(f = fopen(path, "r")) &&
	    (snprintf(path, sizeof(path), "%s/district.yaml", content_dir) >=
		(int)sizeof(path) || !(f = fopen(path, "r"))))
		return false;
	found = site_language_line(f, value, sizeof(value));
	fclose(f);
	if (!found) {
		/* site.yaml's default language is zh-CN (FORMAT.md). */
		*out = I18N_ZH_CN;
		return true;
	}
	return i18n_parse_lang(value, out);
}

bool i18n_choose(const char *lang_option, const char *content_dir)
{
	enum i18n_lang lang = I18N_EN;

	if (lang_option) {
		if (!i18n_parse_lang(lang_option, &lang))
			return false;
	} else if (!i18n_lang_from_env(&lang) &&
	    !i18n_lang_from_site(content_dir, &lang)) {
		lang = I18N_EN;
	}
	i18n_set(lang);
	return true;
}
