#!/bin/bash
# events --ancestors, --exits, --tree and exec ids (issue 21), judged against
# tests/helpers/ehlineage: known chains, orphans reparented to init or to a
# subreaper, a thread's exec, each way a process ends.  The helper says what
# it did (pids, comms, the ppid chain /proc showed, waitpid's statuses, the
# lifetimes it measured); strace -f says it again of the chain, on the host.
# Everything runs as uid 65534 in a cgroup of its own, and the tool watches
# --uid 65534 --cgroup that: the records judged are our processes' only,
# whatever else runs beside (cli tests run programs as 65534 too).
. "$(dirname "$0")/../lib.sh"
require_root

L=${EH_LINEAGE:?set EH_LINEAGE to the ehlineage helper}
cp "$L" "$TMP/exe/ehlineage" || { fail "cannot copy $L to $TMP/exe"; finish; }
L=$TMP/exe/ehlineage
BOOT=$(tr -d '-' < /proc/sys/kernel/random/boot_id)
JUDGE=$EH_TESTS/runtime/lineage_judge.jq
# this shell and its ancestors: exec'd before any tool of ours started
PRE=$$
p=$$
while p=$(awk '{ sub(/.*\) /, ""); print $2 }' "/proc/$p/stat") && [ "$p" -gt 0 ]; do PRE+=",$p"; done
PRE="[$PRE]"
CG=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CG" ] || { fail "no cgroup2 mount in /proc/self/mountinfo: the test runs its programs in a cgroup (v2) of its own"; finish; }
MINE=$CG/eh-lineage-$EH_TEST_RUN
mkdir "$MINE" || { fail "cannot make the cgroup $MINE"; finish; }
trap 'rmdir "$MINE" 2> /dev/null; cleanup' EXIT
# in_mine CMD...: CMD as uid 65534 in our cgroup ("incgroup" and "as" exec
# in turn: CMD keeps their pid)
in_mine() { (cd / && exec "$W" incgroup "$MINE" "$W" as 65534 "$@"); }
RUN=in_mine	# how watch runs the helper
# the same under strace -f (root's: it traces incgroup, as, then the helper)
strace_mine() {
	(cd / && exec strace -f -qq -xx -s 4096 -e trace=execve,exit_group -e signal=none \
		-o "$TMP/strace.log" "$W" incgroup "$MINE" "$W" as 65534 "$@")
}

# watch NAME TOOL-OPTION... -- HELPER-ARG...: the helper (in_mine) under
# events --json --uid 65534 --cgroup MINE TOOL-OPTION...; $TMP/NAME.truth is what the
# helper said, with a last "wait" line for its top process (its exit status,
# as the shell saw it), $TMP/NAME.out the records
watch() {
	local name=$1 opts=() rc top
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	start_tool "$name" events --json --uid 65534 --cgroup "$MINE" "${opts[@]}" || return 1
	"$RUN" "$L" "$@" > "$TMP/$name.truth"
	rc=$?
	sleep 0.3
	stop_tool INT
	top=$(jq -s '[.[] | select(.what == "exec" and (.top or .level == 0))][0].pid' "$TMP/$name.truth")
	jq -nc --argjson pid "$top" --argjson rc "$rc" \
		'{what: "wait", pid: $pid, exit_code: $rc, signal: null, core_dumped: false, top: true}' \
		>> "$TMP/$name.truth"
	check "$name: the helper ran (exit $rc) and the tool ended cleanly ($TOOL_RC)" [ "$rc" = 0 -a "$TOOL_RC" = 0 ]
}

# judge NAME N DESCRIPTION: the records of NAME agree with its truth
judge() {
	local problems
	problems=$(jq -n -r --slurpfile o "$TMP/$1.out" --slurpfile t "$TMP/$1.truth" \
		--argjson n "$2" --arg boot "$BOOT" --argjson pre "$PRE" --argjson exits "${4:-true}" -f "$JUDGE" 2>&1)
	if [ -z "$problems" ]; then
		pass "$3"
	else
		fail "$3: $(head -5 <<< "$problems" | tr "\n" ";")"
	fi
}
truth() { jq -s -r "$2" "$TMP/$1.truth"; }

# --- usage: --ancestors is 1 to 16 --------------------------------------------------
for v in 0 17 abc -1; do
	"$EH" events --ancestors "$v" > "$TMP/usage.out" 2> "$TMP/usage.err"
	rc=$?
	check "--ancestors $v: exit 2, one line on stderr naming '$v' ($(head -c 160 "$TMP/usage.err"))" \
		bash -c "[ $rc = 2 ] && [ \$(wc -l < '$TMP/usage.err') = 1 ] && [ ! -s '$TMP/usage.out' ] &&
			 grep -qF -- \"--ancestors '$v'\" '$TMP/usage.err'"
done

# --- defaults unchanged: no exec ids, no ancestors, no exits -----------------------
watch plain -- chain 2
check "without the options no record has exec_id, ancestors or ancestors_more, and none is an exit" \
	[ "$(jqs "$TMP/plain.out" '[.[] | select(has("exec_id") or has("ancestors") or has("ancestors_more") or .type == "exit")] | length')" = 0 ]
n=$(jqs "$TMP/plain.out" '[.[] | select(.type == "event")] | length')
check "without the options the 3 execs are there all the same ($n: $(jqs "$TMP/plain.out" '[.[] | select(.type == "event") | .comm] | join(",")'))" \
	[ "$n" = 3 ]

# --- a 10-deep chain, all 16 ancestors asked for; strace -f judges it too --------
if [ -n "${EH_SCHEMA_LATER:-}" ]; then
	echo "# a test VM has no strace: the helper's own account is the judge there"
	watch chain --ancestors 16 --exits -- chain 10
elif ! command -v strace > /dev/null; then
	fail "strace is needed to judge the chain (third_party/install-deps.sh installs it)"
else
	RUN=strace_mine
	watch chain --ancestors 16 --exits -- chain 10
	RUN=in_mine
	# the first two execs (incgroup, as) are root's: not ours
	"$EH_TESTS/helpers/strace_execs.py" "$TMP/strace.log" |
		jq -s -c '[.[] | select(.ret == 0)][2:] | map(.pid)' > "$TMP/strace.pids"
	check "strace -f: its 11 successful execs are the records' pids, in order ($(cat "$TMP/strace.pids"))" \
		[ "$(cat "$TMP/strace.pids")" = "$(jqs "$TMP/chain.out" '[.[] | select(.type == "event") | .pid] | tojson')" -a \
		  "$(jq 'length' "$TMP/strace.pids")" = 11 ]
	sed -n 's/^\([0-9]*\) *exit_group(\([0-9]*\)).*/\1 \2/p' "$TMP/strace.log" | sort -n > "$TMP/strace.exits"
	check "strace -f: each process's exit_group status is its exit record's exit_code (11)" \
		[ "$(cat "$TMP/strace.exits")" = "$(jqs "$TMP/chain.out" '.[] | select(.type == "exit") | "\(.pid) \(.exit_code)"' | sort -n)" -a \
		  "$(wc -l < "$TMP/strace.exits")" = 11 ]
fi
check "chain: the helper made 11 execs (levels 0 to 10), each exiting its level" \
	[ "$(truth chain '[.[] | select(.what == "exec")] | length')" = 11 -a \
	  "$(truth chain '[.[] | select(.what == "wait" and (.top | not)) | .exit_code] | sort | tojson')" = "[1,2,3,4,5,6,7,8,9,10]" ]
judge chain 16 "chain of 10, --ancestors 16: every exec's ancestors are the helper's chain (pid and comm, nearest first, to pid 1), exec ids and exits exact"
check "chain: the deepest exec names its 10 helper ancestors, each with its own exec's exec_id" \
	[ "$(jqs "$TMP/chain.out" '[.[] | select(.type == "event")][-1].ancestors[:10] | map(.exec_id | type) | unique | tojson')" = '["string"]' ]

watch cut3 --ancestors 3 --exits -- chain 10
judge cut3 3 "chain of 10, --ancestors 3: three ancestors each, ancestors_more true where the chain went on"
check "--ancestors 3: levels 3 to 10 stop at 3 ancestors with ancestors_more" \
	[ "$(jqs "$TMP/cut3.out" '[.[] | select(.type == "event")][3:] | map("\(.ancestors | length) \(.ancestors_more)") | unique | tojson')" = '["3 true"]' ]

# --- orphans: reparented to init (or whichever reaper is above us), then to us
# as PR_SET_CHILD_SUBREAPER: the records name the new parent -----------------------
watch orphan --ancestors 16 --exits -- orphan
judge orphan 16 "orphans: the grandchild's exec and exit name its new parent (init's reaper, then the subreaper), the middle's exit has no exec id"
sub=$(truth orphan '[.[] | select(.case == "subreaper")][0] | "\(.pid) \(.ancestors[0].pid)"')
top=$(truth orphan '[.[] | select(.top and .what == "exec")][0].pid')
check "orphan: under the subreaper the grandchild's exec record says ppid = the subreaper ($sub, top $top)" \
	[ "$(jqs "$TMP/orphan.out" "[.[] | select(.type == \"event\" and .pid == ${sub% *})][0] | \"\(.pid) \(.ppid) \(.ancestors[0].pid)\"")" = "$sub ${sub#* }" -a "${sub#* }" = "$top" ]
reaper=$(truth orphan '[.[] | select(.case == "init")][0].ancestors[0] | "\(.pid) \(.comm)"')
echo "# orphan: without a subreaper the grandchild was reparented to $reaper"

# --- a thread that execs: the record is the thread group's -------------------------
watch thread --ancestors 16 --exits -- thread-exec
th=$(truth thread '[.[] | select(.what == "thread")][0] | "\(.tgid) \(.tid)"')
check "thread-exec: the helper's thread ($th) was not the leader, and the exec'd image has the tgid" \
	[ "${th% *}" != "${th#* }" -a "$(truth thread '[.[] | select(.what == "exec" and (.top | not))][0].pid')" = "${th% *}" ]
judge thread 16 "thread-exec: one exec record with pid = the thread group id, and one exit for the group (not one per thread)"
check "thread-exec: no record carries the exec'ing thread's own id (${th#* })" \
	[ "$(jqs "$TMP/thread.out" "[.[] | select(.pid == ${th#* })] | length")" = 0 ]

# --- what changes an ancestor after a record named it: a grandparent renamed,
# then its exec, then the parent's end (reparented); each record is read live --
watch changes --ancestors 16 -- changes
judge changes 16 "changes: each child's ancestors are what /proc showed: the grandparent renamed, then exec'd (its new exec id), the parent reparented" false
check "changes: 8 children, the grandparent named ehlineage for 2, ehl-renamed for 2, ehl-chg-g for 2, 2 under a new parent" \
	[ "$(truth changes '[.[] | select(.case == "child") | .ancestors[1].comm] | group_by(.) | map("\(.[0])=\(length)") | sort | join(" ")')" = \
	  "$(printf '%s\n' ehl-chg-g=2 ehl-renamed=2 ehlineage=2 "$(truth changes '[.[] | select(.case == "child")][-1].ancestors[1].comm')=2" | sort | tr '\n' ' ' | sed 's/ $//')" ]

# --- each way to end, lifetimes within what the helper measured -----------------
watch exits --exits -- exits
judge exits 0 "exits: exit 0, 3, 255, SIGKILL, SIGSEGV with and without a core, 0.3 s alive, multi-threaded (exit_group and the leader first), a fork that never exec'd: each as waitpid says, lifetime in bounds"
check "exits: the helper saw what it meant to (a core dumped once, a SIGKILL, 0.3 s lived)" \
	[ "$(truth exits '[.[] | select(.what == "wait" and .kind) | "\(.kind)=\(.exit_code // .signal)\(if .core_dumped then "+core" else "" end)"] | join(" ")')" = \
	  "exit0=0 exit3=3 exit255=255 kill=SIGKILL segv-core=SIGSEGV+core segv=SIGSEGV sleep=0 mt=4 mt-lead=$(truth exits '[.[] | select(.what == "wait" and .kind == "mt-lead")][0].exit_code') fork=9" -a \
	  "$(truth exits '[.[] | select(.what == "wait" and .kind == "sleep")][0].lower >= 0.3')" = true ]
for kind in kill segv-core; do
	want=$(truth exits "[.[] | select(.what == \"wait\" and .kind == \"$kind\")][0] | \"\(.pid) \(.signal) \(.core_dumped)\"")
	check "exits: the $kind child's record says ${want#* }" \
		[ "$(jqs "$TMP/exits.out" "[.[] | select(.type == \"exit\" and .pid == ${want%% *})][0] | \"\(.pid) \(.signal) \(.core_dumped)\"")" = "$want" ]
done

# --- text: exit lines (--cgroup adds the CGROUP column, last) ---------------------------
start_tool xtext events --exits --uid 65534 --cgroup "$MINE" || finish
in_mine "$L" exits > "$TMP/xtext.truth"
sleep 0.3
stop_tool INT
for kind in exit3 kill segv-core; do
	w=$(truth xtext "[.[] | select(.what == \"wait\" and .kind == \"$kind\")][0]")
	pid=$(jq .pid <<< "$w")
	how=$(jq -r 'if .exit_code != null then "exited \(.exit_code)" else "killed by \(.signal)\(if .core_dumped then " (core dumped)" else "" end)" end' <<< "$w")
	check "text --exits: the $kind child's line is TIME PID PPID UID COMM, then '$how after N.NNNs'" \
		grep -qE "^[0-9:.]+ +$pid +$(truth xtext '[.[] | select(.top)][0].pid') +65534 +ehl-$kind +${how//[()]/.} after [0-9]+\.[0-9]{3}s( ${MINE#"$CG"})?$" "$TMP/xtext.out"
done

# --- every attach mode on offer: the same lineage ------------------------------------
for mode in kprobe fentry exec tracepoint raw_tp tp_btf; do
	offered events "$mode" || continue
	watch "m_$mode" --attach "$mode" --ancestors 4 --exits -- chain 3
	judge "m_$mode" 4 "--attach $mode --ancestors 4 --exits: a chain of 3, exact"
done
# a failed exec (seen at syscall entry only) has no exec id: nothing was exec'd
entry=$(auto_choice kprobe fentry tracepoint raw_tp tp_btf)
start_tool failed events --json --results --ancestors 2 --attach "$entry" --uid 65534 --cgroup "$MINE" || finish
in_mine "$W" literal > /dev/null 2>&1
sleep 0.3
stop_tool INT
check "--results --ancestors 2 (--attach $entry): the failed exec's exec_id is null, the others' are ids" \
	[ "$(jqs "$TMP/failed.out" '[.[] | select(.type == "event") | "\(.ret == 0) \(.exec_id | type)"] | unique | join(",")')" = "false null,true string" ]

# --- filters apply to exits ----------------------------------------------------------
start_tool fcomm events --json --exits --comm ehl-exit3 || finish
in_mine "$L" exits > "$TMP/fcomm.truth"
sleep 0.3
stop_tool INT
p3=$(truth fcomm '[.[] | select(.what == "wait" and .kind == "exit3")][0].pid')
att=$(jqs "$TMP/fcomm.out" '.[0].attach')
# at syscall entry the exec's caller is still named ehlineage: no exec record
[ "$att" = exec ] && want_execs=1 || want_execs=0
check "--comm ehl-exit3 --exits: one exit record, that child's, exit_code 3; $want_execs exec record(s) (--attach $att)" \
	[ "$(jqs "$TMP/fcomm.out" '[.[] | select(.type == "exit") | "\(.pid) \(.exit_code)"] | join(",")')" = "$p3 3" -a \
	  "$(jqs "$TMP/fcomm.out" "[.[] | select(.type == \"event\" and .pid == $p3)] | length")" = "$want_execs" -a \
	  "$(jqs "$TMP/fcomm.out" '[.[] | select(.type == "event" or .type == "exit") | select(.comm != "ehl-exit3")] | length')" = 0 ]

# --- --tree: the drawing of a known chain ----------------------------------------
tree_lines() {	# the drawing, its time column told apart: C| context, R| record
	awk 'NR == 1 { print "H|" $0; next }
	     substr($0, 1, 13) == "             " { print "C|" substr($0, 14); next }
	     substr($0, 1, 13) ~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] $/ { print "R|" substr($0, 14); next }
	     { print "?|" $0 }' "$1" | sed -E 's/ after [0-9]+\.[0-9]{3}s$/ after Ns/'
}
start_tool tree events --tree --uid 65534 --cgroup "$MINE" || finish
in_mine "$L" chain 3 > "$TMP/tree.truth"
sleep 0.3
stop_tool INT
att=$(auto_choice kprobe fentry exec tracepoint raw_tp tp_btf)
# the execs, then the exits deepest first, each under its chain (to pid 1:
# the test's own tree is shallow enough for 16)
jq -s -r --arg att "$att" --arg first "$L" '
	def indent($d): if $d == 0 then "" else ([range($d - 1)] | map("    ") | join("")) + " \\_ " end;
	map(select(.what == "exec")) as $x
	| [ ($x[] | {pid, anc: .ancestors,
		    text: "\(if $att == "exec" then .comm else (.comm_before // "ehworkload") end) \(.filename // $first)"}),
	    ($x | reverse[] | {pid, anc: .ancestors, text: "\(.comm) exited \(.level) after Ns"}) ] as $recs
	| if any($x[]; (.ancestors | length) >= 16) then "the test runs too deep for an uncut drawing" else
	  "H|TIME         TREE",
	  (reduce $recs[] as $r ({chain: [], out: []};
		($r.anc | reverse) as $path
		| . as $s
		| ([range(0; [($path | length), ($s.chain | length)] | min) | select($s.chain[.] != $path[.].pid)][0]
		   // ([($path | length), ($s.chain | length)] | min)) as $d
		| .out += [range($d; $path | length) as $i | "C|" + indent($i) + "\($path[$i].pid) \($path[$i].comm)"]
		| .out += ["R|" + indent($path | length) + "\($r.pid) \($r.text)"]
		| .chain = ($path | map(.pid)) + [$r.pid]) | .out[]) end' "$TMP/tree.truth" > "$TMP/tree.want"
tree_lines "$TMP/tree.out" > "$TMP/tree.got"
if diff "$TMP/tree.want" "$TMP/tree.got" > "$TMP/tree.diff"; then
	pass "--tree: a chain of 3 is drawn as expected from the helper's account ($(wc -l < "$TMP/tree.got") lines)"
else
	fail "--tree: the drawing differs from the expected one (< expected, > got): $(head -20 "$TMP/tree.diff" | tr '\n' ';')"
fi

watch treejson --tree -- chain 2
check "--tree --json: records, no drawing (every line a JSON object)" \
	[ "$(jq -c . "$TMP/treejson.out" | wc -l)" = "$(wc -l < "$TMP/treejson.out")" ]
judge treejson 16 "--tree --json: the records of --ancestors 16 --exits"

assert_nothing_attached "lineage"
finish
