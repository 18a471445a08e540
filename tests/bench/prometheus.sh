# shellcheck shell=bash disable=SC2154
# The benchmark's Prometheus step (sourced by tests/bench/run.sh, which
# provides EH, W, tmp, SCRAPES, TF_SECS, TF_ROUNDS, say, record, median, cpu_ns):
#
#   scrape:   CPU (the server's, /proc/PID/schedstat) and wall time (curl's)
#             to serve one GET /metrics of 500 series: count-syscall --by pid
#             holding 500 pids, SCRAPES requests on one kept-alive connection
#   textfile: what --prometheus-textfile adds to an interval: the same 500
#             series every 10 ms for TF_SECS, CPU per interval with and
#             without it, in TF_ROUNDS alternating rounds (median)
#
# The 500 keys are 500 processes named ehscrape making one getppid each;
# --cumulative keeps them in the map, --comm keeps everything else out.

bench_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

# prom_tool NAME ARGS...: count-syscall with the 500 keys loaded; sets BG
prom_tool() {
	local name=$1 i
	shift
	taskset -c "$TOOL_CPU" "$EH" count-syscall --by pid --syscall getppid --comm ehscrape \
		--cumulative "$@" > /dev/null 2> "$tmp/$name.err" &
	BG=$!
	BG_NAME="prometheus ($name)"
	for ((i = 0; i < START_SECS * 20; i++)); do
		grep -q "attached via" "$tmp/$name.err" && break
		sleep 0.05
	done
	timeout -s KILL "$WORK_SECS" "$W" --comm ehscrape bursts 500 1 1 0
}

bench_scrape() {
	local port series cpu0 cpu1 args=() i wall bytes
	port=$(bench_port)
	prom_tool scrape -v --interval 3600 --quiet --listen "127.0.0.1:$port"
	curl -s --max-time 10 -o "$tmp/metrics" "http://127.0.0.1:$port/metrics"
	series=$(grep -c '^ebpfhello_syscalls_total{pid=' "$tmp/metrics")
	bytes=$(stat -c %s "$tmp/metrics")
	for ((i = 0; i < SCRAPES; i++)); do
		args+=(-o /dev/null "http://127.0.0.1:$port/metrics")
	done
	cpu0=$(cpu_ns "$BG")
	taskset -c "$STORM_CPU" curl -s --max-time 10 -w '%{time_total}\n' "${args[@]}" > "$tmp/times"
	cpu1=$(cpu_ns "$BG")
	stop_bg
	wall=$(median < "$tmp/times")
	local us
	us=$(echo "($cpu1 - $cpu0) / 1000 / $SCRAPES" | bc -l)
	say "prometheus: one scrape of $series series ($bytes bytes): $(printf %.1f "$us") us CPU, $(echo "$wall * 1000" | bc -l | xargs printf %.3f) ms wall (median of $SCRAPES)"
	record --argjson s "$series" --argjson b "$bytes" --argjson n "$SCRAPES" --argjson us "$us" \
		--argjson w "$wall" \
		'{kind: "scrape", series: $s, bytes: $b, scrapes: $n, cpu_us: $us, wall_ms: ($w * 1000)}'
}

# interval_cpu_us ARGS...: CPU per 10 ms interval of the tool over TF_SECS
interval_cpu_us() {
	local cpu0 cpu1 t0 t1
	prom_tool textfile --interval 0.01 -v "$@"
	sleep 0.3
	cpu0=$(cpu_ns "$BG")
	t0=$(date +%s%N)
	sleep "$TF_SECS"
	cpu1=$(cpu_ns "$BG")
	t1=$(date +%s%N)
	stop_bg
	echo "($cpu1 - $cpu0) / 1000 / (($t1 - $t0) / 10000000)" | bc -l
}

bench_textfile() {
	local r with without diffs=() bases=() d base bytes
	mkdir -p "$tmp/tf"
	for ((r = 0; r < TF_ROUNDS; r++)); do
		without=$(interval_cpu_us)
		with=$(interval_cpu_us --prometheus-textfile "$tmp/tf/ebpfhello.prom")
		diffs+=("$(echo "$with - $without" | bc -l)")
		bases+=("$without")
	done
	bytes=$(stat -c %s "$tmp/tf/ebpfhello.prom")
	d=$(printf '%s\n' "${diffs[@]}" | median)
	base=$(printf '%s\n' "${bases[@]}" | median)
	say "prometheus: --prometheus-textfile adds $(printf %.1f "$d") us CPU per interval ($bytes bytes, 500 series; an interval without it: $(printf %.1f "$base") us)"
	record --argjson d "$d" --argjson b "$base" --argjson bytes "$bytes" --argjson r "$TF_ROUNDS" \
		'{kind: "textfile", added_cpu_us: $d, interval_cpu_us: $b, bytes: $bytes, series: 500, rounds: $r}'
}

bench_scrape
bench_textfile
