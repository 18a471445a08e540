#!/bin/bash
# The syscall table is the target architecture's, in every VM: arm64 has
# the asm-generic numbering (no open, no fork; openat is 56), x86-64 its
# own (openat is 257).  The book's hello-tail.py mixed the two; here names
# are resolved at build time for the architecture built for, and tail's
# default handlers, given by name, catch that architecture's syscalls.
# Runs inside each test VM (inside.sh), whose kernel is the binary's
# architecture.
. "$(dirname "$0")/../lib.sh"
require_root

arch=$(uname -m)
"$EH" count-syscall --list --json > "$TMP/list.json"
"$EH" count-syscall --list > "$TMP/list.txt"
json_output "$TMP/list.json"
nr() { jq -r --arg n "$1" 'select(.syscall == $n) | .syscall_id' "$TMP/list.json"; }
# has NAME NR: both the JSON and the text list give NAME this number
has() {
	check "$arch: $1 is $2 (--list --json: '$(nr "$1")')" [ "$(nr "$1")" = "$2" ]
	check "$arch: '$2 $1' in the text --list" grep -qE "^ *$2 $1\$" "$TMP/list.txt"
}
lacks() {
	expect "$arch: no $1 in --list" '[ -z "$(nr "$1")" ] && ! grep -qE " $1\$" "$TMP/list.txt"'
}
check "$arch: every --list record says arch $arch" \
	[ "$(jq -r .arch "$TMP/list.json" | sort -u)" = "$arch" ]

case $arch in
x86_64)
	has openat 257; has open 2; has fork 57; has execve 59; has exit_group 231
	exit_group=231
	;;
aarch64)
	has openat 56; has execve 221; has clone 220; has exit_group 94; has epoll_pwait 22
	lacks open; lacks fork; lacks epoll_wait
	# a name this architecture lacks is a usage error that names it
	"$EH" count-syscall --syscall open --duration 1 > /dev/null 2> "$TMP/open.err"
	rc=$?
	want="invalid --syscall 'open'"
	expect "aarch64: --syscall open: exit 2, one line: $want ($rc: $(head -c 200 "$TMP/open.err"))" \
		'[ "$rc" = 2 ] && [ "$(wc -l < "$TMP/open.err")" = 1 ] && grep -qF -- "$want" "$TMP/open.err"'
	exit_group=94
	;;
*)
	fail "no expectations for $arch"
	;;
esac

# tail's default ignore list, by name, holds this architecture's openat,
# write and close: 300 of each by one process, none printed, all counted
start_child openwrite 300
start_tool tw tail --json --pid "$CHILD_PID" || finish
touch "$TMP/go"
wait "$CHILD"
sleep 0.5
stop_tool INT
out=$TMP/tw.out
shown=$(jqs "$out" '[.[] | select(.type == "tail" and (.syscall == "openat" or .syscall == "write" or .syscall == "close"))] | length')
check "$arch: tail's defaults ignore openat, write and close (300 each): $shown shown" [ "$shown" = 0 ]
ignored=$(jqs "$out" '.[-1].handlers.ignore')
check "$arch: tail's summary counts them ignored: $ignored >= 900" [ "$ignored" -ge 900 ]
check "$arch: the child's exit_group is shown with its number here ($exit_group)" \
	[ "$(jqs "$out" "[.[] | select(.type == \"tail\" and .message == \"Another syscall: exit_group ($exit_group)\")] | length")" = 1 ]
assert_nothing_attached "tables"
finish
