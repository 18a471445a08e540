#!/bin/bash
# tail: tail calls into handlers chosen by syscall name.
. "$(dirname "$0")/../lib.sh"
require_root

records() { jqs "$1" "[.[] | select(.type == \"tail\" $2)] | length"; }

# --- default mapping: execs ----------------------------------------------------
start_tool ex tail --json --ignore-all-others || finish
"$W" exec 10 /bin/true
sleep 0.3
stop_tool INT
out=$TMP/ex.out
n=$(records "$out" 'and .message == "Executing a program" and .syscall == "execve" and .handler == "exec"')
check "default mapping: 10 execs -> 'Executing a program' ($n >= 10)" [ "$n" -ge 10 ]
check "--ignore-all-others: no 'Another syscall' record" \
	[ "$(records "$out" 'and (.message | startswith("Another syscall"))')" = 0 ]
check "summary: the exec handler ran as often as it sent ($n)" [ "$(jqs "$out" '.[-1].handlers.exec')" = "$n" ]
check "summary: no tail-call failures" [ "$(jqs "$out" '.[-1].tail_call_failures')" = 0 ]
check "summary: ignored syscalls counted, not sent" [ "$(jqs "$out" '.[-1].handlers.ignore')" -gt 0 ]
check "the prog array was filled before the dispatcher was attached" \
	bash -c "grep -n -e 'prog array:' -e 'attach raw_tp: ok' '$TMP/ex.err' | head -1 | grep -q 'prog array'"
check "exercise 4: attached by its section, raw_tp sys_enter" \
	[ "$(jqs "$out" '.[0].attach_point')" = "raw_tp sys_enter" ]

# --- timers: the three messages, in order ------------------------------------
start_child timers
start_tool tm tail --json --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "timer_create, timer_settime, timer_delete -> the three timer messages in order" \
	[ "$(jqs "$TMP/tm.out" '[.[] | select(.type == "tail" and .handler == "timer") | .message] | join(";")')" = "Creating a timer;Some other timer operation;Deleting a timer" ]

# --- 1000 getppid by pid, default handler ---------------------------------------
start_child getppid 1000
start_tool gp tail --json --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
n=$(records "$TMP/gp.out" "and .syscall == \"getppid\" and .message == \"Another syscall: getppid ($(jqs "$TMP/gp.out" '[.[] | select(.syscall == "getppid")][0].id'))\"")
lost=$(jqs "$TMP/gp.out" '.[-1].lost')
check "--pid: 1000 getppid -> 1000 'Another syscall: getppid (N)' records ($n, $lost lost)" \
	[ $((n + lost)) -ge 1000 -a "$n" -le 1000 ]
check "--pid: only the child's records" [ "$(records "$TMP/gp.out" "and .pid != $CHILD_PID")" = 0 ]

# --- mappings from the command line -----------------------------------------------
start_child getppid 100
start_tool mp tail --json --pid "$CHILD_PID" --handler exec=getppid --ignore-all-others || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--handler exec=getppid: getppid now says 'Executing a program' (100)" \
	[ "$(records "$TMP/mp.out" 'and .syscall == "getppid" and .message == "Executing a program"')" = 100 ]
start_child getppid 100
start_tool ig tail --json --pid "$CHILD_PID" --ignore getppid || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--ignore getppid: no getppid record" [ "$(records "$TMP/ig.out" 'and .syscall == "getppid"')" = 0 ]
check "--ignore getppid: 100+ ignored in the summary" [ "$(jqs "$TMP/ig.out" '.[-1].handlers.ignore')" -ge 100 ]

# --- loss is counted, never silent: a small buffer and a stopped reader -----------
start_child getppid 5000
start_tool ls tail --json --pid "$CHILD_PID" --buffer-size 4 || finish
kill -STOP "$TOOL_PID"
touch "$TMP/go"
wait "$CHILD"
kill -CONT "$TOOL_PID"
sleep 0.3
stop_tool INT
delivered=$(records "$TMP/ls.out" '')
lost=$(jqs "$TMP/ls.out" '.[-1].lost')
sent=$(jqs "$TMP/ls.out" '.[-1].handlers | .exec + .timer + .default')
check "4 KiB buffer, reader stopped: delivered $delivered + lost $lost = sent $sent" \
	[ $((delivered + lost)) = "$sent" -a "$lost" -gt 0 ]
assert_nothing_attached "tail"
finish
