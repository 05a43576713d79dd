/*
 * load_records: site.yaml, teams, activities and achievements.
 *
 * Each file may hold one record (a mapping), a list of records, or several
 * YAML documents of either kind; for_each_record() flattens that.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load.h"
#include "timeofday.h"
#include "url.h"
#include "i18n.h"

typedef void (*record_fn)(struct loader *L, const struct ynode *map);

/* For text where field: value lines were meant, what went wrong: a
 * full-width colon, or no space after ':'; else "". */
static const char *colon_hint(const struct ynode *n)
{
	if (n->kind != YNODE_SCALAR)
		return "";
	if (strstr(n->str, "\xef\xbc\x9a")) /* U+FF1A */
		return _("; write the colon after a field name as ':' followed "
		    "by a space, not the full-width '\xef\xbc\x9a'");
	if (strchr(n->str, ':'))
		return _("; put a space after the ':' (title: ...)");
	return "";
}

/* Calls fn for every record in a YAML file; what names the record kind
 * for messages ("team"). */
/* False when the file is no YAML at all (reported): none of its records
 * could be read. */
static bool for_each_record(struct loader *L, const char *display,
    const char *text, size_t len, const char *what, record_fn fn)
{
	struct ynode **docs;
	size_t ndocs, i, j;

	if (!yaml_parse(L, display, text, len, 0, &docs, &ndocs))
		return false;
	for (i = 0; i < ndocs; i++) {
		const struct ynode *doc = docs[i];
		if (ynode_is_null(doc))
			continue;
		if (doc->kind == YNODE_MAP) {
			fn(L, doc);
			continue;
		}
		if (doc->kind != YNODE_SEQ) {
			diag_error(L->d, doc->pos, "expected field: value lines "
			    "(one %s) or a list of them, got text%s", _(what),
			    colon_hint(doc));
			continue;
		}
		for (j = 0; j < doc->n; j++) {
			if (doc->items[j]->kind == YNODE_MAP)
				fn(L, doc->items[j]);
			else
				diag_error(L->d, doc->items[j]->pos, "each entry "
				    "must be field: value lines (one %s), got %s%s",
				    _(what), ynode_kind_name(doc->items[j]),
				    colon_hint(doc->items[j]));
		}
	}
	return true;
}

/* Reads an optional id; reports one that cannot be an id (load_check_id). */
static void get_id(struct loader *L, const struct ynode *map, bool required,
    const char **out)
{
	const struct ynode *n = ymap_get(map, "id");

	if (!yget_str(L, map, "id", required, out) || !*out)
		return;
	if (!load_check_id(L, n->pos, *out))
		*out = NULL;
}

/* --- site.yaml --------------------------------------------------------- */

static void load_notices(struct loader *L, const struct ynode *board)
{
	static const char *const keys[] = {"text", "from", "until", NULL};
	const struct ynode *list = ymap_get(board, "notices");
	struct site *s = &L->m->site;
	size_t i;

	if (ynode_is_null(list))
		return;
	if (list->kind != YNODE_SEQ) {
		diag_error(L->d, list->pos, "'notices' must be a list, got %s",
		    ynode_kind_name(list));
		return;
	}
	for (i = 0; i < list->n; i++) {
		const struct ynode *n = list->items[i];
		struct notice nt = {0};

		nt.pos = n->pos;
		if (n->kind == YNODE_SCALAR) {
			nt.text = arena_strndup(&L->m->arena, n->str, n->len);
		} else if (n->kind == YNODE_MAP) {
			ycheck_keys(L, n, keys, N_("notice"));
			yget_str(L, n, "text", true, &nt.text);
			yget_date(L, n, "from", false, DATE_DAY, &nt.from);
			yget_date(L, n, "until", false, DATE_DAY, &nt.until);
			if (nt.from.year && nt.until.year &&
			    date_cmp(nt.from, nt.until) > 0)
				diag_error(L->d, n->pos, "notice ends ('until') "
				    "before it starts ('from')");
		} else {
			diag_error(L->d, n->pos, "a notice is a line of text or "
			    "text/from/until fields");
			continue;
		}
		if (nt.text)
			VEC_PUSH(&L->m->arena, &s->board.notices, nt);
	}
}

static void load_bulletin_settings(struct loader *L, const struct ynode *b)
{
	static const char *const keys[] = {"title", "period", "first_issue",
	    "pages", NULL};
	static const char *const periods[] = {"month", "quarter", "week", NULL};
	struct site *s = &L->m->site;
	long first = s->bulletin.first_issue, pages = s->bulletin.pages;
	int period = (int)s->bulletin.period;

	ycheck_keys(L, b, keys, N_("bulletin settings"));
	yget_str(L, b, "title", false, &s->bulletin.title);
	if (yget_enum(L, b, "period", false, periods, &period))
		s->bulletin.period = (enum period)period;
	if (yget_long(L, b, "first_issue", false, &first))
		s->bulletin.first_issue = (int)first;
	if (yget_long(L, b, "pages", false, &pages)) {
		if (pages < 1 || pages > 8)
			diag_error(L->d, ymap_get(b, "pages")->pos, "'pages' must "
			    "be between 1 and 8, got %ld", pages);
		else
			s->bulletin.pages = (int)pages;
	}
}

static void load_board_settings(struct loader *L, const struct ynode *b)
{
	static const char *const keys[] = {"seconds_per_slide", "orientation",
	    "notices", NULL};
	static const char *const orient[] = {"landscape", "portrait", NULL};
	struct site *s = &L->m->site;
	long secs = s->board.seconds_per_slide;
	int o = s->board.portrait;

	ycheck_keys(L, b, keys, N_("board settings"));
	if (yget_long(L, b, "seconds_per_slide", false, &secs)) {
		if (secs < 3 || secs > 600)
			diag_error(L->d, ymap_get(b, "seconds_per_slide")->pos,
			    "'seconds_per_slide' must be between 3 and 600");
		else
			s->board.seconds_per_slide = (int)secs;
	}
	if (yget_enum(L, b, "orientation", false, orient, &o))
		s->board.portrait = o == 1;
	load_notices(L, b);
}

/* A nested settings block: a mapping or absent. */
static const struct ynode *settings(struct loader *L, const struct ynode *map,
    const char *key)
{
	const struct ynode *n = ymap_get(map, key);

	if (ynode_is_null(n))
		return NULL;
	if (n->kind != YNODE_MAP) {
		diag_error(L->d, n->pos, "'%s' must hold settings (field: value "
		    "lines), got %s", key, ynode_kind_name(n));
		return NULL;
	}
	return n;
}

/* base_url as machines read it (url_normalize_base): every link, id and
 * sitemap entry built from it is then valid as it stands. */
const char *load_base_url(struct loader *L, const struct ynode *map)
{
	const char *url = NULL, *why, *base;

	if (!yget_str(L, map, "base_url", false, &url) || !url)
		return NULL;
	base = url_normalize_base(url, &L->m->arena, &why);
	if (!base)
		diag_error(L->d, ymap_get(map, "base_url")->pos, "'base_url' is "
		    "not a web address the site can have: %s (got '%s'; write it "
		    "like https://xingfuli.example.org/)", _(why), url);
	return base;
}

static void load_page_size(struct loader *L, const struct ynode *map)
{
	long n = L->m->site.page_size;

	if (!yget_long(L, map, "page_size", false, &n))
		return;
	if (n < 5 || n > 500)
		diag_error(L->d, ymap_get(map, "page_size")->pos, "'page_size' is "
		    "how many records a list page shows: a number from 5 to 500, "
		    "got %ld", n);
	else
		L->m->site.page_size = (int)n;
}

/* The community's logo: a picture under media/. */
static void load_logo(struct loader *L, const struct ynode *map)
{
	const char *logo = NULL;
	const struct ynode *n = ymap_get(map, "logo");
	char *path;
	FILE *f;

	if (!yget_str(L, map, "logo", false, &logo) || !logo)
		return;
	if (strncmp(logo, "media/", 6) != 0 || strstr(logo, "..") ||
	    strpbrk(logo, "\\\"<>")) {
		diag_error(L->d, n->pos, "'logo' must be a picture under media/, "
		    "like media/logo.png, got '%s'", logo);
		return;
	}
	path = arena_printf(&L->m->arena, "%s/%s", L->m->content_dir, logo);
	if (!(f = fopen(path, "rb"))) {
		diag_error(L->d, n->pos, "the logo %s does not exist in the "
		    "content folder", logo);
		return;
	}
	fclose(f);
	/* A photo like any other: the media stage strips and publishes it. */
	L->m->site.logo = ARENA_NEW(&L->m->arena, struct photo);
	L->m->site.logo->src = logo;
	L->m->site.logo->exists = true;
	L->m->site.logo->pos = n->pos;
}

/* True when name is a zone of the system's time zone database (TZDIR, or
 * /usr/share/zoneinfo): a file there that starts with "TZif". With no
 * database at all there is nothing to check against, and any name that
 * looks like one passes. */
static bool known_zone(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[PATH_MAX], magic[4];
	struct stat st;
	const char *p;
	FILE *f;
	bool ok;

	if (!*name || name[0] == '/' || strstr(name, ".."))
		return false;
	for (p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789/_+-", *p))
			return false;
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return true;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !(f = fopen(path, "rb")))
		return false;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

/* For what people write for China's time (北京时间, UTC+8, CST). */
static const char *china_zone_hint(const char *tz)
{
	if (strstr(tz, "8") || strstr(tz, "Beijing") || strstr(tz, "北京") ||
	    strstr(tz, "China") || strstr(tz, "中国") || !strcmp(tz, "CST"))
		return _("; for China's time write Asia/Shanghai");
	return "";
}

const char *load_timezone(struct loader *L, const struct ynode *map)
{
	const char *tz = NULL;

	if (!yget_str(L, map, "timezone", false, &tz) || !tz)
		return NULL;
	if (known_zone(tz))
		return tz;
	diag_error(L->d, ymap_get(map, "timezone")->pos, "'timezone' must "
	    "be a time zone name like Asia/Shanghai (the names of the IANA "
	    "time zone database), got '%s'%s", tz, china_zone_hint(tz));
	return NULL;
}

static void load_site_record(struct loader *L, const struct ynode *map)
{
	static const char *const keys[] = {"name", "subtitle", "language",
	    "base_url", "timezone", "address", "hotline", "population",
	    "households", "bulletin", "board", "privacy", "page_size", "logo",
	    NULL};
	static const char *const langs[] = {"zh-CN", "zh-TW", "en", NULL};
	static const char *const privacy[] = {"masked", "full", "initials",
	    NULL};
	static const char *const pkeys[] = {"volunteer_names", NULL};
	struct site *s = &L->m->site;
	const struct ynode *b;
	int lang = 0, priv = 0;

	s->pos = map->pos;
	ycheck_keys(L, map, keys, N_("site.yaml"));
	yget_str(L, map, "name", true, &s->name);
	yget_str(L, map, "subtitle", false, &s->subtitle);
	if (yget_enum(L, map, "language", false, langs, &lang)) {
		s->language = (enum language)lang;
		s->language_tag = langs[lang];
	}
	s->base_url = load_base_url(L, map);
	s->timezone = load_timezone(L, map);
	yget_str(L, map, "address", false, &s->address);
	yget_str(L, map, "hotline", false, &s->hotline);
	yget_long(L, map, "population", false, &s->population);
	yget_long(L, map, "households", false, &s->households);
	load_page_size(L, map);
	load_logo(L, map);
	if ((b = settings(L, map, "bulletin")))
		load_bulletin_settings(L, b);
	if ((b = settings(L, map, "board")))
		load_board_settings(L, b);
	if ((b = settings(L, map, "privacy"))) {
		ycheck_keys(L, b, pkeys, N_("privacy settings"));
		if (yget_enum(L, b, "volunteer_names", false, privacy, &priv))
			s->volunteer_names = (enum privacy)priv;
	}
}

void load_site(struct loader *L, const char *display, const char *text,
    size_t len)
{
	struct ynode **docs;
	size_t ndocs;

	if (!yaml_parse(L, display, text, len, 0, &docs, &ndocs))
		return;
	if (ndocs != 1 || docs[0]->kind != YNODE_MAP) {
		diag_error(L->d, ndocs ? docs[0]->pos : pos_make(display, 1, 1),
		    "site.yaml must hold one set of settings (field: value "
		    "lines), starting with name: and the community's name%s",
		    ndocs ? colon_hint(docs[0]) : "");
		return;
	}
	load_site_record(L, docs[0]);
}

/* --- teams ------------------------------------------------------------- */

static bool valid_color(const char *c)
{
	size_t n = strlen(c), i;

	if (c[0] != '#' || (n != 4 && n != 7))
		return false;
	for (i = 1; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", c[i]))
			return false;
	return true;
}

static void load_team(struct loader *L, const struct ynode *map)
{
	static const char *const keys[] = {"id", "name", "kind", "leader",
	    "founded", "members", "color", "summary", NULL};
	static const char *const kinds[] = {"service", "mediation", "interest",
	    "youth", "party", "partner", "other", NULL};
	struct team t = {0};
	int kind = TEAM_OTHER;

	t.pos = map->pos;
	t.members = -1;
	ycheck_keys(L, map, keys, N_("team"));
	get_id(L, map, true, &t.id);
	yget_str(L, map, "name", true, &t.name);
	if (yget_enum(L, map, "kind", false, kinds, &kind))
		t.kind = (enum team_kind)kind;
	else
		t.kind = TEAM_OTHER;
	yget_str(L, map, "leader", false, &t.leader);
	yget_date(L, map, "founded", false, DATE_YEAR, &t.founded);
	yget_long(L, map, "members", false, &t.members);
	yget_str(L, map, "summary", false, &t.summary);
	if (ymap_get(map, "color") && ynode_is_null(ymap_get(map, "color")))
		/* color: #a04000 reads as an empty value and a comment. */
		diag_error(L->d, ymap_get(map, "color")->pos, "'color' is empty: "
		    "'#' starts a comment in YAML, so write the colour in quotes, "
		    "like color: \"#a04000\"");
	else if (yget_str(L, map, "color", false, &t.color) && t.color &&
	    !valid_color(t.color)) {
		diag_error(L->d, ymap_get(map, "color")->pos, "'color' must be a "
		    "colour like \"#c0392b\" (in quotes), got '%s'", t.color);
		t.color = NULL;
	}
	if (t.id && t.name)
		VEC_PUSH(&L->m->arena, &L->m->teams, t);
}

void load_teams_file(struct loader *L, const char *display, const char *text,
    size_t len)
{
	/* A team the file would have given is unknown now: check.c then does
	 * not report the activities that name it on top of the file's own
	 * error. */
	if (!for_each_record(L, display, text, len, N_("team"), load_team))
		L->m->teams_unread = true;
}

/* --- activities -------------------------------------------------------- */

static void load_activity_photo(struct loader *L, const struct ynode *n,
    struct activity *a)
{
	static const char *const keys[] = {"src", "caption", NULL};
	struct photo ph = {0};

	ph.pos = n->pos;
	if (n->kind == YNODE_SCALAR) {
		ph.src = arena_strndup(&L->m->arena, n->str, n->len);
	} else if (n->kind == YNODE_MAP) {
		ycheck_keys(L, n, keys, N_("photo"));
		if (!yget_str(L, n, "src", true, &ph.src))
			return;
		yget_str(L, n, "caption", false, &ph.caption);
		ph.pos = ymap_get(n, "src")->pos;
	} else {
		diag_error(L->d, n->pos, "a photo is a path like media/a.jpg or "
		    "{src: media/a.jpg, caption: ...}");
		return;
	}
	if (!load_photo(L, ph.src, ph.pos, &ph))
		return;
	VEC_PUSH(&L->m->arena, &a->photos, ph);
}

static void load_photos(struct loader *L, const struct ynode *map,
    struct activity *a)
{
	const struct ynode *list = ymap_get(map, "photos");
	size_t i;

	if (ynode_is_null(list))
		return;
	if (list->kind != YNODE_SEQ) {
		load_activity_photo(L, list, a);
		return;
	}
	for (i = 0; i < list->n; i++)
		load_activity_photo(L, list->items[i], a);
}

static void load_activity_refs(struct loader *L, const struct ynode *map,
    struct activity *a)
{
	struct ref *refs;
	size_t n, i;
	const struct ynode *story = ymap_get(map, "story");

	if (yget_refs(L, map, "teams", &refs, &n))
		for (i = 0; i < n; i++)
			VEC_PUSH(&L->m->arena, &a->team_refs, refs[i]);
	if (yget_str(L, map, "story", false, &a->story_ref.id) && a->story_ref.id)
		a->story_ref.pos = story->pos;
}

/* A planned activity must give its day (people need to know when to come);
 * reported at the date, which is known only to the month. */
static void report_planned_month(struct loader *L, const struct ynode *map,
    const struct activity *a)
{
	const struct ynode *n = ymap_get(map, "date");

	if (a->status_given)
		diag_error(L->d, n->pos, "a planned activity needs a full date "
		    "like 2024-09-09, got '%s'", n->str);
	else
		diag_error(L->d, n->pos, "'%s' is after today, so this activity "
		    "is planned, and a planned activity needs a full date like "
		    "2024-09-09", n->str);
}

/* Dates and times that cannot be right: a done activity more than a year
 * ahead (a typed year: 2062 for 2026), a planned one's time that cannot
 * be read (the calendar would otherwise guess an hour). */
static void check_activity_when(struct loader *L, const struct ynode *map,
    const struct activity *a)
{
	struct date t = L->m->today;
	const struct ynode *n;
	int start, end;
	char iso[11];

	if (a->status == STATUS_DONE && a->status_given &&
	    date_to_days(a->date) > date_to_days(t) + 366) {
		date_iso(t, iso);
		n = ymap_get(map, "date");
		diag_error(L->d, n->pos, "this activity is marked done but is dated "
		    "'%s', more than a year after today (%s); check the year, or "
		    "write status: planned", n->str, iso);
	}
	if (a->status == STATUS_PLANNED && a->time &&
	    tod_parse(a->time, &start, &end) == TOD_UNREADABLE) {
		n = ymap_get(map, "time");
		diag_warning_group(L->d, n->pos, N_("times that cannot be read"),
		    "time '%s' cannot be read, so the calendar shows this "
		    "activity on its day without an hour; write it like 14:30, "
		    "14:30-16:00, 下午2点半 or 2:30 PM", a->time);
	}
}

static void load_activity(struct loader *L, const struct ynode *map)
{
	static const char *const keys[] = {"id", "title", "date", "time",
	    "location", "teams", "category", "status", "participants",
	    "volunteers", "hours", "summary", "photos", "story", NULL};
	static const char *const statuses[] = {"done", "planned", "cancelled",
	    NULL};
	struct activity a = {0};
	int status = 0;
	bool date_ok;

	a.pos = map->pos;
	a.participants = a.volunteers = -1;
	a.hours = -1;
	ycheck_keys(L, map, keys, N_("activity"));
	get_id(L, map, false, &a.id);
	yget_str(L, map, "title", true, &a.title);
	date_ok = yget_date(L, map, "date", true, DATE_MONTH, &a.date);
	yget_str(L, map, "time", false, &a.time);
	yget_str(L, map, "location", false, &a.location);
	if (yget_str(L, map, "category", false, &a.category) && a.category)
		a.category_pos = ymap_get(map, "category")->pos;
	yget_str(L, map, "summary", false, &a.summary);
	if (ymap_get(map, "status") &&
	    yget_enum(L, map, "status", false, statuses, &status)) {
		a.status = (enum status)status;
		a.status_given = true;
	}
	yget_long(L, map, "participants", false, &a.participants);
	yget_long(L, map, "volunteers", false, &a.volunteers);
	yget_double(L, map, "hours", false, &a.hours);
	load_activity_refs(L, map, &a);
	load_photos(L, map, &a);
	if (!a.status_given && date_ok && a.date.year)
		a.status = date_cmp(a.date, L->m->today) > 0 ? STATUS_PLANNED :
		    STATUS_DONE;
	if (date_ok && a.date.year && !a.date.day && a.status == STATUS_PLANNED)
		report_planned_month(L, map, &a);
	if (date_ok && a.date.year)
		check_activity_when(L, map, &a);
	if (!a.title || !date_ok || !a.date.year) {
		a.incomplete = true; /* reported; see struct activity */
		if (!a.title)
			a.title = "";
	}
	VEC_PUSH(&L->m->arena, &L->m->activities, a);
}

void load_activities_file(struct loader *L, const char *display,
    const char *text, size_t len)
{
	for_each_record(L, display, text, len, N_("activity"), load_activity);
}

/* --- achievements ------------------------------------------------------ */

static void load_achievement(struct loader *L, const struct ynode *map)
{
	static const char *const keys[] = {"kind", "title", "level", "issuer",
	    "date", "label", "value", "unit", "year", "approx", "name",
	    "citation", "summary", "photo", NULL};
	static const char *const kinds[] = {"honour", "milestone", "figure",
	    "person", NULL};
	static const char *const levels[] = {"", "national", "provincial",
	    "city", "district", "street", NULL};
	static const char *const approx[] = {"", "over", "about", "nearly",
	    NULL};
	struct achievement h = {0};
	int kind = 0, level = 0, ap = 0;
	long year = 0;
	bool ok;

	h.pos = map->pos;
	ycheck_keys(L, map, keys, N_("achievement"));
	if (!yget_enum(L, map, "kind", true, kinds, &kind))
		return;
	h.kind = (enum ach_kind)kind;
	if (yget_enum(L, map, "level", false, levels, &level))
		h.level = (enum level)level;
	if (yget_enum(L, map, "approx", false, approx, &ap))
		h.approx = (enum approx)ap;
	yget_str(L, map, "issuer", false, &h.issuer);
	yget_str(L, map, "summary", false, &h.summary);
	yget_str(L, map, "unit", false, &h.unit);
	yget_str(L, map, "citation", false, &h.citation);
	yget_str(L, map, "photo", false, &h.photo);
	ok = yget_str(L, map, "title", h.kind != ACH_FIGURE, &h.title);
	/* News reports often name an honour without its date: every kind may
	 * be undated (published on the honours page, in no year's report). */
	ok &= yget_date(L, map, "date", false, DATE_YEAR, &h.date);
	if (h.kind == ACH_FIGURE) {
		ok &= yget_str(L, map, "label", true, &h.label);
		ok &= yget_double(L, map, "value", true, &h.value);
		ok &= yget_long(L, map, "year", false, &year);
		if (year && (year < 1000 || year > 9999)) {
			diag_error(L->d, ymap_get(map, "year")->pos, "'year' must "
			    "be a year like 2024, got %ld", year);
			ok = false;
		}
	}
	if (h.kind == ACH_PERSON)
		ok &= yget_str(L, map, "name", true, &h.name);
	h.year = year ? (int)year : h.date.year;
	if (h.photo) {
		bool exists;
		ok &= load_check_path(L, h.photo, ymap_get(map, "photo")->pos,
		    &exists);
	}
	if (ok)
		VEC_PUSH(&L->m->arena, &L->m->achievements, h);
}

void load_achievements_file(struct loader *L, const char *display,
    const char *text, size_t len)
{
	for_each_record(L, display, text, len, N_("achievement"), load_achievement);
}

/* --- derived ids ------------------------------------------------------- */

/* Derived ids in the making: the ids taken so far, and for each base (a
 * date) the suffix to try next, so that n records of one day cost n steps,
 * not n * n (each restarting at -2 and formatting every id it passes). */
struct id_pool {
	struct strmap taken; /* id -> itself */
	struct strmap next;  /* base -> int *: the next k to try for base-k */
};

/* base, base-2, base-3 ...: the first not yet taken; owned by the arena. */
static const char *unique_id(struct loader *L, struct id_pool *pool,
    const char *base)
{
	int *k = strmap_get(&pool->next, base);
	const char *id = base;

	if (!k) {
		k = ARENA_NEW(&L->m->arena, int);
		*k = 2;
		strmap_set(&pool->next, base, k);
	} else {
		id = arena_printf(&L->m->arena, "%s-%d", base, (*k)++);
	}
	/* An explicit id (or another base's derived one) may hold base-k:
	 * skip it; each k is tried once per base over the whole build. */
	while (strmap_get(&pool->taken, id))
		id = arena_printf(&L->m->arena, "%s-%d", base, (*k)++);
	strmap_set(&pool->taken, id, (void *)id);
	return id;
}

static void id_pool_init(struct id_pool *pool, struct arena *a)
{
	strmap_init(&pool->taken, a);
	strmap_init(&pool->next, a);
}

void load_derive_ids(struct loader *L)
{
	struct model *m = L->m;
	struct id_pool acts, stories;
	char iso[11];
	size_t i;

	id_pool_init(&acts, &m->arena);
	id_pool_init(&stories, &m->arena);
	for (i = 0; i < m->activities.n; i++)
		if (m->activities.items[i].id)
			strmap_set(&acts.taken, m->activities.items[i].id, &acts);
	for (i = 0; i < m->stories.n; i++)
		if (m->stories.items[i].id)
			strmap_set(&stories.taken, m->stories.items[i].id, &stories);
	for (i = 0; i < m->activities.n; i++) {
		struct activity *a = &m->activities.items[i];
		if (a->id)
			continue;
		date_iso(a->date, iso);
		a->id = unique_id(L, &acts, arena_strdup(&m->arena, iso));
		a->id_derived = true;
	}
	for (i = 0; i < m->stories.n; i++) {
		struct story *s = &m->stories.items[i];
		if (s->id || !s->date.year)
			continue;
		date_iso(s->date, iso);
		s->id = unique_id(L, &stories, arena_strdup(&m->arena, iso));
		s->id_derived = true;
	}
}
