/*
 * fuzz_yaml: the YAML records. The input is read as site.yaml, then as a
 * file of teams, of activities and of achievements, into one model, which
 * is then checked and linked as in a build.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_load f;

	if (!fuzz_load_begin(&f, data, size))
		return 0;
	load_site(&f.L, fuzz_at(&f, "site.yaml"), f.text, f.len);
	arena_reset(&f.tree);
	load_teams_file(&f.L, fuzz_at(&f, "teams/t.yaml"), f.text, f.len);
	arena_reset(&f.tree);
	load_activities_file(&f.L, fuzz_at(&f, "activities/a.yaml"), f.text, f.len);
	arena_reset(&f.tree);
	load_achievements_file(&f.L, fuzz_at(&f, "achievements/h.yaml"), f.text, f.len);
	fuzz_load_end(&f);
	return 0;
}
