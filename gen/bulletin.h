/*
 * bulletin: the printable bulletin's insides, shared by its two files:
 *
 *   render_bulletin.c  records -> periods -> issues -> pages
 *   bulletin_issue.c   what an issue prints, trimmed to fit its pages
 *   bulletin_page.c    an issue's plan -> the template's context
 *   bulletin_fit.c     text widths, line wrapping, packing onto sheets
 *
 * C cannot ask a browser how tall a paragraph will be, so the bulletin
 * keeps a content budget: every block an issue prints (a heading, a
 * paragraph, an activity) gets an estimated height from a model of the
 * print stylesheet (column width, font sizes, line heights, margins)
 * and a simulation of how its text wraps. The estimates lean high, so what
 * the model says fits does fit; tests/bulletin-print.t measures every
 * block in Chromium and checks that. The numbers below are the ones in
 * themes/default/assets/bulletin.css: change both together.
 */
#ifndef LINLI_BULLETIN_H
#define LINLI_BULLETIN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "glyphs.h"
#include "render.h"

#define BL_PT_PER_MM (72.0 / 25.4)

/* A4 less the @page margins (12mm top, 14mm sides and bottom), less 1mm
 * so that rounding never spills a sheet onto an extra page. */
#define BL_SHEET_MM 270.0
#define BL_MASTHEAD_MM 44.0 /* .masthead: 40mm tall, 4mm below */
#define BL_CONTACT_MM 38.0  /* .contact: 34mm tall, 4mm above */
#define BL_COLUMN_MM 87.0   /* (210 - 2 * 14 - 8) / 2: two columns 8mm apart */
#define BL_SLACK_PT 6.0     /* kept free at the foot of every column */
#define BL_MAX_PAGES 12
#define BL_STORY_QR_MM 24.0 /* the QR code of a cut story's address */

/* A font size and the line height it is set on, in pt; keep_all: CJK
 * text breaks only at punctuation and spaces (word-break: keep-all), and
 * anywhere only when a run is longer than the line. */
struct bl_font {
	double size, line;
	bool keep_all;
};

/* The type styles of bulletin.css. */
extern const struct bl_font bl_text;    /* body: 12pt on 18pt */
extern const struct bl_font bl_small;   /* meta lines: 11pt on 16pt */
extern const struct bl_font bl_section; /* h2.sec: 15pt on 20pt */
extern const struct bl_font bl_title;   /* .lead-title: 17pt on 23pt, keep-all */
extern const struct bl_font bl_sub;     /* story headings: 13pt on 18pt */

/* The width of a column in pt. */
double bl_column_pt(void);

/* Lines the plain UTF-8 text s[0..len) takes when set in font f in a box
 * width pt wide, the first line indented by indent em. Follows the
 * browser: breaks between CJK characters and at spaces, never before
 * closing or after opening punctuation, never inside a word or inside a
 * number or date (see bl_number_len). 0 for empty text. */
int bl_lines(const char *s, size_t len, struct bl_font f, double width,
    double indent);
/* The height in pt of s set that way: lines times the line height. */
double bl_height(const char *s, struct bl_font f, double width,
    double indent);

/* The length in bytes of the number or date at s (s[0] a digit): digits
 * joined by . , : / - ~ and by date and time units with optional spaces
 * (2026-11-08, 10:00-12:00, 11 月 8 日, 3 分 40 秒, 2026年11月). Sets
 * *joined when it holds more than digits: something a line could break
 * at were it not kept whole. */
size_t bl_number_len(const char *s, size_t len, bool *joined);

/* Appends html with every number or date in its text (not in its tags)
 * wrapped in <span class="nobr">, so that a line never breaks inside. */
void bl_nobr_html(struct buf *out, const char *html, size_t len);
/* Appends plain text s escaped for HTML, numbers wrapped as above. */
void bl_nobr_text(struct buf *out, const char *s);

/* Appends the text of html: tags dropped, entities decoded, a newline
 * after each block element. */
void bl_html_text(struct buf *out, const char *html, size_t len);

/* The address url as an SVG QR code (arena a); NULL without url. */
const char *bl_qr_svg(struct arena *a, const char *url);

/* --- packing blocks onto sheets ---------------------------------------- */

struct bl_block {
	double height;    /* pt, estimated, margins included */
	double line;      /* > 0: a paragraph that may break between columns
	                     (not sheets) at lines this tall */
	bool keep_next;   /* a heading: never the last thing in a column */
	bool new_sheet;   /* starts a fresh sheet when there is one */
	int section;      /* blocks of one section share it (>= 0) */
	double cont;      /* height of the section's "continued" heading */
	/* out */
	int sheet;        /* 0-based */
	bool continued;   /* first on its sheet in a section begun before */
};

/* Places blocks in order, column by column, on sheets whose columns hold
 * caps[i] pt (two columns a sheet), as the browser fills them. Returns
 * false when they do not all fit on nsheets sheets. */
bool bl_pack(struct bl_block *b, size_t n, const double *caps, int nsheets);

/* --- issues (render_bulletin.c, bulletin_issue.c) --------------------- */

/* One issue: a period (month, quarter or ISO week) that has content. */
struct bl_issue {
	long period;           /* months, quarters or weeks since year 0 / 1970 */
	int number;            /* first_issue + periods since the first */
	struct date start, end, issued; /* issued: end, or today if earlier */
	char slug[24];         /* 2026-11, 2026-q4, 2026-w48 */
	const char *label;     /* 2026年11月 (r->keep) */
	/* The period's records, oldest first (slices of sorted arrays). */
	struct activity *const *acts;
	size_t nacts;
	const struct story *lead; /* the period's newest story, or NULL */
	const struct achievement *const *achs;
	size_t nachs;
	const struct service *const *svc;
	size_t nsvc;
	/* Activities after the issue date to the end of the next period. */
	struct activity *const *coming;
	size_t ncoming;
	/* For the room a thin issue leaves: the year's service rows to the
	 * end of the period, and the stories before the period. */
	const struct service *const *svc_year;
	size_t nsvc_year;
	struct activity *const *acts_year;
	size_t nacts_year;
	const struct story *const *past;
	size_t npast;
};

/* --- one issue's content and plan (bulletin_issue.c, bulletin_page.c) -- */

/* The sections of an issue, in print order. */
enum bl_part { BL_PART_LEAD, BL_PART_RECAP, BL_PART_PHOTOS, BL_PART_COMING,
	BL_PART_HONOURS, BL_PART_PEOPLE, BL_PART_BOARD, BL_PART_TEAM,
	BL_PART_YEAR, BL_PART_YEAR_BOARD, BL_PART_NOTICES, BL_PART_STORIES,
	BL_PARTS };
/* Parts that only fill room the period's records leave (bulletin_fill.c):
 * a thin month still looks like a bulletin. */
#define BL_EXTRA(p) ((p) == BL_PART_PHOTOS || (p) == BL_PART_TEAM || \
	(p) == BL_PART_YEAR || (p) == BL_PART_YEAR_BOARD || \
	(p) == BL_PART_NOTICES || \
	(p) == BL_PART_STORIES)
/* Parts printed as a leaderboard table. */
#define BL_TABLE(p) ((p) == BL_PART_BOARD || (p) == BL_PART_YEAR_BOARD)

/* What a block of a section shows. */
enum bl_piece { BL_P_HEADING, BL_P_LEAD_HEAD, BL_P_LEAD_BLOCK, BL_P_LEAD_CUT,
	BL_P_LEAD_MORE, BL_P_FIGURES, BL_P_ITEM, BL_P_MORE, BL_P_BOARD };

/* What one packed block shows: a piece of a part, and which item. */
struct bl_slot {
	enum bl_part part;
	enum bl_piece piece;
	size_t index;
};

/* A top-level block of the lead story (a paragraph, list, quote or
 * subheading), its text and its budget. */
struct bl_lead_block {
	const char *html, *text;
	bool heading, breakable;
	int lines;
	double height;
};

/* An item of a list section: its words, made once, and their lines. */
struct bl_entry {
	const char *when, *head, *meta, *text; /* plain; NULL when absent */
	int when_lines, head_lines, meta_lines, text_lines;
	const struct photo *photo; /* a picture above the words, or NULL */
	double photo_h;            /* its height in pt */
	long weight; /* participants: the most attended stay longest */
	size_t rank; /* place by weight, 0 = heaviest */
	struct pos pos;
};

/* A row of the leaderboard: the name as printed (masked). */
struct bl_leader {
	const char *name;
	long points;
	double hours;
	struct pos pos;
};

/* How much of each section an issue prints (see bulletin_issue.c). */
struct bl_trim {
	size_t lead_blocks;
	bool lead_cut, cover, big_cover, break_coming;
	bool text[BL_PARTS]; /* summaries (recap, coming), citations (people) */
	size_t recap_text;   /* recap entries (by rank) keeping their summary */
	size_t max[BL_PARTS];
};

/* Everything one issue could print, and, once planned, what it does print
 * where: slots[i] is what b->blocks[i] shows. All in r->page. */
struct bl_content {
	struct bulletin *b;
	struct render *r;
	const struct bl_issue *is;
	double col;
	/* the lead story */
	const struct story *story;
	struct bl_lead_block *blocks;
	size_t nblocks, lead_default;
	const char *byline, *cut, *more_text;
	int title_lines, cut_lines, more_lines;
	double head_h, cover_h, big_cover_h, cut_h, more_h;
	/* the lists; BL_PART_BOARD uses leaders */
	struct bl_entry *list[BL_PARTS];
	size_t n[BL_PARTS];
	struct bl_leader *leaders, *year_leaders;
	long participants, volunteers;
	double hours;
	bool has_participants, has_volunteers;
	/* the same for the year so far (BL_PART_YEAR) */
	size_t year_acts;
	long year_participants, year_volunteers;
	double year_hours;
	bool year_has_participants, year_has_volunteers;
	const char *heading[BL_PARTS], *cont[BL_PARTS];
	int heading_lines[BL_PARTS], cont_lines[BL_PARTS];
	double heading_h[BL_PARTS], cont_h[BL_PARTS];
	/* the plan */
	struct bl_slot *slots;
	size_t nslots;
};

/* Gathers what issue is can print into x (zeroed by the caller but for
 * b, r, is and col), then trims it to fit its sheets and plans it into t,
 * b->blocks and x->slots. False when even the least of it does not fit
 * (the plan then holds what does). */
bool bl_content_plan(struct bl_content *x, struct bl_trim *t);
/* The volunteers of rows svc[0..n) dated up to upto, summed, by points
 * then hours, names as the privacy setting says, into *out (r->page).
 * Returns how many. */
size_t bl_leaders(struct render *r, const struct service *const *svc,
    size_t n, struct date upto, struct bl_leader **out);
/* bulletin_fill.c: the extra parts' entries (BL_EXTRA): photos of the
 * period's activities, its team of the month, the notices of its time. */
void bl_prepare_extras(struct bl_content *x);
/* Whether the period's own content (untrimmed, nothing added to fill
 * room) would take at least BL_FILL of is's columns: the current period
 * is the latest issue only then (render_bulletin.c). Uses r->page. */
#define BL_FILL 0.85
bool bl_content_fills(struct bulletin *b, const struct bl_issue *is);
/* The lead story's address: absolute with base_url, else from the site's
 * root; display: without the final index.html, as people type it. */
const char *bl_story_address(const struct bl_content *x, bool display);
/* Whether entry e of part p prints its text (summary, citation) under t:
 * the recap's most attended keep theirs longest. */
bool bl_shows_text(const struct bl_trim *t, enum bl_part p,
    const struct bl_entry *e);
/* Items of part p that t leaves out (for "and N more"). */
size_t bl_hidden(const struct bl_content *x, const struct bl_trim *t,
    enum bl_part p);

/* The bulletin renderer's state for one build. */
struct bulletin {
	struct render *r;
	struct glyphs *glyphs;
	struct strmap warned;  /* glyph warnings given: path:line:U+XXXX */
	const char *fonts_css; /* :root custom properties naming the fonts */
	const char *page_css;  /* the @page rule with its page numbers */
	const char *qr_svg;    /* the site's address as a QR code, or NULL */
	double caps[BL_MAX_PAGES]; /* column heights of each sheet, pt */
	int pages;
	struct bl_block *blocks; /* scratch for bl_pack (heap) */
	size_t blocks_cap;
};

/* A theme string with "{name}" replaced by value (r->page). */
const char *bl_pattern(struct render *r, const char *key, const char *name,
    const char *value);

/* Warns (once per place and character) about every character of s that
 * no font of the bulletin covers. */
void bl_check_text(struct bulletin *b, const char *s, struct pos pos);
/* Same for text from a story's body: the warning names the line of the
 * story's file where the character is. */
void bl_check_story_text(struct bulletin *b, const struct story *st,
    const char *s);

/* bulletin_number.c: numbers the issues v[0..*n) one after another from
 * first_issue, except that an issue printed before keeps its number:
 * issues after the last printed one continue from it, and a period with
 * records typed in later, before or between printed issues, gets no issue
 * (removed from v, warned; before the first printed one, it gets one once
 * first_issue leaves room). */
void bl_number_issues(struct bulletin *b, struct bl_issue *v, size_t *n);
/* Writes the numbers of v[0..n) to out/bulletin/numbers.txt, for the next
 * build to keep. */
bool bl_write_numbers(struct bulletin *b, const struct bl_issue *v,
    size_t n);

/* bulletin_page.c: the context of one issue page (in r->page): its
 * content, trimmed to fit its pages, laid out on sheets. */
struct mu_value *bl_issue_context(struct bulletin *b, const struct bl_issue *is);

#endif
