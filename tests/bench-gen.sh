#!/usr/bin/env bash
# bench-gen.sh DIR N: writes the benchmark community into DIR, with N
# activities. Deterministic (the same bytes for the same N). The shape at
# N = 10,000: 250 teams, 1,000 stories, 50,000 service rows, 2,000
# volunteers on the roster; it scales with N (teams N/40, stories N/10,
# five service rows per activity), over ten years of records, one file a
# month.
set -euo pipefail
dir=$1 n=$2
mkdir -p "$dir/teams" "$dir/activities" "$dir/data" "$dir/stories"
cat >"$dir/site.yaml" <<YAML
name: 基准测试社区
language: zh-CN
base_url: https://bench.example.org/
hotline: "027-0000 0000"
YAML
awk -v dir="$dir" -v n="$n" 'BEGIN {
	nteams = int(n / 40); if (nteams < 10) nteams = 10
	kinds[0] = "service"; kinds[1] = "mediation"; kinds[2] = "youth"; kinds[3] = "interest"
	for (t = 0; t < nteams; t++) {
		f = sprintf("%s/teams/t%04d.yaml", dir, t)
		printf "id: team-%d\nname: 第%d志愿服务队\nkind: %s\nleader: 张%d\nfounded: 2015\nmembers: %d\nsummary: 第%d队常年服务居民，开展走访、维修和文体活动。\n", t, t, kinds[t % 4], t, 10 + t % 30, t > f
		close(f)
	}
	print "姓名,队伍,入队日期,电话" > (dir "/data/roster.csv")
	for (v = 0; v < 2000; v++)
		printf "志愿者%d,team-%d,2016-01-01,1380000%04d\n", v, v % nteams, v > (dir "/data/roster.csv")
	print "日期,志愿者,队伍,活动,时长,积分" > (dir "/data/service.csv")
	for (i = 0; i < n; i++) {
		y = 2016 + int(i * 10 / n); m = 1 + (i % 12); d = 1 + (i % 28)
		f = sprintf("%s/activities/%d-%02d.yaml", dir, y, m)
		date = sprintf("%d-%02d-%02d", y, m, d)
		t1 = i % nteams; t2 = (i * 7 + 3) % nteams
		printf "- id: a%06d\n  title: 第%d次邻里活动\n  date: %s\n  time: \"09:00-11:00\"\n  location: 社区广场%d号\n  teams: [team-%d, team-%d]\n  category: 类别%d\n  participants: %d\n  volunteers: 5\n  hours: 10\n  summary: 居民参与热情高涨，活动圆满完成，共%d人次参加。\n\n", i, i, date, i % 40, t1, t2, i % 8, 20 + i % 50, 20 + i % 50 > f
		for (k = 0; k < 5; k++)
			printf "%s,志愿者%d,team-%d,a%06d,2,20\n", date, (i * 5 + k) % 2000, t1, i > (dir "/data/service.csv")
	}
	nstories = int(n / 10)
	for (s = 0; s < nstories; s++) {
		y = 2016 + int(s * 10 / nstories); m = 1 + (s % 12); d = 1 + (s % 28)
		f = sprintf("%s/stories/s%05d.md", dir, s)
		printf "---\ntitle: 故事%d\ndate: %d-%02d-%02d\nauthor: 通讯员%d\nsummary: 社区里的第%d个故事。\n---\n\n社区**“志愿者”**的第%d个故事：大家一起动手，把楼道打扫得干干净净。\n\n第二段写的是后来的事，邻里之间更熟了。\n", s, y, m, d, s % 50, s, s > f
		close(f)
	}
}'
