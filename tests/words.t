#!/usr/bin/env bash
# A field whose value is a code (a team's kind, an honour's level and
# kind, an activity's status) also takes the Chinese word for it, in
# Simplified or Traditional, as community workers write them; any other
# value is an error that lists the codes.
. "$(dirname "$0")/lib.sh"

T=$TMP/c
mkdir -p "$T/teams" "$T/activities" "$T/achievements"
printf 'name: 测试社区\n' >"$T/site.yaml"
cat >"$T/teams/t.yaml" <<'YAML'
- id: zhiyuan
  name: 志愿队
  kind: 志愿服务
- id: tiaojie
  name: 调解队
  kind: 調解
YAML
cat >"$T/activities/2026.yaml" <<'YAML'
- title: 义诊
  date: 2026-10-12
  status: 已完成
  teams: [zhiyuan]
YAML
cat >"$T/achievements/a.yaml" <<'YAML'
- kind: 荣誉
  title: 全国示范社区
  level: 國家級
  date: 2025
YAML
linli_build "$T" "$TMP/out"
ok $? "the words build" "$(cat "$TMP/stderr")"
hasnt "$TMP/stderr" ": error:" "no error"
has "$TMP/out/teams/index.html" 'id="k-service"' "志愿服务 is the kind service"
has "$TMP/out/teams/index.html" 'id="k-mediation"' "調解 is the kind mediation"
has "$TMP/out/honours/index.html" "全国示范社区" "荣誉 is an honour"
has "$TMP/out/honours/index.html" "国家级" "國家級 is the level national"

printf -- '- id: x\n  name: 某队\n  kind: 志愿者\n' >"$T/teams/t.yaml"
linli_build "$T" "$TMP/out2" --lang en
is $? 1 "another word is an error"
has "$TMP/stderr" "t.yaml:3:9: error: 'kind' must be one of service, mediation, interest, youth, party, partner, other; got '志愿者'" \
	"which lists the codes"

done_testing
