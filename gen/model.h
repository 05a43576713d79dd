/*
 * model: the community in memory, as every output reads it.
 *
 * The loaders (load_*.c) fill the record arrays; check.c reports problems
 * across records; model_link() then resolves cross-references both ways and
 * computes the aggregates pages need. Everything here lives in m->arena and
 * is freed at once by model_release(). Private roster columns are never read
 * into the model, so no template can show them.
 *
 * Counts that a record may leave out are -1 when absent.
 */
#ifndef LINLI_MODEL_H
#define LINLI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "diag.h"
#include "strmap.h"

/* A growable array in the arena: items, count, capacity. */
#define VEC(type) struct { type *items; size_t n, cap; }
#define VEC_PUSH(a, v, x) do { \
	if ((v)->n == (v)->cap) { \
		size_t ncap_ = (v)->cap ? (v)->cap * 2 : 8; \
		(v)->items = arena_grow((a), (v)->items, (v)->n, ncap_, sizeof(*(v)->items)); \
		(v)->cap = ncap_; \
	} \
	(v)->items[(v)->n++] = (x); \
} while (0)

enum language { LANG_ZH_CN, LANG_ZH_TW, LANG_EN };
enum period { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_WEEK };
enum privacy { PRIVACY_MASKED, PRIVACY_FULL, PRIVACY_INITIALS };
enum team_kind {
	TEAM_SERVICE, TEAM_MEDIATION, TEAM_INTEREST, TEAM_YOUTH, TEAM_PARTY,
	TEAM_PARTNER, TEAM_OTHER
};
enum status { STATUS_DONE, STATUS_PLANNED, STATUS_CANCELLED };
enum ach_kind { ACH_HONOUR, ACH_MILESTONE, ACH_FIGURE, ACH_PERSON };
enum level { LEVEL_NONE, LEVEL_NATIONAL, LEVEL_PROVINCIAL, LEVEL_CITY,
	LEVEL_DISTRICT, LEVEL_STREET };
enum approx { APPROX_NONE, APPROX_OVER, APPROX_ABOUT, APPROX_NEARLY };

struct team;
struct activity;
struct story;
struct photo;

/* A reference by id written in content, resolved by model_link(). */
struct ref {
	const char *id;
	struct pos pos;
};

struct notice {
	const char *text;
	struct date from, until; /* year 0 = open-ended */
	struct pos pos;
};

struct site {
	const char *name, *subtitle, *base_url, *timezone, *address, *hotline;
	enum language language;
	const char *language_tag; /* "zh-CN", "zh-TW", "en" */
	long population, households;
	struct {
		const char *title;
		enum period period;
		int first_issue, pages;
	} bulletin;
	struct {
		int seconds_per_slide;
		bool portrait;
		VEC(struct notice) notices;
	} board;
	enum privacy volunteer_names;
	int page_size;    /* list pages: records per page (default 30) */
	struct photo *logo; /* favicon and link previews (a photo), or NULL */
	struct pos pos;
};

struct media_item;

struct photo {
	const char *src; /* relative to content/, e.g. media/2024/a.jpg */
	const char *caption;
	int width, height; /* unused: the media stage's sizes count */
	bool exists;
	struct pos pos;
	/* In a story's body: a link to the file rather than an image (link),
	 * an image inside a link (in_link). */
	bool link, in_link;
	/* Filled by media_collect(): the file as published (see media.h);
	 * NULL when not published. */
	const struct media_item *media;
};

struct team {
	const char *id, *name, *leader, *color, *summary;
	enum team_kind kind;
	struct date founded;
	long members; /* as written; see member_count */
	struct pos pos;

	/* Filled by model_link(). */
	VEC(struct activity *) activities; /* by date */
	VEC(struct service *) service;     /* by date */
	size_t member_count; /* roster rows when the roster names this team, else members */
	double hours;
	long points;
};

struct activity {
	const char *id;
	bool id_derived; /* no id in content: made from the date */
	const char *title, *time, *location, *category, *summary;
	struct pos category_pos; /* where category was written */
	struct date date;
	enum status status;
	bool status_given;
	long participants, volunteers;
	double hours; /* own field; < 0 when absent */
	VEC(struct ref) team_refs;
	VEC(struct photo) photos;
	struct ref story_ref; /* id NULL when none */
	struct pos pos;
	/* A field had an error (reported): kept only so that check.c reports
	 * its other problems too (a bad date must not hide an unknown team).
	 * The build stops before model_link() ever sees it. */
	bool incomplete;

	/* Filled by model_link(). */
	VEC(struct team *) teams;
	struct story *story;
	size_t service_rows;
	double service_hours; /* sum of service rows */
	long service_points;
	double total_hours;   /* service_hours when there are rows, else hours (or 0) */
};

struct achievement {
	enum ach_kind kind;
	const char *title;  /* honour, milestone, person's title */
	const char *issuer, *summary;
	enum level level;
	struct date date;
	const char *label, *unit; /* figure */
	double value;
	int year;          /* figure; for others the date's year */
	enum approx approx;
	const char *name, *citation; /* person */
	const char *photo;           /* optional, path under media/ */
	struct pos pos;
};

struct story {
	const char *id;
	bool id_derived;
	const char *title, *author, *summary, *cover, *source, *source_url;
	struct photo cover_photo; /* cover's size and existence, src = cover */
	struct date date;
	VEC(struct ref) team_refs;
	VEC(const char *) tags;
	const char *html;     /* the body rendered by cmark (safe), arena */
	const char *text;     /* the body as plain text, for excerpts and glyph checks */
	VEC(const char *) paragraphs_html; /* top-level blocks as HTML, for excerpts */
	int body_line;        /* line of the file where the body starts */
	/* Files the body's images and links point at, in content/; the html
	 * refers to item k as the URL "linli-media:k" (render_media_html()
	 * replaces it). */
	VEC(struct photo) body_media;
	struct pos pos;
	bool incomplete;      /* as for activities */

	/* Filled by model_link(). */
	VEC(struct team *) teams;
	VEC(struct activity *) activities;
};

struct service {
	struct date date;
	const char *volunteer;
	struct ref team_ref;     /* id or exact name */
	struct ref activity_ref; /* id NULL when the cell is empty */
	double hours;
	long points;
	struct pos pos;

	struct team *team;
	struct activity *activity;
	struct volunteer *vol;
};

/* One roster row, private columns already dropped. */
struct member {
	const char *name;
	struct ref team_ref;
	struct date joined; /* year 0 when not given */
	struct pos pos;

	struct team *team;
};

struct redemption {
	struct date date;
	const char *volunteer, *item;
	long points;
	struct pos pos;

	struct volunteer *vol;
};

/* Per volunteer, from the service log and redemptions. */
struct volunteer {
	const char *name;
	double hours;
	long points_earned, points_redeemed;
	size_t services;
	int last_year; /* scratch while counting active volunteers per year */
};

/* Per calendar year: the yearly report's figures. */
struct year_stats {
	int year;
	size_t activities_done, activities_planned, activities_cancelled;
	long participants;
	double hours;
	long points_issued, points_redeemed;
	size_t active_volunteers, new_volunteers, service_rows, stories;
};

struct model {
	struct arena arena;
	const char *content_dir; /* as given with -C, for messages */
	struct date today;

	struct site site;
	VEC(struct team) teams;
	bool teams_unread;  /* a teams file was no YAML: some teams unknown */
	VEC(struct activity) activities;
	VEC(struct achievement) achievements;
	VEC(struct story) stories;
	VEC(struct service) service;
	VEC(struct member) roster;
	VEC(struct redemption) redemptions;
	bool has_roster;

	/* Indexes (model_index): id -> record. team_by_name too. */
	struct strmap team_by_id, team_by_name, activity_by_id, story_by_id;

	/* Filled by model_link(). */
	VEC(struct activity *) activities_by_date; /* oldest first */
	VEC(struct story *) stories_by_date;       /* oldest first */
	VEC(struct volunteer *) volunteers;        /* by points, then hours, then name */
	struct strmap volunteer_by_name;
	VEC(struct year_stats) years; /* ascending, every year that has anything */
};

void model_init(struct model *m, const char *content_dir, struct date today);
void model_release(struct model *m);

/* Builds the id indexes; reports duplicate ids as errors. */
void model_index(struct model *m, struct diag *d);
/* Resolves references and computes aggregates. Call only after check found
 * no error: unresolved references are skipped here, not reported. */
void model_link(struct model *m);

struct team *model_team(const struct model *m, const char *id_or_name);
const struct year_stats *model_year(const struct model *m, int year);

/* A category's name in web addresses: "c-" and the 8 hex digits of the
 * 32-bit FNV-1a hash of its UTF-8 bytes (categories/c-1a2b3c4d/). Stable
 * across builds; check.c reports two names that share one. */
void model_category_slug(const char *name, char out[static 11]);

/* A copy of s, in the arena. */
const char *model_str(struct model *m, const char *s, size_t len);

#endif
