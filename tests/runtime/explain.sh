#!/bin/bash
# --explain: what it says about the programs and maps is what the kernel
# says (bpftool, read while the command runs), its run counts hold known
# workloads and add up, statistics go off however ebpfhello ends, tail's
# slots are the prog array's, and the text fits 80 columns.
. "$(dirname "$0")/../lib.sh"
require_root

# the kernel counts the instructions it verified from 5.16
kver=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
has_verified=false
[ "$kver" -ge 5016 ] && has_verified=true

explain_of() { jq -c 'select(.type == "explain")' "$1"; }

# same_as_bpftool NAME EXPLAIN: each program and map, field by field
same_as_bpftool() {
	local name=$1 ex=$2 id ours theirs n=0 bad="" w
	for id in $(jq -r '.programs[].id' <<< "$ex"); do
		ours=$(jq -c --argjson id "$id" '.programs[] | select(.id == $id) |
			{type, tag, bytes_xlated, bytes_jited, bytes_memlock, map_ids: (.map_ids | sort), btf_id}' <<< "$ex")
		theirs=$(bpftool --json prog show id "$id" | jq -c '{type, tag, bytes_xlated,
			bytes_jited: (.bytes_jited // 0), bytes_memlock, map_ids: ((.map_ids // []) | sort), btf_id: (.btf_id // 0)}')
		[ "$ours" = "$theirs" ] || bad+=" prog $id: ours $ours, bpftool $theirs;"
		# bpftool names a program as the kernel keeps it (15 bytes), or in
		# full from its BTF (bpftool 7.1 and later)
		bpftool --json prog show id "$id" | jq -e --argjson ex "$ex" --argjson id "$id" \
			'.name as $n | $ex.programs[] | select(.id == $id) | $n == .name or $n == .kernel_name' > /dev/null ||
			bad+=" prog $id: name differs;"
		# bookworm's bpftool (7.1) does not print verified_insns: the kernel's
		# own answer, read by ehworkload's raw bpf(2), and bpftool's where it has it
		w=$("$W" progs | awk -v id="$id" '$1 == id { print $5 }')
		ours=$(jq -r --argjson id "$id" '.programs[] | select(.id == $id) | .verified_insns // "-"' <<< "$ex")
		[ "$ours" = "$w" ] || bad+=" prog $id: verified_insns $ours, the kernel says $w;"
		theirs=$(bpftool --json prog show id "$id" | jq -r '.verified_insns // empty')
		[ -z "$theirs" ] || [ "$ours" = "$theirs" ] || bad+=" prog $id: verified_insns $ours, bpftool $theirs;"
		n=$((n + 1))
	done
	for id in $(jq -r '.maps[].id' <<< "$ex"); do
		# a hash without preallocation grows its memory as it fills (from
		# 6.4 the kernel reports what it uses): compared where it is fixed
		ours=$(jq -c --argjson id "$id" '.maps[] | select(.id == $id) |
			{type, name: .kernel_name, flags, bytes_key, bytes_value, max_entries, btf_id,
			 bytes_memlock: (if .flags % 2 == 1 then null else .bytes_memlock end)}' <<< "$ex")
		theirs=$(bpftool --json map show id "$id" | jq -c '{type, name, flags, bytes_key, bytes_value,
			max_entries, btf_id: (.btf_id // 0),
			bytes_memlock: (if .flags % 2 == 1 then null else .bytes_memlock end)}')
		[ "$ours" = "$theirs" ] || bad+=" map $id: ours $ours, bpftool $theirs;"
		n=$((n + 1))
	done
	check "$name: $n programs and maps as bpftool shows them${bad:+:$bad}" [ -z "$bad" -a "$n" -gt 1 ]
	check "$name: every program and map says what it is in the book ($(jq -c '[(.programs[], .maps[]) | select(has("book") | not) | .name]' <<< "$ex"))" \
		jq -e '[(.programs[], .maps[]) | has("book")] | all' <<< "$ex"
	if $has_verified; then
		check "$name: every program has the verifier's count (kernel $(uname -r))" \
			jq -e '[.programs[] | has("verified_insns")] | all' <<< "$ex"
	else
		check "$name: no program has a verifier's count before 5.16 (absent, not 0)" \
			jq -e '[.programs[] | has("verified_insns")] | any | not' <<< "$ex"
	fi
}

# --- every command: programs and maps against bpftool, while it runs ----------
stats_before=$(cat /proc/sys/kernel/bpf_stats_enabled)
while IFS='|' read -r cmd args; do
	# shellcheck disable=SC2086
	start_tool "b_$cmd" "$cmd" --explain --json $args || continue
	if wait_for "$TMP/b_$cmd.out" '"type":"explain"' 10; then
		same_as_bpftool "$cmd --explain" "$(explain_of "$TMP/b_$cmd.out")"
	else
		fail "$cmd --explain: no explain record"
	fi
	stop_tool INT
	check "$cmd --explain: exit 0, records meta, explain, ... summary" \
		[ "$TOOL_RC" = 0 -a "$(jqs "$TMP/b_$cmd.out" '.[0].type + "," + .[1].type + "," + .[-1].type')" = "meta,explain,summary" ]
done <<'ROWS'
trace|--only-ours
count-uid|--interval 0.5
count-uid|--by cgroup --interval 0.5
count-syscall|--by comm --interval 0.5
events|
tail|--ignore-all-others
ROWS

# --- run counts of known workloads, and reports that add up ----------------------
# sums NAME FILE PROG: runs over the explain_stats records, and the last total
sums() {
	jqs "$2" "[.[] | select(.type == \"explain_stats\") | .programs[] | select(.name | test(\"$3\"))] |
		[(map(.runs) | add), last.runs_total] | map(tostring) | join(\" \")"
}
start_tool cu count-uid --explain --json --interval 0.3 || finish
as_nobody "$W" exec 50 /bin/true
sleep 0.7
stop_tool INT
read -r added total <<< "$(sums cu "$TMP/cu.out" '^eh_cu_')"
check "count-uid: 51 execs -> its program ran at least 51 times ($total)" [ "${total:-0}" -ge 51 ]
check "count-uid: the reports' runs add up to the total ($added = $total)" [ "${added:-x}" = "${total:-y}" ]
check "count-uid: as many explain_stats as intervals, the last one final" \
	[ "$(jqs "$TMP/cu.out" '([.[] | select(.type == "interval")] | length) == ([.[] | select(.type == "explain_stats")] | length) and ([.[] | select(.type == "explain_stats")] | last | .final)')" = true ]

start_tool cs count-syscall --explain --json --interval 0.3 || finish
as_nobody "$W" getppid 20000
sleep 0.7
stop_tool INT
read -r added total <<< "$(sums cs "$TMP/cs.out" '^eh_cs_')"
check "count-syscall: 20000 getppid -> its sys_enter program ran at least 20000 times ($total)" \
	[ "${total:-0}" -ge 20000 ]
check "count-syscall: the reports' runs add up to the total ($added = $total)" [ "${added:-x}" = "${total:-y}" ]
check "count-syscall: ns per run and CPU share given where it ran" \
	[ "$(jqs "$TMP/cs.out" '[.[] | select(.type == "explain_stats") | .programs[] | select(.runs > 0) | (.ns_per_run > 0 and .cpu_share > 0)] | all')" = true ]

# a stream: tail's handlers by its own counts, the buffer's records
start_tool tl tail --explain --json --comm ehtail || finish
"$W" --comm ehtail timers > /dev/null
as_nobody "$W" exec 20 /bin/true
sleep 2.5
stop_tool TERM
read -r added total <<< "$(sums tl "$TMP/tl.out" '^eh_tail_exec$')"
check "tail: eh_tail_exec counted by the command (the kernel does not count tail calls)" \
	[ "$(jqs "$TMP/tl.out" '[.[] | select(.type == "explain_stats") | .programs[] | select(.name == "eh_tail_exec") | .counted_by] | unique | join(",")')" = command ]
check "tail: its runs add up ($added = $total), and equal the summary's exec handler" \
	[ "${added:-x}" = "${total:-y}" -a "$total" = "$(jqs "$TMP/tl.out" '.[-1].handlers.exec')" ]
check "tail: a report every 2 s and one at the end (at least 2)" \
	[ "$(jqs "$TMP/tl.out" '[.[] | select(.type == "explain_stats")] | length')" -ge 2 ]
check "tail: the buffer's records add up to the events the summary counts" \
	[ "$(jqs "$TMP/tl.out" '([.[] | select(.type == "explain_stats") | .buffer.records] | add) == .[-1].events')" = true ]

# --- tail's slots are the prog array's --------------------------------------------
start_tool slots tail --explain --json --handler exec=execve,execveat --handler timer= --ignore read,write || finish
ex=$(explain_of "$TMP/slots.out")
mid=$(jq -r '.maps[] | select(.name == "handlers") | .id' <<< "$ex")
ours=$(jq -c '[.maps[] | select(.name == "handlers") | .slots[] | {index, prog_id}] | sort' <<< "$ex")
theirs=$(bpftool --json map dump id "$mid" | jq -c '[.[] | {index: .formatted.key, prog_id: .formatted.value}] | sort')
stop_tool INT
check "tail: the slots explain lists are bpftool map dump's ($ours)" [ -n "$mid" -a "$ours" = "$theirs" ]
check "tail: slots by syscall name, each with its handler program" \
	[ "$(jq -c '[.maps[] | select(.name == "handlers") | .slots[] | [.syscall, .prog]] | sort' <<< "$ex")" = \
	  '[["execve","eh_tail_exec"],["execveat","eh_tail_exec"],["read","eh_tail_ignore"],["write","eh_tail_ignore"]]' ]

# --- statistics: on for the run only, however it ends ------------------------------
for sig in INT TERM KILL; do
	start_tool "s$sig" count-uid --explain --interval 0.3 || continue
	during=$(cat /proc/sys/kernel/bpf_stats_enabled)
	stop_tool "$sig"
	after=$(cat /proc/sys/kernel/bpf_stats_enabled)
	check "SIG$sig: kernel.bpf_stats_enabled reads $stats_before before, $during during, $after after" \
		[ "$during" = "$stats_before" -a "$after" = "$stats_before" ]
done
assert_nothing_attached "--explain"
# after the SIGKILL, the kernel counts runs no more: a run without --explain
# gets none (only where nothing else turned them on)
if [ "$stats_before" = 0 ]; then
	start_tool plain count-uid --interval 0.3 || finish
	as_nobody "$W" exec 10 /bin/true
	runs=$("$W" progs | awk '$2 ~ /^eh_cu_/ { n += $3 } END { print n + 0 }')
	stop_tool INT
	check "after a SIGKILL'd --explain, programs run uncounted again (run_cnt $runs)" [ "$runs" = 0 ]
else
	fail "kernel.bpf_stats_enabled is $stats_before here: cannot see statistics go off"
fi

# --- text: on stderr, 80 columns, also with --quiet ---------------------------------
while IFS='|' read -r cmd args; do
	# shellcheck disable=SC2086
	"$EH" "$cmd" --explain $args > "$TMP/t.out" 2> "$TMP/t.err"
	# (the summary, and a loss warning a busy machine may cause, are not --explain's)
	wide=$(grep -v -e "^ebpfhello $cmd: .* stopped by " -e "^ebpfhello $cmd: lost " "$TMP/t.err" |
		awk 'length > 80' | head -3)
	check "$cmd --explain: the text on stderr fits 80 columns${wide:+: $wide}" \
		[ -z "$wide" -a "$(grep -c -- '--explain: what runs' "$TMP/t.err")" = 1 ]
	check "$cmd --explain: a report at the end" grep -q '^explain, .* (the end)' "$TMP/t.err"
done <<'ROWS'
trace|--duration 2.2
count-uid|--interval 1 --count 2
count-syscall|--by pid --interval 1 --count 2
events|--buffer perf --duration 2.2
tail|--duration 2.2
ROWS
"$EH" count-uid --explain --quiet --prometheus-textfile "$TMP/q.prom" --interval 0.3 --count 2 \
	> "$TMP/q.out" 2> "$TMP/q.err"
expect "--quiet --explain: nothing on stdout, the explanation and the reports on stderr" \
	'[ ! -s "$TMP/q.out" ] && [ "$(grep -c "^explain, " "$TMP/q.err")" = 2 ] && grep -q -- "--explain: what runs" "$TMP/q.err"'
assert_nothing_attached "--explain (text)"
finish
