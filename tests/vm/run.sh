#!/bin/bash
# The kernel matrix: boots Debian's 5.10, 6.1 and 6.12 cloud kernels in QEMU
# (TCG: software emulation, no KVM needed), runs the attach-mode matrix and
# the runtime suite inside each, and the matrix on the host too.  Writes a
# table (kernel x command x attach mode) to $EH_VM_OUT/kernels.md, and with
# --update-docs to docs/kernels.md.
#
#   EH=... EH_WORKLOAD=... EH_TESTS=... EH_VM_OUT=... run.sh [--update-docs] [SUITE...]
#
# Each boot is bounded by a timeout; a panic or a hang is a failure, and its
# console log is kept in $EH_VM_OUT/<suite>.log.
set -u
: "${EH:?}" "${EH_WORKLOAD:?}" "${EH_TESTS:?}"
out=${EH_VM_OUT:-$(dirname "$EH")/vm}
boot_timeout=${EH_VM_TIMEOUT:-300}
update_docs=false
if [ "${1:-}" = --update-docs ]; then
	update_docs=true
	shift
fi
[ $# -gt 0 ] || set -- bullseye bookworm trixie
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.rc
start=$(date +%s)
failed=0

if [ "$(id -u)" != 0 ]; then
	echo "FAIL - the kernel matrix needs root (it builds device nodes and runs BPF on the host)"
	exit 1
fi

kernels=$("$EH_TESTS/vm/fetch-kernels.sh" "$@") || { echo "FAIL - could not fetch the kernels"; exit 1; }
"$EH_TESTS/vm/mkinitramfs.sh" "$out/initrd.gz" "$EH" "$EH_WORKLOAD" "$EH_TESTS" ||
	{ echo "FAIL - could not build the initramfs"; exit 1; }

# The host's own matrix first (2 CPUs, this kernel), then one VM at a time.
bash "$EH_TESTS/vm/matrix.sh" > "$out/host.log" 2>&1
echo $? > "$out/host.rc"
# QEMU 7.2's TCG (software emulation; no KVM here) mis-runs some guests, with
# or without eBPF: with two vCPUs, text patching across vCPUs (static keys,
# kprobes, trampolines) soft-locks 5.10 and oopses 6.12 on a stray int3;
# "max"'s 5-level paging, PCID and cmpxchg16b double-fault 6.12 in the slab
# allocator.  One vCPU without those is stable on all three.  The host run
# above covers several CPUs.
qemu_cpu() {
	echo "-smp 1 -cpu max,la57=off,pcid=off,cx16=off"
}
while read -r suite vmlinuz; do
	# shellcheck disable=SC2046
	timeout "$boot_timeout" qemu-system-x86_64 -accel tcg $(qemu_cpu "$suite") \
		-m 1024 -nographic -no-reboot -kernel "$vmlinuz" -initrd "$out/initrd.gz" \
		-append "console=ttyS0 quiet panic=-1" < /dev/null > "$out/$suite.log" 2>&1
	echo $? > "$out/$suite.rc"
done <<< "$kernels"

# --- read the results back ------------------------------------------------------
declare -A cell kver
cols=(host)
kver[host]="host $(uname -r)"
rows=()
add_rows() {	# add_rows COLUMN LOGFILE
	local col=$1 tab c m r
	while IFS=$'\t' read -r tab c m r _; do
		[ "$tab" = MATRIX ] || continue
		[ -n "${cell[$c|$m|seen]:-}" ] || { rows+=("$c|$m"); cell[$c|$m|seen]=1; }
		cell[$c|$m|$col]=$r
	done < "$2"
}
add_rows host "$out/host.log"
if [ "$(cat "$out/host.rc")" != 0 ]; then
	echo "FAIL - host: matrix failed (log: $out/host.log)"
	grep -E '^FAIL' "$out/host.log"
	failed=1
fi

suites_tests=""
while read -r suite vmlinuz; do
	log=$out/$suite.log
	cols+=("$suite")
	kver[$suite]=$(tr -d '\r' < "$log" | sed -n 's/.*EH-VM-KERNEL \([^ ]*\).*/\1/p' | head -1)
	[ -n "${kver[$suite]}" ] || kver[$suite]="$suite (no boot)"
	add_rows "$suite" <(tr -d '\r' < "$log")
	if ! grep -q '^EH-VM-DONE' <(tr -d '\r' < "$log"); then
		echo "FAIL - $suite: the VM did not finish (rc $(cat "$out/$suite.rc"); panic or timeout?); console log: $log"
		tail -20 "$log"
		failed=1
	fi
	while read -r _ name rc; do
		suites_tests+="$suite $name $rc"$'\n'
		if [ "$rc" = 0 ]; then
			echo "ok   - ${kver[$suite]}: $name"
		else
			echo "FAIL - ${kver[$suite]}: $name (console log: $log)"
			tr -d '\r' < "$log" | sed -n "/^EH-TEST-BEGIN $name\$/,/^EH-TEST-END $name /p" | grep -E '^FAIL'
			failed=1
		fi
	done < <(tr -d '\r' < "$log" | grep '^EH-TEST-END')
done <<< "$kernels"
elapsed=$(( $(date +%s) - start ))

# --- the table ---------------------------------------------------------------------
{
	echo "# Kernel matrix"
	echo
	echo "Produced by \`tests/vm/run.sh\` (\`ctest -L vm\`), not typed by hand: each"
	echo "command with each attach mode forced in turn, checked against a workload of"
	echo "known size (tests/vm/matrix.sh), on the host and on Debian's cloud kernels"
	echo "booted in QEMU. \`pass\`: correct counts; \`absent\`: the kernel lacks the"
	echo "mode and forcing it failed cleanly (exit 1, one line); \`fail\`: wrong."
	echo "The VMs run under QEMU's TCG with one vCPU (see tests/vm/run.sh for why)."
	echo
	printf '| command | mode |'
	for c in "${cols[@]}"; do printf ' %s |' "${kver[$c]}"; done
	echo
	printf '|---|---|'
	for c in "${cols[@]}"; do printf -- '---|'; done
	echo
	for r in "${rows[@]}"; do
		printf '| %s | %s |' "${r%%|*}" "${r#*|}"
		for c in "${cols[@]}"; do printf ' %s |' "${cell[$r|$c]:--}"; done
		echo
	done
	echo
	echo "Runtime suite (tests/runtime) inside each VM:"
	echo
	printf '| test |'
	for c in "${cols[@]:1}"; do printf ' %s |' "${kver[$c]}"; done
	echo
	printf '|---|'
	for c in "${cols[@]:1}"; do printf -- '---|'; done
	echo
	for t in $(awk '{ print $2 }' <<< "$suites_tests" | grep -v '^matrix$' | sort -u); do
		printf '| %s |' "$t"
		for c in "${cols[@]:1}"; do
			rc=$(awk -v s="$c" -v t="$t" '$1 == s && $2 == t { print $3 }' <<< "$suites_tests")
			case "$rc" in 0) printf ' pass |' ;; "") printf ' - |' ;; *) printf ' fail |' ;; esac
		done
		echo
	done
	echo
	echo "Wall time of the whole run (host, then each kernel in turn under TCG, $(nproc) CPUs): ${elapsed} s."
} > "$out/kernels.md"

if $update_docs; then
	cp "$out/kernels.md" "$EH_TESTS/../docs/kernels.md"
fi
echo "# kernel matrix: $out/kernels.md (${elapsed} s)"
[ "$failed" = 0 ] && echo "# all passed" || echo "# kernel matrix failed"
exit "$failed"
