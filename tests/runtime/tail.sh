#!/bin/bash
# tail: tail calls into handlers chosen by syscall name.
. "$(dirname "$0")/../lib.sh"
require_root

records() { jqs "$1" "[.[] | select(.type == \"tail\" $2)] | length"; }

# --- default mapping: execs ----------------------------------------------------
start_tool ex tail --json --ignore-all-others --uid 65534 || finish
as_nobody "$W" exec 10 /bin/true
sleep 0.3
stop_tool INT
out=$TMP/ex.out
n=$(records "$out" 'and .message == "Executing a program" and .syscall == "execve" and .handler == "exec"')
check "default mapping: 11 execs as uid 65534 -> exactly 11 'Executing a program' ($n)" [ "$n" = 11 ]
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
id=$("$EH" count-syscall --list --json | jq -r 'select(.syscall == "getppid") | .syscall_id')
n=$(records "$TMP/gp.out" "and .syscall == \"getppid\" and .syscall_id == $id and .message == \"Another syscall: getppid ($id)\"")
lost=$(jqs "$TMP/gp.out" '.[-1].lost')
check "--pid: 1000 getppid -> exactly 1000 'Another syscall: getppid ($id)' records ($n, $lost lost)" \
	[ "$n" = 1000 -a "$lost" = 0 ]
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

# --- text: the syscall in its column, the handler's message in its own --------------
start_child getppid 3
start_tool txt tail --pid "$CHILD_PID" --ignore-all-others --handler exec=getppid || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "text: a header, then 3 lines: handler exec, getppid(N) once, its message once" \
	[ "$(grep -cE "^[0-9:.]+ +$CHILD_PID +ehworkload +exec +getppid\($id\) +Executing a program\$" "$TMP/txt.out")" = 3 -a \
	  "$(head -1 "$TMP/txt.out" | tr -s ' ')" = "TIME PID COMM HANDLER SYSCALL MESSAGE" ]
start_child getppid 2
start_tool txd tail --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "text: the default handler names the syscall once ('getppid($id)  Another syscall')" \
	[ "$(grep -cE "default +getppid\($id\) +Another syscall\$" "$TMP/txd.out")" = 2 ]

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
