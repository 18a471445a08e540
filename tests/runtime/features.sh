#!/bin/bash
# features: the preflight check says what the other commands then find.
. "$(dirname "$0")/../lib.sh"
require_root

"$EH" features --json > "$TMP/f.json" 2> "$TMP/f.err"
RC=$?
json_output "$TMP/f.json"
check "features --json: exit 0 as root, one record, nothing on stderr" \
	[ "$RC" = 0 -a "$(wc -l < "$TMP/f.json")" = 1 -a ! -s "$TMP/f.err" ]
check "every attach mode of the table has a row" \
	[ "$(jq -r '.attach | keys_unsorted | join(",")' "$TMP/f.json")" = "kprobe,fentry,exec,tracepoint,raw_tp,tp_btf" ]

# the answer is the one a command gets: forcing each mode works exactly where offered
for mode in kprobe fentry exec tracepoint raw_tp tp_btf; do
	said=$(jq -r ".attach.\"$mode\".available" "$TMP/f.json")
	"$EH" count-uid --attach "$mode" --interval 0.05 --count 1 > /dev/null 2>&1
	rc=$?
	check "--attach $mode: features says available=$said, count-uid exits $rc" \
		[ "$( [ "$said" = true ] && echo 0 || echo 1)" = "$rc" ]
done

"$EH" features > "$TMP/f.txt" 2>&1
check "text: a FEATURE table and an ATTACH MODE table, yes/no in the OK column" \
	[ "$(grep -cE '^(FEATURE|ATTACH MODE) +OK ' "$TMP/f.txt")" = 2 -a \
	  "$(grep -cE '^[a-z_]+ +(yes|no) +' "$TMP/f.txt")" = "$(jq '(.features | length) + (.attach | length)' "$TMP/f.json")" ]
check "lockdown: says what it is, never 'unknown'" \
	bash -c "grep -E '^lockdown ' '$TMP/f.txt' | grep -qvi unknown"

# EBPFHELLO_DISABLE: a feature made missing is missing; a typo is warned about
EBPFHELLO_DISABLE=ringbuf "$EH" features --json > "$TMP/d.json" 2> "$TMP/d.err"
check "EBPFHELLO_DISABLE=ringbuf: ringbuf says no, disabled" \
	[ "$(jq -r '.features.ringbuf | "\(.available) \(.note)"' "$TMP/d.json")" = "false disabled by EBPFHELLO_DISABLE" ]
EBPFHELLO_DISABLE=ringbuf,nosuch "$EH" features > /dev/null 2> "$TMP/w.err"
expect "EBPFHELLO_DISABLE=ringbuf,nosuch: one warning naming 'nosuch'" \
	'[ "$(wc -l < "$TMP/w.err")" = 1 ] && grep -q "warning: EBPFHELLO_DISABLE names .nosuch." "$TMP/w.err"'
EBPFHELLO_DISABLE=nosuch "$EH" count-uid --interval 0.05 --count 1 > /dev/null 2> "$TMP/w2.err"
check "the other commands warn about it too" grep -q "EBPFHELLO_DISABLE names 'nosuch'" "$TMP/w2.err"

"$W" as 65534 "$EH" features > "$TMP/n.txt" 2>&1
RC=$?
expect "as uid 65534: exit 1, privileges no, modes not tried" \
	'[ "$RC" = 1 ] && grep -qE "^privileges +no " "$TMP/n.txt" && grep -q "not tried: needs root" "$TMP/n.txt"'
assert_nothing_attached "features"
finish
