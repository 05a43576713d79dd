/*
 * render_bulletin: the printable bulletin, one issue per period.
 *
 *   bulletin/YYYY-MM/index.html  an issue (YYYY-qN for quarters, YYYY-wNN
 *                                for ISO weeks), with --pdf bulletin.pdf
 *   bulletin/index.html          the newest issue again (and bulletin.pdf)
 *   bulletin/issues/index.html   every issue, newest first
 *
 * An issue exists for every period that has ended by today (its last day
 * counts) and has an activity, a story or a service row dated in it
 * (honours, milestones and recognised people show in the issue of their
 * period, but make none); the period under way has one only once its own
 * content would fill its pages. The last issue is the latest.
 * Issues are numbered one after another from first_issue, and a printed
 * number never changes: the numbers printed are kept in
 * out/bulletin/numbers.txt, which the next build reads; records typed in
 * later for an old empty period get no issue and a warning, and those
 * before the first issue get one once first_issue leaves room
 * (docs/bulletin.md).
 *
 * What an issue holds and how it is fitted to its pages is in
 * bulletin_issue.c, its page's context in bulletin_page.c, the content
 * budget in bulletin_fit.c.
 */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "textenc.h"
#include "utf8.h"
#include "xalloc.h"

/* --- periods ----------------------------------------------------------- */

static long floor_div(long a, long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The period holding d; a missing month or day counts as the first. */
static long period_of(enum period kind, struct date d)
{
	int month = d.month ? d.month : 1;
	struct date full = {d.year, month, d.day ? d.day : 1};

	if (kind == PERIOD_QUARTER)
		return (long)d.year * 4 + (month - 1) / 3;
	if (kind == PERIOD_WEEK) /* weeks from Monday 1969-12-29 */
		return floor_div(date_to_days(full) + 3, 7);
	return (long)d.year * 12 + month - 1;
}

static struct date period_start(enum period kind, long p)
{
	struct date d = {0, 1, 1};

	if (kind == PERIOD_WEEK)
		return date_from_days(p * 7 - 3);
	if (kind == PERIOD_QUARTER) {
		d.year = (int)floor_div(p, 4);
		d.month = (int)(p - d.year * 4L) * 3 + 1;
	} else {
		d.year = (int)floor_div(p, 12);
		d.month = (int)(p - d.year * 12L) + 1;
	}
	return d;
}

static struct date period_end(enum period kind, long p)
{
	return date_from_days(date_to_days(period_start(kind, p + 1)) - 1);
}

/* The ISO 8601 week-numbering year and week of the week starting on
 * monday. */
static void iso_week(struct date monday, int *year, int *week)
{
	long thursday = date_to_days(monday) + 3;
	struct date t = date_from_days(thursday), jan1 = {t.year, 1, 1};

	*year = t.year;
	*week = (int)((thursday - date_to_days(jan1)) / 7) + 1;
}

static void period_slug(enum period kind, long p, char out[24])
{
	struct date s = period_start(kind, p);
	int y, w;

	if (kind == PERIOD_WEEK) {
		iso_week(s, &y, &w);
		snprintf(out, 24, "%04d-w%02d", y, w);
	} else if (kind == PERIOD_QUARTER) {
		snprintf(out, 24, "%04d-q%d", s.year, (s.month - 1) / 3 + 1);
	} else {
		snprintf(out, 24, "%04d-%02d", s.year, s.month);
	}
}

/* Replaces every "{name}" in text by value; arena a. */
static const char *substitute(struct arena *a, const char *text,
    const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	char key[32];
	const char *p = text, *at, *out;

	snprintf(key, sizeof(key), "{%s}", name);
	while ((at = strstr(p, key))) {
		buf_add(&b, p, (size_t)(at - p));
		buf_adds(&b, value);
		p = at + strlen(key);
	}
	buf_adds(&b, p);
	out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

const char *bl_pattern(struct render *r, const char *key, const char *name,
    const char *value)
{
	return substitute(&r->page, render_string(r, key), name, value);
}

/* "2026年11月", "2026年第4季度", "2026年第48周（11月23日—11月29日）";
 * r->keep. */
static const char *period_label(struct render *r, enum period kind, long p)
{
	struct date s = period_start(kind, p), e = period_end(kind, p);
	char num[16];
	const char *t;
	int y, w;

	if (kind == PERIOD_MONTH)
		return arena_strdup(&r->keep, ctx_month(r, s.year, s.month));
	if (kind == PERIOD_QUARTER) {
		snprintf(num, sizeof(num), "%d", (s.month - 1) / 3 + 1);
		t = render_string(r, "bulletin.quarter");
		t = substitute(&r->page, t, "q", num);
		snprintf(num, sizeof(num), "%d", s.year);
		return substitute(&r->keep, t, "year", num);
	}
	iso_week(s, &y, &w);
	t = render_string(r, "bulletin.week");
	snprintf(num, sizeof(num), "%d", w);
	t = substitute(&r->page, t, "week", num);
	t = substitute(&r->page, t, "from", ctx_date_short(r, s));
	t = substitute(&r->page, t, "to", ctx_date_short(r, e));
	snprintf(num, sizeof(num), "%d", y);
	return substitute(&r->keep, t, "year", num);
}

/* --- glyph checks ------------------------------------------------------ */

/* Reports cp at pos unless it was reported there already. */
static void warn_glyph(struct bulletin *b, struct pos pos, uint32_t cp)
{
	struct render *r = b->r;
	char enc[5] = {0};
	char *key = arena_printf(&r->keep, "%s:%d:%X", pos.path ? pos.path :
	    "", pos.line, (unsigned)cp);

	if (strmap_put(&b->warned, key, key) != key)
		return;
	utf8_encode(cp, enc);
	diag_warning(r->d, pos_make(pos.path, pos.line, 0), "character '%s' "
	    "(U+%04X) is in no installed font the bulletin uses; it would "
	    "print as a blank box", cp < 0x20 ? "?" : enc, (unsigned)cp);
}

/* The line of the story's file, from its body on, where cp first
 * appears; the body's first line when it cannot tell (the file is gone,
 * or the character was written as an entity). */
static int story_line(const struct story *st, uint32_t cp)
{
	FILE *f = fopen(st->pos.path, "rb");
	struct buf text = BUF_INIT;
	char enc[5] = {0}, chunk[8192];
	const char *p, *nl, *hit;
	int line = 1;
	size_t n;

	if (!f)
		return st->body_line;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&text, chunk, n);
	fclose(f);
	textenc_to_utf8(&text); /* as the loader read it (GB18030, UTF-16) */
	utf8_encode(cp, enc);
	for (p = text.data; line < st->body_line && (nl = strchr(p, '\n'));
	    line++)
		p = nl + 1;
	hit = strstr(p, enc);
	for (; hit && p < hit; p++)
		line += *p == '\n';
	buf_release(&text);
	return hit ? line : st->body_line;
}

/* Warns about every character of s that no bulletin font has; for a
 * story (st not NULL) at the line of its file that holds it. */
static void check_glyphs(struct bulletin *b, const char *s, struct pos pos,
    const struct story *st)
{
	size_t len, off = 0, at, n;
	uint32_t cp;

	if (!s || !b->glyphs)
		return;
	len = strlen(s);
	while ((cp = glyphs_first_missing(b->glyphs, s + off, len - off, &at))) {
		warn_glyph(b, st ? pos_make(st->pos.path, story_line(st, cp), 0) :
		    pos, cp);
		utf8_decode(s + off + at, len - off - at, &n);
		off += at + n;
	}
}

void bl_check_text(struct bulletin *b, const char *s, struct pos pos)
{
	check_glyphs(b, s, pos, NULL);
}

void bl_check_story_text(struct bulletin *b, const struct story *st,
    const char *s)
{
	check_glyphs(b, s, st->pos, st);
}

/* --- fonts, @page, QR code --------------------------------------------- */

/* Appends the comma-separated family list as CSS: names quoted, then a
 * generic family. Characters that could end the rule are dropped. */
static void css_families(struct buf *out, const char *list,
    const char *generic)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");
		const char *s = p, *e = p + n;
		while (s < e && strchr(" \t\"'", *s))
			s++;
		while (e > s && strchr(" \t\"'", e[-1]))
			e--;
		if (e > s) {
			buf_addc(out, '"');
			for (; s < e; s++)
				if (!strchr("\"'\\;{}<>", *s))
					buf_addc(out, *s);
			buf_adds(out, "\", ");
		}
		p += n + (p[n] == ',');
	}
	buf_adds(out, generic);
}

/* Appends s as a CSS string; safe inside <style>. */
static void css_string(struct buf *out, const char *s, size_t len)
{
	size_t i;

	buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\' || c == '<' || c == '>' || c < 0x20)
			buf_printf(out, "\\%x ", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

/* "第{page}页 共{pages}页" -> "第" counter(page) "页 共" counter(pages) "页". */
static void css_page_counter(struct buf *out, const char *pattern)
{
	const char *p = pattern;

	while (*p) {
		const char *a = strstr(p, "{page}"), *b = strstr(p, "{pages}");
		const char *at = a && (!b || a < b) ? a : b;
		if (!at) {
			css_string(out, p, strlen(p));
			break;
		}
		if (at > p)
			css_string(out, p, (size_t)(at - p));
		buf_adds(out, at == a ? " counter(page) " : " counter(pages) ");
		p = at + (at == a ? 6 : 7);
	}
}

static void make_css(struct bulletin *b)
{
	struct render *r = b->r;
	struct buf css = BUF_INIT;

	buf_adds(&css, ":root { --bl-text: ");
	css_families(&css, render_string(r, "bulletin.fonts.text"), "sans-serif");
	buf_adds(&css, "; --bl-title: ");
	css_families(&css, render_string(r, "bulletin.fonts.title"), "serif");
	buf_adds(&css, "; }");
	b->fonts_css = arena_strndup(&r->keep, css.data, css.len);
	buf_reset(&css);
	buf_adds(&css, "@page { @bottom-center { content: ");
	css_page_counter(&css, render_string(r, "bulletin.page_of"));
	buf_adds(&css, "; font-family: ");
	css_families(&css, render_string(r, "bulletin.fonts.text"), "sans-serif");
	buf_adds(&css, "; font-size: 10pt; color: #333; } }");
	b->page_css = arena_strndup(&r->keep, css.data, css.len);
	buf_release(&css);
}

/* An address as an SVG QR code: one path of dark modules, four modules
 * of quiet zone, crisp edges; arena a. NULL without url. */
const char *bl_qr_svg(struct arena *a, const char *url)
{
	QRcode *q;
	struct buf svg = BUF_INIT;
	const char *out;
	int x, y, run, w;

	if (!url || !*url || !(q = QRcode_encodeString(url, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1)))
		return NULL;
	w = q->width + 8;
	buf_printf(&svg, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" role=\"img\" "
	    "aria-label=\"QR: ", w, w);
	buf_add_html(&svg, url, strlen(url));
	buf_printf(&svg, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", w, w);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x += run ? run : 1) {
			for (run = 0; x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1); run++)
				;
			if (run)
				buf_printf(&svg, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
		}
	buf_adds(&svg, "\"/></svg>");
	QRcode_free(q);
	out = arena_strndup(a, svg.data, svg.len);
	buf_release(&svg);
	return out;
}

/* --- the build's state ------------------------------------------------- */

/* Column heights of each sheet: the first has the masthead, the last the
 * contact box. */
static void sheet_caps(struct bulletin *b)
{
	int i;

	b->pages = b->r->m->site.bulletin.pages;
	if (b->pages < 1)
		b->pages = 1;
	if (b->pages > BL_MAX_PAGES)
		b->pages = BL_MAX_PAGES;
	for (i = 0; i < b->pages; i++) {
		double mm = BL_SHEET_MM - (i == 0 ? BL_MASTHEAD_MM : 0) -
		    (i == b->pages - 1 ? BL_CONTACT_MM : 0);
		b->caps[i] = mm * BL_PT_PER_MM - BL_SLACK_PT;
	}
}

static void load_fonts(struct bulletin *b)
{
	struct render *r = b->r;
	char *missing = NULL;
	const char *list = arena_printf(&r->page, "%s, %s",
	    render_string(r, "bulletin.fonts.text"),
	    render_string(r, "bulletin.fonts.title"));
	const char *strings = arena_printf(&r->keep, "%s/strings/%s/bulletin.yaml",
	    r->theme.dir, r->m->site.language_tag);

	b->glyphs = glyphs_new(list, &missing);
	if (missing)
		diag_warning(r->d, pos_make(strings, 0, 0), "the bulletin's fonts "
		    "%s are not installed (Debian: apt-get install fonts-noto-cjk); "
		    "printed pages would use other fonts", missing);
	free(missing);
	if (glyphs_families(b->glyphs) == 0) {
		glyphs_free(b->glyphs); /* nothing to check against */
		b->glyphs = NULL;
	}
}

/* The theme's own words and the site's must print too. */
static void check_strings(struct bulletin *b)
{
	struct render *r = b->r;
	const struct mu_value *v = mu_map_get(r->theme.strings, "bulletin", 8);
	const char *path = arena_printf(&r->keep, "%s/strings/%s/bulletin.yaml",
	    r->theme.dir, r->m->site.language_tag);
	const struct site *site = &r->m->site;
	size_t i;

	for (i = 0; v && v->kind == MU_MAP && i < v->u.map.len; i++) {
		const struct mu_value *s = v->u.map.pairs[i].value;
		if (s->kind == MU_STRING)
			bl_check_text(b, arena_strndup(&r->page, s->u.string.s,
			    s->u.string.len), pos_make(path, 0, 0));
	}
	bl_check_text(b, site->name, site->pos);
	bl_check_text(b, site->subtitle, site->pos);
	bl_check_text(b, site->address, site->pos);
	bl_check_text(b, site->hotline, site->pos);
	bl_check_text(b, site->bulletin.title ? site->bulletin.title :
	    render_string(r, "bulletin.default_title"), site->pos);
}

static void bulletin_init(struct bulletin *b, struct render *r)
{
	memset(b, 0, sizeof(*b));
	b->r = r;
	strmap_init(&b->warned, &r->keep);
	sheet_caps(b);
	make_css(b);
	b->qr_svg = bl_qr_svg(&r->keep, r->m->site.base_url);
	load_fonts(b);
	check_strings(b);
	arena_reset(&r->page);
}

static void bulletin_release(struct bulletin *b)
{
	glyphs_free(b->glyphs);
	free(b->blocks);
}

/* --- issues ------------------------------------------------------------ */

/* The records issues are made of, sorted by date. */
struct sources {
	struct activity *const *acts;
	size_t nacts;
	const struct story *const *stories;
	size_t nstories;
	const struct achievement **achs;
	size_t nachs;
	const struct service **svc;
	size_t nsvc;
};

static int compare_achievements(const void *pa, const void *pb)
{
	const struct achievement *a = *(const struct achievement *const *)pa;
	const struct achievement *b = *(const struct achievement *const *)pb;
	int c = date_cmp(a->date, b->date);

	return c ? c : (a > b) - (a < b);
}

static int compare_service(const void *pa, const void *pb)
{
	const struct service *a = *(const struct service *const *)pa;
	const struct service *b = *(const struct service *const *)pb;
	int c = date_cmp(a->date, b->date);

	return c ? c : (a > b) - (a < b);
}

static int compare_longs(const void *pa, const void *pb)
{
	long a = *(const long *)pa, b = *(const long *)pb;

	return (a > b) - (a < b);
}

static void gather(struct render *r, struct sources *s)
{
	const struct model *m = r->m;
	size_t i;

	s->acts = m->activities_by_date.items;
	s->nacts = m->activities_by_date.n;
	s->stories = (const struct story *const *)m->stories_by_date.items;
	s->nstories = m->stories_by_date.n;
	s->achs = arena_array(&r->keep, m->achievements.n + 1, sizeof(*s->achs));
	for (i = 0; i < m->achievements.n; i++) {
		const struct achievement *h = &m->achievements.items[i];
		if (h->kind != ACH_FIGURE && h->date.year && h->date.month)
			s->achs[s->nachs++] = h;
	}
	qsort(s->achs, s->nachs, sizeof(*s->achs), compare_achievements);
	s->svc = arena_array(&r->keep, m->service.n + 1, sizeof(*s->svc));
	for (i = 0; i < m->service.n; i++)
		if (m->service.items[i].date.year)
			s->svc[s->nsvc++] = &m->service.items[i];
	qsort(s->svc, s->nsvc, sizeof(*s->svc), compare_service);
}

/* Every period with content, ascending, unique; *n of them (r->keep).
 * Activities, stories and service rows make an issue; honours, milestones
 * and people show in the issue of their period but make none by
 * themselves: a community's founding in 2003 is history, not news, and
 * must not start the numbering in 2003. */
static long *content_periods(struct render *r, const struct sources *s,
    size_t *n)
{
	enum period kind = r->m->site.bulletin.period;
	size_t cap = s->nacts + s->nstories + s->nachs + s->nsvc + 1, k = 0, i;
	long *p = arena_array(&r->keep, cap, sizeof(long));

	for (i = 0; i < s->nacts; i++)
		if (s->acts[i]->date.month)
			p[k++] = period_of(kind, s->acts[i]->date);
	for (i = 0; i < s->nstories; i++)
		p[k++] = period_of(kind, s->stories[i]->date);
	for (i = 0; i < s->nsvc; i++)
		p[k++] = period_of(kind, s->svc[i]->date);
	qsort(p, k, sizeof(long), compare_longs);
	for (*n = 0, i = 0; i < k; i++)
		if (*n == 0 || p[*n - 1] != p[i])
			p[(*n)++] = p[i];
	return p;
}

/* The first index in acts (sorted) whose date is after d. */
static size_t first_after(struct activity *const *acts, size_t n,
    struct date d)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (date_cmp(acts[mid]->date, d) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Fills x for period p from s, the cursors c (one per kind of record)
 * moving forward: periods come in ascending order. */
static void fill_issue(struct render *r, const struct sources *s,
    struct bl_issue *x, long p, size_t c[7])
{
	const struct model *m = r->m;
	enum period kind = m->site.bulletin.period;
	size_t k;

	memset(x, 0, sizeof(*x));
	x->period = p;
	x->start = period_start(kind, p);
	x->end = period_end(kind, p);
	x->issued = date_cmp(m->today, x->end) < 0 ? m->today : x->end;
	period_slug(kind, p, x->slug);
	x->label = period_label(r, kind, p);
	while (c[0] < s->nacts && (!s->acts[c[0]]->date.month ||
	    period_of(kind, s->acts[c[0]]->date) < p))
		c[0]++;
	for (x->acts = s->acts + c[0]; c[0] < s->nacts &&
	    period_of(kind, s->acts[c[0]]->date) == p; c[0]++)
		x->nacts++;
	while (c[4] < s->nstories && period_of(kind, s->stories[c[4]]->date) < p)
		c[4]++;
	x->past = s->stories;
	x->npast = c[4];
	for (; c[1] < s->nstories && period_of(kind, s->stories[c[1]]->date) <= p;
	    c[1]++)
		if (period_of(kind, s->stories[c[1]]->date) == p)
			x->lead = s->stories[c[1]];
	while (c[2] < s->nachs && period_of(kind, s->achs[c[2]]->date) < p)
		c[2]++;
	for (x->achs = s->achs + c[2]; c[2] < s->nachs &&
	    period_of(kind, s->achs[c[2]]->date) == p; c[2]++)
		x->nachs++;
	while (c[3] < s->nsvc && period_of(kind, s->svc[c[3]]->date) < p)
		c[3]++;
	for (x->svc = s->svc + c[3]; c[3] < s->nsvc &&
	    period_of(kind, s->svc[c[3]]->date) == p; c[3]++)
		x->nsvc++;
	while (c[5] < s->nsvc && s->svc[c[5]]->date.year < x->start.year)
		c[5]++;
	while (c[6] < s->nacts && s->acts[c[6]]->date.year < x->start.year)
		c[6]++;
	x->acts_year = s->acts + c[6];
	x->nacts_year = c[0] - c[6];
	x->svc_year = s->svc + c[5];
	x->nsvc_year = c[3] - c[5];
	k = first_after(s->acts, s->nacts, x->issued);
	x->coming = s->acts + k;
	x->ncoming = first_after(s->acts, s->nacts,
	    period_end(kind, p + 1)) - k;
}

/* Makes the issues (unnumbered): one per period with content that has
 * ended by today (its last day counts), and the current period too once
 * its own content would fill its pages. The last one is the latest. */
static struct bl_issue *make_issues(struct bulletin *b,
    const struct sources *s, size_t *nissues)
{
	struct render *r = b->r;
	const struct model *m = r->m;
	enum period kind = m->site.bulletin.period;
	size_t np, n = 0, i, c[7] = {0, 0, 0, 0, 0, 0, 0};
	long *periods = content_periods(r, s, &np), now = period_of(kind, m->today);
	struct bl_issue *v = arena_array(&r->keep, np + 1, sizeof(*v));

	for (i = 0; i < np && periods[i] <= now; i++)
		fill_issue(r, s, &v[n++], periods[i], c);
	if (n > 0 && v[n - 1].period == now &&
	    date_cmp(m->today, v[n - 1].end) < 0) {
		/* the period is under way: an issue of three previews and
		 * blank pages is not one to pin up yet */
		if (!bl_content_fills(b, &v[n - 1]))
			n--;
		arena_reset(&r->page);
	}
	*nissues = n;
	return v;
}

/* --- pages ------------------------------------------------------------- */

/* Renders ctx as path without resetting r->page (render_page does that),
 * so that the same context can be rendered again at another path. */
static bool render_keep(struct render *r, const char *name,
    struct mu_value *ctx, const char *path, const char *root)
{
	mu_map_set(&r->page, ctx, "site", r->site);
	mu_map_set(&r->page, ctx, "t", r->theme.strings);
	mu_map_set_str_ref(&r->page, ctx, "root", root);
	mu_map_set_str_ref(&r->page, ctx, "path", path);
	mu_map_set_str_ref(&r->page, ctx, "lang", r->m->site.language_tag);
	if (render_to_buf(r, name, ctx) && write_buf(r->w, path, &r->out))
		return true;
	r->failed = true;
	return false;
}

/* The list of issues, newest first, for the issues page. */
static struct mu_value *issue_list(struct render *r,
    const struct bl_issue *v, size_t n)
{
	struct mu_value *list = mu_list_new(&r->page);
	char num[16];
	size_t i;

	for (i = n; i-- > 0;) {
		struct mu_value *x = mu_map_new(&r->page);
		snprintf(num, sizeof(num), "%d", v[i].number);
		mu_map_set_str_ref(&r->page, x, "number_label",
		    bl_pattern(r, "bulletin.number", "n", num));
		mu_map_set_str_ref(&r->page, x, "period", v[i].label);
		mu_map_set_str_ref(&r->page, x, "url", arena_printf(&r->page,
		    "bulletin/%s/index.html", v[i].slug));
		mu_map_set_str_ref(&r->page, x, "pdf", r->o->pdf ?
		    arena_printf(&r->page, "bulletin/%s/bulletin.pdf", v[i].slug) :
		    NULL);
		if (v[i].lead)
			mu_map_set_str_ref(&r->page, x, "lead", v[i].lead->title);
		mu_map_set_bool(&r->page, x, "latest", i + 1 == n);
		mu_list_push(&r->page, list, x);
	}
	return list;
}

static bool render_index(struct bulletin *b, const struct bl_issue *v,
    size_t n)
{
	struct render *r = b->r;
	struct mu_value *ctx = mu_map_new(&r->page);
	bool ok;

	mu_map_set(&r->page, ctx, "issues", issue_list(r, v, n));
	mu_map_set_bool(&r->page, ctx, "has_issues", n > 0);
	ok = render_keep(r, "bulletin-issues", ctx, "bulletin/issues/index.html",
	    "../../");
	/* With no issue yet, the bulletin's address shows this list. */
	if (ok && n == 0)
		ok = render_page(r, "bulletin-issues", ctx, "bulletin/index.html");
	arena_reset(&r->page);
	return ok;
}

static bool render_issue(struct bulletin *b, const struct bl_issue *is,
    bool latest)
{
	struct render *r = b->r;
	struct mu_value *ctx = bl_issue_context(b, is);
	const char *dir = arena_printf(&r->keep, "bulletin/%s", is->slug);
	const char *rel = arena_printf(&r->keep, "%s/index.html", dir);
	bool ok;

	mu_map_set_bool(&r->page, ctx, "pdf", r->o->pdf);
	ok = render_keep(r, "bulletin", ctx, rel, "../../");
	if (ok && latest)
		ok = render_page(r, "bulletin", ctx, "bulletin/index.html");
	arena_reset(&r->page);
	if (ok && r->o->pdf)
		render_queue_pdf(r, rel, arena_printf(&r->keep, "%s/bulletin.pdf",
		    dir), latest ? "bulletin/bulletin.pdf" : NULL);
	return ok;
}

bool render_bulletin(struct render *r)
{
	struct bulletin b;
	struct sources s = {0};
	struct bl_issue *v;
	size_t n, i;
	bool ok = true;

	bulletin_init(&b, r);
	gather(r, &s);
	v = make_issues(&b, &s, &n);
	bl_number_issues(&b, v, &n);
	ok = bl_write_numbers(&b, v, n);
	for (i = 0; i < n && ok; i++)
		ok = render_issue(&b, &v[i], i + 1 == n);
	ok = ok && render_index(&b, v, n);
	bulletin_release(&b);
	if (!ok)
		r->failed = true;
	return ok;
}
