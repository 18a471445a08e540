#!/bin/bash
# Runs the libFuzzer harnesses of tests/fuzz (build them with
# -DEBPFHELLO_FUZZ=ON and CC=clang, or tests/hardening/hardened_build.sh).
#
#   tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [HARNESS...]
#
#   -t  seconds per harness (default 60, $EH_FUZZ_SECONDS)
#   -j  harnesses at a time (default 2, $EH_FUZZ_JOBS)
#   HARNESS  traceline values escape records argv (default: all)
#
#   EH_FUZZ_BIN  the directory of the fuzz_* binaries (default build/hardened/tests/fuzz)
#   EH_FUZZ_OUT  where the growing corpus, the logs and the reproducers go
#                (default build/hardened/fuzz)
#
# Each harness starts from its committed seeds (tests/fuzz/corpus/NAME) and
# the corpus earlier runs grew ($EH_FUZZ_OUT/corpus/NAME, kept).  A crash, a
# leak, an input slower than 10 s or 2 GiB of memory fails the run; the
# input is kept as $EH_FUZZ_OUT/artifacts/NAME/crash-* (or leak-, timeout-,
# oom-), printed in base64, with the command that replays it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
secs=${EH_FUZZ_SECONDS:-60}
jobs=${EH_FUZZ_JOBS:-2}
while getopts t:j: o; do
	case $o in
	t) secs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) sed -n '2,20p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
harnesses=${*:-traceline values escape records argv}
bin=${EH_FUZZ_BIN:-$here/../../build/hardened/tests/fuzz}
out=${EH_FUZZ_OUT:-$(dirname "$bin")/../fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)

one() {
	local h=$1 art=$out/artifacts/$1/ corpus=$out/corpus/$1 rc
	mkdir -p "$art" "$corpus"
	# -close_fd_mask=3: the code under test talks on stdout/stderr (usage
	# errors, --help); the sanitizers and libFuzzer still report
	"$bin/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$art" \
		"$corpus" "$here/corpus/$h" > "$out/$h.log" 2>&1
	rc=$?
	echo "$rc" > "$out/$h.rc"
}

start=$(date +%s)
running=0
for h in $harnesses; do
	[ -x "$bin/fuzz_$h" ] || { echo "FAIL - no harness $bin/fuzz_$h"; exit 1; }
	rm -f "$out/$h.rc"
	one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

fails=0
for h in $harnesses; do
	rc=$(cat "$out/$h.rc" 2>/dev/null || echo "?")
	runs=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$out/$h.log" | grep -oE '[0-9]+$')
	cov=$(grep -oE 'cov: [0-9]+' "$out/$h.log" | tail -1)
	if [ "$rc" = 0 ]; then
		echo "ok   - fuzz_$h: ${secs} s, ${runs:-?} inputs, $cov, corpus $(ls "$out/corpus/$h" | wc -l) + $(ls "$here/corpus/$h" | wc -l) seeds"
		continue
	fi
	fails=$((fails + 1))
	echo "FAIL - fuzz_$h: exit $rc"
	grep -E 'ERROR|SUMMARY|property does not hold|runtime error' "$out/$h.log" | head -10 | sed 's/^/    /'
	for a in "$out/artifacts/$h"/*; do
		[ -f "$a" ] || continue
		echo "    reproducer: $a"
		echo "    replay:     $bin/fuzz_$h $a"
		[ "$(stat -c %s "$a")" -le 4096 ] && echo "    base64:     $(base64 -w0 "$a")"
	done
	echo "    log:        $out/$h.log"
done
echo "# fuzzing took $(( $(date +%s) - start )) s"
[ "$fails" = 0 ] && echo "# all passed" || exit 1
