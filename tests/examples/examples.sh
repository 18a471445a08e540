#!/bin/bash
# Every example a user is shown runs, and gives what it promises: each
# "ebpfhello ..." line of README.md and of every command's --help Examples
# block is run (bounded in time, with a workload beside it) and its output
# checked against the table below.  An example without a row in the table
# fails the test: a new example needs a check.
. "$(dirname "$0")/../lib.sh"
require_root
require_trace_pipe

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
ebpfhello events -o time,pid,container,comm,args	^[0-9:.]+ +[0-9]+ +- +[a-z]+ +".*"$
ebpfhello events --identity -j | jq -c '[.container,.nspid]'	^\[null,[0-9]+\]$
ebpfhello events	 true +[^ ]+ +(Hello World|Hello Odd World) +/bin/true$
ebpfhello events --json | jq -r 'select(.type == "event") | .filename'	^/bin/true$
ebpfhello events --message-even even --message-odd odd --count 10	 (even|odd) +/[^ ]+$
ebpfhello events --buffer perf --buffer-size 64	 /bin/true$
ebpfhello events --buffer perf --uid 1000	^[0-9:.]+ +[0-9]+ +[0-9]+ +1000 .*/bin/true$
ebpfhello events --args --max-args 5	 /bin/true +"/bin/true"$
ebpfhello events --tree	 \\_ [0-9]+ true /bin/true$
ebpfhello events --exits --json | jq -c 'select(.type == "exit")'	"comm":"true","exec_id":"[0-9a-f]{32}-[0-9]+-[0-9]+-[0-9]+","exit_code":0,"signal":null,"core_dumped":false,"lifetime":[0-9.]+,
ebpfhello events --failed	 ENOENT +(Hello World|Hello Odd World) +/nonexistent/ehexample$
ebpfhello events --failed --args	 ENOENT .* /nonexistent/ehexample +"/nonexistent/ehexample"$
ebpfhello events --results --ppid 1234	 0 +(Hello World|Hello Odd World) +/([a-z]+/)*sleep$
ebpfhello count-syscall --errors --pid 1234	^ioctl +ENOTTY +[0-9]+$
ebpfhello count-syscall --errors --interval 1	^[a-z_0-9]+ +E[A-Z0-9_]+ +[0-9]+$
ebpfhello count-syscall --failed-only --by comm	^bash +[0-9]+$
ebpfhello count-syscall --by container --syscall execve --interval 1	^\(host\) +[0-9]+$
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
ebpfhello source count-uid	^ \* Learning eBPF, chapter 2: hello-map\.py
ebpfhello source events --headers	^/\* ==== bpf/emit\.bpf\.h, included ==== \*/$
ebpfhello source tail --xlated	^; bpf_tail_call\(ctx, &handlers, \(__u32\)id\);
ebpfhello source --xlated count-uid -- --by cgroup	^ +[0-9]+: \(18\) r1 = map\[id:[0-9]+\] eh_cgroup_names$
ebpfhello count-uid --explain -n 1 2>&1	^  book: BPF_HASH\(counter_table\) of hello-map\.py
EOF
)

# --- what users are shown ---------------------------------------------------------
readme=$EH_TESTS/../README.md
{
	# README: code lines that start with the command (not <placeholders>,
	# nor output: a message "ebpfhello count-uid --explain: what runs...")
	sed -n '/^```/,/^```/p' "$readme" | grep -E '^ebpfhello [a-z]' |
		grep -vE '^ebpfhello [a-z-]+( --[a-z-]+)?: ' | sed 's/^/README: /'
	for cmd in $("$EH" --list-cmds); do
		"$EH" "$cmd" --help | sed -n '/^Examples:/,$p' | grep -E '^  ebpfhello ' |
			sed "s/^  /$cmd --help: /"
	done
} | sed -E 's/ +# .*$//; s/ +$//' > "$TMP/examples"
n=$(wc -l < "$TMP/examples")
check "examples found: $n (README and every --help)" [ "$n" -ge 20 ]

# --- README as a new machine reads it ---------------------------------------------
# Every command README has a user run (each simple command of its sh
# blocks) is there after the build line alone: a shell builtin, a file of
# the tree or of the build, ebpfhello, or a program from a Debian package of
# the base system (Priority required or important) or of the build line's
# list (third_party/install-deps.sh --build).
src=$(cd "$EH_TESTS/.." && pwd)
build_dir=$(dirname "$EH_BUILT")
build_pkgs=" $(sed -n 's/^build_pkgs="\(.*\)"/\1/p' "$src/third_party/install-deps.sh") "
# pkg_of PROGRAM: the Debian package that holds it (usrmerge: /bin is /usr/bin)
pkg_of() {
	local p=$1 q
	for q in "$p" "$(readlink -f "$p")" "${p#/usr}" "/usr$p"; do
		dpkg -S "$q" 2> /dev/null | head -1 | sed 's/[:,].*//' | grep . && return
	done
}
sed -n '/^```sh$/,/^```$/p' "$readme" | grep -v '^```' | sed -E "s/ +#.*$//; s/'[^']*'//g; s/\"[^\"]*\"//g; s/[0-9]*>&[0-9]+//g" |
	tr '&|;()' '\n\n\n\n\n' | awk '{ for (i = 1; i <= NF; i++) if ($i !~ /^[A-Za-z_]+=/) { print $i; break } }' |
	sort -u > "$TMP/readme-cmds"
check "README's sh blocks have commands to run: $(tr '\n' ' ' < "$TMP/readme-cmds")" [ -s "$TMP/readme-cmds" ]
while read -r w; do
	case $w in
	ebpfhello) continue ;;	# the product: see the paragraph check below
	build/*) expect "README runs $w: the build makes it" '[ -x "$build_dir/${w#build/}" ]'; continue ;;
	*/*) expect "README runs $w: in the tree" '[ -x "$src/$w" ]'; continue ;;
	esac
	if [ "$(type -t "$w")" = builtin ] || [ "$(type -t "$w")" = keyword ]; then
		continue
	fi
	path=$(command -v "$w") || { fail "README runs $w, which is not even on this machine"; continue; }
	pkg=$(pkg_of "$path")
	prio=$(dpkg-query -W -f '${Priority}' "$pkg" 2> /dev/null)
	expect "README runs $w ($pkg, priority $prio): Debian's base or the build line installs it" \
		'[ -n "$pkg" ] && { [ "$prio" = required ] || [ "$prio" = important ] || [[ $build_pkgs == *" $pkg "* ]]; }'
done < "$TMP/readme-cmds"
# README's paragraphs (blank-line separated), one per line
awk -v RS= '{ gsub(/\n/, " "); print }' "$readme" > "$TMP/readme-paras"
expect "README says how to get the source: git clone, or a tarball" \
	'grep -q "git clone" "$TMP/readme-paras" && grep -q "tarball" "$TMP/readme-paras"'
expect "README says how to become root with sudo and without (su -)" \
	'grep "sudo -i" "$TMP/readme-paras" | grep -q "su -"'
expect "README says its examples' ebpfhello is build/ebpfhello until installed" \
	'grep -F "call it \`ebpfhello\`" "$TMP/readme-paras" | grep -F "\`build/ebpfhello\`" | grep -q "install"'
expect "README offers man pages only once installed, or the build's" \
	'! grep -F "man ebpfhello-" "$TMP/readme-paras" | grep -qv "once installed"'
for b in build/man/ebpfhello-trace.8; do
	grep -qF "man $b" "$TMP/readme-paras" && expect "README's man $b: the build made it" '[ -f "$build_dir/${b#build/}" ]'
done
expect "README warns what the test line does: time, packages, arm64, Prometheus, QEMU" \
	'p=$(grep -F "Know what it does first" "$TMP/readme-paras");
	 [[ $p == *minutes* && $p == *packages* && $p == *"--add-architecture arm64"* && $p == *Prometheus* &&
	    $p == *node-exporter* && $p == *QEMU* && $p == *"ctest --test-dir build -L"* ]]'
quick=$(sed -n '/^## Quick start/,/^## /p' "$readme")
expect "README's Quick start has exactly two set-up lines (build and run; the test line)" \
	'[ "$(grep -c "^\`\`\`sh$" <<< "$quick")" = 2 ]'

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
	if ! grep -qE -- ' (--count|-n|--duration|--list|--help|features|source)( |$)' <<< "$first"; then
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
