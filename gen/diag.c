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
	}
	free(d->entries);
	diag_init(d);
}

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
	e->message = buf_detach(&msg, NULL);
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
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.column != b->pos.column)
		return a->pos.column < b->pos.column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void print_entry(const struct diag_entry *e, bool strict, FILE *f)
{
	const char *level = e->level == DIAG_ERROR ? "error" :
	    strict ? "error (strict)" : "warning";

	if (e->pos.path && *e->pos.path) {
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
	fprintf(f, "%s: %s\n", level, e->message);
}

void diag_flush(struct diag *d, FILE *f)
{
	size_t i;

	if (d->count > 1)
		qsort(d->entries, d->count, sizeof(*d->entries), compare_entries);
	for (i = 0; i < d->count; i++) {
		print_entry(&d->entries[i], d->strict, f);
		free(d->entries[i].message);
		free((char *)d->entries[i].pos.path);
	}
	d->count = 0;
	fflush(f);
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
