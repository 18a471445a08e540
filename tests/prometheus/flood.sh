#!/bin/bash
# /metrics through floods of idle, slow and abusive clients (issue 23), side
# by side with node_exporter 1.5 in the same run.  Each flood lasts
# $EH_FLOOD_SECS (20) s against one server, then the same against the
# other, while a real Prometheus scrapes both every second and
# `ehflood fetch` GETs /metrics every 100 ms on a new connection.  The
# attackers (tests/helpers/ehflood.c) bind 127.0.0.2 and up; the scraper
# and the fetcher come from 127.0.0.1.  Meanwhile a workload of known size
# runs, and the counts must stay exact.
#
# Then, shorter: --listen-allow (peers outside it closed at accept, before a
# byte), and a server whose descriptor limit is lowered under it (EMFILE:
# it evicts and goes on).
#
# The table goes to $EH_FLOOD_OUT/results.md; --update-docs copies it to
# tests/prometheus/flood-results.md and docs/PERFORMANCE.md.  About 4 min.
. "$(dirname "$0")/../lib.sh"
require_root

update_docs=false
[ "${1:-}" = --update-docs ] && update_docs=true
FLOOD=${EH_FLOOD:?set EH_FLOOD to tests/helpers/ehflood}
SECS=${EH_FLOOD_SECS:-20}
OUT=${EH_FLOOD_OUT:-$TMP/out}
WORK=20000		# getppid() calls of the workload during each flood
mkdir -p "$OUT"

for tool in prometheus prometheus-node-exporter curl jq prlimit; do
	if ! command -v "$tool" > /dev/null; then
		echo "FAIL - $tool is missing: third_party/install-deps.sh installs it"
		exit 1
	fi
done
# 2000 connections need more descriptors than the usual soft limit (1024);
# root lacks CAP_SYS_RESOURCE here, so the hard limit is the ceiling
ulimit -S -n "$(ulimit -H -n)"
if [ "$(ulimit -S -n)" != unlimited ] && [ "$(ulimit -S -n)" -lt 2200 ]; then
	echo "FAIL - 2000 connections need 2200 descriptors; the hard limit is $(ulimit -H -n)"
	exit 1
fi

SERVERS=()
stop_servers() {
	local p
	for p in "${SERVERS[@]}"; do kill -TERM "$p" 2> /dev/null; done
	for p in "${SERVERS[@]}"; do wait "$p" 2> /dev/null; done
	SERVERS=()
}
trap 'stop_servers; cleanup' EXIT

USED=" "
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		[[ $USED == *" $p "* ]] && continue
		ss -Htln "sport = :$p" | grep -q . && continue
		USED+="$p "
		echo "$p"
		return
	done
}
P_PROM=$(free_port); USED+="$P_PROM "
P_EH=$(free_port); USED+="$P_EH "
P_NODE=$(free_port); USED+="$P_NODE "
P_MISC=$(free_port); USED+="$P_MISC "
TF=$TMP/textfiles
mkdir -p "$TF" "$TMP/data"
chmod 755 "$TF"

# --- the servers: ebpfhello, and node_exporter serving the same counts ----------------
start_tool eh count-syscall --syscall getppid --by comm --interval 1 --quiet \
	--listen "127.0.0.1:$P_EH" --prometheus-textfile "$TF/ebpfhello.prom" || finish
EH_PID=$TOOL_PID
prometheus-node-exporter --web.listen-address="127.0.0.1:$P_NODE" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$TF" > "$TMP/node.log" 2>&1 &
NODE_PID=$!
SERVERS+=("$NODE_PID")
cat > "$TMP/prometheus.yml" <<EOF
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: ebpfhello
    static_configs: [{targets: ['127.0.0.1:$P_EH']}]
  - job_name: node
    static_configs: [{targets: ['127.0.0.1:$P_NODE']}]
EOF
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
	--web.listen-address="127.0.0.1:$P_PROM" > "$TMP/prometheus.log" 2>&1 &
SERVERS+=($!)

# query EXPR [TIME]: the value of an instant query's first result
query() {
	curl -s --max-time 5 "http://127.0.0.1:$P_PROM/api/v1/query" --data-urlencode "query=$1" \
		${2:+--data-urlencode "time=$2"} | jq -r '.data.result[0].value[1] // "none"'
}
for ((i = 0; i < 200; i++)); do
	[ "$(query 'sum(up)')" = 2 ] && break
	sleep 0.1
done
check "Prometheus scrapes both servers before the floods" [ "$(query 'sum(up)')" = 2 ]
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# value SERIES: one sample of ebpfhello's /metrics now
value() {
	curl -s --max-time 5 "http://127.0.0.1:$P_EH/metrics" |
		awk -v s="$1" 'index($0, s " ") == 1 { print $NF }'
}
sleep 2
RSS0=$(rss "$EH_PID")

# =============================================================================
# The floods, each against ebpfhello, then node_exporter
# =============================================================================
declare -A FLOODS=([idle]=2000 [slow]=50 [churn]=200 [noread]=50 [abuse]=8)
declare -A WHAT=([idle]="2000 idle connections" [slow]="50 slow request heads (1 byte/s)"
	[churn]="200 connect-and-close loops" [noread]="50 requests never read"
	[abuse]="1 MiB headers, garbage, HTTP/0.9, pipelining")
ORDER=(idle slow churn noread abuse)
declare -A EH_ROUND	# mode -> its ebpfhello round
T0=() T1=() WIN=()
rounds=0
: > "$OUT/results.jsonl"
for mode in "${ORDER[@]}"; do
	for target in ebpfhello node; do
		if [ "$target" = ebpfhello ]; then port=$P_EH pid=$EH_PID; else port=$P_NODE pid=$NODE_PID; fi
		t0=$(date +%s.%N)
		"$FLOOD" "$mode" "${FLOODS[$mode]}" "$port" --seconds "$SECS" > "$TMP/attack.json" &
		attacker=$!
		sleep 0.5	# the flood in place before anything is measured
		"$W" --comm ehfloodwl getppid "$WORK" &
		work=$!
		"$FLOOD" fetch "$port" --seconds "$((SECS - 1))" --watch "$pid" > "$TMP/fetch.json"
		wait "$work" "$attacker"
		t1=$(date +%s.%N)
		rounds=$((rounds + 1))
		win=$(printf '%.0f' "$(echo "$t1 - $t0 - 1" | bc)")
		sleep 1.5	# the window's last scrape stored
		n=$(query "count_over_time(up{job=\"$target\"}[${win}s])" "$t1")
		up=$(query "sum_over_time(up{job=\"$target\"}[${win}s])" "$t1")
		jq -c --arg mode "$mode" --arg target "$target" --argjson scrapes "${n/none/0}" \
			--argjson up "${up/none/0}" --argjson secs "$SECS" --slurpfile a "$TMP/attack.json" \
			'. + {mode: $mode, target: $target, scrapes: $scrapes, scrapes_failed: ($scrapes - $up),
			      secs: $secs, attack: $a[0]}' "$TMP/fetch.json" >> "$OUT/results.jsonl"
		echo "# $mode vs $target: $(cat "$TMP/fetch.json") scrapes $up/$n; $(cat "$TMP/attack.json")"
		if [ "$target" = ebpfhello ]; then
			T0[$rounds]=$t0 T1[$rounds]=$t1 WIN[$rounds]=$win
			EH_ROUND[$mode]=$rounds
		fi
		sleep 1		# the attackers' connections gone
	done
	c=$(value 'ebpfhello_syscalls_total{comm="ehfloodwl"}')
	check "$mode: the counts stay exact: $((rounds * WORK)) getppid of the workload so far ($c)" \
		[ "$c" = $((rounds * WORK)) ]
done

# r MODE TARGET FILTER: a figure of one round
r() { jq -r --arg m "$1" --arg t "$2" "select(.mode == \$m and .target == \$t) | $3" "$OUT/results.jsonl"; }
le() { [ "$(echo "$1 <= $2" | bc)" = 1 ]; }
for mode in "${ORDER[@]}"; do
	w=${WHAT[$mode]}
	n=$(r "$mode" ebpfhello .scrapes)
	check "$w: Prometheus scraped ebpfhello every second, up all along ($(r "$mode" ebpfhello .scrapes_failed) of $n failed)" \
		[ "$(r "$mode" ebpfhello .scrapes_failed)" = 0 -a "$n" -ge $((SECS - 4)) ]
	check "$w: every fetch answered ($(r "$mode" ebpfhello .failed) of $(r "$mode" ebpfhello .fetches) failed)" \
		[ "$(r "$mode" ebpfhello .failed)" = 0 ]
	p99=$(r "$mode" ebpfhello .p99_ms) np99=$(r "$mode" node .p99_ms)
	p50=$(r "$mode" ebpfhello .p50_ms) np50=$(r "$mode" node .p50_ms)
	expect "$w: fetch p50 $p50 ms, no worse than node_exporter's ($np50 ms)" "le $p50 $np50"
	if [ "$mode" = churn ]; then
		expect "$w: fetch p99 $p99 ms, no worse than twice node_exporter's ($np99 ms)" "le $p99 \$(echo '2 * $np99' | bc)"
	else
		# within 1 ms: the p99 of ~190 fetches is their second slowest,
		# which one scheduling delay of the fetcher on this shared 2-CPU
		# machine moves by ms (a clone run: ours 3.58 ms where node's was
		# 3.36, and ours 0.96 to 5.02 ms over the five floods of that run)
		expect "$w: fetch p99 $p99 ms < 100 ms, and no worse than node_exporter's ($np99 ms, within 1 ms)" \
			"le $p99 100 && le $p99 \$(echo '$np99 + 1' | bc)"
	fi
	expect "$w: no more scrapes or fetches failed than node_exporter's" \
		"[ $(r "$mode" ebpfhello '.scrapes_failed + .failed') -le $(r "$mode" node '.scrapes_failed + .failed') ]"
	expect "$w: RSS $(r "$mode" ebpfhello .rss_max_kb) KiB at most, less than node_exporter's ($(r "$mode" node .rss_max_kb) KiB)" \
		"[ $(r "$mode" ebpfhello .rss_max_kb) -le $(r "$mode" node .rss_max_kb) ]"
	cpu=$(r "$mode" ebpfhello .cpu_percent)
	if [ "$mode" = churn ]; then
		# the CPU goes with the attack's pace, which only the machine
		# bounds: per connection it costs no more than node_exporter's
		us=$(r churn ebpfhello '.cpu_percent * .secs * 10000 / .attack.opened | floor')
		nus=$(r churn node '.cpu_percent * .secs * 10000 / .attack.opened | floor')
		expect "$w: ebpfhello's CPU $cpu % of a core, $us us a connection, no more than node_exporter's ($nus us)" \
			"[ $us -le $nus ]"
		# most of the flood is refused at accept (its peers past their
		# budget of empty connections): the loop's CPU stays bounded too
		expect "$w: ebpfhello's CPU under 20 % of a core ($cpu %)" "le $cpu 20"
	else
		expect "$w: ebpfhello's CPU under 20 % of a core ($cpu %)" "le $cpu 20"
	fi
done
max=$(jq -s '[.[] | select(.target == "ebpfhello") | .rss_max_kb] | max' "$OUT/results.jsonl")
check "RSS grew by $((max - RSS0)) KiB during the floods (from $RSS0 KiB), at most 8 MiB" [ $((max - RSS0)) -le 8192 ]

# --- what an abuser got: the same answers as one request alone ----------------------------
a() { r abuse ebpfhello ".attack.answers.$1.\"$2\""; }
expect "abuse: a 1 MiB header: 4xx (431), every one ($(a big_header 4xx))" \
	"[ $(a big_header 4xx) -gt 0 ] && [ $(r abuse ebpfhello '[.attack.answers.big_header[]] | add') = $(a big_header 4xx) ]"
expect "abuse: garbage: 4xx, every one ($(a garbage 4xx))" \
	"[ $(a garbage 4xx) -gt 0 ] && [ $(r abuse ebpfhello '[.attack.answers.garbage[]] | add') = $(a garbage 4xx) ]"
expect "abuse: HTTP/0.9: 4xx, every one ($(a http09 4xx))" \
	"[ $(a http09 4xx) -gt 0 ] && [ $(r abuse ebpfhello '[.attack.answers.http09[]] | add') = $(a http09 4xx) ]"
expect "abuse: two pipelined requests: two 200s, every time ($(r abuse ebpfhello .attack.pipelined_both))" \
	"[ $(a pipeline 2xx) -gt 0 ] && [ $(r abuse ebpfhello .attack.pipelined_both) = $(a pipeline 2xx) ]"

# --- the attacks as Prometheus saw them: the server's own metrics ---------------------------
# at RATE MODE EXPR: EXPR over the ebpfhello round of MODE, as stored by Prometheus
at() {
	local k=${EH_ROUND[$2]}
	query "$(printf "$1" "${WIN[$k]}s")" "${T1[$k]}"
}
n=$(at 'max_over_time(ebpfhello_http_connections[%s])' idle)
check "Prometheus saw the 2000 idle connections open (ebpfhello_http_connections up to $n)" [ "${n%.*}" -ge 2000 ]
n=$(at 'increase(ebpfhello_http_connections_timed_out_total[%s])' idle)
check "... and timed out after 10 s (ebpfhello_http_connections_timed_out_total +$n)" [ "${n%.*}" -ge 1500 ]
n=$(at 'increase(ebpfhello_http_connections_timed_out_total[%s])' slow)
check "the slow heads timed out, however they trickled (+$n)" [ "${n%.*}" -ge 40 ]
n=$(at 'increase(ebpfhello_http_connections_accepted_total[%s])' churn)
check "the churn is seen in ebpfhello_http_connections_accepted_total (+$n)" [ "${n%.*}" -ge 10000 ]
n=$(at 'increase(ebpfhello_http_connections_refused_total{reason="rate"}[%s])' churn)
refused_rate=${n%.*}
check "... and most of it refused at accept, its peers past their budget (refused_total{reason=\"rate\"} +$n)" \
	[ "${n%.*}" -ge 100000 ]
n=$(at 'increase(promhttp_metric_handler_requests_total{code="431"}[%s])' abuse)
check "the 1 MiB headers are seen in promhttp_metric_handler_requests_total{code=\"431\"} (+$n)" [ "${n%.*}" -ge 10 ]
n=$(at 'increase(promhttp_metric_handler_requests_total{code="400"}[%s])' abuse)
check "garbage and HTTP/0.9 in promhttp_metric_handler_requests_total{code=\"400\"} (+$n)" [ "${n%.*}" -ge 20 ]

# --- the table ---------------------------------------------------------------------------------
{
	echo "## /metrics under floods"
	echo
	echo "tests/prometheus/flood.sh, last run $(date +%F) on Linux $(uname -r), $(nproc) CPUs:"
	echo "\`count-syscall --listen\` and node_exporter $(prometheus-node-exporter --version 2>&1 | awk 'NR == 1 { print $3 }')"
	echo "(its textfile collector serving the same counts), each flooded in turn for $SECS s"
	echo "from 127.0.0.2 and up, while Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 { print $3 }') scraped both every second"
	echo "(timeout 1 s) and a client fetched /metrics every 100 ms on a new connection"
	echo "(slower than 1 s: failed). RSS is the server's most during the flood; CPU its"
	echo "own, user and system. Each cell: **ebpfhello** / node_exporter."
	echo
	echo "| flood | scrapes failed | fetches failed | fetch p50 (ms) | fetch p99 (ms) | RSS (MiB) | CPU (% of a core) |"
	echo "|---|---|---|---|---|---|---|"
	for mode in "${ORDER[@]}"; do
		cell() { printf '**%s** / %s' "$(r "$mode" ebpfhello "$1")" "$(r "$mode" node "$1")"; }
		echo "| ${WHAT[$mode]} | $(cell '"\(.scrapes_failed) of \(.scrapes)"') | $(cell '"\(.failed) of \(.fetches)"') | $(cell '.p50_ms // "-"') | $(cell '.p99_ms // "-"') | $(cell '.rss_max_kb / 1024 * 10 | round / 10') | $(cell .cpu_percent) |"
	done
	echo
	echo "The connect-and-close loops went as fast as the machine let them: against"
	echo "ebpfhello $(r churn ebpfhello '.attack.opened') connections in $SECS s (and $(r churn ebpfhello '.attack.connect_failed') more reset before the"
	echo "attacker saw them open, which it counts as failed connects)"
	echo "($(r churn ebpfhello '.cpu_percent * .secs * 10000 / .attack.opened | floor') us of its CPU each),"
	echo "against node_exporter $(r churn node '.attack.opened') ($(r churn node '.cpu_percent * .secs * 10000 / .attack.opened | floor') us each, on both CPUs)."
	echo "ebpfhello refused about $refused_rate of them as soon as accepted, their peers past"
	echo "the budget of empty connections (docs/prometheus.md): an accept and a close each."
	echo "Its CPU follows the attack's pace, at that cost; the other floods cost it little."
	echo "ebpfhello's RSS was $RSS0 KiB before the floods and grew by at most $((max - RSS0)) KiB."
} > "$OUT/results.md"
cat "$OUT/results.md"

# =============================================================================
# --listen-allow: peers outside it closed at accept, before a byte is read
# =============================================================================
check "the server's own metrics are not in the textfile (node_exporter has its own promhttp_metric_handler_requests_total)" \
	bash -c "grep -q '^ebpfhello_syscalls_total' '$TF/ebpfhello.prom' && ! grep -qE '^(promhttp|ebpfhello_http)' '$TF/ebpfhello.prom'"
stop_tool INT
check "count-syscall --listen through the floods: exit 0" [ "$TOOL_RC" = 0 ]
start_tool allow count-uid --json --listen "127.0.0.1:$P_MISC" --listen-allow 127.0.0.1,10.0.0.0/8 \
	--interval 0.5 || finish
# from SRC: curl's status code from that source address
from() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 --interface "$1" "http://127.0.0.1:$P_MISC/metrics"; }
check "--listen-allow 127.0.0.1,10.0.0.0/8: 127.0.0.1 is served" [ "$(from 127.0.0.1)" = 200 ]
code=$(from 127.0.0.2)
check "--listen-allow: 127.0.0.2 is closed without an answer (curl: $code)" [ "$code" = 000 ]
# before a byte is read: the request that came with the connection is not
# answered, and libmicrohttpd never saw it
reply=$(printf 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n' |
	timeout 5 python3 -c "
import socket, sys
s = socket.socket(); s.bind(('127.0.0.3', 0)); s.connect(('127.0.0.1', $P_MISC))
try:
    s.sendall(sys.stdin.buffer.read())
    print(len(s.recv(100)))
except (ConnectionResetError, BrokenPipeError):
    print('reset')")
check "--listen-allow: a request sent at once from 127.0.0.3 gets nothing back ($reply)" \
	[ "$reply" = 0 -o "$reply" = reset ]
curl -s "http://127.0.0.1:$P_MISC/metrics" > "$TMP/allow.metrics"
check "--listen-allow: both refusals counted: ebpfhello_http_connections_refused_total{reason=\"listen_allow\"} 2" \
	grep -qx 'ebpfhello_http_connections_refused_total{reason="listen_allow"} 2' "$TMP/allow.metrics"
check "--listen-allow: only the 127.0.0.1 requests answered: promhttp_metric_handler_requests_total{code=\"200\"} 1" \
	grep -qx 'promhttp_metric_handler_requests_total{code="200"} 1' "$TMP/allow.metrics"
check "promtool check metrics accepts the self-metrics" promtool check metrics < "$TMP/allow.metrics"
stop_tool INT
check "--listen-allow: exit 0" [ "$TOOL_RC" = 0 ]
# without the option, the same peer is served
start_tool anyone count-uid --listen "127.0.0.1:$P_MISC" --interval 0.5 || finish
check "without --listen-allow, 127.0.0.2 is served (the default: anyone)" [ "$(from 127.0.0.2)" = 200 ]
stop_tool INT
if ip -6 addr show dev lo 2> /dev/null | grep -q '::1'; then
	start_tool allow6 count-uid --listen "[::1]:$P_MISC" --listen-allow ::1 --interval 0.5 || finish
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -g "http://[::1]:$P_MISC/metrics")
	check "--listen [::1] --listen-allow ::1: served over IPv6 ($code)" [ "$code" = 200 ]
	stop_tool INT
	start_tool deny6 count-uid --listen "[::1]:$P_MISC" --listen-allow fd00::/8 --interval 0.5 || finish
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -g "http://[::1]:$P_MISC/metrics")
	check "--listen [::1] --listen-allow fd00::/8: ::1 closed ($code)" [ "$code" = 000 ]
	stop_tool INT
else
	fail "no ::1 on lo here: the IPv6 --listen-allow cases cannot run"
fi

# =============================================================================
# The budget of empty connections per peer (docs/prometheus.md)
# =============================================================================
start_tool budget count-uid --listen "127.0.0.1:$P_MISC" --interval 0.5 || finish
"$FLOOD" churn 20 "$P_MISC" --seconds 4 --addrs 1 > "$TMP/b1.json" &
b1=$!
# a peer sending requests fast (garbage, and a scrape) is answered every time
timeout 20 python3 -c "
import socket, sys
ok = 0
for i in range(400):
    s = socket.socket(); s.bind(('127.0.0.3', 0)); s.connect(('127.0.0.1', $P_MISC))
    s.sendall(b'GET /metrics HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' if i % 2 else b'GARBAGE \\x01\\x02 \\r\\n\\r\\n')
    try:
        a = s.recv(12)
        ok += a[:7] == b'HTTP/1.' and a[9:10] == (b'2' if i % 2 else b'4')
    except ConnectionResetError:
        pass
    s.close()
print(ok)" > "$TMP/b2.out" &
b2=$!
"$FLOOD" fetch "$P_MISC" --seconds 3 > "$TMP/b.json"
wait "$b1" "$b2"
curl -s "http://127.0.0.1:$P_MISC/metrics" > "$TMP/b.metrics"
n=$(awk '$1 == "ebpfhello_http_connections_refused_total{reason=\"rate\"}" { print $2 }' "$TMP/b.metrics")
check "a connect-and-close loop from one peer (127.0.0.2, $(jq .opened "$TMP/b1.json") connections): refused at accept past its budget (refused_total{reason=\"rate\"} $n)" \
	[ "${n:-0}" -gt 1000 ]
check "... meanwhile 127.0.0.1 fetched /metrics every 100 ms, every one answered ($(cat "$TMP/b.json"))" \
	[ "$(jq .failed "$TMP/b.json")" = 0 ]
check "... and 127.0.0.3, 400 requests as fast as it could (half garbage), got every answer, none refused ($(cat "$TMP/b2.out") of 400)" \
	[ "$(cat "$TMP/b2.out")" = 400 ]
stop_tool INT

# =============================================================================
# Descriptors: the limit lowered under the running server (EMFILE)
# =============================================================================
start_tool fds count-uid --listen "127.0.0.1:$P_MISC" --interval 0.5 || finish
"$FLOOD" idle 30 "$P_MISC" --seconds 8 > "$TMP/a1.json" &
a1=$!
sleep 1
open=$(ls "/proc/$TOOL_PID/fd" | wc -l)
prlimit --pid "$TOOL_PID" --nofile=$((open + 2)):$((open + 2))
"$FLOOD" idle 20 "$P_MISC" --seconds 5 --from 127.0.1.2 > "$TMP/a2.json" &
a2=$!
sleep 0.5
"$FLOOD" fetch "$P_MISC" --seconds 4 --watch "$TOOL_PID" > "$TMP/fds.json"
wait "$a1" "$a2"
check "descriptors run out under 50 connections (limit $((open + 2))): every fetch still answered ($(cat "$TMP/fds.json"))" \
	[ "$(jq .failed "$TMP/fds.json")" = 0 ]
curl -s "http://127.0.0.1:$P_MISC/metrics" > "$TMP/fds.metrics"
n=$(awk '$1 == "ebpfhello_http_connections_evicted_total" { print $2 }' "$TMP/fds.metrics")
l=$(awk '$1 == "ebpfhello_http_connections_limit" { print $2 }' "$TMP/fds.metrics")
check "... by evicting (ebpfhello_http_connections_evicted_total $n), the pool shrunk to what the descriptors allow ($l)" \
	[ "${n:-0}" -gt 0 -a "${l:-0}" -lt 50 -a "${l:-0}" -gt 1 ]
stop_tool INT
check "... and it exits 0 as usual ($(tail -1 "$TMP/fds.err"))" [ "$TOOL_RC" = 0 ]
assert_nothing_attached "flood"

if $update_docs; then
	root=$EH_TESTS/..
	cp "$OUT/results.md" "$EH_TESTS/prometheus/flood-results.md"
	perf=$root/docs/PERFORMANCE.md
	# the section sits before the soak's (the soak keeps what comes before it)
	awk -v f="$EH_TESTS/prometheus/flood-results.md" '
		/^## \/metrics under floods$/ { skip = 1; next }
		skip && /^## / { skip = 0 }
		/^## Soak$/ && !done { while ((getline l < f) > 0) print l; print ""; done = 1 }
		!skip { print }' "$perf" > "$perf.tmp" && mv "$perf.tmp" "$perf"
	echo "flood: wrote tests/prometheus/flood-results.md and its section of docs/PERFORMANCE.md"
fi
finish
