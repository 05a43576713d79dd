/* Unit tests for ids: ids derived from dates for activities and stories
 * without one (through the real loader, on a content tree made here),
 * load_valid_id and load_reserved_id. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "load.h"
#include "model.h"
#include "tap.h"

static char dir[64];

/* Writes text to dir/rel, making rel's folder. */
static void put(const char *rel, const char *text)
{
	char path[256], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	*slash = '/';
	if (!(f = fopen(path, "w")) || fputs(text, f) == EOF || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* The content tree: activities in two files (read in name order), the
 * derived ids of some already taken by explicit ones, and stories. */
static void make_tree(void)
{
	put("site.yaml", "name: 测试社区\n");
	put("activities/2024.yaml",
	    "- title: 公益市集\n"
	    "  date: 2024-09-09\n"
	    "- title: 义诊\n"
	    "  date: 2024年9月9日\n"
	    "- id: 2024-09-09-2\n"
	    "  title: 有 id 的活动\n"
	    "  date: 2024-09-20\n"
	    "- title: 国庆游园\n"
	    "  date: 2024-10-01\n"
	    "- id: 2024-10-01\n"
	    "  title: 日期一样的 id\n"
	    "  date: 2024-10-05\n"
	    "- title: 只知道月份\n"
	    "  date: 2024-08\n");
	put("activities/2025/more.yaml",
	    "title: 另一个文件里的同一天\n"
	    "date: 2024-09-09\n"
	    "---\n"
	    "title: 第二个文档\n"
	    "date: 2024-08\n");
	put("stories/a.md", "---\ntitle: 故事一\ndate: 2024-09-09\n---\n\n正文。\n");
	put("stories/b.md", "---\ntitle: 故事二\ndate: 2024-09-09\n---\n\n正文。\n");
	put("stories/c.md", "---\nid: 2024-09-10\ntitle: 故事三\n"
	    "date: 2024-09-11\n---\n\n正文。\n");
	put("stories/d.md", "---\ntitle: 故事四\ndate: 2024-09-10\n---\n\n正文。\n");
}

static const struct activity *activity_titled(const struct model *m,
    const char *title)
{
	size_t i;

	for (i = 0; i < m->activities.n; i++)
		if (strcmp(m->activities.items[i].title, title) == 0)
			return &m->activities.items[i];
	return NULL;
}

static const struct story *story_titled(const struct model *m,
    const char *title)
{
	size_t i;

	for (i = 0; i < m->stories.n; i++)
		if (strcmp(m->stories.items[i].title, title) == 0)
			return &m->stories.items[i];
	return NULL;
}

static void activity_id(const struct model *m, const char *title,
    const char *want, bool derived)
{
	const struct activity *a = activity_titled(m, title);
	char name[200];

	snprintf(name, sizeof(name), "activity %s gets id %s", title, want);
	if (!ok(a != NULL, "activity %s is loaded", title))
		return;
	is_str(a->id, want, name);
	ok(a->id_derived == derived, "%s's id is %s", title,
	    derived ? "derived" : "its own");
	ok(strmap_get(&m->activity_by_id, want) == a,
	    "model_index finds %s under %s", title, want);
}

static void story_id(const struct model *m, const char *title,
    const char *want, bool derived)
{
	const struct story *s = story_titled(m, title);
	char name[200];

	snprintf(name, sizeof(name), "story %s gets id %s", title, want);
	if (!ok(s != NULL, "story %s is loaded", title))
		return;
	is_str(s->id, want, name);
	ok(s->id_derived == derived, "%s's id is %s", title,
	    derived ? "derived" : "its own");
	ok(strmap_get(&m->story_by_id, want) == s,
	    "model_index finds %s under %s", title, want);
}

static void test_derived_ids(void)
{
	struct model m;
	struct diag d;
	struct date today = {2026, 11, 25};

	make_tree();
	diag_init(&d);
	model_init(&m, dir, today);
	ok(load_content(&m, &d), "load_content reads the tree");
	model_index(&m, &d);
	is_int((long long)d.errors, 0, "no errors, and no duplicate ids");
	diag_flush(&d, stderr);
	is_int((long long)m.activities.n, 8, "8 activities");
	is_int((long long)m.stories.n, 4, "4 stories");

	activity_id(&m, "公益市集", "2024-09-09", true);
	activity_id(&m, "义诊", "2024-09-09-3", true); /* -2 is taken */
	activity_id(&m, "有 id 的活动", "2024-09-09-2", false);
	activity_id(&m, "国庆游园", "2024-10-01-2", true);
	activity_id(&m, "日期一样的 id", "2024-10-01", false);
	activity_id(&m, "只知道月份", "2024-08", true);
	activity_id(&m, "另一个文件里的同一天", "2024-09-09-4", true);
	activity_id(&m, "第二个文档", "2024-08-2", true);

	/* Stories are counted apart from activities. */
	story_id(&m, "故事一", "2024-09-09", true);
	story_id(&m, "故事二", "2024-09-09-2", true);
	story_id(&m, "故事三", "2024-09-10", false);
	story_id(&m, "故事四", "2024-09-10-2", true);

	model_release(&m);
	diag_release(&d);
}

static void test_valid_id(void)
{
	static const char *const good[] = {"heshilao", "2024-09-market", "a",
	    "0", "-", "2026-11-flu-clinic", NULL};
	static const char *const bad[] = {"", "公益市集", "Heshilao", "a_b",
	    "a b", "a/b", "../x", "a.b", "héshilao", "2024-09-09 ", "ＡＢ",
	    NULL};
	char longest[102];
	size_t i;

	for (i = 0; good[i]; i++)
		ok(load_valid_id(good[i]), "'%s' is a valid id", good[i]);
	for (i = 0; bad[i]; i++)
		ok(!load_valid_id(bad[i]), "'%s' is not a valid id", bad[i]);
	memset(longest, 'a', 100);
	longest[100] = '\0';
	ok(load_valid_id(longest), "an id of 100 characters is valid");
	longest[100] = 'a';
	longest[101] = '\0';
	ok(!load_valid_id(longest), "an id of 101 characters is not");
}

/* Ids the site keeps for its own pages; the characters alone are fine. */
static void test_reserved_id(void)
{
	static const char *const reserved[] = {"2024", "0", "404", "index",
	    "page", "feed", "activities", "stories", "teams", "categories",
	    "archive", "board", "bulletin", "media", "assets", NULL};
	static const char *const free_ids[] = {"2024-market", "index-2024",
	    "feeds", "teams-a", "2024-09", "2024-09-09", "pages-x", "a", NULL};
	size_t i;

	for (i = 0; reserved[i]; i++)
		ok(load_valid_id(reserved[i]) && load_reserved_id(reserved[i]),
		    "'%s' is kept for the site", reserved[i]);
	for (i = 0; free_ids[i]; i++)
		ok(!load_reserved_id(free_ids[i]), "'%s' is free", free_ids[i]);
}

int main(void)
{
	char cmd[100];
	const char *tmp = getenv("TMPDIR");
	int rc;

	snprintf(dir, sizeof(dir), "%s/linli-ids.XXXXXX", tmp && *tmp &&
	    strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	test_derived_ids();
	test_valid_id();
	test_reserved_id();
	rc = tap_done();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return rc;
}
