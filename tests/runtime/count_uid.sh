#!/bin/bash
# count-uid: real BPF programs, counts checked against workloads of known size.
. "$(dirname "$0")/../lib.sh"
require_root

# last_count FILE UID: the count for UID in the last interval record
last_count() {
	jqs "$1" "[.[] | select(.type == \"interval\")] | last | [.counts[] | select(.uid == $2) | .count] | add // 0"
}

# --- execve per UID, 50 execs as uid 65534 (hello-map.py) -------------------
want=$(auto_choice kprobe fentry exec tracepoint raw_tp tp_btf)
start_tool default count-uid --json --interval 0.2 || finish
as_nobody "$W" exec 50 /bin/true	# 51 execs: "as" execs the workload, which execs 50
sleep 0.3
stop_tool INT
n=$(last_count "$TMP/default.out" 65534)
check "51 execs by uid 65534 -> exactly 51 counted ($n)" [ "$n" = 51 ]
check "exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]
got=$(jqs "$TMP/default.out" '.[0].attach')
check "auto attached via the documented first choice ($want): $got" [ "$got" = "$want" ]
check "meta record first, summary last" \
	[ "$(jqs "$TMP/default.out" '.[0].type + "," + .[-1].type')" = "meta,summary" ]
check "the last interval is marked final, and only it" \
	[ "$(jqs "$TMP/default.out" '[.[] | select(.type == "interval") | .final] | (last == true) and (.[:-1] | all(. == false))')" = true ]
check "intervals are numbered 1, 2, 3, ... with no repeat" \
	[ "$(jqs "$TMP/default.out" '[.[] | select(.type == "interval") | .seq] | . == [range(1; length + 1)]')" = true ]
assert_nothing_attached "count-uid"

# --- what a count means: successful execs (the exec event) or calls ---------
# uid 65534 execs: "as" twice (2), 4 of a missing path (failed), 3 of
# /bin/true: 5 successful execs, 9 execve calls
counted() {	# counted NAME ARGS...: one run of count-uid ARGS over that workload
	local name=$1
	shift
	start_tool "$name" count-uid --uid 65534 --interval 0.2 "$@" || return 1
	as_nobody "$W" exec 4 /nonexistent/eh-missing
	as_nobody "$W" exec 3 /bin/true
	sleep 0.3
	stop_tool INT
}
counted exact_exec --json --attach exec
check "--attach exec: 5 successful execs of 9 calls -> exactly 5 ($(last_count "$TMP/exact_exec.out" 65534))" \
	[ "$(last_count "$TMP/exact_exec.out" 65534)" = 5 ]
check "--attach exec: meta and summary say counts \"successful execs\"" \
	[ "$(jqs "$TMP/exact_exec.out" '[.[0].counts, .[-1].counts] | join(",")')" = "successful execs,successful execs" ]
counted exact_calls --json --calls
check "--calls: the 4 failed execs too -> exactly 9 ($(last_count "$TMP/exact_calls.out" 65534))" \
	[ "$(last_count "$TMP/exact_calls.out" 65534)" = 9 ]
check "--calls: meta and summary say counts \"calls\"" \
	[ "$(jqs "$TMP/exact_calls.out" '[.[0].counts, .[-1].counts] | join(",")')" = "calls,calls" ]
# (where kprobe or fentry works, auto takes it before it ever reaches exec)
check "--calls: attached at a syscall's entry ($(jqs "$TMP/exact_calls.out" '.[0].attach')), the exec event passed over (if auto got that far), and why" \
	[ "$(jqs "$TMP/exact_calls.out" '.[0].attach != "exec" and (.[0].attach == "kprobe" or .[0].attach == "fentry" or [.[0].fallbacks[] | select(.attach == "exec") | .reason] == ["sees successful execs only, and --calls asks for every call"])')" = true ]
counted exact_auto --json
said=$(jqs "$TMP/exact_auto.out" '.[0].attach + ":" + .[0].counts')
n=$(last_count "$TMP/exact_auto.out" 65534)
expect "auto ($said): counts says which question it answered, and the count is that ($n)" \
	'[ "$said" = "exec:successful execs" -a "$n" = 5 ] || [ "${said%%:*}" != exec -a "${said#*:}" = calls -a "$n" = 9 ]'
counted exact_text --attach exec
check "text, exec event: the first line says successful execs, failed ones not seen" \
	[ "$(sed -n 1p "$TMP/exact_text.out")" = "counting every successful exec (execve or execveat; a failed one is not seen: --calls sees every call), per UID" ]
check "text, exec event: the summary says 5 successful execs counted" \
	grep -q "^ebpfhello count-uid: .* 5 successful execs counted," "$TMP/exact_text.err"
counted calls_text --calls
check "text, --calls: the first line says every execve call, failed ones included" \
	[ "$(sed -n 1p "$TMP/calls_text.out")" = "counting every execve call, failed ones included, per UID" ]
check "text, --calls: the summary says 9 calls counted" \
	grep -q "^ebpfhello count-uid: .* 9 calls counted," "$TMP/calls_text.err"
"$EH" count-uid --calls --attach exec > "$TMP/ce.out" 2> "$TMP/ce.err"
RC=$?
check "--calls --attach exec: a usage error, exit 2, one line" \
	[ "$RC" = 2 -a "$(cat "$TMP/ce.err")" = "ebpfhello count-uid: --attach exec sees successful execs only, and --calls asks for every call: give one of them" ]
assert_nothing_attached "count-uid --calls"

# --- every attach mode this kernel offers gives the exact count --------------
for mode in kprobe fentry exec tracepoint raw_tp tp_btf; do
	if available "$mode"; then
		start_tool "m_$mode" count-uid --json --attach "$mode" --interval 0.2 || continue
		as_nobody "$W" exec 20 /bin/true
		sleep 0.3
		stop_tool TERM
		n=$(last_count "$TMP/m_$mode.out" 65534)
		check "--attach $mode: 21 execs as uid 65534 -> 21 counted ($n)" [ "$n" = 21 ]
		check "--attach $mode: meta says $mode" \
			[ "$(jqs "$TMP/m_$mode.out" '.[0].attach')" = "$mode" ]
		check "--attach $mode: exit 0 on SIGTERM" [ "$TOOL_RC" = 0 ]
	else
		# the kernel lacks it: a clear one-line error and exit 1
		"$EH" count-uid --attach "$mode" --count 1 --interval 0.1 > /dev/null 2> "$TMP/err"
		RC=$?
		expect "--attach $mode is missing here: exit 1 with a message naming it" \
			'[ "$RC" = 1 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "--attach '"$mode"':" "$TMP/err"'
	fi
done
assert_nothing_attached "count-uid --attach *"

# --- exercise 3: every syscall, a getppid storm from a known uid ------------
start_tool all count-uid --json --all-syscalls --interval 0.2 || finish
as_nobody "$W" getppid 100000
sleep 0.3
stop_tool INT
n=$(last_count "$TMP/all.out" 65534)
check "--all-syscalls: 100000 getppid by uid 65534, and the few syscalls around them ($n)" \
	[ "$n" -ge 100000 -a "$n" -lt 100100 ]
check "--all-syscalls: attached to sys_enter" \
	grep -q '"attach_point":"[a-z_]* [a-z_:]*sys_enter' "$TMP/all.out"

# --- two uids sharing a slot (uid % 256): one in the slot, one in the hash ---
start_tool slot count-uid --json --all-syscalls --interval 0.2 || finish
"$W" as 61438 "$W" getppid 30000
as_nobody "$W" getppid 20000
sleep 0.3
stop_tool INT
a=$(last_count "$TMP/slot.out" 61438)
b=$(last_count "$TMP/slot.out" 65534)
check "uids 61438 and 65534 share a slot: both counted ($a >= 30000, $b >= 20000)" \
	[ "$a" -ge 30000 -a "$a" -lt 30100 -a "$b" -ge 20000 -a "$b" -lt 20100 ]

# --- the same without BPF atomics (kernels before 5.12): the hash only -----
EBPFHELLO_DISABLE=bpf_atomics start_tool compat count-uid --json --all-syscalls --interval 0.2 || finish
"$W" as 61438 "$W" getppid 30000
as_nobody "$W" getppid 20000
sleep 0.3
stop_tool INT
a=$(last_count "$TMP/compat.out" 61438)
b=$(last_count "$TMP/compat.out" 65534)
check "without BPF atomics (the compat object): both counted ($a >= 30000, $b >= 20000)" \
	[ "$a" -ge 30000 -a "$a" -lt 30100 -a "$b" -ge 20000 -a "$b" -lt 20100 ]

# --- exercise 2: openat and write into one map ------------------------------
start_tool ow count-uid --json --syscall openat --syscall write --interval 0.2 || finish
as_nobody "$W" openwrite 1000
sleep 0.3
stop_tool INT
n=$(last_count "$TMP/ow.out" 65534)
check "--syscall openat --syscall write: exactly 1000 of each counted ($n)" [ "$n" = 2000 ]
check "the meta record lists both syscalls" \
	[ "$(jqs "$TMP/ow.out" '.[0].syscalls | join(",")')" = "openat,write" ]

# --- --delta: intervals add up exactly; --uid filters in the kernel ------------
start_tool delta count-uid --json --delta --uid 65534 --interval 0.2 || finish
as_nobody "$W" exec 30 /bin/true
sleep 0.5
as_nobody "$W" exec 30 /bin/true
sleep 0.3
stop_tool INT
n=$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid == 65534) | .count] | add')
check "--delta: interval counts add up to exactly the 62 execs ($n)" [ "$n" = 62 ]
other=$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid != 65534)] | length')
check "--uid 65534: no other uid counted ($other)" [ "$other" = 0 ]
check "--delta: every interval says mode delta" \
	[ "$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval") | .mode] | unique | join(",")')" = delta ]
check "--delta: empty intervals are records too, with counts []" \
	[ "$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval" and (.counts | length) == 0)] | length')" -ge 1 ]

# --- --duration: exactly duration / interval records, the last one final ----------
"$EH" count-uid --json --interval 0.3 --duration 0.9 --all-syscalls > "$TMP/dur.out" 2> "$TMP/dur.err"
json_output "$TMP/dur.out"
check "--interval 0.3 --duration 0.9: exactly 3 interval records, seq 1 2 3, the last final" \
	[ "$(jqs "$TMP/dur.out" '[.[] | select(.type == "interval") | "\(.seq):\(.final)"] | join(" ")')" = "1:false 2:false 3:true" ]
"$EH" count-uid --interval 0.3 --duration 0.9 --all-syscalls > "$TMP/dur.txt" 2> "$TMP/dur.err"
check "text: --interval 0.3 --duration 0.9 prints what it counts, then exactly 3 lines" \
	[ "$(wc -l < "$TMP/dur.txt")" = 4 -a "$(sed -n 1p "$TMP/dur.txt")" = "counting every syscall, per UID" ]

# --- text output: the book's format, --names, --table, and --count ---------------
start_tool text count-uid --interval 0.4 --count 3 --names || finish
as_nobody "$W" exec 5 /bin/true
wait_tool
check "--count 3: ends by itself, exit 0" [ "$TOOL_RC" = 0 ]
check "text: the book's 'ID <uid> (<user>): <count>' line, with --names" \
	grep -qE '(^|	)ID 65534 \(nobody\): 6(	|$)' "$TMP/text.out"
check "text: what it counts, then exactly 3 lines of data on stdout" [ "$(wc -l < "$TMP/text.out")" = 4 ]
check "text: the summary is on stderr and says it stopped by count" \
	grep -q "^ebpfhello count-uid: 3 intervals, .*stopped by count$" "$TMP/text.err"
start_tool plain count-uid --interval 0.4 --count 1 || finish
as_nobody "$W" exec 2 /bin/true
wait_tool
check "text: without --names, no user names" grep -qE '(^|	)ID 65534: 3(	|$)' "$TMP/plain.out"

start_tool tbl count-uid --table --uid 65534 --interval 0.4 --count 1 || finish
as_nobody "$W" exec 4 /bin/true
wait_tool
check "--table: a UID/COUNT header and one right-aligned row, no USER column without --names" \
	[ "$(sed -n 2p "$TMP/tbl.out")" = "$(printf '%-10s %12s' UID COUNT)" -a \
	  "$(sed -n 3p "$TMP/tbl.out")" = "$(printf '%-10s %12s' 65534 5)" ]
start_tool tbln count-uid --table --names --uid 65534 --interval 0.4 --count 1 || finish
as_nobody "$W" exec 4 /bin/true
wait_tool
check "--table --names: a USER column holding the name" \
	[ "$(sed -n 3p "$TMP/tbln.out")" = "$(printf '%-10s %-16s %12s' 65534 nobody 5)" ]

"$EH" count-uid --interval 0.2 --count 2 --uid 4242 > "$TMP/empty.txt" 2>/dev/null
check "text: an interval without counts prints 'no counts' (2 intervals, 2 lines)" \
	[ "$(sed 1d "$TMP/empty.txt" | tr '\n' '|')" = "no counts|no counts|" ]
"$EH" count-uid --json --interval 0.1 --count 4 > "$TMP/count.out" 2>&1
json_output "$TMP/count.out"
check "--count 4: exactly 4 interval records, the 4th final" \
	[ "$(jqs "$TMP/count.out" '[.[] | select(.type == "interval") | .final] | map(tostring) | join(",")')" = "false,false,false,true" ]
assert_nothing_attached "count-uid (all)"
finish
