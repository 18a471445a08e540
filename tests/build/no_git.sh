#!/bin/bash
# A build from a tree without .git (a tarball): configures, builds, and
# --version says it has no git checkout rather than failing or guessing.
. "$(dirname "$0")/../lib.sh"
trap 'exit 130' INT
trap 'exit 143' HUP TERM

src=$(cd "$EH_TESTS/.." && pwd)
cmake=${EH_CMAKE:-cmake}
unset MAKEFLAGS MFLAGS MAKELEVEL CMAKE_GENERATOR CMAKE_BUILD_PARALLEL_LEVEL

tree=$TMP/ebpfhello-$EH_PROJECT_VERSION
mkdir "$tree"
if [ -e "$src/.git" ]; then
	# the working tree as it is, less what git ignores (build directories)
	(cd "$src" && git ls-files -z -c -o --exclude-standard |
		xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -c) | tar -x -C "$tree"
else
	tar -C "$src" --exclude=./build --exclude='./build-*' -c . | tar -x -C "$tree"
fi
check "the copy has no .git" [ ! -e "$tree/.git" ]

dir=$TMP/build
if "$cmake" -S "$tree" -B "$dir" > "$TMP/configure.log" 2>&1 &&
   "$cmake" --build "$dir" -j 32 --target ebpfhello > "$TMP/build.log" 2>&1; then
	pass "a tree without .git configures and builds"
else
	fail "a tree without .git configures and builds"
	tail -n 40 "$TMP/configure.log" "$TMP/build.log"
	finish
fi
expect "configuring it gives no warning" '! grep -q "CMake Warning" "$TMP/configure.log"'
libbpf=$(pkg-config --modversion libbpf)
version=$("$dir/ebpfhello" --version)
expect "--version says so: '$version'" \
	'[ "$version" = "ebpfhello $EH_PROJECT_VERSION (no git checkout, libbpf $libbpf)" ]'
finish
