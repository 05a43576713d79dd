#!/usr/bin/env bash
# Faults: a build killed at every stage with every signal, a full disk, a
# read-only out/, two builds at once, an output folder inside the content.
# After each, the previous out/ is as it was byte for byte (or, killed
# while it was being put in place, the next build finishes the update),
# and no temporary folder is left once the next build has run.
. "$(dirname "$0")/lib.sh"

N=${FAULT_ACTIVITIES:-800}
"$TOP/tests/bench-gen.sh" "$TMP/a" "$N"
ok $? "a community of $N activities is generated"
cp -R "$TMP/a" "$TMP/b"
# B changes every page: the community's name is on each of them.
sed -i 's/^name: .*/name: 故障测试社区/' "$TMP/b/site.yaml"

build() { # build CONTENT OUT [ARGS...]
	local c=$1 o=$2
	shift 2
	"$LINLI" build -q -C "$c" -o "$o" --today "$TODAY" --no-fsync -j 2 "$@"
}

# start_build POINT CONTENT OUT: a build in the background, stopping
# itself at POINT; $! is the linli process itself. Its signals start at
# their defaults: a background job, or a run under nohup, would ignore
# INT or HUP (and linli keeps what its caller ignores).
start_build() {
	(export LINLI_TEST_STOP_AT=$1
	exec env --default-signal=INT,TERM,HUP "$LINLI" build -q -C "$2" -o "$3" --today "$TODAY" --no-fsync -j 2) &
}

build "$TMP/b" "$TMP/ref-b" 2>"$TMP/stderr"
ok $? "the changed community builds (the reference)"
digest_b=$(tree_digest "$TMP/ref-b")
build "$TMP/a" "$TMP/out" 2>"$TMP/stderr"
ok $? "the first build of the community"
digest_a=$(tree_digest "$TMP/out")

no_stage() { # no_stage OUT: no temporary folder beside it
	! ls -d "$1".linli-tmp-* >/dev/null 2>&1
}

# wait_stopped PID: until the process has stopped itself (state T).
wait_stopped() {
	local i
	for i in $(seq 600); do
		[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# kill_at POINT SIGNAL: a build of B into out, stopped at POINT, sent
# SIGNAL, then let go. Prints nothing; sets $killed to 1 when it died.
kill_at() {
	local pid
	start_build "$1" "$TMP/b" "$TMP/out" 2>"$TMP/killed-stderr"
	pid=$!
	if ! wait_stopped "$pid"; then
		killed=0
		wait "$pid"
		return
	fi
	kill -s "$2" "$pid"
	kill -s CONT "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null # no "Killed" from the shell
	[ $? -gt 128 ] && killed=1 || killed=0
}

for point in load render:40 write:60; do
	for sig in INT TERM HUP KILL; do
		kill_at "$point" "$sig"
		is "$killed" 1 "$sig at $point: the build dies"
		is "$(tree_digest "$TMP/out")" "$digest_a" \
			"$sig at $point: out/ is as it was, byte for byte"
		if [ "$sig" != KILL ]; then
			no_stage "$TMP/out"
			ok $? "$sig at $point: the build removed its temporary folder"
		fi
		build "$TMP/a" "$TMP/out" 2>"$TMP/stderr"
		ok $? "$sig at $point: the next build succeeds"
		no_stage "$TMP/out"
		ok $? "$sig at $point: and no temporary folder is left"
	done
done

# Killed while the changed files are renamed into out/: INT, TERM and HUP
# wait for the renames to finish; after SIGKILL the next build finishes
# them. Either way out/ ends up as the new build, whole.
for sig in INT TERM HUP KILL; do
	kill_at swap:20 "$sig"
	is "$killed" 1 "$sig while putting the build in place: the build dies"
	if [ "$sig" != KILL ]; then
		is "$(tree_digest "$TMP/out")" "$digest_b" \
			"$sig while putting the build in place: out/ is the new build"
	fi
	build "$TMP/b" "$TMP/out" 2>"$TMP/stderr"
	ok $? "$sig while putting the build in place: the next build succeeds"
	is "$(tree_digest "$TMP/out")" "$digest_b" \
		"$sig while putting the build in place: then out/ is the new build, whole"
	no_stage "$TMP/out"
	ok $? "$sig while putting the build in place: no temporary folder is left"
	build "$TMP/a" "$TMP/out" 2>"$TMP/stderr" # back to A
done
is "$(tree_digest "$TMP/out")" "$digest_a" "a rebuild of the first community restores it exactly"

# A full disk: a small tmpfs when we may mount one, else a file size limit.
fill_disk() {
	local d=$TMP/full
	mkdir -p "$d"
	if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64m linli-test "$d" 2>/dev/null; then
		echo tmpfs
	else
		echo ulimit
	fi
}
how=$(fill_disk)
if [ "$how" = tmpfs ]; then
	build "$TMP/a" "$TMP/full/out" 2>"$TMP/stderr"
	ok $? "full disk: the first build fits"
	before=$(tree_digest "$TMP/full/out")
	avail=$(df -k --output=avail "$TMP/full" | tail -1)
	dd if=/dev/zero of="$TMP/full/filler" bs=1k count=$((avail - 200)) 2>/dev/null
	build "$TMP/b" "$TMP/full/out" 2>"$TMP/stderr"
	is "$?" 1 "full disk: the build fails with status 1"
	has "$TMP/stderr" "No space left on device" "full disk: and says why"
	is "$(tree_digest "$TMP/full/out")" "$before" "full disk: out/ is as it was, byte for byte"
	no_stage "$TMP/full/out"
	ok $? "full disk: no temporary folder is left"
	rm -f "$TMP/full/filler"
	build "$TMP/b" "$TMP/full/out" 2>"$TMP/stderr"
	ok $? "full disk: with room again, the build succeeds"
	is "$(tree_digest "$TMP/full/out")" "$digest_b" "full disk: and out/ is the new build"
	umount "$TMP/full"
else
	[ -n "${CI:-}" ] && ok 1 "full disk: CI runs as root and must mount a tmpfs"
	echo "# cannot mount a tmpfs (not root): a file size limit instead"
	cp -R "$TMP/out" "$TMP/full/out"
	cp "$TMP/out.linli-state" "$TMP/full/out.linli-state" 2>/dev/null
	before=$(tree_digest "$TMP/full/out")
	(trap '' XFSZ; ulimit -f 4; build "$TMP/b" "$TMP/full/out" 2>"$TMP/stderr")
	is "$?" 1 "file size limit: the build fails with status 1"
	is "$(tree_digest "$TMP/full/out")" "$before" "file size limit: out/ is as it was"
	no_stage "$TMP/full/out"
	ok $? "file size limit: no temporary folder is left"
fi

# A read-only out/ (and its folder): the build fails and says so.
mkdir -p "$TMP/ro"
build "$TMP/a" "$TMP/ro/out" 2>"$TMP/stderr"
before=$(tree_digest "$TMP/ro/out")
if [ "$(id -u)" = 0 ]; then
	if mount --bind "$TMP/ro" "$TMP/ro" 2>/dev/null &&
		mount -o remount,bind,ro "$TMP/ro" 2>/dev/null; then
		build "$TMP/b" "$TMP/ro/out" 2>"$TMP/stderr"
		is "$?" 1 "read-only out/: the build fails with status 1"
		has "$TMP/stderr" "Read-only file system" "read-only out/: and says why"
		umount "$TMP/ro"
	else
		[ -n "${CI:-}" ] && ok 1 "read-only out/: CI runs as root and must bind-mount"
		echo "# cannot bind-mount read-only: skipped"
	fi
else
	chmod -R a-w "$TMP/ro"
	build "$TMP/b" "$TMP/ro/out" 2>"$TMP/stderr"
	is "$?" 1 "read-only out/: the build fails with status 1"
	chmod -R u+w "$TMP/ro"
fi
is "$(tree_digest "$TMP/ro/out")" "$before" "read-only out/: out/ is as it was"
no_stage "$TMP/ro/out"
ok $? "read-only out/: no temporary folder is left"

# Two builds into one out/ at once: the second waits for the first.
build "$TMP/a" "$TMP/out" 2>"$TMP/stderr"
start_build render:10 "$TMP/b" "$TMP/out" 2>"$TMP/first"
first=$!
wait_stopped "$first"
start_build none "$TMP/b" "$TMP/out" 2>"$TMP/second"
second=$!
for i in $(seq 100); do grep -q waiting "$TMP/second" && break; sleep 0.1; done
has "$TMP/second" "another build (process $first) is writing to $TMP/out; waiting for it to finish" \
	"two builds: the second says it waits for the first"
kill -s CONT "$first"
wait "$first"
ok $? "two builds: the first succeeds"
wait "$second"
ok $? "two builds: the second succeeds after it"
is "$(tree_digest "$TMP/out")" "$digest_b" "two builds: out/ is the build, whole"
no_stage "$TMP/out"
ok $? "two builds: no temporary folder is left"

# An output folder inside, or around, what linli reads is refused.
mkdir -p "$TMP/a/media"
build "$TMP/a" "$TMP/a/media/pub" 2>"$TMP/stderr"
is "$?" 1 "-o inside the content folder is refused"
has "$TMP/stderr" "it lies inside '$TMP/a', which linli reads" "and says why"
[ ! -e "$TMP/a/media/pub" ]
ok $? "and nothing is made there"
build "$TMP/a" "$TMP/themes-out" --theme "$TOP/themes/default"
ok $? "(a build with the theme named)"
build "$TMP/a" "$TOP/themes/default/out" --theme "$TOP/themes/default" 2>"$TMP/stderr"
is "$?" 1 "-o inside the theme folder is refused"
build "$TMP/a" "$TMP" 2>"$TMP/stderr"
is "$?" 1 "-o around the content folder is refused"
has "$TMP/stderr" "it holds '$TMP/a', which linli reads" "and says why"

# A stage left by a build that is gone, from before a reboot or by a
# reused pid, is removed; one owned by a live process is left alone.
mkdir -p "$TMP/out.linli-tmp-999999-dead1"
echo "999999 1 not-this-boot" >"$TMP/out.linli-tmp-999999-dead1/.linli-owner"
mkdir -p "$TMP/out.linli-tmp-$$-live"
echo "$$ $(awk '{ print $22 }' /proc/$$/stat) $(cat /proc/sys/kernel/random/boot_id)" \
	>"$TMP/out.linli-tmp-$$-live/.linli-owner"
build "$TMP/a" "$TMP/out" 2>"$TMP/stderr"
ok $? "a build beside stale temporary folders"
[ ! -e "$TMP/out.linli-tmp-999999-dead1" ]
ok $? "removes the one of a build that is gone"
[ -e "$TMP/out.linli-tmp-$$-live" ]
ok $? "keeps the one a live process owns"
rm -rf "$TMP/out.linli-tmp-$$-live"

done_testing
