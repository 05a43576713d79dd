#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "xalloc.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_release(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		free(d->entries[i].message);
		free((char *)d->entries[i].pos.path);
		free((char *)d->entries[i].pos.sheet);
	}
	free(d->entries);
	diag_init(d);
}

__attribute__((format(printf, 4, 0)))
static void add(struct diag *d, enum diag_level level, struct pos p,
    const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;
	struct diag_entry *e;

	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->entries = xreallocarray(d->entries, d->cap, sizeof(*e));
	}
	/* fmt is a message id (xgettext takes it from every diag_error and
	 * diag_warning call): print it in the reader's language. */
	buf_vprintf(&msg, i18n_gettext(fmt), ap);
	e = &d->entries[d->count];
	e->level = level;
	e->pos = p;
	/* Keep our own copy of the path: the caller's may not outlive us. */
	e->pos.path = p.path ? xstrdup(p.path) : NULL;
	e->pos.sheet = p.sheet ? xstrdup(p.sheet) : NULL;
	e->message = buf_detach(&msg, NULL);
	e->group = NULL;
	e->seq = d->count++;
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void diag_verror(struct diag *d, struct pos p, const char *fmt, va_list ap)
{
	add(d, DIAG_ERROR, p, fmt, ap);
}

void diag_error(struct diag *d, struct pos p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, DIAG_ERROR, p, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, struct pos p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, DIAG_WARNING, p, fmt, ap);
	va_end(ap);
}

void diag_warning_group(struct diag *d, struct pos p, const char *group,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, DIAG_WARNING, p, fmt, ap);
	va_end(ap);
	d->entries[d->count - 1].group = group;
}

bool diag_failed(const struct diag *d)
{
	return d->errors > 0 || (d->strict && d->warnings > 0);
}

static int compare_entries(const void *pa, const void *pb)
{
	const struct diag_entry *a = pa, *b = pb;
	int c = strcmp(a->pos.path ? a->pos.path : "", b->pos.path ? b->pos.path : "");

	if (c)
		return c;
	c = strcmp(a->pos.sheet ? a->pos.sheet : "", b->pos.sheet ?
	    b->pos.sheet : "");
	if (c)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.column != b->pos.column)
		return a->pos.column < b->pos.column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A sheet's name as Excel writes it in a reference: in quotes (with ''
 * for ') when it holds a space or other punctuation, or starts with a
 * digit. */
static void print_sheet(const char *name, FILE *f)
{
	const unsigned char *s = (const unsigned char *)name;
	bool quote = *s >= '0' && *s <= '9';

	for (; *s && !quote; s++)
		quote = *s < 0x80 && !(*s >= 'a' && *s <= 'z') &&
		    !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
		    *s != '_';
	if (!quote) {
		fputs(name, f);
		return;
	}
	fputc('\'', f);
	for (s = (const unsigned char *)name; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

static void print_entry(const struct diag_entry *e, bool strict, bool color,
    FILE *f)
{
	const char *on = !color ? "" : e->level == DIAG_ERROR || strict ?
	    "\033[1;31m" : "\033[1;35m";
	const char *level = e->level == DIAG_ERROR ? "error" :
	    strict ? "error (strict)" : "warning";

	if (e->pos.path && *e->pos.path && e->pos.sheet) {
		char letters[8];

		fprintf(f, "%s:", e->pos.path);
		print_sheet(e->pos.sheet, f);
		if (e->pos.line > 0 && e->pos.column > 0)
			fprintf(f, "!%s%d", diag_column_letters(e->pos.column,
			    letters), e->pos.line);
		else if (e->pos.line > 0)
			fprintf(f, "!%d:%d", e->pos.line, e->pos.line);
		fputs(": ", f);
	} else if (e->pos.path && *e->pos.path) {
		fputs(e->pos.path, f);
		if (e->pos.line > 0) {
			fprintf(f, ":%d", e->pos.line);
			if (e->pos.column > 0)
				fprintf(f, ":%d", e->pos.column);
		}
		fputs(": ", f);
	} else {
		fputs("linli: ", f);
	}
	fprintf(f, "%s%s%s: %s\n", on, level, color ? "\033[0m" : "",
	    e->message);
}

static bool same_path(const struct diag_entry *a, const struct diag_entry *b)
{
	return strcmp(a->pos.path ? a->pos.path : "",
	    b->pos.path ? b->pos.path : "") == 0;
}

/* One group's tally within one file. */
struct tally {
	const char *group;
	size_t total, seen;
};

/* The tally of group among the first n (added when absent); NULL when
 * the table is full (the group is then never summarised). */
static struct tally *tally_of(struct tally *t, size_t *n, size_t cap,
    const char *group)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (t[i].group == group)
			return &t[i];
	if (*n == cap)
		return NULL;
	t[*n].group = group;
	t[*n].total = t[*n].seen = 0;
	return &t[(*n)++];
}

/* Prints the entries [from, to), all of one file, summarising groups. */
static void print_file(struct diag *d, size_t from, size_t to, FILE *f)
{
	struct tally t[32];
	size_t nt = 0, i;

	for (i = from; i < to; i++) {
		struct tally *g = d->entries[i].group ? tally_of(t, &nt, 32,
		    d->entries[i].group) : NULL;
		if (g)
			g->total++;
	}
	for (i = from; i < to; i++) {
		struct diag_entry *e = &d->entries[i];
		struct tally *g = e->group ? tally_of(t, &nt, 32, e->group) : NULL;

		if (!g || ++g->seen <= DIAG_GROUP_SHOWN ||
		    g->total == DIAG_GROUP_SHOWN + 1) {
			print_entry(e, d->strict, d->color, f);
		} else if (g->seen == DIAG_GROUP_SHOWN + 1) {
			size_t rest = g->total - DIAG_GROUP_SHOWN;
			struct buf msg = BUF_INIT;
			buf_printf(&msg, _("... and %zu more %s"), rest, _(e->group));
			free(e->message);
			e->message = buf_detach(&msg, NULL);
			print_entry(e, d->strict, d->color, f);
			d->warnings -= rest - 1; /* one line stands for them */
		}
	}
}

void diag_flush(struct diag *d, FILE *f)
{
	size_t i, start;

	if (d->count > 1)
		qsort(d->entries, d->count, sizeof(*d->entries), compare_entries);
	for (start = 0; start < d->count; start = i) {
		for (i = start + 1; i < d->count &&
		    same_path(&d->entries[start], &d->entries[i]); i++)
			;
		print_file(d, start, i, f);
	}
	for (i = 0; i < d->count; i++) {
		free(d->entries[i].message);
		free((char *)d->entries[i].pos.path);
		free((char *)d->entries[i].pos.sheet);
	}
	d->count = 0;
	fflush(f);
}

char *diag_column_letters(int column, char out[static 8])
{
	char tmp[8];
	int n = 0, i;

	while (column > 0 && n < 7) {
		tmp[n++] = (char)('A' + (column - 1) % 26);
		column = (column - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

void diag_summary(const struct diag *d, FILE *f)
{
	if (!d->errors && !d->warnings)
		return;
	/* Two messages, so that each count takes its own plural form. */
	fprintf(f, i18n_ngettext("%zu error", "%zu errors", d->errors),
	    d->errors);
	fputs(_(", "), f);
	fprintf(f, i18n_ngettext("%zu warning", "%zu warnings", d->warnings),
	    d->warnings);
	fputc('\n', f);
}
