#!/bin/bash
# The house rules a reviewer would check by hand: the shared layer's layers
# (cmd/core/layers.txt: every include downward, no two modules depending on
# each other, every function in its own module's header; the picture in
# docs/ drawn from the includes as they are), modules small enough to read
# (no file in cmd/ over 400 lines, no function over 80), and every BPF
# program's section standing for an attach mode (ebpfhello __programs).
. "$(dirname "$0")/../lib.sh"

src=$(cd "$EH_TESTS/.." && pwd)
sources=("$src"/cmd/*.c "$src"/cmd/core/*/*.c)

if out=$(python3 "$EH_TESTS/structure/layers.py" "$src" 2>&1); then
	pass "layers: $out"
else
	fail "layers (cmd/core/layers.txt):"$'\n'"$out"
fi

# the picture is what the includes draw now, and the SVG is that picture
python3 "$EH_TESTS/structure/layers.py" "$src" --dot "$TMP/layers.dot"
check "docs/layers.dot is what the includes draw now (else: cmake --build build --target layers)" \
	cmp -s "$TMP/layers.dot" "$src/docs/layers.dot"
dot -Tsvg "$src/docs/layers.dot" -o "$TMP/layers.svg"
check "docs/layers.svg is docs/layers.dot drawn by graphviz" cmp -s "$TMP/layers.svg" "$src/docs/layers.svg"
# development.md names every layer and shows the picture
missing=$(awk '!/^#/ && NF { print $1 }' "$src/cmd/core/layers.txt" | while read -r l; do
	grep -q "cmd/core/$l/" "$src/docs/development.md" || echo "$l"; done)
check "docs/development.md names every layer's folder${missing:+ (not: $missing)}" [ -z "$missing" ]
check "docs/development.md shows docs/layers.svg" grep -q '(layers.svg)' "$src/docs/development.md"

# the suite side by side (README's test line: ctest -j): every test that
# loads BPF programs holds the lock "bpf" or runs alone, the alone ones last
if out=$(python3 "$EH_TESTS/structure/schedule.py" "${EH_BUILD:?}" "$src/README.md" 2>&1); then
	pass "ctest -j: $out"
else
	fail "ctest -j (tests/CMakeLists.txt's locks):"$'\n'"$out"
fi

big=$(wc -l "${sources[@]}" | awk '$2 != "total" && $1 > 400 { print $2 " (" $1 " lines)" }')
check "no file in cmd/ over 400 lines${big:+: $big}" [ -z "$big" ]

# functions: from a line "name(...)" at column 0 followed by "{", to "}"
long=$(awk '
	FNR == 1 { name = ""; start = 0 }
	/^[a-zA-Z_].*\(/ && !/;$/ { name = $0 }
	/^\{$/ && name != "" { start = FNR }
	/^\}$/ && start { if (FNR - start - 1 > 80) printf "%s:%d %s (%d lines)\n", FILENAME, start, name, FNR - start - 1; start = 0; name = "" }
' "${sources[@]}")
check "no function in cmd/ over 80 lines${long:+: $long}" [ -z "$long" ]

# issue 19: docs/PERFORMANCE.md, from the benchmark, states --explain's cost
# (a measured figure with and without it for both rows) and the binary's
# size under its 2 MiB target
perf=$src/docs/PERFORMANCE.md
rows=$(sed -n '/^## What --explain costs$/,/^## /p' "$perf" |
	grep -cE '^\| (count-uid --all-syscalls|count-syscall) \| -?[0-9.]+ \+- [0-9.]+ \| -?[0-9.]+ \+- [0-9.]+ \| -?[0-9.]+ \|$')
check "docs/PERFORMANCE.md: --explain's cost measured for both rows ($rows of 2; tests/bench/run.sh --only-explain)" \
	[ "$rows" = 2 ]
check "docs/PERFORMANCE.md: the binary under 2 MiB, as measured" \
	grep -q '^Target <= 2 MiB: met\.$' "$perf"

"$EH" __programs > "$TMP/programs"
check "every BPF program's section stands for an attach mode or a tail-call target" \
	[ $? = 0 -a -z "$(grep UNKNOWN "$TMP/programs")" ]
finish
