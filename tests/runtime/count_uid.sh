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
as_nobody "$W" exec 50 /bin/true
sleep 0.3
stop_tool INT
n=$(last_count "$TMP/default.out" 65534)
check "50 execs by uid 65534 are counted: $n >= 50" [ "$n" -ge 50 ]
check "exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]
got=$(jqs "$TMP/default.out" '.[0].attach')
check "auto attached via the documented first choice ($want): $got" [ "$got" = "$want" ]
check "meta record first, summary last" \
	[ "$(jqs "$TMP/default.out" '.[0].type + "," + .[-1].type')" = "meta,summary" ]
check "the last interval is marked final" \
	[ "$(jqs "$TMP/default.out" '[.[] | select(.type == "interval")] | last | .final')" = true ]
assert_nothing_attached "count-uid"

# --- every attach mode this kernel offers gives the right count ------------
for mode in kprobe fentry exec tracepoint raw_tp tp_btf; do
	if available "$mode"; then
		start_tool "m_$mode" count-uid --json --attach "$mode" --interval 0.2 || continue
		as_nobody "$W" exec 20 /bin/true
		sleep 0.3
		stop_tool TERM
		n=$(last_count "$TMP/m_$mode.out" 65534)
		check "--attach $mode: 20 execs as uid 65534 counted ($n >= 20)" [ "$n" -ge 20 ]
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
check "--all-syscalls: 100000 getppid by uid 65534 seen ($n >= 100000)" [ "$n" -ge 100000 ]
check "--all-syscalls: attached to sys_enter" \
	grep -q '"attach_point":"[a-z_]* [a-z_:]*sys_enter' "$TMP/all.out"

# --- two uids sharing a slot (uid % 4096): one in the slot, one in the hash --
start_tool slot count-uid --json --all-syscalls --interval 0.2 || finish
"$W" as 61438 "$W" getppid 30000
as_nobody "$W" getppid 20000
sleep 0.3
stop_tool INT
a=$(last_count "$TMP/slot.out" 61438)
b=$(last_count "$TMP/slot.out" 65534)
check "uids 61438 and 65534 share a slot: both counted ($a >= 30000, $b >= 20000)" \
	[ "$a" -ge 30000 -a "$a" -lt 31000 -a "$b" -ge 20000 -a "$b" -lt 21000 ]

# --- the same without BPF atomics (kernels before 5.12): the hash only -----
EBPFHELLO_DISABLE=bpf_atomics start_tool compat count-uid --json --all-syscalls --interval 0.2 || finish
"$W" as 61438 "$W" getppid 30000
as_nobody "$W" getppid 20000
sleep 0.3
stop_tool INT
a=$(last_count "$TMP/compat.out" 61438)
b=$(last_count "$TMP/compat.out" 65534)
check "without BPF atomics (the compat object): both counted ($a >= 30000, $b >= 20000)" \
	[ "$a" -ge 30000 -a "$a" -lt 31000 -a "$b" -ge 20000 -a "$b" -lt 21000 ]

# --- exercise 2: openat and write into one map ------------------------------
start_tool ow count-uid --json --syscall openat --syscall write --interval 0.2 || finish
as_nobody "$W" openwrite 1000
sleep 0.3
stop_tool INT
n=$(last_count "$TMP/ow.out" 65534)
check "--syscall openat --syscall write: 1000 of each counted ($n >= 2000)" [ "$n" -ge 2000 ]
check "the meta record lists both syscalls" \
	[ "$(jqs "$TMP/ow.out" '.[0].syscalls | join(",")')" = "openat,write" ]

# --- --delta: intervals add up; --uid filters in the kernel ----------------
start_tool delta count-uid --json --delta --uid 65534 --interval 0.2 || finish
as_nobody "$W" exec 30 /bin/true
sleep 0.5
as_nobody "$W" exec 30 /bin/true
sleep 0.3
stop_tool INT
n=$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid == 65534) | .count] | add')
check "--delta: interval counts add up to all 62 execs ($n)" [ "$n" -ge 62 ]
other=$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid != 65534)] | length')
check "--uid 65534: no other uid counted ($other)" [ "$other" = 0 ]
check "--delta: every interval says mode delta" \
	[ "$(jqs "$TMP/delta.out" '[.[] | select(.type == "interval") | .mode] | unique | join(",")')" = delta ]

# --- text output: the book's format, --names, and --count ------------------
start_tool text count-uid --interval 0.4 --count 3 --names || finish
as_nobody "$W" exec 5 /bin/true
wait_tool
check "--count 3: ends by itself, exit 0" [ "$TOOL_RC" = 0 ]
check "text: the book's 'ID <uid>: <count>' lines, with --names" \
	grep -qE '^ID [0-9]+ \([a-z]+\): [0-9]+' "$TMP/text.out"
check "text: summary line says it stopped by count" grep -q "^# summary: 3 intervals" "$TMP/text.out"
"$EH" count-uid --json --interval 0.1 --count 4 > "$TMP/count.out" 2>&1
check "--count 4: exactly 4 interval records" \
	[ "$(jqs "$TMP/count.out" '[.[] | select(.type == "interval")] | length')" = 4 ]
assert_nothing_attached "count-uid (all)"
finish
