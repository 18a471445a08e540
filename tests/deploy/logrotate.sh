#!/bin/bash
# Event logs that survive rotation (docs/deploy.md): two `events --output`
# run through one exec storm of known size (STORM seconds, 30 by default)
# by uid 65534, while
#   lr: Debian's logrotate rotates the file every second, its postrotate
#       sending SIGHUP (which reopens the file, and does not stop the run);
#   rs: the tool rotates it itself, --rotate-size 64K --rotate-keep 1000.
# For each, across all its files: every line a record, seq contiguous but
# for declared gaps whose sizes add up to the summary's loss counters, the
# event lines equal to what the summary counts and to the execs made
# (tests/deploy/seqcheck.py), and the records really spread over the files.
. "$(dirname "$0")/../lib.sh"
require_root
STORM=${EH_STORM_SECS:-30}
command -v logrotate > /dev/null || { fail "logrotate is not installed (third_party/install-deps.sh)"; finish; }
mkdir -p "$TMP/lr" "$TMP/rs"

start_tool lr events --uid 65534 --output "$TMP/lr/events.ndjson" || finish
LR=$TOOL_PID
start_tool rs events --uid 65534 --output "$TMP/rs/events.ndjson" --rotate-size 64K \
	--rotate-keep 1000 || finish
RS=$TOOL_PID
TOOL_PID=

# the configuration a user would write (docs/deploy.md shows the same)
cat > "$TMP/logrotate.conf" <<CONF
$TMP/lr/events.ndjson {
	rotate 1000
	missingok
	nocompress
	postrotate
		kill -HUP $LR
	endscript
}
CONF
chmod 644 "$TMP/logrotate.conf"

end=$((SECONDS + STORM))
(
	while [ "$SECONDS" -lt "$end" ]; do
		logrotate --force --state "$TMP/logrotate.state" "$TMP/logrotate.conf" ||
			echo "logrotate failed" >> "$TMP/rotator.err"
		sleep 1
	done
) &
ROTATOR=$!
# rounds of 200 execs (201 with the uid switch's own) until the time is up
rounds=0
while [ "$SECONDS" -lt "$end" ]; do
	as_nobody "$W" exec 200 /bin/true
	rounds=$((rounds + 1))
done
execs=$((rounds * 201))
wait "$ROTATOR"
sleep 0.5	# the last records reach the files
kill -INT "$LR" "$RS"
wait "$LR"; lr_rc=$?
wait "$RS"; rs_rc=$?
echo "# $rounds rounds: $execs execs as uid 65534 in $STORM s"

check "logrotate ran every second without a complaint" [ ! -s "$TMP/rotator.err" ]
for t in lr rs; do
	rc_var=${t}_rc
	files=("$TMP/$t"/events.ndjson*)
	# the file with the summary, the one with the meta and one between: the
	# schema (all of them would take the validator minutes)
	json_output "$TMP/$t/events.ndjson"
	json_output "$(ls "$TMP/$t"/events.ndjson.* | sort -t. -k3 -n | tail -1)"
	json_output "$(ls "$TMP/$t"/events.ndjson.* | sort -t. -k3 -n | head -1)"
	if out=$(/usr/bin/python3 "$EH_TESTS/deploy/seqcheck.py" event "${files[@]}" 2>&1); then
		pass "$t: $out"
	else
		fail "$t: $out"
	fi
	events=$(cat "${files[@]}" | jq -s '[.[] | select(.type == "summary")][0].events')
	check "$t: the summary counts every exec of the storm ($events of $execs)" [ "$events" = "$execs" ]
	with=$(grep -l '"type":"event"' "${files[@]}" | wc -l)
	stopped=$(cat "${files[@]}" | jq -r 'select(.type == "summary") | .stopped_by')
	expect "$t: stopped by SIGINT at the end ($stopped), exit 0 (${!rc_var})" \
		'[ "$stopped" = SIGINT ] && [ "${!rc_var}" = 0 ]'
	echo "# $t: ${#files[@]} files, $with with events"
done
# logrotate's renames without SIGHUP's reopen would leave every record in
# one file (renamed again and again): each second's file has its own
with=$(grep -l '"type":"event"' "$TMP"/lr/events.ndjson* | wc -l)
check "lr: the records spread over the rotated files ($with files with events, >= $((STORM / 2)))" \
	[ "$with" -ge $((STORM / 2)) ]
big=$(find "$TMP/rs" -name 'events.ndjson*' -size +65536c | wc -l)
n=$(ls "$TMP"/rs/events.ndjson* | wc -l)
expect "rs: $n files, none larger than 64 KiB ($big)" '[ "$n" -ge 3 ] && [ "$big" = 0 ]'

# --- a write that fails is a gap, declared ------------------------------------------------
# A 64 KiB tmpfs, filled while the tool runs: the records of that moment
# cannot be written; once there is room again, an "unwritten" record says
# which.  The run goes on, and exits 1 saying how many were not written.
mkdir "$TMP/full"
mount -t tmpfs -o size=64k ehtest "$TMP/full" || fail "cannot mount a tmpfs for the full-disk check"
start_tool full events --uid 65534 --output "$TMP/full/events.ndjson" || finish
as_nobody "$W" exec 20 /bin/true
sleep 0.3
head -c 1M /dev/zero > "$TMP/full/filler" 2> /dev/null
as_nobody "$W" exec 40 /bin/true
sleep 0.3
rm "$TMP/full/filler"
as_nobody "$W" exec 20 /bin/true
sleep 0.3
stop_tool INT
cp "$TMP/full/events.ndjson" "$TMP/full.ndjson"
umount "$TMP/full"
json_output "$TMP/full.ndjson"
if out=$(/usr/bin/python3 "$EH_TESTS/deploy/seqcheck.py" event "$TMP/full.ndjson" 2>&1); then
	pass "full disk: $out"
else
	fail "full disk: $out"
fi
unwritten=$(jqs "$TMP/full.ndjson" '[.[] | select(.type == "unwritten") | .count] | add // 0')
shown=$(jqs "$TMP/full.ndjson" '[.[] | select(.type == "event")] | length')
# (an unwritten record may be a declaration that could not be written either)
expect "full disk: $unwritten records declared unwritten, $shown events written, of 83 execs" \
	'[ "$unwritten" -gt 0 ] && [ "$shown" -lt 83 ] && [ $((unwritten + shown)) -ge 83 ] &&
	 [ "$(jqs "$TMP/full.ndjson" ".[-1].events")" = 83 ]'
expect "full disk: exit 1, and stderr says how many were not written" \
	'[ "$TOOL_RC" = 1 ] && grep -q "^ebpfhello events: $unwritten records could not be written to" "$TMP/full.err"'
assert_nothing_attached "logrotate"
finish
