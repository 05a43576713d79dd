/*
 * render_board: the noticeboard screen, out/board/index.html.
 *
 * One self-contained page (the theme's board templates inline its CSS and
 * JavaScript) that a browser on a screen in the community centre shows
 * fullscreen, slide after slide. The page carries its data as JSON in
 * <script type="application/json" id="board-data">, and the script builds
 * the slides from it against the screen's own clock: upcoming activities
 * and notices are chosen when they are shown, not when the page is built,
 * so a page built last week still shows the right ones.
 *
 * The page itself (render_board_page) and the JSON of one planned
 * activity, one honour and the story are public: linli district builds
 * the same board from the district's data.
 *
 * Beside the page, board/build.json holds {"build": ID}, ID a digest of
 * the page itself: the page polls it and reloads when a new build changed
 * anything. Building the same content twice gives the same ID.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "media.h"
#include "qr.h"
#include "render.h"
#include "utf8.h"

#define BOARD_PATH "board/index.html"
#define BOARD_ROOT "../"   /* from board/index.html to the site's root */
#define RECENT_MAX 4       /* done activities with a photo, one slide each */
#define HONOURS_MAX 8      /* the page shows as many as fit */
#define PEOPLE_MAX 3
#define LEADERS_MAX 10
#define EXCERPT_CHARS 90   /* a story without a summary: its first words */

/* --- small pieces -------------------------------------------------------- */

/* Any theme value (strings, lists, maps) as JSON. */
static void value_json(struct json_writer *j, const struct mu_value *v)
{
	size_t i;

	if (!v) {
		json_null(j);
		return;
	}
	switch (v->kind) {
	case MU_STRING:
		json_stringn(j, v->u.string.s, v->u.string.len);
		break;
	case MU_NUMBER:
		json_number(j, v->u.number);
		break;
	case MU_BOOL:
		json_bool(j, v->u.boolean);
		break;
	case MU_LIST:
		json_begin_array(j);
		for (i = 0; i < v->u.list.len; i++)
			value_json(j, v->u.list.items[i]);
		json_end_array(j);
		break;
	case MU_MAP:
		json_begin_object(j);
		for (i = 0; i < v->u.map.len; i++) {
			const struct mu_pair *p = &v->u.map.pairs[i];
			json_keyn(j, p->key, p->key_len);
			value_json(j, p->value);
		}
		json_end_object(j);
		break;
	default:
		json_null(j);
	}
}

/* key: the string field name of map (a context value), when it has one. */
static void kv_field(struct json_writer *j, const char *key,
    const struct mu_value *map, const char *name)
{
	const struct mu_value *v = mu_map_get(map, name, strlen(name));

	if (!v || v->kind != MU_STRING)
		return;
	json_key(j, key);
	json_stringn(j, v->u.string.s, v->u.string.len);
}

/* key: the date as 2024-09-09 (full dates), else nothing. */
static void kv_iso(struct json_writer *j, const char *key, struct date d)
{
	char iso[11];

	if (!d.year)
		return;
	date_iso(d, iso);
	json_kv_string(j, key, iso);
}

/* "2025年6月" for a dated record: month precision is enough on a board. */
static const char *month_text(struct render *r, struct date d)
{
	if (!d.year)
		return NULL;
	return d.month ? ctx_month(r, d.year, d.month) : ctx_date_long(r, d);
}

/* --- the slides' data ---------------------------------------------------- */

static void add_site(struct render *r, struct json_writer *j)
{
	const struct site *s = &r->m->site;

	json_key(j, "site");
	json_begin_object(j);
	json_kv_string(j, "name", s->name);
	json_kv_string(j, "subtitle", s->subtitle);
	json_kv_string(j, "hotline", s->hotline);
	json_end_object(j);
}

/* Every notice with its window; the page decides which to show. */
static void add_notices(struct render *r, struct json_writer *j)
{
	size_t i;

	json_key(j, "notices");
	json_begin_array(j);
	for (i = 0; i < r->m->site.board.notices.n; i++) {
		const struct notice *n = &r->m->site.board.notices.items[i];
		json_begin_object(j);
		json_kv_string(j, "text", n->text);
		kv_iso(j, "from", n->from);
		kv_iso(j, "until", n->until);
		json_end_object(j);
	}
	json_end_array(j);
}

void render_board_planned(struct render *r, struct json_writer *j,
    struct date date, const char *title, const char *time,
    const char *location, const char *community)
{
	struct mu_value *d = ctx_date(r, date);

	json_begin_object(j);
	kv_iso(j, "date", date);
	kv_iso(j, "last", date_last_day(date));
	json_kv_string(j, "day", ctx_date_short(r, date));
	kv_field(j, "weekday", d, "weekday");
	json_kv_string(j, "title", title);
	json_kv_string(j, "time", time);
	json_kv_string(j, "location", location);
	json_kv_string(j, "community", community);
	json_end_object(j);
}

/* Every planned activity, by date: the page drops the past ones itself. */
static void add_planned(struct render *r, struct json_writer *j)
{
	size_t i;

	json_key(j, "planned");
	json_begin_array(j);
	for (i = 0; i < r->m->activities_by_date.n; i++) {
		const struct activity *a = r->m->activities_by_date.items[i];

		if (a->status != STATUS_PLANNED || !a->date.year)
			continue;
		render_board_planned(r, j, a->date, a->title, a->time,
		    a->location, NULL);
	}
	json_end_array(j);
}

static const struct photo *first_photo(const struct activity *a)
{
	size_t i;

	for (i = 0; i < a->photos.n; i++)
		if (media_shown(&a->photos.items[i]))
			return &a->photos.items[i];
	return NULL;
}

/* The board shows a photo across most of a 1920 px screen: the largest
 * size (1600 px) fits it. */
static void add_photo(struct json_writer *j, const struct photo *p,
    const char *alt)
{
	const struct media_variant *big =
	    &p->media->variants[p->media->nvariants - 1];
	struct buf src = BUF_INIT;

	buf_adds(&src, BOARD_ROOT);
	buf_add_url(&src, big->jpeg, strlen(big->jpeg));
	json_key(j, "photo");
	json_begin_object(j);
	json_kv_string(j, "src", src.data);
	json_kv_string(j, "alt", p->caption ? p->caption : alt);
	json_kv_string(j, "caption", p->caption);
	json_kv_number(j, "width", big->width);
	json_kv_number(j, "height", big->height);
	json_end_object(j);
	buf_release(&src);
}

/* The latest done activities that have a photo, newest first. */
static void add_recent(struct render *r, struct json_writer *j)
{
	size_t i = r->m->activities_by_date.n, n = 0;

	json_key(j, "recent");
	json_begin_array(j);
	while (i-- > 0 && n < RECENT_MAX) {
		const struct activity *a = r->m->activities_by_date.items[i];
		const struct photo *p = first_photo(a);

		if (a->status != STATUS_DONE || !p)
			continue;
		json_begin_object(j);
		json_kv_string(j, "title", a->title);
		json_kv_string(j, "date", ctx_date_long(r, a->date));
		json_kv_string(j, "location", a->location);
		if (a->participants >= 0)
			json_kv_number(j, "participants", (double)a->participants);
		json_kv_string(j, "summary", a->summary);
		add_photo(j, p, a->title);
		json_end_object(j);
		n++;
	}
	json_end_array(j);
}

/* Newest first; records without a date last; ties in file order. */
static int compare_achievements(const void *pa, const void *pb)
{
	const struct achievement *a = *(const struct achievement *const *)pa;
	const struct achievement *b = *(const struct achievement *const *)pb;
	int c = date_cmp(b->date, a->date);

	if (c)
		return c;
	return a < b ? -1 : a > b;
}

/* Up to max achievements of kind, newest first, in r->page. */
static size_t latest(struct render *r, enum ach_kind kind, size_t max,
    const struct achievement ***out)
{
	const struct model *m = r->m;
	const struct achievement **list = arena_array(&r->page,
	    m->achievements.n + 1, sizeof(*list));
	size_t i, n = 0;

	for (i = 0; i < m->achievements.n; i++)
		if (m->achievements.items[i].kind == kind)
			list[n++] = &m->achievements.items[i];
	qsort(list, n, sizeof(*list), compare_achievements);
	*out = list;
	return n < max ? n : max;
}

void render_board_honour(struct render *r, struct json_writer *j,
    const char *title, const char *level_label, const char *issuer,
    struct date date, const char *community)
{
	json_begin_object(j);
	json_kv_string(j, "title", title);
	json_kv_string(j, "level", level_label);
	json_kv_string(j, "issuer", issuer);
	json_kv_string(j, "date", month_text(r, date));
	json_kv_string(j, "community", community);
	json_end_object(j);
}

static void add_honours(struct render *r, struct json_writer *j)
{
	const struct achievement **list;
	size_t i, n = latest(r, ACH_HONOUR, HONOURS_MAX, &list);

	json_key(j, "honours");
	json_begin_array(j);
	for (i = 0; i < n; i++) {
		const struct mu_value *v = ctx_achievement(r, list[i]);
		const struct mu_value *level = mu_map_get(v, "level_label", 11);

		render_board_honour(r, j, list[i]->title, level &&
		    level->kind == MU_STRING ? level->u.string.s : NULL,
		    list[i]->issuer, list[i]->date, NULL);
	}
	json_end_array(j);
}

static void add_people(struct render *r, struct json_writer *j)
{
	const struct achievement **list;
	size_t i, n = latest(r, ACH_PERSON, PEOPLE_MAX, &list);

	json_key(j, "people");
	json_begin_array(j);
	for (i = 0; i < n; i++) {
		json_begin_object(j);
		/* A recognised person's honour is public: the name is shown as
		 * the honour gives it, like on the website. */
		json_kv_string(j, "name", list[i]->name);
		json_kv_string(j, "title", list[i]->title);
		json_kv_string(j, "citation", list[i]->citation);
		json_kv_string(j, "date", month_text(r, list[i]->date));
		json_end_object(j);
	}
	json_end_array(j);
}

/* Every headline figure with its year; the page picks the screen's year. */
static void add_figures(struct render *r, struct json_writer *j)
{
	size_t i;

	json_key(j, "figures");
	json_begin_array(j);
	for (i = 0; i < r->m->achievements.n; i++) {
		const struct achievement *h = &r->m->achievements.items[i];
		const struct mu_value *v;

		if (h->kind != ACH_FIGURE || !h->year)
			continue;
		v = ctx_achievement(r, h);
		json_begin_object(j);
		json_kv_number(j, "year", h->year);
		json_kv_string(j, "label", h->label);
		kv_field(j, "value", v, "value_text");
		json_kv_string(j, "unit", h->unit);
		json_end_object(j);
	}
	json_end_array(j);
}

/* The points leaderboard: names as the privacy setting allows. */
static void add_leaders(struct render *r, struct json_writer *j)
{
	size_t i;

	json_key(j, "leaders");
	json_begin_array(j);
	for (i = 0; i < r->m->volunteers.n && i < LEADERS_MAX; i++) {
		const struct volunteer *v = r->m->volunteers.items[i];

		if (v->points_earned <= 0)
			break;
		json_begin_object(j);
		json_kv_string(j, "name", ctx_volunteer_name(r, v->name));
		json_kv_number(j, "points", (double)v->points_earned);
		json_kv_string(j, "hours", ctx_number(r, v->hours));
		json_end_object(j);
	}
	json_end_array(j);
}

/* The newest story dated today or earlier (else the newest at all). */
static const struct story *headline_story(const struct model *m)
{
	size_t i = m->stories_by_date.n;

	while (i-- > 0)
		if (date_cmp(m->stories_by_date.items[i]->date, m->today) <= 0)
			return m->stories_by_date.items[i];
	return m->stories_by_date.n ? m->stories_by_date.items[
	    m->stories_by_date.n - 1] : NULL;
}

/* The story's summary, else the start of its text. */
static const char *story_summary(struct render *r, const struct story *s)
{
	size_t len, cut;

	if (s->summary)
		return s->summary;
	if (!s->text)
		return NULL;
	len = strlen(s->text);
	cut = utf8_prefix(s->text, len, EXCERPT_CHARS);
	if (cut == len)
		return s->text;
	return arena_printf(&r->page, "%.*s…", (int)cut, s->text);
}

/* The link and QR code read the story online, so need base_url. */
static void add_story_link(struct render *r, struct json_writer *j,
    const char *rel)
{
	struct buf url = BUF_INIT, svg = BUF_INIT;

	buf_adds(&url, r->m->site.base_url);
	buf_add_url(&url, rel, strlen(rel));
	json_kv_string(j, "url", url.data);
	if (qr_svg(&svg, url.data, render_string(r, "board.scan")))
		json_kv_string(j, "qr", svg.data);
	buf_release(&url);
	buf_release(&svg);
}

void render_board_story(struct render *r, struct json_writer *j,
    const char *title, struct date date, const char *author,
    const char *summary, const char *rel)
{
	json_begin_object(j);
	json_kv_string(j, "title", title);
	json_kv_string(j, "date", ctx_date_long(r, date));
	json_kv_string(j, "author", author);
	json_kv_string(j, "summary", summary);
	if (r->m->site.base_url && rel)
		add_story_link(r, j, rel);
	json_end_object(j);
}

static void add_story(struct render *r, struct json_writer *j)
{
	const struct story *s = headline_story(r->m);

	json_key(j, "story");
	if (!s) {
		json_null(j);
		return;
	}
	render_board_story(r, j, s->title, s->date, s->author,
	    story_summary(r, s), arena_printf(&r->page,
	    "stories/%s/index.html", s->id));
}

void render_board_settings(struct render *r, struct json_writer *j,
    const struct mu_value *strings)
{
	const struct site *s = &r->m->site;

	json_kv_string(j, "lang", s->language_tag);
	json_kv_string(j, "timezone", s->timezone);
	json_kv_string(j, "orientation", s->board.portrait ? "portrait" :
	    "landscape");
	json_kv_number(j, "seconds", s->board.seconds_per_slide);
	json_key(j, "t");
	value_json(j, strings ? strings : mu_map_get(r->theme.strings, "board",
	    5));
}

/* The whole of the page's data, appended to b. */
static void board_json(struct render *r, struct buf *b)
{
	struct json_writer j;

	json_init(&j, b);
	json_begin_object(&j);
	render_board_settings(r, &j, NULL);
	add_site(r, &j);
	add_notices(r, &j);
	add_planned(r, &j);
	add_recent(r, &j);
	add_honours(r, &j);
	add_people(r, &j);
	add_figures(r, &j);
	add_leaders(r, &j);
	add_story(r, &j);
	json_end_object(&j);
}

/* --- the page ------------------------------------------------------------ */

/* The board template's own keys: data (the JSON) and orientation. */
static struct mu_value *board_ctx(struct render *r, const struct buf *json)
{
	struct mu_value *ctx = mu_map_new(&r->page);

	mu_map_set(&r->page, ctx, "data", mu_strn(&r->page, json->data,
	    json->len));
	mu_map_set_str_ref(&r->page, ctx, "orientation",
	    r->m->site.board.portrait ? "portrait" : "landscape");
	return ctx;
}

/*
 * The build id digests the page as rendered without it, so it changes when
 * the data or the theme does and not otherwise. The page is then rendered
 * again with the id (render_page) and build.json written beside it.
 */
bool render_board_page(struct render *r, const struct buf *data_json)
{
	struct buf id_json = BUF_INIT;
	struct mu_value *ctx;
	char id[17];
	bool ok;

	ctx = board_ctx(r, data_json);
	mu_map_set(&r->page, ctx, "site", r->site);
	mu_map_set(&r->page, ctx, "t", r->theme.strings);
	mu_map_set_str_ref(&r->page, ctx, "root", BOARD_ROOT);
	mu_map_set_str_ref(&r->page, ctx, "lang", r->m->site.language_tag);
	ok = render_to_buf(r, "board", ctx);
	if (ok) {
		snprintf(id, sizeof(id), "%016" PRIx64, strmap_hash(r->out.data,
		    r->out.len));
		r->build_id = arena_strdup(&r->keep, id);
		mu_map_set_str_ref(&r->page, ctx, "build", r->build_id);
		ok = render_page(r, "board", ctx, BOARD_PATH);
		buf_printf(&id_json, "{\"build\": \"%s\"}\n", id);
		ok = ok && write_buf(r->w, "board/build.json", &id_json);
	} else {
		arena_reset(&r->page);
	}
	buf_release(&id_json);
	if (!ok)
		r->failed = true;
	return ok;
}

bool render_board(struct render *r)
{
	struct buf json = BUF_INIT;
	bool ok;

	board_json(r, &json);
	ok = render_board_page(r, &json);
	buf_release(&json);
	return ok;
}
