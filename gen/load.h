/*
 * load: read content/ into the model.
 *
 *   load_tree.c     the stage: walk content/, dispatch by folder
 *   load.c          what loaders read with: files checked as text, paths
 *   load_yaml.c     YAML files -> a small tree of nodes with positions,
 *                   with limits against hostile input; typed field getters
 *   load_records.c  site.yaml, teams, activities, achievements
 *   load_story.c    stories: front matter + CommonMark (cmark, safe mode)
 *   load_csv.c      data/service.csv, roster.csv, redemptions.csv (libcsv),
 *                   or the same tables as .xlsx workbooks (xlsx.c)
 *   load_media.c    image sizes for width/height attributes
 *
 * Loaders report every problem to the diag and go on, so that a user sees
 * all of them at once; records with an error are still added when that
 * helps later checks (e.g. duplicate ids), or skipped when they cannot be.
 */
#ifndef LINLI_LOAD_H
#define LINLI_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "model.h"

/* Limits against hostile or broken input; each ends in a clear error. */
#define LOAD_MAX_FILE (64u << 20)   /* bytes in one content file */
#define LOAD_MAX_YAML (16u << 20)   /* bytes of YAML in one file: libyaml
                                     * holds a whole scalar in memory, so
                                     * this bounds a many-line value */
#define LOAD_MAX_LINE (1u << 20)    /* bytes in one line */
#define LOAD_MAX_VALUE (1u << 20)   /* bytes in one YAML scalar or CSV cell */
#define LOAD_MAX_DEPTH 32           /* YAML nesting */
#define LOAD_MAX_ALIAS_NODES 10000  /* nodes reached through aliases, per file */
#define LOAD_MAX_ID 100             /* bytes in an id */

struct loader {
	struct model *m;
	struct diag *d;
	const char *root;      /* the content directory as given */
	char *root_real;       /* its realpath(), heap */
	/* YAML trees: scratch, reset after each file. Records copy what they
	 * keep into the model's arena (the yget_* getters do), so memory
	 * stays small however many files there are. */
	struct arena *tree;
	/* The file read for each data table (service, roster, redemptions),
	 * so that a CSV and a workbook for one table are an error. */
	const char *data_files[3];
};

/* --- load_tree.c: the stage ------------------------------------------- */

/* Loads everything under m->content_dir. Returns false when content/ or
 * site.yaml cannot be read at all (reported); content errors only go to
 * the diag. */
bool load_content(struct model *m, struct diag *d);

/* --- load.c: what the loaders read content with ----------------------- */

/* Reads a whole file into a heap buffer (NUL-terminated), enforcing
 * LOAD_MAX_FILE and LOAD_MAX_LINE, as UTF-8 text: every text file a loader
 * reads comes through here. A UTF-8 BOM is dropped; UTF-16 with a BOM and
 * GB18030 are converted to UTF-8 (textenc.h) with a warning saying how to
 * save UTF-8 next time; anything else must be valid UTF-8. Reports
 * problems at display and returns NULL. */
char *load_read_file(struct loader *L, const char *path, const char *display,
    size_t *len);

/* Appends a whole file's bytes to b (raw, for a spreadsheet), enforcing
 * LOAD_MAX_FILE. Reports at display and returns false (b released). */
bool load_read_bytes(struct loader *L, const char *path, const char *display,
    struct buf *b);

/* Checks that rel (a path written in content, e.g. media/a.jpg) stays inside
 * content/: not absolute, no "..", and (when it exists) not a symlink
 * leading outside. Reports at p and returns false when it does not. Sets
 * *exists. */
bool load_check_path(struct loader *L, const char *rel, struct pos p,
    bool *exists);

/* Fills ph for the image src written at p: checks the path (reported)
 * and whether the file exists; the media stage reads it (media.h).
 * False when the path is not allowed. */
bool load_photo(struct loader *L, const char *src, struct pos p,
    struct photo *ph);

/* The display path "ROOT/rel", in the arena. */
const char *load_display_path(struct loader *L, const char *rel);
/* Whether name ends in suffix. */
bool load_has_suffix(const char *name, const char *suffix);
/* True when real (a resolved path) is content/ or below it. */
bool load_inside_root(const struct loader *L, const char *real);

/* --- load_yaml.c ------------------------------------------------------- */

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	struct pos pos;
	const char *str; /* scalar text, NUL-terminated, arena */
	size_t len;
	bool plain;      /* an unquoted scalar (so `~`/`null` mean nothing) */
	/* seq: items; map: keys and values alternating (2 * pairs) */
	struct ynode **items;
	size_t n;
	size_t weight;   /* nodes in this subtree, aliases expanded */
};

/* Parses text (len bytes, from display) into its documents; *docs and the
 * nodes live in L->tree (until it is reset). Reports every problem and returns false when
 * the text is not valid YAML or exceeds a limit. line_offset is added to
 * every line (for front matter inside a Markdown file). */
bool yaml_parse(struct loader *L, const char *display, const char *text,
    size_t len, int line_offset, struct ynode ***docs, size_t *ndocs);

/* For map: the value under key, or NULL. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* True for a missing node, `~`, `null` or an empty plain scalar. */
bool ynode_is_null(const struct ynode *n);
/* A short word for the node kind, for messages ("a list", "a mapping"). */
const char *ynode_kind_name(const struct ynode *n);

/* Reports every key of map that is not in known (NULL-terminated), naming
 * the known ones, with a suggestion when one is close. what: "activity". */
void ycheck_keys(struct loader *L, const struct ynode *map,
    const char *const *known, const char *what);

/* Typed getters: each reads map[key]; strings are copied into the model's
 * arena. When the key is absent (or null)
 * they leave *out untouched and return true, unless required, in which
 * case they report "missing required field" at the map and return false.
 * A value of the wrong type is reported at the value and returns false. */
bool yget_str(struct loader *L, const struct ynode *map, const char *key,
    bool required, const char **out);
bool yget_long(struct loader *L, const struct ynode *map, const char *key,
    bool required, long *out); /* a whole number >= 0 */
bool yget_double(struct loader *L, const struct ynode *map, const char *key,
    bool required, double *out); /* a number >= 0 */
bool yget_date(struct loader *L, const struct ynode *map, const char *key,
    bool required, int allowed, struct date *out);
/* names: NULL-terminated; *out gets the index of the match. */
bool yget_enum(struct loader *L, const struct ynode *map, const char *key,
    bool required, const char *const *names, int *out);
/* A list of strings, or a single string taken as a list of one. */
bool yget_refs(struct loader *L, const struct ynode *map, const char *key,
    struct ref **out, size_t *n);

/* Reports a date problem (from date_parse) at node n. */
void yreport_date(struct loader *L, const struct ynode *n, int status,
    int allowed);

/* Checks an id: ASCII [a-z0-9-], not empty, at most LOAD_MAX_ID bytes. */
bool load_valid_id(const char *id);

/* --- load_id.c --------------------------------------------------------- */

/* True for an id the site keeps for its own pages: all digits (the year
 * pages), index, page, feed and the top-level folders of out/. */
bool load_reserved_id(const char *id);
/* Checks an id written in content at p: its length, its characters, and
 * that it is not reserved. Reports the first problem and returns false. */
bool load_check_id(struct loader *L, struct pos p, const char *id);

/* --- load_records.c ---------------------------------------------------- */

void load_site(struct loader *L, const char *display, const char *text,
    size_t len);
void load_teams_file(struct loader *L, const char *display, const char *text,
    size_t len);
void load_activities_file(struct loader *L, const char *display,
    const char *text, size_t len);
void load_achievements_file(struct loader *L, const char *display,
    const char *text, size_t len);
/* Gives derived ids (DATE, DATE-2, ...) to activities and stories without
 * one, in load order, skipping ids already taken. */
void load_derive_ids(struct loader *L);
/* map's base_url, normalised (url_normalize_base), or NULL: absent, or
 * not a web address (reported). site.yaml and district.yaml share it. */
const char *load_base_url(struct loader *L, const struct ynode *map);
/* map's timezone when it names a zone of the system's database, else
 * NULL (reported when it was written). */
const char *load_timezone(struct loader *L, const struct ynode *map);

/* --- load_story.c ------------------------------------------------------ */

void load_story_file(struct loader *L, const char *display, const char *text,
    size_t len);
/* Renders CommonMark to safe HTML with CJK-friendly emphasis; arena. */
const char *load_markdown_html(struct arena *a, const char *md, size_t len);

/* --- load_csv.c -------------------------------------------------------- */

/* kind: "service", "roster" or "redemptions" (the file's base name). */
void load_csv_file(struct loader *L, const char *kind, const char *display,
    const char *text, size_t len);
/* The same table from an Excel workbook (the bytes of data/KIND.xlsx): its
 * first sheet (xlsx.h). Messages name cells as Excel does: sheet!E18. */
void load_xlsx_file(struct loader *L, const char *kind, const char *display,
    const void *data, size_t len);

/* --- load_story_media.c ------------------------------------------------ */

/* Resolves the images and links of a story's parsed body (a cmark_node
 * document; void * keeps cmark out of this header) that point at files in
 * content/, fills s->body_media and rewrites their addresses to
 * "linli-media:K"; see load_story_media.c. display is the story's path. */
struct cmark_node;
void load_story_media(struct loader *L, struct cmark_node *doc,
    const char *display, struct story *s);

/* --- load_media.c ------------------------------------------------------ */

/* Reads the pixel size of a PNG, JPEG, GIF, WebP or SVG file. */
bool load_image_size(const char *path, int *width, int *height);

#endif
