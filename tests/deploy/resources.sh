#!/bin/bash
# The measured basis of the DaemonSet's resource requests and limits
# (packaging/kubernetes/ebpfhello.yaml, docs/PERFORMANCE.md).  Root, real BPF:
#
#   flock /tmp/ebpfhello-bpf.lock tests/deploy/resources.sh [--seconds N] [--update-docs]
#
#   EH, EH_WORKLOAD  as for the other tests (default build/ebpfhello,
#                    build/tests/ehworkload)
#
# The pod's two containers, each with the manifest's arguments (read from the
# file, count-syscall's `--by container` included; --listen on 127.0.0.1, the
# log in the test's directory),
# each in a cgroup of its own with the memory, cpu and cpuacct controllers, as
# a container runtime makes them: the kernel charges a container's cgroup
# with its process's memory, its BPF maps (the ring buffer) and the page
# cache of the log it writes, and its CPU.  (The programs' own time in the
# kernel is charged to the tasks that make the syscalls, not to ebpfhello.)
# /metrics is scraped every second throughout (Prometheus' default is 15 s).
# Phases of N seconds (20 by default):
#   idle    no load but the machine's own
#   steady  a busy node: rounds of 11 execs, 0.5 s apart
#   storm   execs as fast as this machine makes them, and a getppid() storm
#   limits  the storm again, under the manifest's limits (memory.limit, CFS
#           quota): no OOM kill, no record lost
# Each phase: every container's CPU (cpuacct, the mean and the busiest
# second, in millicores), its memory working set (usage less inactive page
# cache, which is reclaimed at the limit: what the kubelet watches) and
# usage at their highest, ebpfhello's VmHWM.  The manifest's figures are
# then checked against the rule its comment states: requests at least the
# steady phase's mean CPU and highest working set, limits at least twice
# the storm's busiest second and highest working set, and the memory limit
# at least twice ebpfhello's peak RSS (VmHWM: its start-up, when libbpf
# reads the kernel's BTF, is above any phase's).
# --update-docs writes the figures to tests/deploy/resources.md and the
# section of docs/PERFORMANCE.md (tests/bench/report.sh keeps it).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${EH:=$root/build/ebpfhello}" "${EH_WORKLOAD:=$root/build/tests/ehworkload}" "${EH_TESTS:=$root/tests}"
. "$here/../lib.sh"
require_root
secs=20
update=false
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) secs=${2:-}; shift ;;
	--update-docs) update=true ;;
	*)
		printf 'resources.sh: unknown argument %q\n' "$1" >&2
		awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" >&2
		exit 2 ;;
	esac
	shift
done
# two samples at least: the busiest second is between two
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -ge 2 ] && [ "$secs" -le 3600 ] ||
	{ printf 'resources.sh: --seconds %q: not a whole number of seconds from 2 to 3600\n' "$secs" >&2; exit 2; }
manifest=$root/packaging/kubernetes/ebpfhello.yaml
CS=count-syscall EV=events
. "$here/cgroups.sh" || { fail "no cgroup memory and cpu controllers found"; finish; }

# the manifest's arguments and resources (millicores, bytes)
eval "$(/usr/bin/python3 - "$manifest" <<'PY'
import shlex, sys, yaml
from kubernetes.utils.quantity import parse_quantity as q
ds = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d["kind"] == "DaemonSet"][0]
for c in ds["spec"]["template"]["spec"]["containers"]:
    v = c["name"].replace("-", "_")
    r = c["resources"]
    print(f"ARGS_{v}={shlex.quote(' '.join(c['args']))}")
    for k, src in (("REQ", r["requests"]), ("LIM", r["limits"])):
        print(f"{k}_CPU_{v}={int(q(src['cpu']) * 1000)} {k}_MEM_{v}={int(q(src['memory']))}")
PY
)" || { fail "cannot read $manifest"; finish; }
port=$((20000 + RANDOM % 20000))
while ss -Htln "sport = :$port" | grep -q .; do port=$((20000 + RANDOM % 20000)); done
a_cs=${ARGS_count_syscall/0.0.0.0:9477/127.0.0.1:$port}
mkdir "$TMP/log"
a_ev=${ARGS_events//\/var\/log\/ebpfhello/$TMP/log}

declare -A PID
LOAD=
stop_all() {
	local c
	for c in $CS $EV; do [ -n "${PID[$c]:-}" ] && kill -KILL "${PID[$c]}" 2> /dev/null; done
	[ -n "$LOAD" ] && kill -- -"$LOAD" 2> /dev/null
	wait 2> /dev/null
	for c in $CS $EV; do cg_remove "$c"; done
	cleanup
}
trap stop_all EXIT
for c in $CS $EV; do
	cg_make "$c" || { fail "cannot make a cgroup for $c"; finish; }
	a=$a_cs
	[ "$c" = $EV ] && a=$a_ev
	# in its cgroup before it loads anything: the maps are charged there
	# shellcheck disable=SC2086
	( cg_enter "$c" "$BASHPID" && exec "$EH" $a -v ) > "$TMP/$c.out" 2> "$TMP/$c.err" &
	PID[$c]=$!
done
for c in $CS $EV; do
	wait_for "$TMP/$c.err" "attached via" 30 || { fail "$c did not attach: $(cat "$TMP/$c.err")"; finish; }
done
F=$TMP/facts
{
	# the CPU its start-up took (libbpf, the verifier), charged to it
	for c in $CS $EV; do echo "startcpu $c $(cg_cpu_ns "$c")"; done
	echo "secs $secs"
	echo "cpus $(nproc)"
	echo "kernel $(uname -r)"
	echo "date $(date -u +%Y-%m-%d)"
	echo "cgroup ${CG_V2:+v2}${CG_V2:-v1}"
	echo "args $CS ${a_cs/127.0.0.1:$port/0.0.0.0:9477}"
	echo "args $EV ${a_ev//$TMP\/log/\/var\/log\/ebpfhello}"
	for c in $CS $EV; do
		v=${c//-/_}
		for k in REQ_CPU REQ_MEM LIM_CPU LIM_MEM; do n=${k}_$v; echo "${k,,} $c ${!n}"; done
	done
} > "$F"

# one line per container and second: container phase time cpu_ns usage working_set
sample() {
	local c
	for c in $CS $EV; do
		echo "$c $1 $EPOCHREALTIME $(cg_cpu_ns "$c") $(cg_usage "$c") $(cg_working_set "$c")" >> "$TMP/samples"
	done
	# Prometheus' scrape, every second instead of every 15
	curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:$port/metrics" || echo "$1" >> "$TMP/scrape.fail"
}
# run_phase NAME LOAD: LOAD in the background (it counts its execs in
# $TMP/execs), a sample every second
run_phase() {
	local end=$((SECONDS + secs)) c
	for c in $CS $EV; do cg_reset_peak "$c"; done
	echo 0 > "$TMP/execs"
	# a process group of its own (setsid), stopped whole
	setsid bash -c "$2" > /dev/null 2>&1 &
	LOAD=$!
	sample "$1"
	while [ "$SECONDS" -lt "$end" ]; do sleep 1; sample "$1"; done
	kill -- -"$LOAD" 2> /dev/null
	wait "$LOAD" 2> /dev/null
	LOAD=
	echo "execs $1 $(cat "$TMP/execs")" >> "$F"
	for c in $CS $EV; do echo "peak $c $1 $(cg_peak "$c")" >> "$F"; done
}
export W TMP
# ehworkload exec N CMD: N execs of CMD and its own; a round's count is
# added when done.  CMD is ehworkload itself, static, doing nothing: the
# fastest exec this machine makes (the benchmark's exec storm uses it too)
steady='n=0; while :; do "$W" exec 10 "$W" getppid 0; n=$((n + 11)); echo $n > "$TMP/execs"; sleep 0.5; done'
storm='"$W" getppid 1000000000 & n=0; while :; do "$W" exec 50 "$W" getppid 0; n=$((n + 51)); echo $n > "$TMP/execs"; done'
run_phase idle 'sleep 1000000'
run_phase steady "$steady"
run_phase storm "$storm"
for c in $CS $EV; do
	v=${c//-/_}
	lc=LIM_CPU_$v lm=LIM_MEM_$v
	cg_limit "$c" "${!lm}" "${!lc}" || fail "$c: cannot set the manifest's limits on its cgroup"
done
run_phase limits "$storm"
for c in $CS $EV; do
	echo "oom $c $(cg_oom_kills "$c")"
	echo "throttled $c $(cg_throttled "$c")"
	echo "hwm $c $(sed -n 's/^VmHWM:[ \t]*\([0-9]*\).*/\1/p' "/proc/${PID[$c]}/status")"
done >> "$F"
kill -TERM "${PID[$CS]}" "${PID[$EV]}"
for c in $CS $EV; do
	wait "${PID[$c]}"
	echo "rc $c $?" >> "$F"
	PID[$c]=
done
echo "scrapes_failed $(wc -l < "$TMP/scrape.fail" 2> /dev/null || echo 0)" >> "$F"
logs=("$TMP"/log/events.ndjson*)
json_output "$TMP/log/events.ndjson"
if out=$(/usr/bin/python3 "$here/seqcheck.py" event "${logs[@]}" 2>&1); then
	pass "events' log: $out"
else
	fail "events' log: $out"
fi
echo "lost $(cat "${logs[@]}" | jq -s '[.[] | select(.type == "summary")][0].lost')" >> "$F"

/usr/bin/python3 "$here/resources_report.py" "$F" "$TMP/samples" "$TMP/resources.md" > "$TMP/checks" ||
	fail "resources_report.py: $(cat "$TMP/checks")"
cat "$TMP/checks"
FAILS=$((FAILS + $(grep -c '^FAIL' "$TMP/checks")))
sed 's/^/# /' "$TMP/resources.md"
if $update; then
	cp "$TMP/resources.md" "$here/resources.md"
	/usr/bin/python3 "$root/tests/bench/docs_section.py" "$root/docs/PERFORMANCE.md" \
		"The DaemonSet's requests and limits" "$here/resources.md"
	echo "# resources: wrote tests/deploy/resources.md and its section of docs/PERFORMANCE.md"
fi
assert_nothing_attached "resources"
finish
