#!/bin/bash
# Turns the benchmark's results.json into PERFORMANCE.md (stdout): every
# figure beside its floor and bpftrace's, each target met or missed by how
# much.  Nothing here is typed by hand: rerun tests/bench/run.sh.
set -u
f=$1

get() {	# get KIND NAME FIELD -> value or "-"
	jq -r --arg k "$1" --arg n "$2" --arg f "$3" \
		'[.results[] | select(.kind == $k and .name == $n) | .[$f]][0] // "-"' "$f"
}
num() { awk -v x="$1" 'BEGIN { if (x == "-") print "-"; else printf "%.1f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
# verdict VALUE OP LIMIT: "met" / "missed (VALUE vs LIMIT)"
verdict() {
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		if (v == "-" || l == "-") { print "not measured"; exit }
		ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0)
		if (ok) print "met"; else printf "missed (%.2f, limit %.2f)\n", v, l }'
}

jq -r '"Measured on \(.machine.cpu), \(.machine.cpus) CPUs, Linux \(.machine.kernel), \(.date)" +
	(if .smoke then " (smoke run: sizes too small to mean anything)" else "" end) +
	". Storms of \(.storm_calls) getppid() calls, \(.rounds) A/B rounds per figure."' "$f" > /tmp/eh-report-head.$$

cat <<EOF
# Performance

$(cat /tmp/eh-report-head.$$)

Produced by \`cmake --build build --target bench\` (tests/bench/run.sh and
report.sh): every number below comes from that run, measured side by side
with the floor and with bpftrace; rerun it to check them. Ratios matter more
than absolute figures: this machine is a shared VM and noisy.

- **floor**: tests/bench/floor.bpf.c, the least a program on \`sys_enter\`
  can do: an empty program, and one adding to a per-CPU array slot per id.
- **added ns**: median over rounds of (getppid storm with the tool attached)
  minus (the storm just before, without), storm pinned to CPU 1, tool to CPU 0.
- **bpftrace**: Debian's bpftrace doing the same job as a one-liner (for
  trace and events, its execve tracepoint one-liner: same attach point, the
  cost of printing aside).

## Added cost per getppid() (ns)

| what | ebpfhello | floor (per-CPU counter) | bpftrace | / floor | / bpftrace | target | |
|---|---|---|---|---|---|---|---|
EOF
rm -f /tmp/eh-report-head.$$
fl=$(get added_ns floor_count ns)
row() {	# row LABEL NAME BT_NAME TARGET_KIND LIMIT
	local eh bt vf vb t
	eh=$(get added_ns "$2" ns)
	bt=$(get added_ns "$3" ns)
	vf=$(ratio "$eh" "$fl")
	vb=$(ratio "$eh" "$bt")
	case "$4" in
	floor)
		t="<= $5 x floor, <= 0.5 x bpftrace"
		v1=$(verdict "$vf" "<=" "$5")
		v2=$(verdict "$vb" "<=" 0.5)
		[ "$v1" = met ] && [ "$v2" = met ] && v=met || v="floor: $v1; bpftrace: $v2" ;;
	ns)
		t="<= $5 ns"
		v=$(verdict "$eh" "<=" "$5") ;;
	*)
		t="-"
		v="" ;;
	esac
	echo "| $1 | $(num "$eh") | $(num "$fl") | $(num "$bt") | $vf | $vb | $t | $v |"
}
row "count-syscall (by syscall)" count-syscall "bpftrace count-syscall" floor 1.15
row "count-uid --all-syscalls" "count-uid --all-syscalls" "bpftrace count-uid --all-syscalls" floor 1.3
row "count-uid (execve, auto)" count-uid "bpftrace count-uid" ns 10
row "trace (execve, auto)" trace "bpftrace count-uid" ns 10
row "events (execve, auto)" events "bpftrace count-uid" ns 10
row "count-uid --attach tracepoint (execve)" "count-uid --attach tracepoint" "bpftrace count-uid" none
row "tail, dispatcher alone" "tail (dispatcher alone)" "-" none
row "tail, one tail call" "tail (one tail call)" "-" none
row "floor: empty program" floor_empty "-" none
row "floor: per-CPU counter" floor_count "-" none

tc=$(awk -v a="$(get added_ns "tail (one tail call)" ns)" -v b="$(get added_ns "tail (dispatcher alone)" ns)" \
	'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.1f", a - b }')
cat <<EOF

"auto" for execve takes the first of kprobe, fentry, exec on this kernel (see
[attach.md](attach.md)); where kprobes and fentry are missing that is the
exec event, which costs other syscalls nothing, while a syscall tracepoint
(\`--attach tracepoint\`) costs every syscall of the machine. A tail call
costs **$tc ns** over the dispatcher alone here.

## In-kernel ns per program run (kernel.bpf_stats_enabled)

| what | program | ns per run | runs |
|---|---|---|---|
EOF
jq -r '.results[] | select(.kind == "run_ns") | "| \(.name) | \(.prog) | \(.ns * 10 | round / 10) | \(.runs) |"' "$f"

cat <<EOF

## Start-up: exec -> attached -> first interval -> exit

Median over runs 0.5 s apart (a detach can hold RCU for tens of ms).

| what | wall ms | peak RSS KiB | wall / floor | RSS / floor | wall / bpftrace | RSS / bpftrace |
|---|---|---|---|---|---|---|
EOF
fw=$(get start floor wall_ms)
fr=$(get start floor rss_kb)
bw=$(get start bpftrace wall_ms)
br=$(get start bpftrace rss_kb)
for n in floor count-syscall count-uid trace events tail bpftrace; do
	w=$(get start "$n" wall_ms)
	r=$(get start "$n" rss_kb)
	echo "| $n | $(num "$w") | $r | $(ratio "$w" "$fw") | $(ratio "$r" "$fr") | $(ratio "$w" "$bw") | $(ratio "$r" "$br") |"
done
worst_w=$(for n in count-syscall count-uid; do ratio "$(get start "$n" wall_ms)" "$fw"; done | sort -g | tail -1)
worst_r=$(for n in count-syscall count-uid; do ratio "$(get start "$n" rss_kb)" "$fr"; done | sort -g | tail -1)
worst_bw=$(for n in count-syscall count-uid; do ratio "$(get start "$n" wall_ms)" "$bw"; done | sort -g | tail -1)
worst_br=$(for n in count-syscall count-uid; do ratio "$(get start "$n" rss_kb)" "$br"; done | sort -g | tail -1)
cat <<EOF

Targets for the counting commands (the worst of count-syscall and count-uid):
wall <= 1.5 x floor: $(verdict "$worst_w" "<=" 1.5); RSS <= 2 x floor:
$(verdict "$worst_r" "<=" 2); wall <= 0.1 x bpftrace: $(verdict "$worst_bw" "<=" 0.1);
RSS <= 0.1 x bpftrace: $(verdict "$worst_br" "<=" 0.1). events and trace parse
the kernel's BTF (CO-RE reads of the parent pid and the exec'd file name),
which takes most of their start-up here.

## events: the fastest exec storm here

EOF
jq -r '.results[] | select(.kind == "events") |
	"\(.execs) execs as one user at \(.execs_per_s) per second: \(.delivered) records delivered, \(.lost) lost; the consumer spent \(.consumer_us_per_event * 100 | round / 100) us of CPU per record (from /proc/PID/schedstat, attached to drained; JSON to a file)."' "$f"
ev_lost=$(jq -r '[.results[] | select(.kind == "events") | .lost][0] // "-"' "$f")
ev_us=$(jq -r '[.results[] | select(.kind == "events") | .consumer_us_per_event][0] // "-"' "$f")
cat <<EOF

Targets: zero loss: $(verdict "$ev_lost" "<=" 0); consumer CPU <= 10 us per event: $(verdict "$ev_us" "<=" 10).

## tail: records per second through the ring buffer

A paced getppid() storm from one process, \`tail --pid\` with the default
mapping: every call goes to the default handler and is sent (1 MiB ring).

| paced at (calls/s) | offered (calls/s) | delivered | lost |
|---|---|---|---|
EOF
jq -r '.results[] | select(.kind == "tail_rate") |
	"| \(if .paced == 0 then "as fast as it goes" else .paced end) | \(.offered_per_s) | \(.delivered) of \(.calls) | \(.lost) |"' "$f"
best=$(jq -r '[.results[] | select(.kind == "tail_rate" and .lost == 0) | .offered_per_s] | max // "none"' "$f")
cat <<EOF

Highest rate with nothing lost: **$best records/s**. Past it, every record
that does not fit is counted lost in the kernel and reported, never missing.

## The binary

EOF
jq -r '.results[] | select(.kind == "binary") | "\(.file); stripped: \(.stripped_bytes) bytes (\(.stripped_bytes / 1048576 * 100 | round / 100) MiB)."' "$f"
size=$(jq -r '[.results[] | select(.kind == "binary") | .stripped_bytes][0] // "-"' "$f")
echo
echo "Target <= 2 MiB: $(verdict "$size" "<=" 2097152)."
