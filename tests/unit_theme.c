/* Unit tests for gen/theme_fs.c (the theme as a virtual folder: the
 * built-in copy and a folder read the same way, export) and for the
 * summarised warnings of gen/diag.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "tap.h"
#include "theme_fs.h"

static char dir[80];

static void put(const char *rel, const char *text)
{
	char path[200], cmd[300];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s/%s')\"", dir, rel);
	if (system(cmd) != 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((f = fopen(path, "w"))) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_builtin(void)
{
	struct theme_fs fs;
	struct arena a;
	struct diag d;
	const struct theme_file *f, *first;
	size_t n, i;
	bool sorted = true, prefixed = true;

	arena_init(&a);
	diag_init(&d);
	ok(theme_fs_open(&fs, NULL, &a, &d), "the built-in theme opens");
	f = theme_fs_get(&fs, "templates/base.mustache");
	ok(f && f->len > 0 && f->data[f->len] == '\0',
	    "it has templates/base.mustache, NUL-terminated");
	ok(!theme_fs_get(&fs, "templates/base"), "a name is matched whole");
	n = theme_fs_list(&fs, "templates/", &first);
	for (i = 0; i < n; i++) {
		prefixed &= strncmp(first[i].name, "templates/", 10) == 0;
		if (i)
			sorted &= strcmp(first[i - 1].name, first[i].name) < 0;
	}
	ok(n > 10 && prefixed && sorted, "templates/ lists %zu files, sorted", n);
	is_int((long long)theme_fs_list(&fs, "nothing/", &first), 0,
	    "an absent folder lists nothing");
	is_str(theme_fs_display(&fs, "assets/site.css", &a),
	    "(built-in theme)/assets/site.css", "messages name the built-in copy");
	diag_release(&d);
	arena_release(&a);
}

static void test_folder_and_export(void)
{
	struct theme_fs fs, back;
	struct arena a;
	struct diag d;
	const struct theme_file *first;
	char out[120], busy[120];
	size_t i;
	bool same = true;

	arena_init(&a);
	diag_init(&d);
	put("theme/templates/base.mustache", "<p>{{x}}</p>\n");
	put("theme/assets/img/deep/logo.svg", "<svg/>");
	put("theme/assets/site.css", "body{}");
	put("theme/.hidden", "editor leftovers");
	snprintf(out, sizeof(out), "%s/theme", dir);
	ok(theme_fs_open(&fs, out, &a, &d), "a theme folder opens");
	is_int((long long)fs.n, 3, "every file at any depth, no dot files");
	is_int((long long)theme_fs_list(&fs, "assets/", &first), 2,
	    "assets/ holds the nested file too");
	is_str(first[0].name, "assets/img/deep/logo.svg", "named by its path");

	snprintf(out, sizeof(out), "%s/exported", dir);
	ok(theme_fs_export(&fs, out, &d), "export into a new folder");
	ok(theme_fs_open(&back, out, &a, &d) && back.n == fs.n,
	    "the export reads back");
	for (i = 0; i < fs.n && back.n == fs.n; i++)
		same &= !strcmp(fs.files[i].name, back.files[i].name) &&
		    fs.files[i].len == back.files[i].len &&
		    !memcmp(fs.files[i].data, back.files[i].data, fs.files[i].len);
	ok(same, "file for file, byte for byte");
	is_int((long long)d.errors, 0, "with no error");
	ok(!theme_fs_export(&fs, out, &d) && d.errors == 1,
	    "export into a non-empty folder is refused");
	put("busy/notes.txt", "mine");
	snprintf(busy, sizeof(busy), "%s/busy", dir);
	ok(!theme_fs_export(&fs, busy, &d), "so is any folder holding a file");
	ok(!theme_fs_open(&back, "/nonexistent/theme", &a, &d),
	    "a missing theme folder is an error");
	diag_release(&d);
	arena_release(&a);
}

/* Grouped warnings: the first DIAG_GROUP_SHOWN per file and group, then
 * one line for the rest; the count counts the lines printed. */
static void test_grouped_warnings(void)
{
	struct diag d;
	char *text = NULL;
	size_t size = 0, i;
	FILE *f = open_memstream(&text, &size);

	diag_init(&d);
	for (i = 1; i <= 8; i++)
		diag_warning_group(&d, pos_make("a.csv", (int)i + 1, 1),
		    "rows dated after today", "row %zu", i);
	for (i = 1; i <= 4; i++)
		diag_warning_group(&d, pos_make("b.csv", (int)i + 1, 1),
		    "rows dated after today", "row %zu", i);
	diag_warning_group(&d, pos_make("a.csv", 20, 1), "other things", "other");
	diag_error(&d, pos_make("a.csv", 3, 2), "an error between");
	diag_flush(&d, f);
	fclose(f);
	is_str(text,
	    "a.csv:2:1: warning: row 1\n"
	    "a.csv:3:1: warning: row 2\n"
	    "a.csv:3:2: error: an error between\n"
	    "a.csv:4:1: warning: row 3\n"
	    "a.csv:5:1: warning: ... and 5 more rows dated after today\n"
	    "a.csv:20:1: warning: other\n"
	    "b.csv:2:1: warning: row 1\n"
	    "b.csv:3:1: warning: row 2\n"
	    "b.csv:4:1: warning: row 3\n"
	    "b.csv:5:1: warning: row 4\n",
	    "five more rows are one line; four rows are shown whole");
	is_int((long long)d.warnings, 9, "the count counts the lines printed");
	is_int((long long)d.errors, 1, "errors are never summarised");
	free(text);
	diag_release(&d);
}

int main(void)
{
	char cmd[120];
	const char *tmp = getenv("TMPDIR");
	int rc;

	snprintf(dir, sizeof(dir), "%s/linli-theme.XXXXXX", tmp && *tmp &&
	    strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	test_builtin();
	test_folder_and_export();
	test_grouped_warnings();
	rc = tap_done();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return rc;
}
