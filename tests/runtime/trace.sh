#!/bin/bash
# trace: bpf_printk through trace_pipe, parsed, for execs made during the test.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

# marker TEXT: a line in the shared trace buffer, as another program would write
marker() {
	local d
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		if [ -w "$d/trace_marker" ]; then printf '%s' "$1" > "$d/trace_marker"; return; fi
	done
	fail "no trace_marker to write to"
}

# --- default: "Hello World!" per execve, exactly one line per exec ------------
want=$(auto_choice kprobe fentry exec tracepoint raw_tp tp_btf)
start_tool hello trace --json --only-ours --uid 65534 || finish
t0=$(date +%s.%N)
as_nobody "$W" exec 20 /bin/true	# 21 execs as uid 65534: "as" execs the workload, then 20
sleep 0.5
t1=$(date +%s.%N)
stop_tool INT
out=$TMP/hello.out
n=$(jqs "$out" '[.[] | select(.type == "trace" and .message == "Hello World!")] | length')
check "21 execs as uid 65534 -> exactly 21 'Hello World!' lines ($n)" [ "$n" = 21 ]
check "exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]
check "auto attached via $want" [ "$(jqs "$out" '.[0].attach')" = "$want" ]
check "summary: the program's own count matches the lines read" [ "$(jqs "$out" '.[-1].printed')" = "$n" ]
check "ts is wall-clock time: every line between the workload's start and end" \
	[ "$(jqs "$out" "[.[] | select(.type == \"trace\") | select(.ts < $t0 or .ts > $t1)] | length")" = 0 ]
check "comm is the real name, never <...> (the kernel's cache loses names)" \
	[ "$(jqs "$out" '[.[] | select(.type == "trace") | .comm] | unique | join(",")')" = "$( [ "$want" = exec ] && echo "ehworkload,true" || echo ehworkload)" ]
check "pid is the process (thread group) id, tid the thread: equal for these single-threaded execs" \
	[ "$(jqs "$out" '[.[] | select(.type == "trace" and .pid != .tid)] | length')" = 0 ]
assert_nothing_attached "trace"

# --- what a line means: a successful exec (the exec event) or a call ---------
# uid 65534 execs: "as" twice, 4 of a missing path (failed), 3 of /bin/true:
# 5 successful execs, 9 execve calls
lines() {	# lines NAME ARGS...: one run of trace ARGS over that workload
	local name=$1
	shift
	start_tool "$name" trace --only-ours --uid 65534 "$@" || return 1
	as_nobody "$W" exec 4 /nonexistent/eh-missing
	as_nobody "$W" exec 3 /bin/true
	sleep 0.5
	stop_tool INT
}
lines m_exec --json --attach exec
check "--attach exec: 5 successful execs of 9 calls -> exactly 5 lines, counts \"successful execs\"" \
	[ "$(jqs "$TMP/m_exec.out" '[([.[] | select(.type == "trace")] | length), .[0].counts, .[-1].counts] | join(",")')" = "5,successful execs,successful execs" ]
lines m_calls --json --calls
check "--calls: the 4 failed execs too -> exactly 9 lines, counts \"calls\", not via exec" \
	[ "$(jqs "$TMP/m_calls.out" '[([.[] | select(.type == "trace")] | length), .[0].counts, .[-1].counts, .[0].attach != "exec"] | join(",")')" = "9,calls,calls,true" ]
lines m_text --calls
check "text, --calls: the first line says every execve call, failed ones included; the header second" \
	[ "$(sed -n 1p "$TMP/m_text.out")" = "printing at every execve call, failed ones included" -a \
	  "$(sed -n 2p "$TMP/m_text.out" | tr -s ' ')" = "TIME COMM PID TID CPU MESSAGE" ]
check "text, --calls: the summary says the program printed 9 (calls)" \
	grep -q "program printed 9 (calls; 0 failed)," "$TMP/m_text.err"
lines m_textx --attach exec
check "text, exec event: the first line says successful execs, failed ones not seen" \
	[ "$(sed -n 1p "$TMP/m_textx.out")" = "printing at every successful exec (execve or execveat; a failed one is not seen: --calls sees every call)" ]
assert_nothing_attached "trace --calls"

# --- --message, text columns, summary on stderr -------------------------------
start_tool msg trace --message "Bonjour le monde" --only-ours --uid 65534 || finish
as_nobody "$W" exec 5 /bin/true
sleep 0.5
stop_tool TERM
check "--message: exactly the 6 text lines end with the custom message" \
	[ "$(grep -c ' Bonjour le monde$' "$TMP/msg.out")" = 6 ]
check "text: a header first, columns TIME COMM PID TID CPU MESSAGE" \
	grep -qE '^TIME +COMM +PID +TID +CPU MESSAGE$' "$TMP/msg.out"
check "text: each line's columns start under their headers" \
	awk 'NR == 1 { next } NR == 2 { c = index($0, "COMM"); m = index($0, "MESSAGE"); next }
	     substr($0, c - 1, 1) != " " || substr($0, m, 16) != "Bonjour le monde" { bad = 1 } END { exit bad }' "$TMP/msg.out"
check "text: the summary is on stderr, not in the data" \
	bash -c "! grep -q 'lines shown' '$TMP/msg.out' && grep -q '^ebpfhello trace: 6 lines shown' '$TMP/msg.err'"
check "exit 0 on SIGTERM" [ "$TOOL_RC" = 0 ]

# --- a 48-byte message (the documented limit) comes out whole with --only-ours ---
long=$(printf 'm%.0s' $(seq 47))Z
start_tool long trace --json --message "$long" --only-ours --uid 65534 || finish
as_nobody /bin/true
sleep 0.5
stop_tool INT
check "--message of 48 bytes with --only-ours: printed whole" \
	[ "$(jqs "$TMP/long.out" '[.[] | select(.type == "trace") | .message] | unique | join(",")')" = "$long" ]

# --- --raw: the kernel's own lines, and only them ------------------------------
start_tool raw trace --raw --only-ours --uid 65534 || finish
as_nobody "$W" exec 5 /bin/true
sleep 0.5
stop_tool INT
check "--raw: 6 untouched trace_pipe lines, no header" \
	[ "$(grep -cE '^ *.+-[0-9]+ +.*\[[0-9]+\] .* [0-9]+\.[0-9]+: bpf_trace_printk: eh[0-9a-f]{8}: Hello World!$' "$TMP/raw.out")" = 6 -a \
	  "$(wc -l < "$TMP/raw.out")" = 6 ]

# --- another syscall, and --count --------------------------------------------
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

# --- other writers: shown without --only-ours, never with it -------------------
start_tool all trace --json --duration 1 || finish
marker "somebody else"
wait_tool
check "without --only-ours: other writers' lines are shown" \
	[ "$(jqs "$TMP/all.out" '[.[] | select(.type == "trace" and .message == "somebody else")] | length')" = 1 ]
start_tool b trace --json --message "from B" --only-ours --uid 65534 --duration 1.5 || finish
marker "somebody else"
as_nobody "$W" exec 4 /bin/true
wait_tool
check "--only-ours: only our message, 5 lines" \
	[ "$(jqs "$TMP/b.out" '[.[] | select(.type == "trace") | .message] | "\(length) \(unique | join(","))"')" = "5 from B" ]
check "--only-ours: the other line is counted as skipped" [ "$(jqs "$TMP/b.out" '.[-1].other_lines')" -ge 1 ]
check "--duration: stops by itself" [ "$(jqs "$TMP/b.out" '.[-1].stopped_by')" = duration ]

# a trace_marker line carrying our tag is not ours: only bpf_trace_printk lines are
start_tool forge trace --json --only-ours --duration 1.5 || finish
tag=$(bpftool map dump name trace_bp.rodata -j | jq -r '.[0].formatted.value.".rodata"[] | .eh_message // empty' | cut -c1-12)
marker "${tag}forged"
wait_tool
check "--only-ours: a trace_marker line carrying our tag ('$tag') is not shown" \
	[ -n "$tag" -a "$(jqs "$TMP/forge.out" '[.[] | select(.type == "trace" or .type == "trace_raw") | select(tostring | test("forged"))] | length')" = 0 ]

# --- hostile names: an empty or all-space comm cannot hide a line of ours --------
for name in "" "   " $'new\nline'; do
	start_tool sp trace --json --only-ours --uid 65534 --attach "$(auto_choice kprobe fentry tracepoint raw_tp tp_btf)" || continue
	as_nobody "$W" --comm "$name" exec 3 /bin/true
	sleep 0.5
	stop_tool INT
	check "a comm of $(printf '%q' "$name"): all 3 lines of ours shown (4 with the 'as')" \
		[ "$(jqs "$TMP/sp.out" '[.[] | select(.type == "trace" or .type == "trace_raw")] | length')" = 4 ]
done

# --- what an earlier reader left in trace_pipe is not this run's ------------------
# (written with no reader: the kernel keeps them until someone reads)
for i in 1 2 3; do marker "left over $i"; done
start_tool stale trace --json --uid 65534 --duration 1 || finish
as_nobody "$W" exec 2 /bin/true
wait_tool
check "lines left in trace_pipe before the run: none shown, counted as earlier_lines ($(jqs "$TMP/stale.out" '.[-1].earlier_lines'))" \
	[ "$(jqs "$TMP/stale.out" '[.[] | select(.type == "trace" or .type == "trace_raw") | select(tostring | test("left over"))] | length')" = 0 -a \
	  "$(jqs "$TMP/stale.out" '.[-1].earlier_lines')" -ge 3 ]
check "...and this run's own lines are shown (3: the 'as' and 2 execs)" \
	[ "$(jqs "$TMP/stale.out" '[.[] | select(.type == "trace" and .message == "Hello World!")] | length')" = 3 ]

# --- Ctrl-C right after the lines were written: none of them is lost --------------
# (stopped while the lines are written, so that SIGINT comes before it reads)
start_tool int trace --json --only-ours --uid 65534 || finish
kill -STOP "$TOOL_PID"
as_nobody "$W" exec 20 /bin/true
kill -INT "$TOOL_PID"
kill -CONT "$TOOL_PID"
wait_tool
check "SIGINT before the lines were read: all 21 shown (the 'as' too), exit 0" \
	[ "$(jqs "$TMP/int.out" '[.[] | select(.type == "trace")] | length')/$TOOL_RC" = 21/0 ]

# --- one reader at a time: a clear error naming the other reader ------------------
cat /sys/kernel/tracing/trace_pipe > /dev/null &
holder=$!
sleep 0.3
"$EH" trace > /dev/null 2> "$TMP/busy.err"
RC=$?
kill "$holder"
wait "$holder" 2>/dev/null
expect "a second reader: exit 1, one line naming the reader (pid $holder, cat)" \
	'[ "$RC" = 1 ] && [ "$(wc -l < "$TMP/busy.err")" = 1 ] && grep -q "pid $holder (cat) is already reading trace_pipe" "$TMP/busy.err"'
assert_nothing_attached "trace (all)"
finish
