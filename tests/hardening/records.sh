#!/bin/bash
# Issue 16, items 8 and 9.
#
# 8: records through the perf buffer arrive 4-byte aligned; events and tail
#    read 8-byte fields from them.  Exact counts here; under the sanitizer
#    build (tests/hardening/sanitize.sh runs this file too) UBSan stops the
#    run at the first misaligned read.
# 9: a name holding U+202E (right-to-left override) reaches no terminal raw:
#    text output shows \u202e, JSON keeps the character (escaped), for a
#    file name (events) and a process name (events, trace, tail,
#    count-syscall --by comm).
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

RLO=$'\xe2\x80\xae'	# U+202E in UTF-8
entry=$(auto_choice kprobe fentry tracepoint raw_tp tp_btf)

# --- 8: the perf buffer, both commands, text and JSON -----------------------------
for json in --json ""; do
	start_tool "ep$json" events $json --buffer perf --uid 65534 || continue
	as_nobody "$W" exec 10 /bin/true
	sleep 0.3
	stop_tool INT
	if [ -n "$json" ]; then
		n=$(jqs "$TMP/ep$json.out" '[.[] | select(.type == "event" and .filename == "/bin/true" and .uid == 65534)] | length')
		check "events --json --buffer perf: 10 execs as uid 65534 -> 10 records ($n), perf in meta" \
			[ "$n" = 10 -a "$(jqs "$TMP/ep$json.out" '.[0].buffer')" = perf ]
	else
		n=$(grep -cE '^[0-9:.]+ +[0-9]+ +[0-9]+ +65534 +true +ehworkload +Hello (Odd )?World +/bin/true$' "$TMP/ep.out")
		check "events --buffer perf (text): 10 lines for /bin/true ($n)" [ "$n" = 10 ]
	fi
	check "events $json --buffer perf: exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]

	start_child getppid 100
	start_tool "tp$json" tail $json --buffer perf --pid "$CHILD_PID" || continue
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.3
	stop_tool INT
	if [ -n "$json" ]; then
		n=$(jqs "$TMP/tp$json.out" "[.[] | select(.type == \"tail\" and .syscall == \"getppid\" and .pid == $CHILD_PID)] | length")
		check "tail --json --buffer perf: 100 getppid -> 100 records ($n), perf in meta" \
			[ "$n" = 100 -a "$(jqs "$TMP/tp$json.out" '.[0].buffer')" = perf ]
	else
		n=$(grep -cE "^[0-9:.]+ +$CHILD_PID +ehworkload +default +getppid\([0-9]+\) +Another syscall\$" "$TMP/tp.out")
		check "tail --buffer perf (text): 100 lines for getppid ($n)" [ "$n" = 100 ]
	fi
	# (a sanitizer report would have ended it: halt_on_error)
	check "tail $json --buffer perf: exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]
done

# --- 9: bidirectional overrides ----------------------------------------------------
mkdir -p "$TMP/bin"
ln -s /bin/true "$TMP/bin/txt${RLO}exe.sh"
comm="rtl${RLO}ab"
raw_free() { ! LC_ALL=C grep -q "$RLO" "$1"; }

start_tool bt events --uid 65534 --attach exec || finish
as_nobody "$TMP/bin/txt${RLO}exe.sh"
sleep 0.3
stop_tool INT
check "events (text): the file name shows \\u202e" grep -qF "$TMP/bin/txt\\u202eexe.sh" "$TMP/bt.out"
check "events (text): no raw U+202E on the terminal" raw_free "$TMP/bt.out"

start_tool bj events --json --uid 65534 --attach exec || finish
as_nobody "$TMP/bin/txt${RLO}exe.sh"
sleep 0.3
stop_tool INT
check "events --json: the file name decodes to the bytes, U+202E included" \
	[ "$(jqs "$TMP/bj.out" '[.[] | select(.type == "event")][0].filename')" = "$TMP/bin/txt${RLO}exe.sh" ]
check "events --json: U+202E written as \\u202e, not raw" raw_free "$TMP/bj.out"

start_tool bc events --uid 65534 --attach "$entry" || finish
as_nobody "$W" --comm "$comm" exec 1 /bin/true
sleep 0.3
stop_tool INT
check "events --attach $entry (text): the caller's name shows rtl\\u202eab" grep -qF 'rtl\u202eab' "$TMP/bc.out"
check "events (text, comm): no raw U+202E" raw_free "$TMP/bc.out"

start_tool tr trace --only-ours --uid 65534 --attach "$entry" || finish
as_nobody "$W" --comm "$comm" exec 1 /bin/true
sleep 0.5
stop_tool INT
check "trace (text): the name shows rtl\\u202eab" grep -qF 'rtl\u202eab' "$TMP/tr.out"
check "trace (text): no raw U+202E" raw_free "$TMP/tr.out"

start_child --comm "$comm" getppid 3
start_tool tl tail --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "tail (text): the name shows rtl\\u202eab" grep -qF 'rtl\u202eab' "$TMP/tl.out"
check "tail (text): no raw U+202E" raw_free "$TMP/tl.out"

start_tool cs count-syscall --by comm --syscall getppid --interval 0.2 --top 0 || finish
"$W" --comm "$comm" getppid 100 > /dev/null
sleep 0.5
stop_tool INT
check "count-syscall --by comm (text): the name shows rtl\\u202eab" grep -qF 'rtl\u202eab' "$TMP/cs.out"
check "count-syscall --by comm (text): no raw U+202E" raw_free "$TMP/cs.out"
assert_nothing_attached "records"
finish
