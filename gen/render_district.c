/*
 * render_district.c: the district's own pages (see district.h):
 *
 *   index.html                  the portal: the communities, the reports
 *   archive/index.html          the district's yearly reports
 *   archive/YYYY/index.html     a year: totals, one row per community, a
 *                               chart comparing them, kinds of activity
 *   archive/YYYY/figures.csv    the same figures (archive_csv), and as
 *   archive/YYYY/figures.json   JSON (archive_json) and as a workbook
 *   archive/YYYY/figures.xlsx   (libxlsxwriter)
 *   board/index.html            the noticeboard (render_district_board.c)
 *   search/                     one search over every community: their
 *                               indexes merged (render_search_sites)
 *
 * A year's pages depend only on the communities' figures of that year,
 * so they stay byte-identical once the year is over.
 */
#include "district.h"

#include <dirent.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "archive.h"
#include "chart.h"
#include "date.h"
#include "fsutil.h"
#include "render.h"
#include "xalloc.h"

static const char *num(struct render *r, double v)
{
	char b[32];

	return arena_strdup(&r->page, chart_number(b, v));
}

/* The district's figures of year y as rows, the order of figures.csv. */
static size_t district_rows(struct render *r, const struct district *dist,
    const struct district_figures *f, const struct district_year *y,
    struct archive_row **out)
{
	struct arena *a = &r->page;
	size_t n = 0, cap = 2 + DISTRICT_TOTALS * (dist->communities.n + 1) +
	    2 * y->categories.n, i, t;
	struct archive_row *rows = arena_alloc(a, cap * sizeof(*rows));

	rows[n++] = (struct archive_row){"report", "year", f->year_label,
	    "value", y->year, NULL};
	rows[n++] = (struct archive_row){"report", "district",
	    render_string(r, "district.district"), "name", 0, dist->name};
	for (t = 0; t < DISTRICT_TOTALS; t++)
		rows[n++] = (struct archive_row){"total", archive_totals[t],
		    f->labels[t], "value", archive_round(y->totals[t]), NULL};
	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		if (!y->reported[i])
			continue;
		for (t = 0; t < DISTRICT_TOTALS; t++)
			rows[n++] = (struct archive_row){"community", c->slug,
			    c->name, archive_totals[t], archive_round(
			    y->per_community[i * DISTRICT_TOTALS + t]), NULL};
	}
	for (i = 0; i < y->categories.n; i++) {
		const struct district_category *k = &y->categories.items[i];
		rows[n++] = (struct archive_row){"category", k->key, k->label,
		    "activities", k->activities, NULL};
		rows[n++] = (struct archive_row){"category", k->key, k->label,
		    "share", archive_share((size_t)k->activities, y->totals[0]),
		    NULL};
	}
	*out = rows;
	return n;
}

/* figures.xlsx: one sheet with the rows of figures.csv. The file's date
 * is the first moment after the year, so that it is the same every
 * build. */
static bool write_xlsx(struct render *r, const struct district *dist,
    int year, const struct archive_row *rows, size_t n)
{
	const char *rel = arena_printf(&r->page, "archive/%d/figures.xlsx",
	    year);
	char *path = write_path(r->w, rel);
	static const char *const header[] = {"section", "key", "label",
	    "measure", "value"};
	lxw_workbook_options opt = {0};
	lxw_doc_properties props = {0};
	struct tm tm = {0};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_error e;
	size_t i;
	int c;

	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		diag_error(r->d, pos_make(arena_strdup(&r->page, rel), 0, 0),
		    "cannot write the workbook");
		free(path);
		return false;
	}
	tm.tm_year = year + 1 - 1900;
	tm.tm_mon = 0;
	tm.tm_mday = 1;
	props.title = (char *)dist->name;
	props.created = timegm(&tm);
	workbook_set_properties(wb, &props);
	ws = workbook_add_worksheet(wb, "figures");
	for (c = 0; c < 5; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], NULL);
	for (i = 0; i < n; i++) {
		const struct archive_row *x = &rows[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, x->section, NULL);
		worksheet_write_string(ws, row, 1, x->key, NULL);
		worksheet_write_string(ws, row, 2, x->label ? x->label : "", NULL);
		worksheet_write_string(ws, row, 3, x->measure, NULL);
		if (x->text)
			worksheet_write_string(ws, row, 4, x->text, NULL);
		else
			worksheet_write_number(ws, row, 4, x->value, NULL);
	}
	e = workbook_close(wb);
	free(path);
	if (e != LXW_NO_ERROR) {
		diag_error(r->d, pos_make(arena_strdup(&r->page, rel), 0, 0),
		    "cannot write the workbook: %s", lxw_strerror(e));
		return false;
	}
	return true;
}

static bool write_figures(struct render *r, const struct district *dist,
    const struct district_figures *f, const struct district_year *y)
{
	struct archive_row *rows;
	size_t n = district_rows(r, dist, f, y, &rows);
	struct buf b = BUF_INIT;
	bool ok;

	archive_json(&b, y->year, "district", dist->name, rows, n);
	ok = write_buf(r->w, arena_printf(&r->page, "archive/%d/figures.json",
	    y->year), &b);
	b.len = 0;
	archive_csv(&b, rows, n);
	ok = ok && write_buf(r->w, arena_printf(&r->page,
	    "archive/%d/figures.csv", y->year), &b);
	buf_release(&b);
	return ok && write_xlsx(r, dist, y->year, rows, n);
}

/* The year's totals as [{key, label, value}]. */
static struct mu_value *totals_value(struct render *r, const double *v)
{
	struct arena *a = &r->page;
	struct mu_value *list = mu_list_new(a);
	size_t t;

	for (t = 0; t < DISTRICT_TOTALS; t++) {
		struct mu_value *x = mu_map_new(a);
		mu_map_set_str_ref(a, x, "key", archive_totals[t]);
		mu_map_set_str_ref(a, x, "label", render_string(r, arena_printf(a,
		    "archive.total.%s", archive_totals[t])));
		mu_map_set_str_ref(a, x, "unit", render_string(r, arena_printf(a,
		    "archive.unit.%s", archive_totals[t])));
		mu_map_set_str_ref(a, x, "value", num(r, v[t]));
		mu_list_push(a, list, x);
	}
	return list;
}

/* The communities of year y as rows {name, url, values[]}, and a chart of
 * their activities. */
static void community_rows(struct render *r, const struct district *dist,
    const struct district_year *y, struct mu_value *ctx)
{
	struct arena *a = &r->page;
	struct mu_value *rows = mu_list_new(a);
	struct chart_item *items = arena_alloc(a, (dist->communities.n + 1) *
	    sizeof(*items));
	struct chart c = {0};
	struct buf svg = BUF_INIT;
	size_t i, t, n = 0;

	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *k = &dist->communities.items[i];
		struct mu_value *x = mu_map_new(a), *vals = mu_list_new(a);
		const double *v = &y->per_community[i * DISTRICT_TOTALS];
		if (!y->reported[i])
			continue;
		mu_map_set_str_ref(a, x, "name", k->name);
		mu_map_set_str_ref(a, x, "url", arena_printf(a,
		    "c/%s/archive/%d/index.html", k->slug, y->year));
		for (t = 0; t < DISTRICT_TOTALS; t++) {
			struct mu_value *cell = mu_map_new(a);
			mu_map_set_str_ref(a, cell, "value", num(r, v[t]));
			mu_list_push(a, vals, cell);
		}
		mu_map_set(a, x, "values", vals);
		mu_list_push(a, rows, x);
		items[n].label = k->name;
		items[n].value = v[2];
		n++;
	}
	mu_map_set(a, ctx, "communities", rows);
	c.id = "chart-communities";
	c.title = render_string(r, "district.chart_hours");
	c.items = items;
	c.n = n;
	chart_bars(&svg, &c);
	mu_map_set_str(a, ctx, "chart_svg", svg.data);
	mu_map_set_str_ref(a, ctx, "chart_caption", c.title);
	buf_release(&svg);
}

static struct mu_value *category_rows(struct render *r,
    const struct district_year *y)
{
	struct arena *a = &r->page;
	struct mu_value *rows = mu_list_new(a);
	size_t i;

	for (i = 0; i < y->categories.n; i++) {
		const struct district_category *k = &y->categories.items[i];
		struct mu_value *x = mu_map_new(a);
		mu_map_set_str_ref(a, x, "label", k->label);
		mu_map_set_str_ref(a, x, "activities", num(r, k->activities));
		mu_map_set_str_ref(a, x, "share", num(r, archive_share(
		    (size_t)k->activities, y->totals[0])));
		mu_list_push(a, rows, x);
	}
	return rows;
}

/* The communities with no report of year y: [{name, url}]. A street
 * office must see that a row is missing, not take it for a zero. */
static void missing_value(struct render *r, const struct district *dist,
    const struct district_year *y, struct mu_value *ctx)
{
	struct arena *a = &r->page;
	struct mu_value *list = mu_list_new(a), *x = NULL;
	size_t i, n = 0;

	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		if (y->reported[i] || !c->built)
			continue;
		x = mu_map_new(a);
		mu_map_set_str_ref(a, x, "name", c->name);
		mu_map_set_str_ref(a, x, "url", arena_printf(a, "c/%s/index.html",
		    c->slug));
		mu_list_push(a, list, x);
		n++;
	}
	if (x)
		mu_map_set_bool(a, x, "last", true); /* no separator after it */
	mu_map_set(a, ctx, "missing", list);
	mu_map_set_bool(a, ctx, "has_missing", n > 0);
}

static bool render_year(struct render *r, const struct district *dist,
    const struct district_figures *f, const struct district_year *y)
{
	struct arena *a = &r->page;
	struct mu_value *ctx = mu_map_new(a);
	const struct date *today = &r->m->today;

	if (!write_figures(r, dist, f, y))
		return false;
	mu_map_set_num(a, ctx, "year", y->year);
	mu_map_set_str_ref(a, ctx, "title", arena_printf(a, "%d%s", y->year,
	    render_string(r, "district.report")));
	if (y->year >= today->year)
		mu_map_set_str_ref(a, ctx, "as_of", ctx_as_of(r));
	missing_value(r, dist, y, ctx);
	mu_map_set(a, ctx, "totals", totals_value(r, y->totals));
	community_rows(r, dist, y, ctx);
	mu_map_set(a, ctx, "categories", category_rows(r, y));
	mu_map_set_bool(a, ctx, "has_categories", y->categories.n > 0);
	return render_page(r, "district-year", ctx, arena_printf(a,
	    "archive/%d/index.html", y->year));
}

static struct mu_value *years_value(struct render *r,
    const struct district_figures *f)
{
	struct arena *a = &r->page;
	struct mu_value *list = mu_list_new(a);
	size_t i = f->years.n;

	while (i-- > 0) { /* newest first */
		const struct district_year *y = &f->years.items[i];
		struct mu_value *x = mu_map_new(a);
		mu_map_set_num(a, x, "year", y->year);
		mu_map_set_str_ref(a, x, "url", arena_printf(a,
		    "archive/%d/index.html", y->year));
		mu_map_set(a, x, "totals", totals_value(r, y->totals));
		mu_list_push(a, list, x);
	}
	return list;
}

/* The portal's list of communities: name, subtitle, link, and the
 * latest year's figures. */
static struct mu_value *portal_communities(struct render *r,
    const struct district *dist, const struct district_figures *f)
{
	struct arena *a = &r->page;
	struct mu_value *list = mu_list_new(a);
	size_t i, j;

	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		struct mu_value *x = mu_map_new(a);
		if (!c->built)
			continue;
		mu_map_set_str_ref(a, x, "name", c->name);
		mu_map_set_str_ref(a, x, "subtitle", c->subtitle);
		/* kept by --keep-going: its site is the last good build's */
		mu_map_set_bool(a, x, "stale", c->failed);
		mu_map_set_str_ref(a, x, "url", arena_printf(a,
		    "c/%s/index.html", c->slug));
		mu_map_set_num(a, x, "activities", (double)c->activities);
		mu_map_set_num(a, x, "teams", (double)c->teams);
		mu_map_set_num(a, x, "stories", (double)c->stories);
		mu_map_set_num(a, x, "honours", (double)c->honours);
		for (j = f->years.n; j-- > 0;)
			if (f->years.items[j].reported[i]) {
				const struct district_year *y = &f->years.items[j];
				mu_map_set_num(a, x, "year", y->year);
				mu_map_set(a, x, "totals", totals_value(r,
				    &y->per_community[i * DISTRICT_TOTALS]));
				break;
			}
		mu_list_push(a, list, x);
	}
	return list;
}

/* The portal's lists: items of p's lists as {date, time, title, place,
 * community, url (from the district's root)}. */
static struct mu_value *items_value(struct render *r,
    const struct district *dist, const struct district_item *v, size_t n)
{
	struct arena *a = &r->page;
	struct mu_value *list = mu_list_new(a);
	size_t i;

	for (i = 0; i < n; i++) {
		const struct district_community *c =
		    &dist->communities.items[v[i].community];
		struct mu_value *x = mu_map_new(a);
		struct date dt = {0, 0, 0};
		if (date_parse(v[i].date, strlen(v[i].date), DATE_YEAR |
		    DATE_MONTH | DATE_DAY, &dt) == DATE_OK)
			mu_map_set(a, x, "date", ctx_date(r, dt));
		mu_map_set_str_ref(a, x, "time", v[i].time && *v[i].time ?
		    v[i].time : NULL);
		mu_map_set_str_ref(a, x, "title", v[i].title);
		mu_map_set_str_ref(a, x, "place", v[i].place && *v[i].place ?
		    v[i].place : NULL);
		mu_map_set_str_ref(a, x, "community", c->name);
		mu_map_set_str_ref(a, x, "url", arena_printf(a, "c/%s/%s",
		    c->slug, v[i].url));
		mu_list_push(a, list, x);
	}
	return list;
}

/* The honours grouped by level: [{label, items[]}], highest level first. */
static struct mu_value *honour_groups(struct render *r,
    const struct district *dist, const struct district_portal *p)
{
	struct arena *a = &r->page;
	struct mu_value *groups = mu_list_new(a);
	size_t i = 0, j;

	while (i < p->honours.n) {
		const char *level = p->honours.items[i].level;
		struct mu_value *g = mu_map_new(a);
		for (j = i; j < p->honours.n &&
		    !strcmp(p->honours.items[j].level, level); j++)
			;
		mu_map_set_str_ref(a, g, "label", *level ? render_string(r,
		    arena_printf(a, "level.%s", level)) :
		    render_string(r, "district.other_honours"));
		mu_map_set(a, g, "items", items_value(r, dist,
		    &p->honours.items[i], j - i));
		mu_list_push(a, groups, g);
		i = j;
	}
	return groups;
}

static void portal_lists(struct render *r, const struct district *dist,
    const struct district_portal *p, struct mu_value *ctx)
{
	struct arena *a = &r->page;

	mu_map_set(a, ctx, "upcoming", items_value(r, dist,
	    p->upcoming.items, p->upcoming.n));
	mu_map_set_bool(a, ctx, "has_upcoming", p->upcoming.n > 0);
	mu_map_set(a, ctx, "stories", items_value(r, dist, p->stories.items,
	    p->stories.n));
	mu_map_set_bool(a, ctx, "has_stories", p->stories.n > 0);
	mu_map_set(a, ctx, "honour_groups", honour_groups(r, dist, p));
	mu_map_set_bool(a, ctx, "has_honours", p->honours.n > 0);
}

/* Appends the blocks BEGIN:name .. END:name of the iCalendar file path
 * to out, verbatim; for VTIMEZONE only the TZIDs not in tzids yet. */
static void copy_ical_blocks(struct buf *out, const char *path,
    struct strmap *tzids, struct arena *a)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct buf block = BUF_INIT;
	int depth = 0;
	bool tz = false, skip = false;

	if (!f)
		return;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (!depth && (!strncmp(line, "BEGIN:VEVENT", 12) ||
		    !strncmp(line, "BEGIN:VTIMEZONE", 15))) {
			depth = 1;
			tz = line[6] == 'V' && line[7] == 'T';
			skip = false;
			block.len = 0;
		} else if (depth && !strncmp(line, "BEGIN:", 6)) {
			depth++;
		} else if (depth && tz && depth == 1 &&
		    !strncmp(line, "TZID:", 5)) {
			char *id = arena_strndup(a, line + 5, strcspn(line + 5,
			    "\r\n"));
			skip = strmap_get(tzids, id) != NULL;
			strmap_set(tzids, id, tzids);
		}
		if (depth)
			buf_add(&block, line, (size_t)n);
		if (depth && !strncmp(line, "END:", 4) && --depth == 0 && !skip)
			buf_add(out, block.data, block.len);
	}
	free(line);
	buf_release(&block);
	fclose(f);
}

/* calendar.ics: every community's planned activities in one calendar,
 * their events as each community's own calendar has them (UIDs are
 * unique per community). */
static bool write_calendar(struct render *r, const struct district *dist)
{
	struct buf b = BUF_INIT;
	struct strmap tzids;
	size_t i;
	bool ok;

	strmap_init(&tzids, &r->page);
	buf_adds(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//linli//linli district//ZH\r\nCALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\nX-WR-CALNAME:");
	for (i = 0; dist->name[i]; i++) { /* a TEXT value on one line */
		char ch = dist->name[i];
		if (ch == '\\' || ch == ';' || ch == ',')
			buf_addc(&b, '\\');
		buf_addc(&b, ch == '\r' || ch == '\n' ? ' ' : ch);
	}
	buf_adds(&b, "\r\n");
	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		if (c->built)
			copy_ical_blocks(&b, arena_printf(&r->page,
			    "%s/c/%s/calendar.ics", c->site_root, c->slug),
			    &tzids, &r->page);
	}
	buf_adds(&b, "END:VCALENDAR\r\n");
	ok = write_buf(r->w, "calendar.ics", &b);
	buf_release(&b);
	return ok;
}

/* --- feed.xml: the communities' newest entries ----------------------- */

#define DISTRICT_FEED_ENTRIES 50

struct feed_entry {
	const char *updated; /* the entry's <updated>, for the order */
	char *xml;           /* <entry>...</entry>, heap */
};

static int entry_newest(const void *a, const void *b)
{
	const struct feed_entry *x = a, *y = b;
	int c = strcmp(y->updated, x->updated);

	return c ? c : strcmp(x->xml, y->xml);
}

static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s);
		}
}

/* entry with every relative href made one from the district's root
 * (c/SLUG/ before it, and the district's base_url when it has one: a
 * feed reader needs whole addresses); absolute ones (the community's own
 * base_url) kept. */
static char *rebase_entry(const char *e, size_t len, const char *slug,
    const char *base)
{
	struct buf b = BUF_INIT;
	const char *end = e + len, *h;

	/* e lies in a NUL-terminated file text: strstr, bounded by end */
	while ((h = strstr(e, "href=\"")) && h < end) {
		const char *v = h + 6;
		buf_add(&b, e, (size_t)(v - e));
		if (!memchr(v, ':', strcspn(v, "\"/")) && *v != '/') {
			if (base)
				xml_text(&b, base);
			buf_adds(&b, "c/");
			buf_adds(&b, slug);
			buf_addc(&b, '/');
		}
		e = v;
	}
	buf_add(&b, e, (size_t)(end - e));
	return b.data ? b.data : calloc(1, 1);
}

/* Adds the entries of the feed at path to v (trimmed to the newest). */
static void collect_entries(struct feed_entry **v, size_t *n, size_t *cap,
    const char *path, const char *slug, const char *base, struct arena *a)
{
	struct buf text = BUF_INIT;
	char chunk[8192];
	size_t k;
	const char *p, *e;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, k);
	fclose(f);
	for (p = text.data; p && (p = strstr(p, "<entry>")); p = e) {
		const char *u, *ue;
		struct feed_entry x;
		if (!(e = strstr(p, "</entry>")))
			break;
		e += 8;
		u = strstr(p, "<updated>");
		ue = u && u < e ? strstr(u, "</updated>") : NULL;
		x.updated = ue ? arena_strndup(a, u + 9, (size_t)(ue - u - 9)) :
		    "";
		x.xml = rebase_entry(p, (size_t)(e - p), slug, base);
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = xreallocarray(*v, *cap, sizeof(**v));
		}
		(*v)[(*n)++] = x;
	}
	buf_release(&text);
	if (*n > DISTRICT_FEED_ENTRIES) {
		qsort(*v, *n, sizeof(**v), entry_newest);
		while (*n > DISTRICT_FEED_ENTRIES)
			free((*v)[--*n].xml);
	}
}

/* feed.xml: the newest entries of all the communities' feeds. */
static bool write_feed(struct render *r, const struct district *dist)
{
	struct feed_entry *v = NULL;
	size_t n = 0, cap = 0, i;
	struct buf b = BUF_INIT;
	uint32_t h = 2166136261u;
	const char *s;
	bool ok;

	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		if (c->built)
			collect_entries(&v, &n, &cap, arena_printf(&r->page,
			    "%s/c/%s/feed.xml", c->site_root, c->slug), c->slug,
			    dist->base_url, &r->page);
	}
	qsort(v, n, sizeof(*v), entry_newest);
	for (s = dist->name; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	buf_adds(&b, dist->language);
	buf_adds(&b, "\">\n<title>");
	xml_text(&b, dist->name);
	buf_adds(&b, "</title>\n");
	buf_adds(&b, arena_printf(&r->page, "<id>tag:linli,2024:d-%08x/feed.xml"
	    "</id>\n", (unsigned)h));
	if (dist->base_url) {
		buf_adds(&b, "<link rel=\"self\" type=\"application/atom+xml\" "
		    "href=\"");
		xml_text(&b, dist->base_url);
		buf_adds(&b, "feed.xml\"/>\n<link rel=\"alternate\" "
		    "type=\"text/html\" href=\"");
		xml_text(&b, dist->base_url);
		buf_adds(&b, "index.html\"/>\n");
	}
	buf_adds(&b, "<updated>");
	buf_adds(&b, n && *v[0].updated ? v[0].updated : "1970-01-01T00:00:00Z");
	buf_adds(&b, "</updated>\n<author><name>");
	xml_text(&b, dist->name);
	buf_adds(&b, "</name></author>\n<generator>linli</generator>\n");
	for (i = 0; i < n; i++) {
		buf_adds(&b, v[i].xml);
		buf_addc(&b, '\n');
		free(v[i].xml);
	}
	free(v);
	buf_adds(&b, "</feed>\n");
	ok = write_buf(r->w, "feed.xml", &b);
	buf_release(&b);
	return ok;
}

/* search/: the communities' own indexes, merged, and the page. */
static bool render_district_search(struct render *r, struct district *dist,
    const char *out)
{
	struct arena *a = &r->page;
	struct search_site *sites = xcalloc(dist->communities.n + 1,
	    sizeof(*sites));
	size_t *of = xcalloc(dist->communities.n + 1, sizeof(*of));
	/* the choice of community outlives the search, which resets r->page */
	struct mu_value *where = mu_list_new(&r->keep), *ctx, *current, *x;
	size_t i, n = 0;
	bool ok;

	for (i = 0; i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		if (!c->built)
			continue;
		sites[n].dir = arena_printf(&r->keep, "%s/c/%s", c->site_root,
		    c->slug);
		sites[n].prefix = arena_printf(&r->keep, "c/%s/", c->slug);
		sites[n].slug = c->slug;
		sites[n].name = c->name;
		sites[n].shown = arena_printf(&r->keep, "%s/c/%s", out, c->slug);
		of[n++] = i;
		x = mu_map_new(&r->keep);
		mu_map_set_str_ref(&r->keep, x, "slug", c->slug);
		mu_map_set_str_ref(&r->keep, x, "name", c->name);
		mu_list_push(&r->keep, where, x);
	}
	ok = render_search_sites(r, sites, n);
	for (i = 0; i < n; i++)
		dist->communities.items[of[i]].search_unreadable =
		    sites[i].unreadable;
	free(sites);
	free(of);
	if (!ok)
		return false;
	ctx = mu_map_new(a);
	mu_map_set(a, ctx, "where", where);
	mu_map_set_bool(a, ctx, "has_where", n > 1);
	mu_map_set_bool(a, ctx, "in_district", true);
	current = mu_map_new(a);
	mu_map_set_bool(a, current, "search", true);
	mu_map_set(a, ctx, "current", current);
	mu_map_set_str_ref(a, ctx, "page_title", render_string(r,
	    "search.title"));
	return render_page(r, "district-search", ctx, "search/index.html");
}

/* Notes every page of the site under dir (rel its path from OUT/) for
 * the district's sitemap: with base_url, the district's sitemap covers the
 * communities' pages too, under the district's own address. */
static void note_site_pages(struct render *r, const char *dir,
    const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	while (d && (e = readdir(d))) {
		char *path, *sub;
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		path = fs_join(dir, e->d_name);
		sub = fs_join(rel, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			note_site_pages(r, path, sub);
		else if (n > 5 && !strcmp(e->d_name + n - 5, ".html"))
			render_note_page(r, sub);
		free(path);
		free(sub);
	}
	if (d)
		closedir(d);
}

static bool render_district_sitemap(struct render *r,
    const struct district *dist)
{
	size_t i;

	for (i = 0; dist->base_url && i < dist->communities.n; i++) {
		const struct district_community *c = &dist->communities.items[i];
		char *dir, *rel;
		if (!c->built)
			continue;
		rel = fs_join("c", c->slug);
		dir = fs_join(c->site_root, rel);
		note_site_pages(r, dir, rel);
		free(dir);
		free(rel);
	}
	return render_sitemap(r);
}

bool render_district(struct district *dist,
    const struct district_figures *f, const struct district_portal *p,
    const struct district_options *o, struct writer *w, struct diag *d)
{
	struct render_options ro = {o->theme, false, 1};
	struct model m;
	struct render r;
	struct mu_value *ctx;
	size_t i;
	bool ok;

	/* the district as a site without records: its name, its language */
	model_init(&m, o->dir, o->today);
	m.site.name = dist->name;
	m.site.language_tag = dist->language;
	m.site.language = !strcmp(dist->language, "en") ? LANG_EN :
	    !strcmp(dist->language, "zh-TW") ? LANG_ZH_TW : LANG_ZH_CN;
	m.site.base_url = dist->base_url;
	m.site.timezone = dist->timezone;
	ok = render_begin(&r, &m, &ro, w, d) && write_calendar(&r, dist) &&
	    write_feed(&r, dist) && render_district_search(&r, dist, o->out) &&
	    render_favicon(&r, dist->name);
	for (i = 0; ok && i < f->years.n; i++)
		ok = render_year(&r, dist, f, &f->years.items[i]);
	if (ok) {
		ctx = mu_map_new(&r.page);
		mu_map_set(&r.page, ctx, "years", years_value(&r, f));
		mu_map_set_bool(&r.page, ctx, "has_years", f->years.n > 0);
		ok = render_page(&r, "district-archive", ctx,
		    "archive/index.html");
	}
	if (ok) {
		ctx = mu_map_new(&r.page);
		mu_map_set(&r.page, ctx, "communities", portal_communities(&r,
		    dist, f));
		mu_map_set(&r.page, ctx, "years", years_value(&r, f));
		mu_map_set_bool(&r.page, ctx, "has_years", f->years.n > 0);
		portal_lists(&r, dist, p, ctx);
		ok = render_page(&r, "district-index", ctx, "index.html");
	}
	ok = ok && render_district_board(&r, dist, f, p);
	ok = ok && render_district_sitemap(&r, dist) && !r.failed;
	render_end(&r);
	model_release(&m);
	return ok;
}
