#!/bin/bash
# docs/development.md's "Adding a subcommand", done as it says: in a copy of
# the tree, a command "foo" is added by writing exactly the files its table
# names (from tests/structure/add_command/), then built from a fresh build
# directory.  The new command must be known everywhere the doc promises
# (--list-cmds, --help, __programs, the man page, the completions, the
# layers) and, run as root, send one record per getppid.
. "$(dirname "$0")/../lib.sh"

src=$(cd "$EH_TESTS/.." && pwd)
tpl=$EH_TESTS/structure/add_command
copy=$TMP/src
build=$TMP/build

# the tree as it is (committed or not), without build directories
mkdir -p "$copy"
if git -C "$src" rev-parse --git-dir > /dev/null 2>&1; then
	git -C "$src" ls-files -co --exclude-standard -z | (cd "$src" && xargs -0 cp --parents -t "$copy")
else
	(cd "$src" && tar -cf - --exclude='./build*' .) | (cd "$copy" && tar -xf -)
fi

# the files the doc's table names, with foo for the command
doc_files=$(awk '/<!-- files to add a command/ { on = 1; next }
	on && /^$/ { exit }
	on && /^\| `/ { split($0, f, "`"); print f[2] }' "$src/docs/development.md" | sort)
check "docs/development.md lists the files that add a command" [ -n "$doc_files" ]

# write them as the table says
sed -i 's|^\(\tX(features, "features",\)|\tX(foo, "foo", "one record per getppid (the example of docs/development.md)")	\\\n\1|' \
	"$copy/include/ebpfhello/cmd.h"
cp "$tpl/foo.h" "$copy/include/ebpfhello/foo.h"
cp "$tpl/foo.bpf.c" "$copy/bpf/foo.bpf.c"
cp "$tpl/foo.c" "$copy/cmd/foo.c"
cp "$tpl/foo.sh" "$copy/tests/runtime/foo.sh"
cp "$tpl/foo.md" "$copy/docs/foo.md"

# what changed in the copy is exactly what the doc lists
touched=$(diff -rq "$src" "$copy" 2>/dev/null | grep -v -E "^Only in $src" |
	sed -E "s|^Files $src/([^ ]+) and .*|\1|; s|^Only in $copy/?([^:]*): (.*)|\1/\2|; s|^/||" | sort)
check "the files written are the doc's table: $(echo $touched)" [ "$touched" = "$doc_files" ]

# a fresh build of the copy
gen=()
command -v ninja > /dev/null && gen=(-G Ninja)
if ! "${EH_CMAKE:-cmake}" -S "$copy" -B "$build" "${gen[@]}" > "$TMP/configure.log" 2>&1 ||
   ! "${EH_CMAKE:-cmake}" --build "$build" -j "$(nproc)" > "$TMP/build.log" 2>&1; then
	fail "the copy with foo builds: $(tail -n 20 "$TMP/configure.log" "$TMP/build.log")"
	finish
fi
pass "the copy with foo builds from a fresh directory"
foo=$build/ebpfhello

check "--list-cmds names foo" grep -qx foo <("$foo" --list-cmds)
check "foo --help shows its doc and its example" \
	grep -q "ebpfhello foo --count 1" <("$foo" foo --help)
check "__programs: foo's program is raw_tp's" \
	grep -qP '^foo\teh_foo_raw_tp\traw_tp/sys_enter\traw_tp' <("$foo" __programs)
check "the man page ebpfhello-foo.8 is made" [ -s "$build/man/ebpfhello-foo.8" ]
check "the completion offers foo" grep -qx foo <("$foo" __complete fo)
if out=$(python3 "$copy/tests/structure/layers.py" "$copy" 2>&1); then
	pass "the layers hold with foo: $out"
else
	fail "the layers with foo: $out"
fi

# and it runs: one record per getppid of the workload, exactly
if [ "$(id -u)" = 0 ]; then
	# (its records are in no schema: docs/schema.json is one of the files
	# the doc names after the table)
	start_child getppid 5
	"$foo" foo --json --pid "$CHILD_PID" --count 5 -v > "$TMP/foo.out" 2> "$TMP/foo.err" &
	TOOL_PID=$!
	wait_for "$TMP/foo.err" "attached via" 30 || fail "foo did not attach: $(cat "$TMP/foo.err")"
	touch "$TMP/go"
	wait "$CHILD"
	wait_tool
	check "foo --pid --count 5: exit 0, 5 foo records of the workload" \
		[ "$TOOL_RC" = 0 -a "$(jqs "$TMP/foo.out" '[.[] | select(.type == "foo" and .pid == '"$CHILD_PID"')] | length')" = 5 ]
else
	fail "foo is not run: not root"
fi
finish
