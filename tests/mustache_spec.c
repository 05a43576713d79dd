/*
 * mustache_spec DIR: runs the official Mustache spec suite in DIR against
 * our engine and prints TAP, one test per spec test.
 *
 * Reads comments, delimiters, interpolation, inverted, partials, sections
 * and ~inheritance (not ~lambdas nor ~dynamic-names, which we do not
 * support). If DIR does not exist the suite is skipped, unless the
 * environment variable CI is set: CI must never skip.
 * Exit status: 0 all passed (or skipped), 1 a test failed, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "mustache.h"
#include "tap.h"

static const char *const spec_files[] = {
	"comments.yml",
	"delimiters.yml",
	"interpolation.yml",
	"inverted.yml",
	"partials.yml",
	"sections.yml",
	"~inheritance.yml",
};

struct spec {
	const char *file;
	yaml_document_t *doc;
};

/* Prints s on a TAP diagnostic line, with escapes so that it stays one. */
static void diag_str(const char *label, const char *s, size_t len)
{
	size_t i;

	printf("#   %-9s '", label);
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\r')
			fputs("\\r", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch == '\\' || ch == '\'')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
	puts("'");
}

static yaml_node_t *node(const struct spec *sp, yaml_node_item_t id)
{
	return yaml_document_get_node(sp->doc, id);
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *get(const struct spec *sp, yaml_node_t *m,
    const char *key)
{
	yaml_node_pair_t *pair;
	yaml_node_t *k;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (pair = m->data.mapping.pairs.start;
	    pair < m->data.mapping.pairs.top; pair++) {
		k = node(sp, pair->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return node(sp, pair->value);
	}
	return NULL;
}

static const char *scalar(yaml_node_t *n, size_t *len)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		*len = 0;
		return NULL;
	}
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static bool is_number(const char *s, size_t len)
{
	char *end;

	if (!len || strspn(s, "0123456789+-.eE") != len)
		return false;
	strtod(s, &end);
	return (size_t)(end - s) == len;
}

/* YAML's core schema, as much of it as the spec uses: a plain scalar may be
 * null, a boolean or a number; a quoted one is always a string. */
static const struct mu_value *scalar_value(struct arena *a, yaml_node_t *n)
{
	size_t len;
	const char *s = scalar(n, &len);
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return mu_strn(a, s, len);
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(s, nulls[i]) == 0)
			return mu_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return mu_bool(true);
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return mu_bool(false);
	if (is_number(s, len))
		return mu_num(a, strtod(s, NULL));
	return mu_strn(a, s, len);
}

/* Converts a test's data to a value owned by arena a. */
static const struct mu_value *to_value(const struct spec *sp,
    struct arena *a, yaml_node_t *n)
{
	struct mu_value *v;
	yaml_node_item_t *item;
	yaml_node_pair_t *pair;
	size_t len;
	const char *key;

	if (!n)
		return mu_null();
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		v = mu_list_new(a);
		for (item = n->data.sequence.items.start;
		    item < n->data.sequence.items.top; item++)
			mu_list_push(a, v, to_value(sp, a, node(sp, *item)));
		return v;
	case YAML_MAPPING_NODE:
		v = mu_map_new(a);
		for (pair = n->data.mapping.pairs.start;
		    pair < n->data.mapping.pairs.top; pair++) {
			key = scalar(node(sp, pair->key), &len);
			if (key)
				mu_map_set(a, v, arena_strndup(a, key, len),
				    to_value(sp, a, node(sp, pair->value)));
		}
		return v;
	case YAML_SCALAR_NODE:
		return scalar_value(a, n);
	default:
		return mu_null();
	}
}

static void diag_error(const char *what, const struct mu_error *err)
{
	printf("#   %s: %s:%d:%d: %s\n", what, err->name, err->line,
	    err->column, err->message);
}

/* Compiles and registers the test's partials; false after a diagnostic. */
static bool add_partials(const struct spec *sp, yaml_node_t *partials,
    struct mu_partials *reg)
{
	yaml_node_pair_t *pair;
	const char *name, *src;
	size_t name_len, len;
	struct mu_template *t;
	struct mu_error err;

	if (!partials || partials->type != YAML_MAPPING_NODE)
		return true;
	for (pair = partials->data.mapping.pairs.start;
	    pair < partials->data.mapping.pairs.top; pair++) {
		name = scalar(node(sp, pair->key), &name_len);
		src = scalar(node(sp, pair->value), &len);
		if (!name || !src)
			continue;
		t = mu_compile(name, src, len, &err);
		if (!t) {
			diag_error("compiling partial", &err);
			return false;
		}
		if (!mu_partials_add(reg, name, t))
			mu_template_free(t);
	}
	return true;
}

/* Compiles and renders test; false after a diagnostic. */
static bool run_template(const struct spec *sp, yaml_node_t *test,
    const struct mu_partials *reg, struct arena *a, struct buf *out)
{
	size_t len;
	const char *src = scalar(get(sp, test, "template"), &len);
	const struct mu_value *data = to_value(sp, a, get(sp, test, "data"));
	struct mu_template *t;
	struct mu_error err;
	bool ok;

	if (!src) {
		puts("#   the test has no template");
		return false;
	}
	t = mu_compile("template", src, len, &err);
	if (!t) {
		diag_error("compiling", &err);
		return false;
	}
	ok = mu_render(t, data, reg, out, &err);
	if (!ok)
		diag_error("rendering", &err);
	mu_template_free(t);
	return ok;
}

static void run_test(const struct spec *sp, yaml_node_t *test)
{
	size_t name_len, want_len;
	const char *name = scalar(get(sp, test, "name"), &name_len);
	const char *want = scalar(get(sp, test, "expected"), &want_len);
	const char *desc;
	struct mu_partials reg = MU_PARTIALS_INIT;
	struct arena a;
	struct buf out = BUF_INIT;
	bool ran;
	size_t len;

	arena_init(&a);
	ran = add_partials(sp, get(sp, test, "partials"), &reg) &&
	    run_template(sp, test, &reg, &a, &out);
	if (!ok(ran && want && out.len == want_len &&
	    memcmp(out.data, want, want_len) == 0, "%s: %s", sp->file,
	    name ? name : "(unnamed)")) {
		desc = scalar(get(sp, test, "desc"), &len);
		if (desc)
			printf("#   %s\n", desc);
		if (want)
			diag_str("expected:", want, want_len);
		if (ran)
			diag_str("got:", out.data, out.len);
	}
	buf_release(&out);
	mu_partials_release(&reg);
	arena_release(&a);
}

/* Loads the YAML file at path into doc; else says why in *why. */
static bool load(const char *path, yaml_document_t *doc, struct buf *why)
{
	yaml_parser_t parser;
	FILE *f = fopen(path, "rb");
	bool loaded;

	if (!f) {
		buf_printf(why, "%s: %s", path, strerror(errno));
		return false;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	loaded = yaml_parser_load(&parser, doc);
	if (!loaded)
		buf_printf(why, "%s:%zu:%zu: %s", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "YAML error");
	yaml_parser_delete(&parser);
	fclose(f);
	return loaded;
}

static void run_file(const char *dir, const char *file)
{
	yaml_document_t doc;
	struct spec sp = {file, &doc};
	yaml_node_t *tests;
	yaml_node_item_t *item;
	struct buf path = BUF_INIT, why = BUF_INIT;

	buf_printf(&path, "%s/%s", dir, file);
	if (!load(path.data, &doc, &why)) {
		ok(0, "%s: read and parse", file);
		printf("#   %s\n", why.data);
		buf_release(&why);
		buf_release(&path);
		return;
	}
	tests = get(&sp, yaml_document_get_root_node(&doc), "tests");
	if (!tests || tests->type != YAML_SEQUENCE_NODE ||
	    tests->data.sequence.items.start == tests->data.sequence.items.top)
		ok(0, "%s: has a list of tests", file);
	else
		for (item = tests->data.sequence.items.start;
		    item < tests->data.sequence.items.top; item++)
			run_test(&sp, node(&sp, *item));
	yaml_document_delete(&doc);
	buf_release(&path);
}

int main(int argc, char **argv)
{
	struct stat st;
	const char *ci = getenv("CI");
	const char *dir = argc == 2 ? argv[1] : getenv("MUSTACHE_SPEC");
	size_t i;

	/* make check passes the folder in MUSTACHE_SPEC (prove runs every
	 * test without arguments). */
	if (argc > 2 || !dir || !*dir) {
		fprintf(stderr, "usage: mustache_spec DIR (or MUSTACHE_SPEC=DIR)\n");
		return 2;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		if (ci && *ci) {
			fprintf(stderr, "mustache_spec: mustache spec folder "
			    "%s not found, and CI must not skip it\n", dir);
			printf("Bail out! mustache spec folder %s not found\n",
			    dir);
			return 1;
		}
		printf("1..0 # SKIP mustache spec folder %s not found "
		    "(set MUSTACHE_SPEC=DIR)\n", dir);
		return 0;
	}
	for (i = 0; i < sizeof(spec_files) / sizeof(spec_files[0]); i++)
		run_file(dir, spec_files[i]);
	return tap_done();
}
