#!/bin/bash
# Tests judge their own programs only (issue 24, item 11).
#
# runtime/lifecycle.sh passes while BPF tools it did not start keep running
# beside it: a count-syscall started before it, and an events started while
# it runs (a user's tools, another ebpfhello).  Neither is blamed as "left
# loaded", neither is stopped.
#
# A process the test started that lacks its environment (a container's) is
# the test's once claimed: its programs, left loaded, fail the test.
#
# A test that reads trace_pipe fails alone, in one line naming the reader,
# when another process holds trace_pipe; a test that does not read it
# passes meanwhile.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

# start_foreign NAME ARGS...: ebpfhello ARGS in the background, attached.
# This script's processes, not those of the test it runs next (each test
# marks its own: lib.sh's EH_TEST_RUN).  Sets FOREIGN_PID.
start_foreign() {
	local name=$1
	shift
	"$EH" "$@" -v > "$TMP/$name.out" 2> "$TMP/$name.err" &
	FOREIGN_PID=$!
	wait_for "$TMP/$name.err" "attached via" 30 ||
		{ fail "$name: did not attach: $(head -c 300 "$TMP/$name.err")"; finish; }
}
# the pids of programs held by PID (/proc/PID/fdinfo)
held_by() { grep -s '^prog_id:' /proc/"$1"/fdinfo/* | awk '{ print $2 }' | sort -u | tr '\n' ' '; }

# --- lifecycle.sh beside two tools that keep running ---------------------------
start_foreign before count-syscall --json --interval 1
before_pid=$FOREIGN_PID
before_progs=$(held_by "$before_pid")
# the second one starts once lifecycle.sh runs, so it is new to it
( sleep 2; exec "$EH" events --json -v > "$TMP/during.out" 2> "$TMP/during.err" ) &
during_pid=$!
bash "$EH_TESTS/runtime/lifecycle.sh" > "$TMP/lifecycle.log" 2>&1
rc=$?
sed 's/^/# lifecycle: /' "$TMP/lifecycle.log" | grep -v '^# lifecycle: ok '
expect "lifecycle.sh beside a count-syscall and an events it did not start: exit 0 ($rc)" \
	'[ "$rc" = 0 ] && tail -1 "$TMP/lifecycle.log" | grep -qx "# all passed"'
expect "the events started during it had attached before it ended" 'grep -q "attached via" "$TMP/during.err"'
for pid in "$before_pid" "$during_pid"; do
	expect "pid $pid ($(cat "/proc/$pid/comm" 2> /dev/null)) still runs, its programs still loaded" \
		'kill -0 "$pid" 2> /dev/null && [ -n "$(held_by "$pid")" ]'
done
check "count-syscall's programs are the ones it had before: $before_progs" \
	[ "$(held_by "$before_pid")" = "$before_progs" ]
for pid in "$before_pid" "$during_pid"; do
	kill -INT "$pid"
	wait "$pid"
	check "pid $pid: exit 0 on SIGINT" [ $? = 0 ]
done
json_output "$TMP/before.out"
json_output "$TMP/during.out"
check "count-syscall counted meanwhile: a summary after interval records" \
	[ "$(jqs "$TMP/before.out" '([.[] | select(.type == "interval")] | length > 2) and .[-1].type == "summary"')" = true ]

# --- a trace_pipe reader: the tests that read it fail alone, in one line -----------
mounted=false
if ! tracefs_mounted; then
	mount -t tracefs nodev /sys/kernel/tracing && mounted=true
fi
cat /sys/kernel/tracing/trace_pipe > /dev/null &
reader=$!
for ((i = 0; i < 100; i++)); do
	[ -n "$(trace_pipe_reader)" ] && break
	sleep 0.02
done
bash "$EH_TESTS/runtime/trace.sh" > "$TMP/trace.log" 2>&1
rc=$?
expect "trace.sh while pid $reader (cat) reads trace_pipe: exit 1, one line naming it: $(head -c 300 "$TMP/trace.log")" \
	'[ "$rc" = 1 ] && [ "$(wc -l < "$TMP/trace.log")" = 1 ] &&
	 grep -q "^FAIL - pid $reader (cat) is reading trace_pipe" "$TMP/trace.log"'
bash "$EH_TESTS/runtime/features.sh" > "$TMP/features.log" 2>&1
rc=$?
expect "features.sh meanwhile (it does not read trace_pipe): exit 0 ($rc)" '[ "$rc" = 0 ]'
[ "$rc" = 0 ] || grep '^FAIL' "$TMP/features.log"
kill "$reader"
wait "$reader" 2> /dev/null
$mounted && umount /sys/kernel/tracing

# --- a process of this test without its environment (a container's) -------------
# Its programs count as this test's once it is claimed (lib.sh's claim_pids),
# so a container left running is blamed, not taken for a user's tool.
env -u EH_TEST_RUN "$EH" count-uid -v > /dev/null 2> "$TMP/pod.err" &
pod=$!
wait_for "$TMP/pod.err" "attached via" 30 || fail "count-uid did not attach: $(head -c 300 "$TMP/pod.err")"
check "unclaimed, count-uid pid $pod (no EH_TEST_RUN) is not this test's" [ -z "$(our_progs)" ]
claim_pids "$pod"
left=$(assert_nothing_attached "claimed" 2>&1)
expect "claimed, its programs are this test's, left loaded: $(head -c 200 <<< "$left")" \
	'[[ $left == "FAIL - claimed: programs of this run left loaded: "*eh_* ]]'
kill -INT "$pod"
wait "$pod"
check "count-uid pid $pod: exit 0 on SIGINT" [ $? = 0 ]

assert_nothing_attached "foreign"
finish
