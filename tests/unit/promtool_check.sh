#!/bin/sh
# promtool_check.sh TEST_METRICS: the exposition test_metrics --emit writes
# (a label value for every byte, invalid UTF-8, quotes, backslashes,
# newlines) is accepted by Prometheus' own parser and linter.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! command -v promtool > /dev/null; then
	echo "FAIL - promtool is missing: third_party/install-deps.sh installs it (prometheus)"
	exit 1
fi
"$1" --emit > "$out" || { echo "FAIL - test_metrics --emit"; exit 1; }
lines=$(grep -c '^ebpfhello_syscalls_total{' "$out")
if msg=$(promtool check metrics < "$out" 2>&1); then
	echo "ok   - promtool check metrics accepts $lines hostile series"
else
	echo "FAIL - promtool check metrics: $msg"
	exit 1
fi
