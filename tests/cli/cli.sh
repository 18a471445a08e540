#!/bin/bash
# Command line: help, usage errors, exit codes.  Needs no root: every usage
# error must be found before anything is loaded, so these also run as
# uid 65534 when the suite runs as root.
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
run help count-uid
check "help CMD is CMD --help" grep -q "Usage: ebpfhello count-uid" "$TMP/out"

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
usage_error "'bogus'" count-syscall --by bogus
usage_error "'-1'" count-syscall --top -1
usage_error "'abc'" count-syscall --top abc
usage_error "'3'" events --buffer-size 3
usage_error "'ring'" events --buffer ring
usage_error "--message-odd" events --message-odd "sixteen bytes!!!"
usage_error "'nosuch'" tail --handler exec=nosuch
usage_error "'nosuch'" tail --ignore read,nosuch
usage_error "'bogus'" tail --handler bogus=read
usage_error "'exec'" tail --handler exec
usage_error "'getppid' is given to two handlers" tail --handler exec=getppid --handler timer=getppid
usage_error "'read' is given to two handlers" tail --handler exec=read --ignore read
run count-syscall --list
check "count-syscall --list: execve with this architecture's number" \
	grep -qE "^$( [ "$(uname -m)" = x86_64 ] && echo 59 || echo 221) +execve$" "$TMP/out"
run count-syscall --list --json
check "count-syscall --list --json: one valid record per syscall, execve among them" \
	[ "$(jq -r 'select(.name == "execve") | .type' "$TMP/out")" = syscall ]
run count-uid --frobnicate
expect "unknown option: exit 2 and named" '[ "$RC" = 2 ] && grep -q -- "--frobnicate" "$TMP/err"' 

# The same usage errors, and the privilege message, as an ordinary user
if [ "$(id -u)" = 0 ]; then
	"$W" as 65534 "$EH" count-uid --interval abc > /dev/null 2> "$TMP/err"
	check "as uid 65534: usage errors come first (exit 2)" [ $? = 2 ]
	"$W" as 65534 "$EH" count-uid > /dev/null 2> "$TMP/err"
	RC=$?
	if [ "$RC" = 1 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "needs root" "$TMP/err"; then
		pass "as uid 65534: exit 1, one line saying root is needed"
	else
		fail "as uid 65534: exit $RC, stderr: $(cat "$TMP/err")"
	fi
	"$W" as 65534 "$EH" trace > /dev/null 2> "$TMP/err"
	check "as uid 65534: trace says root is needed" grep -q "needs root" "$TMP/err"
	"$W" as 65534 "$EH" features > "$TMP/out" 2>&1
	RC=$?
	expect "as uid 65534: features exits 1 and says why" \
		'[ "$RC" = 1 ] && grep -q "needs root" "$TMP/out"' 
fi
# README's test line and .ci/run must stay the same command
readme_line=$(sed -n '/^<!-- test-line/,/^```$/p' "$EH_TESTS/../README.md" | grep -v -e '^<!--' -e '^```')
ci_line=$(grep -v -e '^#' -e '^set ' -e '^cd ' -e '^$' "$EH_TESTS/../.ci/run")
check ".ci/run runs README's test line exactly" [ -n "$readme_line" -a "$readme_line" = "$ci_line" ]
finish
