#!/bin/bash
# count-syscall: every syscall counted at entry, exact for a known workload.
. "$(dirname "$0")/../lib.sh"
require_root

# count_of FILE JQ-SELECT: sum over every interval record of matching counts
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
check "syscall ids come with their names (getppid is $(jqs "$TMP/cum.out" '[.[] | select(.type == "interval") | .counts[] | select(.syscall == "getppid") | .id][0]'))" \
	[ "$(jqs "$TMP/cum.out" '[.[] | select(.type == "interval") | .counts[] | select(.syscall == "getppid") | .id][0]')" = "$("$EH" count-syscall --list --json | jq -r 'select(.name == "getppid") | .nr')" ]

# --- --by uid, comm, pid ----------------------------------------------------------
start_tool uid count-syscall --json --by uid --interval 0.2 --top 0 || finish
as_nobody "$W" getppid 50000
sleep 0.3
stop_tool INT
n=$(sum_of "$TMP/uid.out" '.uid == 65534')
check "--by uid: 50000 getppid by uid 65534 seen ($n >= 50000)" [ "$n" -ge 50000 ]
check "--by uid: user names" [ "$(jqs "$TMP/uid.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid == 0) | .user][0]')" = root ]

start_tool comm count-syscall --json --by comm --interval 0.2 --top 0 || finish
"$W" --comm ehstorm getppid 50000
sleep 0.3
stop_tool INT
n=$(sum_of "$TMP/comm.out" '.comm == "ehstorm"')
check "--by comm: 50000 getppid by 'ehstorm' seen ($n >= 50000)" [ "$n" -ge 50000 ]

start_child getppid 100000
start_tool pid count-syscall --json --by pid --interval 0.2 --top 0 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
n=$(sum_of "$TMP/pid.out" ".pid == $CHILD_PID")
check "--by pid: the child's 100000 getppid and its few others seen ($n)" [ "$n" -ge 100000 -a "$n" -lt 105000 ]

# --- --top, text ------------------------------------------------------------------
start_tool top count-syscall --json --top 3 --interval 0.2 || finish
"$W" getppid 1000
sleep 0.3
stop_tool INT
check "--top 3: at most 3 counts per interval" \
	[ "$(jqs "$TMP/top.out" '[.[] | select(.type == "interval") | .counts | length] | max')" -le 3 ]
start_tool text count-syscall --interval 0.3 --count 2 || finish
"$W" getppid 100000
wait_tool
check "text: a table with getppid on top" \
	bash -c "grep -A1 '^SYSCALL *COUNT' '$TMP/text.out' | grep -qE '^getppid +[0-9]+'"
check "text: --count 2 stops by itself" grep -q "^# summary: 2 intervals" "$TMP/text.out"
assert_nothing_attached "count-syscall"
finish
