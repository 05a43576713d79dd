#include "scaffold_text.h"

#include <stddef.h>

static const char site_yaml[] =
"# 社区的基本信息和生成设置。以 # 开头的是说明，linli 不读；\n"
"# 去掉行首的 # 就启用这一项。改好保存，下次生成网站、简报和公告屏时生效。\n"
"\n"
"# 社区名称（必填），显示在每一页的顶上\n"
"name: 我们的社区\n"
"# 一句口号，显示在名称旁边（可删）\n"
"subtitle: 邻里守望 共建共享\n"
"# 网站语言：zh-CN 简体中文，zh-TW 繁体中文，en 英文\n"
"language: zh-CN\n"
"# 网站正式上线后的网址；订阅和网站地图要用\n"
"# base_url: https://example.org/\n"
"# 时区，决定哪天算“今天”\n"
"timezone: Asia/Shanghai\n"
"# 社区地址，显示在页脚\n"
"# address: 某某区某某路 1 号\n"
"# 服务电话（请加引号）\n"
"# hotline: \"027-0000 0000\"\n"
"# 常住人口（首页的数字）\n"
"# population: 10000\n"
"# 户数\n"
"# households: 3000\n"
"\n"
"# 可打印的 A4 社区简报\n"
"bulletin:\n"
"  # 简报的名称\n"
"  title: 社区简报\n"
"  # 多久一期：month 每月，quarter 每季度，week 每周\n"
"  period: month\n"
"  # 第一期的期号，往后自动加一\n"
"  first_issue: 1\n"
"  # 每期最多几页 A4\n"
"  pages: 2\n"
"\n"
"# 大厅电视上的公告屏\n"
"board:\n"
"  # 每一屏停留几秒\n"
"  seconds_per_slide: 12\n"
"  # landscape 横屏，portrait 竖屏\n"
"  orientation: landscape\n"
"  # 屏幕底部滚动的通知，一条一行\n"
"  notices:\n"
"    - 欢迎来到社区党群服务中心\n"
"    # - text: 本周六上午9点 社区广场义诊，请带好医保卡\n"
"    #   from: 2024-09-01        # 从哪天开始显示（可不写）\n"
"    #   until: 2024-09-07       # 显示到哪天（可不写）\n"
"\n"
"# 隐私：网站、简报和公告屏上怎么显示居民的信息\n"
"privacy:\n"
"  # 志愿者姓名怎么显示：masked 曾*香，initials 首字母，full 全名\n"
"  volunteer_names: masked\n";

static const char starter_team[] =
"# 一支队伍一个文件。文件名随意，id 才是队伍的编号。\n"
"# 队伍编号：网址的一部分，建议用拼音；只用小写字母、数字和 -\n"
"id: @TEAM@\n"
"# 队伍名称（必填）\n"
"name: 社区志愿服务队\n"
"# 类别：service 志愿服务，mediation 调解，interest 兴趣，youth 青少年，party 党员，partner 共建单位，other 其他\n"
"kind: service\n"
"# 负责人，网站上显示全名\n"
"leader: 张社工\n"
"# 成立时间：2024、2024-05 或 2024-05-01\n"
"founded: @MONTH@\n"
"# 人数；有 data/roster.csv（队员名册）时自动统计\n"
"# members: 20\n"
"# 队伍的颜色（可不写）\n"
"# color: \"#1a5276\"\n"
"summary: 社区居民自愿组成，为邻里提供力所能及的帮助。\n";

static const char starter_activity[] =
"# 活动记录。一个文件可以写一场活动，也可以每场用 - 开头，一个文件写好几场。\n"
"# 没写 id 的活动，编号按日期自动生成（如 2024-09-09）。\n"
"# 活动名称（必填）\n"
"title: 社区志愿者招募\n"
"# 日期（必填）：2024-09-09，也可以写 2024年9月9日\n"
"date: @DATE@\n"
"# 时间（请加引号）\n"
"time: \"09:00-11:00\"\n"
"# 地点\n"
"location: 社区党群服务中心\n"
"# 参与的队伍，写队伍编号，见 teams/ 文件夹\n"
"teams: [@TEAM@]\n"
"# 分类，自己定，用于分组和图表\n"
"category: 志愿服务\n"
"# done 已完成（过去的日期默认），planned 计划中，cancelled 已取消\n"
"# status: planned\n"
"# 参加或服务的居民人数\n"
"# participants: 30\n"
"# 志愿者人数\n"
"# volunteers: 8\n"
"# 志愿服务总时长（小时）\n"
"# hours: 16\n"
"summary: 欢迎热心居民报名加入社区志愿服务队。\n"
"# 照片：先放进 media/ 文件夹，再写路径\n"
"# photos:\n"
"#   - media/@YEAR@/photo-1.jpg\n"
"#   - {src: media/@YEAR@/photo-2.jpg, caption: 照片说明}\n"
"# 详细报道：stories/ 里一篇故事的编号\n"
"# story: 2024-09-09\n";

static const char starter_story[] =
"---\n"
"# 标题（必填）\n"
"title: 社区网站上线了\n"
"# 日期（必填）\n"
"date: @DATE@\n"
"# 作者（可删）\n"
"author: 社区居委会\n"
"# 相关队伍的编号（可删）\n"
"teams: [@TEAM@]\n"
"summary: 以后社区的活动、荣誉和志愿服务都会在这里发布。\n"
"# 封面照片\n"
"# cover: media/@YEAR@/cover.jpg\n"
"# 转载的文章写明出处\n"
"# source: 某某日报\n"
"# source_url: https://example.org/news/1\n"
"---\n"
"\n"
"这是社区的第一篇故事。正文直接往下写，空一行就是新的一段。\n"
"\n"
"## 可以加小标题\n"
"\n"
"**加粗**、*强调* 和 [链接](https://example.org/) 都用 Markdown 的写法。\n";

static const char starter_service_csv[] = "日期,志愿者,队伍,活动,时长,积分\n";

static const char starter_readme[] =
"# 社区网站的资料夹\n"
"\n"
"这个文件夹里是社区的全部资料。linli 读这些文件，生成社区网站、\n"
"可打印的 A4 简报、大厅电视的公告屏和年度报告。\n"
"\n"
"## 文件放在哪里\n"
"\n"
"- `content/site.yaml`：社区名称、地址、电话等基本信息，每一项都有说明。\n"
"- `content/teams/`：志愿队伍、兴趣小组，一支队伍一个文件。\n"
"- `content/activities/`：活动记录，可以按年份建子文件夹。\n"
"- `content/achievements/`：荣誉、大事记、先进人物。\n"
"- `content/stories/`：活动报道、居民故事（Markdown 文字）。\n"
"- `content/data/service.csv`：志愿服务记录，可以用 Excel 或 WPS 打开编辑，\n"
"  保存时选“CSV UTF-8”。习惯用 Excel 表格的，把 `templates/service.xlsx`\n"
"  填好后存成 `content/data/service.xlsx`，并删掉 `service.csv`。\n"
"- `content/media/`：照片。只有记录里写到的照片才会发布到网站上。\n"
"\n"
"这些文件用记事本、WPS 或任何文本编辑器打开即可。保存时请选 UTF-8 编码。\n"
"\n"
"## 添加一条新记录\n"
"\n"
"    linli new activity 重阳节敬老活动\n"
"    linli new story 志愿者的一天\n"
"    linli new team 和事佬志愿队\n"
"    linli new honour 市级文明社区\n"
"\n"
"每条命令都会新建一个文件，日期是今天，并打印文件的位置。打开它，\n"
"按注释填好即可。linli 从不覆盖已有的文件。\n"
"\n"
"## 边改边看\n"
"\n"
"    linli serve -C content\n"
"\n"
"然后在浏览器里打开它显示的网址（如 http://127.0.0.1:1313/）。每次保存，\n"
"页面会自动更新。写错了的话，页面顶上会出现红框，写明哪个文件、第几行\n"
"出了什么问题；改好保存，红框就消失。\n"
"\n"
"## 生成网站\n"
"\n"
"    linli build -C content -o out\n"
"\n"
"生成的网站在 `out/` 文件夹里，打开 `out/index.html` 就能看。出错时 linli\n"
"会列出所有问题，`out/` 保持上一次的样子不变。\n";

const struct scaffold_file scaffold_starter[] = {
	{"README.md", starter_readme},
	{"content/site.yaml", site_yaml},
	{"content/teams/@TEAM@.yaml", starter_team},
	{"content/activities/@YEAR@/@DATE@.yaml", starter_activity},
	{"content/stories/@YEAR@/welcome.md", starter_story},
	{"content/data/service.csv", starter_service_csv},
	{NULL, NULL},
};

const char *const scaffold_xlsx_help[] = {
	"志愿服务记录：怎么填",
	"第一张表“志愿服务”每一行是一次服务，第一行的列名不要改。",
	"日期：如 2024-09-09。",
	"志愿者：姓名。网站上按 site.yaml 的设置隐去部分姓名。",
	"队伍：队伍的编号（如 zhiyuan）或队伍的全名，见 content/teams/。",
	"活动：活动的编号（如 2024-09-09），可以不填。",
	"时长：小时数，如 2 或 1.5。",
	"积分：这次服务得到的积分，可以不填。",
	"填好后把文件存为 content/data/service.xlsx，并删掉 content/data/service.csv。",
	NULL,
};

static const char new_activity[] =
"# 新活动。按注释填好后保存；去掉行首的 # 就启用这一项，不需要的行可以删掉。\n"
"# 活动编号：网址的一部分，发布后不要再改\n"
"id: @ID@\n"
"# 活动名称（必填）\n"
"title: @TITLE@\n"
"# 日期（必填）：2024-09-09；只知道月份时写 2024-09\n"
"date: @DATE@\n"
"# 时间（请加引号）\n"
"# time: \"10:00-12:00\"\n"
"# 地点\n"
"# location: 社区党群服务中心\n"
"# 参与的队伍，写队伍编号，见 teams/ 文件夹\n"
"# teams: [zhiyuan]\n"
"# 分类，自己定，用于分组和图表\n"
"# category: 邻里互助\n"
"# done 已完成（过去的日期默认），planned 计划中，cancelled 已取消\n"
"# status: planned\n"
"# 参加或服务的居民人数\n"
"# participants: 50\n"
"# 志愿者人数\n"
"# volunteers: 10\n"
"# 志愿服务总时长（小时）\n"
"# hours: 20\n"
"# summary: 一两句话介绍这次活动。\n"
"# 照片：先放进 media/ 文件夹，再写路径\n"
"# photos:\n"
"#   - media/@YEAR@/photo-1.jpg\n"
"#   - {src: media/@YEAR@/photo-2.jpg, caption: 照片说明}\n"
"# 详细报道：stories/ 里一篇故事的编号\n"
"# story: @ID@\n";

static const char new_story[] =
"---\n"
"# 故事编号：网址的一部分，发布后不要再改\n"
"id: @ID@\n"
"# 标题（必填）\n"
"title: @TITLE@\n"
"# 日期（必填）\n"
"date: @DATE@\n"
"# 作者\n"
"# author: 社区工作人员\n"
"# 相关队伍的编号\n"
"# teams: [zhiyuan]\n"
"# 标签\n"
"# tags: [邻里互助]\n"
"# summary: 一句话概括，显示在列表和简报里。\n"
"# 封面照片\n"
"# cover: media/@YEAR@/cover.jpg\n"
"# 转载的文章写明出处\n"
"# source: 某某日报\n"
"# source_url: https://example.org/news/1\n"
"---\n"
"\n"
"在这里写正文。空一行就是新的一段。\n";

static const char new_team[] =
"# 队伍编号：网址的一部分，建议改成拼音（如 heshilao），发布后不要再改\n"
"id: @ID@\n"
"# 队伍名称（必填）\n"
"name: @TITLE@\n"
"# 类别：service 志愿服务，mediation 调解，interest 兴趣，youth 青少年，party 党员，partner 共建单位，other 其他\n"
"kind: service\n"
"# 负责人，网站上显示全名\n"
"# leader: 张三\n"
"# 成立时间：2024、2024-05 或 2024-05-01\n"
"founded: @MONTH@\n"
"# 人数；有 data/roster.csv（队员名册）时自动统计\n"
"# members: 20\n"
"# 队伍的颜色\n"
"# color: \"#1a5276\"\n"
"# summary: 一两句话介绍这支队伍。\n";

static const char new_honour[] =
"# honour 荣誉，milestone 大事记，figure 数字，person 先进人物\n"
"kind: honour\n"
"# 荣誉名称（必填）\n"
"title: @TITLE@\n"
"# 级别：national 国家级，provincial 省级，city 市级，district 区级，street 街道级\n"
"# level: district\n"
"# 授予单位\n"
"# issuer: 某某区委区政府\n"
"# 获得时间：2024、2024-05 或 2024-05-01\n"
"date: @MONTH@\n"
"# summary: 一两句话说明。\n"
"# 奖牌或证书的照片\n"
"# photo: media/@YEAR@/honour.jpg\n";

const struct scaffold_kind scaffold_kinds[] = {
	{"activity", "activities/@YEAR@/@ID@.yaml", new_activity, "新活动", "", true},
	{"story", "stories/@YEAR@/@ID@.md", new_story, "新故事", "", true},
	{"team", "teams/@ID@.yaml", new_team, "新队伍", "team-", true},
	{"honour", "achievements/@ID@.yaml", new_honour, "新荣誉", "honour-", false},
	{NULL, NULL, NULL, NULL, NULL, false},
};
