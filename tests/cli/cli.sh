#!/bin/bash
# Command line: help, usage errors, exit codes.  Needs no root: every usage
# error must be found before anything is loaded, so these also run as
# uid 65533 when the suite runs as root (not 65534: the runtime tests,
# which may run beside this one, count every exec by uid 65534 exactly).
. "$(dirname "$0")/../lib.sh"

# run ARGS...: sets RC, OUT, ERR
run() {
	"$EH" "$@" > "$TMP/out" 2> "$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

# usage_error "value that must be named" ARGS...: exit 2, one line naming it
usage_error() {
	local want=$1
	shift
	run "$@"
	if [ "$RC" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -qF -- "$want" "$TMP/err"; then
		pass "usage error: $* -> exit 2, names '$want'"
	else
		fail "usage error: $* -> exit $RC, stderr: $ERR"
	fi
}

run --help
check "--help exits 0" [ "$RC" = 0 ]
check "--help lists trace and count-uid" grep -q "count-uid" "$TMP/out"
run --version
expect "--version names the version, the commit (or its absence) and libbpf: $OUT" \
	'[ "$RC" = 0 ] && [[ "$OUT" =~ ^ebpfhello\ [0-9]+\.[0-9]+\.[0-9]+\ \((git\ [0-9a-f]{7,}|no\ git\ checkout),\ libbpf\ [0-9]+\.[0-9]+(\.[0-9]+)?\)$ ]]'
run --list-cmds
cmds=$OUT
check "--list-cmds prints the command table" [ "$RC" = 0 -a "$(echo "$cmds" | head -2 | tr '\n' ' ')" = "trace count-uid " ]
for c in $cmds; do
	run "$c" --help
	if [ "$RC" = 0 ] && grep -q "Examples:" "$TMP/out"; then
		pass "$c --help: exit 0 with examples"
	else
		fail "$c --help: exit $RC"
	fi
done
# every heading has its own options under it: none empty (two groups of one
# number once put --explain under Prometheus and left "Explain:" bare)
for c in $cmds; do
	empty=$("$EH" "$c" --help | awk '/^ [A-Z][^:]*:$/ { if (h != "") print h; h = $0; next } /^ +-/ { h = "" } END { if (h != "") print h }' | grep -v '^ Examples:$' | tr '\n' '|')
	check "$c --help: no heading without options under it (${empty:-none})" [ -z "$empty" ]
done
# --time says what each output shows (text: HH:MM:SS.mmm, not unix seconds;
# tests/effects checks the outputs themselves)
for c in $cmds; do
	t=$("$EH" "$c" --help | sed -n '/--time=FORMAT/,/^  -/p' | sed '$d' | tr -s ' \n' '  ')
	expect "$c --help: --time names what text and JSON show:$t" \
		'[[ $t == *"unix (the default: local HH:MM:SS.mmm in text, seconds since 1970 in JSON)"* &&
		   $t == *"iso (RFC 3339 in UTC, in both)"* ]]'
done
run help count-uid
check "help CMD is CMD --help, exit 0 ($RC)" bash -c "[ $RC = 0 ] && grep -q 'Usage: ebpfhello count-uid' '$TMP/out'"
run --usage
check "--usage: the usage lines, exit 0 ($RC)" bash -c "[ $RC = 0 ] && grep -q '^Usage: ebpfhello ' '$TMP/out'"
usage_error "'extra'" --version extra
usage_error "'x'" --help x
for c in $cmds; do
	run "$c" -h
	check "$c -h: the same as --help (top-level help advertises -h)" \
		[ "$RC" = 0 -a "$OUT" = "$("$EH" "$c" --help)" ]
	run "$c" --version
	check "$c --version: exit 0, the version" [ "$RC" = 0 -a "$OUT" = "$("$EH" --version)" ]
	run "$c" --usage
	check "$c --usage: exit 0, a usage line" [ "$RC" = 0 -a "${OUT#Usage: ebpfhello $c }" != "$OUT" ]
done

# --attach offers what the command has programs for, and nothing else
run count-syscall --help
check "count-syscall --help lists only its modes (tracepoint, raw_tp, tp_btf)" \
	bash -c "tr -s ' \n' ' ' < '$TMP/out' | grep -q 'auto (the default) or one of tracepoint, raw_tp, tp_btf;'"
run tail --help
check "tail --help has no --attach (its dispatcher is a raw tracepoint)" bash -c "! grep -q -- --attach '$TMP/out'"
run __programs
check "every BPF program's section stands for an attach mode or a tail-call target" \
	[ "$RC" = 0 -a -z "$(grep UNKNOWN "$TMP/out")" -a "$(grep -c '^count-uid' "$TMP/out")" -ge 6 ]

run
check "no command: exit 2" [ "$RC" = 2 ]
run count-ui
check "misspelt command: exit 2, did you mean count-uid" \
	[ "$RC" = 2 -a "$ERR" = "ebpfhello: unknown command 'count-ui'; did you mean 'count-uid'?" ]
run count
check "a prefix is not a command" [ "$RC" = 2 ]
run trac
check "trac: did you mean trace" grep -q "did you mean 'trace'" "$TMP/err"
run $'bad\x1b[31mname'
check "unknown command names are escaped on stderr" grep -qF 'bad\x1b[31mname' "$TMP/err"
run --bogus
check "unknown top-level option: exit 2" [ "$RC" = 2 ]

usage_error "'0'" count-uid --interval 0
usage_error "'abc'" count-uid --interval abc
usage_error "'-1'" count-uid --interval -1
usage_error "'1e3'" count-uid --interval 1e3
usage_error "'0'" count-uid --count 0
usage_error "'x'" count-uid --duration x
usage_error "'0'" count-uid --pid 0
usage_error "'12ab'" trace --pid 12ab
# a thread's id (not its process's) would match nothing in the kernel: every
# command with --pid says whose thread it is
python3 -c 'import threading, time, os
t = threading.Thread(target=time.sleep, args=(30,), daemon=True)
t.start()
print(os.getpid(), t.native_id, flush=True)
time.sleep(30)' > "$TMP/thread" &
THREADED=$!
wait_for "$TMP/thread" '^[0-9]+ [0-9]+$' 10
read -r tgid tid < "$TMP/thread"
for c in trace count-uid count-syscall events tail; do
	usage_error "--pid $tid is a thread of process $tgid (python3), and --pid takes a process id: give --pid $tgid" \
		"$c" --pid "$tid" --duration 0.5
done
kill "$THREADED"
wait "$THREADED" 2>/dev/null
usage_error "'nosuchuser'" count-uid --uid nosuchuser
usage_error "'abcdefghijklmnop'" count-uid --comm abcdefghijklmnop
usage_error "'bogus'" count-uid --attach bogus
usage_error "'nosuch'" count-uid --syscall nosuch
usage_error "'nosuch'" count-uid --syscall openat,nosuch
usage_error "'nosuch'" trace --syscall nosuch
usage_error "'extra'" count-uid extra
usage_error "--all-syscalls" count-uid --all-syscalls --syscall openat
usage_error "--message" trace --message "$(printf 'x%.0s' $(seq 60))"
usage_error "--message" trace --message $'two\nlines'
usage_error "'x'" features x
usage_error "'--explain'" features --explain
# source: one command that loads BPF programs
usage_error "which command" source
usage_error "'nosuch'" source nosuch
usage_error "'source'" source source
usage_error "'tail'" source trace tail
usage_error "do not go together" source tail --xlated --headers
usage_error "'--by': expected one command only (options for it go after \"--\", with --xlated)" source count-uid -- --by cgroup
usage_error "unknown option '--by'" source --xlated count-uid --by cgroup
run source count-uid
check "source count-uid: exit 0 as any user, hello-map.py named at the top" \
	[ "$RC" = 0 -a "$(sed -n 2p "$TMP/out")" = " * Learning eBPF, chapter 2: hello-map.py, exercises 2 and 3. */" ]
run --help
check "--help lists source after the commands with BPF of their own" grep -qE '^  source +the BPF C a command runs' "$TMP/out"
usage_error "'bogus'" count-syscall --by bogus
usage_error "'-1'" count-syscall --top -1
usage_error "'abc'" count-syscall --top abc
usage_error "'kprobe'" count-syscall --attach kprobe
usage_error "'fentry'" count-uid --all-syscalls --attach fentry
usage_error "'exec'" count-uid --all-syscalls --attach exec
usage_error "not openat" count-uid --syscall openat --attach exec
usage_error "give one of them" count-syscall --delta --cumulative
usage_error "--list prints the syscall table" count-syscall --list --by comm
# stdout closed as well: still the one line and exit 2 (not a second error about stdout)
"$EH" count-uid -q --duration 1 >&- 2> "$TMP/err"
rc=$?
check "usage error with stdout closed: exit 2, one line ($(head -c 120 "$TMP/err"))" \
	[ "$rc/$(wc -l < "$TMP/err")" = 2/1 ]
usage_error "not getppid" trace --syscall execve,getppid --attach exec
usage_error "'local'" trace --time local
usage_error "'nosuch'" count-syscall --syscall nosuch
usage_error "'0'" count-uid --interval 0 --json
usage_error "'3'" events --buffer-size 3
usage_error "'ring'" events --buffer ring
usage_error "--message-odd" events --message-odd "sixteen bytes!!!"
# events' and count-syscall's options for SREs (issue 13)
usage_error "'0'" events --max-args 0
usage_error "'65'" events --max-args 65
usage_error "'x'" events --max-args x
usage_error "'0'" events --ppid 0
usage_error "'12x'" events --ppid 12x
usage_error "'/nosuch-cgroup'" events --cgroup /nosuch-cgroup
usage_error "'/proc'" events --cgroup /proc
usage_error "'0'" events --ancestors 0
usage_error "'17'" events --ancestors 17
usage_error "'abc'" events --ancestors abc
usage_error "--tree" events --tree -o pid,comm
usage_error "--failed shows failed execs only, --results all" events --failed --results
usage_error "'exec'" events --failed --attach exec
usage_error "'exec'" events --results --attach exec
usage_error "--histogram: only with --latency" count-syscall --histogram
usage_error "--errors and --latency count different things" count-syscall --errors --latency
usage_error "--failed-only and --errors count different things" count-syscall --failed-only --errors
usage_error "--errors counts by syscall: --by pid" count-syscall --errors --by pid
usage_error "--latency counts by syscall: --by comm" count-syscall --latency --by comm
usage_error "'kprobe'" count-syscall --latency --attach kprobe
usage_error "'nosuch'" tail --handler exec=nosuch
usage_error "'nosuch'" tail --ignore read,nosuch
usage_error "'bogus'" tail --handler bogus=read
usage_error "'exec'" tail --handler exec
usage_error "'getppid' is given to two handlers" tail --handler exec=getppid --handler timer=getppid
usage_error "'read' is given to two handlers" tail --handler exec=read --ignore read
# Prometheus export (docs/prometheus.md): found before anything is loaded
for v in abc 0 65536 -1 :9477 localhost:9477 1.2.3:80 1.2.3.4: 1.2.3.4:80:90 '[::1]' '[::1:80' '[fe80::1%lo]:80'; do
	usage_error "'$v'" count-uid --listen "$v"
done
# --listen-allow: the bad range named, escaped, on one line
for v in '' 10.0.0.0/33 10.0.0.1/8 localhost '::/129' 1.2.3 'fd00::1/8' '10.0.0.0/' ' 10.0.0.1'; do
	usage_error "invalid --listen-allow '$v'" count-uid --listen 9477 --listen-allow "$v"
done
usage_error "invalid --listen-allow 'nope'" count-syscall --listen 9477 --listen-allow 10.0.0.0/8,nope,::1
usage_error "invalid --listen-allow ''" events --listen 9477 --listen-allow 10.0.0.0/8,
usage_error "invalid --listen-allow '10.0.0.1\\x1b[31m'" tail --listen 9477 --listen-allow $'10.0.0.1\e[31m'
usage_error "--listen-allow: at most 64" count-uid --listen 9477 --listen-allow "$(printf '10.0.0.%d,' {1..64})10.0.1.1"
usage_error "--listen-allow is for --listen" count-uid --listen-allow 127.0.0.1 --prometheus-textfile /tmp/x.prom
usage_error "'--listen-allow'" trace --listen-allow 127.0.0.1
usage_error "'0'" count-syscall --listen 9477 --max-series 0
usage_error "'100001'" count-syscall --listen 9477 --max-series 100001
usage_error "--max-series is for --listen or --prometheus-textfile" count-syscall --max-series 10
usage_error "--quiet needs --listen or --prometheus-textfile" events --quiet
usage_error "--quiet and --json do not go together" count-uid -q --json --listen 9477
usage_error "'/tmp/'" tail --prometheus-textfile /tmp/
usage_error "'--listen'" trace --listen 9477
usage_error "'--max-series'" events --listen 9477 --max-series 10
run count-syscall --list
check "count-syscall --list: execve with this architecture's number" \
	grep -qE "^ *$( [ "$(uname -m)" = x86_64 ] && echo 59 || echo 221) +execve$" "$TMP/out"
run count-syscall --list --json
check "count-syscall --list --json: one valid record per syscall, execve among them" \
	[ "$(jq -r 'select(.syscall == "execve") | .type' "$TMP/out")" = syscall ]
schema_check "$TMP/out"

# --- argp's own complaints are escaped and short -----------------------------------
run trace $'--\e]0;pwned'
check "an unknown option with ESC in it: exit 2, the ESC escaped (\\x1b), not raw" \
	[ "$RC" = 2 -a "$ERR" = "ebpfhello trace: unknown option '--\\x1b]0;pwned'; see 'ebpfhello trace --help'" ]
run trace "--$(head -c 131000 /dev/zero | tr '\0' x)"
check "a 128 KiB unknown option: one line under 300 bytes" \
	[ "$RC" = 2 -a "$(wc -l < "$TMP/err")" = 1 -a "$(wc -c < "$TMP/err")" -lt 300 ]
run trace --syscall
check "a missing value: exit 2, says which option needs one" [ "$RC" = 2 -a "$ERR" = "ebpfhello trace: option '--syscall' needs a value (NAME)" ]
run count-uid --json=yes
check "a value where none goes: exit 2, one line" [ "$RC" = 2 -a "$ERR" = "ebpfhello count-uid: option '--json' takes no value" ]
run count-uid -Z
check "an unknown short option: exit 2, one line" [ "$RC" = 2 -a "$(wc -l < "$TMP/err")" = 1 ]

# --- text the kernel prints: no control characters of any kind ------------------------
usage_error "--message" trace --message $'csi\xc2\x9b2J'
usage_error "--message" trace --message $'rtl\xe2\x80\xaeoverride'
usage_error "--message" trace --message $'bad\xffutf8'
usage_error "--message-even" events --message-even $'\e[31m'
run trace --message "$(printf 'x%.0s' $(seq 48))" --help
check "--message of 48 bytes (the limit in --help) is accepted" [ "$RC" = 0 ]
check "trace --help states the real limit" grep -q "1 to 48 bytes" "$TMP/out"

# --- output that goes nowhere is an error; a closed pipe is not ---------------------
for args in "--help" "--version" "count-uid --help" "count-syscall --list" "count-syscall --list --json" "--list-cmds"; do
	# shellcheck disable=SC2086
	"$EH" $args > /dev/full 2> "$TMP/err"
	RC=$?
	expect "$args > /dev/full: exit 1, one line naming the error" \
		'[ "$RC" = 1 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "No space left on device" "$TMP/err"'
	# shellcheck disable=SC2086
	"$EH" $args >&- 2> "$TMP/err"
	RC=$?
	expect "$args with stdout closed: exit 1, one line" \
		'[ "$RC" = 1 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "cannot write the output (stdout)" "$TMP/err"'
done
( "$EH" count-syscall --list 2> "$TMP/err" | head -1 > /dev/null; echo "${PIPESTATUS[0]}" > "$TMP/rc" )
check "count-syscall --list | head -1: exit 0, nothing on stderr" [ "$(cat "$TMP/rc")" = 0 -a ! -s "$TMP/err" ]
run count-uid --frobnicate
expect "unknown option: exit 2 and named" '[ "$RC" = 2 ] && grep -q -- "--frobnicate" "$TMP/err"' 

# The same usage errors, and the privilege message, as an ordinary user
if [ "$(id -u)" = 0 ]; then
	"$W" as 65533 "$EH" count-uid --interval abc > /dev/null 2> "$TMP/err"
	check "as uid 65533: usage errors come first (exit 2)" [ $? = 2 ]
	"$W" as 65533 "$EH" count-uid > /dev/null 2> "$TMP/err"
	RC=$?
	if [ "$RC" = 1 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "needs root" "$TMP/err"; then
		pass "as uid 65533: exit 1, one line saying root is needed"
	else
		fail "as uid 65533: exit $RC, stderr: $(cat "$TMP/err")"
	fi
	"$W" as 65533 "$EH" trace > /dev/null 2> "$TMP/err"
	check "as uid 65533: trace says root is needed" grep -q "needs root" "$TMP/err"
	"$W" as 65533 "$EH" features > "$TMP/out" 2>&1
	RC=$?
	expect "as uid 65533: features exits 1 and says why" \
		'[ "$RC" = 1 ] && grep -q "needs root" "$TMP/out"' 
fi
# events -o: --help lists exactly the columns -o takes (its error names them)
help_cols=$("$EH" events --help | sed -n '/^Columns for -o/,/^$/p' | tail -n +2 | tr '\n' ' ' |
	tr -d '*' | sed -E 's/ \([^)]*\)//g; s/ *, */\n/g; s/^ +//; s/ +$//' | sort | tr '\n' ' ')
"$EH" events -o no-such > /dev/null 2> "$TMP/err"
RC=$?
err_cols=$(sed 's/.*; columns: //' "$TMP/err" | sed 's/, /\n/g' | sort | tr '\n' ' ')
expect "events -o no-such: exit 2; --help lists the same columns as the error ($help_cols)" \
	'[ "$RC" = 2 ] && [ -n "$help_cols" ] && [ "$help_cols" = "$err_cols" ]'
expect "events -o no-such: the message names the column" 'grep -q "no column .no-such." "$TMP/err"'
"$EH" events -o pid,comm,pid > /dev/null 2> "$TMP/err"
RC=$?
expect "events -o pid,comm,pid: a column twice is a usage error naming it" \
	'[ "$RC" = 2 ] && grep -q "a column named twice: .pid." "$TMP/err"'

# README's test line and .ci/run must stay the same command
readme_line=$(sed -n '/^<!-- test-line/,/^```$/p' "$EH_TESTS/../README.md" | grep -v -e '^<!--' -e '^```')
ci_line=$(grep -v -e '^#' -e '^set ' -e '^cd ' -e '^$' "$EH_TESTS/../.ci/run")
check ".ci/run runs README's test line exactly" [ -n "$readme_line" -a "$readme_line" = "$ci_line" ]
finish
