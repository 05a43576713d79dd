/*
 * context: model records -> template values, and the words and numbers
 * every product formats the same way (dates per language, volunteer names
 * per the privacy setting).
 *
 * Values are built in r->page (reset after each page) unless a comment
 * says otherwise. URLs in values are relative to the site's root; templates
 * put {{root}} before them, so every link is relative and the site works
 * from any folder or file://.
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media.h"
#include "render.h"
#include "utf8.h"

enum { DESCRIPTION_CHARS = 120 };

static const char *const weekdays_zh[] = {"星期一", "星期二", "星期三",
    "星期四", "星期五", "星期六", "星期日"};
static const char *const weekdays_en[] = {"Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const months_en[] = {"January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December"};

static bool english(const struct render *r)
{
	return r->m->site.language == LANG_EN;
}

const char *ctx_date_long(struct render *r, struct date d)
{
	if (!d.year)
		return "";
	if (english(r)) {
		if (!d.month)
			return arena_printf(&r->page, "%d", d.year);
		if (!d.day)
			return arena_printf(&r->page, "%s %d",
			    months_en[d.month - 1], d.year);
		return arena_printf(&r->page, "%s, %d %s %d",
		    weekdays_en[date_weekday(d)], d.day, months_en[d.month - 1],
		    d.year);
	}
	if (!d.month)
		return arena_printf(&r->page, "%d年", d.year);
	if (!d.day)
		return arena_printf(&r->page, "%d年%d月", d.year, d.month);
	return arena_printf(&r->page, "%d年%d月%d日 %s", d.year, d.month, d.day,
	    weekdays_zh[date_weekday(d)]);
}

const char *ctx_date_short(struct render *r, struct date d)
{
	if (!d.month)
		return ctx_date_long(r, d);
	if (english(r))
		return d.day ? arena_printf(&r->page, "%d %.3s", d.day,
		    months_en[d.month - 1]) : arena_printf(&r->page, "%s",
		    months_en[d.month - 1]);
	return d.day ? arena_printf(&r->page, "%d月%d日", d.month, d.day) :
	    arena_printf(&r->page, "%d月", d.month);
}

const char *ctx_month(struct render *r, int year, int month)
{
	struct date d = {year, month, 0};

	return ctx_date_long(r, d);
}

struct mu_value *ctx_date(struct render *r, struct date d)
{
	struct mu_value *v = mu_map_new(&r->page);
	char iso[11];

	date_iso(d, iso);
	mu_map_set_str(&r->page, v, "iso", iso);
	mu_map_set_str_ref(&r->page, v, "long", ctx_date_long(r, d));
	mu_map_set_str_ref(&r->page, v, "short", ctx_date_short(r, d));
	/* the day without its weekday: for records kept for years */
	mu_map_set_str_ref(&r->page, v, "plain", !d.day ? ctx_date_long(r, d) :
	    english(r) ? arena_printf(&r->page, "%d %s %d", d.day,
	    months_en[d.month - 1], d.year) : arena_printf(&r->page,
	    "%d年%d月%d日", d.year, d.month, d.day));
	mu_map_set_num(&r->page, v, "year", d.year);
	if (d.month)
		mu_map_set_num(&r->page, v, "month", d.month);
	if (d.day) {
		mu_map_set_num(&r->page, v, "day", d.day);
		mu_map_set_str_ref(&r->page, v, "weekday", english(r) ?
		    weekdays_en[date_weekday(d)] : weekdays_zh[date_weekday(d)]);
	}
	return v;
}

const char *ctx_number(struct render *r, double v)
{
	char tmp[64];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%.2f", v);
	n = strlen(tmp);
	while (n && tmp[n - 1] == '0')
		tmp[--n] = '\0';
	if (n && tmp[n - 1] == '.')
		tmp[--n] = '\0';
	return arena_strdup(&r->page, tmp);
}

/* --- names ------------------------------------------------------------- */

/* Chinese two-character surnames, so that 欧阳秀兰 masks as 欧阳*兰. */
static size_t surname_bytes(const char *name)
{
	static const char *const compound[] = {"欧阳", "司马", "诸葛", "上官",
	    "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
	    "夏侯", "令狐", "端木", "西门", "南宫", "歐陽", "司馬", "諸葛",
	    "長孫", "東方", NULL};
	size_t i, n;

	for (i = 0; compound[i]; i++)
		if (strncmp(name, compound[i], strlen(compound[i])) == 0)
			return strlen(compound[i]);
	utf8_decode(name, strlen(name), &n);
	return n;
}

/* "Mary Smith" -> "Mary S." (masked) or "M. S." (initials). */
static const char *mask_latin(struct render *r, const char *name,
    bool initials)
{
	struct buf b = BUF_INIT;
	const char *p = name, *sp = strchr(name, ' ');
	const char *out;

	if (!initials && sp) {
		const char *last = strrchr(name, ' ') + 1;
		buf_add(&b, name, (size_t)(sp - name));
		buf_printf(&b, " %c.", *last);
	} else {
		for (; *p; p++)
			if (p == name || p[-1] == ' ')
				buf_printf(&b, "%s%c.", b.len ? " " : "", *p);
	}
	out = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return out;
}

const char *ctx_volunteer_name(struct render *r, const char *name)
{
	enum privacy p = r->m->site.volunteer_names;
	size_t len = strlen(name), head, chars, last;
	struct buf b = BUF_INIT;
	const char *out;

	if (p == PRIVACY_FULL || !*name)
		return name;
	if ((unsigned char)name[0] < 0x80)
		return mask_latin(r, name, p == PRIVACY_INITIALS);
	head = surname_bytes(name);
	buf_add(&b, name, head);
	if (p == PRIVACY_INITIALS) {
		buf_adds(&b, "某");
	} else {
		chars = utf8_length(name + head, len - head);
		last = chars >= 2 ? utf8_prefix(name + head, len - head, chars - 1) :
		    len - head;
		buf_adds(&b, "*");
		buf_add(&b, name + head + last, len - head - last);
	}
	out = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return out;
}

/* --- records ----------------------------------------------------------- */

static const char *const team_kinds[] = {"service", "mediation", "interest",
    "youth", "party", "partner", "other"};
static const char *const statuses[] = {"done", "planned", "cancelled"};
static const char *const levels[] = {"", "national", "provincial", "city",
    "district", "street"};
static const char *const ach_kinds[] = {"honour", "milestone", "figure",
    "person"};

static const char *label(struct render *r, const char *group,
    const char *key)
{
	return render_string(r, arena_printf(&r->page, "%s.%s", group, key));
}

/* One sRGB channel (0-255) as linear light, for WCAG luminance. */
static double linear(int c)
{
	double s = c / 255.0;

	return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

/* The text colour to write on a background of color (#rgb or #rrggbb):
 * white when it contrasts by at least 4.5:1 (WCAG AA), else near-black. */
static const char *ink_on(const char *color)
{
	unsigned rgb[3];
	double lum;
	int i;

	if (strlen(color) == 4) {
		for (i = 0; i < 3; i++)
			sscanf(color + 1 + i, "%1x", &rgb[i]), rgb[i] *= 17;
	} else if (sscanf(color + 1, "%2x%2x%2x", &rgb[0], &rgb[1],
	    &rgb[2]) != 3) {
		return "#ffffff";
	}
	lum = 0.2126 * linear((int)rgb[0]) + 0.7152 * linear((int)rgb[1]) +
	    0.0722 * linear((int)rgb[2]);
	return 1.05 / (lum + 0.05) >= 4.5 ? "#ffffff" : "#1a1a1a";
}

static struct mu_value *make_team_ref(struct render *r, const struct team *t)
{
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a);

	mu_map_set_str_ref(a, v, "id", t->id);
	mu_map_set_str_ref(a, v, "name", t->name);
	mu_map_set_str_ref(a, v, "kind", team_kinds[t->kind]);
	mu_map_set_str_ref(a, v, "kind_label", label(r, "team_kind",
	    team_kinds[t->kind]));
	if (t->color) {
		mu_map_set_str_ref(a, v, "color", t->color);
		mu_map_set_str_ref(a, v, "color_ink", ink_on(t->color));
	}
	mu_map_set_str_ref(a, v, "url", arena_printf(a, "teams/%s/index.html",
	    t->id));
	return v;
}

/* A map of its own with the pairs of a cached one: the caller may add
 * keys to it; the values stay shared (and are never changed). */
static struct mu_value *map_copy(struct render *r, const struct mu_value *m)
{
	struct mu_value *v = mu_map_new(&r->page);
	size_t n = m->u.map.len;

	v->u.map.pairs = arena_array(&r->page, n ? n : 1,
	    sizeof(*m->u.map.pairs));
	memcpy(v->u.map.pairs, m->u.map.pairs, n * sizeof(*m->u.map.pairs));
	v->u.map.len = v->u.map.cap = n;
	return v;
}

/* Builds with make() into r->keep instead of r->page: r->page's blocks
 * step aside while the cached value is made. Does not nest: make() must
 * not call it again. */
static const struct mu_value *build_in_keep(struct render *r,
    struct mu_value *(*make)(struct render *, const void *), const void *x)
{
	struct arena page = r->page;
	const struct mu_value *v;

	r->page = r->keep;
	v = make(r, x);
	r->keep = r->page;
	r->page = page;
	return v;
}

static struct mu_value *make_team_ref_v(struct render *r, const void *t)
{
	return make_team_ref(r, t);
}

/* The cached ref of team t (made on first use). */
static const struct mu_value *team_ref(struct render *r, const struct team *t)
{
	size_t i = ((uintptr_t)t - (uintptr_t)r->m->teams.items) / sizeof(*t);

	if (i >= r->m->teams.n || &r->m->teams.items[i] != t) /* not the
	    model's: no cache */
		return make_team_ref(r, t);
	if (!r->team_cache) {
		r->team_cache = arena_array(&r->keep, r->m->teams.n + 1,
		    sizeof(*r->team_cache));
		memset(r->team_cache, 0, (r->m->teams.n + 1) *
		    sizeof(*r->team_cache));
	}
	if (!r->team_cache[i])
		r->team_cache[i] = build_in_keep(r, make_team_ref_v, t);
	return r->team_cache[i];
}

struct mu_value *ctx_team_ref(struct render *r, const struct team *t)
{
	return map_copy(r, team_ref(r, t));
}

/* rel (relative to the site's root) percent-encoded for src and href:
 * spaces, CJK and the like as %XX. Arena r->page. */
const char *ctx_url(struct render *r, const char *rel)
{
	struct buf b = BUF_INIT;
	const char *u;

	buf_add_url(&b, rel, strlen(rel));
	u = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return u;
}

/* [{url, width, sep}] for a srcset: "URL 480w, URL 960w". */
static struct mu_value *srcset(struct render *r, const struct media_item *it,
    bool webp)
{
	struct mu_value *list = mu_list_new(&r->page);
	size_t k;

	for (k = 0; k < it->nvariants; k++) {
		const struct media_variant *v = &it->variants[k];
		struct mu_value *e = mu_map_new(&r->page);
		mu_map_set_str_ref(&r->page, e, "url", ctx_url(r, webp ? v->webp :
		    v->jpeg));
		mu_map_set_num(&r->page, e, "width", v->width);
		if (k + 1 < it->nvariants)
			mu_map_set_str_ref(&r->page, e, "sep", ", ");
		mu_list_push(&r->page, list, e);
	}
	return list;
}

const char *ctx_photo_url(struct render *r, const struct photo *p, int px)
{
	const struct media_item *it = p->media;
	size_t k;

	for (k = 0; k + 1 < it->nvariants && it->variants[k].width < px; k++)
		;
	return ctx_url(r, it->variants[k].jpeg);
}

struct mu_value *ctx_photo(struct render *r, const struct photo *p,
    const char *alt)
{
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a);
	const struct media_item *it = p->media;
	const struct media_variant *big;

	if (!media_shown(p))
		return v; /* callers show only published photos */
	big = &it->variants[it->nvariants - 1];
	mu_map_set_str_ref(a, v, "src", ctx_photo_url(r, p, 960));
	mu_map_set(a, v, "jpeg", srcset(r, it, false));
	mu_map_set(a, v, "webp", srcset(r, it, true));
	mu_map_set_str_ref(a, v, "large", ctx_url(r, big->jpeg));
	if (p->caption)
		mu_map_set_str_ref(a, v, "caption", p->caption);
	mu_map_set_str_ref(a, v, "alt", p->caption ? p->caption : alt);
	mu_map_set_num(a, v, "width", big->width);
	mu_map_set_num(a, v, "height", big->height);
	return v;
}

/* Sets key to n when n >= 0 (a figure the record gave). */
static void set_count(struct render *r, struct mu_value *v, const char *key,
    long n)
{
	if (n >= 0)
		mu_map_set_num(&r->page, v, key, (double)n);
}

static struct mu_value *make_summary(struct render *r, const void *x)
{
	const struct activity *act = x;
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a), *teams = mu_list_new(a);
	size_t i;

	mu_map_set_str_ref(a, v, "id", act->id);
	mu_map_set_str_ref(a, v, "title", act->title);
	mu_map_set(a, v, "date", ctx_date(r, act->date));
	mu_map_set_str_ref(a, v, "time", act->time);
	mu_map_set_str_ref(a, v, "location", act->location);
	mu_map_set_str_ref(a, v, "category", act->category);
	mu_map_set_str_ref(a, v, "summary", act->summary);
	mu_map_set_str_ref(a, v, "status", statuses[act->status]);
	mu_map_set_str_ref(a, v, "status_label", label(r, "status",
	    statuses[act->status]));
	mu_map_set_bool(a, v, "is_planned", act->status == STATUS_PLANNED);
	mu_map_set_bool(a, v, "is_cancelled", act->status == STATUS_CANCELLED);
	set_count(r, v, "participants", act->participants);
	set_count(r, v, "volunteers", act->volunteers);
	if (act->total_hours > 0)
		mu_map_set_str_ref(a, v, "hours", ctx_number(r, act->total_hours));
	for (i = 0; i < act->teams.n; i++)
		mu_list_push(a, teams, team_ref(r, act->teams.items[i]));
	mu_map_set(a, v, "teams", teams);
	for (i = 0; i < act->photos.n; i++)
		if (media_shown(&act->photos.items[i])) {
			mu_map_set(a, v, "photo", ctx_photo(r,
			    &act->photos.items[i], act->title));
			break;
		}
	mu_map_set_str_ref(a, v, "url", arena_printf(a,
	    "activities/%s/index.html", act->id));
	return v;
}

struct mu_value *ctx_activity_summary(struct render *r,
    const struct activity *act)
{
	size_t i = ((uintptr_t)act - (uintptr_t)r->m->activities.items) /
	    sizeof(*act);

	if (i >= r->m->activities.n || &r->m->activities.items[i] != act)
		return make_summary(r, act);
	if (!r->activity_cache) {
		size_t n = r->m->activities.n + 1;
		r->activity_cache = arena_array(&r->keep, n,
		    sizeof(*r->activity_cache));
		memset(r->activity_cache, 0, n * sizeof(*r->activity_cache));
	}
	if (!r->activity_cache[i]) {
		size_t k;
		/* Its teams' refs first: build_in_keep does not nest. */
		for (k = 0; k < act->teams.n; k++)
			team_ref(r, act->teams.items[k]);
		r->activity_cache[i] = build_in_keep(r, make_summary, act);
	}
	return map_copy(r, r->activity_cache[i]);
}

struct mu_value *ctx_activity(struct render *r, const struct activity *act)
{
	struct arena *a = &r->page;
	struct mu_value *v = ctx_activity_summary(r, act);
	struct mu_value *photos = mu_list_new(a);
	size_t i;

	for (i = 0; i < act->photos.n; i++)
		if (media_shown(&act->photos.items[i]))
			mu_list_push(a, photos, ctx_photo(r, &act->photos.items[i],
			    act->title));
	mu_map_set(a, v, "photos", photos);
	if (act->story)
		mu_map_set(a, v, "story", ctx_story_summary(r, act->story));
	if (act->service_rows) {
		mu_map_set_num(a, v, "service_rows", (double)act->service_rows);
		mu_map_set_num(a, v, "points", (double)act->service_points);
	}
	return v;
}

struct mu_value *ctx_story_summary(struct render *r, const struct story *s)
{
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a);

	mu_map_set_str_ref(a, v, "id", s->id);
	mu_map_set_str_ref(a, v, "title", s->title);
	mu_map_set(a, v, "date", ctx_date(r, s->date));
	mu_map_set_str_ref(a, v, "author", s->author);
	mu_map_set_str_ref(a, v, "summary", s->summary);
	if (s->cover && media_shown(&s->cover_photo))
		mu_map_set(a, v, "cover", ctx_photo(r, &s->cover_photo, s->title));
	mu_map_set_str_ref(a, v, "url", arena_printf(a, "stories/%s/index.html",
	    s->id));
	return v;
}

/* "1200余名" / "over 1,200": the theme's approx.* strings hold "{n}". */
static const char *figure_text(struct render *r, const struct achievement *h)
{
	static const char *const approx[] = {"exact", "over", "about",
	    "nearly"};
	const char *pattern = label(r, "approx", approx[h->approx]);
	const char *n = ctx_number(r, h->value);
	const char *at = strstr(pattern, "{n}");

	if (!at)
		return n;
	return arena_printf(&r->page, "%.*s%s%s", (int)(at - pattern), pattern,
	    n, at + 3);
}

struct mu_value *ctx_achievement(struct render *r,
    const struct achievement *h)
{
	struct arena *a = &r->page;
	struct mu_value *v = mu_map_new(a);

	mu_map_set_str_ref(a, v, "kind", ach_kinds[h->kind]);
	mu_map_set_bool(a, v, arena_printf(a, "is_%s", ach_kinds[h->kind]),
	    true);
	mu_map_set_str_ref(a, v, "title", h->title);
	mu_map_set_str_ref(a, v, "issuer", h->issuer);
	mu_map_set_str_ref(a, v, "summary", h->summary);
	if (h->level) {
		mu_map_set_str_ref(a, v, "level", levels[h->level]);
		mu_map_set_str_ref(a, v, "level_label", label(r, "level",
		    levels[h->level]));
	}
	if (h->date.year)
		mu_map_set(a, v, "date", ctx_date(r, h->date));
	if (h->kind == ACH_FIGURE) {
		mu_map_set_str_ref(a, v, "label", h->label);
		mu_map_set_str_ref(a, v, "value", ctx_number(r, h->value));
		mu_map_set_str_ref(a, v, "value_text", figure_text(r, h));
		mu_map_set_str_ref(a, v, "unit", h->unit);
	}
	if (h->year)
		mu_map_set_num(a, v, "year", h->year);
	mu_map_set_str_ref(a, v, "name", h->name);
	mu_map_set_str_ref(a, v, "citation", h->citation);
	return v;
}

/* A phone number as a tel: URI wants it: "027-8288 6600" -> "027-82886600"
 * (digits, '+', '-' only; no spaces). Arena r->keep. */
static const char *tel_uri(struct render *r, const char *phone)
{
	char *out = arena_strdup(&r->keep, phone), *o = out;
	const char *p;

	for (p = phone; *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-')
			*o++ = *p;
	*o = '\0';
	return out;
}

struct mu_value *ctx_site(struct render *r)
{
	const struct site *s = &r->m->site;
	struct arena *a = &r->keep;
	struct mu_value *v = mu_map_new(a), *today = mu_map_new(a);
	char iso[11];

	mu_map_set_str_ref(a, v, "name", s->name);
	mu_map_set_str_ref(a, v, "subtitle", s->subtitle);
	mu_map_set_str_ref(a, v, "address", s->address);
	mu_map_set_str_ref(a, v, "hotline", s->hotline);
	if (s->hotline)
		mu_map_set_str_ref(a, v, "hotline_tel", tel_uri(r, s->hotline));
	mu_map_set_str_ref(a, v, "base_url", s->base_url);
	mu_map_set_str_ref(a, v, "language", s->language_tag);
	mu_map_set_bool(a, v, "is_zh", s->language != LANG_EN);
	mu_map_set_bool(a, v, "is_zh_tw", s->language == LANG_ZH_TW);
	if (s->population >= 0)
		mu_map_set_num(a, v, "population", (double)s->population);
	if (s->households >= 0)
		mu_map_set_num(a, v, "households", (double)s->households);
	mu_map_set_str_ref(a, v, "bulletin_title", s->bulletin.title ?
	    s->bulletin.title : render_string(r, "bulletin.default_title"));
	mu_map_set_num(a, v, "year_now", r->m->today.year);
	date_iso(r->m->today, iso);
	mu_map_set_str(a, today, "iso", iso);
	mu_map_set_str(a, today, "long", ctx_date_long(r, r->m->today));
	mu_map_set(a, v, "today", today);
	mu_map_set_bool(a, v, "has_stories", r->m->stories.n > 0);
	mu_map_set_str_ref(a, v, "icon", s->logo && media_shown(s->logo) ?
	    arena_strdup(a, ctx_photo_url(r, s->logo, 480)) : "favicon.svg");
	mu_map_set_str_ref(a, v, "og_locale", s->language == LANG_EN ? "en" :
	    s->language == LANG_ZH_TW ? "zh_TW" : "zh_CN");
	return v;
}

/* --- story bodies: the files they point at ------------------------------ */

/* <picture> for a story image: the tag from <img up to its '>' (at
 * tag[0..len)) with its src replaced by the published sizes. */
static void story_picture(struct render *r, struct buf *b,
    const struct photo *p, const char *root, const char *rest, size_t len)
{
	const struct media_item *it = p->media;
	const struct media_variant *big = &it->variants[it->nvariants - 1];
	size_t k;

	/* A photo without alt text still needs a name for its link. */
	const char *alt = strstr(rest, "alt=\"\"");
	bool no_alt = alt && alt < rest + len;

	if (!p->in_link) {
		buf_printf(b, "<a class=\"photo-open\" href=\"%s%s\" "
		    "data-width=\"%d\" data-height=\"%d\"", root,
		    ctx_url(r, big->jpeg), big->width, big->height);
		if (no_alt) {
			buf_adds(b, " aria-label=\"");
			buf_add_html(b, render_string(r, "lightbox.label"),
			    strlen(render_string(r, "lightbox.label")));
			buf_addc(b, '"');
		}
		buf_addc(b, '>');
	}
	buf_adds(b, "<picture><source type=\"image/webp\" srcset=\"");
	for (k = 0; k < it->nvariants; k++)
		buf_printf(b, "%s%s%s %dw", k ? ", " : "", root,
		    ctx_url(r, it->variants[k].webp), it->variants[k].width);
	buf_adds(b, "\" sizes=\"(min-width: 48rem) 46rem, 100vw\">");
	buf_printf(b, "<img src=\"%s%s\" srcset=\"", root,
	    ctx_photo_url(r, p, 960));
	for (k = 0; k < it->nvariants; k++)
		buf_printf(b, "%s%s%s %dw", k ? ", " : "", root,
		    ctx_url(r, it->variants[k].jpeg), it->variants[k].width);
	buf_printf(b, "\" sizes=\"(min-width: 48rem) 46rem, 100vw\" "
	    "width=\"%d\" height=\"%d\" loading=\"lazy\" decoding=\"async\"",
	    big->width, big->height);
	buf_add(b, rest, len);
	buf_adds(b, "</picture>");
	if (!p->in_link)
		buf_adds(b, "</a>");
}

const char *ctx_story_html(struct render *r, const struct story *s,
    const char *html, const char *root, bool images)
{
	static const char img[] = "<img src=\"linli-media:";
	static const char link[] = "<a href=\"linli-media:";
	struct buf b = BUF_INIT;
	const char *p = html, *at, *out;
	bool drop_close = false;

	if (!s->body_media.n && !strstr(html, "linli-media:"))
		return html;
	while ((at = strstr(p, "linli-media:"))) {
		bool is_img, is_link, ok;
		const struct photo *ph;
		const char *close, *end_a;
		char *end;
		size_t k;
		/* A dropped link's </a>, when it comes before the next file. */
		if (drop_close && (end_a = strstr(p, "</a>")) && end_a < at) {
			buf_add(&b, p, (size_t)(end_a - p));
			p = end_a + 4;
			drop_close = false;
			continue;
		}
		is_img = at - p >= 10 && !strncmp(at - 10, img, 10);
		is_link = at - p >= 9 && !strncmp(at - 9, link, 9);
		k = strtoul(at + 12, &end, 10);
		ph = k < s->body_media.n ? &s->body_media.items[k] : NULL;
		ok = ph && ph->media && ph->media->ok &&
		    (ph->link || media_shown(ph));
		close = strchr(end, '>');
		if ((!is_img && !is_link) || !close) {
			buf_add(&b, p, (size_t)(at - p) + 12);
			p = at + 12;
			continue;
		}
		buf_add(&b, p, (size_t)(at - p) - (is_img ? 10 : 9));
		if (is_img && ok && images) {
			const char *q = strchr(end, '"');
			story_picture(r, &b, ph, root ? root : "", q + 1,
			    (size_t)(close + 1 - (q + 1)));
		} else if (is_link && ok && root) {
			buf_printf(&b, "<a href=\"%s%s", root, ctx_url(r,
			    ph->media->url));
			buf_add(&b, end, (size_t)(close + 1 - end));
		} else if (is_link) {
			drop_close = true; /* the text stays, the link goes */
		}
		p = close + 1;
	}
	if (drop_close && (at = strstr(p, "</a>"))) {
		buf_add(&b, p, (size_t)(at - p));
		p = at + 4;
	}
	buf_adds(&b, p);
	out = arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return out;
}

const char *ctx_description(struct render *r, const char *text)
{
	struct buf b = BUF_INIT;
	const char *p, *out;
	size_t n;
	bool space = false;

	if (!text || !*text)
		return NULL;
	for (p = text; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = false;
		buf_addc(&b, *p);
	}
	n = utf8_prefix(b.data, b.len, DESCRIPTION_CHARS);
	out = n < b.len ? arena_printf(&r->page, "%.*s…", (int)n, b.data) :
	    arena_strndup(&r->page, b.data, b.len);
	buf_release(&b);
	return out;
}

/* "截至2026年11月25日": the figures of a year not over yet. */
const char *ctx_as_of(struct render *r)
{
	const char *s = render_string(r, "archive.as_of");
	const char *at = strstr(s, "{date}");
	struct date t = r->m->today;
	const char *day = r->m->site.language == LANG_EN ?
	    arena_printf(&r->page, "%d %s", t.day, ctx_month(r, t.year, t.month)) :
	    arena_printf(&r->page, "%d年%d月%d日", t.year, t.month, t.day);

	if (!at)
		return s;
	return arena_printf(&r->page, "%.*s%s%s", (int)(at - s), s, day, at + 6);
}
