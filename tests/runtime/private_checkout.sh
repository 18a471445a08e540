#!/bin/bash
# The suite runs where README sends its users (issue 24, item 10): `sudo -i`
# (or `su -`) leads to /root, mode 700, which uid 65534 cannot enter.  A
# checkout under such a directory (the tests, README, .ci/run and the built
# binaries where a build puts them) runs the tests' dropped-privilege steps:
# cli.sh's usage errors as uid 65533, and lib.sh's as_nobody of the
# workload and of a shell, from a working directory in the checkout.
. "$(dirname "$0")/../lib.sh"
require_root

src=$(cd "$EH_TESTS/.." && pwd)
home=$(mktemp -d /tmp/eh-home.XXXXXX)
trap 'rm -rf "$home"; cleanup' EXIT
chmod 700 "$home"
co=$home/ebpfhello
mkdir -p "$co/build/tests" "$co/.ci"
cp -r "$src/tests" "$src/docs" "$src/README.md" "$co/" && cp "$src/.ci/run" "$co/.ci/" &&
	cp "$EH" "$co/build/ebpfhello" && cp "$W" "$co/build/tests/ehworkload" ||
	{ fail "cannot make the checkout in $co"; finish; }

as_nobody /bin/test -x "$co/build/ebpfhello"
check "uid 65534 cannot reach the checkout's binaries (as under /root)" [ $? = 1 ]

# run TEST: as ctest would, from the checkout's build/tests
run_in_checkout() {
	(cd "$co/build/tests" && EH=$co/build/ebpfhello EH_WORKLOAD=$co/build/tests/ehworkload \
		EH_TESTS=$co/tests bash "$co/tests/$1")
}
run_in_checkout cli/cli.sh > "$TMP/cli.log" 2>&1
rc=$?
grep '^FAIL' "$TMP/cli.log"
expect "cli.sh from $co: exit 0 ($rc)" '[ "$rc" = 0 ] && tail -1 "$TMP/cli.log" | grep -qx "# all passed"'
# cli.sh drops to uid 65533, not 65534: the runtime tests beside it count
# every exec by 65534 exactly
check "cli.sh ran its four steps as uid 65533 there" [ "$(grep -c '^ok   - as uid 65533' "$TMP/cli.log")" = 4 ]

cat > "$co/tests/runtime/nobody_step.sh" <<'EOF'
. "$(dirname "$0")/../lib.sh"
as_nobody "$W" exec 2 /bin/true
check "as_nobody: the workload runs as uid 65534" [ $? = 0 ]
out=$(as_nobody /bin/sh -c 'id -u; pwd' 2>&1)
check "as_nobody: a shell runs as uid 65534, quietly ($(tr '\n' ' ' <<< "$out"))" [ "$out" = $'65534\n/' ]
finish
EOF
run_in_checkout runtime/nobody_step.sh > "$TMP/step.log" 2>&1
rc=$?
sed 's/^/# /' "$TMP/step.log"
check "lib.sh's dropped-privilege steps from $co: exit 0 ($rc)" [ "$rc" = 0 ]
finish
