# Helpers for the tests of linli serve (sourced after lib.sh). Servers bind
# 127.0.0.1 only and are always stopped when the test ends.

command -v curl >/dev/null || skip_all "curl not installed (apt-get install curl)"

serve_pids=
stop_servers() {
	local p
	for p in $serve_pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	serve_pids=
}
trap 'stop_servers; rm -rf "$TMP"' EXIT

# start_serve LOG ARGS...: starts linli serve in the background, logging to
# LOG and LOG.err; sets serve_url once it listens (waits up to 60 s: the
# sanitizer build is slow). Returns 1 when it never does.
start_serve() {
	local log=$1 i
	shift
	"$LINLI" serve --today "$TODAY" "$@" >"$log" 2>"$log.err" &
	serve_pids="$serve_pids $!"
	serve_pid=$!
	serve_url=
	for i in $(seq 600); do
		serve_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -1)
		[ -n "$serve_url" ] && return 0
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$log.err" | sed 's/^/#   /'
	return 1
}

# status PATH: the HTTP status of GET PATH (exactly as written).
status() {
	curl -s --path-as-is -o /dev/null -w '%{http_code}' "${serve_url%/}$1"
}

# wait_for PATH TEXT SECONDS: true once GET PATH holds TEXT.
wait_for() {
	local i n=$(($3 * 20))
	for i in $(seq "$n"); do
		curl -s "${serve_url%/}$1" >"$TMP/page" && grep -qF -- "$2" "$TMP/page" && return 0
		sleep 0.05
	done
	return 1
}

# wait_gone PATH TEXT SECONDS: true once GET PATH is served without TEXT.
wait_gone() {
	local i n=$(($3 * 20))
	for i in $(seq "$n"); do
		curl -s "${serve_url%/}$1" >"$TMP/page" && ! grep -qF -- "$2" "$TMP/page" && return 0
		sleep 0.05
	done
	return 1
}
