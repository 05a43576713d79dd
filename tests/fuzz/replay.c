/*
 * replay: runs a fuzz target once on each file named on the command line,
 * without libFuzzer (see fuzz.h). Prints one TAP line per file, so that
 * make check can replay the seed corpora and every past finding
 * (tests/fuzz/regress/TARGET/) with the sanitizers of the gcc build. A
 * sanitizer report aborts the program, and prove sees it fail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t size = 0, cap = 0, n;

		if (!f) {
			printf("not ok %d - %s: %s\n", i, argv[i], strerror(errno));
			failed++;
			continue;
		}
		do {
			if (size == cap) {
				cap = cap ? cap * 2 : 4096;
				data = xrealloc(data, cap);
			}
			n = fread(data + size, 1, cap - size, f);
			size += n;
		} while (n > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("ok %d - %s\n", i, argv[i]);
		fflush(stdout);
	}
	printf("1..%d\n", argc - 1);
	return failed ? 1 : 0;
}
