/*
 * fuzz_csv: the CSV data files. The input is read as service.csv, as
 * roster.csv and as redemptions.csv, into one model with one team, which
 * is then checked and linked as in a build.
 */
#include "fuzz.h"

static const char team_yaml[] = "- id: heshilao\n  name: 和事佬志愿队\n"
    "- id: a\n  name: 甲\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_load f;

	if (!fuzz_load_begin(&f, data, size))
		return 0;
	load_teams_file(&f.L, fuzz_at(&f, "teams/t.yaml"), team_yaml,
	    sizeof(team_yaml) - 1);
	arena_reset(&f.tree);
	load_csv_file(&f.L, "service", fuzz_at(&f, "data/service.csv"), f.text, f.len);
	load_csv_file(&f.L, "roster", fuzz_at(&f, "data/roster.csv"), f.text, f.len);
	load_csv_file(&f.L, "redemptions", fuzz_at(&f, "data/redemptions.csv"),
	    f.text, f.len);
	fuzz_load_end(&f);
	return 0;
}
