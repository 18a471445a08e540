#!/bin/bash
# The signal x output matrix (docs/exit-status.md), for every streaming command:
#
#   signals   SIGINT SIGTERM SIGHUP SIGPIPE SIGKILL
#   stdout    a terminal (script(1)), a file, a pipe, a stalled pipe (a reader
#             that reads the first line, then stops; its pipe is one page),
#             /dev/full, closed
#   commands  trace count-uid count-syscall events tail
#
# Each cell asserts what the document promises: the exit status, the summary
# (the last JSON record for a file, the stderr line for text), the end within
# 1 s of the signal (the stalled pipe too: the tool is seen blocked in write
# before it is signalled), the count of bytes not written, nothing loaded
# after.  SIGPIPE from kill is ignored (the run goes on, then a SIGINT ends
# it); the reader of the pipe going away is the documented EPIPE end instead.
#
# Cells of one command and signal run side by side (their outputs differ);
# trace's run one at a time, since trace_pipe takes one reader.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
LIMIT_MS=1000	# the documented bound from a signal to the end of the run
# full and closed stdout: no signal, the run ends at its first write, so the
# bound counts the start-up too (load, verify, attach), which a sanitized build
# (hardening/sanitize.sh sets EH_STARTUP_FACTOR) makes several times slower
START_MS=$((1000 * ${EH_STARTUP_FACTOR:-1}))
mkdir -p "$TMP/cells"

declare -A ARGS=(
	[trace]="trace"
	[count-uid]="count-uid --interval 0.01"
	[count-syscall]="count-syscall --interval 0.01"
	[events]="events"
	[tail]="tail"
)
# (the variables narrow a run down while debugging)
COMMANDS=${EH_MATRIX_COMMANDS:-trace count-uid count-syscall events tail}
SIGNALS=${EH_MATRIX_SIGNALS:-INT TERM HUP PIPE KILL}
OUTPUTS=${EH_MATRIX_OUTPUTS:-terminal file pipe stalled full closed}

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }

# records for every command: execs (trace, events, count-uid), syscalls (the rest)
load() { "$W" exec "${1:-5}" /bin/true; "$W" getppid 200 > /dev/null; }

# blocked PID: the tool sits in a write to the pipe
blocked() { grep -q pipe_write "/proc/$1/wchan" 2>/dev/null; }

# ends PID MS: waits up to MS for PID (not our child) to go
ends() {
	local i
	for ((i = 0; i < $2 / 10; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.01
	done
	! kill -0 "$1" 2>/dev/null
}

# cell CMD SIG OUT: one cell; its lines ("ok   - ..." / "FAIL - ...") in $TMP/cells/
cell() {
	local cmd=$1 sig=$2 out=$3 id="$1.$2.$3"
	local d=$TMP/cells/$id res=$TMP/cells/$id.res
	local json="" pid reader="" rc t0 t1 ms i name="$cmd SIG$sig > $out"
	mkdir -p "$d"
	# text on the terminal and the pipe, JSON elsewhere (a record is
	# bigger: the stalled pipe fills sooner)
	case $out in file|stalled) json=--json ;; esac
	# shellcheck disable=SC2086
	set -- ${ARGS[$cmd]} $json
	{
	case $out in
	terminal)
		# the tool's stdout (and stdin) is the terminal script(1) makes
		script -qfec "echo \$\$ > '$d/pid'; exec '$EH' $* -v 2> '$d/err'" "$d/tty" \
			< /dev/null > /dev/null 2>&1 &
		local outer=$!
		wait_for "$d/pid" '^[0-9]+$' 10
		pid=$(cat "$d/pid") ;;
	file)
		"$EH" "$@" -v > "$d/out" 2> "$d/err" &
		pid=$! ;;
	pipe|stalled)
		mkfifo "$d/fifo"
		if [ "$out" = pipe ]; then
			cat "$d/fifo" > "$d/out" &
		else
			"$PY" "$HERE/stall_reader.py" "$d/fifo" "$d/ready" &
		fi
		reader=$!
		"$EH" "$@" -v > "$d/fifo" 2> "$d/err" &
		pid=$! ;;
	full|closed)
		# fails at its first write, by itself: no signal needed
		t0=$(now_ms)
		if [ "$out" = full ]; then "$EH" "$@" > /dev/full 2> "$d/err" &
		else "$EH" "$@" >&- 2> "$d/err" & fi
		pid=$!
		if ends "$pid" $((START_MS + 2000)); then wait "$pid"; rc=$?; else kill -KILL "$pid"; wait "$pid" 2>/dev/null; rc=timeout; fi
		t1=$(now_ms)
		local want="No space left on device"
		[ "$out" = closed ] && want="cannot write the output (stdout): Bad file descriptor"
		if [ "$rc" = 1 ] && [ "$(wc -l < "$d/err")" = 1 ] && grep -qF "$want" "$d/err" &&
		   [ $((t1 - t0)) -le "$START_MS" ]; then
			echo "ok   - $name: exit 1 by itself in $((t1 - t0)) ms, one line: $want"
		else
			echo "FAIL - $name: exit $rc after $((t1 - t0)) ms, stderr: $(head -c 300 "$d/err" | tr '\n' '|')"
		fi
		return ;;
	esac

	if ! wait_for "$d/err" "attached via" 20; then
		echo "FAIL - $name: did not attach: $(head -c 300 "$d/err" | tr '\n' '|')"
		kill -KILL "$pid" $reader 2>/dev/null
		return
	fi
	if [ "$out" = stalled ]; then
		wait_for "$d/ready" stalled 10
		for ((i = 0; i < 30; i++)); do
			blocked "$pid" && break
			load 10 > /dev/null 2>&1
		done
		if ! blocked "$pid"; then
			echo "FAIL - $name: the tool never blocked on the stalled pipe ($(cat "/proc/$pid/wchan" 2>/dev/null))"
			kill -KILL "$pid" $reader 2>/dev/null
			return
		fi
	else
		load 5 > /dev/null 2>&1
		sleep 0.1
	fi

	if [ "$sig" = PIPE ]; then
		kill -PIPE "$pid"
		sleep 0.3
		if kill -0 "$pid" 2>/dev/null; then
			echo "ok   - $name: SIGPIPE from kill is ignored, the run goes on"
		else
			echo "FAIL - $name: SIGPIPE ended the run"
		fi
		if [ "$out" = pipe ]; then
			# the reader goes away: the next write fails with EPIPE, a quiet end
			kill "$reader"
			wait "$reader" 2>/dev/null
			reader=
			t0=$(now_ms)
			for ((i = 0; i < 20; i++)); do
				kill -0 "$pid" 2>/dev/null || break
				load 2 > /dev/null 2>&1
			done
		else
			sig=INT
			t0=$(now_ms)
			kill -INT "$pid"
		fi
	else
		t0=$(now_ms)
		kill -"$sig" "$pid"
	fi
	if [ "$out" = terminal ]; then
		ends "$pid" 3000
		t1=$(now_ms)
		wait "$outer"
		rc=$?
	elif ends "$pid" 3000; then
		t1=$(now_ms)
		wait "$pid" 2>/dev/null
		rc=$?
	else
		t1=$(now_ms)
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
		rc="none (killed after 3 s)"
	fi
	ms=$((t1 - t0))
	[ -n "$reader" ] && { kill "$reader" 2>/dev/null; wait "$reader" 2>/dev/null; }

	local why="" want_rc=0
	[ "$sig" = KILL ] && want_rc=137
	[ "$out" = stalled ] && [ "$sig" != KILL ] && want_rc=1
	[ "$rc" = "$want_rc" ] || why+=" exit $rc (want $want_rc);"
	[ "$ms" -le "$LIMIT_MS" ] || why+=" ended $ms ms after the signal;"
	local ended="SIG$sig"
	case "$sig.$out" in
	KILL.*) ;;
	*.stalled)
		grep -qE "^ebpfhello $cmd: stdout is blocked \(its reader stopped reading\): [1-9][0-9]* bytes of output were not written$" "$d/err" ||
			why+=" no 'bytes of output were not written' line;" ;;
	PIPE.pipe)
		[ "$(grep -cv -e 'attach' "$d/err")" = 0 ] || why+=" stderr not quiet: $(grep -v attach "$d/err" | head -c 200);"
		ended="EPIPE" ;;
	*.file)
		[ "$(jq -s -r '.[-1] | "\(.type) \(.stopped_by)"' "$d/out" 2>/dev/null)" = "summary SIG$sig" ] ||
			why+=" last JSON record is not the summary (stopped_by SIG$sig): $(tail -c 200 "$d/out");" ;;
	*)
		grep -qE "^ebpfhello $cmd: .* stopped by SIG$sig$" "$d/err" ||
			why+=" no summary line on stderr: $(tail -c 200 "$d/err" | tr '\n' '|');" ;;
	esac
	if [ -z "$why" ]; then
		echo "ok   - $name: $ended -> exit $rc in $ms ms$([ "$out" = stalled ] && [ "$sig" != KILL ] && echo ", $(grep -oE '[0-9]+ bytes' "$d/err") not written")"
	else
		echo "FAIL - $name:$why"
	fi
	} > "$res" 2>&1
	# EH_MATRIX_KEEP=DIR keeps every cell's files (output, stderr) for a look
	[ -z "${EH_MATRIX_KEEP:-}" ] || cp -r "$d" "$EH_MATRIX_KEEP/$id"
}

t_start=$(now_ms)
for cmd in $COMMANDS; do
	for sig in $SIGNALS; do
		for out in $OUTPUTS; do
			# a subshell with stderr gone for good: bash reports a job
			# SIGKILL ended ("Killed") as the subshell exits
			( exec 2> /dev/null; cell "$cmd" "$sig" "$out" ) &
			[ "$cmd" = trace ] && wait
		done
		wait
		for out in $OUTPUTS; do
			# anything else a cell said (bash's "Killed") as a comment
			sed -E '/^(ok   |FAIL) - /!s/^/#   /' "$TMP/cells/$cmd.$sig.$out.res"
			grep -q '^FAIL' "$TMP/cells/$cmd.$sig.$out.res" && FAILS=$((FAILS + 1))
		done
		assert_nothing_attached "$cmd, SIG$sig, all outputs"
	done
done
echo "# the matrix took $(( ($(now_ms) - t_start) / 1000 )) s"
finish
