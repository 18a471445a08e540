#!/bin/bash
# Every example a user is shown runs, and gives what it promises: each
# "ebpfhello ..." line of README.md and of every command's --help Examples
# block is run (bounded in time, with a workload beside it) and its output
# checked against the table below.  An example without a row in the table
# fails the test: a new example needs a check.
. "$(dirname "$0")/../lib.sh"
require_root

# example (as printed, without its comment) <TAB> what its output must hold
# (an extended regex one line must match)
table=$(cat <<'EOF'
ebpfhello trace	 Hello World!$
ebpfhello trace --message "hi" --syscall openat --comm bash	 bash .* hi$
ebpfhello trace --message 'hi' --syscall openat --comm bash	 bash .* hi$
ebpfhello trace --only-ours --json | jq -r 'select(.type == "trace") | .message'	^Hello World!$
ebpfhello trace --json --only-ours | jq -r 'select(.type=="trace").message'	^Hello World!$
ebpfhello trace --raw	-[0-9]+ +.*\[[0-9]+\] .*: bpf_trace_printk: Hello World!$
ebpfhello trace --raw --duration 5	-[0-9]+ +.*\[[0-9]+\] .*: bpf_trace_printk: Hello World!$
ebpfhello count-uid	(^|[[:space:]])ID 65534: [0-9]+
ebpfhello count-uid --syscall openat,write --names	(^|[[:space:]])ID 0 \(root\): [0-9]+
ebpfhello count-uid --syscall openat --syscall write --names	(^|[[:space:]])ID 0 \(root\): [0-9]+
ebpfhello count-uid --all-syscalls --delta -i 1	(^|[[:space:]])ID 1000: [0-9]+
ebpfhello count-uid --all-syscalls --delta --interval 1	(^|[[:space:]])ID 1000: [0-9]+
ebpfhello count-uid --table --uid 1000	^1000 +[0-9]+$
ebpfhello count-uid --by container --table	^\(host\) +[0-9]+$
ebpfhello count-uid --calls --uid 1000	^counting every execve call, failed ones included, per UID$
ebpfhello count-uid --json --count 1 --interval 5 | jq -c 'select(.type == "interval") | .counts'	^\[.*\{"uid":1000,"count":[0-9]+\}
ebpfhello count-uid --json -n 1 | jq -c 'select(.type == "interval").counts'	^\[.*\{"uid":1000,"count":[0-9]+\}
ebpfhello count-syscall	^getppid +[0-9]+$
ebpfhello count-syscall --top 5 -i 1	^getppid +[0-9]+$
ebpfhello count-syscall --by comm --cumulative	^ehexample +[0-9]+$
ebpfhello count-syscall --by comm --top 5 --interval 1	^ehexample +[0-9]+$
ebpfhello count-syscall --pid 1234 --cumulative --duration 10	^(read|pselect6|openat|close|wait4) +[0-9]+$
ebpfhello count-syscall --syscall 'open*,close' --by comm	^bash +[0-9]+$
ebpfhello count-syscall --list	^ *[0-9]+ execve$
ebpfhello count-syscall --list | grep -w execve	^ *[0-9]+ execve$
ebpfhello events	 true +[^ ]+ +(Hello World|Hello Odd World) +/bin/true$
ebpfhello events --json | jq -r 'select(.type == "event") | .filename'	^/bin/true$
ebpfhello events --message-even even --message-odd odd --count 10	 (even|odd) +/bin/true$
ebpfhello events --buffer perf --buffer-size 64	 /bin/true$
ebpfhello events --buffer perf --uid 1000	^[0-9:.]+ +[0-9]+ +[0-9]+ +1000 .*/bin/true$
ebpfhello events --args --max-args 5	 /bin/true +"/bin/true"$
ebpfhello events --failed	 ENOENT +(Hello World|Hello Odd World) +/nonexistent/ehexample$
ebpfhello events --failed --args	 ENOENT .* /nonexistent/ehexample +"/nonexistent/ehexample"$
ebpfhello events --results --ppid 1234	 0 +(Hello World|Hello Odd World) +/([a-z]+/)*sleep$
ebpfhello count-syscall --errors --pid 1234	^ioctl +ENOTTY +[0-9]+$
ebpfhello count-syscall --errors --interval 1	^[a-z_0-9]+ +E[A-Z0-9_]+ +[0-9]+$
ebpfhello count-syscall --failed-only --by comm	^bash +[0-9]+$
ebpfhello count-syscall --latency --histogram --pid 1234	^wait4 +[0-9]+ +[0-9.]+ +[0-9.]+$
ebpfhello tail	Another syscall$
ebpfhello tail --ignore-all-others	 exec +execve\([0-9]+\) +Executing a program$
ebpfhello tail --handler exec=execve,execveat --ignore 'read,write'	 exec +execve\([0-9]+\) +Executing a program$
ebpfhello tail --handler exec=execve,execveat --handler 'timer=timer_*'	 timer +timer_create\([0-9]+\) +Creating a timer$
ebpfhello tail --json -n 5 | jq -r 'select(.type == "tail").message'	^(Another syscall|Executing a program|Creating a timer)
ebpfhello tail --pid 1234 --ignore read,write	 default +[a-z_0-9]+\([0-9]+\) +Another syscall$
ebpfhello features	^ATTACH MODE +OK
ebpfhello count-uid --quiet --listen 9477	^ebpfhello_execs_total\{uid="1000"\} [0-9]+$
ebpfhello count-uid --quiet --listen 0.0.0.0:9477 --listen-allow 127.0.0.1,10.0.0.5	^ebpfhello_execs_total\{uid="1000"\} [0-9]+$
ebpfhello count-syscall --by comm --quiet --prometheus-textfile /var/lib/prometheus/node-exporter/ebpfhello.prom	^ebpfhello_syscalls_total\{comm="ehexample"\} [0-9]+$
ebpfhello features --json | jq .attach.fentry.available	^(true|false)$
EOF
)

# --- what users are shown ---------------------------------------------------------
readme=$EH_TESTS/../README.md
{
	# README: code lines that start with the command (not <placeholders>)
	sed -n '/^```/,/^```/p' "$readme" | grep -E '^ebpfhello [a-z]' | sed 's/^/README: /'
	for cmd in $("$EH" --list-cmds); do
		"$EH" "$cmd" --help | sed -n '/^Examples:/,$p' | grep -E '^  ebpfhello ' |
			sed "s/^  /$cmd --help: /"
	done
} | sed -E 's/ +# .*$//; s/ +$//' > "$TMP/examples"
n=$(wc -l < "$TMP/examples")
check "examples found: $n (README and every --help)" [ "$n" -ge 20 ]

# --- a workload beside every example -----------------------------------------------
ln -s /bin/true "$TMP/ehexample"
# a steady shell (its pid is stable: the --pid examples point at it)
bash -c 'while :; do read -r -t 0.05 _ < /dev/null; sleep 0.02; done' &
LOOP=$!
export LOOP
workload() {
	while :; do
		"$W" --comm ehexample getppid 2000
		as_nobody /bin/true
		"$W" as 1000 /bin/true
		/bin/true
		bash -c ': < /dev/null' 	# openat and write by a bash
		"$W" timers
		"$W" exec 1 /nonexistent/ehexample	# a failed exec (events --failed)
		sleep 0.05
	done > /dev/null 2>&1
}
workload &
WORK=$!
trap 'kill $LOOP $WORK 2>/dev/null; cleanup' EXIT

# run EXAMPLE: its output in $TMP/ex.out, its status in RC
run_example() {
	local ex=$1 cmd first rest
	cmd=${ex/#ebpfhello /\"\$EH\" }
	first=${cmd%%|*}
	rest=${cmd:${#first}}
	# bounded: a stream or counter without an end of its own gets --duration
	# (1.5 s: one 1-second interval and the last; a --listen example runs
	# longer, to be scraped at 1.5 s)
	local dur=1.5
	[[ $first == *--listen* ]] && dur=2.5
	if ! grep -qE -- ' (--count|-n|--duration|--list|--help|features)( |$)' <<< "$first"; then
		first=$(sed -E "s/^(\"\\\$EH\" [a-z-]+)/\\1 --duration $dur/" <<< "$first")
	fi
	first=$(sed -E 's/--duration (5|10)/--duration 1.5/; s/--interval 5/--interval 1/; s/--pid 1234/--pid $LOOP/; s/--ppid 1234/--ppid $LOOP/' <<< "$first")
	# Prometheus: a textfile goes to $TMP, not the system's directory, and
	# is shown; a --listen example gets a free port on 127.0.0.1 (tests
	# listen on 127.0.0.0/8 only) and is scraped from there meanwhile
	first=$(sed -E "s#--prometheus-textfile [^ ]+#--prometheus-textfile $TMP/ex.prom#" <<< "$first")
	rm -f "$TMP/ex.prom"
	if [[ $first =~ --listen\ ([0-9.]+:)?[0-9]+ ]]; then
		local port=$((20000 + RANDOM % 20000))
		first=$(sed -E "s/--listen ([0-9.]+:)?[0-9]+/--listen 127.0.0.1:$port/" <<< "$first")
		timeout 20 bash -c "$first$rest" > "$TMP/ex.out" 2> "$TMP/ex.err" &
		local pid=$!
		sleep 1.5
		curl -s --max-time 2 "http://127.0.0.1:$port/metrics" >> "$TMP/ex.out"
		wait "$pid"
		RC=$?
		return
	fi
	timeout 20 bash -o pipefail -c "$first$rest" > "$TMP/ex.out" 2> "$TMP/ex.err"
	RC=$?
	if [ -e "$TMP/ex.prom" ]; then
		cat "$TMP/ex.prom" >> "$TMP/ex.out"
	fi
}

while IFS= read -r line; do
	where=${line%%: ebpfhello *}
	ex=${line#"$where: "}
	want=$(awk -F '\t' -v ex="$ex" '$1 == ex { print $2; exit }' <<< "$table")
	if [ -z "$want" ]; then
		fail "$where: no check for this example (add a row to tests/examples/examples.sh): $ex"
		continue
	fi
	run_example "$ex"
	expect "$where: $ex -> exit 0, output holds /$want/, no 'null'" \
		'[ "$RC" = 0 ] && grep -qE -- "$want" "$TMP/ex.out" && ! grep -qx null "$TMP/ex.out"'
	if [ "$RC" != 0 ] || ! grep -qE -- "$want" "$TMP/ex.out"; then
		echo "# exit $RC; stderr: $(head -c 300 "$TMP/ex.err")"
		echo "# output: $(head -c 400 "$TMP/ex.out")"
	fi
done < "$TMP/examples"
assert_nothing_attached "examples"
finish
