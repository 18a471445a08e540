#!/bin/bash
# The unit tests on a machine without the BPF toolchain: clang, llvm-* and
# bpftool are hidden from PATH, and `-DEBPFHELLO_BPF=OFF` must configure,
# build and pass the unit tests without them (and without BTF).
. "$(dirname "$0")/../lib.sh"
trap 'exit 130' INT
trap 'exit 143' HUP TERM

src=$(cd "$EH_TESTS/.." && pwd)
cmake=${EH_CMAKE:-cmake}
unset MAKEFLAGS MFLAGS MAKELEVEL CMAKE_GENERATOR CMAKE_BUILD_PARALLEL_LEVEL

# A PATH of links to everything on the real PATH but the BPF toolchain
bin=$TMP/bin
mkdir "$bin"
IFS=: read -r -a path_dirs <<< "$PATH"
for d in "${path_dirs[@]}"; do
	for f in "$d"/*; do
		name=${f##*/}
		case $name in clang* | llvm* | bpftool* | *lld*) continue ;; esac
		[ -x "$f" ] && [ ! -e "$bin/$name" ] && ln -s "$f" "$bin/$name"
	done
done
check "clang, llvm-strip and bpftool are hidden" \
	env PATH="$bin" sh -c '! command -v clang && ! command -v llvm-strip && ! command -v bpftool'

dir=$TMP/build
if env PATH="$bin" "$cmake" -S "$src" -B "$dir" -DEBPFHELLO_BPF=OFF \
	-DEBPFHELLO_BTF=/nonexistent > "$TMP/configure.log" 2>&1 &&
   env PATH="$bin" "$cmake" --build "$dir" -j 32 > "$TMP/build.log" 2>&1; then
	pass "EBPFHELLO_BPF=OFF configures and builds without them"
else
	fail "EBPFHELLO_BPF=OFF configures and builds without them"
	tail -n 40 "$TMP/configure.log" "$TMP/build.log"
	finish
fi
expect "no BPF step ran" \
	'! grep -Eq "vmlinux|\.bpf\.o|\.skel\.h" "$TMP/build.log" && [ ! -e "$dir/ebpfhello" ]'

if (cd "$dir" && env PATH="$bin" ctest -L unit --output-on-failure) > "$TMP/ctest.log" 2>&1; then
	pass "the unit tests pass: $(grep -o '[0-9]* tests passed.*' "$TMP/ctest.log")"
else
	fail "the unit tests pass"
	cat "$TMP/ctest.log"
fi
finish
