/*
 * i18n: linli's own messages in the reader's language.
 *
 * The messages are written in English in the source and marked for GNU
 * gettext's xgettext: _("...") where a string is translated on the spot,
 * N_("...") where it is only marked (a table of strings), and every format
 * handed to diag_error() / diag_warning() is a message id too (diag.c
 * translates it). Translators edit po/zh_CN.po and po/zh_TW.po as with any
 * gettext project; msgfmt compiles them at build time and the Makefile
 * embeds the compiled catalogs in the binary, so a binary copied alone to a
 * community centre's PC still speaks Chinese.
 *
 * The lookup reads those embedded .mo catalogs itself: glibc's gettext()
 * would need the catalogs installed on disk and the user's locale generated
 * on the machine (LANGUAGE is ignored in the "C" locale), neither of which
 * a copied binary can count on.
 *
 * Which language (i18n_choose):
 *   --lang, else LANGUAGE / LC_ALL / LC_MESSAGES when one of them names
 *   zh-CN, zh-TW or English, else the content's site.yaml language (for
 *   linli district, district.yaml's), else English.
 */
#ifndef LINLI_I18N_H
#define LINLI_I18N_H

#include <stdbool.h>

/* The languages linli speaks (the same three as the sites it builds). */
enum i18n_lang { I18N_EN, I18N_ZH_CN, I18N_ZH_TW };

/* The language named by a tag or locale name: "zh-CN", "zh_CN.UTF-8",
 * "zh_TW", "zh_HK", "zh-Hant", "en_GB", "en". False for anything else
 * ("C", "POSIX", "fr_FR", ""). */
bool i18n_parse_lang(const char *name, enum i18n_lang *out);

/* The language from the environment (LANGUAGE, a colon-separated list,
 * then LC_ALL, then LC_MESSAGES); false when none names one of ours. */
bool i18n_lang_from_env(enum i18n_lang *out);

/* The language of the content folder's site.yaml (else of the folder's
 * district.yaml), read cheaply from its
 * "language:" line before the content is loaded (so that the very first
 * diagnostics are already in it). False when there is none or it is not
 * one of ours. */
bool i18n_lang_from_site(const char *content_dir, enum i18n_lang *out);

/* Picks the language by the rule above and makes it current. lang_option
 * is --lang's value or NULL; content_dir may be NULL (no content). Returns
 * false (and keeps the current language) when lang_option names none of
 * ours. */
bool i18n_choose(const char *lang_option, const char *content_dir);

/* Makes lang the current language. */
void i18n_set(enum i18n_lang lang);
enum i18n_lang i18n_current(void);

/* msgid in the current language; msgid itself when it has no translation.
 * The result is static (the embedded catalog, or msgid). */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The form of singular/plural for n in the current language. */
const char *i18n_ngettext(const char *singular, const char *plural,
    unsigned long n) __attribute__((format_arg(1), format_arg(2)));

/* What field name key means, in parentheses, to print right after the
 * name in a message ("（标题）" for title); "" in English and for names it
 * does not know. */
const char *i18n_field_meaning(const char *key);

#define _(s) i18n_gettext(s)
#define N_(s) (s)

/* The compiled catalogs, embedded by the Makefile (build/gen/catalogs.c):
 * one per language other than English, ended by {0}. */
struct i18n_catalog {
	enum i18n_lang lang;
	const unsigned char *mo; /* a GNU .mo file, as msgfmt wrote it */
	unsigned long size;
};
extern const struct i18n_catalog i18n_catalogs[];

#endif
