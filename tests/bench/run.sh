#!/bin/bash
# The benchmark: what ebpfhello costs a busy machine, beside the physical
# floor (tests/bench/floor.bpf.c), bpftrace and libbpf-tools' syscount and
# execsnoop doing the same jobs, all measured in one run.  Writes results.json and PERFORMANCE.md to
# $EH_BENCH_OUT; --update-docs copies the latter to docs/PERFORMANCE.md.
#
#   cmake --build build --target bench          # the full run (a few minutes)
#   EH=... EH_WORKLOAD=... EH_FLOOR=... tests/bench/run.sh [--smoke] [--update-docs] [--only-explain|--only-identity|--only-events]
#
# --only-explain: --explain's rows alone (count-uid --all-syscalls and
# count-syscall with and without it, side by side in one run; count-uid's
# start-up with and without) and the binary's size, a few minutes; with
# --update-docs those two sections of docs/PERFORMANCE.md are replaced,
# the rest kept as the last full run wrote it.
#
# --only-identity: what identity costs alone (docs/identity.md): count-syscall
# --by container against --by uid in the kernel, and events with and
# without --identity in a container, in alternating rounds, a few minutes;
# with --update-docs that section of docs/PERFORMANCE.md is replaced.
#
# --only-events: the exec storm's rows alone (section 4: events, its
# options, lineage, execsnoop beside them), a few minutes; with
# --update-docs that section of docs/PERFORMANCE.md is replaced.
#
# EH_BASELINE=/path/to/an/older/ebpfhello adds that build's events beside
# this one's (the exec path's cost before and after a change).
#
# --smoke: tiny sizes, one round; checks that every step still works and
# asserts nothing about speed (ctest runs it).  It adds two fake peers, one
# that ignores SIGINT and one that never says it is ready, and checks that
# the harness gave up on each at its deadline and said so.
#
# Every peer counts as started only once it says it has attached (ebpfhello
# -v: "attached via"; bpftrace: its BEGIN probe's "ready", which runs once
# every probe is attached; libbpf-tools: their first line, printed after
# attaching), within START_SECS; every stop is SIGINT, then SIGKILL after
# STOP_SECS, recorded ("killed") and shown in the report; every workload
# runs under `timeout`: the whole benchmark ends, on any machine.
#
# Method: added cost per syscall = getppid storm with the tool attached
# minus the mean of the storms just before and after without it; rounds go
# round-robin over all configurations; the storm is pinned to one CPU and
# the tool to the other; each figure is the median over rounds.
# In-kernel ns per program run come from kernel.bpf_stats_enabled, in a
# separate pass (the stats themselves cost ~100 ns a run).
set -u
: "${EH:?}" "${EH_WORKLOAD:?}" "${EH_FLOOR:?}"
W=$EH_WORKLOAD
out=${EH_BENCH_OUT:-$(dirname "$EH")/bench}
smoke=false
update_docs=false
only_explain=false
only_identity=false
only_events=false
for a in "$@"; do
	case "$a" in
	--smoke) smoke=true ;;
	--update-docs) update_docs=true ;;
	--only-explain) only_explain=true ;;
	--only-identity) only_identity=true ;;
	--only-events) only_events=true ;;
	*) echo "usage: run.sh [--smoke] [--update-docs] [--only-explain|--only-identity|--only-events]" >&2; exit 2 ;;
	esac
done
if [ "$(( $($only_explain && echo 1 || echo 0) + $($only_identity && echo 1 || echo 0) + $($only_events && echo 1 || echo 0) ))" -gt 1 ]; then
	echo "run.sh: one of --only-explain, --only-identity and --only-events" >&2
	exit 2
fi
# SCRAPES, TF_SECS, TF_ROUNDS: the Prometheus step's sizes (prometheus.sh)
# shellcheck disable=SC2034
if $smoke; then
	N=100000 ROUNDS=1 EXECS=100 START_RUNS=2 TAIL_N=20000 RATES="50000 0" ID_ROUNDS=1 LIN_ROUNDS=1
	SCRAPES=20 TF_SECS=0.5 TF_ROUNDS=1 START_SECS=10 STOP_SECS=3
else
	N=1000000 ROUNDS=15 EXECS=3000 START_RUNS=9 TAIL_N=300000 RATES="50000 100000 200000 400000 0" ID_ROUNDS=7 LIN_ROUNDS=5
	SCRAPES=500 TF_SECS=3 TF_ROUNDS=5 START_SECS=30 STOP_SECS=10
fi
# the longest a workload (a storm, an exec storm, a start-up series) may take
WORK_SECS=300
if [ "$(nproc)" -ge 2 ]; then STORM_CPU=1 TOOL_CPU=0; else STORM_CPU=0 TOOL_CPU=0; fi
[ "$(id -u)" = 0 ] || { echo "bench: needs root (it loads BPF programs)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d /tmp/eh-bench.XXXXXX)
chmod 755 "$tmp"
# uid 65534 runs the exec storm's workload: from a copy it can reach (the
# build may be under a mode-700 home, such as /root)
cp "$W" "$tmp/ehworkload" || exit 1
W=$tmp/ehworkload
R=$out/results.ndjson
: > "$R"
have_bpftrace=false
command -v bpftrace > /dev/null && have_bpftrace=true
# libbpf-tools (Debian's package): syscount and execsnoop, the SRE's peers;
# stdbuf so that their first line shows when they are ready
have_peers=false
command -v syscount > /dev/null && command -v execsnoop > /dev/null && command -v stdbuf > /dev/null &&
	have_peers=true
BASELINE=${EH_BASELINE:-}
BG=

# tracefs for bpftrace's and libbpf-tools' tracepoints; put things back as found
mounted_tracefs=false
if ! grep -q " /sys/kernel/tracing tracefs " /proc/mounts; then
	mount -t tracefs nodev /sys/kernel/tracing && mounted_tracefs=true
fi
stats_was=$(cat /proc/sys/kernel/bpf_stats_enabled)
cleanup() {
	[ -n "$BG" ] && kill -KILL "$BG" 2>/dev/null
	[ -n "${CHILD:-}" ] && kill -KILL "$CHILD" 2>/dev/null
	echo "$stats_was" > /proc/sys/kernel/bpf_stats_enabled
	$mounted_tracefs && umount /sys/kernel/tracing
	rm -rf "$tmp"
}
trap cleanup EXIT

say() { echo "bench: $*" >&2; }
record() { jq -cn "$@" >> "$R"; }	# one NDJSON result line
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# half the interquartile range: how far the rounds scatter around the median
spread() { sort -g | awk '{ a[NR] = $1 } END { if (NR < 2) print 0; else printf "%.1f", (a[int(NR * 3 / 4) + 1] - a[int(NR / 4) + 1]) / 2 }'; }

# a storm that does not end in WORK_SECS is cut: no figure (empty)
storm_ns() { timeout -s KILL "$WORK_SECS" taskset -c "$STORM_CPU" "$W" --report getppid "$N" | awk '{ print $4 }'; }

# alive PID: running (not ended, not a zombie waiting to be reaped)
alive() {
	local s
	s=$(sed 's/.*) //' "/proc/$1/stat" 2> /dev/null) || return 1
	[ -n "$s" ] && [ "${s%% *}" != Z ]
}
# start_bg NAME READY_REGEX CMD...: the tool on TOOL_CPU, until a line of its
# output matches READY (what it says once attached), for START_SECS at most.
# A tool that did not start is recorded (kind not_started) and stopped.
start_bg() {
	local ready=$2 i
	BG_NAME=$1
	shift 2
	taskset -c "$TOOL_CPU" "$@" > "$tmp/bg.log" 2>&1 &
	BG=$!
	for ((i = 0; i < START_SECS * 20; i++)); do
		grep -qE "$ready" "$tmp/bg.log" && return 0
		alive "$BG" || break
		sleep 0.05
	done
	local why="exited"
	alive "$BG" && why="not ready in $START_SECS s"
	say "$BG_NAME: did not start ($why): $* ($(head -c 300 "$tmp/bg.log" | tr '\n' ' '))"
	record --arg n "$BG_NAME" --arg cmd "$*" --arg why "$why" '{kind: "not_started", name: $n, cmd: $cmd, why: $why}'
	stop_bg
	return 1
}
# stop_bg: SIGINT, and SIGKILL if it has not ended STOP_SECS later (recorded:
# kind killed, and the report says so beside the tool's figures)
stop_bg() {
	local i
	kill -INT "$BG" 2>/dev/null
	for ((i = 0; i < STOP_SECS * 20; i++)); do
		alive "$BG" || break
		sleep 0.05
	done
	if alive "$BG"; then
		kill -KILL "$BG" 2>/dev/null
		say "$BG_NAME: still running $STOP_SECS s after SIGINT: killed (SIGKILL)"
		record --arg n "$BG_NAME" --argjson s "$STOP_SECS" '{kind: "killed", name: $n, after_s: $s}'
	fi
	wait "$BG" 2>/dev/null
	BG=
	sleep 0.2	# a detach can hold RCU for tens of ms: keep it out of the next storm
}

# Added cost per getppid, for every configuration queued with `config`.
# Rounds go round-robin over the configurations, so a slow drift of the
# machine hits them all alike; each figure is the median over rounds of
# (storm with CMD attached) - (mean of the storms just before and after it,
# without).
CONFIGS=()
config() {	# config NAME READY CMD...
	local name=$1
	explain_row "$name" || return 0
	CONFIGS+=("$name")
	CFG_READY[$name]=$2
	shift 2
	CFG_ARGS[$name]=$(printf '%q ' "$@")
	CFG_CMD[$name]="$*"
}
declare -A CFG_READY CFG_ARGS CFG_CMD DIFFS BASES
# with --only-explain, whether NAME is one of --explain's rows (or its pair)
explain_row() {
	! $only_identity && ! $only_events && { ! $only_explain || [[ $1 =~ ^(count-syscall|count-uid\ --all-syscalls)(\ --explain)?$ ]]; }
}
# with --only-explain, --only-identity or --only-events, a step of none is left out
partial() { $only_explain || $only_identity || $only_events; }
run_added() {
	local r name b prev w
	$only_events && return 0
	for ((r = 0; r < ROUNDS; r++)); do
		prev=$(storm_ns)
		for name in "${CONFIGS[@]}"; do
			eval "set -- ${CFG_ARGS[$name]}"
			start_bg "$name" "${CFG_READY[$name]}" "$@" || continue
			w=$(storm_ns)
			stop_bg
			b=$(storm_ns)
			[ -n "$w" ] && [ -n "$b" ] && [ -n "$prev" ] || { say "$name: a storm did not end in $WORK_SECS s"; prev=$b; continue; }
			DIFFS[$name]+="$(echo "$w - ($prev + $b) / 2" | bc -l) "
			BASES[$name]+="$prev "
			prev=$b
		done
	done
	for name in "${CONFIGS[@]}"; do
		local d base sp cmd=${CFG_CMD[$name]}
		[ -n "${DIFFS[$name]:-}" ] || continue
		# shellcheck disable=SC2086
		d=$(printf '%s\n' ${DIFFS[$name]} | median | xargs printf '%.1f')
		# shellcheck disable=SC2086
		base=$(printf '%s\n' ${BASES[$name]} | median | xargs printf '%.1f')
		# shellcheck disable=SC2086
		sp=$(printf '%s\n' ${DIFFS[$name]} | spread)
		say "$name: +$d ns (+-$sp) per getppid (baseline $base ns)"
		record --arg n "$name" --argjson d "$d" --argjson b "$base" --argjson sp "$sp" --arg cmd "$cmd" \
			'{kind: "added_ns", name: $n, ns: $d, spread_ns: $sp, baseline_ns: $b, cmd: $cmd}'
	done
}

# per_run NAME READY CMD...: in-kernel ns per traced syscall of CMD's
# programs: the time of all of them over the runs of the busiest (a tool
# with a program at entry and one at exit costs both per syscall)
per_run() {
	local name=$1
	partial && return 0
	measure_run "$@" || return 1
	record --arg n "$name" --arg p "$RN_PROG" --argjson c "$RN_CNT" --argjson t "$RN_NS" \
		'{kind: "run_ns", name: $n, prog: $p, runs: $c, ns: ($t / $c)}'
}
# measure_run NAME READY CMD...: per_run's figures in RN_PROG (the programs
# that ran), RN_CNT (the busiest one's runs) and RN_NS (all their ns)
measure_run() {
	local name=$1 ready=$2 line
	shift 2
	"$W" progs | awk '{ print $1 }' > "$tmp/ids.before"
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	start_bg "$name" "$ready" "$@" || { echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
	storm_ns > /dev/null
	line=$("$W" progs | awk -v old=" $(tr '\n' ' ' < "$tmp/ids.before")" \
		'index(old, " " $1 " ") == 0 && $3 > 0 { n = n ? n "+" $2 : $2; t += $4; if ($3 + 0 > best + 0) best = $3 }
		 END { if (n) print "x", n, best, t }')
	stop_bg
	echo 0 > /proc/sys/kernel/bpf_stats_enabled
	RN_PROG= RN_CNT= RN_NS=
	read -r _ RN_PROG RN_CNT RN_NS <<< "$line"
	[ -n "${RN_CNT:-}" ] && [ "$RN_CNT" -gt 0 ] || { say "$name: no program ran"; return 1; }
	say "$name: $(echo "scale=1; $RN_NS / $RN_CNT" | bc) ns per run of $RN_PROG ($RN_CNT runs)"
}

# start_up NAME CMD...: exec -> attached -> first interval -> exit
start_up() {
	local name=$1 wall rss
	shift
	{ $only_identity || $only_events; } && return 0
	! $only_explain || [[ $name =~ ^count-uid(\ --explain)?$ ]] || return 0
	timeout -s KILL "$WORK_SECS" "$W" time "$START_RUNS" 0.5 "$@" > "$tmp/start" 2> "$tmp/start.err" ||
		{ say "$name failed or took over $WORK_SECS s: $(cat "$tmp/start.err")"; return 1; }
	wall=$(awk '{ print $1 }' "$tmp/start" | median)
	rss=$(awk '{ print $2 }' "$tmp/start" | median)
	say "$name: start $wall ms, peak RSS $rss KiB"
	record --arg n "$name" --argjson w "$wall" --argjson r "$rss" --arg cmd "$*" \
		'{kind: "start", name: $n, wall_ms: $w, rss_kb: $r, cmd: $cmd}'
}

# --- 1. added cost per traced syscall -----------------------------------------
$only_identity || $only_events || say "getppid storms of $N calls on CPU $STORM_CPU, $ROUNDS rounds over every configuration"
config floor_empty '^attached' "$EH_FLOOR" empty
config floor_count '^attached' "$EH_FLOOR" count
config floor_uid '^attached' "$EH_FLOOR" uid
config count-syscall 'attached via' "$EH" count-syscall -v --interval 1
config "count-uid --all-syscalls" 'attached via' "$EH" count-uid --all-syscalls -v --interval 1
# --explain's own cost: the kernel's run-time statistics on every run, and
# the reads of each interval (docs/explain.md)
config "count-uid --all-syscalls --explain" 'attached via' "$EH" count-uid --all-syscalls -v --interval 1 --explain
config "count-syscall --explain" 'attached via' "$EH" count-syscall -v --interval 1 --explain
config count-uid 'attached via' "$EH" count-uid -v --interval 1
config "count-uid --attach tracepoint" 'attached via' "$EH" count-uid -v --attach tracepoint --interval 1
config trace 'attached via' "$EH" trace -v --only-ours
config events 'attached via' "$EH" events -v
config "events --args" 'attached via' "$EH" events -v --args
config "tail (dispatcher alone)" 'attached via' "$EH" tail -v --ignore-all-others --handler exec= --handler timer= --ignore ''
config "tail (one tail call)" 'attached via' "$EH" tail -v --ignore-all-others --handler exec= --handler timer= --ignore getppid
# what SREs reach for, beside libbpf-tools doing the same
config "count-syscall --failed-only" 'attached via' "$EH" count-syscall -v --failed-only --interval 1
config "count-syscall --errors" 'attached via' "$EH" count-syscall -v --errors --interval 1
config "count-syscall --latency" 'attached via' "$EH" count-syscall -v --latency --interval 1
config "count-syscall --latency --histogram" 'attached via' "$EH" count-syscall -v --latency --histogram --interval 1
config "events --failed" 'attached via' "$EH" events -v --failed
# who did it (docs/identity.md): by container against by uid
config "count-syscall --by uid" 'attached via' "$EH" count-syscall -v --by uid --interval 1
config "count-syscall --by container" 'attached via' "$EH" count-syscall -v --by container --interval 1
if $have_peers; then
	config "syscount -x" '^Tracing' stdbuf -oL syscount -x
	config "syscount -L" '^Tracing' stdbuf -oL syscount -L
	config "execsnoop -x" '^PCOMM' stdbuf -oL execsnoop -x
fi
# bpftrace prints "Attaching N probes..." before it attaches them (and before
# it handles SIGINT); its BEGIN probe runs once they are attached: "ready"
# then, line-buffered (-B line) into the log
BT_READY='BEGIN { printf("ready\n"); } '
if $have_bpftrace; then
	config "bpftrace count-syscall" '^ready$' bpftrace -B line -e "$BT_READY"'tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }'
	config "bpftrace count-uid --all-syscalls" '^ready$' bpftrace -B line -e "$BT_READY"'tracepoint:raw_syscalls:sys_enter { @[uid] = count(); }'
	config "bpftrace count-uid" '^ready$' bpftrace -B line -e "$BT_READY"'tracepoint:syscalls:sys_enter_execve { @[uid] = count(); }'
fi
# the smoke run checks the deadlines themselves: a peer that ignores SIGINT,
# and one that never says it is ready (both also ignore SIGTERM)
if $smoke; then
	config "fake peer (ignores SIGINT)" '^ready$' bash -c 'trap "" INT TERM; echo ready; exec sleep 600'
	config "fake peer (never ready)" '^ready$' bash -c 'trap "" INT TERM; exec sleep 600'
fi
$only_identity || $only_events || run_added

# --- 2. in-kernel ns per program run ------------------------------------------
per_run floor_empty '^attached' "$EH_FLOOR" empty
per_run floor_count '^attached' "$EH_FLOOR" count
per_run floor_uid '^attached' "$EH_FLOOR" uid
per_run count-syscall 'attached via' "$EH" count-syscall -v --interval 1
per_run "count-uid --all-syscalls" 'attached via' "$EH" count-uid --all-syscalls -v --interval 1
per_run "tail (dispatcher alone)" 'attached via' "$EH" tail -v --ignore-all-others --handler exec= --handler timer= --ignore ''
per_run "tail (one tail call)" 'attached via' "$EH" tail -v --ignore-all-others --handler exec= --handler timer= --ignore getppid
per_run "count-syscall --failed-only" 'attached via' "$EH" count-syscall -v --failed-only --interval 1
per_run "count-syscall --errors" 'attached via' "$EH" count-syscall -v --errors --interval 1
per_run "count-syscall --latency" 'attached via' "$EH" count-syscall -v --latency --interval 1
per_run "count-syscall --latency --histogram" 'attached via' "$EH" count-syscall -v --latency --histogram --interval 1
if $have_peers; then
	per_run "syscount -x" '^Tracing' stdbuf -oL syscount -x
	per_run "syscount -L" '^Tracing' stdbuf -oL syscount -L
fi
if $have_bpftrace; then
	per_run "bpftrace count-syscall" '^ready$' bpftrace -B line -e "$BT_READY"'tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }'
fi

# storm_runs NAME READY CMD...: how often CMD's programs ran during one
# getppid storm (0 for the execve modes that keep off the syscall path)
storm_runs() {
	local name=$1 ready=$2 runs
	shift 2
	partial && return 0
	"$W" progs | awk '{ print $1 }' > "$tmp/ids.before"
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	start_bg "$name" "$ready" "$@" || { echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
	"$W" progs | awk -v old=" $(tr '\n' ' ' < "$tmp/ids.before")" \
		'index(old, " " $1 " ") == 0 { print $1, $3 }' > "$tmp/runs.before"
	storm_ns > /dev/null
	runs=$("$W" progs | awk 'NR == FNR { b[$1] = $2; next } ($1 in b) { n += $3 - b[$1] } END { print n + 0 }' \
		"$tmp/runs.before" -)
	stop_bg
	echo 0 > /proc/sys/kernel/bpf_stats_enabled
	say "$name: its programs ran $runs times during $N getppid calls"
	record --arg n "$name" --argjson r "$runs" --argjson c "$N" '{kind: "storm_runs", name: $n, runs: $r, calls: $c}'
}
storm_runs count-uid 'attached via' "$EH" count-uid -v --interval 1
storm_runs trace 'attached via' "$EH" trace -v
storm_runs events 'attached via' "$EH" events -v
storm_runs "events --args" 'attached via' "$EH" events -v --args
storm_runs "count-uid --attach tracepoint" 'attached via' "$EH" count-uid -v --attach tracepoint --interval 1

# --- 3. start-up: exec -> attached -> first interval -> exit ------------------
start_up floor "$EH_FLOOR" count --once 0.001
start_up count-syscall "$EH" count-syscall --count 1 --interval 0.001
start_up count-uid "$EH" count-uid --count 1 --interval 0.001
start_up "count-uid --explain" "$EH" count-uid --explain --count 1 --interval 0.001
start_up trace "$EH" trace --duration 0.001
start_up events "$EH" events --duration 0.001
start_up tail "$EH" tail --ignore-all-others --duration 0.001
if $have_bpftrace; then
	start_up bpftrace bpftrace -e 'tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); } interval:ms:1 { exit(); }'
fi

# --- 4. events: the fastest exec storm here -----------------------------------
# Each tool (filtering on uid 65534 in the kernel) during EXECS execs of a
# static no-op by that uid, the fastest exec this machine makes (~630/s
# here against ~500/s for /bin/true): records delivered and lost, the
# consumer's CPU per record (/proc/<pid>/schedstat, read once attached and
# again once the storm's records are drained: its start-up is not in it),
# and its programs' in-kernel ns per exec (kernel.bpf_stats_enabled).
cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }
prog_ns() { "$W" progs | awk -v old=" $(tr '\n' ' ' < "$tmp/ids.before")" 'index(old, " " $1 " ") == 0 { t += $4 } END { print t + 0 }'; }
exec_storm() {	# exec_storm NAME READY COUNT CMD...: COUNT is json or execsnoop
	local name=$1
	{ $only_explain || $only_identity; } && return 0
	measure_exec_storm "$@" || return 1
	record --arg n "$name" --argjson execs "$((EXECS + 1))" --argjson rate "$ES_RATE" --argjson d "$ES_DELIVERED" \
		--argjson l "$ES_LOST" --argjson us "$ES_US" --argjson kns "$ES_KNS" --arg cmd "${*:4}" \
		'{kind: "exec_storm", name: $n, execs: $execs, execs_per_s: $rate, delivered: $d, lost: $l,
		  consumer_us_per_event: $us, kernel_ns_per_exec: $kns, cmd: $cmd}'
}
# measure_exec_storm NAME READY COUNT CMD...: exec_storm's figures in ES_RATE,
# ES_DELIVERED, ES_LOST, ES_US (consumer us per record), ES_KNS (kernel ns per exec)
measure_exec_storm() {
	local name=$1 ready=$2 kind=$3 cpu0 cpu1 ns0 ns1 rate delivered lost us kns
	shift 3
	"$W" progs | awk '{ print $1 }' > "$tmp/ids.before"
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	start_bg "$name" "$ready" "$@" || { echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
	sleep 0.2
	cpu0=$(cpu_ns "$BG")
	ns0=$(prog_ns)
	rate=$( (cd / && exec timeout -s KILL "$WORK_SECS" taskset -c "$STORM_CPU" "${storm_in[@]}" "$W" as 65534 "$W" --report exec "$EXECS" "$W" getppid 0) |
		awk '{ print $5 }')
	[ -n "$rate" ] || { say "$name: the exec storm failed or took over $WORK_SECS s"; stop_bg; echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
	sleep 0.5
	cpu1=$(cpu_ns "$BG")
	ns1=$(prog_ns)
	stop_bg
	echo 0 > /proc/sys/kernel/bpf_stats_enabled
	if [ "$kind" = json ]; then
		# exec records, and with --exits the processes' ends
		delivered=$(grep -cE '^\{"type":"(event|exit)"' "$tmp/bg.log")
		lost=$(grep '^{"type":"summary"' "$tmp/bg.log" | jq '.lost')
	else	# execsnoop: a line per exec after its header; it counts no loss
		delivered=$(grep -vc -e '^PCOMM' -e '^$' "$tmp/bg.log")
		lost=null
	fi
	us=$(echo "($cpu1 - $cpu0) / 1000 / ($delivered + ($delivered == 0))" | bc -l)
	kns=$(echo "($ns1 - $ns0) / ($EXECS + 1)" | bc -l)
	say "$name: $((EXECS + 1)) execs at $rate/s: $delivered delivered, $lost lost; consumer $(printf %.2f "$us") us per record, kernel $(printf %.0f "$kns") ns per exec"
	ES_RATE=$rate ES_DELIVERED=$delivered ES_LOST=$lost ES_US=$us ES_KNS=$kns
}
storm_in=()	# a command the storm runs under (incgroup DIR)
exec_storm events 'attached via' json "$EH" events --json -v --uid 65534
[ -n "$BASELINE" ] && exec_storm "events (baseline)" 'attached via' json "$BASELINE" events --json -v --uid 65534
exec_storm "events --args" 'attached via' json "$EH" events --json -v --uid 65534 --args
exec_storm "events --results" 'attached via' json "$EH" events --json -v --uid 65534 --results
exec_storm "events --failed" 'attached via' json "$EH" events --json -v --uid 65534 --failed
# lineage (docs/events.md): ancestors read in the kernel at each exec (the
# storm's are 8 or more deep), and a record at each process's end
exec_storm "events --ancestors 8" 'attached via' json "$EH" events --json -v --uid 65534 --ancestors 8
exec_storm "events --exits" 'attached via' json "$EH" events --json -v --uid 65534 --exits
# Lineage's targets, in LIN_ROUNDS rounds, each side by side: the storm
# under events, then --ancestors 8, then --exits.  One storm each is at the
# mercy of the machine's moment: on this shared host, two such runs 30
# minutes apart put the default's kernel ns per exec at 2558 and 2791
# (1511 an hour and a half before), and an exit record's own cost at 4.85
# and 0.67 us.  The report takes the medians of the rounds' differences,
# and lists every round.
lineage_rounds() {
	local r d_us d_kns d_n a_kns
	{ $only_explain || $only_identity; } && return 0
	for ((r = 1; r <= LIN_ROUNDS; r++)); do
		measure_exec_storm events 'attached via' json "$EH" events --json -v --uid 65534 || continue
		d_us=$ES_US d_kns=$ES_KNS d_n=$ES_DELIVERED
		measure_exec_storm "events --ancestors 8" 'attached via' json "$EH" events --json -v --uid 65534 --ancestors 8 ||
			continue
		a_kns=$ES_KNS
		measure_exec_storm "events --exits" 'attached via' json "$EH" events --json -v --uid 65534 --exits || continue
		record --argjson r "$r" --argjson dk "$d_kns" --argjson ak "$a_kns" --argjson du "$d_us" --argjson dn "$d_n" \
			--argjson xu "$ES_US" --argjson xn "$ES_DELIVERED" --argjson xl "$ES_LOST" \
			'{kind: "lineage_round", round: $r, default_kns: $dk, ancestors_kns: $ak, default_us: $du,
			  default_delivered: $dn, exits_us: $xu, exits_delivered: $xn, exits_lost: $xl}'
	done
}
lineage_rounds
if $have_peers; then
	exec_storm execsnoop '^PCOMM' execsnoop stdbuf -oL execsnoop -u 65534
	exec_storm "execsnoop -x" '^PCOMM' execsnoop stdbuf -oL execsnoop -x -u 65534
fi

# --- 4b. who did it (docs/identity.md): what identity costs ---------------------
# ID_ROUNDS rounds, each side by side: count-syscall --by container and --by
# uid in the kernel (ns per run during one getppid storm each), then the
# exec storm inside one container (a cgroup named as podman names its
# containers) with and without events --identity (every record after the
# first a cache hit).  Each round's pair is recorded; the report takes the
# median of the rounds' ratios and differences, and lists every round.
identity_rounds() {
	local r cg2 ctr u c
	{ $only_explain || $only_events; } && return 0
	cg2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	for ((r = 1; r <= ID_ROUNDS; r++)); do
		measure_run "count-syscall --by uid" 'attached via' "$EH" count-syscall -v --by uid --interval 1 &&
			u=$(echo "scale=6; $RN_NS / $RN_CNT" | bc) &&
			measure_run "count-syscall --by container" 'attached via' "$EH" count-syscall -v --by container --interval 1 &&
			c=$(echo "scale=6; $RN_NS / $RN_CNT" | bc) &&
			record --argjson r "$r" --argjson u "$u" --argjson c "$c" \
				'{kind: "identity_kernel", round: $r, uid_ns: $u, container_ns: $c}'
		[ -n "$cg2" ] || continue
		ctr=$cg2/machine.slice/libpod-$(printf 'e%.0s' $(seq 64)).scope
		mkdir -p "$ctr"
		storm_in=("$W" incgroup "$ctr")
		measure_exec_storm "events (in a container)" 'attached via' json "$EH" events --json -v --uid 65534 &&
			u=$ES_US &&
			measure_exec_storm "events --identity (in a container)" 'attached via' json "$EH" events --json -v --uid 65534 --identity &&
			record --argjson r "$r" --argjson u "$u" --argjson i "$ES_US" --argjson d "$ES_DELIVERED" --argjson l "$ES_LOST" \
				'{kind: "identity_storm", round: $r, plain_us: $u, identity_us: $i, delivered: $d, lost: $l}'
		storm_in=()
		rmdir "$ctr" "$cg2/machine.slice" 2> /dev/null
	done
	[ -n "$cg2" ] || say "no cgroup2 mount: events --identity's cost not measured"
}
identity_rounds

# --- 5. tail: events/s through the ring buffer before loss starts -------------
tail_run() {	# tail_run RATE BUFFER_KB [CONSUMER_CPU]
	local rate=$1 kb=$2 cpu=${3:-$TOOL_CPU} secs delivered lost offered
	partial && return 0
	rm -f "$tmp/go" "$tmp/child"
	timeout -s KILL "$WORK_SECS" taskset -c "$STORM_CPU" "$W" --go "$tmp/go" --report --rate "$rate" getppid "$TAIL_N" > "$tmp/child" &
	local child=$!
	CHILD=$child
	for ((i = 0; i < 200; i++)); do [ -s "$tmp/child" ] && break; sleep 0.05; done
	# the child's other syscalls (polling for the go file, its report,
	# its exit) are ignored so that delivered + lost can be compared with
	# the getppid calls alone: lost counts records of any syscall
	local name="tail $kb KiB, paced at $rate/s, consumer on CPU $cpu"
	TOOL_CPU=$cpu start_bg "$name" 'attached via' sh -c "exec $EH tail --json -v --buffer-size $kb --ignore access,clock_nanosleep,nanosleep,write,exit_group --pid $(head -1 "$tmp/child") > $tmp/tail.json" ||
		{ kill "$child"; return 1; }
	touch "$tmp/go"
	wait "$child"
	CHILD=
	sleep 0.3
	stop_bg
	secs=$(awk 'NR == 2 { print $3 }' "$tmp/child")
	[ -n "$secs" ] || { say "tail: the storm failed or took over $WORK_SECS s"; return 1; }
	delivered=$(jq -s '[.[] | select(.type == "tail" and .syscall == "getppid")] | length' "$tmp/tail.json")
	lost=$(jq -s '.[-1].lost' "$tmp/tail.json")
	offered=$(echo "$TAIL_N / $secs" | bc)
	local shared=false
	[ "$cpu" = "$STORM_CPU" ] && shared=true
	say "tail: getppid at $offered/s offered, $kb KiB ring, consumer on CPU $cpu: $delivered of $TAIL_N delivered, $lost lost"
	record --arg name "$name" --argjson r "$rate" --argjson o "$offered" --argjson d "$delivered" --argjson l "$lost" \
		--argjson n "$TAIL_N" --argjson kb "$kb" --argjson sh "$shared" \
		'{kind: "tail_rate", name: $name, paced: $r, offered_per_s: $o, calls: $n, delivered: $d, lost: $l, buffer_kb: $kb, shared_cpu: $sh}'
}
for rate in $RATES; do
	tail_run "$rate" 1024
done
# smaller rings at full speed: where loss starts, and that it is counted
tail_run 0 64
tail_run 0 4
# and a consumer that must share the storm's CPU (a busy host): the ring
# fills between its turns
tail_run 0 1024 "$STORM_CPU"
tail_run 0 4 "$STORM_CPU"

# --- 7. Prometheus export: one scrape of 500 series, the textfile per interval --
partial || . "$(dirname "$0")/prometheus.sh"

# --- 6. the binary -------------------------------------------------------------
size=$(stat -c %s "$EH")
strip -o "$tmp/stripped" "$EH" 2>/dev/null && size=$(stat -c %s "$tmp/stripped")
record --argjson s "$size" --arg f "$(file -b "$EH" | cut -d, -f1-4)" '{kind: "binary", stripped_bytes: $s, file: $f}'

# --- the report -------------------------------------------------------------------
jq -s --arg kernel "$(uname -r)" --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
	--argjson ncpu "$(nproc)" --arg date "$(date -u +%Y-%m-%dT%H:%MZ)" --argjson smoke "$smoke" \
	--argjson n "$N" --argjson rounds "$ROUNDS" --argjson start "$START_SECS" --argjson stop "$STOP_SECS" \
	'{machine: {kernel: $kernel, cpu: $cpu, cpus: $ncpu}, date: $date, smoke: $smoke,
	  storm_calls: $n, rounds: $rounds, start_secs: $start, stop_secs: $stop, results: .}' "$R" > "$out/results.json"
bash "$(dirname "$0")/report.sh" "$out/results.json" > "$out/PERFORMANCE.md" || { echo "bench: report.sh failed" >&2; exit 1; }
docs=$(dirname "$0")/../../docs/PERFORMANCE.md
if $update_docs && ! $smoke && $only_explain; then
	# the two sections this run measured, in place (where the docs have
	# no --explain section yet: before the in-kernel ns)
	awk -v new="$out/PERFORMANCE.md" '
		function section(name,   l, on, s) {
			on = 0; s = ""
			while ((getline l < new) > 0) {
				if (l ~ /^## /) on = (l == name)
				if (on) s = s l "\n"
			}
			close(new)
			return s
		}
		BEGIN { ex = section("## What --explain costs"); bin = section("## The binary") }
		/^## / { skip = 0 }
		/^## What --explain costs$/ { printf "%s", ex; skip = 1; seen = 1; next }
		/^## The binary$/ { printf "%s", bin; skip = 1; next }
		/^## In-kernel ns per program run/ && !seen { printf "%s", ex; seen = 1 }
		!skip' "$docs" > "$tmp/PERFORMANCE.md" && cp "$tmp/PERFORMANCE.md" "$docs"
elif $update_docs && ! $smoke && $only_identity; then
	# its section, in place of the last full run's (which, before it had
	# this section, showed the cost in the in-kernel and events tables)
	awk -v new="$out/PERFORMANCE.md" '
		BEGIN {
			while ((getline l < new) > 0) {
				if (l ~ /^## /) on = (l == "## Who did it: what identity costs (docs/identity.md)")
				if (on) sec = sec l "\n"
			}
		}
		/^## / { skip = 0 }
		/^## (Counting by container|Who did it: what identity costs) \(docs\/identity.md\)$/ { printf "%s", sec; skip = 1; next }
		/^\| count-syscall --by (uid|container) \| eh_cs_raw_tp \|/ || /^\| events (--identity )?\(in a container\) \|/ { next }
		/^--identity \(docs\/identity.md\), the storm inside/ { para = 1 }
		para == 2 { para = 0; if (/^$/) next }
		para { if (/^Target: under 0.5 us/) para = 2; next }
		!skip' "$docs" > "$tmp/PERFORMANCE.md" && cp "$tmp/PERFORMANCE.md" "$docs"
elif $update_docs && ! $smoke && $only_events; then
	# the exec storm's section alone, in place
	awk '/^## events: the fastest exec storm here$/ { on = 1; print; next } on && /^## / { exit } on' \
		"$out/PERFORMANCE.md" > "$tmp/events.md" &&
		python3 "$(dirname "$0")/docs_section.py" "$docs" "events: the fastest exec storm here" "$tmp/events.md"
elif $update_docs && ! $smoke; then
	cp "$out/PERFORMANCE.md" "$docs"
fi
say "results: $out/results.json, $out/PERFORMANCE.md"
# Not a speed check: loss must be exact whatever the speed.
if ! jq -e '[.results[] | select(.kind == "tail_rate") | .delivered + .lost == .calls] | all' "$out/results.json" > /dev/null; then
	say "FAIL: a tail run's delivered + lost differs from the calls made"
	exit 1
fi
# The smoke run: every tool started and stopped on SIGINT but the fakes,
# which the harness gave up on at its deadlines, and the report says so
if $smoke && ! partial; then
	bad=$(jq -r '.results[] | select((.kind == "not_started" or .kind == "killed") and (.name | startswith("fake peer") | not)) |
		"\(.name): \(.kind) \(.why // "")"' "$out/results.json")
	[ -z "$bad" ] || { say "FAIL: $(echo "$bad" | tr '\n' ';')"; exit 1; }
	want='"fake peer (ignores SIGINT)" killed
"fake peer (never ready)" not_started
"fake peer (never ready)" killed'
	got=$(jq -r '.results[] | select((.name // "" | startswith("fake peer")) and (.kind == "not_started" or .kind == "killed")) |
		"\(.name | tojson) \(.kind)"' "$out/results.json")
	[ "$got" = "$want" ] || { say "FAIL: the fake peers: $(echo "$got" | tr '\n' ';'), not: $(echo "$want" | tr '\n' ';')"; exit 1; }
	grep -qF "fake peer (ignores SIGINT): SIGKILL $STOP_SECS s after SIGINT" "$out/PERFORMANCE.md" ||
		{ say "FAIL: the report does not say the fake peer was killed"; exit 1; }
	$have_bpftrace && $have_peers ||
		{ say "FAIL: bpftrace or libbpf-tools is not installed: the smoke run covers the peers (third_party/install-deps.sh)"; exit 1; }
	say "smoke: every tool started and stopped; the fake peers cut at their deadlines ($START_SECS s to start, $STOP_SECS s to stop)"
fi
