#!/bin/bash
# The aarch64 cross build from this build directory (cmake/aarch64.cmake,
# made by the target ebpfhello-aarch64 in build/aarch64): ebpfhello and
# ehworkload are static arm64 executables, the BPF side was built against
# an arm64 kernel's types, and --version names the arm64 libbpf linked in.
# The set-up of the arm64 VMs (tests/vm) and of the dist test.
. "$(dirname "$0")/../lib.sh"
trap 'exit 130' INT
trap 'exit 143' HUP TERM

cmake=${EH_CMAKE:-cmake}
dir=${EH_BUILD:?}/aarch64
unset MAKEFLAGS MFLAGS MAKELEVEL CMAKE_GENERATOR

if "$cmake" --build "$EH_BUILD" --target ebpfhello-aarch64 > "$TMP/build.log" 2>&1; then
	pass "cmake --build --target ebpfhello-aarch64"
else
	fail "cmake --build --target ebpfhello-aarch64"
	tail -n 40 "$TMP/build.log"
	finish
fi

for f in ebpfhello tests/ehworkload; do
	what=$(file -b "$dir/$f")
	expect "aarch64/$f: ARM aarch64, statically linked ($what)" \
		'[[ $what == *"ARM aarch64"* && $what == *"statically linked"* ]]'
done
size=$(stat -c %s "$dir/ebpfhello")
check "aarch64/ebpfhello is under 2 MiB, stripped ($size bytes)" [ "$size" -lt $((2 * 1024 * 1024)) ]

# vmlinux.h from the BTF of a real arm64 kernel, cut out of its image
magic=$(od -An -tx1 -N4 "$dir/gen/vmlinux.btf" | tr -d ' \n')
check "gen/vmlinux.btf is BTF (magic eb9f, version 1: $magic)" [ "$magic" = 9feb0100 ]
check "vmlinux.h has arm64's struct user_pt_regs (the syscall arguments' registers)" \
	grep -q '^struct user_pt_regs {' "$dir/gen/vmlinux.h"
check "vmlinux.h has no x86 struct pt_regs field 'orig_ax'" \
	bash -c "! grep -q 'long unsigned int orig_ax;' '$dir/gen/vmlinux.h'"

# --version's libbpf is the arm64 package's, not the host's
want=$(dpkg-query -W -f='${Version}' libbpf-dev:arm64 | sed 's/^[0-9]*://; s/-.*//')
got=$(sed -n 's/^#define EH_BUILD_LIBBPF "\(.*\)"$/\1/p' "$dir/gen/eh_version.h")
check "the arm64 --version names libbpf-dev:arm64's release ($want): $got" [ -n "$want" -a "$got" = "$want" ]
finish
