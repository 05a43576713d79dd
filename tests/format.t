#!/usr/bin/env bash
# The examples of the content contract (FORMAT.md, from the make variable
# FORMAT_MD) build: its site.yaml, team, activities and achievements
# (with an undated honour) as written there, plus the team and story they
# name, from a folder that holds nothing but the content.
. "$(dirname "$0")/lib.sh"

FORMAT_MD=${FORMAT_MD:-$TOP/../shared/FORMAT.md}
[ -f "$FORMAT_MD" ] || skip_all "FORMAT.md not found at $FORMAT_MD (set FORMAT_MD)"

C=$TMP/content
mkdir -p "$C/teams" "$C/activities" "$C/achievements" "$C/stories"
/usr/bin/python3 - "$FORMAT_MD" "$C" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
c = sys.argv[2]
blocks = dict(re.findall(r"^## (\S+)\n\n```yaml\n(.*?)```", text, re.S | re.M))
where = {"site.yaml": "site.yaml", "teams": "teams/heshilao.yaml",
         "activities": "activities/2024.yaml",
         "achievements": "achievements/all.yaml"}
for name, path in where.items():
    if name not in blocks:
        sys.exit("FORMAT.md has no yaml example under '## %s'" % name)
    open(os.path.join(c, path), "w", encoding="utf-8").write(blocks[name])
PY
ok $? "the examples are taken from FORMAT.md"
# What the examples refer to but do not show.
printf 'id: jinhui\nname: 金辉志愿队\n' >"$C/teams/jinhui.yaml"
printf -- '---\ntitle: 公益市集\ndate: 2024-09-09\nid: 2024-09-market\n---\n\n市集的故事。\n' \
	>"$C/stories/market.md"

linli_build "$C" "$TMP/out"
ok $? "FORMAT.md's examples build"
sed 's/^/# /' "$TMP/stderr"
hasnt "$TMP/stderr" ": error: " "with no error"
has "$TMP/out/honours/index.html" "广东省文明社区" "the undated honour is on the honours page"
has "$TMP/out/activities/2024-09-09-market/index.html" "公益市集" "the activity has its page"

done_testing
