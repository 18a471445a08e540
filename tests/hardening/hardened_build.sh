#!/bin/bash
# The hardened build, for tests/hardening/sanitize.sh and tests/fuzz/run.sh:
# clang, ASan + UBSan with every report fatal (-DEBPFHELLO_SANITIZE=ON,
# dynamic), and the libFuzzer harnesses (-DEBPFHELLO_FUZZ=ON), in
# $EH_BUILD/hardened.  A second run only builds what changed.
set -eu
src=$(cd "$EH_TESTS/.." && pwd)
dir=$EH_BUILD/hardened
"$EH_CMAKE" -S "$src" -B "$dir" -G "$EH_GENERATOR" -DCMAKE_C_COMPILER=clang \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DEBPFHELLO_SANITIZE=ON -DEBPFHELLO_FUZZ=ON > "$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
"$EH_CMAKE" --build "$dir" -j"$(nproc)" --target ebpfhello eh_fuzzers \
	test_escape test_traceline test_parse test_syscalls
echo "hardened build: $dir/ebpfhello ($(file -b "$dir/ebpfhello" | cut -d, -f1-2)), $dir/tests/fuzz/fuzz_*"
