#!/bin/bash
# count-syscall: every syscall counted at entry, exact for a known workload.
. "$(dirname "$0")/../lib.sh"
require_root

# sum_of FILE JQ-SELECT: sum over every interval record of matching counts
sum_of() { jqs "$1" "[.[] | select(.type == \"interval\") | .counts[] | select($2) | .count] | add // 0"; }
last_of() { jqs "$1" "[.[] | select(.type == \"interval\")] | last | [.counts[] | select($2) | .count] | add // 0"; }

# --- exactly 100000 getppid, filtered by pid, in every mode on offer -------
want=$(auto_choice raw_tp tp_btf tracepoint)
for mode in auto raw_tp tp_btf tracepoint; do
	[ "$mode" = auto ] || available "$mode" || continue
	start_child getppid 100000
	start_tool "p_$mode" count-syscall --json --attach "$mode" --pid "$CHILD_PID" --interval 0.2 || continue
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.3
	stop_tool INT
	out=$TMP/p_$mode.out
	n=$(sum_of "$out" '.syscall == "getppid"')
	check "--attach $mode --pid: exactly 100000 getppid counted ($n), summed over delta intervals" [ "$n" = 100000 ]
	check "--attach $mode: counted at entry, so exit_group is there too" \
		[ "$(sum_of "$out" '.syscall == "exit_group"')" = 1 ]
	[ "$mode" = auto ] && check "auto attached via $want" [ "$(jqs "$out" '.[0].attach')" = "$want" ]
done

start_child getppid 100000
start_tool cum count-syscall --json --cumulative --pid "$CHILD_PID" --interval 0.2 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.5
stop_tool INT
check "--cumulative: the last interval holds all 100000" \
	[ "$(last_of "$TMP/cum.out" '.syscall == "getppid"')" = 100000 ]
check "--cumulative: records say so" \
	[ "$(jqs "$TMP/cum.out" '[.[] | select(.type == "interval") | .mode] | unique | join(",")')" = cumulative ]
id=$(jqs "$TMP/cum.out" '[.[] | select(.type == "interval") | .counts[] | select(.syscall == "getppid") | .syscall_id][0]')
check "syscall ids come with their names (getppid is $id, as in --list)" \
	[ "$id" = "$("$EH" count-syscall --list --json | jq -r 'select(.syscall == "getppid") | .syscall_id')" ]

# --- --syscall: only those, counted in the kernel --------------------------------
start_child openwrite 500
start_tool only count-syscall --json --syscall getppid,openat --pid "$CHILD_PID" --cumulative --interval 0.2 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--syscall getppid,openat: only openat (500) for a process doing openat, write and close" \
	[ "$(jqs "$TMP/only.out" '[.[] | select(.type == "interval")] | last | .counts | map("\(.syscall)=\(.count)") | join(",")')" = "openat=500" ]
check "--syscall: the meta record lists them" [ "$(jqs "$TMP/only.out" '.[0].syscalls | join(",")')" = "openat,getppid" -o "$(jqs "$TMP/only.out" '.[0].syscalls | join(",")')" = "getppid,openat" ]

# --- --by uid, comm, pid ----------------------------------------------------------
start_tool uid count-syscall --json --by uid --syscall getppid --interval 0.2 --top 0 || finish
as_nobody "$W" getppid 50000
sleep 0.3
stop_tool INT
check "--by uid: exactly 50000 getppid by uid 65534" [ "$(sum_of "$TMP/uid.out" '.uid == 65534')" = 50000 ]
check "--by uid: user names" [ "$(jqs "$TMP/uid.out" '[.[] | select(.type == "interval") | .counts[] | select(.uid == 65534) | .user][0]')" = nobody ]

start_tool comm count-syscall --json --by comm --syscall getppid --interval 0.2 --top 0 || finish
"$W" --comm ehstorm getppid 50000
sleep 0.3
stop_tool INT
check "--by comm: exactly 50000 getppid by 'ehstorm'" [ "$(sum_of "$TMP/comm.out" '.comm == "ehstorm"')" = 50000 ]

start_child --comm ehbypid getppid 100000
start_tool pid count-syscall --json --by pid --syscall getppid --interval 0.2 --top 0 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--by pid: exactly the child's 100000 getppid" [ "$(sum_of "$TMP/pid.out" ".pid == $CHILD_PID")" = 100000 ]
check "--by pid: its comm beside the pid, also once it has exited" \
	[ "$(jqs "$TMP/pid.out" "[.[] | select(.type == \"interval\") | .counts[] | select(.pid == $CHILD_PID) | .comm] | unique | join(\",\")")" = ehbypid ]

# --- --delta never loses a count to keys taken out of the map --------------------
# 8 processes, each 100 bursts of 50 getppid 3 ms apart, sampled every 2 ms: the
# map the programs count into is swapped out and emptied while bursts go on.
start_tool burst count-syscall --json --by pid --syscall getppid --comm ehburst --delta --interval 0.002 --top 0 || finish
"$W" --comm ehburst bursts 8 100 50 3000
sleep 0.1
stop_tool INT
check "--by pid --delta, maps swapped and emptied during bursts: the intervals add up to exactly 40000" \
	[ "$(sum_of "$TMP/burst.out" 'true')" = 40000 ]
evicted=$(jqs "$TMP/burst.out" '.[-1].evicted')
check "--by pid --delta: keys were taken out of the map ($evicted times)" [ "$evicted" -gt 0 ]

# --- --top, text ------------------------------------------------------------------
start_tool top count-syscall --json --top 3 --interval 0.2 || finish
"$W" getppid 1000
sleep 0.3
stop_tool INT
check "--top 3: at most 3 counts per interval, and 3 when more keys were seen" \
	[ "$(jqs "$TMP/top.out" '[.[] | select(.type == "interval") | select(.keys >= 3) | .counts | length] | unique | join(",")')" = 3 ]
start_tool text count-syscall --interval 0.3 --count 2 --syscall getppid,openat || finish
"$W" getppid 100000
wait_tool
check "text: a table with getppid on top, its count right-aligned under COUNT" \
	bash -c "grep -A1 '^SYSCALL *COUNT\$' '$TMP/text.out' | grep -qE '^getppid +[0-9]+\$' &&
		 awk '/COUNT\$/ { w = length(\$0) } /^getppid/ { if (length(\$0) != w) exit 1 }' '$TMP/text.out'"
check "text: --count 2 stops by itself; the summary is on stderr" \
	grep -q "^ebpfhello count-syscall: 2 intervals, .*stopped by count$" "$TMP/text.err"
# a pipe's reader that goes away ends the run then, not at the next write
# (the meta record is the first line; the next write would be 10 s later)
t0=$(date +%s%N)
"$EH" count-syscall --json --interval 10 | head -1 > /dev/null
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "| head -1: the run ends when head does, not at the next interval ($ms ms)" [ "$ms" -lt 5000 ]
start_child --comm ehtextpid getppid 1000
start_tool tpid count-syscall --by pid --syscall getppid --interval 0.3 --count 1 --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait_tool
check "text --by pid: PID, COMM and the count in their columns" \
	bash -c "grep -qE '^$CHILD_PID +ehtextpid +1000\$' '$TMP/tpid.out'"
# --- --errors: failed calls by syscall and errno, at exit -----------------------------
start_child badclose 1000
start_tool err count-syscall --json --errors --pid "$CHILD_PID" --cumulative --interval 0.2 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.3
stop_tool INT
check "--errors --pid: exactly 1000 close EBADF for the pid that made 1000 failing close(-1)" \
	[ "$(last_of "$TMP/err.out" '.syscall == "close" and .errno == "EBADF"')" = 1000 ]
check "--errors: errno ids beside the names (EBADF is 9), only failures counted" \
	[ "$(jqs "$TMP/err.out" '[.[] | select(.type == "interval")] | last | .counts[] | select(.syscall == "close") | "\(.errno_id) \(.syscall_id)"')" = "9 $("$EH" count-syscall --list --json | jq -r 'select(.syscall == "close") | .syscall_id')" ]
check "--errors: counted at the exit only (meta: measure errors, attach point sys_exit)" \
	[ "$(jqs "$TMP/err.out" '.[0] | "\(.measure) \(.attach_point)"')" = "errors raw_tp sys_exit" ]
start_child badclose 1000
start_tool errt count-syscall --errors --syscall close --pid "$CHILD_PID" --cumulative --interval 0.3 --count 2 || finish
touch "$TMP/go"
wait_tool
check "--errors, text: 'close EBADF 1000' under SYSCALL ERRNO COUNT, the count right-aligned" \
	bash -c "grep -A1 '^SYSCALL *ERRNO *COUNT\$' '$TMP/errt.out' | grep -qE '^close +EBADF +1000\$' &&
		 awk '/COUNT\$/ { w = length(\$0) } /^close/ { if (length(\$0) != w) exit 1 }' '$TMP/errt.out'"

# --- --failed-only: the plain counts, of failed calls only --------------------------
start_tool fo count-syscall --json --failed-only --by comm --comm ehfailonly --syscall close,getppid --cumulative --interval 0.2 || finish
"$W" --comm ehfailonly badclose 700
"$W" --comm ehfailonly getppid 5000
sleep 0.3
stop_tool INT
check "--failed-only --by comm: 700 failed closes, none of the 5000 getppid that succeeded" \
	[ "$(last_of "$TMP/fo.out" '.comm == "ehfailonly"')" = 700 -a "$(jqs "$TMP/fo.out" '.[0].measure')" = "failed calls" ]

# --- --latency [--histogram]: entry to exit per task ---------------------------------
start_child nanosleep 1000 1000
start_tool lat count-syscall --json --latency --histogram --syscall nanosleep --pid "$CHILD_PID" --cumulative --interval 0.5 || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.6
stop_tool INT
row=$(jqs "$TMP/lat.out" '[.[] | select(.type == "interval")] | last | .counts[] | select(.syscall == "nanosleep")')
check "--latency: 1000 nanosleep of 1 ms -> count 1000, average between 1 and 3 ms ($(jq -r .avg_ns <<< "$row") ns)" \
	jq -e '.count == 1000 and .avg_ns >= 1000000 and .avg_ns <= 3000000 and .total_ns >= 1000000000' <<< "$row"
check "--histogram: the 1000 calls in log2 buckets, all at 2^19 ns or more (1 ms is in [2^19, 2^20))" \
	jq -e '([.histogram[].count] | add) == 1000 and ([.histogram[].from_ns] | min) >= 524288 and
	       all(.histogram[]; .to_ns == .from_ns * 2 - 1)' <<< "$row"
check "--latency: meta says so, the attach point has both sides" \
	[ "$(jqs "$TMP/lat.out" '.[0] | "\(.measure) \(.histogram) \(.attach_point)"')" = "latency true raw_tp sys_enter + raw_tp sys_exit (ids of nanosleep)" ]
start_child nanosleep 200 1000
start_tool latt count-syscall --latency --histogram --syscall nanosleep --pid "$CHILD_PID" --cumulative --interval 2 --count 1 || finish
touch "$TMP/go"
wait_tool
check "--latency --histogram, text: nanosleep's row under SYSCALL COUNT TOTAL ms AVG us, then its buckets" \
	bash -c "grep -A2 '^SYSCALL *COUNT *TOTAL ms *AVG us\$' '$TMP/latt.out' | grep -qE '^nanosleep +200 +[0-9.]+ +[0-9.]+\$' &&
		 grep -qE '^ +FROM ns +TO ns +COUNT +DISTRIBUTION\$' '$TMP/latt.out' &&
		 grep -qE '^ +[0-9]+ -> [0-9]+ +[0-9]+ +\|\*+ *\|\$' '$TMP/latt.out'"

# Pairs across thread exits and an exec from a thread that is not the leader
# (it takes the leader's tid): 4 threads x 100 getppid, each ending in exit;
# then the exec'd image's 10 getppid and its exit_group.  Nothing lost or
# counted twice, exit and exit_group never timed, no start left behind.
for only in "getppid,execve,exit,exit_group" ""; do
	start_child threads 4 100 "$W" getppid 10
	start_tool thr count-syscall --json --latency ${only:+--syscall "$only"} --pid "$CHILD_PID" --cumulative --interval 0.2 --top 0 || finish
	touch "$TMP/go"
	wait "$CHILD"
	sleep 0.3
	stop_tool INT
	check "--latency ${only:+--syscall $only }across thread exits and a thread's exec: getppid 410, execve 1, exit and exit_group never" \
		[ "$(jqs "$TMP/thr.out" '[.[] | select(.type == "interval")] | last | [.counts[] | select(.syscall | IN("getppid", "execve", "exit", "exit_group"))] | map("\(.syscall)=\(.count)") | sort | join(",")')" = "execve=1,getppid=410" ]
	check "--latency ${only:+--syscall $only }: no start left in flight once the process is gone" \
		[ "$(jqs "$TMP/thr.out" '.[-1].in_flight')" = 0 ]
done
# --- every call named by its own ABI ------------------------------------------------
# EH_COMPAT: a 32-bit program of this kernel's compat ABI (i386, arm32):
# exactly 1000 getppid (64 in both, x86-64's semget, arm64's write) and one
# exit, through its own ABI
case $(uname -m) in
x86_64) cabi=i386 ;;
aarch64) cabi=arm32 ;;
*) cabi=unknown ;;
esac
# row FILE SELECT: the last interval's count of the rows SELECT picks (of
# a --cumulative run: everything)
row() { last_of "$1" "$2"; }
compat_runs=false
if [ ! -x "${EH_COMPAT:-}" ]; then
	fail "no 32-bit program for the $cabi ABI ('${EH_COMPAT:-}': clang and lld build tests/ehcompat-*)"
else
	why=$("$EH_COMPAT" 2>&1)
	rc=$?
	if [ "$rc" = 0 ]; then
		compat_runs=true
	elif [ -n "${EH_COMPAT_REQUIRED:-}" ]; then
		fail "this kernel must run $cabi programs here, and $EH_COMPAT exits $rc: ${why:-(nothing said)}"
	else
		# the project's own machine: a PVM guest whose kernel has
		# CONFIG_IA32_EMULATION=y and still refuses 32-bit code (int 0x80
		# is a #GP, a 32-bit ELF ENOEXEC); the kernel matrix runs these
		pass "this kernel runs no $cabi program ($EH_COMPAT: exit $rc${why:+, $why}): the compat checks run in the kernel matrix's VMs (EH_COMPAT_REQUIRED)"
	fi
fi
if $compat_runs; then
	for mode in raw_tp tp_btf tracepoint; do
		available "$mode" || continue
		# the two ways of reading the task: plain loads (5.11+), and
		# bpf_probe_read_kernel() as on older kernels
		for path in btf probe; do
			dis=
			[ "$path" = probe ] && dis=task_btf
			EBPFHELLO_DISABLE=$dis start_tool "c_${mode}_$path" count-syscall --json --attach "$mode" \
				--uid 65534 --top 0 --cumulative --interval 0.2 || continue
			as_nobody "$EH_COMPAT"
			sleep 0.3
			stop_tool INT
			out=$TMP/c_${mode}_$path.out
			check "--attach $mode ($path): a $cabi program's 1000 getppid, as getppid ($cabi): $(row "$out" ".abi == \"$cabi\" and .syscall == \"getppid\"")" \
				[ "$(row "$out" ".abi == \"$cabi\" and .syscall == \"getppid\" and .syscall_id == 64")" = 1000 ]
			check "--attach $mode ($path): its exit too, and no native call numbered 64 (semget, write)" \
				[ "$(row "$out" ".abi == \"$cabi\" and .syscall == \"exit\"")" = 1 -a \
				  "$(row "$out" '.syscall_id == 64 and .abi == null')" = 0 ]
		done
	done
	start_tool ctext count-syscall --uid 65534 --top 0 --interval 0.3 --count 2 || finish
	as_nobody "$EH_COMPAT"
	wait_tool
	check "text: 'getppid ($cabi)' and its 1000" grep -qE "^getppid \($cabi\) +1000\$" "$TMP/ctext.out"
	sed 's/^/# /' "$TMP/ctext.out"	# as docs/count-syscall.md shows it
	start_tool cfilt count-syscall --json --syscall getppid --uid 65534 --top 0 --cumulative --interval 0.2 \
		--prometheus-textfile "$TMP/c.prom" || finish
	as_nobody "$EH_COMPAT"
	as_nobody "$W" getppid 10
	sleep 0.3
	stop_tool INT
	check "--syscall getppid: the native ones (10) and the $cabi ones (1000), apart" \
		[ "$(row "$TMP/cfilt.out" '.syscall == "getppid" and .abi == null')" = 10 -a \
		  "$(row "$TMP/cfilt.out" ".syscall == \"getppid\" and .abi == \"$cabi\"")" = 1000 ]
	check "Prometheus: the $cabi calls carry an abi label" \
		grep -qx "ebpfhello_syscalls_total{syscall=\"getppid\",abi=\"$cabi\"} 1000" "$TMP/c.prom"
	if [ "$cabi" = i386 ]; then
		# a 64-bit program's int 0x80 is an i386 call as well (TS_COMPAT)
		start_tool int80 count-syscall --json --uid 65534 --top 0 --cumulative --interval 0.2 || finish
		as_nobody "$W" int80 500
		sleep 0.3
		stop_tool INT
		check "int 0x80 from a 64-bit program: 500 getppid (i386), no semget" \
			[ "$(row "$TMP/int80.out" '.abi == "i386" and .syscall == "getppid"')" = 500 -a \
			  "$(row "$TMP/int80.out" '.syscall == "semget"')" = 0 ]
	fi
fi

# --- ids no table has: each on its own row, up to a limit said when passed ---------
start_tool odd count-syscall --json --uid 65534 --top 0 --cumulative --interval 0.2 || finish
as_nobody "$W" rawcall 5000 7
as_nobody "$W" rawcall -1 3
as_nobody "$W" rawcall 1024 2
[ "$cabi" = i386 ] && as_nobody "$W" rawcall 0x40000027 4	# x32's getpid
sleep 0.3
stop_tool INT
check "unknown ids each on their own row, no name: 5000 x7, -1 x3, 1024 (past the slots) x2" \
	[ "$(jqs "$TMP/odd.out" '[.[] | select(.type == "interval")] | last | [.counts[] | select(.syscall_id == 5000 or .syscall_id == -1 or .syscall_id == 1024) | "\(.syscall_id)=\(.count)=\(.syscall // "-")"] | sort | join(",")')" = "-1=3=-,1024=2=-,5000=7=-" ]
if [ "$cabi" = i386 ]; then
	check "an x32 call: named from x32's table, its number with the x32 bit" \
		[ "$(row "$TMP/odd.out" '.abi == "x32" and .syscall == "getpid" and .syscall_id == 1073741863')" = 4 ]
fi
start_tool oddt count-syscall --uid 65534 --top 0 --interval 0.3 --count 2 || finish
as_nobody "$W" rawcall 5000 7
wait_tool
check "text: '[unknown 5000]' and its 7" grep -qE '^\[unknown 5000\] +7$' "$TMP/oddt.out"
start_tool odde count-syscall --json --errors --uid 65534 --top 0 --cumulative --interval 0.2 || finish
as_nobody "$W" rawcall 5000 7
sleep 0.3
stop_tool INT
check "--errors: the unknown id's own row, ENOSYS x7" \
	[ "$(row "$TMP/odde.out" '.syscall_id == 5000 and .errno == "ENOSYS"')" = 7 ]
# 300 ids of their own, each once: the first that find a place (at most
# 256) have rows, the others are counted together and said to be
start_tool over count-syscall --json --uid 65534 --top 0 --cumulative --interval 0.2 || finish
as_nobody "$W" rawcall 2000..2299 1
sleep 0.3
stop_tool INT
rows=$(jqs "$TMP/over.out" '[.[] | select(.type == "interval")] | last | [.counts[] | select(.syscall_id >= 2000 and .syscall_id <= 2299)] | length')
other=$(row "$TMP/over.out" '.other_ids == true')
check "300 ids past the table: $rows rows of 1 and $other in [other ids], 300 in all, at most 256 rows" \
	[ "$(row "$TMP/over.out" '.syscall_id >= 2000 and .syscall_id <= 2299')" = "$rows" -a \
	  $((rows + other)) = 300 -a "$rows" -le 256 -a "$other" -ge 44 ]
check "the summary says how many calls went to [other ids] ($(jqs "$TMP/over.out" '.[-1].other_ids'))" \
	[ "$(jqs "$TMP/over.out" '.[-1].other_ids')" = "$other" ]
assert_nothing_attached "count-syscall"
finish
