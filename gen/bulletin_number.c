/*
 * bulletin_number: 第N期. Issues are numbered one after another from
 * bulletin.first_issue, and a number once printed never changes: each
 * build writes the numbers it printed to out/bulletin/numbers.txt, and the
 * next one reads them from the output folder it replaces
 * (docs/bulletin.md, "How issues are numbered").
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"

#define NUMBERS_FILE "bulletin/numbers.txt"

/* 'q', 'w' or 'm': the kind of period a slug names. */
static char slug_kind(const char *slug)
{
	return strlen(slug) > 5 && (slug[5] == 'q' || slug[5] == 'w') ?
	    slug[5] : 'm';
}

/* The numbers the previous build printed, slug -> number (as a string),
 * from its NUMBERS_FILE in out/; only slugs of this build's kind of
 * period (2026-11, 2026-q4 or 2026-w48). */
static void printed_numbers(struct bulletin *b, struct strmap *printed,
    char *first, char *last, size_t *count)
{
	struct render *r = b->r;
	char *path = arena_printf(&r->page, "%s/%s", r->w->out, NUMBERS_FILE);
	char line[128], slug[24], kind;
	FILE *f = fopen(path, "r");
	int number;

	*count = 0;
	kind = r->m->site.bulletin.period == PERIOD_QUARTER ? 'q' :
	    r->m->site.bulletin.period == PERIOD_WEEK ? 'w' : 'm';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && sscanf(line, "%23s %d", slug, &number) == 2 &&
		    strlen(slug) >= 7 && slug_kind(slug) == kind) {
			char *key = arena_strdup(&r->keep, slug);
			strmap_set(printed, key, arena_printf(&r->keep, "%d", number));
			if (*count == 0 || strcmp(slug, first) < 0)
				strcpy(first, slug);
			if (*count == 0 || strcmp(slug, last) > 0)
				strcpy(last, slug);
			(*count)++;
		}
	fclose(f);
}

/* Where a period's records begin, for a message about it. */
static struct pos issue_pos(const struct bl_issue *x)
{
	if (x->nacts)
		return x->acts[0]->pos;
	if (x->lead)
		return x->lead->pos;
	return x->nsvc ? x->svc[0]->pos : pos_make(NULL, 0, 0);
}

static void warn_late(struct render *r, const struct bl_issue *x,
    const char *next_label, int next_number, int settle)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", next_number);
	if (settle != INT_MIN)
		diag_warning(r->d, issue_pos(x), "%s is before the first issue "
		    "printed (%s, %s): an issue for it would renumber every issue "
		    "printed, so it has none; to give it one and keep the printed "
		    "numbers, set bulletin.first_issue to %d in site.yaml",
		    x->label, bl_pattern(r, "bulletin.number", "n", num), next_label,
		    settle);
	else
		diag_warning(r->d, issue_pos(x), "%s had no issue when the later "
		    "ones were printed (the next is %s, %s): an issue for it now "
		    "would renumber them, so these records are in no bulletin issue "
		    "(they are on the website)", x->label, bl_pattern(r,
		    "bulletin.number", "n", num), next_label);
}

void bl_number_issues(struct bulletin *b, struct bl_issue *v, size_t *n)
{
	struct render *r = b->r;
	int first = r->m->site.bulletin.first_issue, next;
	struct strmap printed;
	char lo[24] = "", hi[24] = "";
	size_t count, i, k, before = 0;
	const char *num;

	strmap_init(&printed, &r->keep);
	printed_numbers(b, &printed, lo, hi, &count);
	for (i = 0; i < *n; i++)
		v[i].number = first + (int)i;
	if (count == 0)
		return;
	while (before < *n && strcmp(v[before].slug, lo) < 0)
		before++;
	num = strmap_get(&printed, lo);
	next = num ? atoi(num) : first;
	for (i = 0, k = 0; i < *n; i++) {
		struct bl_issue *x = &v[i];
		const struct bl_issue *after = i + 1 < *n ? &v[i + 1] : x;
		if ((num = strmap_get(&printed, x->slug))) {
			x->number = atoi(num);
			next = x->number + 1;
		} else if (i < before) {
			int want = atoi(strmap_get(&printed, lo)) - (int)before + (int)i;
			if (atoi(strmap_get(&printed, lo)) - (int)before < first) {
				warn_late(r, x, v[before < *n ? before : i].label,
				    atoi(strmap_get(&printed, lo)), atoi(strmap_get(&printed,
				    lo)) - (int)before);
				continue;
			}
			x->number = want;
		} else if (strcmp(x->slug, hi) < 0) {
			while (after < v + *n && !strmap_get(&printed, after->slug))
				after++;
			warn_late(r, x, after < v + *n ? after->label : x->label,
			    after < v + *n ? atoi(strmap_get(&printed, after->slug)) :
			    next, INT_MIN);
			continue;
		} else {
			x->number = next++;
		}
		v[k++] = *x;
	}
	*n = k;
}

bool bl_write_numbers(struct bulletin *b, const struct bl_issue *v,
    size_t n)
{
	struct render *r = b->r;
	struct buf out = BUF_INIT;
	size_t i;
	bool ok;

	buf_adds(&out, "# The bulletin's issue numbers as printed (period number),"
	    " kept from build to build:\n# a printed issue keeps its number "
	    "(docs/bulletin.md).\n");
	for (i = 0; i < n; i++)
		buf_printf(&out, "%s %d\n", v[i].slug, v[i].number);
	ok = write_buf(r->w, NUMBERS_FILE, &out);
	buf_release(&out);
	return ok;
}
