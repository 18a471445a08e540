#!/bin/bash
# The benchmark: what ebpfhello costs a busy machine, beside the physical
# floor (tests/bench/floor.bpf.c), bpftrace and libbpf-tools' syscount and
# execsnoop doing the same jobs, all measured in one run.  Writes results.json and PERFORMANCE.md to
# $EH_BENCH_OUT; --update-docs copies the latter to docs/PERFORMANCE.md.
#
#   cmake --build build --target bench          # the full run (a few minutes)
#   EH=... EH_WORKLOAD=... EH_FLOOR=... tests/bench/run.sh [--smoke] [--update-docs]
#
# EH_BASELINE=/path/to/an/older/ebpfhello adds that build's events beside
# this one's (the exec path's cost before and after a change).
#
# --smoke: tiny sizes, one round; checks that every step still works and
# asserts nothing about speed (ctest runs it).
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
for a in "$@"; do
	case "$a" in
	--smoke) smoke=true ;;
	--update-docs) update_docs=true ;;
	*) echo "usage: run.sh [--smoke] [--update-docs]" >&2; exit 2 ;;
	esac
done
# SCRAPES, TF_SECS, TF_ROUNDS: the Prometheus step's sizes (prometheus.sh)
# shellcheck disable=SC2034
if $smoke; then
	N=100000 ROUNDS=1 EXECS=100 START_RUNS=2 TAIL_N=20000 RATES="50000 0"
	SCRAPES=20 TF_SECS=0.5 TF_ROUNDS=1
else
	N=1000000 ROUNDS=15 EXECS=3000 START_RUNS=9 TAIL_N=300000 RATES="50000 100000 200000 400000 0"
	SCRAPES=500 TF_SECS=3 TF_ROUNDS=5
fi
if [ "$(nproc)" -ge 2 ]; then STORM_CPU=1 TOOL_CPU=0; else STORM_CPU=0 TOOL_CPU=0; fi
[ "$(id -u)" = 0 ] || { echo "bench: needs root (it loads BPF programs)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d /tmp/eh-bench.XXXXXX)
chmod 755 "$tmp"
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

storm_ns() { taskset -c "$STORM_CPU" "$W" --report getppid "$N" | awk '{ print $4 }'; }

# start_bg READY_REGEX CMD...: the tool on TOOL_CPU, until READY shows in its output
start_bg() {
	local ready=$1 i
	shift
	taskset -c "$TOOL_CPU" "$@" > "$tmp/bg.log" 2>&1 &
	BG=$!
	for ((i = 0; i < 600; i++)); do
		grep -qE "$ready" "$tmp/bg.log" && return 0
		kill -0 "$BG" 2>/dev/null || break
		sleep 0.05
	done
	say "did not start: $* ($(head -c 300 "$tmp/bg.log"))"
	stop_bg
	return 1
}
stop_bg() {
	kill -INT "$BG" 2>/dev/null
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
	CONFIGS+=("$name")
	CFG_READY[$name]=$2
	shift 2
	CFG_ARGS[$name]=$(printf '%q ' "$@")
	CFG_CMD[$name]="$*"
}
declare -A CFG_READY CFG_ARGS CFG_CMD DIFFS BASES
run_added() {
	local r name b prev w
	for ((r = 0; r < ROUNDS; r++)); do
		prev=$(storm_ns)
		for name in "${CONFIGS[@]}"; do
			eval "set -- ${CFG_ARGS[$name]}"
			start_bg "${CFG_READY[$name]}" "$@" || continue
			w=$(storm_ns)
			stop_bg
			b=$(storm_ns)
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
	local name=$1 ready=$2 before line
	shift 2
	"$W" progs | awk '{ print $1 }' > "$tmp/ids.before"
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	start_bg "$ready" "$@" || { echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
	storm_ns > /dev/null
	line=$("$W" progs | awk -v old=" $(tr '\n' ' ' < "$tmp/ids.before")" \
		'index(old, " " $1 " ") == 0 && $3 > 0 { n = n ? n "+" $2 : $2; t += $4; if ($3 + 0 > best + 0) best = $3 }
		 END { if (n) print "x", n, best, t }')
	stop_bg
	echo 0 > /proc/sys/kernel/bpf_stats_enabled
	read -r _ prog cnt ns <<< "$line"
	[ -n "${cnt:-}" ] && [ "$cnt" -gt 0 ] || { say "$name: no program ran"; return 1; }
	say "$name: $(echo "scale=1; $ns / $cnt" | bc) ns per run of $prog ($cnt runs)"
	record --arg n "$name" --arg p "$prog" --argjson c "$cnt" --argjson t "$ns" \
		'{kind: "run_ns", name: $n, prog: $p, runs: $c, ns: ($t / $c)}'
}

# start_up NAME CMD...: exec -> attached -> first interval -> exit
start_up() {
	local name=$1 wall rss
	shift
	"$W" time "$START_RUNS" 0.5 "$@" > "$tmp/start" 2> "$tmp/start.err" || { say "$name failed: $(cat "$tmp/start.err")"; return 1; }
	wall=$(awk '{ print $1 }' "$tmp/start" | median)
	rss=$(awk '{ print $2 }' "$tmp/start" | median)
	say "$name: start $wall ms, peak RSS $rss KiB"
	record --arg n "$name" --argjson w "$wall" --argjson r "$rss" --arg cmd "$*" \
		'{kind: "start", name: $n, wall_ms: $w, rss_kb: $r, cmd: $cmd}'
}

# --- 1. added cost per traced syscall -----------------------------------------
say "getppid storms of $N calls on CPU $STORM_CPU, $ROUNDS rounds over every configuration"
config floor_empty '^attached' "$EH_FLOOR" empty
config floor_count '^attached' "$EH_FLOOR" count
config floor_uid '^attached' "$EH_FLOOR" uid
config count-syscall 'attached via' "$EH" count-syscall -v --interval 1
config "count-uid --all-syscalls" 'attached via' "$EH" count-uid --all-syscalls -v --interval 1
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
if $have_bpftrace; then
	config "bpftrace count-syscall" 'Attaching' bpftrace -e 'tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }'
	config "bpftrace count-uid --all-syscalls" 'Attaching' bpftrace -e 'tracepoint:raw_syscalls:sys_enter { @[uid] = count(); }'
	config "bpftrace count-uid" 'Attaching' bpftrace -e 'tracepoint:syscalls:sys_enter_execve { @[uid] = count(); }'
fi
run_added

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
per_run "count-syscall --by uid" 'attached via' "$EH" count-syscall -v --by uid --interval 1
per_run "count-syscall --by container" 'attached via' "$EH" count-syscall -v --by container --interval 1
if $have_peers; then
	per_run "syscount -x" '^Tracing' stdbuf -oL syscount -x
	per_run "syscount -L" '^Tracing' stdbuf -oL syscount -L
fi
if $have_bpftrace; then
	per_run "bpftrace count-syscall" 'Attaching' bpftrace -e 'tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }'
fi

# storm_runs NAME READY CMD...: how often CMD's programs ran during one
# getppid storm (0 for the execve modes that keep off the syscall path)
storm_runs() {
	local name=$1 ready=$2 runs
	shift 2
	"$W" progs | awk '{ print $1 }' > "$tmp/ids.before"
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	start_bg "$ready" "$@" || { echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
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
	local name=$1 ready=$2 kind=$3 cpu0 cpu1 ns0 ns1 rate delivered lost us kns
	shift 3
	"$W" progs | awk '{ print $1 }' > "$tmp/ids.before"
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	start_bg "$ready" "$@" || { echo 0 > /proc/sys/kernel/bpf_stats_enabled; return 1; }
	sleep 0.2
	cpu0=$(cpu_ns "$BG")
	ns0=$(prog_ns)
	rate=$(taskset -c "$STORM_CPU" "${storm_in[@]}" "$W" as 65534 "$W" --report exec "$EXECS" "$W" getppid 0 | awk '{ print $5 }')
	sleep 0.5
	cpu1=$(cpu_ns "$BG")
	ns1=$(prog_ns)
	stop_bg
	echo 0 > /proc/sys/kernel/bpf_stats_enabled
	if [ "$kind" = json ]; then
		delivered=$(grep -c '^{"type":"event"' "$tmp/bg.log")
		lost=$(grep '^{"type":"summary"' "$tmp/bg.log" | jq '.lost')
	else	# execsnoop: a line per exec after its header; it counts no loss
		delivered=$(grep -vc -e '^PCOMM' -e '^$' "$tmp/bg.log")
		lost=null
	fi
	us=$(echo "($cpu1 - $cpu0) / 1000 / ($delivered + ($delivered == 0))" | bc -l)
	kns=$(echo "($ns1 - $ns0) / ($EXECS + 1)" | bc -l)
	say "$name: $((EXECS + 1)) execs at $rate/s: $delivered delivered, $lost lost; consumer $(printf %.2f "$us") us per record, kernel $(printf %.0f "$kns") ns per exec"
	record --arg n "$name" --argjson execs "$((EXECS + 1))" --argjson rate "$rate" --argjson d "$delivered" \
		--argjson l "$lost" --argjson us "$us" --argjson kns "$kns" --arg cmd "$*" \
		'{kind: "exec_storm", name: $n, execs: $execs, execs_per_s: $rate, delivered: $d, lost: $l,
		  consumer_us_per_event: $us, kernel_ns_per_exec: $kns, cmd: $cmd}'
}
storm_in=()	# a command the storm runs under (incgroup DIR)
exec_storm events 'attached via' json "$EH" events --json -v --uid 65534
[ -n "$BASELINE" ] && exec_storm "events (baseline)" 'attached via' json "$BASELINE" events --json -v --uid 65534
exec_storm "events --args" 'attached via' json "$EH" events --json -v --uid 65534 --args
exec_storm "events --results" 'attached via' json "$EH" events --json -v --uid 65534 --results
exec_storm "events --failed" 'attached via' json "$EH" events --json -v --uid 65534 --failed
# who did it (docs/identity.md): the storm inside one container, a cgroup
# named as podman names its containers, with and without --identity (every
# record after the first is a cache hit)
cg2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -n "$cg2" ]; then
	ctr=$cg2/machine.slice/libpod-$(printf 'e%.0s' $(seq 64)).scope
	mkdir -p "$ctr"
	storm_in=("$W" incgroup "$ctr")
	exec_storm "events (in a container)" 'attached via' json "$EH" events --json -v --uid 65534
	exec_storm "events --identity (in a container)" 'attached via' json "$EH" events --json -v --uid 65534 --identity
	storm_in=()
	rmdir "$ctr" "$cg2/machine.slice" 2> /dev/null
else
	say "no cgroup2 mount: events --identity's cost not measured"
fi
if $have_peers; then
	exec_storm execsnoop '^PCOMM' execsnoop stdbuf -oL execsnoop -u 65534
	exec_storm "execsnoop -x" '^PCOMM' execsnoop stdbuf -oL execsnoop -x -u 65534
fi

# --- 5. tail: events/s through the ring buffer before loss starts -------------
tail_run() {	# tail_run RATE BUFFER_KB [CONSUMER_CPU]
	local rate=$1 kb=$2 cpu=${3:-$TOOL_CPU} secs delivered lost offered
	rm -f "$tmp/go" "$tmp/child"
	taskset -c "$STORM_CPU" "$W" --go "$tmp/go" --report --rate "$rate" getppid "$TAIL_N" > "$tmp/child" &
	local child=$!
	for ((i = 0; i < 200; i++)); do [ -s "$tmp/child" ] && break; sleep 0.05; done
	# the child's other syscalls (polling for the go file, its report,
	# its exit) are ignored so that delivered + lost can be compared with
	# the getppid calls alone: lost counts records of any syscall
	TOOL_CPU=$cpu start_bg 'attached via' sh -c "exec $EH tail --json -v --buffer-size $kb --ignore access,clock_nanosleep,nanosleep,write,exit_group --pid $(head -1 "$tmp/child") > $tmp/tail.json" ||
		{ kill "$child"; return 1; }
	touch "$tmp/go"
	wait "$child"
	sleep 0.3
	stop_bg
	secs=$(awk 'NR == 2 { print $3 }' "$tmp/child")
	delivered=$(jq -s '[.[] | select(.type == "tail" and .syscall == "getppid")] | length' "$tmp/tail.json")
	lost=$(jq -s '.[-1].lost' "$tmp/tail.json")
	offered=$(echo "$TAIL_N / $secs" | bc)
	local shared=false
	[ "$cpu" = "$STORM_CPU" ] && shared=true
	say "tail: getppid at $offered/s offered, $kb KiB ring, consumer on CPU $cpu: $delivered of $TAIL_N delivered, $lost lost"
	record --argjson r "$rate" --argjson o "$offered" --argjson d "$delivered" --argjson l "$lost" \
		--argjson n "$TAIL_N" --argjson kb "$kb" --argjson sh "$shared" \
		'{kind: "tail_rate", paced: $r, offered_per_s: $o, calls: $n, delivered: $d, lost: $l, buffer_kb: $kb, shared_cpu: $sh}'
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
. "$(dirname "$0")/prometheus.sh"

# --- 6. the binary -------------------------------------------------------------
size=$(stat -c %s "$EH")
strip -o "$tmp/stripped" "$EH" 2>/dev/null && size=$(stat -c %s "$tmp/stripped")
record --argjson s "$size" --arg f "$(file -b "$EH" | cut -d, -f1-4)" '{kind: "binary", stripped_bytes: $s, file: $f}'

# --- the report -------------------------------------------------------------------
jq -s --arg kernel "$(uname -r)" --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
	--argjson ncpu "$(nproc)" --arg date "$(date -u +%Y-%m-%dT%H:%MZ)" --argjson smoke "$smoke" \
	--argjson n "$N" --argjson rounds "$ROUNDS" \
	'{machine: {kernel: $kernel, cpu: $cpu, cpus: $ncpu}, date: $date, smoke: $smoke,
	  storm_calls: $n, rounds: $rounds, results: .}' "$R" > "$out/results.json"
bash "$(dirname "$0")/report.sh" "$out/results.json" > "$out/PERFORMANCE.md" || { echo "bench: report.sh failed" >&2; exit 1; }
if $update_docs && ! $smoke; then
	cp "$out/PERFORMANCE.md" "$(dirname "$0")/../../docs/PERFORMANCE.md"
fi
say "results: $out/results.json, $out/PERFORMANCE.md"
# Not a speed check: loss must be exact whatever the speed.
if ! jq -e '[.results[] | select(.kind == "tail_rate") | .delivered + .lost == .calls] | all' "$out/results.json" > /dev/null; then
	say "FAIL: a tail run's delivered + lost differs from the calls made"
	exit 1
fi
