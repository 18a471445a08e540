# Shared helpers for tests/cli and tests/runtime (bash).  Sourced, not run.
#
#   EH           the ebpfhello binary
#   EH_WORKLOAD  tests/helpers/ehworkload (static)
#
# Every check prints "ok   - ..." or "FAIL - ..."; finish exits non-zero if
# any failed.  Runtime tests never skip: require_root fails loudly.

set -u
EH=${EH:?set EH to the ebpfhello binary}
W=${EH_WORKLOAD:?set EH_WORKLOAD to the ehworkload helper}
TMP=$(mktemp -d /tmp/eh-test.XXXXXX)
chmod 755 "$TMP"
# Marks this run's processes (inherited by all of them): what is held by a
# process without it belongs to someone else (our_progs)
export EH_TEST_RUN=${TMP##*/}

# Tests run programs as other users (as_nobody, "$W" as UID), who cannot
# reach a build under a mode-700 directory (a clone in /root, where `sudo
# -i` leads): every test runs copies of the binaries from $TMP (mode 755).
# EH stays exported, so what a test starts (bash -c, sub-tests) runs them too.
EH_BUILT=$EH	# the build's own, where the build put it
mkdir "$TMP/exe" && cp "$EH" "$TMP/exe/ebpfhello" && cp "$W" "$TMP/exe/ehworkload" ||
	{ echo "FAIL - cannot copy $EH and $W to $TMP/exe, where the tests run them from"; exit 1; }
EH=$TMP/exe/ebpfhello
W=$TMP/exe/ehworkload
if [ "$(id -u)" = 0 ] && ! (cd / && "$W" as 65534 "$W" getppid 0) > /dev/null 2>&1; then
	echo "FAIL - uid 65534 cannot run $W: the tests run programs as that user from" \
	     "$TMP (is /tmp mounted noexec, or not world-searchable?)"
	exit 1
fi
FAILS=0
TOOL_PID=
TOOL_RC=
JSON_OUTPUTS=()	# every --json output of the run, validated against docs/schema.json

cleanup() {
	if [ -n "$TOOL_PID" ] && kill -0 "$TOOL_PID" 2>/dev/null; then
		kill -KILL "$TOOL_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; FAILS=$((FAILS + 1)); }

# check "description" command...: passes when the command succeeds
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# expect "description" 'shell condition': for conditions with && and ||
expect() {
	if eval "$2"; then pass "$1"; else fail "$1"; fi
}

# schema_check FILE...: every line is a record that docs/schema.json allows
schema_check() {
	local out f
	# a test VM has no python: the files go back to the host, which checks
	# them (tests/vm/inside.sh and run.sh)
	if [ -n "${EH_SCHEMA_LATER:-}" ]; then
		for f in "$@"; do cp "$f" "$EH_SCHEMA_LATER/$(basename "$0" .sh).$(basename "$f")"; done
		echo "# schema: $# files for the host to check"
		return
	fi
	if out=$(/usr/bin/python3 "$EH_TESTS/schema/validate.py" "$EH_TESTS/../docs/schema.json" "$@" 2>&1); then
		pass "schema: $out"
	else
		fail "schema: $out"
	fi
}

# json_output FILE: a --json output to validate at the end
json_output() { JSON_OUTPUTS+=("$1"); }

finish() {
	[ "${#JSON_OUTPUTS[@]}" -gt 0 ] && schema_check "${JSON_OUTPUTS[@]}"
	if [ "$FAILS" -ne 0 ]; then
		echo "# $FAILS check(s) failed"
		exit 1
	fi
	echo "# all passed"
	exit 0
}

require_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "FAIL - runtime tests load real BPF programs and need root;" \
		     "run ctest as root (they never skip)"
		exit 1
	fi
}

# wait_for FILE REGEX SECONDS
wait_for() {
	local i n=$(( $3 * 20 ))
	for ((i = 0; i < n; i++)); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# --- the programs this run loaded -----------------------------------------------
# The host may run other BPF tools meanwhile (another ebpfhello, bpftrace, a
# count-syscall a user left running): a test judges only its own programs.
# Not ours: a program loaded before this test began (PROGS_BEFORE), or one
# that only processes of someone else hold (an fd of the program or of a
# link to it, without this run's EH_TEST_RUN in their environment and not
# claimed by the test: claim_pids).  Ours:
# a program loaded since, held by one of our processes, or by none (pinned,
# attached with nothing holding it: left behind).
PROGS_BEFORE=" "
[ "$(id -u)" = 0 ] && PROGS_BEFORE=" $("$W" progs 2> /dev/null | awk '{ printf "%s ", $1 }')"
# claim_pids PID...: processes this test started that do not inherit its
# environment (a container's, whose environment is the manifest's): theirs
# are ours too
OUR_PIDS=" "
claim_pids() { OUR_PIDS+="$* "; }
# run_progs [REGEX]: "id name run_cnt run_time_ns" of this run's programs
# whose name matches REGEX (default: any)
run_progs() {
	local new holders pid id ours=" " foreign=" "
	new=$("$W" progs | awk -v before="$PROGS_BEFORE" -v re="${1:-.}" \
		'index(before, " " $1 " ") == 0 && $2 ~ re')
	[ -n "$new" ] || return 0
	# prog_id lines of /proc/PID/fdinfo/FD: programs and links
	holders=$(grep -s '^prog_id:' /proc/[0-9]*/fdinfo/* | awk -F '[/: \t]+' '{ print $3, $NF }' | sort -u)
	while read -r pid id; do
		[ -n "$pid" ] || continue
		if [[ $OUR_PIDS == *" $pid "* ]] ||
		   tr '\0' '\n' < "/proc/$pid/environ" 2> /dev/null | grep -qxF "EH_TEST_RUN=$EH_TEST_RUN"; then
			ours+="$id "
		else
			foreign+="$id "
		fi
	done <<< "$holders"
	awk -v ours="$ours" -v foreign="$foreign" \
		'index(ours, " " $1 " ") || !index(foreign, " " $1 " ")' <<< "$new"
}
# Programs of ours still loaded (all our BPF functions are named eh_*)
our_progs() { run_progs '^eh_'; }
# Programs are freed after an RCU grace period once their last fd closes:
# allow the kernel up to 3 s before calling one "left behind".
# assert_nothing_attached WHAT [REGEX]: none of this run's programs (named
# eh_*, or matching REGEX) is still loaded
assert_nothing_attached() {
	local left i
	for ((i = 0; i < 60; i++)); do
		left=$(run_progs "${2:-^eh_}")
		[ -z "$left" ] && break
		sleep 0.05
	done
	if [ -z "$left" ]; then pass "$1: no BPF program of this run left loaded"
	else fail "$1: programs of this run left loaded: $(tr '\n' ';' <<< "$left")"; fi
}

# trace_pipe takes one reader at a time.  trace_pipe_reader: "pid N (comm)"
# of a process reading it, if any
trace_pipe_reader() {
	local fd pid
	fd=$(find /proc/[0-9]*/fd -maxdepth 1 -lname '*tracing/trace_pipe' 2> /dev/null | head -1)
	[ -n "$fd" ] || return 0
	pid=${fd#/proc/}
	pid=${pid%%/*}
	echo "pid $pid ($(cat "/proc/$pid/comm" 2> /dev/null))"
}
# require_trace_pipe: a test that reads trace_pipe (through ebpfhello trace)
# fails in one line, first, when another process holds it
require_trace_pipe() {
	local who
	who=$(trace_pipe_reader)
	[ -z "$who" ] && return 0
	echo "FAIL - $who is reading trace_pipe, which takes one reader at a time, and this test" \
	     "runs ebpfhello trace: stop that reader and run the test again"
	exit 1
}

tracefs_mounted() { grep -q " /sys/kernel/tracing tracefs " /proc/mounts; }

# start_tool NAME ARGS...: runs ebpfhello ARGS -v in the background and
# waits until it has attached.  Output in $TMP/NAME.out, stderr in .err.
start_tool() {
	local name=$1 a
	shift
	for a in "$@"; do [ "$a" = --json ] && json_output "$TMP/$name.out"; done
	# emptied here, not by the child's redirection: a name used before
	# would otherwise still say "attached via" while the new tool loads
	: > "$TMP/$name.err"
	"$EH" "$@" -v > "$TMP/$name.out" 2>> "$TMP/$name.err" &
	TOOL_PID=$!
	if ! wait_for "$TMP/$name.err" "attached via" 30; then
		fail "$name: did not attach: $(tr '\n' ' ' < "$TMP/$name.err")"
		kill -KILL "$TOOL_PID" 2>/dev/null
		wait "$TOOL_PID" 2>/dev/null
		TOOL_PID=
		return 1
	fi
}

# stop_tool SIGNAL: signals the tool started last and waits; sets TOOL_RC
stop_tool() {
	kill -"$1" "$TOOL_PID"
	wait "$TOOL_PID"
	TOOL_RC=$?
	TOOL_PID=
}

# wait_tool: waits for the tool to end by itself; sets TOOL_RC
wait_tool() {
	wait "$TOOL_PID"
	TOOL_RC=$?
	TOOL_PID=
}

# What `features` says: available MODE -> 0 when the kernel offers it
FEATURES_JSON=
available() {
	[ -n "$FEATURES_JSON" ] || FEATURES_JSON=$("$EH" features --json)
	[ "$(jq -r ".attach.\"$1\".available" <<< "$FEATURES_JSON")" = true ]
}

# offered CMD MODE -> 0 when MODE is available and CMD takes it here: fentry
# types its targets' arguments through the kernel's BTF, and a kernel may
# describe one of CMD's syscall functions too poorly for it (5.10 and
# execveat: events then refuses fentry in one line, exit 1)
offered() {
	available "$2" || return 1
	[ "$2" = fentry ] || return 0
	local v=OFFERED_fentry_${1//-/_}
	if [ -z "${!v:-}" ]; then
		"$EH" "$1" --attach fentry --duration 0.1 > /dev/null 2>&1 && printf -v "$v" yes || printf -v "$v" no
	fi
	[ "${!v}" = yes ]
}

# has_feature NAME -> 0 when `features` says the kernel has it (btf, ringbuf...)
has_feature() {
	[ -n "$FEATURES_JSON" ] || FEATURES_JSON=$("$EH" features --json)
	[ "$(jq -r ".features.\"$1\".available" <<< "$FEATURES_JSON")" = true ]
}

# The documented auto choice for named syscalls: the first mode offered of
# kprobe, fentry, exec (execve only), tracepoint, raw_tp, tp_btf
auto_choice() {
	local m
	for m in "$@"; do
		if available "$m"; then echo "$m"; return; fi
	done
	echo none
}

# start_child WORK...: a workload that prints its pid and waits for
# $TMP/go before working, so a tool can be started with --pid first.
# Sets CHILD (to wait for) and CHILD_PID.  The old pid file goes first: the
# new child truncates it only once it runs.
start_child() {
	rm -f "$TMP/go" "$TMP/child.pid"
	"$W" --go "$TMP/go" "$@" > "$TMP/child.pid" &
	CHILD=$!
	wait_for "$TMP/child.pid" '^[0-9]+$' 30 || fail "the workload did not start: $*"
	CHILD_PID=$(cat "$TMP/child.pid")
}

# jq over a file of NDJSON: jqs FILE FILTER (slurped)
jqs() { jq -s -r "$2" "$1"; }

# as_nobody CMD...: run as uid/gid 65534, from / (our working directory may
# be one that user cannot enter)
as_nobody() { (cd / && exec "$W" as 65534 "$@"); }
