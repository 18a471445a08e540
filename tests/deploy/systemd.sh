#!/bin/bash
# The systemd unit (packaging/systemd/ebpfhello@.service, docs/deploy.md):
#   - `systemd-analyze security --offline=true` rates it safer (a lower
#     exposure) than Debian 12's own prometheus-node-exporter.service;
#   - `systemd-analyze verify` finds nothing to say (the installed unit is
#     verified as it is by tests/build/deb.sh);
#   - what it leaves the process is enough: PID 1 is not systemd on every
#     machine this runs on, so its two walls are rebuilt from the unit file
#     itself and the services run inside them: the capability bounding set
#     (setpriv, no new privileges) with exact counts, and the syscall filter
#     (every syscall the service made, as strace -f saw it, is one the
#     filter lets through: systemd-analyze syscall-filter expands its groups).
. "$(dirname "$0")/../lib.sh"
require_root
unit=$EH_TESTS/../packaging/systemd/ebpfhello@.service
node_exporter=/lib/systemd/system/prometheus-node-exporter.service
for f in "$unit" "$node_exporter"; do
	[ -f "$f" ] || { fail "no $f (prometheus-node-exporter: third_party/install-deps.sh)"; finish; }
done
for t in systemd-analyze strace setpriv; do
	command -v "$t" > /dev/null || { fail "$t is not installed (third_party/install-deps.sh)"; finish; }
done

# --- systemd-analyze security -----------------------------------------------------
# an instance name, as `systemctl enable ebpfhello@count-syscall` makes
mkdir "$TMP/units"
cp "$unit" "$TMP/units/ebpfhello@count-syscall.service"
exposure() {
	systemd-analyze security --offline=true "$1" 2>&1 | tee "$TMP/security.$2" |
		sed -n 's/^→ Overall exposure level for .*: \([0-9.]*\) .*/\1/p'
}
ours=$(exposure "$TMP/units/ebpfhello@count-syscall.service" ours)
theirs=$(exposure "$node_exporter" theirs)
expect "systemd-analyze security: ebpfhello@count-syscall $ours, Debian's prometheus-node-exporter $theirs: lower" \
	'[ -n "$ours" ] && [ -n "$theirs" ] && awk -v a="$ours" -v b="$theirs" "BEGIN { exit !(a < b) }"'
expect "... and rated OK or better (below 3.0: $ours)" 'awk -v a="$ours" "BEGIN { exit !(a < 3.0) }"'
grep '✗' "$TMP/security.ours" | sed 's/  */ /g; s/^/# not set: /'

# --- systemd-analyze verify ---------------------------------------------------------
# this build's binary where the package puts /usr/sbin/ebpfhello
sed "s|/usr/sbin/ebpfhello|$EH|" "$unit" > "$TMP/units/ebpfhello@events.service"
verify=$(cd "$TMP/units" && systemd-analyze verify --man=no ./ebpfhello@events.service 2>&1)
rc=$?
expect "systemd-analyze verify: nothing to say (exit $rc)${verify:+: $verify}" '[ "$rc" = 0 ] && [ -z "$verify" ]'

# --- the capability bounding set, from the unit ------------------------------------------
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit")
bounding=$(for c in $caps; do c=${c#CAP_}; printf ',+%s' "${c,,}"; done)
expect "the unit keeps three capabilities: $caps" '[ "$caps" = "CAP_BPF CAP_PERFMON CAP_DAC_READ_SEARCH" ]'
walls() { setpriv --bounding-set "-all$bounding" --inh-caps -all --no-new-privs "$@"; }
start_child getppid 1000
walls "$EH" count-syscall --json --pid "$CHILD_PID" --syscall getppid --count 1 --interval 2 \
	> "$TMP/caps.out" 2> "$TMP/caps.err" &
tool=$!
wait_for "$TMP/caps.out" '"type":"meta"' 30
touch "$TMP/go"
wait "$CHILD"
wait "$tool"
rc=$?
json_output "$TMP/caps.out"
n=$(jqs "$TMP/caps.out" '[.[] | select(.type == "interval") | .counts[] | select(.syscall == "getppid") | .count] | add')
expect "root with only $caps and no new privileges: 1000 getppid counted ($n, exit $rc)" \
	'[ "$rc" = 0 ] && [ "$n" = 1000 ]'
cat "$TMP/caps.err"
# CAP_DAC_READ_SEARCH: the records' cgroup paths (open_by_handle_at)
walls "$EH" events --json --uid 65534 --count 3 > "$TMP/capsev.out" 2> "$TMP/capsev.err" &
tool=$!
wait_for "$TMP/capsev.out" '"type":"meta"' 30
as_nobody "$W" exec 2 /bin/true
wait "$tool"
rc=$?
json_output "$TMP/capsev.out"
with=$(jqs "$TMP/capsev.out" '[.[] | select(.type == "event" and (.cgroup | type) == "string")] | length')
expect "... events: 3 records, each with its cgroup's path ($with, exit $rc)" '[ "$rc" = 0 ] && [ "$with" = 3 ]'

# --- the syscall filter, from the unit ---------------------------------------------------
# SystemCallFilter= lines (an allow list: a ~deny list is not expected),
# each @group expanded by systemd itself, groups inside groups too
expand() {
	local w
	for w in "$@"; do
		case $w in
		~*) fail "the test does not know deny lists: $w" ;;
		@*) expand $(systemd-analyze syscall-filter "$w" | sed -n '2,$s/^ *\([@a-z0-9_-]*\)$/\1/p') ;;
		*) echo "$w" ;;
		esac
	done
}
# shellcheck disable=SC2046
expand $(sed -n 's/^SystemCallFilter=//p' "$unit") | sort -u > "$TMP/allowed"
port=$((20000 + RANDOM % 20000))
while ss -Htln "sport = :$port" | grep -q .; do port=$((20000 + RANDOM % 20000)); done
# the two instances the package configures, as /etc/default says, and what
# a service lives through: scrapes, SIGHUP (reopen), rotation, SIGTERM
cs_args=$(sed -n 's/^EBPFHELLO_ARGS="\(.*\)"/\1/p' "$EH_TESTS/../packaging/systemd/default-count-syscall")
ev_args=$(sed -n 's/^EBPFHELLO_ARGS="\(.*\)"/\1/p' "$EH_TESTS/../packaging/systemd/default-events")
cs_args=${cs_args//127.0.0.1:9477/127.0.0.1:$port}
ev_args=${ev_args//\/var\/log\/ebpfhello/$TMP}
ev_args=${ev_args//10M/4K}
echo "# count-syscall $cs_args; events $ev_args"
# shellcheck disable=SC2086
strace -f -qq -o "$TMP/cs.strace" "$EH" count-syscall $cs_args 2> "$TMP/cs.err" &
cs=$!
# shellcheck disable=SC2086
strace -f -qq -o "$TMP/ev.strace" "$EH" events $ev_args 2> "$TMP/ev.err" &
ev=$!
wait_for "$TMP/events.ndjson" '"type":"meta"' 30
sleep 1
as_nobody "$W" exec 30 /bin/true
curl -s --max-time 2 "http://127.0.0.1:$port/metrics" > "$TMP/cs.metrics"
# the signals go to the tracees: strace itself would detach on SIGTERM
kill -HUP "$(pgrep -P "$ev" -x ebpfhello)"
as_nobody "$W" exec 30 /bin/true
sleep 0.5
kill -TERM "$(pgrep -P "$cs" -x ebpfhello)" "$(pgrep -P "$ev" -x ebpfhello)"
wait "$cs"; cs_rc=$?
wait "$ev"; ev_rc=$?
check "count-syscall served /metrics under strace" grep -q '^ebpfhello_syscalls_total{syscall="execve"}' "$TMP/cs.metrics"
check "events wrote and rotated its file under strace" [ -e "$TMP/events.ndjson.1" ]
for s in cs ev; do
	rc_var=${s}_rc
	used=$(sed -n 's/^[0-9]* *\([a-z0-9_]*\)(.*/\1/p' "$TMP/$s.strace" | sort -u)
	outside=$(comm -23 <(echo "$used") "$TMP/allowed" | tr '\n' ' ')
	expect "$s: every syscall it made ($(echo "$used" | wc -w)) is allowed by SystemCallFilter=${outside:+; not: $outside} (exit ${!rc_var})" \
		'[ -z "$outside" ] && [ "${!rc_var}" = 0 ]'
done
assert_nothing_attached "systemd"
finish
