#!/bin/bash
# count-syscall: every syscall counted at entry, exact for a known workload.
. "$(dirname "$0")/../lib.sh"
require_root

# sum_of FILE JQ-SELECT: sum over every interval record of matching counts
sum_of() { jqs "$1" "[.[] | select(.type == \"interval\") | .counts[] | select($2) | .count] | add // 0"; }
last_of() { jqs "$1" "[.[] | select(.type == \"interval\")] | last | [.counts[] | select($2) | .count] | add // 0"; }

# --- exactly 100000 getppid, filtered by pid, in every mode on offer -------
want=$(auto_choice raw_tp tp_btf tracepoint)
for mode in auto raw_tp tp_btf tracepoint; do
	[ "$mode" = auto ] || available "$mode" || continue
	start_child getppid 100000
	start_tool "p_$mode" count-syscall --json --attach "$mode" --pid "$CHILD_PID" --interval 0.2 || continue
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.3
	stop_tool INT
	out=$TMP/p_$mode.out
	n=$(sum_of "$out" '.syscall == "getppid"')
	check "--attach $mode --pid: exactly 100000 getppid counted ($n), summed over delta intervals" [ "$n" = 100000 ]
	check "--attach $mode: counted at entry, so exit_group is there too" \
		[ "$(sum_of "$out" '.syscall == "exit_group"')" = 1 ]
	[ "$mode" = auto ] && check "auto attached via $want" [ "$(jqs "$out" '.[0].attach')" = "$want" ]
done

start_child getppid 100000
start_tool cum count-syscall --json --cumulative --pid "$CHILD_PID" --interval 0.2 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.5
stop_tool INT
check "--cumulative: the last interval holds all 100000" \
	[ "$(last_of "$TMP/cum.out" '.syscall == "getppid"')" = 100000 ]
check "--cumulative: records say so" \
	[ "$(jqs "$TMP/cum.out" '[.[] | select(.type == "interval") | .mode] | unique | join(",")')" = cumulative ]
id=$(jqs "$TMP/cum.out" '[.[] | select(.type == "interval") | .counts[] | select(.syscall == "getppid") | .syscall_id][0]')
check "syscall ids come with their names (getppid is $id, as in --list)" \
	[ "$id" = "$("$EH" count-syscall --list --json | jq -r 'select(.syscall == "getppid") | .syscall_id')" ]

# --- --syscall: only those, counted in the kernel --------------------------------
start_child openwrite 500
start_tool only count-syscall --json --syscall getppid,openat --pid "$CHILD_PID" --cumulative --interval 0.2 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--syscall getppid,openat: only openat (500) for a process doing openat, write and close" \
	[ "$(jqs "$TMP/only.out" '[.[] | select(.type == "interval")] | last | .counts | map("\(.syscall)=\(.count)") | join(",")')" = "openat=500" ]
check "--syscall: the meta record lists them" [ "$(jqs "$TMP/only.out" '.[0].syscalls | join(",")')" = "openat,getppid" -o "$(jqs "$TMP/only.out" '.[0].syscalls | join(",")')" = "getppid,openat" ]

# --- --by uid, comm, pid ----------------------------------------------------------
start_tool uid count-syscall --json --by uid --syscall getppid --interval 0.2 --top 0 || finish
as_nobody "$W" getppid 50000
sleep 0.3
stop_tool INT
check "--by uid: exactly 50000 getppid by uid 65534" [ "$(sum_of "$TMP/uid.out" '.uid == 65534')" = 50000 ]
check "--by uid: user names" [ "$(jqs "$TMP/uid.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid == 65534) | .user][0]')" = nobody ]

start_tool comm count-syscall --json --by comm --syscall getppid --interval 0.2 --top 0 || finish
"$W" --comm ehstorm getppid 50000
sleep 0.3
stop_tool INT
check "--by comm: exactly 50000 getppid by 'ehstorm'" [ "$(sum_of "$TMP/comm.out" '.comm == "ehstorm"')" = 50000 ]

start_child --comm ehbypid getppid 100000
start_tool pid count-syscall --json --by pid --syscall getppid --interval 0.2 --top 0 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--by pid: exactly the child's 100000 getppid" [ "$(sum_of "$TMP/pid.out" ".pid == $CHILD_PID")" = 100000 ]
check "--by pid: its comm beside the pid, also once it has exited" \
	[ "$(jqs "$TMP/pid.out" "[.[] | select(.type == \"interval\") | .counts[] | select(.pid == $CHILD_PID) | .comm] | unique | join(\",\")")" = ehbypid ]

# --- --delta never loses a count to keys taken out of the map --------------------
# 8 processes, each 100 bursts of 50 getppid 3 ms apart, sampled every 2 ms: the
# map the programs count into is swapped out and emptied while bursts go on.
start_tool burst count-syscall --json --by pid --syscall getppid --comm ehburst --delta --interval 0.002 --top 0 || finish
"$W" --comm ehburst bursts 8 100 50 3000
sleep 0.1
stop_tool INT
check "--by pid --delta, maps swapped and emptied during bursts: the intervals add up to exactly 40000" \
	[ "$(sum_of "$TMP/burst.out" 'true')" = 40000 ]
evicted=$(jqs "$TMP/burst.out" '.[-1].evicted')
check "--by pid --delta: keys were taken out of the map ($evicted times)" [ "$evicted" -gt 0 ]

# --- --top, text ------------------------------------------------------------------
start_tool top count-syscall --json --top 3 --interval 0.2 || finish
"$W" getppid 1000
sleep 0.3
stop_tool INT
check "--top 3: at most 3 counts per interval, and 3 when more keys were seen" \
	[ "$(jqs "$TMP/top.out" '[.[] | select(.type == "interval") | select(.keys >= 3) | .counts | length] | unique | join(",")')" = 3 ]
start_tool text count-syscall --interval 0.3 --count 2 --syscall getppid,openat || finish
"$W" getppid 100000
wait_tool
check "text: a table with getppid on top, its count right-aligned under COUNT" \
	bash -c "grep -A1 '^SYSCALL *COUNT\$' '$TMP/text.out' | grep -qE '^getppid +[0-9]+\$' &&
		 awk '/COUNT\$/ { w = length(\$0) } /^getppid/ { if (length(\$0) != w) exit 1 }' '$TMP/text.out'"
check "text: --count 2 stops by itself; the summary is on stderr" \
	grep -q "^ebpfhello count-syscall: 2 intervals, .*stopped by count$" "$TMP/text.err"
# a pipe's reader that goes away ends the run then, not at the next write
# (the meta record is the first line; the next write would be 10 s later)
t0=$(date +%s%N)
"$EH" count-syscall --json --interval 10 | head -1 > /dev/null
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "| head -1: the run ends when head does, not at the next interval ($ms ms)" [ "$ms" -lt 5000 ]
start_child --comm ehtextpid getppid 1000
start_tool tpid count-syscall --by pid --syscall getppid --interval 0.3 --count 1 --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait_tool
check "text --by pid: PID, COMM and the count in their columns" \
	bash -c "grep -qE '^$CHILD_PID +ehtextpid +1000\$' '$TMP/tpid.out'"
# --- --errors: failed calls by syscall and errno, at exit -----------------------------
start_child badclose 1000
start_tool err count-syscall --json --errors --pid "$CHILD_PID" --cumulative --interval 0.2 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--errors --pid: exactly 1000 close EBADF for the pid that made 1000 failing close(-1)" \
	[ "$(last_of "$TMP/err.out" '.syscall == "close" and .errno == "EBADF"')" = 1000 ]
check "--errors: errno ids beside the names (EBADF is 9), only failures counted" \
	[ "$(jqs "$TMP/err.out" '[.[] | select(.type == "interval")] | last | .counts[] | select(.syscall == "close") | "\(.errno_id) \(.syscall_id)"')" = "9 $("$EH" count-syscall --list --json | jq -r 'select(.syscall == "close") | .syscall_id')" ]
check "--errors: counted at the exit only (meta: measure errors, attach point sys_exit)" \
	[ "$(jqs "$TMP/err.out" '.[0] | "\(.measure) \(.attach_point)"')" = "errors raw_tp sys_exit" ]
start_child badclose 1000
start_tool errt count-syscall --errors --syscall close --pid "$CHILD_PID" --cumulative --interval 0.3 --count 2 || finish
touch "$TMP/go"
wait_tool
check "--errors, text: 'close EBADF 1000' under SYSCALL ERRNO COUNT, the count right-aligned" \
	bash -c "grep -A1 '^SYSCALL *ERRNO *COUNT\$' '$TMP/errt.out' | grep -qE '^close +EBADF +1000\$' &&
		 awk '/COUNT\$/ { w = length(\$0) } /^close/ { if (length(\$0) != w) exit 1 }' '$TMP/errt.out'"

# --- --failed-only: the plain counts, of failed calls only --------------------------
start_tool fo count-syscall --json --failed-only --by comm --comm ehfailonly --syscall close,getppid --cumulative --interval 0.2 || finish
"$W" --comm ehfailonly badclose 700
"$W" --comm ehfailonly getppid 5000
sleep 0.3
stop_tool INT
check "--failed-only --by comm: 700 failed closes, none of the 5000 getppid that succeeded" \
	[ "$(last_of "$TMP/fo.out" '.comm == "ehfailonly"')" = 700 -a "$(jqs "$TMP/fo.out" '.[0].measure')" = "failed calls" ]

# --- --latency [--histogram]: entry to exit per task ---------------------------------
start_child nanosleep 1000 1000
start_tool lat count-syscall --json --latency --histogram --syscall nanosleep --pid "$CHILD_PID" --cumulative --interval 0.5 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.6
stop_tool INT
row=$(jqs "$TMP/lat.out" '[.[] | select(.type == "interval")] | last | .counts[] | select(.syscall == "nanosleep")')
check "--latency: 1000 nanosleep of 1 ms -> count 1000, average between 1 and 3 ms ($(jq -r .avg_ns <<< "$row") ns)" \
	jq -e '.count == 1000 and .avg_ns >= 1000000 and .avg_ns <= 3000000 and .total_ns >= 1000000000' <<< "$row"
check "--histogram: the 1000 calls in log2 buckets, all at 2^19 ns or more (1 ms is in [2^19, 2^20))" \
	jq -e '([.histogram[].count] | add) == 1000 and ([.histogram[].from_ns] | min) >= 524288 and
	       all(.histogram[]; .to_ns == .from_ns * 2 - 1)' <<< "$row"
check "--latency: meta says so, the attach point has both sides" \
	[ "$(jqs "$TMP/lat.out" '.[0] | "\(.measure) \(.histogram) \(.attach_point)"')" = "latency true raw_tp sys_enter + raw_tp sys_exit (ids of nanosleep)" ]
start_child nanosleep 200 1000
start_tool latt count-syscall --latency --histogram --syscall nanosleep --pid "$CHILD_PID" --cumulative --interval 2 --count 1 || finish
touch "$TMP/go"
wait_tool
check "--latency --histogram, text: nanosleep's row under SYSCALL COUNT TOTAL ms AVG us, then its buckets" \
	bash -c "grep -A2 '^SYSCALL *COUNT *TOTAL ms *AVG us\$' '$TMP/latt.out' | grep -qE '^nanosleep +200 +[0-9.]+ +[0-9.]+\$' &&
		 grep -qE '^ +FROM ns +TO ns +COUNT +DISTRIBUTION\$' '$TMP/latt.out' &&
		 grep -qE '^ +[0-9]+ -> [0-9]+ +[0-9]+ +\|\*+ *\|\$' '$TMP/latt.out'"

# Pairs across thread exits and an exec from a thread that is not the leader
# (it takes the leader's tid): 4 threads x 100 getppid, each ending in exit;
# then the exec'd image's 10 getppid and its exit_group.  Nothing lost or
# counted twice, exit and exit_group never timed, no start left behind.
for only in "getppid,execve,exit,exit_group" ""; do
	start_child threads 4 100 "$W" getppid 10
	start_tool thr count-syscall --json --latency ${only:+--syscall "$only"} --pid "$CHILD_PID" --cumulative --interval 0.2 --top 0 || finish
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.3
	stop_tool INT
	check "--latency ${only:+--syscall $only }across thread exits and a thread's exec: getppid 410, execve 1, exit and exit_group never" \
		[ "$(jqs "$TMP/thr.out" '[.[] | select(.type == "interval")] | last | [.counts[] | select(.syscall | IN("getppid", "execve", "exit", "exit_group"))] | map("\(.syscall)=\(.count)") | sort | join(",")')" = "execve=1,getppid=410" ]
	check "--latency ${only:+--syscall $only }: no start left in flight once the process is gone" \
		[ "$(jqs "$TMP/thr.out" '.[-1].in_flight')" = 0 ]
done
assert_nothing_attached "count-syscall"
finish
