/*
 * render: model -> pages. The machinery every product uses, and one file
 * per product:
 *
 *   render.c           the theme, the page machinery (contexts in an
 *                      arena per page, a pool of page threads, the writer)
 *   build.c            a community's products, in their order (the
 *                      driver calls it; it calls the products)
 *   context.c          model records -> template values, dates, names
 *   render_site.c      the website
 *   render_feeds.c     Atom feed, iCalendar, sitemap
 *   render_bulletin.c  the printable bulletin
 *   render_board.c     the noticeboard screen
 *   render_archive.c   the yearly reports
 *   render_search.c    the search page and its index
 *
 * Renderers build a context (struct mu_value) per page in a scratch arena
 * that is reset after every page, render it through the theme's compiled
 * templates into one reused buffer, and hand the bytes to the writer.
 */
#ifndef LINLI_RENDER_H
#define LINLI_RENDER_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "mustache.h"
#include "pdf.h"
#include "theme_fs.h"
#include "write.h"

struct render_options {
	const char *theme_dir; /* NULL: the built-in theme */
	bool pdf;
	int jobs; /* render threads; 0: one per core */
};

/* build.c: renders every output of a community's m into w. False when
 * something could not be rendered (reported to d). */
bool build_products(const struct model *m, const struct render_options *o,
    struct writer *w, struct diag *d);

/* A set of products begins here: render_begin loads the theme for m (its
 * site's name and language), sets r->site, starts o->jobs page threads
 * (when more than one), notes every page written (r->pages, for the
 * sitemap) and copies the theme's assets into w. render_wait lets every
 * queued page be written and merges the threads' messages; render_end
 * does so too and releases r. */
struct render;
bool render_begin(struct render *r, const struct model *m,
    const struct render_options *o, struct writer *w, struct diag *d);
void render_wait(struct render *r);
void render_end(struct render *r);
/* Notes rel (an .html file of the output, written by another build: a
 * district's communities) for the sitemap, as the pages r writes are. */
void render_note_page(struct render *r, const char *rel);
/* Prints the pages queued with render_queue_pdf in one Chromium. */
bool render_print_pdfs(struct render *r);
/* favicon.svg: name's first character, white on the theme's green (a
 * site whose site.yaml names no logo; a district). */
bool render_favicon(struct render *r, const char *name);

/* --- shared by the renderers ------------------------------------------- */

struct theme {
	const char *dir;                    /* the folder, for messages */
	struct theme_fs fs;                 /* every file, by name */
	struct mu_partials templates;       /* every templates/ file by name */
	const struct mu_value *strings;     /* strings/LANG/NAME.yaml, merged */
};

/* A page written, for the sitemap: its path and the date of what it
 * shows (year 0: the site's newest record). */
struct render_page_ref {
	const char *path;
	struct date lastmod;
};

struct render {
	const struct model *m;
	const struct render_options *o;
	struct writer *w;
	struct diag *d;
	struct theme theme;
	struct arena keep;     /* lives for the whole build */
	struct arena page;     /* scratch: reset after every page */
	struct buf out;        /* reused for every page */
	struct mu_value *site; /* the "site" map every page receives */
	const char *build_id;  /* a digest of the content, for the board */
	/* Every HTML page written, in order (write.c's on_file); lastmod is
	 * the date the next page takes, set by its renderer, cleared after. */
	VEC(struct render_page_ref) pages;
	struct arena pages_arena; /* r->pages' own: filled under the writer's lock */
	struct strmap lastmods;   /* path -> struct date *, from r->lastmod */
	struct date lastmod;
	bool failed;
	/* With --pdf: the pages to print, all at the end of the build in one
	 * Chromium, and copies of PDFs to make then (r->keep). */
	VEC(struct pdf_job) pdf_jobs;
	VEC(const char *) pdf_copies; /* pairs: from (rel), to (rel) */
	struct render_pool *pool; /* -j: render_page's threads (render.c) */
	/* context.c: each activity's summary and each team's ref, built once
	 * per build in keep (by index in the model) and shared read-only. */
	const struct mu_value **activity_cache, **team_cache;
};

/* Renders template name with ctx (a map in r->page) as a page at path
 * (e.g. "activities/x/index.html"). Adds the keys every page has: site, t
 * (strings), root ("../../": from the page to the site's root), path,
 * lang. Then writes it and resets the page arena. With -j the page is
 * rendered and written on another thread: r->page (holding ctx) goes with
 * it and r->page starts empty, as after a reset; errors are reported at
 * the end of the build. So everything ctx refers to must live in r->page,
 * r->keep or the model, never in a buffer the caller frees next. */
bool render_page(struct render *r, const char *name, struct mu_value *ctx,
    const char *path);
/* Renders template name with ctx into r->out (emptied first) without
 * writing; for renderers that post-process. */
bool render_to_buf(struct render *r, const char *name,
    const struct mu_value *ctx);
/* With --pdf: queues the page at html_rel (written already) to print to
 * pdf_rel at the end of the build; copy_rel, when not NULL, receives a copy
 * of that PDF too. */
void render_queue_pdf(struct render *r, const char *html_rel,
    const char *pdf_rel, const char *copy_rel);
/* The theme string at a dotted key ("team_kind.mediation"), or the key
 * itself when the theme lacks it. */
const char *render_string(const struct render *r, const char *key);

/* The products. Each returns false on failure (reported). render_sitemap
 * (render_feeds.c) comes last: it lists the pages the others wrote. */
bool render_sitemap(struct render *r);
/* The products. Each returns false on failure (reported). */
bool render_site(struct render *r);
bool render_feeds(struct render *r);
bool render_bulletin(struct render *r);
bool render_board(struct render *r);

/* render_board.c's parts, shared with the district's board (the same page,
 * fed with the district's data; see docs/board.md for the JSON):
 *
 * render_board_page renders data_json (the board's data, one JSON object;
 * the caller keeps it) into board/index.html, with its build id (a digest
 * of the page) in the page and in board/build.json beside it. */
struct json_writer;
bool render_board_page(struct render *r, const struct buf *data_json);
/* The keys every board's data has, from r->m's site: lang, timezone,
 * orientation, seconds, and t: strings, NULL for the theme's board
 * strings. */
void render_board_settings(struct render *r, struct json_writer *j,
    const struct mu_value *strings);
/* One item of planned[]: {date, last, day, weekday, title, time,
 * location, community}; NULL values are left out (a community's own
 * board has no community). */
void render_board_planned(struct render *r, struct json_writer *j,
    struct date date, const char *title, const char *time,
    const char *location, const char *community);
/* One item of honours[]: {title, level (its label), issuer, date (the
 * month), community}; NULL values are left out. */
void render_board_honour(struct render *r, struct json_writer *j,
    const char *title, const char *level_label, const char *issuer,
    struct date date, const char *community);
/* The story object: {title, date, author, summary} and, when the site has
 * a base_url and rel is not NULL, url (base_url + rel, percent-encoded)
 * and qr (an SVG of it). */
void render_board_story(struct render *r, struct json_writer *j,
    const char *title, struct date date, const char *author,
    const char *summary, const char *rel);
bool render_archive(struct render *r);
/* render_search.c: the search page and its index (search/). */
bool render_search(struct render *r);
/* One site of a district's search: its built folder (holding search/),
 * the way from the district's root to it ("c/SLUG/"), its slug and name. */
struct search_site {
	const char *dir, *prefix, *slug, *name;
	const char *shown;  /* its folder as messages name it */
	bool unreadable;    /* set: its index could not be read */
};
/* Writes search/'s index (not the page) from the indexes the sites'
 * builds wrote, merged into one; a site whose index cannot be read is
 * left out with a warning (and marked unreadable). */
bool render_search_sites(struct render *r, struct search_site *sites,
    size_t n);

/* render_site.c: the ASCII folder name of a free-text category,
 * "c-" and the 8 hex digits of the 32-bit FNV-1a hash of its UTF-8 bytes
 * (categories/c-1a2b3c4d/index.html). Stable across builds. */
void render_category_slug(const char *name, char out[static 11]);

/* --- context.c: records -> values -------------------------------------- */

/* The "site" map every page gets, in r->keep: name, subtitle, address,
 * hotline, hotline_tel (for tel: links), population, households,
 * base_url, language, year_now, today (a date value), has_stories,
 * has_honours, bulletin_title, icon (the logo's 480 px JPEG, else
 * favicon.svg), og_locale. */
struct mu_value *ctx_site(struct render *r);

/* "2024年9月9日 星期一" / "Monday, 9 September 2024"; month-only and
 * year-only dates drop what is unknown. Arena r->page. */
const char *ctx_date_long(struct render *r, struct date d);
/* "截至2026年11月25日，本年度尚未结束" (archive.as_of with today): the
 * figures of a year that is not over. */
const char *ctx_as_of(struct render *r);
/* "9月9日" / "9 Sep" (no year). */
const char *ctx_date_short(struct render *r, struct date d);
/* "2024年9月" / "September 2024". */
const char *ctx_month(struct render *r, int year, int month);
/* A volunteer's name as site.yaml's privacy setting allows. */
const char *ctx_volunteer_name(struct render *r, const char *name);
/* A number without a needless ".0": 12, 1.5. */
const char *ctx_number(struct render *r, double v);
/* A date as a value: {iso, long, short, year, month, day, weekday}. */
struct mu_value *ctx_date(struct render *r, struct date d);
/* Summary of a team for lists: {id, name, kind, kind_label, color,
 * color_ink (the text colour readable on color), url}. */
struct mu_value *ctx_team_ref(struct render *r, const struct team *t);
/* Summary of an activity for lists: {id, title, date, time, location,
 * category, status, status_label, is_planned, participants, volunteers,
 * hours, summary, teams[], photo, url}. */
struct mu_value *ctx_activity_summary(struct render *r,
    const struct activity *a);
/* An activity with everything: the summary plus photos[] and story. */
struct mu_value *ctx_activity(struct render *r, const struct activity *a);
/* Summary of a story for lists: {id, title, date, author, summary, cover,
 * url}. */
struct mu_value *ctx_story_summary(struct render *r, const struct story *s);
/* An achievement: {kind, title, level, level_label, issuer, date, label,
 * value, unit, approx_label, year, name, citation, summary}. */
struct mu_value *ctx_achievement(struct render *r,
    const struct achievement *h);
/* text on one line, at most 120 characters (then "…"), for a page's
 * description; NULL when text is empty. Arena r->page. */
const char *ctx_description(struct render *r, const char *text);
/* A published photo (media_shown()): {src (the 960 px JPEG, or the
 * largest below), jpeg and webp (srcset lists: [{url, width, sep}]),
 * large (the largest JPEG, for the lightbox), caption, alt, width and
 * height (of the largest)}; URLs relative to root, percent-encoded. */
struct mu_value *ctx_photo(struct render *r, const struct photo *p,
    const char *alt);
/* The URL of a published photo's smallest JPEG at least px wide (else its
 * largest): a board or print-fit size. Arena r->page. */
const char *ctx_photo_url(struct render *r, const struct photo *p, int px);
/* A story's html (or one of its blocks) with the files its body points at
 * ("linli-media:K", see load_story_media.c) made into addresses from a
 * page whose root is root: images as <picture> that opens large (left
 * out unless images), links to the published file. A file that is not
 * published loses its image, or its link (the text stays); so do links
 * when root is NULL. Arena r->page, or html itself when unchanged. */
const char *ctx_story_html(struct render *r, const struct story *s,
    const char *html, const char *root, bool images);
/* rel percent-encoded for src and href (spaces, CJK: %XX). Arena r->page. */
const char *ctx_url(struct render *r, const char *rel);

#endif
