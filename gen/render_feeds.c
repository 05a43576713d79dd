/*
 * render_feeds: the website's machine-readable files.
 *
 *   feed.xml      Atom: the newest 50 stories and done activities
 *   calendar.ics  iCalendar (RFC 5545): every planned activity
 *   sitemap.xml   every page the products wrote (render_sitemap, run
 *                 last), in files of at most 50,000 addresses with
 *                 sitemap.xml their index beyond that; only with base_url,
 *                 since a sitemap holds absolute addresses
 *   robots.txt    everything may be read; names the sitemap
 *
 * With base_url, links are absolute; without it, Atom links are relative
 * to feed.xml (that is, to the site's root). Ids never depend on base_url:
 * Atom ids are tag: URIs, tag:linli,2024:s-HASH/PATH, where HASH is the
 * FNV-1a hash of the community's name (render_category_slug), and
 * calendar UIDs are ID@HASH.linli (add_uid), so both stay the same when
 * base_url is added or the site moves.
 *
 * These are not HTML, so they are written with buf_* directly, not through
 * templates; every text from content is escaped for its format.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "strmap.h"
#include "timeofday.h"

enum { FEED_ENTRIES = 50 };

/* What every writer here needs, worked out once. */
struct feeds {
	struct render *r;
	const char *url;  /* base_url without its trailing '/', or NULL */
};

struct entry {
	struct date date;
	const char *title, *summary, *path, *html;
};

/* base_url without its trailing '/' (""), or NULL when there is none. */
static const char *base(struct render *r)
{
	const char *b = r->m->site.base_url;
	size_t n;

	if (!b || !*b)
		return NULL;
	n = strlen(b);
	while (n && b[n - 1] == '/')
		n--;
	return arena_strndup(&r->keep, b, n);
}

static void add_xml(struct buf *b, const char *s)
{
	if (s)
		buf_add_html(b, s, strlen(s));
}

/* --- Atom -------------------------------------------------------------- */

static int compare_entries(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = date_cmp(b->date, a->date);

	return c ? c : strcmp(a->path, b->path);
}

/* The newest stories and done activities, newest first; *n of them. */
static struct entry *feed_entries(struct render *r, size_t *n)
{
	const struct model *m = r->m;
	struct entry *e = arena_array(&r->keep, m->stories.n +
	    m->activities.n + 1, sizeof(*e));
	size_t i, k = 0;

	for (i = 0; i < m->stories.n; i++) {
		const struct story *s = &m->stories.items[i];
		/* Addresses in the body from feed.xml, at the site's root. */
		const char *html = arena_strdup(&r->keep, ctx_story_html(r, s,
		    s->html, base(r) ? arena_printf(&r->keep, "%s/", base(r)) :
		    "", true));
		e[k++] = (struct entry){s->date, s->title, s->summary,
		    arena_printf(&r->keep, "stories/%s/index.html", s->id),
		    html};
	}
	for (i = 0; i < m->activities.n; i++) {
		const struct activity *a = &m->activities.items[i];
		if (a->status != STATUS_DONE)
			continue;
		e[k++] = (struct entry){a->date, a->title, a->summary,
		    arena_printf(&r->keep, "activities/%s/index.html", a->id),
		    NULL};
	}
	qsort(e, k, sizeof(*e), compare_entries);
	*n = k < FEED_ENTRIES ? k : FEED_ENTRIES;
	return e;
}

/* 2024-09-09T00:00:00Z; a date known only to the month or year takes its
 * first day. */
static void add_atom_date(struct buf *b, struct date d)
{
	buf_printf(b, "%04d-%02d-%02dT00:00:00Z", d.year, d.month ? d.month : 1,
	    d.day ? d.day : 1);
}

/* An entry's id is a tag: URI (RFC 4151) from the community's name and
 * the page's path, never from base_url: it stays the same when base_url
 * is added or the site moves (RFC 4287 4.2.6). */
static void add_id(struct feeds *f, struct buf *b, const char *path)
{
	const char *name = f->r->m->site.name;
	char slug[11];

	render_category_slug(name ? name : "", slug);
	buf_printf(b, "tag:linli,2024:s-%s/", slug + 2);
	add_xml(b, path);
}

static void add_link(struct feeds *f, struct buf *b, const char *path)
{
	const char *url = f->url;

	buf_adds(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
	if (url) {
		add_xml(b, url);
		buf_addc(b, '/');
	}
	add_xml(b, path);
	buf_adds(b, "\"/>\n");
}

static void add_entry(struct feeds *f, struct buf *b, const struct entry *e)
{
	buf_adds(b, "<entry>\n<title>");
	add_xml(b, e->title);
	buf_adds(b, "</title>\n<id>");
	add_id(f, b, e->path);
	buf_adds(b, "</id>\n");
	add_link(f, b, e->path);
	buf_adds(b, "<updated>");
	add_atom_date(b, e->date);
	buf_adds(b, "</updated>\n");
	if (e->summary) {
		buf_adds(b, "<summary>");
		add_xml(b, e->summary);
		buf_adds(b, "</summary>\n");
	}
	if (e->html) {
		buf_adds(b, "<content type=\"html\">");
		add_xml(b, e->html);
		buf_adds(b, "</content>\n");
	}
	buf_adds(b, "</entry>\n");
}

static bool write_atom(struct feeds *f)
{
	struct render *r = f->r;
	const struct site *s = &r->m->site;
	struct buf b = BUF_INIT;
	size_t n, i;
	struct entry *e = feed_entries(r, &n);
	bool ok;

	buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n"
	    "<title>", s->language_tag);
	add_xml(&b, s->name);
	buf_adds(&b, " · ");
	add_xml(&b, render_string(r, "feed.title"));
	buf_adds(&b, "</title>\n");
	if (s->subtitle) {
		buf_adds(&b, "<subtitle>");
		add_xml(&b, s->subtitle);
		buf_adds(&b, "</subtitle>\n");
	}
	buf_adds(&b, "<id>");
	add_id(f, &b, "feed.xml");
	buf_adds(&b, "</id>\n");
	if (f->url) {
		buf_adds(&b, "<link rel=\"self\" type=\"application/atom+xml\" "
		    "href=\"");
		add_id(f, &b, "feed.xml");
		buf_adds(&b, "\"/>\n");
	}
	add_link(f, &b, "index.html");
	buf_adds(&b, "<updated>");
	add_atom_date(&b, n ? e[0].date : r->m->today);
	buf_adds(&b, "</updated>\n<author><name>");
	add_xml(&b, s->name);
	buf_adds(&b, "</name></author>\n<generator>linli</generator>\n");
	for (i = 0; i < n; i++)
		add_entry(f, &b, &e[i]);
	buf_adds(&b, "</feed>\n");
	ok = write_buf(r->w, "feed.xml", &b);
	buf_release(&b);
	return ok;
}

/* --- iCalendar --------------------------------------------------------- */

/* Zones without daylight saving time, whose VTIMEZONE is one fixed offset;
 * for any other zone, times are written floating (local, no TZID). */
static const struct {
	const char *name, *offset;
} fixed_zones[] = {
	{"Asia/Shanghai", "+0800"}, {"Asia/Chongqing", "+0800"},
	{"Asia/Harbin", "+0800"}, {"Asia/Urumqi", "+0600"},
	{"Asia/Hong_Kong", "+0800"}, {"Asia/Macau", "+0800"},
	{"Asia/Taipei", "+0800"}, {"Asia/Singapore", "+0800"},
	{"Asia/Kuala_Lumpur", "+0800"}, {"Asia/Manila", "+0800"},
	{"Asia/Tokyo", "+0900"}, {"Asia/Seoul", "+0900"},
	{"Asia/Bangkok", "+0700"}, {"Asia/Jakarta", "+0700"},
	{"Asia/Ho_Chi_Minh", "+0700"}, {"Asia/Kolkata", "+0530"},
	{"Asia/Dubai", "+0400"}, {"UTC", "+0000"}, {"Etc/UTC", "+0000"},
};

static const char *zone_offset(const char *tz)
{
	size_t i;

	for (i = 0; tz && i < sizeof(fixed_zones) / sizeof(fixed_zones[0]); i++)
		if (strcmp(tz, fixed_zones[i].name) == 0)
			return fixed_zones[i].offset;
	return NULL;
}

/* Appends one content line, folded at 75 octets (never inside a UTF-8
 * sequence) with CRLF endings, as RFC 5545 3.1 says. */
static void ics_line(struct buf *out, const char *line, size_t len)
{
	size_t start = 0, room = 75;

	while (len - start > room) {
		size_t cut = start + room;
		while (cut > start && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		buf_add(out, line + start, cut - start);
		buf_adds(out, "\r\n ");
		start = cut;
		room = 74; /* the leading space counts */
	}
	buf_add(out, line + start, len - start);
	buf_adds(out, "\r\n");
}

/* Appends s as TEXT: backslash, semicolon, comma escaped; newlines as \n;
 * other control characters dropped. */
static void ics_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(b, '\\'), buf_addc(b, *s);
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(b, *s);
	}
}

/* A property NAME:text line. */
static void ics_prop(struct buf *out, struct buf *line, const char *name,
    const char *text)
{
	if (!text || !*text)
		return;
	buf_reset(line);
	buf_printf(line, "%s:", name);
	ics_text(line, text);
	ics_line(out, line->data, line->len);
}

static void ics_when(struct buf *out, struct buf *line, const char *name,
    struct date d, int minutes, const char *tzid)
{
	if (minutes >= 1440) { /* past midnight: the next day */
		d = date_from_days(date_to_days(d) + minutes / 1440);
		minutes %= 1440;
	}
	buf_reset(line);
	if (minutes < 0) {
		buf_printf(line, "%s;VALUE=DATE:%04d%02d%02d", name, d.year, d.month,
		    d.day);
	} else {
		buf_printf(line, "%s", name);
		if (tzid)
			buf_printf(line, ";TZID=%s", tzid);
		buf_printf(line, ":%04d%02d%02dT%02d%02d00", d.year, d.month, d.day,
		    minutes / 60, minutes % 60);
	}
	ics_line(out, line->data, line->len);
}

/* ID@HASH.linli: the activity's id (unique in its community) at a name
 * made from the 64-bit FNV-1a hash of the community's name, so that UIDs
 * are unique across communities without base_url (RFC 5545 3.8.4.7) and
 * never change when base_url is added or the site moves. */
static void add_uid(struct buf *b, const char *name, const char *id)
{
	const char *n = name ? name : "";

	buf_printf(b, "%s@%016llx.linli", id,
	    (unsigned long long)strmap_hash(n, strlen(n)));
}

static void ics_event(struct feeds *f, struct buf *out, struct buf *line,
    const struct activity *a, const char *tzid)
{
	const char *url = f->url;
	struct date today = f->r->m->today;
	int start, end;

	ics_line(out, "BEGIN:VEVENT", 12);
	buf_reset(line);
	buf_adds(line, "UID:");
	add_uid(line, f->r->m->site.name, a->id);
	ics_line(out, line->data, line->len);
	buf_reset(line);
	buf_printf(line, "DTSTAMP:%04d%02d%02dT000000Z", today.year,
	    today.month, today.day);
	ics_line(out, line->data, line->len);
	/* A time tod_parse cannot read was a warning: the event then has its
	 * day and no hour, never a guessed one. */
	if (tod_parse(a->time, &start, &end) == TOD_OK) {
		ics_when(out, line, "DTSTART", a->date, start, tzid);
		if (end >= 0)
			ics_when(out, line, "DTEND", a->date, end, tzid);
	} else {
		ics_when(out, line, "DTSTART", a->date, -1, NULL);
		ics_when(out, line, "DTEND", date_from_days(date_to_days(a->date) +
		    1), -1, NULL);
	}
	ics_prop(out, line, "SUMMARY", a->title);
	ics_prop(out, line, "LOCATION", a->location);
	ics_prop(out, line, "DESCRIPTION", a->summary);
	ics_prop(out, line, "CATEGORIES", a->category);
	if (url) {
		buf_reset(line);
		buf_printf(line, "URL:%s/activities/%s/index.html", url, a->id);
		ics_line(out, line->data, line->len);
	}
	ics_line(out, "STATUS:CONFIRMED", 16);
	ics_line(out, "END:VEVENT", 10);
}

static void ics_timezone(struct buf *out, struct buf *line, const char *tzid,
    const char *offset)
{
	ics_line(out, "BEGIN:VTIMEZONE", 15);
	buf_reset(line);
	buf_printf(line, "TZID:%s", tzid);
	ics_line(out, line->data, line->len);
	ics_line(out, "BEGIN:STANDARD", 14);
	ics_line(out, "DTSTART:19700101T000000", 23);
	buf_reset(line);
	buf_printf(line, "TZOFFSETFROM:%s", offset);
	ics_line(out, line->data, line->len);
	buf_reset(line);
	buf_printf(line, "TZOFFSETTO:%s", offset);
	ics_line(out, line->data, line->len);
	ics_line(out, "END:STANDARD", 12);
	ics_line(out, "END:VTIMEZONE", 13);
}

static bool write_calendar(struct feeds *f)
{
	struct render *r = f->r;
	const struct model *m = r->m;
	const char *tz = m->site.timezone;
	const char *offset = zone_offset(tz);
	struct buf out = BUF_INIT, line = BUF_INIT;
	size_t i;
	bool ok;

	ics_line(&out, "BEGIN:VCALENDAR", 15);
	ics_line(&out, "VERSION:2.0", 11);
	buf_printf(&line, "PRODID:-//linli//linli %s//%s", LINLI_VERSION,
	    m->site.language == LANG_EN ? "EN" : "ZH");
	ics_line(&out, line.data, line.len);
	ics_line(&out, "CALSCALE:GREGORIAN", 18);
	ics_line(&out, "METHOD:PUBLISH", 14);
	buf_reset(&line);
	buf_adds(&line, "X-WR-CALNAME:");
	ics_text(&line, m->site.name);
	buf_adds(&line, " · ");
	ics_text(&line, render_string(r, "feed.calendar"));
	ics_line(&out, line.data, line.len);
	if (offset) {
		ics_prop(&out, &line, "X-WR-TIMEZONE", tz);
		ics_timezone(&out, &line, tz, offset);
	}
	for (i = 0; i < m->activities_by_date.n; i++) {
		const struct activity *a = m->activities_by_date.items[i];
		if (a->status == STATUS_PLANNED && a->date.day)
			ics_event(f, &out, &line, a, offset ? tz : NULL);
	}
	ics_line(&out, "END:VCALENDAR", 13);
	ok = write_buf(r->w, "calendar.ics", &out);
	buf_release(&line);
	buf_release(&out);
	return ok;
}

/* --- sitemap and robots.txt ------------------------------------------ */

enum { SITEMAP_URLS = 50000 }; /* the protocol's limit per file */

/* Pages a search engine has no use for: the 404 page, the noticeboard. */
/* Not for search engines: the page a server shows for a missing address
 * and the noticeboard screen, a site's own or (c/SLUG/...) a district's
 * community's. */
static bool in_sitemap(const char *path)
{
	const char *site = path;

	if (!strncmp(path, "c/", 2) && strchr(path + 2, '/'))
		site = strchr(path + 2, '/') + 1;
	return strcmp(site, "404.html") != 0 && strncmp(site, "board/", 6) != 0;
}

/* The newest date of any record that is not in the future: the lastmod
 * of pages that show many records; none (year 0) for a site without
 * records (a district: its communities' pages then carry no lastmod,
 * rather than a wrong one). */
static struct date site_lastmod(const struct model *m)
{
	struct date best = {0, 0, 0};
	size_t i;

	for (i = 0; i < m->activities.n; i++)
		if (date_cmp(m->activities.items[i].date, m->today) <= 0 &&
		    date_cmp(m->activities.items[i].date, best) > 0)
			best = m->activities.items[i].date;
	for (i = 0; i < m->stories.n; i++)
		if (date_cmp(m->stories.items[i].date, m->today) <= 0 &&
		    date_cmp(m->stories.items[i].date, best) > 0)
			best = m->stories.items[i].date;
	return best;
}

static void add_w3c_date(struct buf *b, struct date d)
{
	buf_printf(b, "%04d-%02d-%02d", d.year, d.month ? d.month : 1,
	    d.day ? d.day : 1);
}

/* base_url (already normalised) + path, percent-encoded, XML-escaped. */
static void add_loc(struct buf *b, const char *base, const char *path)
{
	struct buf u = BUF_INIT;

	buf_adds(&u, base);
	buf_add_url(&u, path, strlen(path));
	add_xml(b, u.data);
	buf_release(&u);
}

/* One urlset file of pages [from, to); returns its newest lastmod. */
static bool write_urlset(struct render *r, const char *name, size_t from,
    size_t to, struct date fallback, struct date *newest)
{
	const struct model *m = r->m;
	struct buf b = BUF_INIT;
	size_t i;
	bool ok;

	*newest = (struct date){0, 0, 0};
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset "
	    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = from; i < to; i++) {
		const struct render_page_ref *p = &r->pages.items[i];
		struct date d = p->lastmod.year ? p->lastmod : fallback;
		if (!in_sitemap(p->path))
			continue;
		if (date_cmp(d, m->today) > 0)
			d = m->today; /* a planned activity's page exists today */
		if (date_cmp(d, *newest) > 0)
			*newest = d;
		buf_adds(&b, "<url><loc>");
		add_loc(&b, m->site.base_url, p->path);
		buf_adds(&b, "</loc>");
		if (d.year) {
			buf_adds(&b, "<lastmod>");
			add_w3c_date(&b, d);
			buf_adds(&b, "</lastmod>");
		}
		buf_adds(&b, "</url>\n");
	}
	buf_adds(&b, "</urlset>\n");
	ok = write_buf(r->w, name, &b);
	buf_release(&b);
	return ok;
}

static int compare_page_refs(const void *a, const void *b)
{
	return strcmp(((const struct render_page_ref *)a)->path,
	    ((const struct render_page_ref *)b)->path);
}

/* Every page the products wrote (render->pages), in files of at most
 * SITEMAP_URLS addresses; beyond one file, sitemap.xml is their index.
 * Only with base_url: a sitemap holds absolute addresses. */
static bool write_sitemaps(struct render *r)
{
	const char *base = r->m->site.base_url;
	struct date fallback = site_lastmod(r->m), newest;
	size_t i, n = 0, files, k, from = 0;
	struct buf idx = BUF_INIT;
	bool ok = true;

	/* The pages came in the order the threads wrote them: sort them, and
	 * give each the date its renderer noted. */
	if (r->pages.n > 1)
		qsort(r->pages.items, r->pages.n, sizeof(*r->pages.items),
		    compare_page_refs);
	for (i = 0; i < r->pages.n; i++) {
		const struct date *d = strmap_get(&r->lastmods,
		    r->pages.items[i].path);
		if (d)
			r->pages.items[i].lastmod = *d;
		n += in_sitemap(r->pages.items[i].path);
	}
	if (n <= SITEMAP_URLS)
		return write_urlset(r, "sitemap.xml", 0, r->pages.n, fallback,
		    &newest);
	files = (n + SITEMAP_URLS - 1) / SITEMAP_URLS;
	buf_adds(&idx, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/"
	    "sitemap/0.9\">\n");
	for (k = 0; k < files && ok; k++) {
		size_t to = from, taken = 0;
		char name[32];
		while (to < r->pages.n && taken < SITEMAP_URLS)
			taken += in_sitemap(r->pages.items[to++].path);
		snprintf(name, sizeof(name), "sitemap-%zu.xml", k + 1);
		ok = write_urlset(r, name, from, to, fallback, &newest);
		buf_adds(&idx, "<sitemap><loc>");
		add_loc(&idx, base, name);
		buf_adds(&idx, "</loc>");
		if (newest.year) {
			buf_adds(&idx, "<lastmod>");
			add_w3c_date(&idx, newest);
			buf_adds(&idx, "</lastmod>");
		}
		buf_adds(&idx, "</sitemap>\n");
		from = to;
	}
	buf_adds(&idx, "</sitemapindex>\n");
	ok = ok && write_buf(r->w, "sitemap.xml", &idx);
	buf_release(&idx);
	return ok;
}

/* robots.txt: everything may be read; the sitemap, when there is one. */
static bool write_robots(struct render *r)
{
	struct buf b = BUF_INIT;
	bool ok;

	buf_adds(&b, "User-agent: *\nAllow: /\n");
	if (r->m->site.base_url) {
		buf_adds(&b, "\nSitemap: ");
		buf_adds(&b, r->m->site.base_url);
		buf_adds(&b, "sitemap.xml\n");
	}
	ok = write_buf(r->w, "robots.txt", &b);
	buf_release(&b);
	return ok;
}

bool render_sitemap(struct render *r)
{
	bool ok = write_robots(r) && (!r->m->site.base_url ||
	    write_sitemaps(r));

	if (!ok)
		r->failed = true;
	return ok;
}

bool render_feeds(struct render *r)
{
	struct feeds f = {r, base(r)};
	bool ok = write_atom(&f) && write_calendar(&f);

	if (!ok)
		r->failed = true;
	return ok;
}
