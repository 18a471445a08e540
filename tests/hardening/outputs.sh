#!/bin/bash
# Output that goes nowhere is a failure (issue 16, item 1): every command that
# loads programs, with stdout on a full device or closed, exits 1 by itself
# within a second (its first flush fails; it does not wait for an event or
# an interval), with one line on stderr naming the error, and leaves nothing
# loaded.  The commands without programs (--help, --version, --list...) are
# in tests/cli/cli.sh.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }

# JSON: the meta record is the first write, so the default interval (2 s)
# on purpose: the end must not wait for it.  Text has nothing to write
# before the first interval's lines.
CASES=(
	"count-uid --interval 0.5"
	"count-uid --json"
	"count-syscall --interval 0.5"
	"count-syscall --json"
	"events --count 1"
	"events --json --count 1"
	"tail --count 1"
	"trace"
	"trace --json"
	"features"
	"features --json"
)

for args in "${CASES[@]}"; do
	for out in full closed; do
		t0=$(now_ms)
		# shellcheck disable=SC2086
		if [ "$out" = full ]; then
			timeout -s KILL 10 "$EH" $args > /dev/full 2> "$TMP/err"
		else
			timeout -s KILL 10 "$EH" $args >&- 2> "$TMP/err"
		fi
		rc=$?
		ms=$(( $(now_ms) - t0 ))
		if [ "$out" = full ]; then
			want="ebpfhello ${args%% *}: cannot write the output (stdout): No space left on device"
		else
			want="ebpfhello ${args%% *}: cannot write the output (stdout): Bad file descriptor"
		fi
		if [ "$rc" = 1 ] && [ "$(cat "$TMP/err")" = "$want" ] && [ "$ms" -le 1000 ]; then
			pass "$args > $out: exit 1 in $ms ms, one line: $want"
		else
			fail "$args > $out: exit $rc after $ms ms, stderr: $(head -c 300 "$TMP/err" | tr '\n' '|')"
		fi
	done
done
assert_nothing_attached "after every failed output"

# A closed pipe stays the quiet, clean end it was (exit 0, nothing said)
for args in "count-uid --interval 0.1" "features" "features --json"; do
	# shellcheck disable=SC2086
	( "$EH" $args 2> "$TMP/err" | head -c 1 > /dev/null; echo "${PIPESTATUS[0]}" > "$TMP/rc" )
	check "$args | head -c 1: exit 0, nothing on stderr" [ "$(cat "$TMP/rc")" = 0 -a ! -s "$TMP/err" ]
done
assert_nothing_attached "after the closed pipes"
finish
