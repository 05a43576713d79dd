/*
 * mustache: our template engine. Compile once, render many times.
 *
 * Implements the Mustache spec (comments, delimiters, interpolation,
 * inverted, partials, sections) and its optional ~inheritance module
 * (parents {{<layout}}...{{/layout}} and blocks {{$name}}...{{/name}}).
 * Lambdas and dynamic names are not supported.
 *
 * Three pieces:
 *  - values (struct mu_value): the context the generator builds, all of it
 *    allocated in a struct arena;
 *  - templates (struct mu_template): parsed once by mu_compile() into a node
 *    tree that is never re-parsed;
 *  - a registry (struct mu_partials): compiled templates by name, used at
 *    render time for {{>name}} and {{<name}}.
 *
 * Rendering (mu_render) only reads templates, values and the registry; it
 * keeps its state on the C stack, so one set of compiled templates can be
 * rendered from several threads at once. There is no global mutable state.
 *
 * Modules: gen/mu_value.c (values), gen/mustache.c (compiler),
 * gen/mustache_render.c (renderer and registry).
 */
#ifndef LINLI_MUSTACHE_H
#define LINLI_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;

/* Partials, parents and block substitutions may nest this deep in one
 * rendering; deeper means endless recursion and mu_render() fails. */
#define MU_MAX_DEPTH 100
/* Sections, parents and blocks may nest this deep inside one template. */
#define MU_MAX_NESTING 100
/* One mu_render() renders at most this many nodes, counting each time a
 * node is reached again in a section, partial or block; more means a
 * template that repeats itself and mu_render() fails. The largest real
 * page (100,000 activities in one list) needs some tens of millions. The
 * fuzz targets build with a smaller one to stay fast. */
#ifndef MU_MAX_STEPS
#define MU_MAX_STEPS 1000000000ul
#endif

/* ---- Values ------------------------------------------------------------ */

enum mu_kind {
	MU_NULL,
	MU_BOOL,
	MU_NUMBER,
	MU_STRING,
	MU_LIST,
	MU_MAP,
};

struct mu_pair {
	const char *key;
	size_t key_len;
	const struct mu_value *value;
};

/*
 * A context value. Read the fields freely; build values only with the
 * functions below. Containers hold pointers, so a map may still be filled
 * after it has been put in a list or another map.
 *
 * Truthiness follows the spec (whose reference semantics are Ruby's): null,
 * false, a missing name and an empty list are false; everything else is
 * true, including the empty string, the number 0 and an empty map. Use null
 * (e.g. mu_map_set_str with a NULL string) for "absent".
 */
struct mu_value {
	enum mu_kind kind;
	union {
		bool boolean;
		double number;
		struct {
			const char *s; /* not necessarily NUL-terminated */
			size_t len;
		} string;
		struct {
			const struct mu_value **items;
			size_t len, cap;
		} list;
		struct {
			struct mu_pair *pairs; /* in insertion order */
			size_t len, cap;
		} map;
	} u;
};

/* Shared immutable null/true/false values (static storage, no arena). */
const struct mu_value *mu_null(void);
const struct mu_value *mu_bool(bool b);
/* A number, owned by arena a. Renders with "%.15g": 42 -> "42",
 * 1.210 -> "1.21". */
const struct mu_value *mu_num(struct arena *a, double n);
/* A string; s is copied into arena a. mu_str(a, NULL) returns mu_null(). */
const struct mu_value *mu_str(struct arena *a, const char *s);
const struct mu_value *mu_strn(struct arena *a, const char *s, size_t len);
/* A string that points at s without copying it: s must outlive every
 * rendering of the value (strings already in the arena do). */
const struct mu_value *mu_str_ref(struct arena *a, const char *s, size_t len);

/* An empty list or map, owned by arena a, to be filled with the calls below.
 * Storage grows by doubling inside the arena. */
struct mu_value *mu_list_new(struct arena *a);
struct mu_value *mu_map_new(struct arena *a);
/* Appends v (NULL means null) to list. */
void mu_list_push(struct arena *a, struct mu_value *list,
    const struct mu_value *v);
/*
 * Sets key to v (NULL means null) in map, replacing an earlier value of the
 * same key in place, else appending. The key is NOT copied: it must outlive
 * the map (string literals and arena strings do). A key set to null hides
 * the same name in enclosing contexts, as the spec requires.
 */
void mu_map_set(struct arena *a, struct mu_value *map, const char *key,
    const struct mu_value *v);
/* mu_map_set(a, map, key, mu_str(a, s)): s is copied; NULL s sets null. */
void mu_map_set_str(struct arena *a, struct mu_value *map, const char *key,
    const char *s);
/* Like mu_map_set_str, but s is not copied (see mu_str_ref). */
void mu_map_set_str_ref(struct arena *a, struct mu_value *map,
    const char *key, const char *s);
void mu_map_set_num(struct arena *a, struct mu_value *map, const char *key,
    double n);
void mu_map_set_bool(struct arena *a, struct mu_value *map, const char *key,
    bool b);

/* The value of key in map, or NULL if map is not a map or lacks the key. */
const struct mu_value *mu_map_get(const struct mu_value *map,
    const char *key, size_t key_len);
/* Spec truthiness, as above; NULL (missing) is false. */
bool mu_truthy(const struct mu_value *v);

/* ---- Errors ------------------------------------------------------------ */

/*
 * Where and why compiling or rendering failed. line and column count from 1;
 * columns count characters (UTF-8 code points), not bytes. Print as
 * "%s:%d:%d: error: %s" with name, line, column, message.
 */
struct mu_error {
	const char *name; /* the template's name: for a compile error the
	                     pointer given to mu_compile(), for a render error
	                     the template's own copy (valid while it lives) */
	int line, column;
	char message[256];
};

/* ---- Templates --------------------------------------------------------- */

struct mu_template;

/*
 * Parses src[0..len) once into a compiled template. name is used in error
 * messages (a path, say) and copied; src may be freed afterwards. On a
 * syntax error (unclosed tag, unclosed or mismatched section, bad name or
 * set-delimiter tag, nesting deeper than MU_MAX_NESTING) returns NULL and
 * fills *err if err is not NULL. The caller owns the result: free it with
 * mu_template_free(), or hand it to a registry with mu_partials_add().
 */
struct mu_template *mu_compile(const char *name, const char *src, size_t len,
    struct mu_error *err);
/* Frees t and everything it holds; t may be NULL. */
void mu_template_free(struct mu_template *t);
/* The name given to mu_compile(); owned by t. */
const char *mu_template_name(const struct mu_template *t);

/* ---- The registry of partials and parents ------------------------------ */

struct mu_partial_slot;

/* Compiled templates by name: a hash table. Initialise with
 * mu_partials_init() or MU_PARTIALS_INIT. */
struct mu_partials {
	struct mu_partial_slot *slots;
	size_t cap, count;
};

#define MU_PARTIALS_INIT {NULL, 0, 0}

void mu_partials_init(struct mu_partials *p);
/* Frees the table, its name copies and every template added to it. */
void mu_partials_release(struct mu_partials *p);
/*
 * Registers t under name (copied) for {{>name}} and {{<name}}. On success
 * the registry owns t. Returns false, leaving t with the caller, if name is
 * already registered.
 */
bool mu_partials_add(struct mu_partials *p, const char *name,
    struct mu_template *t);
/* The template registered under name[0..len), or NULL; owned by p. */
const struct mu_template *mu_partials_get(const struct mu_partials *p,
    const char *name, size_t len);
/*
 * Checks that every {{>name}} and {{<name}} in every registered template
 * names a registered template (at render time a missing one renders as
 * empty, as the spec says). Calls report(err, arg) for each one missing and
 * returns how many there were. The mu_error passed is valid during the call.
 */
size_t mu_partials_check(const struct mu_partials *p,
    void (*report)(const struct mu_error *err, void *arg), void *arg);

/* ---- Rendering --------------------------------------------------------- */

/*
 * Renders t with ctx (NULL means an empty context) as the bottom of the
 * context stack, appending to out. partials may be NULL (then every partial
 * and parent renders as empty). {{x}} is escaped with buf_add_html(),
 * {{{x}}} and {{&x}} are not. Missing names render as empty.
 * Returns false if partials, parents or block substitutions nest deeper than
 * MU_MAX_DEPTH, or rendering takes more than MU_MAX_STEPS nodes; then *err
 * (if not NULL) says where, and out is truncated to its length on entry. Allocates nothing but out's growth.
 */
bool mu_render(const struct mu_template *t, const struct mu_value *ctx,
    const struct mu_partials *partials, struct buf *out,
    struct mu_error *err);

#endif
