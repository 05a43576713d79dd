/*
 * fuzz_story: a story file, front matter and Markdown (cmark, with our
 * CJK emphasis and link rules), read twice (so that derived ids and
 * duplicates are exercised), then checked and linked as in a build.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_load f;

	if (!fuzz_load_begin(&f, data, size))
		return 0;
	load_story_file(&f.L, fuzz_at(&f, "stories/a.md"), f.text, f.len);
	arena_reset(&f.tree);
	load_story_file(&f.L, fuzz_at(&f, "stories/b.md"), f.text, f.len);
	fuzz_load_end(&f);
	return 0;
}
