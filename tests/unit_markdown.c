/*
 * unit_markdown: the Markdown renderer (safe mode, CJK-friendly emphasis)
 * and story files with front matter (gen/load_story.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "tap.h"

static struct arena arena;

static const char *md(const char *s)
{
	return load_markdown_html(&arena, s, strlen(s));
}

static void html_is(const char *src, const char *want, const char *name)
{
	is_str(md(src), want, name);
}

static void html_lacks(const char *src, const char *bad, const char *name)
{
	const char *html = md(src);

	if (!ok(!strstr(html, bad), "%s", name))
		printf("#   html: %s", html);
}

static void test_cjk_emphasis(void)
{
	html_is("社区成立了**“和事佬”**志愿队",
	    "<p>社区成立了<strong>“和事佬”</strong>志愿队</p>\n",
	    "cjk: **“和事佬”** between letters");
	html_is("**“和事佬”**志愿队", "<p><strong>“和事佬”</strong>志愿队</p>\n",
	    "cjk: at the start of a paragraph");
	html_is("这是**《社区公约》**的规定",
	    "<p>这是<strong>《社区公约》</strong>的规定</p>\n",
	    "cjk: 《》 book title marks");
	html_is("*「重要」*通知", "<p><em>「重要」</em>通知</p>\n",
	    "cjk: *「」* emphasis");
	html_is("请看*『说明』*部分", "<p>请看<em>『说明』</em>部分</p>\n",
	    "cjk: 『』");
	html_is("活动**（免费）**报名", "<p>活动<strong>（免费）</strong>报名</p>\n",
	    "cjk: full-width parentheses");
	html_is("大家**加油！**明天见", "<p>大家<strong>加油！</strong>明天见</p>\n",
	    "cjk: ！ before the closer");
	html_is("真的**吗？**是的", "<p>真的<strong>吗？</strong>是的</p>\n",
	    "cjk: ？ before the closer");
	html_is("结束**了。**下一项", "<p>结束<strong>了。</strong>下一项</p>\n",
	    "cjk: 。 before the closer");
	html_is("时间**：周六，**地点", "<p>时间<strong>：周六，</strong>地点</p>\n",
	    "cjk: ： and ， at both ends");
	html_is("顿号**、**等", "<p>顿号<strong>、</strong>等</p>\n",
	    "cjk: 、 alone");
	html_is("分号**；**等", "<p>分号<strong>；</strong>等</p>\n",
	    "cjk: ； alone");
	/* cmark pairs the middle ** ** here itself; that stays. */
	html_is("包括**、**和**；**号", "<p>包括**、<strong>和</strong>；**号"
	    "</p>\n", "cjk: cmark's pairing wins when it found one");
	html_is("未完**待续…**明天", "<p>未完<strong>待续…</strong>明天</p>\n",
	    "cjk: … before the closer");
	html_is("**志愿者**们", "<p><strong>志愿者</strong>们</p>\n",
	    "cjk: plain CommonMark case unchanged");
	html_is("这是***“重要”***的", "<p>这是<em><strong>“重要”</strong></em>"
	    "的</p>\n", "cjk: ***x*** is em around strong");
	html_is("他说：**“好！”**然后走了",
	    "<p>他说：<strong>“好！”</strong>然后走了</p>\n",
	    "cjk: after a full-width colon");
	html_is("**喜欢** “看”**书**",
	    "<p><strong>喜欢</strong> “看”<strong>书</strong></p>\n",
	    "cjk: cmark's own emphasis stays as it is");
	html_is("\\*“不是”\\*强调，**“是”**的",
	    "<p>*“不是”*强调，<strong>“是”</strong>的</p>\n",
	    "cjk: escaped stars never pair");
	html_is("`\\*`和**“x”**好", "<p><code>\\*</code>和<strong>“x”</strong>"
	    "好</p>\n", "cjk: \\* in a code span keeps its backslash");
	html_is("a * b “c” * 好", "<p>a * b “c” * 好</p>\n",
	    "cjk: stars with spaces inside do not pair");
	html_is("__“x”__好", "<p>__“x”__好</p>\n", "cjk: underscores keep "
	    "CommonMark's rules");
}

static void test_commonmark_kept(void)
{
	html_is("**Hello**world", "<p><strong>Hello</strong>world</p>\n",
	    "ascii: **Hello**world as CommonMark");
	html_is("a**\"Hello\"**world", "<p>a**&quot;Hello&quot;**world</p>\n",
	    "ascii: no CJK, literal stars stay");
	html_is("he said**“hi”**ok", "<p>he said**“hi”**ok</p>\n",
	    "ascii letters around curly quotes: literal");
	html_is("`**“x”**`", "<p><code>**“x”**</code></p>\n",
	    "code span untouched");
	html_is("```\n**“x”**好\n```\n", "<pre><code>**“x”**好\n</code></pre>\n",
	    "code block untouched");
	html_is("“引号”不变，'单引号' \"straight\"",
	    "<p>“引号”不变，'单引号' &quot;straight&quot;</p>\n",
	    "no smart punctuation");
	html_is("第一行\n第二行\nEnglish\nline",
	    "<p>第一行第二行\nEnglish\nline</p>\n",
	    "soft break between CJK lines dropped, kept elsewhere");
	html_is("这是**粗体**\n接着写", "<p>这是<strong>粗体</strong>接着写</p>\n",
	    "soft break after emphasis between CJK dropped");
	html_is("社区成立了**“和事\n佬”**志愿队",
	    "<p>社区成立了<strong>“和事佬”</strong>志愿队</p>\n",
	    "cjk emphasis over a joined line break");
}

static void test_safety(void)
{
	html_lacks("<script>alert(1)</script>", "<script", "raw HTML block "
	    "dropped");
	html_lacks("x <script>alert(1)</script> y", "<script", "raw inline "
	    "HTML dropped");
	html_is("x <b>bold</b> y", "<p>x bold y</p>\n", "inline tags removed, "
	    "text kept");
	html_lacks("<img src=x onerror=alert(1)>", "onerror", "no HTML "
	    "attributes");
	html_lacks("[x](javascript:alert(1))", "javascript:", "javascript: "
	    "link removed");
	html_is("[x](javascript:alert(1))", "<p>x</p>\n", "... its text kept");
	html_lacks("[x](JaVaScRiPt:alert(1))", "alert", "scheme case ignored");
	html_lacks("<javascript:alert(1)>", "href", "javascript: autolink");
	html_lacks("[x](vbscript:msgbox)", "vbscript", "vbscript: removed");
	html_lacks("[x](file:///etc/passwd)", "file:", "file: removed");
	html_lacks("[x](data:text/html,<b>)", "data:", "data: link removed");
	html_is("![a](data:image/png;base64,AA)", "<p>a</p>\n",
	    "data: image replaced by its alt text");
	html_lacks("![a](mailto:a@b.c)", "<img", "mailto: is no image");
	html_is("[m](mailto:a@b.c) [h](https://x.org/) [r](media/a.pdf) "
	    "[t](#top) [p](tel:02788880000)",
	    "<p><a href=\"mailto:a@b.c\">m</a> <a href=\"https://x.org/\">h</a> "
	    "<a href=\"media/a.pdf\">r</a> <a href=\"#top\">t</a> "
	    "<a href=\"tel:02788880000\">p</a></p>\n", "allowed links kept");
	html_is("![图](media/2024/a.jpg \"标题\")",
	    "<p><img src=\"media/2024/a.jpg\" alt=\"图\" title=\"标题\" /></p>\n",
	    "relative image kept");
}

/* --- stories ----------------------------------------------------------- */

static struct model m;
static struct diag d;
static struct loader L;
static char root[64];

static void setup(void)
{
	struct date today = {2025, 6, 1};

	model_init(&m, root, today);
	diag_init(&d);
	L = (struct loader){.m = &m, .d = &d, .root = root,
	    .root_real = realpath(root, NULL)};
}

static void teardown(void)
{
	free(L.root_real);
	diag_release(&d);
	model_release(&m);
}

static void story(const char *text)
{
	setup();
	load_story_file(&L, "content/stories/s.md", text, strlen(text));
}

static int find_diag(int line, int col, const char *want)
{
	size_t i;

	for (i = 0; i < d.count; i++)
		if (d.entries[i].pos.line == line &&
		    (col < 0 || d.entries[i].pos.column == col) &&
		    strstr(d.entries[i].message, want))
			return (int)i;
	return -1;
}

static void expect_diag(int line, int col, const char *want, const char *name)
{
	size_t i;

	if (!ok(find_diag(line, col, want) >= 0, "%s", name)) {
		printf("#   wanted %d:%d: %s\n", line, col, want);
		for (i = 0; i < d.count; i++)
			printf("#   %d:%d: %s\n", d.entries[i].pos.line,
			    d.entries[i].pos.column, d.entries[i].message);
	}
}

static void test_story_full(void)
{
	const struct story *s;

	story("---\n"
	    "title: 公益市集\n"
	    "date: 2024-09-09\n"
	    "id: 2024-09-market\n"
	    "author: 曾小香\n"
	    "teams: [heshilao, jinhui]\n"
	    "tags: 邻里互助\n"
	    "summary: 居民将闲置物品带到现场。\n"
	    "cover: media/cover.jpg\n"
	    "source: 长江日报\n"
	    "source_url: https://example.org/a\n"
	    "---\n"
	    "第一段**“重点”**文字。\n"
	    "\n"
	    "## 小标题\n"
	    "\n"
	    "- 列表\n");
	is_int((long long)d.count, 0, "story: no messages");
	if (!ok(m.stories.n == 1, "story: loaded"))
		return;
	s = &m.stories.items[0];
	is_str(s->title, "公益市集", "story: title");
	is_int(s->date.year * 10000 + s->date.month * 100 + s->date.day,
	    20240909, "story: date");
	is_str(s->id, "2024-09-market", "story: id");
	ok(!s->id_derived, "story: id given");
	is_str(s->author, "曾小香", "story: author");
	is_int((long long)s->team_refs.n, 2, "story: two teams");
	is_int(s->team_refs.items[1].pos.line, 6, "story: team ref line as in "
	    "the file");
	is_int((long long)s->tags.n, 1, "story: one tag from a string");
	is_str(s->tags.items[0], "邻里互助", "story: tag");
	is_str(s->cover, "media/cover.jpg", "story: cover");
	is_str(s->source_url, "https://example.org/a", "story: source_url");
	is_int(s->body_line, 13, "story: body line");
	is_int(s->pos.line, 2, "story: position is the front matter's");
	is_str(s->html, "<p>第一段<strong>“重点”</strong>文字。</p>\n"
	    "<h2>小标题</h2>\n<ul>\n<li>列表</li>\n</ul>\n", "story: html");
	is_str(s->text, "第一段“重点”文字。\n小标题\n列表", "story: plain text");
	is_int((long long)s->paragraphs_html.n, 3, "story: three top-level "
	    "blocks");
	if (s->paragraphs_html.n == 3) {
		is_str(s->paragraphs_html.items[0], "<p>第一段<strong>“重点”"
		    "</strong>文字。</p>\n", "story: first block");
		is_str(s->paragraphs_html.items[1], "<h2>小标题</h2>\n",
		    "story: second block");
	}
	teardown();
}

static void test_story_forms(void)
{
	story("---\r\ntitle: 标题\r\ndate: 2024年9月9日\r\n---\r\n正文\r\n");
	ok(m.stories.n == 1 && d.count == 0, "story: CRLF front matter");
	if (m.stories.n) {
		ok(m.stories.items[0].id == NULL && !m.stories.items[0].id_derived,
		    "story: no id is left for load_derive_ids");
		is_str(m.stories.items[0].text, "正文", "story: CRLF body");
		is_int(m.stories.items[0].body_line, 5, "story: CRLF body line");
	}
	teardown();

	story("---\ntitle: 只有标题\ndate: 2024-09-09\n---");
	ok(m.stories.n == 1 && d.count == 0, "story: no body at all");
	if (m.stories.n)
		is_str(m.stories.items[0].html, "", "story: empty html");
	teardown();
}

static void test_story_errors(void)
{
	story("# 标题\n\n正文\n");
	expect_diag(1, 1, "stories must start with a --- front matter block "
	    "with title and date", "story: no front matter");
	is_int((long long)m.stories.n, 0, "... not loaded");
	teardown();

	story("---\ntitle: x\ndate: 2024-09-09\n\n正文\n");
	expect_diag(1, 1, "front matter block is not closed", "story: unclosed");
	teardown();

	story("---\n---\nbody\n");
	expect_diag(1, 1, "front matter is empty", "story: empty front matter");
	teardown();

	story("---\ndate: 2024-02-30\ntitel: x\n---\n");
	expect_diag(2, -1, "impossible date '2024-02-30'", "story: bad date at "
	    "its line in the file");
	expect_diag(3, 1, "unknown field 'titel' in story", "story: unknown "
	    "field");
	ok(find_diag(2, -1, "missing required field 'title'") >= 0,
	    "story: missing title");
	/* Kept, marked incomplete, only so that its other problems (teams)
	 * are reported too; the build stops on the errors above. */
	ok(m.stories.n == 1 && m.stories.items[0].incomplete,
	    "story: without them, kept only as incomplete");
	teardown();

	story("---\ntitle: x\ndate: 2024-09-09\nid: 公益\n"
	    "source_url: javascript:alert(1)\ncover: media/missing.jpg\n---\n");
	expect_diag(4, 5, "id '公益' may hold only", "story: bad id");
	expect_diag(5, 13, "'source_url' must be a web address",
	    "story: bad source_url");
	expect_diag(6, 8, "cover photo 'media/missing.jpg' does not exist",
	    "story: missing cover is a warning");
	is_int((long long)d.warnings, 1, "... one warning");
	if (ok(m.stories.n == 1, "story: loaded despite those")) {
		ok(!m.stories.items[0].id && !m.stories.items[0].source_url &&
		    !m.stories.items[0].cover, "story: bad values left out");
	}
	teardown();

	story("---\ntitle: x\ndate: 2024-09-09\ncover: ../secret.jpg\n---\n");
	expect_diag(4, 8, "leaves the content folder", "story: cover outside");
	teardown();
}

static void make_root(void)
{
	char path[128];
	FILE *f;

	snprintf(root, sizeof(root), "/tmp/linli-md-XXXXXX");
	if (!mkdtemp(root))
		exit(1);
	snprintf(path, sizeof(path), "%s/media", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/media/cover.jpg", root);
	/* A tiny JPEG: SOI and a baseline frame header of 32x16. */
	if ((f = fopen(path, "wb"))) {
		static const char jpeg[] = "\xff\xd8\xff\xc0\x00\x11\x08\x00"
		    "\x10\x00\x20\x03\x01\x11\x00\x02\x11\x00\x03\x11\x00"
		    "\xff\xd9";
		fwrite(jpeg, 1, sizeof(jpeg) - 1, f);
		fclose(f);
	}
}

static void remove_root(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/media/cover.jpg", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/media", root);
	rmdir(path);
	rmdir(root);
}

int main(void)
{
	arena_init(&arena);
	test_cjk_emphasis();
	test_commonmark_kept();
	test_safety();
	arena_release(&arena);
	make_root();
	test_story_full();
	test_story_forms();
	test_story_errors();
	remove_root();
	return tap_done();
}
