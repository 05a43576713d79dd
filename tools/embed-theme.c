/*
 * embed-theme: writes a C file holding every file under a folder, for
 * linli's built-in theme (gen/theme_fs.h reads it).
 *
 *   embed-theme DIR >theme_builtin.c
 *
 * Every regular file under DIR, at any depth, becomes one entry named by
 * its path relative to DIR ("templates/base.mustache"); entries are sorted
 * by name (byte order), which theme_fs relies on. Dot files are left out
 * (editor and VCS leftovers). Run at build time by the Makefile; it uses
 * nothing but the C library.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
	char *name; /* relative to the root */
	char *path; /* as opened */
};

static struct entry *entries;
static size_t nentries, cap;

static void *must(void *p)
{
	if (!p) {
		fputs("embed-theme: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = must(malloc(n));

	snprintf(s, n, "%s%s%s", a, *a ? "/" : "", b);
	return s;
}

/* Adds every file under root/rel. */
static void walk(const char *root, const char *rel)
{
	char *dirpath = *rel ? join(root, rel) : join("", root);
	DIR *dir = opendir(dirpath);
	struct dirent *e;

	if (!dir) {
		perror(dirpath);
		exit(1);
	}
	while ((e = readdir(dir))) {
		struct stat st;
		char *name, *path;

		if (e->d_name[0] == '.')
			continue;
		name = join(rel, e->d_name);
		path = join(root, name);
		if (stat(path, &st) != 0) {
			perror(path);
			exit(1);
		}
		if (S_ISDIR(st.st_mode)) {
			walk(root, name);
			free(name);
			free(path);
		} else if (S_ISREG(st.st_mode)) {
			if (nentries == cap) {
				cap = cap ? cap * 2 : 64;
				entries = must(realloc(entries, cap * sizeof(*entries)));
			}
			entries[nentries].name = name;
			entries[nentries++].path = path;
		} else {
			free(name);
			free(path);
		}
	}
	closedir(dir);
	free(dirpath);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/* A file's bytes as a C array, plus a NUL after them (not counted), so
 * that text files may be read as strings. Returns the length. */
static long emit_data(size_t i)
{
	FILE *f = fopen(entries[i].path, "rb");
	long len = 0;
	int c;

	if (!f) {
		perror(entries[i].path);
		exit(1);
	}
	printf("static const unsigned char file%zu[] = {", i);
	while ((c = getc(f)) != EOF) {
		printf("%s%d,", len % 20 ? "" : "\n", c);
		len++;
	}
	if (ferror(f)) {
		perror(entries[i].path);
		exit(1);
	}
	fclose(f);
	printf("0};\n");
	return len;
}

/* A name as a C string literal (names are paths; escape what C needs). */
static void emit_name(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\%03o", c);
		else
			putchar(c);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	long *lens;
	size_t i;

	if (argc != 2) {
		fputs("usage: embed-theme DIR >file.c\n", stderr);
		return 2;
	}
	walk(argv[1], "");
	qsort(entries, nentries, sizeof(*entries), by_name);
	lens = must(calloc(nentries + 1, sizeof(*lens)));
	printf("/* Made by tools/embed-theme from %s; do not edit. */\n"
	    "#include \"theme_fs.h\"\n\n", argv[1]);
	for (i = 0; i < nentries; i++)
		lens[i] = emit_data(i);
	printf("\nconst struct theme_file theme_builtin_files[] = {\n");
	for (i = 0; i < nentries; i++) {
		printf("\t{");
		emit_name(entries[i].name);
		printf(", (const char *)file%zu, %ld},\n", i, lens[i]);
	}
	printf("\t{0, 0, 0}\n};\nconst size_t theme_builtin_count = %zu;\n",
	    nentries);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("embed-theme: write");
		return 1;
	}
	return 0;
}
