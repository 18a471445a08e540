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

# Programs of ours still loaded (all our BPF functions are named eh_*)
our_progs() { "$W" progs | awk '$2 ~ /^eh_/'; }
# Number of loaded programs, by bpftool when it is there
prog_count() {
	if command -v bpftool >/dev/null; then
		bpftool prog show | grep -cE '^[0-9]+:'
	else
		"$W" progs | wc -l
	fi
}
# Programs are freed after an RCU grace period once their last fd closes:
# allow the kernel up to 3 s before calling one "left behind".
assert_nothing_attached() {
	local left i
	for ((i = 0; i < 60; i++)); do
		left=$(our_progs)
		[ -z "$left" ] && break
		sleep 0.05
	done
	if [ -z "$left" ]; then pass "$1: no BPF program left loaded"
	else fail "$1: programs left loaded: $left"; fi
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

# as_nobody CMD...: run as uid/gid 65534
as_nobody() { "$W" as 65534 "$@"; }
