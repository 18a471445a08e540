#!/bin/bash
# Every subcommand: SIGINT and SIGTERM end it with exit 0 and a summary,
# a closed pipe ends it quietly, and nothing this run loaded stays loaded in
# the kernel, whatever its name (other tools on the host may load and keep
# theirs meanwhile: tests/runtime/foreign.sh runs this file beside them).
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

tracefs_before=$(tracefs_mounted && echo mounted || echo unmounted)

# name and arguments of each streaming/counting subcommand
declare -A CMDS=(
	[trace]="trace --json"
	[count-uid]="count-uid --json --interval 0.2"
	[count-syscall]="count-syscall --json --interval 0.2"
	[events]="events --json"
	[tail]="tail --json --ignore-all-others"
)

for name in "${!CMDS[@]}"; do
	for sig in INT TERM; do
		# shellcheck disable=SC2086
		start_tool "$name-$sig" ${CMDS[$name]} || continue
		"$W" exec 3 /bin/true
		sleep 0.3
		stop_tool "$sig"
		out="$TMP/$name-$sig.out"
		check "$name: exit 0 on SIG$sig" [ "$TOOL_RC" = 0 ]
		check "$name: SIG$sig -> summary record, stopped_by SIG$sig" \
			[ "$(jqs "$out" '.[-1].type + " " + .[-1].stopped_by')" = "summary SIG$sig" ]
		check "$name: every line of output is a JSON object with a type" \
			[ "$(jq -c 'select(type == "object" and (.type | type) == "string")' "$out" | wc -l)" = "$(wc -l < "$out")" ]
		assert_nothing_attached "$name after SIG$sig"
	done
done

# A reader that goes away: SIGPIPE is a quiet, clean exit
for name in "${!CMDS[@]}"; do
	# shellcheck disable=SC2086
	( "$EH" ${CMDS[$name]} 2> "$TMP/pipe.err" | head -c 1 > /dev/null
	  echo "${PIPESTATUS[0]}" > "$TMP/pipe.rc" ) &
	pipeline=$!
	for _ in $(seq 40); do
		"$W" exec 2 /bin/true
		sleep 0.05
		kill -0 "$pipeline" 2>/dev/null || break
	done
	wait "$pipeline"
	check "$name | head -c 1: exit 0" [ "$(cat "$TMP/pipe.rc")" = 0 ]
	check "$name | head -c 1: nothing on stderr" [ ! -s "$TMP/pipe.err" ]
	assert_nothing_attached "$name after a closed pipe"
done

# --duration ends it by itself
start_tool dur count-uid --json --interval 0.2 --duration 0.7 || finish
wait_tool
check "--duration 0.7: exit 0, stopped_by duration" \
	[ "$TOOL_RC" = 0 -a "$(jqs "$TMP/dur.out" '.[-1].stopped_by')" = duration ]

# Errors after privilege checks leave nothing behind either
"$EH" count-uid --attach fentry --syscall getppid --interval 0.1 --count 1 > /dev/null 2>&1
assert_nothing_attached "a failed --attach"

# libbpf's feature probes too, not only the eh_* programs
assert_nothing_attached "the whole run, any program name" "^"
tracefs_after=$(tracefs_mounted && echo mounted || echo unmounted)
check "tracefs left as found ($tracefs_before before, $tracefs_after after)" \
	[ "$tracefs_before" = "$tracefs_after" ]
finish
