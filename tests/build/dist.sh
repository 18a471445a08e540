#!/bin/bash
# The release artefacts README.md documents: `cmake --build build --target
# dist` leaves exactly ebpfhello-<version>-linux-x86_64,
# ebpfhello-<version>-linux-aarch64 and SHA256SUMS in build/dist; the sums
# check out, each binary is the static executable of its architecture and
# the very file the build made.
. "$(dirname "$0")/../lib.sh"
trap 'exit 130' INT
trap 'exit 143' HUP TERM

cmake=${EH_CMAKE:-cmake}
v=${EH_PROJECT_VERSION:?}
dist=${EH_BUILD:?}/dist
x86=ebpfhello-$v-linux-x86_64
arm=ebpfhello-$v-linux-aarch64
unset MAKEFLAGS MFLAGS MAKELEVEL CMAKE_GENERATOR

if "$cmake" --build "$EH_BUILD" --target dist > "$TMP/dist.log" 2>&1; then
	pass "cmake --build --target dist"
else
	fail "cmake --build --target dist"
	tail -n 40 "$TMP/dist.log"
	finish
fi
check "README.md shows the dist target" grep -q -- '--target dist' "$EH_TESTS/../README.md"

got=$(ls "$dist" | tr '\n' ' ')
check "dist/ holds exactly SHA256SUMS, $arm, $x86 ($got)" [ "$got" = "SHA256SUMS $arm $x86 " ]
check "sha256sum -c SHA256SUMS: both OK" \
	bash -c "cd '$dist' && sha256sum -c SHA256SUMS > '$TMP/sums' && [ \"\$(grep -c ': OK\$' '$TMP/sums')\" = 2 ]"
check "SHA256SUMS names both, with relative paths" \
	[ "$(awk '{ print $2 }' "$dist/SHA256SUMS" | sort | tr '\n' ' ')" = "$arm $x86 " ]

what=$(file -b "$dist/$x86")
expect "$x86: x86-64, statically linked ($what)" '[[ $what == *x86-64* && $what == *"statically linked"* ]]'
what=$(file -b "$dist/$arm")
expect "$arm: ARM aarch64, statically linked ($what)" '[[ $what == *"ARM aarch64"* && $what == *"statically linked"* ]]'
check "$x86 is the build's ebpfhello" cmp -s "$dist/$x86" "$EH"
check "$arm is the aarch64 build's ebpfhello" cmp -s "$dist/$arm" "$EH_BUILD/aarch64/ebpfhello"
check "$x86 --version is the build's: $("$dist/$x86" --version)" \
	[ "$("$dist/$x86" --version)" = "$("$EH" --version)" ]
finish
