#!/bin/bash
# The soak: every streaming command at once for 10 minutes under a steady
# exec and syscall load as a uid of its own (not in CI: too long).  Root, real BPF:
#
#   flock /tmp/ebpfhello-bpf.lock tests/soak/soak.sh [--seconds N] [--update-docs]
#
#   EH, EH_WORKLOAD  as for the other tests (default build/ebpfhello,
#                    build/tests/ehworkload)
#   EH_SOAK_OUT      where samples.csv, the outputs and results.md go
#                    (default build/soak)
#
# The load, in a loop until the end: `ehworkload as UID ehworkload exec 10
# /bin/true` (11 execs as UID: the exec of the workload, then 10) and
# `ehworkload as UID ehworkload --rate 20000 getppid 20000` (1 exec, 20000
# getppid in a second).  UID is $EH_SOAK_UID, 40765 by default: a uid no
# account has, so that nothing else on the machine (a test suite running
# as nobody, say) adds to the counts.  The tools, all filtered to it, JSON
# to files:
# count-uid (execve, running totals, --interval 10), count-syscall (getppid
# by uid, --cumulative, --interval 10), events, tail --ignore-all-others,
# trace --only-ours.
#
# Every 10 s: each tool's RSS and the counters so far.  At the end:
#   - RSS flat: no tool's RSS grows by more than 512 KiB after its first
#     minute (the sample at 60 s against every later one);
#   - counts monotonic: each running total at least the one before;
#   - no loss, exact counts: every tool saw exactly the execs (or getppid
#     calls) the load made, 0 lost, 0 dropped, 0 trace overruns.
# --update-docs writes the figures to tests/soak/results.md and the soak
# section of docs/PERFORMANCE.md (tests/bench/report.sh keeps it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
EH=${EH:-$root/build/ebpfhello}
W=${EH_WORKLOAD:-$root/build/tests/ehworkload}
out=${EH_SOAK_OUT:-$root/build/soak}
U=${EH_SOAK_UID:-40765}
secs=600
update=false
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) secs=$2; shift ;;
	--update-docs) update=true ;;
	*) sed -n '2,30p' "$0"; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" = 0 ] || { echo "soak: needs root (it loads BPF programs)"; exit 1; }
rm -rf "$out"
mkdir -p "$out"
# uid $U runs the workload: from a copy it can reach (the build may be under a
# mode-700 home, such as /root), not from the build directory
wdir=$(mktemp -d /tmp/eh-soak.XXXXXX)
chmod 755 "$wdir"
cp "$W" "$wdir/ehworkload" || exit 1
W=$wdir/ehworkload
FAILS=0
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; FAILS=$((FAILS + 1)); }

TOOLS="count-uid count-syscall events tail trace"
declare -A ARGS=(
	[count-uid]="count-uid --json --uid $U --interval 10"
	[count-syscall]="count-syscall --json --cumulative --by uid --syscall getppid --uid $U --interval 10 --top 0"
	[events]="events --json --uid $U"
	[tail]="tail --json --uid $U --ignore-all-others"
	[trace]="trace --json --only-ours --uid $U"
)
declare -A PID
cleanup() {
	local t
	for t in $TOOLS; do
		[ -n "${PID[$t]:-}" ] && kill -KILL "${PID[$t]}" 2>/dev/null
	done
	[ -n "${LOAD:-}" ] && kill "$LOAD" 2>/dev/null
	rm -rf "$wdir"
}
trap cleanup EXIT

for t in $TOOLS; do
	# shellcheck disable=SC2086
	"$EH" ${ARGS[$t]} -v > "$out/$t.json" 2> "$out/$t.err" &
	PID[$t]=$!
done
for t in $TOOLS; do
	for _ in $(seq 200); do grep -q "attached via" "$out/$t.err" && break; sleep 0.05; done
	grep -q "attached via" "$out/$t.err" || { fail "$t did not attach: $(cat "$out/$t.err")"; exit 1; }
done

# the load: whole rounds, counted, until the end
(
	end=$(( $(date +%s) + secs ))
	rounds=0
	while [ "$(date +%s)" -lt "$end" ]; do
		(cd / && "$W" as "$U" "$W" exec 10 /bin/true)
		(cd / && "$W" as "$U" "$W" --rate 20000 getppid 20000 > /dev/null
		rounds=$((rounds + 1))
		echo "$rounds" > "$out/rounds"
	done
) &
LOAD=$!

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
echo "t,$(echo $TOOLS | sed 's/ /_rss_kb,/g')_rss_kb,uid_total,getppid_total,events,tail,trace" > "$out/samples.csv"
t0=$(date +%s)
while kill -0 "$LOAD" 2>/dev/null; do
	sleep 10
	line="$(( $(date +%s) - t0 ))"
	for t in $TOOLS; do line+=",$(rss "${PID[$t]}")"; done
	line+=",$(jq -s -r '[.[] | select(.type == "interval")] | last | .total // 0' "$out/count-uid.json" 2>/dev/null)"
	line+=",$(jq -s -r '[.[] | select(.type == "interval")] | last | .total // 0' "$out/count-syscall.json" 2>/dev/null)"
	line+=",$(grep -c '"type":"event"' "$out/events.json"),$(grep -c '"type":"tail"' "$out/tail.json"),$(grep -c '"type":"trace"' "$out/trace.json")"
	echo "$line" >> "$out/samples.csv"
	echo "soak: $line"
done
wait "$LOAD"
LOAD=
sleep 1
for t in $TOOLS; do
	kill -INT "${PID[$t]}"
	wait "${PID[$t]}"
	rc=$?
	PID[$t]=
	[ "$rc" = 0 ] || fail "$t: exit $rc on SIGINT"
done
rounds=$(cat "$out/rounds")
execs=$((rounds * 12))
getppids=$((rounds * 20000))

# --- RSS flat ----------------------------------------------------------------------
col=2
declare -A RSS_FIRST RSS_MIN RSS_MAX RSS_LAST
for t in $TOOLS; do
	read -r first at60 max last < <(awk -F, -v c="$col" 'NR > 1 { if (!f) f = $c; if ($1 >= 60 && !m) m = $c;
		if ($1 >= 60 && $c > x) x = $c; l = $c } END { print f, m, x, l }' "$out/samples.csv")
	RSS_FIRST[$t]=$first RSS_MIN[$t]=$at60 RSS_MAX[$t]=$max RSS_LAST[$t]=$last
	if [ -n "$at60" ] && [ $((max - at60)) -le 512 ]; then
		pass "$t: RSS flat: ${first} KiB at 10 s, ${at60} KiB at 60 s, at most ${max} KiB after, ${last} KiB at the end"
	else
		fail "$t: RSS grew: ${first} KiB at 10 s, ${at60:-?} KiB at 60 s, up to ${max:-?} KiB after"
	fi
	col=$((col + 1))
done

# --- counts monotonic, exact, nothing lost -------------------------------------------
for t in count-uid count-syscall; do
	check=$(jq -s -r '[.[] | select(.type == "interval") | .total] as $v |
		[range(1; $v | length) | select($v[.] < $v[. - 1])] | length' "$out/$t.json")
	[ "$check" = 0 ] && pass "$t: running totals never went down ($(jq -s '[.[] | select(.type == "interval")] | length' "$out/$t.json") intervals)" ||
		fail "$t: a running total went down $check times"
done
summary() { jq -s -r ".[-1] | $2" "$out/$1.json"; }
uid_total=$(jq -s -r '[.[] | select(.type == "interval")] | last | .total' "$out/count-uid.json")
gp_total=$(jq -s -r '[.[] | select(.type == "interval")] | last | .total' "$out/count-syscall.json")
ev=$(grep -c '"type":"event"' "$out/events.json")
tl=$(jq -s '[.[] | select(.type == "tail" and .handler == "exec")] | length' "$out/tail.json")
tr=$(grep -c '"type":"trace"' "$out/trace.json")
[ "$uid_total" = "$execs" ] && [ "$(summary count-uid .dropped)" = 0 ] &&
	pass "count-uid: $uid_total execve by uid $U = the $execs made ($rounds rounds), 0 dropped" ||
	fail "count-uid: $uid_total execve, $execs made, $(summary count-uid .dropped) dropped"
[ "$gp_total" = "$getppids" ] && [ "$(summary count-syscall .dropped)" = 0 ] &&
	pass "count-syscall: $gp_total getppid by uid $U = the $getppids made, 0 dropped" ||
	fail "count-syscall: $gp_total getppid, $getppids made, $(summary count-syscall .dropped) dropped"
[ "$ev" = "$execs" ] && [ "$(summary events .lost)" = 0 ] &&
	pass "events: $ev records = the $execs execs, 0 lost" ||
	fail "events: $ev records, $execs execs, $(summary events .lost) lost"
[ "$tl" = "$execs" ] && [ "$(summary tail .lost)" = 0 ] &&
	pass "tail: $tl exec records = the $execs execs, 0 lost" ||
	fail "tail: $tl exec records, $execs execs, $(summary tail .lost) lost"
[ "$tr" = "$execs" ] && [ "$(summary trace .printed)" = "$tr" ] && [ "$(summary trace .trace_overruns)" = 0 ] &&
	pass "trace: $tr lines = the $execs execs = the program's $(summary trace .printed) prints, 0 overruns" ||
	fail "trace: $tr lines, $execs execs, $(summary trace .printed) printed, $(summary trace .trace_overruns) overruns"

# --- the figures -------------------------------------------------------------------------
verdict() { [ "$FAILS" = 0 ] && echo "all held" || echo "$FAILS check(s) failed"; }
{
	echo "## Soak"
	echo
	echo "tests/soak/soak.sh (not in CI), last run $(date -u +%Y-%m-%d) on Linux $(uname -r),"
	echo "$(nproc) CPUs: every streaming command at once for $secs s, all filtered to"
	echo "uid $U, under a steady load as that user: $rounds rounds of 11 execs and 1 exec"
	echo "plus 20000 getppid() paced over a second ($execs execs and $getppids getppid calls"
	echo "in all). RSS sampled every 10 s; result: $(verdict)."
	echo
	echo "| command | RSS at 10 s (KiB) | at 60 s | most after 60 s | at the end | counted | made | lost |"
	echo "|---|---|---|---|---|---|---|---|"
	for t in $TOOLS; do
		case $t in
		count-uid) c=$uid_total m=$execs l="$(summary count-uid .dropped) dropped" ;;
		count-syscall) c=$gp_total m=$getppids l="$(summary count-syscall .dropped) dropped" ;;
		events) c=$ev m=$execs l=$(summary events .lost) ;;
		tail) c=$tl m=$execs l=$(summary tail .lost) ;;
		trace) c=$tr m=$execs l="$(summary trace .trace_overruns) overruns" ;;
		esac
		echo "| $t | ${RSS_FIRST[$t]} | ${RSS_MIN[$t]} | ${RSS_MAX[$t]} | ${RSS_LAST[$t]} | $c | $m | $l |"
	done
	echo
	echo "Running totals (count-uid, count-syscall --cumulative) never went down."
	echo "Samples: $(($(wc -l < "$out/samples.csv") - 1)) per command (samples.csv in the run's output directory)."
} > "$out/results.md"
cat "$out/results.md"
if $update; then
	cp "$out/results.md" "$here/results.md"
	perf=$root/docs/PERFORMANCE.md
	/usr/bin/python3 "$root/tests/bench/docs_section.py" "$perf" Soak "$here/results.md"
	echo "soak: wrote tests/soak/results.md and the soak section of docs/PERFORMANCE.md"
fi
[ "$FAILS" = 0 ] && echo "# all passed" || { echo "# $FAILS check(s) failed"; exit 1; }
