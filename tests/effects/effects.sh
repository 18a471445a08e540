#!/bin/bash
# Every option of every command changes what the user sees: for each one,
# the command runs with and without it (same workload) and the difference
# the option promises is asserted.  The list of options comes from each
# command's --help, so an option without a row here fails the test.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

# --- running a command briefly beside a workload ------------------------------
# go NAME WORK -- CMD ARGS...: runs ebpfhello CMD ARGS (which must end by
# itself: --count/--duration) while WORK runs; stdout in $TMP/NAME.out,
# stderr in $TMP/NAME.err, status in RC
go() {
	local name=$1 work=$2 a i
	shift 3
	for a in "$@"; do [ "$a" = --json ] && json_output "$TMP/$name.out"; done
	"$EH" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err" &
	local pid=$!
	# the workload starts once the tool has attached: its programs are in
	# (one run at a time here), and it holds BPF links, as many over 0.1 s
	# (it attaches its programs one after another).  Not "loaded, then
	# 0.1 s": with a build beside it, a command still verifying its other
	# programs then missed the workload's first execs (CI, 2026-12-07).
	for ((i = 0; i < 200; i++)); do
		[ -n "$(our_progs)" ] && break
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.05
	done
	local links=-1 now
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2> /dev/null || break
		now=$(grep -l '^link_type:' /proc/"$pid"/fdinfo/* 2> /dev/null | wc -l)
		[ "$now" -gt 0 ] && [ "$now" = "$links" ] && break
		links=$now
		sleep 0.1
	done
	eval "$work" > /dev/null 2>&1
	# a row's command ends by itself; one that does not is a failure, not a hang
	for ((i = 0; i < 300; i++)); do
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2> /dev/null; then
		kill -KILL "$pid"
		fail "$name: ebpfhello $* did not end within 30 s"
	fi
	wait "$pid"
	RC=$?
}
execs='as_nobody "$W" exec 6 /bin/true'
storm='as_nobody "$W" getppid 3000'
records() { jqs "$1" "[.[] | select(.type == \"$2\")] | length"; }
field() { jqs "$1" "[.[] | select(.type == \"$2\") | $3] | unique | map(tostring) | join(\",\")"; }

# effect CMD OPTION DESCRIPTION CONDITION: one row of the table
declare -A COVERED
effect() {
	COVERED["$1 $2"]=1
	expect "$1 $2: $3" "$4"
}

# --- options every command has -------------------------------------------------
for cmd in $("$EH" --list-cmds); do
	"$EH" "$cmd" --help > "$TMP/h.out"
	effect "$cmd" --help "prints its usage, options and examples" \
		'grep -q "^Usage: ebpfhello $cmd" "$TMP/h.out" && grep -q "^Examples:" "$TMP/h.out"'
	"$EH" "$cmd" --usage > "$TMP/u.out"
	effect "$cmd" --usage "a short usage, not the help" \
		'grep -q "^Usage: ebpfhello $cmd" "$TMP/u.out" && [ "$(wc -l < "$TMP/u.out")" -lt "$(wc -l < "$TMP/h.out")" ]'
	"$EH" "$cmd" --version > "$TMP/v.out"
	effect "$cmd" --version "the version line" '[ "$(cat "$TMP/v.out")" = "$("$EH" --version)" ]'
done

"$EH" features > "$TMP/f.txt"
"$EH" features --json > "$TMP/f.json"
json_output "$TMP/f.json"
effect features --json "one JSON record instead of tables" \
	'[ "$(jq -r .type "$TMP/f.json")" = features ] && grep -q "^FEATURE " "$TMP/f.txt"'
"$EH" features --json --time iso > "$TMP/fi.json"
json_output "$TMP/fi.json"
effect features --time "iso: ts is an RFC 3339 string, not seconds" \
	'[ "$(jq -r ".ts | type" "$TMP/fi.json")" = string ] && [ "$(jq -r ".ts | type" "$TMP/f.json")" = number ]'
"$EH" features --verbose > /dev/null 2> "$TMP/fv.err"
effect features --verbose "says how each attach attempt went, on stderr" 'grep -q "attach raw_tp: ok" "$TMP/fv.err"'

# --- count-uid -----------------------------------------------------------------
go cu0 "$execs" -- count-uid --json --interval 0.3 --count 2
go cu1 "$execs" -- count-uid --interval 0.3 --count 2
effect count-uid --json "NDJSON records instead of the book's lines" \
	'[ "$(records "$TMP/cu0.out" interval)" = 2 ] && grep -qE "^ID [0-9]+" "$TMP/cu1.out"'
go cut "$execs" -- count-uid --json --time iso --interval 0.3 --count 1
effect count-uid --time "iso: every ts is a string" '[ "$(field "$TMP/cut.out" interval ".ts | type")" = string ]'
go cuv "$execs" -- count-uid --verbose --interval 0.3 --count 1
effect count-uid --verbose "says how it attached, on stderr" \
	'grep -q "attached via" "$TMP/cuv.err" && ! grep -q "attached via" "$TMP/cu1.err"'
go cus "as_nobody \"\$W\" openwrite 10" -- count-uid --json --uid 65534 --syscall openat --interval 0.4 --count 1
effect count-uid --syscall "counts openat instead of execve (10 openat, 0 execve would be 1)" \
	'[ "$(jqs "$TMP/cus.out" "[.[] | select(.type == \"interval\")][0].total")" = 10 ]'
go cua "$storm" -- count-uid --json --uid 65534 --all-syscalls --interval 0.4 --count 1
effect count-uid --all-syscalls "counts every syscall (3000 getppid and more)" \
	'[ "$(jqs "$TMP/cua.out" "[.[] | select(.type == \"interval\")][0].total")" -ge 3000 ]'
go cud "$execs; sleep 0.5; $execs" -- count-uid --json --delta --uid 65534 --interval 0.5 --count 3
go cuc "$execs; sleep 0.5; $execs" -- count-uid --json --uid 65534 --interval 0.5 --count 3
effect count-uid --delta "each interval's counts: they add up to 14, totals only grow" \
	'[ "$(jqs "$TMP/cud.out" "[.[] | select(.type == \"interval\") | .total] | add")" = 14 ] &&
	 [ "$(jqs "$TMP/cuc.out" "[.[] | select(.type == \"interval\")] | last | .total")" = 14 ]'
go cun "$execs" -- count-uid --names --uid 65534 --interval 0.4 --count 1
go cun0 "$execs" -- count-uid --uid 65534 --interval 0.4 --count 1
effect count-uid --names "the user name beside the uid" \
	'grep -qx "ID 65534 (nobody): 7" "$TMP/cun.out" && grep -qx "ID 65534: 7" "$TMP/cun0.out"'
go cub "$execs" -- count-uid --table --uid 65534 --interval 0.4 --count 1
effect count-uid --table "a header and one row per uid" 'grep -qE "^UID +COUNT$" "$TMP/cub.out" && grep -qE "^65534 +7$" "$TMP/cub.out"'
go cui "$execs" -- count-uid --json --interval 0.2 --duration 1
effect count-uid --interval "0.2 s over 1 s: 5 records (the default 2 s would give 1)" '[ "$(records "$TMP/cui.out" interval)" = 5 ]'
effect count-uid --count "2 intervals, then it ends by count" \
	'[ "$(records "$TMP/cu0.out" interval)" = 2 ] && [ "$(jqs "$TMP/cu0.out" ".[-1].stopped_by")" = count ]'
effect count-uid --duration "ends by duration" '[ "$(jqs "$TMP/cui.out" ".[-1].stopped_by")" = duration ]'
go cuat "$execs" -- count-uid --json --attach tracepoint --interval 0.3 --count 1
effect count-uid --attach "tracepoint instead of auto's first choice" '[ "$(jqs "$TMP/cuat.out" ".[0].attach")" = tracepoint ]'
go cupid "as_nobody \"\$W\" getppid 100; \"\$W\" getppid 100" -- count-uid --json --all-syscalls --pid $$ --interval 0.4 --count 1
effect count-uid --pid "only this shell's syscalls (uid 0 only)" '[ "$(field "$TMP/cupid.out" interval ".counts[].uid")" = 0 ]'
effect count-uid --uid "only uid 65534 counted" '[ "$(field "$TMP/cud.out" interval ".counts[].uid")" = 65534 ]'
go cucomm "$execs; /bin/true" -- count-uid --json --comm true --interval 0.4 --count 1 --attach exec
effect count-uid --comm "only tasks named true: 6 of nobody's, 1 of root's" \
	'[ "$(jqs "$TMP/cucomm.out" "[.[] | select(.type == \"interval\")][0].total")" = 7 ]'
failing='as_nobody "$W" exec 3 /nonexistent/eh-missing'	# 1 exec that works, 3 that fail
go cucl "$failing" -- count-uid --json --calls --uid 65534 --interval 0.4 --count 1
go cuce "$failing" -- count-uid --json --attach exec --uid 65534 --interval 0.4 --count 1
effect count-uid --calls "every execve call, the 3 failed ones too: 4 (the exec event sees 1)" \
	'[ "$(jqs "$TMP/cucl.out" "[.[] | select(.type == \"interval\")][0].total, .[0].counts" | tr "\n" ,)" = "4,calls," ] &&
	 [ "$(jqs "$TMP/cuce.out" "[.[] | select(.type == \"interval\")][0].total, .[0].counts" | tr "\n" ,)" = "1,successful execs," ]'

# --- count-syscall -----------------------------------------------------------------
go cs0 "$storm" -- count-syscall --json --uid 65534 --interval 0.4 --count 1
go cs1 "$storm" -- count-syscall --uid 65534 --interval 0.4 --count 1
effect count-syscall --json "records instead of a table" \
	'[ "$(records "$TMP/cs0.out" interval)" = 1 ] && grep -qE "^getppid +3000$" "$TMP/cs1.out"'
go cst "$storm" -- count-syscall --json --time iso --uid 65534 --interval 0.4 --count 1
effect count-syscall --time "iso: ts strings" '[ "$(field "$TMP/cst.out" interval ".ts | type")" = string ]'
go csv "$storm" -- count-syscall --verbose --uid 65534 --interval 0.4 --count 1
effect count-syscall --verbose "says how it attached" 'grep -q "attached via" "$TMP/csv.err"'
go csb "$storm" -- count-syscall --json --by uid --uid 65534 --interval 0.4 --count 1
effect count-syscall --by "uid keys instead of syscalls" \
	'[ "$(field "$TMP/csb.out" interval ".counts[].uid")" = 65534 ] &&
	 [ "$(jqs "$TMP/cs0.out" "[.[] | select(.type == \"interval\") | .counts[] | has(\"uid\")] | any")" = false ]'
go cstop "$storm" -- count-syscall --json --top 1 --uid 65534 --interval 0.4 --count 1
effect count-syscall --top "1 row where 10 were possible" \
	'[ "$(jqs "$TMP/cstop.out" "[.[] | select(.type == \"interval\")][0].counts | length")" = 1 ] &&
	 [ "$(jqs "$TMP/cs0.out" "[.[] | select(.type == \"interval\")][0].counts | length")" -gt 1 ]'
go csd "$storm; sleep 0.5" -- count-syscall --json --delta --syscall getppid --uid 65534 --interval 0.4 --count 3
go csc "$storm; sleep 0.5" -- count-syscall --json --cumulative --syscall getppid --uid 65534 --interval 0.4 --count 3
effect count-syscall --delta "the intervals add up to 3000, the last is 0" \
	'[ "$(jqs "$TMP/csd.out" "[.[] | select(.type == \"interval\") | .total] | add")" = 3000 ] &&
	 [ "$(jqs "$TMP/csd.out" "[.[] | select(.type == \"interval\")] | last | .total")" = 0 ]'
effect count-syscall --cumulative "the last interval still holds all 3000" \
	'[ "$(jqs "$TMP/csc.out" "[.[] | select(.type == \"interval\")] | last | .total")" = 3000 ]'
effect count-syscall --syscall "getppid only" '[ "$(field "$TMP/csd.out" interval ".counts[].syscall")" = getppid ]'
"$EH" count-syscall --list > "$TMP/list.txt"
effect count-syscall --list "the syscall table, and no BPF run" \
	'grep -qE "^ *[0-9]+ getppid$" "$TMP/list.txt" && [ "$(wc -l < "$TMP/list.txt")" -gt 300 ]'
go csi "$storm" -- count-syscall --json --interval 0.25 --duration 1 --uid 65534
effect count-syscall --interval "0.25 s over 1 s: 4 records" '[ "$(records "$TMP/csi.out" interval)" = 4 ]'
effect count-syscall --count "1 interval, then count" '[ "$(jqs "$TMP/cs0.out" ".[-1].stopped_by")" = count ]'
effect count-syscall --duration "ends by duration" '[ "$(jqs "$TMP/csi.out" ".[-1].stopped_by")" = duration ]'
go csat "$storm" -- count-syscall --json --attach tp_btf --interval 0.3 --count 1
effect count-syscall --attach "tp_btf instead of raw_tp" '[ "$(jqs "$TMP/csat.out" ".[0].attach")" = tp_btf ]'
start_child getppid 500
go cspid 'touch "$TMP/go"; wait $CHILD' -- count-syscall --json --pid "$CHILD_PID" --syscall getppid --interval 0.4 --count 1
effect count-syscall --pid "only the child's 500 getppid" '[ "$(jqs "$TMP/cspid.out" "[.[] | select(.type == \"interval\")][0].total")" = 500 ]'
effect count-syscall --uid "only uid 65534: exactly its 3000 getppid" \
	'[ "$(jqs "$TMP/cs0.out" "[.[] | select(.type == \"interval\")][0].counts[] | select(.syscall == \"getppid\") | .count")" = 3000 ]'
go cscomm '"$W" --comm ehfx getppid 700' -- count-syscall --json --comm ehfx --syscall getppid --interval 0.4 --count 1
effect count-syscall --comm "only tasks named ehfx" '[ "$(jqs "$TMP/cscomm.out" "[.[] | select(.type == \"interval\")][0].total")" = 700 ]'

go csfo '"$W" --comm ehfx badclose 300; "$W" --comm ehfx getppid 700' -- count-syscall --json --failed-only --comm ehfx --interval 0.5 --count 1
effect count-syscall --failed-only "only the 300 failed closes, not the 700 getppid" \
	'[ "$(jqs "$TMP/csfo.out" "[.[] | select(.type == \"interval\")][0].counts | map(\"\(.syscall)=\(.count)\") | join(\",\")")" = "close=300" ]'
go cse '"$W" --comm ehfx badclose 300' -- count-syscall --json --errors --comm ehfx --interval 0.5 --count 1
effect count-syscall --errors "close EBADF 300 (plain counts have no errno)" \
	'[ "$(jqs "$TMP/cse.out" "[.[] | select(.type == \"interval\")][0].counts | map(\"\(.syscall) \(.errno) \(.count)\") | join(\",\")")" = "close EBADF 300" ] &&
	 [ "$(jqs "$TMP/cs0.out" "[.[] | select(.type == \"interval\") | .counts[] | has(\"errno\")] | any")" = false ]'
go csl '"$W" --comm ehfx nanosleep 20 1000' -- count-syscall --json --latency --comm ehfx --syscall nanosleep --interval 0.6 --count 1
effect count-syscall --latency "20 nanosleep of 1 ms: count 20, 1 to 3 ms on average" \
	'[ "$(jqs "$TMP/csl.out" "[.[] | select(.type == \"interval\")][0].counts[0] | .count == 20 and .avg_ns >= 1000000 and .avg_ns < 3000000")" = true ]'
go csh '"$W" --comm ehfx nanosleep 20 1000' -- count-syscall --json --latency --histogram --comm ehfx --syscall nanosleep --interval 0.6 --count 1
effect count-syscall --histogram "the 20 calls in log2 buckets (none without it)" \
	'[ "$(jqs "$TMP/csh.out" "[.[] | select(.type == \"interval\")][0].counts[0].histogram | map(.count) | add")" = 20 ] &&
	 [ "$(jqs "$TMP/csl.out" "[.[] | select(.type == \"interval\")][0].counts[0] | has(\"histogram\")")" = false ]'

# --- events --------------------------------------------------------------------------
go ev0 "$execs" -- events --json --uid 65534 --count 7
go ev1 "$execs" -- events --uid 65534 --count 7
effect events --json "records instead of columns" \
	'[ "$(records "$TMP/ev0.out" event)" = 7 ] && grep -qE "^TIME +PID +PPID" "$TMP/ev1.out"'
go evt "$execs" -- events --json --time iso --uid 65534 --count 1
effect events --time "iso: the event's ts is a string" '[ "$(field "$TMP/evt.out" event ".ts | type")" = string ]'
# what --help says text shows: local HH:MM:SS.mmm by default, RFC 3339 with iso
go evti "$execs" -- events --time iso --uid 65534 --count 1
expect "events --time (text): HH:MM:SS.mmm by default, RFC 3339 UTC with iso" \
	'grep -qE "^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3} +[0-9]+ " "$TMP/ev1.out" &&
	 grep -qE "^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{9}Z +[0-9]+ " "$TMP/evti.out"'
go evv "$execs" -- events --verbose --uid 65534 --count 1
effect events --verbose "says how it attached" 'grep -q "attached via" "$TMP/evv.err"'
go evm "$execs" -- events --json --uid 65534 --count 7 --message-even pair --message-odd impair
effect events --message-even "even pids say pair (Hello World without it)" \
	'[ "$(jqs "$TMP/evm.out" "[.[] | select(.type == \"event\" and .pid % 2 == 0) | .message] | unique | join(\",\")")" = pair ] &&
	 [ "$(jqs "$TMP/ev0.out" "[.[] | select(.type == \"event\" and .pid % 2 == 0) | .message] | unique | join(\",\")")" = "Hello World" ]'
effect events --message-odd "odd pids say impair" \
	'[ "$(jqs "$TMP/evm.out" "[.[] | select(.type == \"event\" and .pid % 2 == 1) | .message] | unique | join(\",\")")" = impair ]'
go evb "$execs" -- events --json --buffer perf --uid 65534 --count 7
effect events --buffer "the perf buffer delivers the 7 (meta says perf)" \
	'[ "$(records "$TMP/evb.out" event)" = 7 ] && [ "$(jqs "$TMP/evb.out" ".[0].buffer")" = perf ]'
"$EH" events --json --buffer-size 4 --uid 65534 --duration 3 > "$TMP/evs.out" 2>/dev/null &
ev=$!
sleep 0.3
kill -STOP $ev
as_nobody "$W" exec 300 /bin/true
kill -CONT $ev
wait $ev
json_output "$TMP/evs.out"
effect events --buffer-size "4 KiB and a stalled reader lose records (1 MiB loses none)" \
	'[ "$(jqs "$TMP/evs.out" ".[-1].lost")" -gt 0 ] && [ "$(jqs "$TMP/ev0.out" ".[-1].lost")" = 0 ]'
effect events --count "7 records, then count" '[ "$(jqs "$TMP/ev0.out" ".[-1].stopped_by")" = count ]'
go evd "$execs" -- events --json --uid 65534 --duration 1
effect events --duration "ends by duration" '[ "$(jqs "$TMP/evd.out" ".[-1].stopped_by")" = duration ]'
go eva "$execs" -- events --json --attach tracepoint --uid 65534 --count 7
effect events --attach "tracepoint: the caller's comm (exec: the new program's)" \
	'[ "$(field "$TMP/eva.out" event .comm)" = ehworkload ] && [ "$(field "$TMP/ev0.out" event .comm)" = "ehworkload,true" ]'
# a child that execs itself (the same pid), beside other execs
start_child as 0 /bin/true
go evp 'touch "$TMP/go"; wait $CHILD; /bin/true' -- events --json --pid "$CHILD_PID" --count 1 --duration 5
effect events --pid "only the child's own exec, not the others" \
	'[ "$(field "$TMP/evp.out" event .pid)" = "$CHILD_PID" ] && [ "$(records "$TMP/evp.out" event)" = 1 ]'
effect events --uid "only uid 65534" '[ "$(field "$TMP/ev0.out" event .uid)" = 65534 ]'
go evc "$execs; /bin/false" -- events --json --comm false --attach exec --count 1
effect events --comm "only execs named false" '[ "$(field "$TMP/evc.out" event .filename)" = /bin/false ]'

go evar 'as_nobody "$W" exec 1 /bin/echo a b' -- events --json --uid 65534 --args --count 2
effect events --args "the argv of each exec (none without it)" \
	'[ "$(jqs "$TMP/evar.out" "[.[] | select(.type == \"event\" and .filename == \"/bin/echo\")][0].args | join(\" \")")" = "/bin/echo a b" ] &&
	 [ "$(jqs "$TMP/ev0.out" "[.[] | select(.type == \"event\") | has(\"args\")] | any")" = false ]'
go evmx 'as_nobody "$W" exec 1 /bin/echo a b c' -- events --json --uid 65534 --max-args 2 --count 2
effect events --max-args "2 strings, the rest marked left out" \
	'[ "$(jqs "$TMP/evmx.out" "[.[] | select(.type == \"event\" and .filename == \"/bin/echo\")][0] | \"\(.args | join(\" \")) \(.args_more)\"")" = "/bin/echo a true" ]'
# --identity and -o (docs/identity.md; the containers and namespaces: tests/runtime/identity.sh)
go evid 'unshare --pid --fork "$W" as 65534 /bin/true' -- events --json --uid 65534 --identity --count 1
effect events --identity "nspid 1 in a new pid namespace, the host is no container (no such fields without it)" \
	'[ "$(jqs "$TMP/evid.out" "[.[] | select(.type == \"event\")][0] | \"\(.nspid) \(.container) \(.pidns > 0)\"")" = "1 null true" ] &&
	 [ "$(jqs "$TMP/ev0.out" "[.[] | select(.type == \"event\") | has(\"nspid\") or has(\"container\")] | any")" = false ]'
go evcol 'as_nobody "$W" exec 1 /bin/echo a' -- events --uid 65534 -o pid,nspid,args --count 2
effect events --columns "the header and lines of pid,nspid,args only (implies --args)" \
	'grep -qE "^PID +NSPID +ARGS$" "$TMP/evcol.out" && grep -qE "^[0-9]+ +[0-9]+ +\"/bin/echo\" \"a\"$" "$TMP/evcol.out"'
# lineage (docs/events.md; chains, reparenting, exits by signal: tests/runtime/lineage.sh)
go evan 'as_nobody "$W" exec 2 /bin/true' -- events --json --uid 65534 --ancestors 1 --count 3
effect events --ancestors "each /bin/true names its parent, the ehworkload exec'd before it, by exec id (no lineage without it)" \
	'[ "$(jqs "$TMP/evan.out" "[.[] | select(.type == \"event\")] | (.[0] | \"\(.pid) \(.exec_id)\") as \$p | [.[1:][] | .ancestors[0] | \"\(.pid) \(.exec_id)\" == \$p] | \"\(length) \(all)\"")" = "2 true" ] &&
	 [ "$(jqs "$TMP/ev0.out" "[.[] | select(.type == \"event\") | has(\"ancestors\") or has(\"exec_id\")] | any")" = false ]'
go evx 'as_nobody "$W" exec 2 /bin/sh -c "exit 3"' -- events --json --uid 65534 --exits --duration 1.5
effect events --exits "the two sh exit 3 and ehworkload 0, each with its exec's id (no exit records without it)" \
	'[ "$(jqs "$TMP/evx.out" "([.[] | select(.type == \"event\") | .exec_id] | sort) as \$e | [.[] | select(.type == \"exit\")] | \"\(map(.exit_code) | sort | map(tostring) | join(\",\")) \(map(.exec_id) | sort == \$e)\"")" = "0,3,3 true" ] &&
	 [ "$(records "$TMP/ev0.out" exit)" = 0 ]'
# the column a --tree line's "\_" starts at (its depth), for the first line matching an ERE
# (mawk's: no {n} repetitions)
tree_col() { awk -v re="$2" '$0 ~ re { print index($0, "\\_"); exit }' "$1"; }
go evtr 'as_nobody "$W" exec 1 /bin/true' -- events --uid 65534 --tree --count 4
effect events --tree "/bin/true drawn one step under ehworkload, and its exit under it too" \
	'grep -qE "^TIME +TREE$" "$TMP/evtr.out" && w=$(tree_col "$TMP/evtr.out" " [0-9]+ ehworkload ") &&
	 [ "$(tree_col "$TMP/evtr.out" " [0-9]+ true /bin/true$")" = $((w + 4)) ] &&
	 [ "$(tree_col "$TMP/evtr.out" " [0-9]+ true exited 0 after [0-9]+[.][0-9][0-9][0-9]s$")" = $((w + 4)) ]'
go evf 'as_nobody "$W" exec 3 /nonexistent/ehfx; '"$execs" -- events --json --uid 65534 --failed --duration 1.5
effect events --failed "the 3 failed execs, each ENOENT; none of the 8 that worked" \
	'[ "$(jqs "$TMP/evf.out" "[.[] | select(.type == \"event\") | .errno] | \"\(length) \(unique | join(\",\"))\"")" = "3 ENOENT" ]'
go evr 'as_nobody "$W" exec 3 /nonexistent/ehfx; '"$execs" -- events --json --uid 65534 --results --duration 1.5
effect events --results "every exec with ret: 3 ENOENT, 8 ret 0 (no ret without it)" \
	'[ "$(jqs "$TMP/evr.out" "[.[] | select(.type == \"event\") | .ret] | group_by(.) | map(\"\(.[0])=\(length)\") | join(\",\")")" = "-2=3,0=8" ] &&
	 [ "$(jqs "$TMP/ev0.out" "[.[] | select(.type == \"event\") | has(\"ret\")] | any")" = false ]'
start_child exec 3 /bin/true
go evpp 'touch "$TMP/go"; wait $CHILD; '"$execs" -- events --json --ppid "$CHILD_PID" --duration 1.5
effect events --ppid "only the child's 3 children, none of the 7 others" \
	'[ "$(jqs "$TMP/evpp.out" "[.[] | select(.type == \"event\") | .ppid] | \"\(length) \(unique | join(\",\"))\"")" = "3 $CHILD_PID" ]'
cg=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)/eh-effects-$$
mkdir "$cg"
go evcg '( echo $BASHPID > "$cg/cgroup.procs"; exec "$W" exec 2 /bin/true ); '"$execs" -- events --json --cgroup "/eh-effects-$$" --duration 1.5
rmdir "$cg"
effect events --cgroup "only the 3 execs in the test's cgroup, none of the 7 outside" \
	'[ "$(jqs "$TMP/evcg.out" "[.[] | select(.type == \"event\") | .cgroup] | \"\(length) \(unique | join(\",\"))\"")" = "3 /eh-effects-$$" ]'

# --- trace ------------------------------------------------------------------------------
go tr0 "$execs" -- trace --json --only-ours --uid 65534 --count 7
go tr1 "$execs" -- trace --only-ours --uid 65534 --count 7
effect trace --json "records instead of columns" \
	'[ "$(records "$TMP/tr0.out" trace)" = 7 ] && grep -qE "^TIME +COMM +PID" "$TMP/tr1.out"'
go trt "$execs" -- trace --json --time iso --only-ours --uid 65534 --count 1
effect trace --time "iso: ts strings" '[ "$(field "$TMP/trt.out" trace ".ts | type")" = string ]'
go trv "$execs" -- trace --verbose --only-ours --uid 65534 --count 1
effect trace --verbose "says how it attached" 'grep -q "attached via" "$TMP/trv.err"'
go trs "as_nobody \"\$W\" openwrite 5" -- trace --json --only-ours --syscall openat --uid 65534 --count 5
effect trace --syscall "openat prints (5 openat, no exec after the first)" '[ "$(records "$TMP/trs.out" trace)" = 5 ]'
go trm "$execs" -- trace --json --only-ours --message "Hej verden" --uid 65534 --count 7
effect trace --message "the kernel prints it" '[ "$(field "$TMP/trm.out" trace .message)" = "Hej verden" ]'
go trr "$execs" -- trace --raw --only-ours --uid 65534 --count 7
effect trace --raw "the kernel's lines, untouched" \
	'[ "$(grep -c "bpf_trace_printk: eh[0-9a-f]\{8\}: Hello World!$" "$TMP/trr.out")" = 7 ]'
go tro 'printf x > /sys/kernel/tracing/trace_marker; '"$execs" -- trace --json --uid 65534 --duration 1.2
go tro2 'printf x > /sys/kernel/tracing/trace_marker; '"$execs" -- trace --json --only-ours --uid 65534 --duration 1.2
effect trace --only-ours "another writer's line is gone" \
	'[ "$(jqs "$TMP/tro.out" "[.[] | select(.type == \"trace\" and .message == \"x\")] | length")" = 1 ] &&
	 [ "$(jqs "$TMP/tro2.out" "[.[] | select(.type == \"trace\" and .message == \"x\")] | length")" = 0 ]'
effect trace --count "7 lines, then count" '[ "$(jqs "$TMP/tr0.out" ".[-1].stopped_by")" = count ]'
effect trace --duration "ends by duration" '[ "$(jqs "$TMP/tro2.out" ".[-1].stopped_by")" = duration ]'
go trcl "$failing" -- trace --json --only-ours --calls --uid 65534 --duration 1.2
go trce "$failing" -- trace --json --only-ours --attach exec --uid 65534 --duration 1.2
effect trace --calls "a line at every execve call, the 3 failed ones too: 4 (the exec event sees 1)" \
	'[ "$(records "$TMP/trcl.out" trace),$(jqs "$TMP/trcl.out" ".[0].counts")" = "4,calls" ] &&
	 [ "$(records "$TMP/trce.out" trace),$(jqs "$TMP/trce.out" ".[0].counts")" = "1,successful execs" ]'
go tra "$execs" -- trace --json --only-ours --attach raw_tp --uid 65534 --count 7
effect trace --attach "raw_tp" '[ "$(jqs "$TMP/tra.out" ".[0].attach")" = raw_tp ]'
start_child as 0 /bin/true
go trp 'touch "$TMP/go"; wait $CHILD; /bin/true' -- trace --json --only-ours --pid "$CHILD_PID" --count 1 --duration 5
effect trace --pid "only the child's own exec" \
	'[ "$(field "$TMP/trp.out" trace .pid)" = "$CHILD_PID" ] && [ "$(records "$TMP/trp.out" trace)" = 1 ]'
effect trace --uid "only uid 65534's execs (7)" '[ "$(records "$TMP/tr0.out" trace)" = 7 ]'
go trc "$execs; /bin/false" -- trace --json --only-ours --comm false --attach exec --count 1
effect trace --comm "only execs named false" '[ "$(field "$TMP/trc.out" trace .comm)" = false ]'

# --- tail -----------------------------------------------------------------------------------
tl_work='"$W" --comm ehtail getppid 5; "$W" --comm ehtail timers'
go tl0 "$tl_work" -- tail --json --comm ehtail --duration 1
go tl1 "$tl_work" -- tail --comm ehtail --duration 1
effect tail --json "records instead of columns" \
	'[ "$(records "$TMP/tl0.out" tail)" -gt 0 ] && grep -qE "^TIME +PID +COMM +HANDLER" "$TMP/tl1.out"'
go tlt "$tl_work" -- tail --json --time iso --comm ehtail --count 1
effect tail --time "iso" '[ "$(field "$TMP/tlt.out" tail ".ts | type")" = string ]'
go tlv "$tl_work" -- tail --verbose --comm ehtail --count 1
effect tail --verbose "says the prog array was filled, then the attach" 'grep -q "prog array" "$TMP/tlv.err"'
go tlh "$tl_work" -- tail --json --comm ehtail --handler exec=getppid --duration 1
effect tail --handler "exec=getppid: getppid says 'Executing a program' (5)" \
	'[ "$(jqs "$TMP/tlh.out" "[.[] | select(.type == \"tail\" and .syscall == \"getppid\" and .handler == \"exec\")] | length")" = 5 ] &&
	 [ "$(jqs "$TMP/tl0.out" "[.[] | select(.type == \"tail\" and .syscall == \"getppid\" and .handler == \"exec\")] | length")" = 0 ]'
go tli "$tl_work" -- tail --json --comm ehtail --ignore getppid --duration 1
effect tail --ignore "no getppid record (5 without it)" \
	'[ "$(jqs "$TMP/tli.out" "[.[] | select(.type == \"tail\" and .syscall == \"getppid\")] | length")" = 0 ] &&
	 [ "$(jqs "$TMP/tl0.out" "[.[] | select(.type == \"tail\" and .syscall == \"getppid\")] | length")" = 5 ]'
go tlo "$tl_work" -- tail --json --comm ehtail --ignore-all-others --duration 1
effect tail --ignore-all-others "only the handlers' records (timers), no default ones" \
	'[ "$(field "$TMP/tlo.out" tail .handler)" = timer ] && [ "$(field "$TMP/tl0.out" tail .handler)" = "default,timer" ]'
go tlb "$tl_work" -- tail --json --comm ehtail --buffer perf --duration 1
effect tail --buffer "perf: the same records" '[ "$(jqs "$TMP/tlb.out" ".[0].buffer")" = perf ] && [ "$(records "$TMP/tlb.out" tail)" = "$(records "$TMP/tl0.out" tail)" ]'
for kb in 4 1024; do
	"$EH" tail --json --comm ehtail --buffer-size $kb --duration 2.5 > "$TMP/tls$kb.out" 2>/dev/null &
	tl=$!
	sleep 0.3
	kill -STOP $tl
	"$W" --comm ehtail getppid 3000
	kill -CONT $tl
	wait $tl
	json_output "$TMP/tls$kb.out"
done
effect tail --buffer-size "4 KiB and a stalled reader lose records (1 MiB loses none)" \
	'[ "$(jqs "$TMP/tls4.out" ".[-1].lost")" -gt 0 ] && [ "$(jqs "$TMP/tls1024.out" ".[-1].lost")" = 0 ] &&
	 [ "$(jqs "$TMP/tls4.out" ".[0].buffer_kb")" = 4 ]'
effect tail --count "1 record, then count" '[ "$(jqs "$TMP/tlt.out" ".[-1].stopped_by")" = count ]'
effect tail --duration "ends by duration" '[ "$(jqs "$TMP/tl0.out" ".[-1].stopped_by")" = duration ]'
start_child timers
go tlp 'touch "$TMP/go"; wait $CHILD' -- tail --json --pid "$CHILD_PID" --ignore-all-others --duration 1
effect tail --pid "only the child's three timer records" '[ "$(records "$TMP/tlp.out" tail)" = 3 ]'
go tlu 'as_nobody "$W" timers' -- tail --json --uid 65534 --ignore-all-others --duration 1
effect tail --uid "uid 65534's timer records (3) and its exec" '[ "$(field "$TMP/tlu.out" tail .uid)" = 65534 ]'
effect tail --comm "only ehtail's records" '[ "$(field "$TMP/tl0.out" tail .comm)" = ehtail ]'

# --- Prometheus export (docs/prometheus.md; against real servers: tests/prometheus) ---
# prom NAME WORK -- CMD ARGS...: go, with --listen on a free port of ours,
# and /metrics fetched once WORK is done (into $TMP/NAME.metrics)
prom() {
	local name=$1 work=$2 port
	shift 3
	port=$((20000 + RANDOM % 20000))
	while ss -Htln "sport = :$port" | grep -q .; do port=$((20000 + RANDOM % 20000)); done
	"$EH" "$@" --listen "127.0.0.1:$port" > "$TMP/$name.out" 2> "$TMP/$name.err" &
	local pid=$!
	sleep 0.3
	eval "$work" > /dev/null 2>&1
	sleep 0.2
	curl -s --max-time 2 "http://127.0.0.1:$port/metrics" > "$TMP/$name.metrics"
	wait "$pid"
	# shellcheck disable=SC2034	# read by the rows' conditions
	RC=$?
}
# command, its arguments, the workload (a variable above), and the sample
# line it must export
while IFS='|' read -r cmd args workvar line; do
	work=${!workvar}
	# shellcheck disable=SC2086
	prom "px$cmd" "$work" -- "$cmd" $args
	effect "$cmd" --listen "GET /metrics while it runs: $line" \
		'[ "$RC" = 0 ] && grep -qxF -- "$line" "$TMP/px$cmd.metrics"'
	# shellcheck disable=SC2086
	prom "pa$cmd" "$work" -- "$cmd" $args --listen-allow 10.0.0.0/8,::1
	effect "$cmd" --listen-allow "10.0.0.0/8,::1: 127.0.0.1's GET closed unanswered (without it: $line)" \
		'[ "$RC" = 0 ] && [ ! -s "$TMP/pa$cmd.metrics" ] && grep -qxF -- "$line" "$TMP/px$cmd.metrics"'
	# shellcheck disable=SC2086
	go "pt$cmd" "$work" -- "$cmd" $args --prometheus-textfile "$TMP/pt$cmd.prom"
	effect "$cmd" --prometheus-textfile "the file holds $line at the end (no file without it)" \
		'grep -qxF -- "$line" "$TMP/pt$cmd.prom" && [ ! -e "$TMP/px$cmd.prom" ]'
	# shellcheck disable=SC2086
	go "pq$cmd" "$work" -- "$cmd" $args --prometheus-textfile "$TMP/pq$cmd.prom" --quiet
	effect "$cmd" --quiet "nothing on stdout (without it, its output), the file written" \
		'[ ! -s "$TMP/pq$cmd.out" ] && [ -s "$TMP/pt$cmd.out" ] && grep -qxF -- "$line" "$TMP/pq$cmd.prom"'
done <<'ROWS'
count-uid|--uid 65534 --interval 0.3 --count 4|execs|ebpfhello_execs_total{uid="65534"} 7
count-syscall|--uid 65534 --syscall getppid --interval 0.3 --count 4|storm|ebpfhello_syscalls_total{syscall="getppid"} 3000
events|--uid 65534 --duration 1.2|execs|ebpfhello_events_total 7
tail|--comm ehtail --ignore-all-others --duration 1.2|tl_work|ebpfhello_tail_calls_total{handler="timer"} 3
ROWS
go pmu 'as_nobody "$W" exec 2 /bin/true; "$W" as 54321 /bin/true' -- \
	count-uid --interval 0.3 --count 2 --max-series 1 --prometheus-textfile "$TMP/pmu.prom"
effect count-uid --max-series "1: one uid of its own, the others in uid=\"other\" (none without it)" \
	'[ "$(grep -c "^ebpfhello_execs_total{uid=\"[0-9]" "$TMP/pmu.prom")" = 1 ] &&
	 grep -q "^ebpfhello_execs_total{uid=\"other\"} " "$TMP/pmu.prom" &&
	 ! grep -q "uid=\"other\"" "$TMP/ptcount-uid.prom"'
go pms '"$W" --comm ehfold bursts 2 1 100 0' -- count-syscall --by pid --syscall getppid --comm ehfold \
	--cumulative --interval 0.3 --count 2 --max-series 1 --prometheus-textfile "$TMP/pms.prom"
effect count-syscall --max-series "1: one pid of its own (100), the other's 100 in pid=\"other\"" \
	'grep -qE "^ebpfhello_syscalls_total\{pid=\"[0-9]+\",comm=\"ehfold\"\} 100$" "$TMP/pms.prom" &&
	 grep -qx "ebpfhello_syscalls_total{pid=\"other\"} 100" "$TMP/pms.prom"'

# --- --explain: the machinery on stderr and in JSON; nothing of it without ------------
while IFS='|' read -r cmd args; do
	# shellcheck disable=SC2086
	go "ex$cmd" "$execs" -- "$cmd" --explain $args
	# shellcheck disable=SC2086
	go "exj$cmd" "$execs" -- "$cmd" --explain --json $args
	# shellcheck disable=SC2086
	go "ex0$cmd" "$execs" -- "$cmd" --json $args
	effect "$cmd" --explain "what runs on stderr, explain records in JSON (none without)" \
		'grep -q -- "--explain: what runs" "$TMP/ex$cmd.err" && ! grep -q -- "--explain" "$TMP/ex0$cmd.err" &&
		 [ "$(records "$TMP/exj$cmd.out" explain)" = 1 ] && [ "$(records "$TMP/exj$cmd.out" explain_stats)" -ge 1 ] &&
		 [ "$(records "$TMP/ex0$cmd.out" explain)" = 0 ] && [ "$(records "$TMP/ex0$cmd.out" explain_stats)" = 0 ]'
done <<'ROWS'
trace|--only-ours --duration 1
count-uid|--interval 0.3 --count 2
count-syscall|--interval 0.3 --count 2
events|--duration 1
tail|--ignore-all-others --duration 1
ROWS

# --- source ---------------------------------------------------------------------------
"$EH" source tail > "$TMP/src.c"
"$EH" source tail --headers > "$TMP/srch.c"
effect source --headers "emit.bpf.h and the others after the file (not without)" \
	'grep -qx "/\* ==== bpf/emit.bpf.h, included ==== \*/" "$TMP/srch.c" && ! grep -q "==== bpf/emit" "$TMP/src.c"'
"$EH" source tail --json > "$TMP/srcj.json"
"$EH" source tail --json --time iso > "$TMP/srcji.json"
json_output "$TMP/srcj.json"
json_output "$TMP/srcji.json"
effect source --json "one record holding the file, instead of the file" \
	'[ "$(jq -r .type "$TMP/srcj.json")" = source ] && [ "$(jq -r .path "$TMP/srcj.json")" = bpf/tail.bpf.c ] && grep -q "^SEC(" "$TMP/src.c"'
effect source --time "iso: ts is an RFC 3339 string, not seconds" \
	'[ "$(jq -r ".ts | type" "$TMP/srcji.json")" = string ] && [ "$(jq -r ".ts | type" "$TMP/srcj.json")" = number ]'
"$EH" source tail --xlated > "$TMP/srcx.txt" 2> "$TMP/srcx.err"
effect source --xlated "the loaded programs as translated, under their source lines (not without)" \
	'grep -qE "^ +[0-9]+: \([0-9a-f]{2}\) " "$TMP/srcx.txt" && grep -q "^; " "$TMP/srcx.txt" &&
	 ! grep -qE "^ +[0-9]+: \(" "$TMP/src.c"'
"$EH" source tail --xlated --verbose > /dev/null 2> "$TMP/srcxv.err"
effect source --verbose "--xlated says how it attached, on stderr" \
	'grep -q "attach raw_tp: ok" "$TMP/srcxv.err" && ! grep -q "attach raw_tp" "$TMP/srcx.err"'

# --- the event log (docs/deploy.md; logrotate and long storms: tests/deploy/logrotate.sh) ---
# --output: the records in the file, each with seq 0, 1, 2...; nothing on stdout
# --rotate-size 4K: rotated files, none larger; --rotate-keep 2: two of them kept
while IFS='|' read -r cmd args workvar type n; do
	work=${!workvar}
	rm -f "$TMP/of$cmd.ndjson"*
	# shellcheck disable=SC2086
	go "of$cmd" "$work" -- "$cmd" $args --output "$TMP/of$cmd.ndjson"
	json_output "$TMP/of$cmd.ndjson"
	effect "$cmd" --output "$n $type records in the file, seq 0..$((n + 1)) in order, stdout empty" \
		'[ "$(records "$TMP/of$cmd.ndjson" "$type")" = "$n" ] && [ ! -s "$TMP/of$cmd.out" ] &&
		 [ "$(jqs "$TMP/of$cmd.ndjson" "[.[].seq] == [range($n + 2)]")" = true ]'
done <<'ROWS'
events|--uid 65534 --count 7|execs|event|7
tail|--comm ehtail --ignore-all-others --count 3|tl_work|tail|3
trace|--only-ours --uid 65534 --count 7|execs|trace|7
ROWS
rotated() { find "$TMP" -maxdepth 1 -name "$1.ndjson.*" | wc -l; }
# full NAME SIZE: every rotated file was rotated because the next record
# would not fit (its size plus the first line of the file after it passes
# SIZE): no early rotation, so the number of files is the least the records
# fit in; how many that is depends on the records' length (pids, paths)
full() {
	local f=() k next
	for ((k = $(rotated "$1"); k >= 1; k--)); do f+=("$TMP/$1.ndjson.$k"); done
	f+=("$TMP/$1.ndjson")
	for ((k = 0; k + 1 < ${#f[@]}; k++)); do
		next=$(head -n 1 "${f[k + 1]}" | wc -c)
		[ $(($(stat -c %s "${f[k]}") + next)) -gt "$2" ] || return 1
	done
}
rm -f "$TMP"/ors.ndjson* "$TMP"/ork.ndjson*
go ors 'as_nobody "$W" exec 60 /bin/true' -- events --uid 65534 --count 61 --output "$TMP/ors.ndjson" \
	--rotate-size 4K --rotate-keep 100
go ork 'as_nobody "$W" exec 60 /bin/true' -- events --uid 65534 --count 61 --output "$TMP/ork.ndjson" \
	--rotate-size 4K --rotate-keep 2
cat "$TMP"/ors.ndjson* > "$TMP/ors.all"
json_output "$TMP/ors.all"
bytes=$(wc -c < "$TMP/ors.all")
effect events --rotate-size "4K: the 63 records ($bytes bytes) in files of at most 4096 bytes, each rotated when the next record would not fit ($(rotated ors) rotated)" \
	'[ "$(rotated ors)" -ge $(((bytes + 4095) / 4096 - 1)) ] && [ "$(rotated ors)" -ge 1 ] && full ors 4096 &&
	 [ "$(jqs "$TMP/ors.all" "[.[].seq] | sort == [range(63)]")" = true ] &&
	 [ -z "$(find "$TMP" -maxdepth 1 -name "ors.ndjson*" -size +4096c)" ]'
effect events --rotate-keep "2: FILE.1 and FILE.2 only, the newest records (100: $(rotated ors) files)" \
	'[ "$(rotated ork)" = 2 ] && [ -e "$TMP/ork.ndjson.2" ] &&
	 [ "$(jqs "$TMP/ork.ndjson" ".[-1].type")" = summary ]'
for cmd in tail trace; do
	# the same code as events' (cli/output_file.c, show/outfile.c): parsed, checked
	"$EH" "$cmd" --rotate-size 4K > /dev/null 2> "$TMP/rs$cmd.err"
	RC=$?
	"$EH" "$cmd" --output "$TMP/x" --rotate-keep 3 > /dev/null 2> "$TMP/rk$cmd.err"
	effect "$cmd" --rotate-size "needs --output (usage error, exit 2)" '[ "$RC" = 2 ] && grep -q "give --output" "$TMP/rs$cmd.err"'
	effect "$cmd" --rotate-keep "needs --rotate-size (usage error)" 'grep -q "is for --rotate-size" "$TMP/rk$cmd.err"'
done

# --- --unit, --container and --by (identity: docs/identity.md) -----------------------------
# A unit's and a container's cgroups of our own in the v2 hierarchy, named
# as systemd and docker name them; each row's work runs the same thing in
# both and on the host, and only the filtered one's may be seen.
# (Identity's every runtime, --by's keys, hostile names: tests/runtime/identity.sh.)
CG2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
IDH=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
IDU=ehtest-eff$$.service
IDP_U=ehtest.slice/$IDU IDP_C=system.slice/docker-$IDH.scope
if [ -z "$CG2" ] || ! mkdir -p "$CG2/$IDP_U" "$CG2/$IDP_C"; then
	fail "no cgroup2 hierarchy to make a unit's and a container's cgroups in (/proc/self/mountinfo)"
else
	# in P, as nobody: incgroup execs "as" (1, as root), it the workload
	# (2, as nobody), which execs N (as nobody)
	inu() { "$W" incgroup "$CG2/$IDP_U" "$W" as 65534 "$W" "$@"; }
	inc() { "$W" incgroup "$CG2/$IDP_C" "$W" as 65534 "$W" "$@"; }
	onhost() { as_nobody "$W" "$@"; }
	# 6 execs in the unit, 9 in the container, 5 on the host (4 of them
	# nobody's in each: as_nobody's "as" is this shell's exec)
	id_execs='inu exec 4 /bin/true; inc exec 7 /bin/true; onhost exec 3 /bin/true'
	for f in unit container; do
		if [ $f = unit ]; then a="--unit $IDU" n=6; else a="--container ${IDH:0:12}" n=9; fi
		# shellcheck disable=SC2086
		go idcu$f "$id_execs" -- count-uid --json $a --interval 1.5 --count 1
		effect count-uid --$f "only its $n execs, none of the other's or the host's" \
			"[ \"\$(jqs \"\$TMP/idcu$f.out\" '[.[] | select(.type == \"interval\")][0].total')\" = $n ]"
		# getppid: 300 in the unit, 700 in the container, 1100 on the host
		# shellcheck disable=SC2086
		go idcs$f 'inu getppid 300; inc getppid 700; onhost getppid 1100' -- \
			count-syscall --json $a --syscall getppid --interval 1 --count 1
		[ $f = unit ] && n=300 || n=700
		effect count-syscall --$f "only its $n getppid, none of the other's or the host's" \
			"[ \"\$(jqs \"\$TMP/idcs$f.out\" '[.[] | select(.type == \"interval\")][0].total')\" = $n ]"
		[ $f = unit ] && n=6 || n=9
		# shellcheck disable=SC2086
		go idev$f "$id_execs" -- events --json $a --duration 1.5
		effect events --$f "only its $n execs' records" "[ \"\$(records \"\$TMP/idev$f.out\" event)\" = $n ]"
		# shellcheck disable=SC2086
		go idtr$f "$id_execs" -- trace --json --only-ours $a --duration 1.5
		effect trace --$f "only its $n execs' lines" "[ \"\$(records \"\$TMP/idtr$f.out\" trace)\" = $n ]"
		# timers: 3 timer records each (--ignore-all-others: only the
		# handlers', timer and exec)
		[ $f = unit ] && w='inu timers' || w='inc timers'
		# shellcheck disable=SC2086
		go idtl$f "$w; onhost timers" -- tail --json $a --ignore-all-others --duration 1.5
		effect tail --$f "only its 3 timer records, not the host's 3" \
			"[ \"\$(jqs \"\$TMP/idtl$f.out\" '[.[] | select(.type == \"tail\" and .handler == \"timer\")] | length')\" = 3 ]"
	done
	# nobody's: 8 in the container, 5 + 4 on the host (the unit is no container)
	go idby "$id_execs" -- count-uid --json --by container --uid 65534 --interval 1.5 --count 1
	go idbyu "$id_execs" -- count-uid --json --uid 65534 --interval 1.5 --count 1
	effect count-uid --by "container: docker ${IDH:0:12} 8, the host 9; by uid (the default) 65534 17" \
		"[ \"\$(jqs \"\$TMP/idby.out\" '[.[] | select(.type == \"interval\")][0].counts[] | \"\\(.container.runtime // \"-\"):\\(.container.id // \"host\"):\\(.count)\"' | sort | tr '\\n' ' ')\" = \"-:host:9 docker:$IDH:8 \" ] &&
		 [ \"\$(jqs \"\$TMP/idbyu.out\" '[.[] | select(.type == \"interval\")][0].counts[] | \"\\(.uid):\\(.count)\"')\" = 65534:17 ]"
fi
[ -n "$CG2" ] && rmdir "$CG2/$IDP_U" "$CG2/$IDP_C" 2> /dev/null

# --- every option of every --help has a row ---------------------------------------------------
for cmd in $("$EH" --list-cmds); do
	for opt in $("$EH" "$cmd" --help | grep -oE '^ +(-[a-zA-Z?], )?--[a-z][a-z-]*' | sed 's/.*--/--/' | sort -u); do
		[ -n "${COVERED["$cmd $opt"]:-}" ] || fail "$cmd $opt: no effect test (add a row to tests/effects/effects.sh)"
	done
done
assert_nothing_attached "effects"
finish
