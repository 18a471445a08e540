#!/bin/bash
# A fresh configure and build at -j 32 with one CMake generator, in a
# temporary directory, as a newcomer's first build would be; then:
#   - every generated file was made exactly once (one rule, one owner);
#   - a second build does nothing at all;
#   - --version names the commit the tree is at;
#   - the unit tests' targets build, from another fresh configure, without
#     a single BPF step (no vmlinux.h, no skeleton).
#
#   build.sh "Unix Makefiles" | Ninja
. "$(dirname "$0")/../lib.sh"
trap 'exit 130' INT
trap 'exit 143' HUP TERM

gen=${1:?usage: build.sh GENERATOR}
src=$(cd "$EH_TESTS/.." && pwd)
cmake=${EH_CMAKE:-cmake}
# a build started from ctest under make must not join make's jobserver
unset MAKEFLAGS MFLAGS MAKELEVEL CMAKE_GENERATOR CMAKE_BUILD_PARALLEL_LEVEL
unit_targets="test_escape test_parse test_traceline test_syscalls test_metrics"

if [ "$gen" = Ninja ] && ! command -v ninja > /dev/null; then
	fail "ninja is not installed (third_party/install-deps.sh installs ninja-build)"
	finish
fi

dir=$TMP/build
if "$cmake" -S "$src" -B "$dir" -G "$gen" > "$TMP/configure.log" 2>&1 &&
   "$cmake" --build "$dir" -j 32 > "$TMP/first.log" 2>&1; then
	pass "$gen: fresh configure and build at -j 32"
else
	fail "$gen: fresh configure and build at -j 32"
	tail -n 40 "$TMP/configure.log" "$TMP/first.log"
	finish
fi

# Each generated file once: a rule written into two targets runs twice
# (and races with itself), which is what broke -j builds.
grep -o 'Generating gen/[^ ]*' "$TMP/first.log" | sort | uniq -c > "$TMP/generated"
n_skel=$(ls "$dir"/gen/*.skel.h | wc -l)
# (7: vmlinux.h, the native, compat and x32 syscall tables, the errno
# table, the GnuTLS stub, the BPF sources; each skeleton is an object and a header)
expect "$gen: vmlinux.h, the syscall and errno tables, the GnuTLS stub, the BPF sources and $n_skel skeletons generated once each" \
	'[ "$n_skel" -ge 8 ] && [ "$(wc -l < "$TMP/generated")" = $((7 + 2 * n_skel)) ] &&
	 ! grep -qv "^ *1 " "$TMP/generated"'
[ "$FAILS" = 0 ] || cat "$TMP/generated"

# the static binary, stripped (Release), BPF objects and sources inside
size=$(stat -c %s "$dir/ebpfhello")
check "$gen: the static binary is under 2 MiB ($size bytes)" [ "$size" -lt $((2 * 1024 * 1024)) ]

"$cmake" --build "$dir" -j 32 > "$TMP/second.log" 2>&1
if [ "$gen" = Ninja ]; then
	expect "$gen: a second build does nothing" \
		'[ "$(cat "$TMP/second.log")" = "ninja: no work to do." ]'
	ninja -C "$dir" -n > "$TMP/dry.log" 2>&1
	expect "$gen: ninja -n says no work to do" 'grep -qx "ninja: no work to do." "$TMP/dry.log"'
else
	# nothing but "[ n%] Built target x": no compile, generate or link step
	expect "$gen: a second build does nothing" \
		'! grep -Ev "^\[ *[0-9]+%\] Built target [A-Za-z0-9_]+$" "$TMP/second.log" | grep -q .'
fi
[ "$FAILS" = 0 ] || cat "$TMP/second.log"

if [ -e "$src/.git" ]; then
	want="git $(git -C "$src" rev-parse --short HEAD)"
else
	want="no git checkout"
fi
libbpf=$(pkg-config --modversion libbpf)
version=$("$dir/ebpfhello" --version)
expect "$gen: --version is 'ebpfhello $EH_PROJECT_VERSION ($want, libbpf $libbpf)' (got '$version')" \
	'[ "$version" = "ebpfhello $EH_PROJECT_VERSION ($want, libbpf $libbpf)" ]'

# The unit tests' targets need the syscall table and nothing of BPF.
udir=$TMP/unit
# shellcheck disable=SC2086
if "$cmake" -S "$src" -B "$udir" -G "$gen" > "$TMP/uconfigure.log" 2>&1 &&
   "$cmake" --build "$udir" -j 32 --target $unit_targets > "$TMP/unit.log" 2>&1; then
	pass "$gen: the unit tests' targets build alone"
else
	fail "$gen: the unit tests' targets build alone"
	tail -n 40 "$TMP/unit.log"
fi
expect "$gen: ... with no BPF step (vmlinux.h, .bpf.o, skeleton)" \
	'! grep -Eq "vmlinux|\.bpf\.o|\.skel\.h" "$TMP/unit.log" &&
	 ! ls "$udir"/gen/vmlinux.h "$udir"/gen/*.skel.h > /dev/null 2>&1'
[ "$FAILS" = 0 ] || grep -E "vmlinux|bpf\.o|skel\.h" "$TMP/unit.log"
finish
