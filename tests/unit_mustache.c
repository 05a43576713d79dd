/*
 * unit_mustache: what the Mustache spec suite does not cover: escaping of
 * all five characters, compile errors and their positions, compiling once
 * and rendering many times, numbers, missing partials, bounded recursion,
 * values and the registry.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mustache.h"
#include "tap.h"

/* Compiles src, renders it with ctx and partials, returns the output in a
 * static buffer ("<compile error>" or "<render error>" on failure). */
static const char *render(const char *src, const struct mu_value *ctx,
    const struct mu_partials *p)
{
	static struct buf out = BUF_INIT;
	struct mu_template *t = mu_compile("t", src, strlen(src), NULL);

	buf_release(&out);
	if (!t)
		return "<compile error>";
	if (!mu_render(t, ctx, p, &out, NULL))
		buf_adds(&out, "<render error>");
	mu_template_free(t);
	return out.data;
}

static void add(struct mu_partials *p, const char *name, const char *src)
{
	struct mu_error err;
	struct mu_template *t = mu_compile(name, src, strlen(src), &err);

	if (!t || !mu_partials_add(p, name, t)) {
		ok(0, "register partial %s", name);
		mu_template_free(t);
	}
}

static void test_escaping(struct arena *a)
{
	struct mu_value *m = mu_map_new(a);

	mu_map_set_str(a, m, "x", "a & b < c > d \" e ' f");
	is_str(render("{{x}}", m, NULL),
	    "a &amp; b &lt; c &gt; d &quot; e &#39; f", "{{x}} escapes");
	is_str(render("{{ x }}", m, NULL),
	    "a &amp; b &lt; c &gt; d &quot; e &#39; f", "{{ x }} escapes");
	is_str(render("{{{x}}}", m, NULL), "a & b < c > d \" e ' f",
	    "{{{x}}} does not escape");
	is_str(render("{{&x}}", m, NULL), "a & b < c > d \" e ' f",
	    "{{&x}} does not escape");
	is_str(render("<{{x}}>", mu_str(a, "<b>"), NULL), "<>",
	    "a name in a string context is missing");
	is_str(render("{{.}}", mu_str(a, "<b>"), NULL), "&lt;b&gt;",
	    "{{.}} escapes");
}

static void compile_error(const char *src, int line, int column,
    const char *words, const char *name)
{
	struct mu_error err;
	struct mu_template *t;

	memset(&err, 0, sizeof(err));
	t = mu_compile("page.mustache", src, strlen(src), &err);
	ok(t == NULL, "%s: fails", name);
	mu_template_free(t);
	if (!t) {
		is_str(err.name, "page.mustache", "  error names the template");
		is_int(err.line, line, "  line");
		is_int(err.column, column, "  column");
		if (!ok(strstr(err.message, words) != NULL, "  message '%s'",
		    err.message))
			printf("#   want it to contain '%s'\n", words);
	}
}

static void test_compile_errors(void)
{
	compile_error("Hello {{name", 1, 7, "unclosed tag", "unclosed tag");
	compile_error("a\nb {{{name}}", 2, 3, "missing '}}}'",
	    "unclosed triple mustache");
	compile_error("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n</ul>\n", 2, 3,
	    "section 'items' is never closed", "unclosed section");
	compile_error("{{#a}}{{^b}}x{{/a}}{{/b}}", 1, 14,
	    "close tag '/a' does not match inverted section 'b' opened at "
	    "line 1, column 7", "mismatched section close");
	compile_error("x\n\n   {{/a}}", 3, 4, "no open section",
	    "close without open");
	compile_error("{{<layout}}{{$title}}x{{/layout}}", 1, 23,
	    "does not match block 'title'", "mismatched block close");
	compile_error("邻里 {{#社区}}\n", 1, 4, "'社区' is never closed",
	    "columns count characters, not bytes");
	compile_error("{{=<% %>=}}\n<%#a%>{{/a}}", 2, 1,
	    "section 'a' is never closed", "set delimiters");
	compile_error("{{= | =}}", 1, 1, "two delimiters", "bad delimiters");
	compile_error("\t{{}}", 1, 2, "empty tag", "empty tag");
	compile_error("{{a b}}", 1, 1, "whitespace", "space in a name");
	compile_error("{{a..b}}", 1, 1, "empty part", "empty dotted part");
}

static void test_render_many(struct arena *a)
{
	static const char src[] = "{{#people}}{{name}} ({{age}}){{^last}}, "
	    "{{/last}}{{/people}}{{^people}}nobody{{/people}}";
	struct mu_template *t = mu_compile("many", src, strlen(src), NULL);
	struct buf out = BUF_INIT;
	struct mu_value *ctx[3], *list, *person;
	static const char *const want[] = {"Ana (30), Bo (4)", "Cy (71)",
	    "nobody"};
	int i;

	for (i = 0; i < 3; i++) {
		ctx[i] = mu_map_new(a);
		list = mu_list_new(a);
		mu_map_set(a, ctx[i], "people", list);
		if (i == 2)
			continue;
		person = mu_map_new(a);
		mu_list_push(a, list, person);
		mu_map_set_str(a, person, "name", i ? "Cy" : "Ana");
		mu_map_set_num(a, person, "age", i ? 71 : 30);
		mu_map_set_bool(a, person, "last", i == 1);
		if (i)
			continue;
		person = mu_map_new(a);
		mu_list_push(a, list, person);
		mu_map_set_str(a, person, "name", "Bo");
		mu_map_set_num(a, person, "age", 4);
		mu_map_set_bool(a, person, "last", true);
	}
	ok(t != NULL, "compile once");
	for (i = 0; t && i < 6; i++) {
		buf_reset(&out);
		ok(mu_render(t, ctx[i % 3], NULL, &out, NULL), "render %d", i);
		is_str(out.data, want[i % 3], "  output");
	}
	buf_reset(&out);
	buf_adds(&out, "kept|");
	mu_render(t, ctx[2], NULL, &out, NULL);
	is_str(out.data, "kept|nobody", "render appends to out");
	buf_release(&out);
	mu_template_free(t);
}

static void test_numbers(struct arena *a)
{
	static const struct {
		double n;
		const char *want;
	} cases[] = {
		{42, "42"}, {1.5, "1.5"}, {1.210, "1.21"}, {-3, "-3"},
		{0, "0"}, {0.1 + 0.2, "0.3"}, {1e6, "1000000"},
		{123456789012, "123456789012"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(render("{{.}}", mu_num(a, cases[i].n), NULL),
		    cases[i].want, cases[i].want);
	is_str(render("{{.}}|{{{.}}}", mu_bool(true), NULL), "true|true",
	    "true renders as true");
	is_str(render("[{{.}}]", mu_null(), NULL), "[]", "null renders empty");
	is_str(render("[{{.}}]", mu_list_new(a), NULL), "[]",
	    "a list renders empty");
}

static void test_truthiness(struct arena *a)
{
	static const char src[] = "{{#x}}T{{/x}}{{^x}}F{{/x}}";
	struct mu_value *m = mu_map_new(a), *outer = mu_map_new(a),
	    *inner = mu_map_new(a), *list = mu_list_new(a);

	mu_map_set_str(a, m, "x", "");
	is_str(render(src, m, NULL), "T", "empty string is truthy (spec)");
	mu_map_set_num(a, m, "x", 0);
	is_str(render(src, m, NULL), "T", "0 is truthy (spec)");
	mu_map_set(a, m, "x", mu_map_new(a));
	is_str(render(src, m, NULL), "T", "empty map is truthy");
	mu_map_set(a, m, "x", list);
	is_str(render(src, m, NULL), "F", "empty list is falsey");
	mu_list_push(a, list, NULL);
	is_str(render(src, m, NULL), "T", "list of one null is truthy");
	mu_map_set_bool(a, m, "x", false);
	is_str(render(src, m, NULL), "F", "false is falsey");
	mu_map_set_str(a, m, "x", NULL);
	is_str(render(src, m, NULL), "F", "NULL string sets null");
	is_int((long long)m->u.map.len, 1, "setting a key again replaces it");

	mu_map_set_str(a, outer, "note", "outer");
	mu_map_set(a, outer, "in", inner);
	mu_map_set_str(a, inner, "note", NULL);
	is_str(render("{{#in}}[{{note}}]{{/in}}", outer, NULL), "[]",
	    "a null key hides the same name further out");
}

static void test_values(struct arena *a)
{
	struct mu_value *list = mu_list_new(a), *m = mu_map_new(a);
	char key[8], *keys[40];
	const struct mu_value *v;
	size_t i, good = 0;

	for (i = 0; i < 1000; i++)
		mu_list_push(a, list, mu_num(a, (double)i));
	for (i = 0; i < list->u.list.len; i++)
		good += list->u.list.items[i]->u.number == (double)i;
	is_int((long long)good, 1000, "a list of 1000 grows and keeps order");
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		keys[i] = arena_strdup(a, key);
		mu_map_set_num(a, m, keys[i], (double)i);
	}
	for (good = 0, i = 0; i < 40; i++) {
		v = mu_map_get(m, keys[i], strlen(keys[i]));
		good += v && v->u.number == (double)i &&
		    m->u.map.pairs[i].key == keys[i];
	}
	is_int((long long)good, 40, "a map of 40 keys keeps order and finds");
	ok(mu_map_get(m, "k", 1) == NULL, "a missing key is NULL");
	mu_map_set_str_ref(a, m, "ref", keys[3]);
	v = mu_map_get(m, "ref", 3);
	ok(v && v->u.string.s == keys[3], "mu_map_set_str_ref does not copy");
	v = mu_str(a, keys[3]);
	ok(v->u.string.s != keys[3] && v->u.string.len == 2,
	    "mu_str copies");
	ok(mu_str(a, NULL) == mu_null(), "mu_str(NULL) is null");
}

static void test_partials(void)
{
	struct mu_partials p = MU_PARTIALS_INIT;
	struct mu_template *t = mu_compile("x", "x", 1, NULL);
	int i;
	char name[16];

	add(&p, "item", "<li>{{.}}</li>\n");
	is_str(render("a{{>nope}}b", NULL, &p), "ab",
	    "a missing partial renders empty");
	is_str(render("a{{<nope}}{{$x}}y{{/x}}{{/nope}}b", NULL, &p), "ab",
	    "a missing parent renders empty");
	is_str(render("a{{>item}}b", NULL, NULL), "ab",
	    "no registry: partials render empty");
	ok(!mu_partials_add(&p, "item", t), "a second 'item' is refused");
	mu_template_free(t);
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		add(&p, name, name);
	}
	is_str(render("{{>p0}}{{>p57}}{{>p99}}", NULL, &p), "p0p57p99",
	    "a registry of 101 finds them all");
	is_str(render("<ul>\n  {{#.}}\n  {{>item}}\n  {{/.}}\n</ul>\n",
	    NULL, &p), "<ul>\n</ul>\n", "standalone partial lines vanish");
	mu_partials_release(&p);
}

static void count_missing(const struct mu_error *err, void *arg)
{
	(*(int *)arg)++;
	printf("#   %s:%d:%d: %s\n", err->name, err->line, err->column,
	    err->message);
}

static void test_check(void)
{
	struct mu_partials p = MU_PARTIALS_INIT;
	int reported = 0;

	add(&p, "base", "<title>{{$title}}{{/title}}</title>{{>footer}}");
	add(&p, "page", "{{<base}}{{$title}}{{>nav}}{{/title}}{{/base}}");
	add(&p, "footer", "(c)");
	is_int((long long)mu_partials_check(&p, count_missing, &reported), 1,
	    "mu_partials_check finds the one missing template");
	is_int(reported, 1, "  and reports it");
	mu_partials_release(&p);
}

static void test_recursion(void)
{
	struct mu_partials p = MU_PARTIALS_INIT;
	const struct mu_template *self;
	struct buf out = BUF_INIT;
	struct mu_error err;

	add(&p, "self", "x{{>self}}");
	add(&p, "loop", "{{<loop}}{{/loop}}");
	add(&p, "p", "{{$a}}{{/a}}");
	add(&p, "arg", "{{<p}}{{$a}}{{$a}}{{/a}}{{/a}}{{/p}}");
	self = mu_partials_get(&p, "self", 4);
	buf_adds(&out, "before|");
	memset(&err, 0, sizeof(err));
	ok(self && !mu_render(self, NULL, &p, &out, &err),
	    "a partial including itself forever fails");
	is_str(out.data, "before|", "  out is restored");
	is_str(err.name, "self", "  error names the template");
	is_int(err.line, 1, "  line");
	is_int(err.column, 2, "  column");
	ok(strstr(err.message, "nested more than 100 deep") != NULL,
	    "  message '%s'", err.message);
	is_str(render("{{>loop}}", NULL, &p), "<render error>",
	    "a parent that is its own parent fails");
	is_str(render("{{>arg}}", NULL, &p), "<render error>",
	    "a block filled with itself fails");
	buf_release(&out);
	mu_partials_release(&p);
}

static void test_inheritance(struct arena *a)
{
	struct mu_partials p = MU_PARTIALS_INIT;

	add(&p, "item", "<li>{{.}}</li>\n");
	add(&p, "base", "<html>\n<head>\n  <title>{{$title}}linli{{/title}}"
	    "</title>\n</head>\n<body>\n  {{$content}}\n  <p>empty</p>\n"
	    "  {{/content}}\n</body>\n</html>\n");
	is_str(render("{{<base}}\n{{$title}}News{{/title}}\n{{$content}}\n"
	    "<h1>News</h1>\n<ul>\n  <li>x</li>\n</ul>\n{{/content}}\n"
	    "{{/base}}\n", NULL, &p),
	    "<html>\n<head>\n  <title>News</title>\n</head>\n<body>\n"
	    "  <h1>News</h1>\n  <ul>\n    <li>x</li>\n  </ul>\n</body>\n"
	    "</html>\n", "a page fills the blocks of a base layout");
	is_str(render("{{>base}}", NULL, &p), "<html>\n<head>\n  <title>linli"
	    "</title>\n</head>\n<body>\n  <p>empty</p>\n</body>\n</html>\n",
	    "the base alone renders its defaults");
	add(&p, "layout", "<body>\n  {{>nav}}\n  <main>\n    {{$content}}\n"
	    "    <p>Nothing here yet.</p>\n    {{/content}}\n  </main>\n"
	    "</body>\n");
	add(&p, "nav", "<nav>{{$crumb}}home{{/crumb}}</nav>\n");
	is_str(render("{{<layout}}\n{{$crumb}}events{{/crumb}}\n"
	    "{{$content}}\n<h1>Events</h1>\n{{#.}}\n{{>item}}\n{{/.}}\n"
	    "{{/content}}\n{{/layout}}\n", mu_str(a, "x"), &p),
	    "<body>\n  <nav>events</nav>\n  <main>\n    <h1>Events</h1>\n"
	    "    <li>x</li>\n  </main>\n</body>\n",
	    "a page fills blocks of its parent and of the parent's partials");
	is_str(render("{{>layout}}", NULL, &p), "<body>\n  <nav>home</nav>\n"
	    "  <main>\n    <p>Nothing here yet.</p>\n  </main>\n</body>\n",
	    "  defaults, indented as in the layout");
	add(&p, "parent", "{{$block}}x{{/block}}");
	is_str(render("* a\n* {{<parent}}{{$block}}\n        {{! big }}\n"
	    "        c{{/block}}{{/parent}}\n* d\n", NULL, &p),
	    "* a\n* c\n* d\n", "an argument's intrinsic indentation goes");
	mu_partials_release(&p);
}

/* Templates with no nodes at all (a fuzzer's finding: rendering them
 * applied an offset to a NULL node array). */
static void test_empty(struct arena *a)
{
	struct mu_value *m = mu_map_new(a);

	mu_map_set_bool(a, m, "t", true);
	is_str(render("", m, NULL), "", "an empty template renders nothing");
	is_str(render("{{#t}}{{/t}}|{{^t}}{{/t}}", m, NULL), "|",
	    "empty sections render nothing");
}

int main(void)
{
	struct arena a;

	arena_init(&a);
	test_escaping(&a);
	test_compile_errors();
	test_render_many(&a);
	test_numbers(&a);
	test_truthiness(&a);
	test_values(&a);
	test_partials();
	test_check();
	test_recursion();
	test_inheritance(&a);
	test_empty(&a);
	arena_release(&a);
	return tap_done();
}
