/*
 * district_figures.c: the district's yearly figures, each the sum of the
 * communities' own (see district.h).
 *
 * The district reads every community's archive/YYYY/figures.csv, the
 * figures its report published (archive_rows, the same rule and the same
 * code as the community's report), and adds them up: a total of the
 * district is by construction the sum of the communities' totals.
 */
#include "district.h"

#include <csv.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "xalloc.h"

/* One figures.csv being read: the cells of the current row. */
struct csv_reader {
	struct arena *a;
	const char *cells[5];
	size_t ncells, row;
	void (*on_row)(void *arg, const char *const *cells);
	void *arg;
};

static void on_cell(void *s, size_t len, void *arg)
{
	struct csv_reader *r = arg;
	const char *cell = s ? s : "";

	/* archive_csv put a ' before a cell that starts like a formula */
	if (len > 1 && cell[0] == '\'' && strchr("=+-@\t\r", cell[1])) {
		cell++;
		len--;
	}
	if (r->ncells < 5)
		r->cells[r->ncells] = arena_strndup(r->a, cell, len);
	r->ncells++;
}

static void on_row(int c, void *arg)
{
	struct csv_reader *r = arg;

	(void)c;
	if (r->row++ > 0 && r->ncells == 5)
		r->on_row(r->arg, r->cells);
	r->ncells = 0;
}

/* Reads the CSV file path row by row (the header skipped). */
static bool read_csv(const char *path, struct arena *a,
    void (*fn)(void *, const char *const *), void *arg, struct diag *d)
{
	struct csv_parser p;
	struct csv_reader r = {a, {0}, 0, 0, fn, arg};
	char chunk[8192];
	size_t k;
	bool first = true, ok = true;
	FILE *f = fopen(path, "rb");

	if (!f) {
		diag_error(d, pos_make(arena_strdup(a, path), 0, 0), "cannot "
		    "read the community's figures");
		return false;
	}
	csv_init(&p, CSV_APPEND_NULL);
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		const char *s = chunk;
		if (first && k >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
			s += 3;
			k -= 3;
		}
		first = false;
		if (csv_parse(&p, s, k, on_cell, on_row, &r) != k)
			ok = false;
	}
	csv_fini(&p, on_cell, on_row, &r);
	csv_free(&p);
	fclose(f);
	if (!ok)
		diag_error(d, pos_make(arena_strdup(a, path), 0, 0), "the "
		    "community's figures are not CSV: rebuild it");
	return ok;
}

/* The rows of one community's year, summed into the district's. */
struct year_reader {
	struct district_figures *f;
	struct district_year *y;
	struct district_community *c;
	size_t ci, ncommunities;
	struct arena *a;
	struct strmap *cats; /* key -> index + 1 into y->categories */
};

static int total_index(const char *key)
{
	int i;

	for (i = 0; archive_totals[i]; i++)
		if (!strcmp(archive_totals[i], key))
			return i;
	return -1;
}

static void add_row(void *arg, const char *const *cell)
{
	struct year_reader *r = arg;
	const char *section = cell[0], *key = cell[1], *label = cell[2],
	    *measure = cell[3];
	double v = strtod(cell[4], NULL);
	int t;

	if (!strcmp(section, "report") && !strcmp(key, "year")) {
		if (!r->f->year_label)
			r->f->year_label = arena_strdup(r->a, label);
	} else if (!strcmp(section, "total") && !strcmp(measure, "value") &&
	    (t = total_index(key)) >= 0) {
		r->y->totals[t] += v;
		r->y->per_community[r->ci * DISTRICT_TOTALS + (size_t)t] += v;
		if (!r->f->labels[t])
			r->f->labels[t] = arena_strdup(r->a, label);
	} else if (!strcmp(section, "category") &&
	    !strcmp(measure, "activities")) {
		size_t i = (size_t)(uintptr_t)strmap_get(r->cats, key);
		if (!i) {
			struct district_category dc = {arena_strdup(r->a, key),
			    arena_strdup(r->a, label), 0};
			VEC_PUSH(r->a, &r->y->categories, dc);
			i = r->y->categories.n;
			strmap_set(r->cats, dc.key, (void *)(uintptr_t)i);
		}
		r->y->categories.items[i - 1].activities += v;
	}
}

static struct district_year *find_year(struct district_figures *f, int year,
    size_t ncommunities, struct arena *a)
{
	size_t i;
	struct district_year y = {0};

	for (i = 0; i < f->years.n; i++) /* a few dozen years at most */
		if (f->years.items[i].year == year)
			return &f->years.items[i];
	y.year = year;
	y.per_community = arena_alloc(a, ncommunities * DISTRICT_TOTALS *
	    sizeof(double));
	memset(y.per_community, 0, ncommunities * DISTRICT_TOTALS *
	    sizeof(double));
	y.reported = arena_alloc(a, ncommunities ? ncommunities : 1);
	memset(y.reported, 0, ncommunities ? ncommunities : 1);
	VEC_PUSH(a, &f->years, y);
	return &f->years.items[f->years.n - 1];
}

static bool is_year(const char *s)
{
	return strlen(s) == 4 && s[0] >= '1' && s[0] <= '9' &&
	    strspn(s, "0123456789") == 4;
}

static int by_year(const void *a, const void *b)
{
	const struct district_year *x = a, *y = b;

	return (x->year > y->year) - (x->year < y->year);
}

static int by_activities(const void *a, const void *b)
{
	const struct district_category *x = a, *y = b;

	if (x->activities != y->activities)
		return x->activities < y->activities ? 1 : -1;
	return strcmp(x->key, y->key);
}

bool district_sum_figures(struct district_figures *f, struct district *dist,
    struct arena *a, struct diag *d)
{
	size_t n = dist->communities.n, ci, i;
	struct strmap *cats = NULL;
	size_t ncats = 0;
	bool ok = true;

	memset(f, 0, sizeof(*f));
	for (ci = 0; ci < n; ci++) {
		struct district_community *c = &dist->communities.items[ci];
		char *dir;
		DIR *dp;
		struct dirent *e;
		if (!c->built)
			continue;
		dir = arena_printf(a, "%s/c/%s/archive", c->site_root, c->slug);
		if (!(dp = opendir(dir)))
			continue;
		while ((e = readdir(dp))) {
			struct year_reader r = {f, NULL, c, ci, n, a, NULL};
			char *csv;
			if (!is_year(e->d_name))
				continue;
			csv = arena_printf(a, "%s/%s/figures.csv", dir, e->d_name);
			r.y = find_year(f, atoi(e->d_name), n, a);
			/* one category map per year, found by its index */
			for (i = 0; i < f->years.n; i++)
				if (&f->years.items[i] == r.y)
					break;
			if (i >= ncats) {
				cats = xreallocarray(cats, i + 1, sizeof(*cats));
				while (ncats <= i)
					strmap_init(&cats[ncats++], a);
			}
			r.cats = &cats[i];
			r.y->reported[ci] = true;
			ok &= read_csv(csv, a, add_row, &r, d);
		}
		closedir(dp);
	}
	free(cats);
	if (f->years.n) /* qsort wants an array, even of nothing */
		qsort(f->years.items, f->years.n, sizeof(*f->years.items),
		    by_year);
	for (i = 0; i < f->years.n; i++)
		if (f->years.items[i].categories.n)
			qsort(f->years.items[i].categories.items,
			    f->years.items[i].categories.n,
			    sizeof(*f->years.items[i].categories.items),
			    by_activities);
	for (i = 0; i < DISTRICT_TOTALS; i++)
		if (!f->labels[i])
			f->labels[i] = archive_totals[i];
	if (!f->year_label)
		f->year_label = "year";
	return ok;
}
