#!/bin/bash
# Usage errors name the argument that is wrong, even where argp's own idea
# of where it stopped points elsewhere (found by tests/fuzz/fuzz_argv.c):
# in the middle of a cluster ("-Zq") it pointed at the argument before, so
# "tail -Zq" said "cannot use ''", "tail --json -Zq" blamed --json, and
# "tail '' -Zq" read past the end of the empty argument.  No root needed.
. "$(dirname "$0")/../lib.sh"

# says WANT ARGS...: exit 2, exactly one line, that line
says() {
	local want=$1 err
	shift
	err=$("$EH" "$@" 2>&1 > /dev/null)
	local rc=$?
	if [ "$rc" = 2 ] && [ "$err" = "$want" ]; then
		pass "$(printf '%q ' "$@")-> $want"
	else
		fail "$(printf '%q ' "$@")-> exit $rc: $err (want: $want)"
	fi
}

unknown_z="ebpfhello tail: unknown option '-Z'; see 'ebpfhello tail --help'"
says "$unknown_z" tail -Z
says "$unknown_z" tail -Zq
says "$unknown_z" tail --json -Zq
says "$unknown_z" tail "" -Zq
says "$unknown_z" tail x -Zq
says "$unknown_z" tail -v -Zq --json
says "$unknown_z" tail --ignore read -Zq
says "ebpfhello tail: unknown option '-\\x1b'; see 'ebpfhello tail --help'" tail -v$'\e'
says "ebpfhello trace: option '-s' needs a value (NAME)" trace -v -s
says "ebpfhello trace: option '--syscall' needs a value (NAME)" trace --json --syscall
says "ebpfhello count-uid: option '--json' takes no value" count-uid --interval 1 --json=yes
says "ebpfhello tail: option '--ign' is ambiguous; see 'ebpfhello tail --help'" tail --ign x
# a value that looks like an option is a value, not the culprit
says "ebpfhello trace: unknown option '--bogus'; see 'ebpfhello trace --help'" trace --message -Zq --bogus
finish
