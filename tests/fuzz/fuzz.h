/*
 * fuzz.h: what the fuzz targets (tests/fuzz/fuzz_*.c) share.
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with clang's
 * -fsanitize=fuzzer,address,undefined it is a libFuzzer binary (make fuzz,
 * and make check under CI); linked with replay.c instead it is a plain
 * program that runs the target once on each file named on its command line
 * (make check replays the seed corpora and tests/fuzz/regress/ with it).
 *
 * The loader targets feed the input to a loader as load_read_file() would
 * hand it over: NUL-terminated, a UTF-8 BOM stripped, valid UTF-8 and lines
 * under LOAD_MAX_LINE (an input that is not is skipped: the real loader
 * reports it before any parser sees it).
 */
#ifndef LINLI_FUZZ_H
#define LINLI_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "utf8.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One loader over an empty content folder made once per process (photos
 * named in the input then simply do not exist). */
struct fuzz_load {
	struct model m;
	struct diag d;
	struct arena tree;
	struct loader L;
	char *text; /* the input, NUL-terminated, heap */
	size_t len;
};

static char fuzz_root_[64];

/* The folder is empty: nothing the targets do writes into it but the
 * image target's fallback file. */
static void fuzz_remove_root(void)
{
	char photo[96];

	snprintf(photo, sizeof(photo), "%s/photo", fuzz_root_);
	unlink(photo);
	rmdir(fuzz_root_);
}

static const char *fuzz_root(void)
{
	char *root = fuzz_root_;

	if (!root[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(root, sizeof(fuzz_root_), "%s/linli-fuzz.XXXXXX",
		    tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
		if (!mkdtemp(root)) {
			perror(root);
			abort();
		}
		atexit(fuzz_remove_root);
	}
	return root;
}

static size_t fuzz_longest_line(const char *s, size_t len)
{
	size_t longest = 0, run = 0, i;

	for (i = 0; i < len; i++) {
		run = s[i] == '\n' ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* A display path as the loader makes it (ROOT/rel), which loaders may
 * take apart. */
__attribute__((unused))
static const char *fuzz_at(struct fuzz_load *f, const char *rel)
{
	return load_display_path(&f->L, rel);
}

/* Sets f up for data; false when the input would not reach a parser. */
__attribute__((unused))
static bool fuzz_load_begin(struct fuzz_load *f, const uint8_t *data,
    size_t size)
{
	struct date today = {2026, 11, 25};
	const char *root = fuzz_root();

	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		size -= 3;
	}
	if (utf8_invalid_at((const char *)data, size) != size ||
	    fuzz_longest_line((const char *)data, size) > LOAD_MAX_LINE)
		return false;
	f->text = xmalloc(size + 1);
	if (size)
		memcpy(f->text, data, size);
	f->text[size] = '\0';
	f->len = size;
	model_init(&f->m, root, today);
	diag_init(&f->d);
	arena_init(&f->tree);
	f->L.m = &f->m;
	f->L.d = &f->d;
	f->L.root = root;
	f->L.root_real = xstrdup(root);
	f->L.tree = &f->tree;
	return true;
}

/* What load_content() does after the files, then check and link, as a
 * build would; the messages are formatted and thrown away. */
__attribute__((unused))
static void fuzz_load_end(struct fuzz_load *f)
{
	static FILE *devnull;

	if (!devnull && !(devnull = fopen("/dev/null", "w"))) {
		perror("/dev/null");
		abort();
	}
	load_derive_ids(&f->L);
	model_index(&f->m, &f->d);
	check_model(&f->m, &f->d);
	if (!diag_failed(&f->d))
		model_link(&f->m);
	diag_flush(&f->d, devnull);
	arena_release(&f->tree);
	free(f->L.root_real);
	free(f->text);
	diag_release(&f->d);
	model_release(&f->m);
}

#endif
