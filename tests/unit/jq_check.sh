#!/bin/sh
# Runs "$@" and checks that every line it prints is a JSON object, with jq.
#   jq_check.sh EXPECTED_LINES CMD [ARG...]
set -eu
want=$1
shift
out=$("$@")
lines=$(printf '%s\n' "$out" | wc -l)
parsed=$(printf '%s\n' "$out" | jq -c 'select(type == "object")' | wc -l)
if [ "$lines" != "$want" ] || [ "$parsed" != "$want" ]; then
	echo "jq_check: $lines lines, $parsed parsed as JSON objects, expected $want" >&2
	exit 1
fi
echo "jq_check: $parsed lines, all valid JSON objects"
