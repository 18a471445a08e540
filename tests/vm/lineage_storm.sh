#!/bin/bash
# Exec ids stay unique when pids wrap (issue 21): inside a test VM only (it
# lowers pid_max), ehlineage storm fork+execs N short-lived processes
# (default 100000; "eh.storm=N" on the kernel command line, EH_STORM_EXECS)
# with pid_max at 1000, under events --json --exits --comm ehl-storm.
# Checks: exec records + exit records + lost = every exec and exit there
# was; no two exec ids equal; pids did wrap; each exit's exec id is the id
# of an exec record of its pid, or the exit says exec_lost.
. "$(dirname "$0")/../lib.sh"
require_root
if [ -z "${EH_IN_VM:-}" ]; then
	echo "FAIL - lineage_storm.sh sets pid_max to 1000: it runs inside a test VM (tests/vm/run.sh," \
	     "EH_VM_APPEND=eh.tests=lineage_storm), never on a host"
	exit 1
fi
L=${EH_LINEAGE:?set EH_LINEAGE to the ehlineage helper}
n=${EH_STORM_EXECS:-$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^eh\.storm=//p')}
n=${n:-100000}
old=$(cat /proc/sys/kernel/pid_max)
# not start_tool: its outputs are validated whole by the host, and this one
# is tens of MB (the first records stand for it, below)
"$EH" events --json --exits --comm ehl-storm --buffer-size 16384 -v > "$TMP/storm.out" 2> "$TMP/storm.err" &
TOOL_PID=$!
wait_for "$TMP/storm.err" "attached via" 60 || { fail "did not attach: $(tr '\n' ' ' < "$TMP/storm.err")"; finish; }
echo 1000 > /proc/sys/kernel/pid_max
t0=$(date +%s.%N)
"$L" storm "$n" > "$TMP/storm.truth"
rc=$?
t1=$(date +%s.%N)
echo "$old" > /proc/sys/kernel/pid_max
sleep 1
stop_tool INT
echo "# storm: $n execs in $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }') s with pid_max 1000: $(jq -c 'select(has("execs"))' "$TMP/storm.truth")"
check "the storm ran: $n execs, none failed (exit $rc), the tool ended cleanly ($TOOL_RC)" \
	[ "$rc" = 0 -a "$TOOL_RC" = 0 -a "$(jq -r 'select(has("execs")) | "\(.execs) \(.failed)"' "$TMP/storm.truth")" = "$n 0" ]

# one line per record, small: E|X exec_id pid
out=$TMP/storm.out
jq -r 'select(.type == "event") | "E \(.exec_id) \(.pid)"' "$out" > "$TMP/execs"
jq -r 'select(.type == "exit") | "X \(.exec_id) \(.pid)"' "$out" > "$TMP/exits"
top=$(jq -r 'select(.top) | .pid' "$TMP/storm.truth")
lost=$(tail -1 "$out" | jq -r 'select(.type == "summary") | .lost')
ne=$(wc -l < "$TMP/execs")
nx=$(wc -l < "$TMP/exits")
echo "# storm: $ne exec records, $nx exit records, $lost lost"
# every child execs once and exits once; the storm's own process exits under
# that name too (its exec, as ehlineage, is not ehl-storm's)
check "exec records + exit records + lost = $n execs + $((n + 1)) exits ($ne + $nx + $lost)" \
	[ -n "$lost" ] && [ $((ne + nx + lost)) = $((2 * n + 1)) ]
check "no two exec records share an exec_id ($(cut -d' ' -f2 "$TMP/execs" | sort | uniq -d | head -3 | tr '\n' ' '))" \
	[ -z "$(cut -d' ' -f2 "$TMP/execs" | sort | uniq -d | head -1)" ]
boot=$(tr -d '-' < /proc/sys/kernel/random/boot_id)
check "every exec_id is <boot id>-<creation ns>-<its pid>-<exec count>" \
	[ "$(awk -v b="$boot" '{ split($2, f, "-"); if (f[1] != b || f[2] !~ /^[0-9]+$/ || f[3] != $3 || f[4] !~ /^[1-9][0-9]*$/) n++ } END { print n + 0 }' "$TMP/execs")" = 0 ]
reused=$(cut -d' ' -f3 "$TMP/execs" | sort | uniq -d | wc -l)
check "pids wrapped: $reused pids ran more than one of the execs (the helper saw $(jq -r 'select(has("reused")) | .reused' "$TMP/storm.truth") reuses)" \
	[ "$reused" -gt 0 ]
# each exit against the exec records: its id with its pid (an exit names its
# exec from its task, so one whose exec record was lost names it all the
# same: at most as many as were lost match none)
bad=$(awk 'FNR == NR { seen[$2 " " $3] = 1; next }
	   $3 == top { next }
	   !(($2 " " $3) in seen) { n++; if (n <= 3) ex = ex " " $0 }
	   END { print n + 0 ex }' top="$top" "$TMP/execs" "$TMP/exits")
check "every exit's exec_id is an exec record's with the same pid, but for lost ones ($bad; $lost lost)" \
	[ "${bad%% *}" -le "$lost" ]
# the schema: the first 1000 records stand for the rest (jq reads them all above)
head -1000 "$out" > "$TMP/storm.head"
json_output "$TMP/storm.head"
assert_nothing_attached "storm"
finish
