#!/bin/bash
# Prometheus export (docs/prometheus.md) against the real thing: a Prometheus
# server and node_exporter started here, on 127.0.0.1 ports of our own, with
# a temporary config and data directory, stopped at the end.  Not under
# tests/runtime: the kernel matrix VMs carry no Prometheus.
#
# Prometheus shows its first scrape only ~5-6 s after it starts (its target
# updates go out on a 5 s tick), so it is started first, with every target
# of the test in its config, and the cases that need no Prometheus run
# meanwhile.  The whole test takes about a minute.
. "$(dirname "$0")/../lib.sh"
require_root

for tool in prometheus prometheus-node-exporter promtool curl; do
	if ! command -v "$tool" > /dev/null; then
		echo "FAIL - $tool is missing: third_party/install-deps.sh installs it"
		exit 1
	fi
done

SERVERS=()	# pids of the servers started here
stop_servers() {
	local p
	for p in "${SERVERS[@]}"; do
		kill -TERM "$p" 2> /dev/null
	done
	for p in "${SERVERS[@]}"; do
		wait "$p" 2> /dev/null
	done
	SERVERS=()
}
trap 'stop_servers; cleanup' EXIT

# a port nobody listens on, from a range of our own
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
P_NODE=$(free_port); USED+="$P_NODE "
P_UID=$(free_port); USED+="$P_UID "
P_SYS=$(free_port); USED+="$P_SYS "
P_MISC=$(free_port); USED+="$P_MISC "
TF=$TMP/textfiles		# node_exporter's textfile directory
mkdir -p "$TF" "$TMP/data"
chmod 755 "$TF"

# --- the servers -----------------------------------------------------------------
prometheus-node-exporter --web.listen-address="127.0.0.1:$P_NODE" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$TF" --web.disable-exporter-metrics \
	> "$TMP/node.log" 2>&1 &
SERVERS+=($!)
cat > "$TMP/prometheus.yml" <<EOF
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: node
    static_configs: [{targets: ['127.0.0.1:$P_NODE']}]
  - job_name: uid
    static_configs: [{targets: ['127.0.0.1:$P_UID']}]
  - job_name: sys
    static_configs: [{targets: ['127.0.0.1:$P_SYS']}]
EOF
check "promtool check config accepts the test's config" promtool check config "$TMP/prometheus.yml"
# docs/prometheus.md's scrape config and rules, as printed there
doc_block() {	# doc_block "promtool check WHAT": the yaml block after that marker
	awk -v m="$1" 'index($0, "<!-- checked by") && index($0, m) { on = 1; next }
		on && /^```yaml$/ { copy = 1; next } copy && /^```$/ { exit } copy { print }' \
		"$EH_TESTS/../docs/prometheus.md"
}
mkdir -p "$TMP/doc"
doc_block "promtool check config" > "$TMP/doc/prometheus.yml"
doc_block "promtool check rules" > "$TMP/doc/ebpfhello.rules.yml"
check "docs/prometheus.md: promtool check rules accepts its rules" \
	promtool check rules "$TMP/doc/ebpfhello.rules.yml"
check "docs/prometheus.md: promtool check config accepts its scrape config (and its rule file)" \
	promtool check config "$TMP/doc/prometheus.yml"
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
	--web.listen-address="127.0.0.1:$P_PROM" > "$TMP/prometheus.log" 2>&1 &
SERVERS+=($!)
PROM_STARTED=$(date +%s)

# query EXPR: "value timestamp" of each result of an instant query, one a line
query() {
	curl -s --max-time 5 "http://127.0.0.1:$P_PROM/api/v1/query" --data-urlencode "query=$1" |
		jq -r '.data.result[] | "\(.value[1]) \(.value[0])"'
}
# fresh EXPR AFTER SECS: waits until EXPR's sample was scraped after the
# unix time AFTER (so that it saw everything done before it), then prints
# its value ("none" at the deadline)
fresh() {
	local i line
	for ((i = 0; i < ${3:-20} * 5; i++)); do
		line=$(query "timestamp($1) > $2 and $1" | head -1)
		if [ -n "$line" ]; then
			query "$1" | awk 'NR == 1 { print $1 }'
			return
		fi
		sleep 0.2
	done
	echo none
}
now() { date +%s.%N; }

# scrape URL: the body of GET URL, in $TMP/scrape; its status in $CODE
scrape() { CODE=$(curl -s -g -o "$TMP/scrape" -w '%{http_code}' --max-time 5 "$@"); }
# check_metrics NAME FILE: promtool accepts FILE, with ebpfhello_info in it
check_metrics() {
	local msg
	if msg=$(promtool check metrics < "$2" 2>&1) && grep -q '^ebpfhello_info{' "$2"; then
		pass "$1: promtool check metrics accepts it ($(grep -c '^ebpfhello' "$2") samples)"
	else
		fail "$1: promtool check metrics: $msg $(head -c 300 "$2")"
	fi
}
# value FILE SERIES: the value of one sample line of an exposition
value() { awk -v s="$2" 'index($0, s " ") == 1 { print $NF }' "$1"; }

# =============================================================================
# While Prometheus finds its targets: what needs no Prometheus
# =============================================================================

# --- the HTTP server: only GET and HEAD of /metrics ------------------------------
# a port alone: 127.0.0.1
start_tool http count-syscall --json --syscall getppid --listen "$P_MISC" --interval 0.2 || finish
# What it answers is docs/prometheus.md's table, row by row: each row's
# requests are made here and must get the row's status, and a row this
# test does not know fails (the docs and the server cannot drift apart).
doc_answers() {	# "request<TAB>status" of each row
	awk -F'|' 'index($0, "<!-- checked by") && index($0, ": answers") { on = 1; next }
		on && (/^\| request/ || /^\|---/) { next }
		on && /^\|/ { r = $2; gsub(/^ +| +$/, "", r); match($3, /[0-9][0-9][0-9]/)
			print r "\t" substr($3, RSTART, 3); next }
		on { exit }' "$EH_TESTS/../docs/prometheus.md"
}
# raw FORMAT: the status the server gives to a request written by hand
raw() {
	printf "$1" | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$P_MISC; cat >&3; cat <&3" 2> /dev/null |
		head -1 | awk '{ print $2 }'
}
url=http://127.0.0.1:$P_MISC/metrics
head -c 200000 /dev/zero > "$TMP/body"
big=$(head -c 40000 /dev/zero | tr '\0' a)
# answers ROW: the statuses of the row's requests, one a line
answers() {
	case "$1" in
	'`GET` or `HEAD` of `/metrics` (a query string is ignored)')
		scrape -D "$TMP/headers" "$url"; echo "$CODE"
		grep -qi '^Content-Type: text/plain; version=0.0.4; charset=utf-8' "$TMP/headers" || echo content-type
		promtool check metrics < "$TMP/scrape" > /dev/null 2>&1 || echo promtool-refused
		scrape -I "$url"; echo "$CODE"
		scrape "$url?name[]=x"; echo "$CODE" ;;
	'an HTTP/1.0 request without `Host`')
		raw 'GET /metrics HTTP/1.0\r\n\r\n' ;;
	'an HTTP/1.1 request without a `Host` header, or with two')
		raw 'GET /metrics HTTP/1.1\r\n\r\n'
		raw 'GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n' ;;
	'another path (`/`, `/metrics/x`)')
		scrape "http://127.0.0.1:$P_MISC/"; echo "$CODE"
		scrape "$url/x"; echo "$CODE" ;;
	'another method on `/metrics` (`POST`, `DELETE`, ...), with a body or without')
		scrape -D "$TMP/headers" -X POST "$url"; echo "$CODE"
		grep -qi '^Allow: GET, HEAD' "$TMP/headers" || echo no-allow
		scrape -X POST --data-binary @"$TMP/body" "$url"; echo "$CODE"
		scrape -X DELETE "$url"; echo "$CODE" ;;
	'`GET` or `HEAD` of `/metrics` with a body (`Content-Length` above 0, or `Transfer-Encoding`)')
		scrape -X GET --data-binary @"$TMP/body" "$url"; echo "$CODE"
		scrape -X GET -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/body" "$url"; echo "$CODE"
		scrape -I -H 'Content-Length: 10' "$url"; echo "$CODE" ;;
	"a request line (URL) longer than the connection's 36 KiB")
		scrape "$url?$big"; echo "$CODE" ;;
	'a request line and headers longer than 36 KiB together')
		scrape -H "X-Big: $big" "$url"; echo "$CODE" ;;
	'garbage, or an HTTP/0.9 request (`GET /metrics` and no version)')
		raw 'GARBAGE \001\002 \r\n\r\n'
		raw 'GET /metrics\r\n' ;;
	*)
		echo "unknown" ;;
	esac
}
SCRAPED=0	# 200s of /metrics: the summary counts them
rows=0
while IFS=$'\t' read -r row want; do
	rows=$((rows + 1))
	res=$(answers "$row")
	got=$(sort <<< "$res" | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')
	[ "$want" = 200 ] && SCRAPED=$((SCRAPED + $(grep -c '^200$' <<< "$res")))
	check "docs/prometheus.md: $row: $want ($got)" [ "$(sort -u <<< "$res")" = "$want" ]
done < <(doc_answers)
check "docs/prometheus.md lists what the server answers ($rows rows)" [ "$rows" -ge 9 ]
scrape "$url"
check "after all that, /metrics still answers" [ "$CODE" = 200 ]
SCRAPED=$((SCRAPED + 1))
stop_tool INT
check "count-syscall --listen: exit 0 on SIGINT" [ "$TOOL_RC" = 0 ]
check "--listen PORT: on 127.0.0.1, as the meta record says" \
	[ "$(jqs "$TMP/http.out" '.[0].listen')" = "127.0.0.1:$P_MISC" ]
n=$(jqs "$TMP/http.out" '.[-1].scrapes')
check "the summary counts the scrapes answered with metrics (HEAD included): $SCRAPED ($n)" [ "$n" = "$SCRAPED" ]
expect "the port is free again once it exited" '! ss -Htln "sport = :$P_MISC" | grep -q .'

# --- IPv6 -------------------------------------------------------------------------
if ip -6 addr show dev lo 2> /dev/null | grep -q '::1'; then
	start_tool v6 count-uid --json --listen "[::1]:$P_MISC" --interval 0.2 || finish
	scrape "http://[::1]:$P_MISC/metrics"
	check "--listen [::1]:PORT: served over IPv6" [ "$CODE" = 200 ]
	stop_tool INT
	check "--listen [::1]:PORT: meta says [::1]:$P_MISC" [ "$(jqs "$TMP/v6.out" '.[0].listen')" = "[::1]:$P_MISC" ]
else
	pass "no ::1 on lo here: IPv6 --listen not tried"
fi

# --- promtool accepts every command's metrics, hostile task names included ---------
# A name with a quote, a backslash, a newline and invalid UTF-8 (15 bytes:
# what the kernel keeps of it).
HOSTILE=$'q"b\\c\nd\xff\xfe\xc0\xafzzz'
for by in syscall uid pid comm; do
	start_tool "by_$by" count-syscall --by "$by" --syscall getppid --interval 0.2 \
		--prometheus-textfile "$TMP/by_$by.prom" --quiet || continue
	"$W" --comm "$HOSTILE" getppid 1000
	sleep 0.5
	stop_tool INT
	check_metrics "count-syscall --by $by, a hostile task name counting" "$TMP/by_$by.prom"
	check "count-syscall --by $by --quiet: nothing on stdout" [ ! -s "$TMP/by_$by.out" ]
done
check "--by comm: the hostile name escaped: quote, backslash and newline escaped, bad bytes U+FFFD" \
	grep -qF 'ebpfhello_syscalls_total{comm="q\"b\\c\nd'$'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd''zzz"} 1000' "$TMP/by_comm.prom"
check "--by pid: its comm label escaped the same way" \
	grep -qE 'ebpfhello_syscalls_total\{pid="[0-9]+",comm="q\\"b\\\\c\\nd.*zzz"\} 1000$' "$TMP/by_pid.prom"
check "--by syscall: getppid counted under its name" grep -qE '^ebpfhello_syscalls_total\{syscall="getppid"\} [0-9]+$' "$TMP/by_syscall.prom"
check "--by uid: uid and user labels" grep -qE '^ebpfhello_syscalls_total\{uid="0",user="root"\} [0-9]+$' "$TMP/by_uid.prom"
check "--quiet: the summary still on stderr" grep -q "^ebpfhello count-syscall: .*stopped by SIGINT$" "$TMP/by_comm.err"

start_tool quiet count-uid --all-syscalls --interval 0.2 --prometheus-textfile "$TMP/q.prom" || finish
sleep 0.5
stop_tool INT
check "without --quiet, the same run prints its intervals" [ -s "$TMP/quiet.out" ]
check_metrics "count-uid --all-syscalls" "$TMP/q.prom"
check "count-uid --all-syscalls: ebpfhello_syscalls_total by uid" grep -q '^ebpfhello_syscalls_total{uid="0"} ' "$TMP/q.prom"

# events: ebpfhello_events_total is what it delivered, exactly; a stream's
# textfile is rewritten every 2 s while it runs
"$EH" events --json --uid 54321 --duration 4 --prometheus-textfile "$TMP/ev.prom" \
	> "$TMP/ev.out" 2> "$TMP/ev.err" &
TOOL_PID=$!
json_output "$TMP/ev.out"
wait_for "$TMP/ev.out" '"type":"meta"' 10
check "events: the textfile is there from the start, 0 events" \
	[ "$(value "$TMP/ev.prom" ebpfhello_events_total)" = 0 ]
"$W" as 54321 "$W" exec 9 /bin/true
sleep 2.2
check "events: rewritten while it runs: 10 events after 2 s" \
	[ "$(value "$TMP/ev.prom" ebpfhello_events_total)" = 10 -a -e "/proc/$TOOL_PID" ]
wait_tool
check_metrics "events" "$TMP/ev.prom"
n=$(jqs "$TMP/ev.out" '[.[] | select(.type == "event")] | length')
check "events: ebpfhello_events_total is the 10 records delivered ($n)" \
	[ "$(value "$TMP/ev.prom" ebpfhello_events_total)" = 10 -a "$n" = 10 ]
check "events: ebpfhello_events_lost_total 0" [ "$(value "$TMP/ev.prom" ebpfhello_events_lost_total)" = 0 ]
check "events: the meta record names the textfile" [ "$(jqs "$TMP/ev.out" '.[0].textfile')" = "$TMP/ev.prom" ]

"$EH" tail --ignore-all-others --uid 54321 --duration 1.5 --prometheus-textfile "$TMP/tail.prom" \
	> "$TMP/tail.out" 2> "$TMP/tail.err" &
TOOL_PID=$!
wait_for "$TMP/tail.out" 'TIME' 10
"$W" as 54321 "$W" timers
wait_tool
check_metrics "tail" "$TMP/tail.prom"
check "tail: per-handler counts (timer: the workload's 3 timer calls)" \
	[ "$(value "$TMP/tail.prom" 'ebpfhello_tail_calls_total{handler="timer"}')" = 3 ]

# --- --max-series: 3 pids, 2 series; the third in "other", and counted --------------
start_tool fold count-syscall --by pid --syscall getppid --comm ehfold --cumulative --interval 0.2 \
	--max-series 2 --prometheus-textfile "$TMP/fold.prom" --json || finish
"$W" --comm ehfold bursts 3 1 1000 0
sleep 0.5
stop_tool INT
check_metrics "--max-series 2" "$TMP/fold.prom"
own=$(grep -cE '^ebpfhello_syscalls_total\{pid="[0-9]+",comm="ehfold"\} 1000$' "$TMP/fold.prom")
check "--max-series 2: two pids have a series of their own ($own)" [ "$own" = 2 ]
check "--max-series 2: the third pid is in {pid=\"other\"}" \
	[ "$(value "$TMP/fold.prom" 'ebpfhello_syscalls_total{pid="other"}')" = 1000 ]
check "--max-series 2: ebpfhello_folded_keys says one key was folded" \
	[ "$(value "$TMP/fold.prom" ebpfhello_folded_keys)" = 1 ]

# --- bad input at run time: exit 1, one line -----------------------------------------
# run_fail NAME REGEX ARGS...: exit 1, exactly one line on stderr matching REGEX
run_fail() {
	local name=$1 re=$2
	shift 2
	"$EH" "$@" > "$TMP/f.out" 2> "$TMP/f.err"
	local rc=$?
	if [ "$rc" = 1 ] && [ "$(wc -l < "$TMP/f.err")" = 1 ] && grep -qE -- "$re" "$TMP/f.err"; then
		pass "$name: exit 1, one line: $(cat "$TMP/f.err")"
	else
		fail "$name: exit $rc, stderr: $(cat "$TMP/f.err")"
	fi
}
run_fail "a port in use (node_exporter's)" "cannot listen on 127.0.0.1:$P_NODE: Address already in use" \
	count-uid --listen "127.0.0.1:$P_NODE" --count 1
run_fail "an address not on this host" "cannot listen on 192.0.2.1:$P_MISC: Cannot assign requested address" \
	count-syscall --listen "192.0.2.1:$P_MISC" --count 1
run_fail "a textfile in a missing directory" "cannot write --prometheus-textfile '$TMP/nowhere/x.prom': No such file or directory" \
	count-uid --prometheus-textfile "$TMP/nowhere/x.prom" --count 1
run_fail "a textfile that is a directory" "cannot write --prometheus-textfile '$TF': Is a directory" \
	events --prometheus-textfile "$TF" --count 1
mkdir -p "$TMP/ro"
unshare -m bash -c "mount -t tmpfs -o ro tmpfs '$TMP/ro' && exec '$EH' count-syscall --prometheus-textfile '$TMP/ro/x.prom' --count 1" \
	> "$TMP/f.out" 2> "$TMP/f.err"
rc=$?
expect "a textfile on a read-only file system: exit 1, one line ($(cat "$TMP/f.err"))" \
	'[ $rc = 1 ] && [ "$(wc -l < "$TMP/f.err")" = 1 ] && grep -q "Read-only file system" "$TMP/f.err"'
# a write that fails later (a full file system) ends the run: exit 1, one line
mkdir -p "$TMP/full"
unshare -m bash -c "mount -t tmpfs -o size=4k tmpfs '$TMP/full' && exec '$EH' count-syscall --by comm --prometheus-textfile '$TMP/full/x.prom' --interval 0.1 --duration 3" \
	> "$TMP/f.out" 2> "$TMP/f.err"
rc=$?
expect "a textfile whose file system fills up: exit 1, one line ($(cat "$TMP/f.err"))" \
	'[ $rc = 1 ] && [ "$(wc -l < "$TMP/f.err")" = 1 ] && grep -q "No space left on device" "$TMP/f.err"'
# --quiet writes nothing to stdout, so a daemon may run with it closed
"$EH" count-uid --quiet --prometheus-textfile "$TMP/closed.prom" --interval 0.1 --count 2 >&- 2> "$TMP/f.err"
rc=$?
check "--quiet with stdout closed: exit 0 ($(cat "$TMP/f.err"))" [ "$rc" = 0 ]
"$EH" count-uid --prometheus-textfile "$TMP/closed.prom" --interval 0.1 --count 2 >&- 2> "$TMP/f.err"
rc=$?
check "... without --quiet the same is an output error: exit 1" [ "$rc" = 1 ]
assert_nothing_attached "after every failed start"

# --- a writer SIGKILLed between its temporary file and the rename ---------------
# strace holds its first fsync (the write at start) for 20 s: the temporary
# file is there, and SIGKILL leaves it behind
K=$TMP/killed
mkdir -p "$K"
strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=20s \
	"$EH" count-uid --quiet --prometheus-textfile "$K/k.prom" --interval 0.2 2> "$TMP/k.err" &
KWRAP=$!
for ((i = 0; i < 200; i++)); do
	left=$(cd "$K" && ls k.prom.ebpfhello-* 2>/dev/null | head -1)
	[ -n "$left" ] && break
	sleep 0.05
done
kpid=${left#k.prom.ebpfhello-}
kpid=${kpid%%.*}
expect "a writer held in fsync: its temporary file carries its pid ($left)" \
	'[ -n "$left" ] && [ "$kpid" -gt 0 ] && [ "$(cat "/proc/$kpid/comm" 2>/dev/null)" = ebpfhello ]'
# (strace's child, when the name did not say: the run must end either way)
kill -KILL "${kpid:-$(pgrep -P "$KWRAP")}"
wait "$KWRAP" 2>/dev/null
check "SIGKILL leaves it behind" [ -e "$K/$left" ]
# a live writer's file, and one that is no temporary file of ours
sleep 60 &
LIVE=$!
touch "$K/k.prom.ebpfhello-$LIVE.AbC123" "$K/k.prom.ebpfhello-x.AbC123" "$K/other.txt"
"$EH" count-uid --quiet --prometheus-textfile "$K/k.prom" --interval 0.1 --count 1 2> "$TMP/k.err"
rc=$?
expect "the next run removes the dead writer's file, and says so in one line (exit $rc: $(cat "$TMP/k.err"))" \
	'[ "$rc" = 0 ] && [ ! -e "$K/$left" ] &&
	 grep -qx "ebpfhello count-uid: removed 1 temporary file that writers now gone left beside $K/k.prom" "$TMP/k.err"'
check "... and leaves a live process's file and other files alone" \
	[ "$(cd "$K" && ls | tr '\n' ' ')" = "k.prom k.prom.ebpfhello-$LIVE.AbC123 k.prom.ebpfhello-x.AbC123 other.txt " ]
kill "$LIVE"
wait "$LIVE" 2>/dev/null
assert_nothing_attached "after the SIGKILLed writer"

# =============================================================================
# Prometheus scrapes count-uid (--listen) and node_exporter (the textfile)
# =============================================================================
for ((i = 0; i < 150; i++)); do
	[ "$(query 'up{job="node"}' | awk '{ print $1 }')" = 1 ] && break
	sleep 0.1
done
check "Prometheus scrapes node_exporter ($(($(date +%s) - PROM_STARTED)) s after it started)" \
	[ "$(query 'up{job="node"}' | awk '{ print $1 }')" = 1 ]

# 200 execs as uid 54321, exactly: `ehworkload as` execs the workload as
# that uid (1), which then execs /bin/true 199 times (199).  Nothing else
# runs as 54321 here, and the BPF lock keeps the other tests' workloads out.
start_tool uid count-uid --json --listen "127.0.0.1:$P_UID" --prometheus-textfile "$TF/ebpfhello.prom" \
	--interval 0.5 || finish
"$W" as 54321 "$W" exec 199 /bin/true
t_end=$(now)
n=$(fresh 'ebpfhello_execs_total{job="uid",uid="54321"}' "$t_end")
check "Prometheus, scraping --listen: ebpfhello_execs_total{uid=\"54321\"} is exactly 200 ($n)" [ "$n" = 200 ]
n=$(fresh 'ebpfhello_execs_total{job="node",uid="54321"}' "$(echo "$t_end + 1" | bc)")
check "Prometheus, through node_exporter's textfile collector: exactly 200 too ($n)" [ "$n" = 200 ]
n=$(query 'ebpfhello_info{job="uid",command="count-uid"}' | awk '{ print $1 }')
check "ebpfhello_info{command=\"count-uid\"} 1, as Prometheus stored it" [ "$n" = 1 ]
n=$(query 'node_textfile_scrape_error{job="node"}' | awk '{ print $1 }')
check "node_exporter read the textfile without error" [ "$n" = 0 ]
scrape "http://127.0.0.1:$P_UID/metrics"
check_metrics "count-uid --listen" "$TMP/scrape"
check_metrics "count-uid --prometheus-textfile" "$TF/ebpfhello.prom"
stop_tool INT
check "count-uid: exit 0" [ "$TOOL_RC" = 0 ]
check "--prometheus-textfile: the last state is written at the end, 200 for uid 54321" \
	[ "$(value "$TF/ebpfhello.prom" 'ebpfhello_execs_total{uid="54321"}')" = 200 ]
check "--prometheus-textfile: no temporary file left beside it" [ "$(ls "$TF")" = ebpfhello.prom ]
check "--prometheus-textfile: readable by node_exporter's user (0644)" [ "$(stat -c %a "$TF/ebpfhello.prom")" = 644 ]
rm -f "$TF/ebpfhello.prom"

# =============================================================================
# count-syscall --listen: exactly 100000 getppid, while clients misbehave
# =============================================================================
start_child getppid 100000
start_tool sys count-syscall --json --by pid --syscall getppid --listen "127.0.0.1:$P_SYS" \
	--interval 0.2 || finish
# a client that connects and says nothing, one that stops half-way through
# its request line, garbage, and a 1 MB request, all while counting goes on
exec 7<> "/dev/tcp/127.0.0.1/$P_SYS"
exec 8<> "/dev/tcp/127.0.0.1/$P_SYS"
printf 'GET /metr' >&8
t_hold=$(date +%s.%N)
printf 'GARBAGE\r\n\r\n' | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$P_SYS; cat >&3; cat <&3" > /dev/null
head -c 1000000 /dev/zero | tr '\0' a | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$P_SYS; cat >&3; cat <&3" > /dev/null 2>&1
touch "$TMP/go"
wait "$CHILD"
t_end=$(now)
n=$(fresh "ebpfhello_syscalls_total{job=\"sys\",pid=\"$CHILD_PID\"}" "$t_end")
check "Prometheus: the helper's 100000 getppid, exactly ($n), while clients hold connections" [ "$n" = 100000 ]
# wait until its key has been idle an interval and taken out of the map
sleep 1
n=$(fresh "ebpfhello_syscalls_total{job=\"sys\",pid=\"$CHILD_PID\",comm=\"ehworkload\"}" "$(now)")
check "... still exactly 100000 once its key left the kernel's map: the total outlives it ($n)" [ "$n" = 100000 ]
n=$(query 'count_over_time(up{job="sys"}[3s])' | awk '{ print $1 }')
m=$(query 'min_over_time(up{job="sys"}[3s])' | awk '{ print $1 }')
check "Prometheus kept scraping meanwhile: $n scrapes in 3 s, all up ($m)" [ "${n:-0}" -ge 2 -a "$m" = 1 ]
# the silent clients are let go after the idle timeout (10 s)
timeout 15 cat <&7 > /dev/null
timeout 15 cat <&8 > /dev/null
held=$(echo "$(date +%s.%N) - $t_hold" | bc)
exec 7>&- 8>&-
check "the idle connections were closed by the server after ~10 s ($held s)" \
	[ "$(echo "$held >= 9 && $held < 14" | bc)" = 1 ]
scrape "http://127.0.0.1:$P_SYS/metrics"
check "and it still answers" [ "$CODE" = 200 ]
stop_tool INT
check "count-syscall: exit 0" [ "$TOOL_RC" = 0 ]
n=$(jqs "$TMP/sys.out" "[.[] | select(.type == \"interval\") | .counts[] | select(.pid == $CHILD_PID) | .count] | add")
check "its own intervals add up to the same 100000 ($n)" [ "$n" = 100000 ]
check "keys were taken out of the map meanwhile ($(jqs "$TMP/sys.out" '.[-1].evicted'))" \
	[ "$(jqs "$TMP/sys.out" '.[-1].evicted')" -gt 0 ]
assert_nothing_attached "prometheus"

# --- nothing left running -------------------------------------------------------------
pids="${SERVERS[*]}"
stop_servers
left=$(pgrep -f -- "$TMP" | grep -vx "$$" || true)
check "no server left running (pgrep -f $TMP: '${left}'; was $pids)" [ -z "$left" ]
finish
