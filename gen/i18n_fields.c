/*
 * i18n_fields: what a field name means, for messages in Chinese.
 *
 * Field names stay in the form the file uses (title, date), which is
 * English; a Chinese reader gets the meaning beside the name
 * ("'title'（标题）"). English messages need no gloss: the name says it.
 */
#include <string.h>

#include "i18n.h"

/* Each meaning is a message id of its own ("(meaning of field title)"),
 * so that translators see which field it glosses. */
static const char *const meanings[][2] = {
	{"title", N_("(meaning of field title)")},
	{"date", N_("(meaning of field date)")},
	{"name", N_("(meaning of field name)")},
	{"id", N_("(meaning of field id)")},
	{"time", N_("(meaning of field time)")},
	{"location", N_("(meaning of field location)")},
	{"teams", N_("(meaning of field teams)")},
	{"category", N_("(meaning of field category)")},
	{"status", N_("(meaning of field status)")},
	{"participants", N_("(meaning of field participants)")},
	{"volunteers", N_("(meaning of field volunteers)")},
	{"hours", N_("(meaning of field hours)")},
	{"summary", N_("(meaning of field summary)")},
	{"photos", N_("(meaning of field photos)")},
	{"story", N_("(meaning of field story)")},
	{"year", N_("(meaning of field year)")},
	{"kind", N_("(meaning of field kind)")},
	{"level", N_("(meaning of field level)")},
	{"issuer", N_("(meaning of field issuer)")},
	{"members", N_("(meaning of field members)")},
	{"leader", N_("(meaning of field leader)")},
	{"households", N_("(meaning of field households)")},
	{"population", N_("(meaning of field population)")},
	{"value", N_("(meaning of field value)")},
};

const char *i18n_field_meaning(const char *key)
{
	size_t i;

	if (i18n_current() == I18N_EN || !key)
		return "";
	for (i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
		if (strcmp(key, meanings[i][0]) == 0)
			return _(meanings[i][1]);
	return "";
}
