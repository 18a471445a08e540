#!/bin/bash
# trace: bpf_printk through trace_pipe, parsed, for execs made during the test.
. "$(dirname "$0")/../lib.sh"
require_root

# --- default: "Hello World!" per execve -------------------------------------
want=$(auto_choice kprobe fentry exec tracepoint raw_tp tp_btf)
start_tool hello trace --json --only-ours || finish
"$W" exec 20 /bin/true
sleep 0.5
stop_tool INT
n=$(jqs "$TMP/hello.out" '[.[] | select(.type == "trace" and .msg == "Hello World!")] | length')
check "20 execs -> 'Hello World!' lines ($n >= 20)" [ "$n" -ge 20 ]
check "exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]
check "auto attached via $want" [ "$(jqs "$TMP/hello.out" '.[0].attach')" = "$want" ]
check "trace records carry task, pid, cpu and a timestamp" \
	[ "$(jqs "$TMP/hello.out" '[.[] | select(.type == "trace") | (.task|type) + (.pid|type) + (.cpu|type) + (.ts|type)] | unique | join(",")')" = "stringnumbernumbernumber" ]
printed=$(jqs "$TMP/hello.out" '.[-1].printed')
check "summary: the program's own count matches the lines read ($printed = $n)" [ "$printed" = "$n" ]
assert_nothing_attached "trace"

# --- --message, text columns -------------------------------------------------
start_tool msg trace --message "Bonjour le monde" --only-ours || finish
"$W" exec 5 /bin/true
sleep 0.5
stop_tool TERM
check "--message: text lines end with the custom message" \
	[ "$(grep -c 'Bonjour le monde$' "$TMP/msg.out")" -ge 5 ]
check "text: a header first" grep -q '^TIME(s) *TASK *PID *CPU *MESSAGE' "$TMP/msg.out"
check "exit 0 on SIGTERM" [ "$TOOL_RC" = 0 ]

# --- --raw: the kernel's own lines -------------------------------------------
start_tool raw trace --raw || finish
"$W" exec 5 /bin/true
sleep 0.5
stop_tool INT
check "--raw: untouched trace_pipe lines" \
	[ "$(grep -cE '^ *.+-[0-9]+ +.*\[[0-9]+\] .* [0-9]+\.[0-9]+: .*Hello World!$' "$TMP/raw.out")" -ge 5 ]

# --- another syscall, and --count -------------------------------------------
start_tool ow trace --json --syscall openat --only-ours --pid $$ --count 3 || finish
"$W" openwrite 5 > /dev/null	# not us: filtered out by --pid
exec 3< /dev/null 4< /dev/null 5< /dev/null 6< /dev/null	# four openat by us
exec 3<&- 4<&- 5<&- 6<&-
wait_tool
check "--syscall openat --pid --count 3: exactly 3 lines, then stops" \
	[ "$(jqs "$TMP/ow.out" '[.[] | select(.type == "trace")] | length')" = 3 ]
check "--count: summary says count" [ "$(jqs "$TMP/ow.out" '.[-1].stopped_by')" = count ]
check "--pid: every line is ours" \
	[ "$(jqs "$TMP/ow.out" "[.[] | select(.type == \"trace\" and .pid != $$)] | length")" = 0 ]

# --- --only-ours: other writers' lines are skipped -------------------------
# trace_marker stands in for another program writing to the shared buffer
# (trace_pipe itself takes one reader at a time).
marker() {
	local d
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		if [ -w "$d/trace_marker" ]; then echo "$1" > "$d/trace_marker"; return; fi
	done
	fail "no trace_marker to write to"
}
start_tool all trace --json --duration 1 || finish
marker "somebody else"
wait_tool
check "without --only-ours: other writers' lines are shown" \
	[ "$(jqs "$TMP/all.out" '[.[] | select(.type == "trace" and .msg == "somebody else")] | length')" = 1 ]
start_tool b trace --json --message "from B" --only-ours --duration 1 || finish
marker "somebody else"
"$W" exec 10 /bin/true
wait_tool
check "--only-ours: only our message" \
	[ "$(jqs "$TMP/b.out" '[.[] | select(.type == "trace") | .msg] | unique | join(",")')" = "from B" ]
check "--only-ours: the other line is counted as skipped" [ "$(jqs "$TMP/b.out" '.[-1].other_lines')" -ge 1 ]
check "--duration: stops by itself" [ "$(jqs "$TMP/b.out" '.[-1].stopped_by')" = duration ]

# --- one reader at a time: a clear error ------------------------------------
start_tool first trace || finish
"$EH" trace > /dev/null 2> "$TMP/busy.err"
RC=$?
stop_tool INT
expect "a second reader: exit 1, one line saying trace_pipe is busy" \
	'[ "$RC" = 1 ] && [ "$(wc -l < "$TMP/busy.err")" = 1 ] && grep -q "already reading trace_pipe" "$TMP/busy.err"'
assert_nothing_attached "trace (all)"
finish
