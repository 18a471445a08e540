#!/bin/bash
# The attach-mode matrix of one kernel: every subcommand with every attach
# mode forced in turn, each checked against a workload of known size, plus
# auto's choice and both event buffers.  Runs on the host and inside each
# test VM; prints one line per cell:
#
#   MATRIX <tab> command <tab> mode <tab> pass|fail|absent <tab> detail
#
# "absent": the kernel lacks the mode (features says so) and forcing it
# failed cleanly, exit 1 with a message: the right outcome there.  Any
# "fail" makes the script fail.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

row() {
	printf 'MATRIX\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"
	if [ "$3" = fail ]; then fail "$1 --attach $2: $4"; else pass "$1 --attach $2: $3 ($4)"; fi
}

# absent CMD MODE ARGS...: the mode is missing here; forcing it must fail cleanly
absent() {
	local cmd=$1 mode=$2 rc
	shift 2
	"$EH" "$cmd" --attach "$mode" "$@" > /dev/null 2> "$TMP/absent.err" &
	local pid=$!
	sleep 3 & local timer=$!
	wait "$pid"
	rc=$?
	kill "$timer" 2>/dev/null
	if [ "$rc" = 1 ] && [ "$(wc -l < "$TMP/absent.err")" = 1 ]; then
		row "$cmd" "$mode" absent "$(cut -c1-100 "$TMP/absent.err")"
	else
		row "$cmd" "$mode" fail "not offered, but forcing it gave exit $rc: $(head -c 200 "$TMP/absent.err")"
	fi
}

# attached_as FILE MODE: the meta record names MODE
attached_as() { [ "$(jqs "$1" '.[0].attach')" = "$2" ]; }

exec_modes="kprobe fentry exec tracepoint raw_tp tp_btf"
all_modes="raw_tp tp_btf tracepoint"

# --- trace: Hello World per exec ------------------------------------------------
for mode in $exec_modes; do
	if ! available "$mode"; then absent trace "$mode"; continue; fi
	start_tool "t_$mode" trace --json --only-ours --uid 65534 --attach "$mode" || { row trace "$mode" fail "no attach"; continue; }
	as_nobody "$W" exec 5 /bin/true
	sleep 0.5
	stop_tool INT
	n=$(jqs "$TMP/t_$mode.out" '[.[] | select(.type == "trace" and .message == "Hello World!")] | length')
	if [ "$n" = 6 ] && attached_as "$TMP/t_$mode.out" "$mode"; then
		row trace "$mode" pass "$n lines for 5+1 execs"
	else
		row trace "$mode" fail "$n lines for 5+1 execs"
	fi
done

# --- count-uid: execve per uid, and every syscall ----------------------------
uid_count() { jqs "$1" "[.[] | select(.type == \"interval\")] | last | [.counts[] | select(.uid == 65534) | .count] | add // 0"; }
for mode in $exec_modes; do
	if ! available "$mode"; then absent count-uid "$mode" --interval 0.2; continue; fi
	start_tool "u_$mode" count-uid --json --attach "$mode" --interval 0.2 || { row count-uid "$mode" fail "no attach"; continue; }
	as_nobody "$W" exec 5 /bin/true
	sleep 0.5
	stop_tool INT
	n=$(uid_count "$TMP/u_$mode.out")
	if [ "$n" = 6 ] && attached_as "$TMP/u_$mode.out" "$mode"; then
		row count-uid "$mode" pass "$n execs counted for uid 65534 (5+1 made)"
	else
		row count-uid "$mode" fail "$n execs counted for uid 65534 (5+1 made)"
	fi
done
for mode in $all_modes; do
	if ! available "$mode"; then absent count-uid "$mode" --all-syscalls; continue; fi
	start_tool "ua_$mode" count-uid --json --all-syscalls --attach "$mode" --interval 0.2 || { row "count-uid -A" "$mode" fail "no attach"; continue; }
	as_nobody "$W" getppid 10000
	sleep 0.5
	stop_tool INT
	n=$(uid_count "$TMP/ua_$mode.out")
	if [ "$n" -ge 10000 ] && [ "$n" -lt 10100 ]; then  # getppid and the few syscalls around them
		row "count-uid -A" "$mode" pass "$n syscalls for uid 65534 (10000 getppid made)"
	else
		row "count-uid -A" "$mode" fail "$n syscalls for uid 65534 (10000 getppid made)"
	fi
done

# --- count-syscall: exact getppid count for a pid --------------------------------
for mode in $all_modes; do
	if ! available "$mode"; then absent count-syscall "$mode"; continue; fi
	start_child getppid 20000
	start_tool "s_$mode" count-syscall --json --attach "$mode" --pid "$CHILD_PID" --interval 0.2 ||
		{ row count-syscall "$mode" fail "no attach"; kill "$CHILD"; continue; }
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.5
	stop_tool INT
	n=$(jqs "$TMP/s_$mode.out" '[.[] | select(.type == "interval") | .counts[] | select(.syscall == "getppid") | .count] | add // 0')
	if [ "$n" = 20000 ]; then
		row count-syscall "$mode" pass "exactly 20000 getppid"
	else
		row count-syscall "$mode" fail "$n getppid for 20000 made"
	fi
done

# --- events: one record per exec, both buffers -----------------------------------
ev_count() { jqs "$1" '[.[] | select(.type == "event" and .filename == "/bin/true" and .uid == 65534)] | length'; }
for mode in $exec_modes; do
	if ! offered events "$mode"; then absent events "$mode"; continue; fi
	start_tool "e_$mode" events --json --attach "$mode" --uid 65534 || { row events "$mode" fail "no attach"; continue; }
	as_nobody "$W" exec 5 /bin/true
	sleep 0.5
	stop_tool INT
	n=$(ev_count "$TMP/e_$mode.out")
	if [ "$n" = 5 ] && attached_as "$TMP/e_$mode.out" "$mode"; then
		row events "$mode" pass "5 records for 5 execs"
	else
		row events "$mode" fail "$n records for 5 execs"
	fi
done
for buf in ringbuf perf; do
	if [ "$buf" = ringbuf ] && ! has_feature ringbuf; then
		"$EH" events --buffer ringbuf --count 1 > /dev/null 2>&1
		[ $? = 1 ] && row events "buffer $buf" absent "no ring buffer" || row events "buffer $buf" fail "accepted"
		continue
	fi
	start_tool "eb_$buf" events --json --buffer "$buf" --uid 65534 || { row events "buffer $buf" fail "no attach"; continue; }
	as_nobody "$W" exec 5 /bin/true
	sleep 0.5
	stop_tool INT
	n=$(ev_count "$TMP/eb_$buf.out")
	if [ "$n" = 5 ] && [ "$(jqs "$TMP/eb_$buf.out" '.[0].buffer')" = "$buf" ]; then
		row events "buffer $buf" pass "5 records for 5 execs"
	else
		row events "buffer $buf" fail "$n records for 5 execs"
	fi
done

# --- events lineage: ancestors by exec id, exits with their codes, every mode -------
# ehworkload (exec'd as 65534) runs sh -c 'exit 3' three times: each sh names
# it as its parent by its exec id; four exits, 0 and three 3s, each with the
# id of the exec it ran (the walk is plain loads from 5.11, helper reads
# before: both are checked here)
lin_check() {
	jqs "$1" '([.[] | select(.type == "event")]) as $e | ([.[] | select(.type == "exit")]) as $x |
		($e | map(select(.comm == "ehworkload" or .filename == "/bin/sh"))) as $e |
		($e | map(select(.filename != "/bin/sh"))[0]) as $w |
		"\($e | length) \([$e[] | select(.filename == "/bin/sh") | .ancestors[0].exec_id == $w.exec_id] | all) \($x | map(.exit_code) | sort | map(tostring) | join(",")) \(($x | map(.exec_id) | sort) == ($e | map(.exec_id) | sort))"'
}
for run in $exec_modes "buffer perf"; do
	if [ "$run" = "buffer perf" ]; then set -- --buffer perf; else set -- --attach "$run"; fi
	if [ "$1" = --attach ] && ! offered events "$run"; then absent events "$run" --exits; continue; fi
	start_tool "el_${run// /_}" events --json --ancestors 2 --exits "$@" --uid 65534 ||
		{ row "events --ancestors --exits" "$run" fail "no attach"; continue; }
	as_nobody "$W" exec 3 /bin/sh -c 'exit 3'
	sleep 0.5
	stop_tool INT
	got=$(lin_check "$TMP/el_${run// /_}.out")
	if [ "$got" = "4 true 0,3,3,3 true" ]; then
		row "events --ancestors --exits" "$run" pass "3 sh under ehworkload by exec id; exits 0,3,3,3 by exec id"
	else
		row "events --ancestors --exits" "$run" fail "$got"
	fi
done

# --- events --args: the argv exactly, at the exec event and at each entry --------
for mode in $exec_modes; do
	if ! offered events "$mode"; then absent events "$mode" --args; continue; fi
	start_tool "ea_$mode" events --json --args --attach "$mode" --uid 65534 || { row "events --args" "$mode" fail "no attach"; continue; }
	as_nobody "$W" exec 2 /bin/echo 'a b' $'c\nd' '' > /dev/null
	sleep 0.5
	stop_tool INT
	got=$(jqs "$TMP/ea_$mode.out" '[.[] | select(.type == "event" and .filename == "/bin/echo") | .args | tojson] | unique | join(" ")')
	if [ "$got" = '["/bin/echo","a b","c\nd",""]' ] && attached_as "$TMP/ea_$mode.out" "$mode"; then
		row "events --args" "$mode" pass "argv exact in both records"
	else
		row "events --args" "$mode" fail "args: $got"
	fi
done

# --- events --failed: entry and exit; the exec event has no exit ---------------------
for mode in $exec_modes; do
	if [ "$mode" = exec ]; then
		"$EH" events --failed --attach exec > /dev/null 2> "$TMP/fx.err"
		[ $? = 2 ] && row "events --failed" exec pass "refused: $(cut -c1-80 "$TMP/fx.err")" ||
			row "events --failed" exec fail "accepted"
		continue
	fi
	if ! offered events "$mode"; then absent events "$mode" --failed; continue; fi
	start_tool "ef_$mode" events --json --failed --attach "$mode" --uid 65534 || { row "events --failed" "$mode" fail "no attach"; continue; }
	as_nobody "$W" exec 4 /nonexistent/eh-missing
	as_nobody "$W" exec 3 /bin/true
	sleep 0.5
	stop_tool INT
	got=$(jqs "$TMP/ef_$mode.out" '[.[] | select(.type == "event") | "\(.filename) \(.errno)"] | "\(length) \(unique | join(","))"')
	if [ "$got" = "4 /nonexistent/eh-missing ENOENT" ] && attached_as "$TMP/ef_$mode.out" "$mode"; then
		row "events --failed" "$mode" pass "4 ENOENT records, no success"
	else
		row "events --failed" "$mode" fail "$got"
	fi
done

# --- count-syscall --errors and --latency: the exit side of every mode -----------------
for mode in $all_modes; do
	if ! available "$mode"; then absent count-syscall "$mode" --errors; continue; fi
	start_child badclose 500
	start_tool "ce_$mode" count-syscall --json --errors --attach "$mode" --pid "$CHILD_PID" --cumulative --interval 0.2 ||
		{ row "count-syscall --errors" "$mode" fail "no attach"; kill "$CHILD"; continue; }
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.5
	stop_tool INT
	n=$(jqs "$TMP/ce_$mode.out" '[.[] | select(.type == "interval")] | last | [.counts[] | select(.syscall == "close" and .errno == "EBADF") | .count] | add // 0')
	[ "$n" = 500 ] && row "count-syscall --errors" "$mode" pass "close EBADF 500" ||
		row "count-syscall --errors" "$mode" fail "close EBADF $n for 500 made"
	start_child threads 2 100 "$W" getppid 10
	start_tool "cl_$mode" count-syscall --json --latency --attach "$mode" --pid "$CHILD_PID" --cumulative --interval 0.2 --top 0 ||
		{ row "count-syscall --latency" "$mode" fail "no attach"; kill "$CHILD"; continue; }
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.5
	stop_tool INT
	got=$(jqs "$TMP/cl_$mode.out" '"\([.[] | select(.type == "interval")] | last | [.counts[] | select(.syscall | IN("getppid", "execve", "exit", "exit_group"))] | map("\(.syscall)=\(.count)") | sort | join(",")) in_flight=\(.[-1].in_flight)"')
	[ "$got" = "execve=1,getppid=210 in_flight=0" ] && row "count-syscall --latency" "$mode" pass "$got" ||
		row "count-syscall --latency" "$mode" fail "$got (want execve=1,getppid=210 in_flight=0)"
done

# --- tail: the dispatcher is a raw tracepoint; the timer handler --------------
start_child timers
if start_tool tl tail --json --pid "$CHILD_PID"; then
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.5
	stop_tool INT
	got=$(jqs "$TMP/tl.out" '[.[] | select(.type == "tail" and .handler == "timer") | .message] | join(";")')
	if [ "$got" = "Creating a timer;Some other timer operation;Deleting a timer" ]; then
		row tail raw_tp pass "three timer messages in order"
	else
		row tail raw_tp fail "timer messages: $got"
	fi
else
	row tail raw_tp fail "no attach"
	kill "$CHILD"
fi

# --- --explain: this kernel's account of each command --------------------------
# Every program as the kernel reports it, the verifier's count where the
# kernel keeps one (5.16+; absent before, not 0), run counts from
# statistics turned on for the run only (kernel.bpf_stats_enabled as it was),
# for count-uid in every attach mode this kernel offers.
kver=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
verified=false
[ "$kver" -ge 5016 ] && verified=true
stats0=$(cat /proc/sys/kernel/bpf_stats_enabled)
# explained CELL MODE FILE PROG_REGEX MIN_RUNS: one row of the explain record and its reports
explained() {
	local f=$3 got want
	got=$(jq -s -r --arg re "$4" '
		([.[] | select(.type == "explain")][0]) as $x |
		([.[] | select(.type == "explain_stats")] | last) as $s |
		"\($x.programs | length) \([$x.programs[] | .id > 0 and .bytes_xlated > 0 and (.tag | length) == 16] | all)" +
		" \([$x.programs[] | has("verified_insns")] | unique | map(tostring) | join(","))" +
		" \($x.statistics.enabled)" +
		" \([$s.programs[] | select(.name | test($re)) | .runs_total // 0] | add // 0)"' "$f" 2>/dev/null)
	read -r n ok ver stats runs <<< "$got"
	want="$n true $verified true"
	if [ "${n:-0}" -ge 1 ] && [ "$n $ok $ver $stats" = "$want" ] && [ "${runs:-0}" -ge "$5" ] &&
	   [ "$(cat /proc/sys/kernel/bpf_stats_enabled)" = "$stats0" ]; then
		row "$1 --explain" "$2" pass "$n programs, verified_insns $([ "$ver" = true ] && echo given || echo absent), $runs runs >= $5"
	else
		row "$1 --explain" "$2" fail "got '$got' (programs ok verified stats runs), want '$want' and runs >= $5"
	fi
}
for mode in $exec_modes; do
	available "$mode" || continue
	start_tool "xu_$mode" count-uid --json --explain --attach "$mode" --interval 0.2 || { row "count-uid --explain" "$mode" fail "no attach"; continue; }
	as_nobody "$W" exec 5 /bin/true
	sleep 0.5
	stop_tool INT
	explained count-uid "$mode" "$TMP/xu_$mode.out" '^eh_cu_' 6
done
start_tool xt trace --json --explain --only-ours && { as_nobody "$W" exec 5 /bin/true; sleep 0.5; stop_tool INT
	explained trace auto "$TMP/xt.out" '^eh_trace_' 6; } || row "trace --explain" auto fail "no attach"
start_tool xs count-syscall --json --explain --interval 0.2 && { as_nobody "$W" getppid 10000; sleep 0.5; stop_tool INT
	explained count-syscall auto "$TMP/xs.out" '^eh_cs_' 10000; } || row "count-syscall --explain" auto fail "no attach"
start_tool xe events --json --explain && { as_nobody "$W" exec 5 /bin/true; sleep 0.5; stop_tool INT
	explained events auto "$TMP/xe.out" '^eh_ev_' 5; } || row "events --explain" auto fail "no attach"
# tail's handlers are tail-call targets: counted by tail itself
start_tool xl tail --json --explain --comm ehtail && { "$W" --comm ehtail timers > /dev/null; sleep 0.5; stop_tool INT
	explained tail raw_tp "$TMP/xl.out" '^eh_tail_timer$' 3; } || row "tail --explain" raw_tp fail "no attach"

# --- auto takes the documented first choice -------------------------------------
want=$(auto_choice kprobe fentry exec tracepoint raw_tp tp_btf)
for cmd in trace count-uid events; do
	start_tool "a_$cmd" "$cmd" --json || { row "$cmd" auto fail "no attach"; continue; }
	stop_tool INT
	got=$(jqs "$TMP/a_$cmd.out" '.[0].attach')
	[ "$got" = "$want" ] && row "$cmd" auto pass "chose $got" || row "$cmd" auto fail "chose $got, documented first choice is $want"
done
want=$(auto_choice raw_tp tp_btf tracepoint)
start_tool a_cs count-syscall --json || true
stop_tool INT
got=$(jqs "$TMP/a_cs.out" '.[0].attach')
[ "$got" = "$want" ] && row count-syscall auto pass "chose $got" || row count-syscall auto fail "chose $got, documented first choice is $want"
assert_nothing_attached "matrix"
finish
