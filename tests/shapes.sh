# Pathological content shapes, for tests/shapes.t (are the results right?)
# and tests/bench.sh (how long do they take?). Sourced; needs awk.
#
#   shape_sameday DIR N   N activities on one day, none with an id, plus one
#                         with the explicit id DATE-3 that derived ids skip
#   shape_stories DIR N   N stories on one day, none with an id
#   shape_oneteam DIR N   N activities, every one run by the one team
#   shape_notices DIR N   N noticeboard notices
#   shape_roster DIR N    a roster of N rows, every one the same person
#
# Every tree has one team, team-a, and at least one activity.

# shape_base DIR: site.yaml and the team.
shape_base() {
	rm -rf "$1"
	mkdir -p "$1/teams" "$1/activities" "$1/data" "$1/stories"
	printf 'name: 测试社区\nlanguage: zh-CN\n' >"$1/site.yaml"
	printf 'id: team-a\nname: 甲队\nkind: service\n' >"$1/teams/a.yaml"
}

# shape_one_activity DIR: the one activity of the shapes that are not about
# activities.
shape_one_activity() {
	printf -- '- id: x\n  title: 活动\n  date: 2024-09-09\n  teams: [team-a]\n' \
		>"$1/activities/2024.yaml"
}

shape_sameday() {
	shape_base "$1"
	awk -v n="$2" 'BEGIN {
		print "- id: 2024-09-09-3\n  title: 有 id 的活动\n  date: 2024-09-10\n  teams: [team-a]"
		for (i = 0; i < n; i++)
			printf "- title: 活动%d\n  date: 2024-09-09\n  teams: [team-a]\n", i
	}' >"$1/activities/2024.yaml"
}

shape_stories() {
	shape_base "$1"
	shape_one_activity "$1"
	awk -v dir="$1/stories" -v n="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			f = sprintf("%s/s%06d.md", dir, i)
			printf "---\ntitle: 故事%d\ndate: 2024-09-09\nteams: [team-a]\n---\n\n正文%d。\n", i, i > f
			close(f)
		}
	}'
}

shape_oneteam() {
	shape_base "$1"
	awk -v n="$2" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "- id: a%06d\n  title: 活动%d\n  date: %d-%02d-%02d\n  teams: [team-a]\n  category: 类别%d\n", i, i, 2010 + i % 15, 1 + i % 12, 1 + i % 28, i % 8
	}' >"$1/activities/all.yaml"
}

shape_notices() {
	shape_base "$1"
	shape_one_activity "$1"
	awk -v n="$2" 'BEGIN {
		print "name: 测试社区\nboard:\n  notices:"
		for (i = 0; i < n; i++)
			printf "    - text: 通知%d\n      from: 2026-11-01\n      until: 2026-12-31\n", i
	}' >"$1/site.yaml"
}

shape_roster() {
	shape_base "$1"
	shape_one_activity "$1"
	awk -v n="$2" 'BEGIN {
		print "姓名,队伍,入队日期,电话"
		for (i = 0; i < n; i++)
			printf "张三,team-a,2024-%02d-%02d,1380000%04d\n", 1 + i % 12, 1 + i % 28, i % 10000
	}' >"$1/data/roster.csv"
}
