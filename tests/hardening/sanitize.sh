#!/bin/bash
# The runtime suite against the ASan + UBSan build (tests/hardening/
# hardened_build.sh): tests/runtime/*.sh and the Prometheus export's test,
# then the hardening tests that run the tool (records: the perf buffer's
# alignment; outputs and signals: the write paths), and the unit tests
# built the same way.
#
# Every report is fatal (-fno-sanitize-recover, halt_on_error=1) and goes to
# a file of its own (log_path) as well, so that one printed into a stderr a
# test throws away is still seen: the run fails if any such file appears,
# whatever the tests said.  LeakSanitizer is on (detect_leaks=1); it works
# on this kernel (it needs ptrace-like access to the process's threads).
set -u
: "${EH_BUILD:?}" "${EH_TESTS:?}" "${EH_WORKLOAD:?}"
dir=$EH_BUILD/hardened
logs=$dir/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
export EH=$dir/ebpfhello
# ASan and UBSan make the start-up (BTF parsing, relocation) about 4x slower;
# 6x leaves room for a busy machine (CI saw 1.1-1.4 s, a loaded run 4.3 s)
export EH_STARTUP_FACTOR=6
# exitcode 86: a sanitizer's end is not taken for the tool's own status 1
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:exitcode=86:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86:log_path=$logs/ubsan"
export LSAN_OPTIONS="exitcode=86"

failed=()
[ -x "$EH" ] || { echo "FAIL - no sanitizer build at $EH (run tests/hardening/hardened_build.sh)"; exit 1; }
nm -D "$EH" 2>/dev/null | grep -q __asan_init || ldd "$EH" | grep -q libasan ||
	{ echo "FAIL - $EH is not built with ASan"; exit 1; }

for t in "$EH_TESTS"/runtime/*.sh "$EH_TESTS"/prometheus/prometheus.sh \
	 "$EH_TESTS"/hardening/records.sh "$EH_TESTS"/hardening/outputs.sh \
	 "$EH_TESTS"/hardening/signals.sh; do
	name=${t#"$EH_TESTS"/}
	case $name in runtime/foreign.sh | runtime/private_checkout.sh)
		# they check the suite's own judging and users, with the tool as it is
		echo "# $name: tests the test suite, not the tool: not run again under ASan+UBSan"
		continue ;;
	esac
	start=$(date +%s)
	if bash "$t" > "$logs/${name//\//_}.out" 2>&1; then
		echo "ok   - $name under ASan+UBSan ($(( $(date +%s) - start )) s)"
	else
		echo "FAIL - $name under ASan+UBSan:"
		grep -E '^FAIL' "$logs/${name//\//_}.out" | head -20 | sed 's/^/    /'
		failed+=("$name")
	fi
done
for t in escape traceline parse syscalls; do
	if "$dir/tests/test_$t" > "$logs/unit_$t.out" 2>&1; then
		echo "ok   - unit test_$t under ASan+UBSan"
	else
		echo "FAIL - unit test_$t under ASan+UBSan"
		failed+=("test_$t")
	fi
done

reports=$(find "$logs" -name 'asan.*' -o -name 'ubsan.*' | sort)
if [ -n "$reports" ]; then
	echo "FAIL - sanitizer reports:"
	for r in $reports; do
		echo "--- $r"
		head -40 "$r"
	done
	failed+=("sanitizer reports")
else
	echo "ok   - no sanitizer report (ASan, UBSan, LeakSanitizer) in the whole run"
fi
if [ "${#failed[@]}" -gt 0 ]; then
	echo "# failed: ${failed[*]}"
	exit 1
fi
echo "# all passed"
