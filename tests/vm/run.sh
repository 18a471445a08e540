#!/bin/bash
# The kernel matrix: boots Debian's cloud kernels in QEMU (TCG: software
# emulation, no KVM needed), 5.10, 6.1 and 6.12 for x86-64 and 6.1 and 6.12
# for arm64; inside each it runs the attach-mode matrix, the syscall-table
# check and the runtime suite, with the binaries built for that
# architecture; and it runs the matrix on the host too.  Writes a table
# (kernel x command x attach mode) to $EH_VM_OUT/kernels.md, and with
# --update-docs to docs/kernels.md.
#
#   EH=... EH_WORKLOAD=... EH_COMPAT=... EH_LINEAGE=... EH_ARM64=... EH_WORKLOAD_ARM64=... \
#   EH_COMPAT_ARM64=... EH_LINEAGE_ARM64=... EH_TESTS=... EH_VM_OUT=... run.sh [--update-docs] [--vms-only] [[ARCH:]SUITE...]
#
# EH and EH_WORKLOAD are the x86-64 ebpfhello and ehworkload, EH_ARM64 and
# EH_WORKLOAD_ARM64 the arm64 ones (cmake/aarch64.cmake; ctest builds them
# in build/aarch64); EH_COMPAT and EH_COMPAT_ARM64 the 32-bit programs of
# each one's compat ABI (tests/ehcompat-i386, tests/ehcompat-arm32).  ARCH is amd64 (the default) or arm64; no SUITE means
# every kernel of both.  --vms-only leaves out the host's matrix, which
# loads programs on this machine (for when something else there is tracing).
#
# The VMs run $EH_VM_JOBS at a time (default: one per CPU; each VM is one
# emulated vCPU, a host thread busy all the time).  Each boot is bounded by
# $EH_VM_TIMEOUT seconds (900); a panic or a hang is a failure, and its
# console log stays in $EH_VM_OUT/<arch>-<suite>.log.  $EH_VM_APPEND is
# added to the kernel command line (eh.tests=tail runs only that test).
set -u
: "${EH:?}" "${EH_WORKLOAD:?}" "${EH_TESTS:?}"
out=${EH_VM_OUT:-$(dirname "$EH")/vm}
boot_timeout=${EH_VM_TIMEOUT:-900}
vm_jobs=${EH_VM_JOBS:-$(nproc)}
update_docs=false
host=true
while [ $# -gt 0 ]; do
	case $1 in
	--update-docs) update_docs=true ;;
	--vms-only) host=false ;;
	-*) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
if $update_docs && { ! $host || [ $# -gt 0 ]; }; then
	echo "run.sh: --update-docs writes the whole matrix: no --vms-only, no SUITE" >&2
	exit 2
fi
# the table's column order; the VMs start longest first (see below)
[ $# -gt 0 ] || set -- amd64:bullseye amd64:bookworm amd64:trixie arm64:bookworm arm64:trixie
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.rc "$out"/*.time
start=$SECONDS
failed=0

if [ "$(id -u)" != 0 ]; then
	echo "FAIL - the kernel matrix needs root (it builds device nodes and runs BPF on the host)"
	exit 1
fi

# --- the VMs: kernels, userland, one initramfs per architecture ----------------
ids=()			# amd64-bookworm ...: one per VM, in table order
declare -A vm_arch vm_suite vm_kernel
for spec in "$@"; do
	case $spec in *:*) arch=${spec%%:*} suite=${spec#*:} ;; *) arch=amd64 suite=$spec ;; esac
	case $arch in
	amd64|arm64) ;;
	*) echo "run.sh: unknown architecture '$arch' in '$spec' (amd64 or arm64)" >&2; exit 2 ;;
	esac
	ids+=("$arch-$suite")
	vm_arch[$arch-$suite]=$arch
	vm_suite[$arch-$suite]=$suite
done

# readelf's name of each architecture's machine
declare -A machine=([amd64]="Advanced Micro Devices X86-64" [arm64]=AArch64)

for arch in $(printf '%s\n' "${vm_arch[@]}" | sort -u); do
	case $arch in
	amd64) eh=$EH wl=$EH_WORKLOAD compat=${EH_COMPAT:-} lin=${EH_LINEAGE:-} ;;
	arm64) eh=${EH_ARM64:-} wl=${EH_WORKLOAD_ARM64:-} compat=${EH_COMPAT_ARM64:-} lin=${EH_LINEAGE_ARM64:-} ;;
	esac
	if [ ! -x "$compat" ]; then
		echo "FAIL - $arch VMs need the 32-bit program of its compat ABI; '${compat:-(unset)}'" \
		     "is missing (tests/ehcompat-*: clang and lld build it; third_party/install-deps.sh)"
		exit 1
	fi
	for bin in "$eh" "$wl" "$lin"; do
		if [ -z "$bin" ] || [ "$(readelf -h "$bin" 2>/dev/null | sed -n 's/^ *Machine: *//p')" != "${machine[$arch]}" ]; then
			echo "FAIL - $arch VMs need ebpfhello, ehworkload and ehlineage built for $arch;" \
			     "'${bin:-(unset)}' is not one (EH_ARM64/EH_WORKLOAD_ARM64/EH_LINEAGE_ARM64: a build with cmake/aarch64.cmake)"
			exit 1
		fi
	done
	suites=()
	for id in "${ids[@]}"; do [ "${vm_arch[$id]}" = "$arch" ] && suites+=("${vm_suite[$id]}"); done
	kernels=$("$EH_TESTS/vm/fetch-kernels.sh" --arch "$arch" "${suites[@]}") ||
		{ echo "FAIL - could not fetch the $arch kernels"; exit 1; }
	while read -r suite vmlinuz; do vm_kernel[$arch-$suite]=$vmlinuz; done <<< "$kernels"
	userland=$("$EH_TESTS/vm/fetch-userland.sh" --arch "$arch") ||
		{ echo "FAIL - could not fetch the $arch userland"; exit 1; }
	"$EH_TESTS/vm/mkinitramfs.sh" "$out/initrd-$arch.gz" "$eh" "$wl" "$EH_TESTS" "$userland" "$compat" "$lin" ||
		{ echo "FAIL - could not build the $arch initramfs"; exit 1; }
done

# --- QEMU, per architecture ----------------------------------------------------------
# qemu_for ARCH: sets QEMU (the command) and CONSOLE (the serial console's name)
qemu_for() {
	case $1 in
	amd64)
		# QEMU 7.2's TCG (no KVM here) mis-runs some guests, with or
		# without eBPF: with two vCPUs, text patching across vCPUs
		# (static keys, kprobes, trampolines) soft-locks 5.10 and oopses
		# 6.12 on a stray int3; "max"'s 5-level paging, PCID and
		# cmpxchg16b double-fault 6.12 in the slab allocator.  One vCPU
		# without those is stable on all three.
		# shellcheck disable=SC2054	# one argument, with commas
		QEMU=(qemu-system-x86_64 -accel tcg -smp 1 -cpu max,la57=off,pcid=off,cx16=off)
		CONSOLE=ttyS0
		;;
	arm64)
		# QEMU's "virt" board, one Neoverse N1 (ARMv8.2, the core of
		# Graviton 2 and Ampere Altra).  Not cortex-a72: ARMv8.0 has no
		# hardware access-flag management, so a page a forked child has
		# not touched yet faults on first access, which
		# bpf_probe_read_user cannot take: 1 to 5 of 8 exec filenames
		# read as EFAULT and the events tests fail.  Not "max": pointer
		# authentication emulation makes it 3-4 times slower.  One vCPU:
		# with two (MTTCG), 3 of 8 boots lost a syscall tracepoint's
		# events.  The host run covers several CPUs.
		QEMU=(qemu-system-aarch64 -M virt -accel tcg -smp 1 -cpu neoverse-n1)
		CONSOLE=ttyAMA0
		;;
	esac
}

# The runtime suite runs inside the VMs in $EH_VM_FULL, each a suite or
# ARCH:SUITE (default: amd64:bullseye and arm64:trixie, so the oldest kernel,
# 5.10, and the other architecture, 6.12); the other VMs run the attach
# matrix (--explain included) and the syscall tables alone.  The runtime
# suite takes 8 to 12 minutes in an emulated VM, and CI's time is kept under
# 40 minutes; EH_VM_FULL="bullseye bookworm trixie" runs it everywhere.
#
# Exec ids when pids wrap (tests/vm/lineage_storm.sh, pid_max 1000) run in
# $EH_VM_STORM (default amd64:bookworm, a VM without the runtime suite),
# $EH_VM_STORM_EXECS execs (default 10,000: about 45 s there; issue 21's
# 100,000 take about 440 s: EH_VM_STORM_EXECS=100000).
tests_of() {
	local full=" ${EH_VM_FULL:-amd64:bullseye arm64:trixie} " storm=${EH_VM_STORM:-amd64:bookworm}
	[[ $full == *" ${vm_suite[$1]} "* || $full == *" ${vm_arch[$1]}:${vm_suite[$1]} "* ]] && return
	if [ "$storm" = "${vm_arch[$1]}:${vm_suite[$1]}" ]; then
		echo "eh.tests=matrix,tables,lineage_storm eh.storm=${EH_VM_STORM_EXECS:-10000}"
	else
		echo "eh.tests=matrix,tables"
	fi
}

# boot ID: one VM; its console in $out/ID.log, qemu's status in .rc, its
# wall time in .time
boot() {
	local id=$1 arch=${vm_arch[$1]} t0=$SECONDS
	qemu_for "$arch"
	timeout "$boot_timeout" "${QEMU[@]}" -m 1024 -nographic -no-reboot \
		-kernel "${vm_kernel[$id]}" -initrd "$out/initrd-$arch.gz" \
		-append "console=$CONSOLE quiet panic=-1 $(tests_of "$id") ${EH_VM_APPEND:-}" \
		< /dev/null > "$out/$id.log" 2>&1
	echo $? > "$out/$id.rc"
	echo $((SECONDS - t0)) > "$out/$id.time"
}

# The host's own matrix first, alone (this kernel, every CPU: its workloads
# should not compete with emulators), then the VMs, several at a time.
if $host; then
	bash "$EH_TESTS/vm/matrix.sh" > "$out/host.log" 2>&1
	echo $? > "$out/host.rc"
fi
# Longest first, so that the last ones to start are short and no CPU idles
# long at the end: the VMs with the runtime suite (this evening's times:
# arm64 6.12 about 660 s, x86-64 5.10 about 450), then the exec-id storm's
# (about 220), then the matrix alone (120-135); within each, arm64 (its
# emulation is the slower) before x86-64.  Before, arm64's short VM went
# first and the storm's last: 880 s where 2 CPUs need 790.
weight() {	# weight ID: 3 runtime suite, 2 the storm, 1 the matrix alone
	case $(tests_of "$1") in
	"") echo 3 ;;
	*lineage_storm*) echo 2 ;;
	*) echo 1 ;;
	esac
}
order=()
for w in 3 2 1; do
	for arch in arm64 amd64; do
		for id in "${ids[@]}"; do
			[ "${vm_arch[$id]}" = "$arch" ] && [ "$(weight "$id")" = "$w" ] && order+=("$id")
		done
	done
done
running=0
for id in "${order[@]}"; do
	if [ "$running" -ge "$vm_jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	boot "$id" &
	running=$((running + 1))
done
wait

# --- read the results back ------------------------------------------------------
declare -A cell kver
cols=()
rows=()
add_rows() {	# add_rows COLUMN LOGFILE
	local col=$1 tab c m r
	while IFS=$'\t' read -r tab c m r _; do
		[ "$tab" = MATRIX ] || continue
		[ -n "${cell[$c|$m|seen]:-}" ] || { rows+=("$c|$m"); cell[$c|$m|seen]=1; }
		cell[$c|$m|$col]=$r
	done < "$2"
}
if $host; then
	cols+=(host)
	kver[host]="host $(uname -m) $(uname -r)"
	add_rows host "$out/host.log"
	if [ "$(cat "$out/host.rc")" != 0 ]; then
		echo "FAIL - host: matrix failed (log: $out/host.log)"
		grep -E '^FAIL' "$out/host.log"
		failed=1
	fi
fi

# check_json ID: the --json outputs of the VM's tests (inside.sh sent them
# back), against docs/schema.json, as lib.sh does on the host
check_json() {
	local id=$1 dir=$out/$1.json res rc=1
	rm -rf "$dir"
	mkdir -p "$dir"
	tr -d '\r' < "$out/$id.log" | sed -n 's/^EH-JSON //p' > "$dir.b64"
	if [ ! -s "$dir.b64" ]; then
		res="the VM sent no JSON back"
	elif ! base64 -d "$dir.b64" | tar -xz -C "$dir" 2> "$dir.err"; then
		res="the JSON sent back is unreadable: $(head -c 200 "$dir.err")"
	elif [ -z "$(ls "$dir")" ]; then
		res="no --json output in the tests run"
		rc=0
	else
		res=$(python3 "$EH_TESTS/schema/validate.py" "$EH_TESTS/../docs/schema.json" "$dir"/* 2>&1)
		rc=$?
	fi
	suites_tests+="$id schema $rc"$'\n'
	if [ "$rc" = 0 ]; then
		echo "ok   - ${kver[$id]}: schema: $res"
	else
		echo "FAIL - ${kver[$id]}: schema: $res"
		failed=1
	fi
}

suites_tests=""
for id in "${ids[@]}"; do
	log=$out/$id.log
	cols+=("$id")
	kver[$id]=$(tr -d '\r' < "$log" | sed -n 's/.*EH-VM-KERNEL \([^ ]*\).*/\1/p' | head -1)
	[ -n "${kver[$id]}" ] || kver[$id]="$id (no boot)"
	add_rows "$id" <(tr -d '\r' < "$log")
	if ! grep -q '^EH-VM-DONE' <(tr -d '\r' < "$log"); then
		echo "FAIL - $id: the VM did not finish (rc $(cat "$out/$id.rc"); panic or timeout?); console log: $log"
		tail -20 "$log"
		failed=1
	fi
	while read -r _ name rc secs; do
		suites_tests+="$id $name $rc"$'\n'
		if [ "$rc" = 0 ]; then
			echo "ok   - ${kver[$id]}: $name (${secs} s)"
		else
			echo "FAIL - ${kver[$id]}: $name (console log: $log)"
			tr -d '\r' < "$log" | sed -n "/^EH-TEST-BEGIN $name\$/,/^EH-TEST-END $name /p" | grep -E '^FAIL'
			failed=1
		fi
	done < <(tr -d '\r' < "$log" | grep '^EH-TEST-END')
	check_json "$id"
	echo "# ${kver[$id]}: $(cat "$out/$id.time") s"
done
elapsed=$((SECONDS - start))
vm_cols=("${ids[@]}")

# --- the table ---------------------------------------------------------------------
{
	echo "# Kernel matrix"
	echo
	echo "Produced by \`tests/vm/run.sh\` (\`ctest -L vm\`), not typed by hand: each"
	echo "command with each attach mode forced in turn, checked against a workload of"
	echo "known size (tests/vm/matrix.sh), on the host and on Debian's cloud kernels"
	echo "for x86-64 (\`-cloud-amd64\`) and arm64 (\`-cloud-arm64\`) booted in QEMU, each"
	echo "with the static binary built for its architecture. \`pass\`: correct counts;"
	echo "\`absent\`: the kernel lacks the mode and forcing it failed cleanly (exit 1,"
	echo "one line); \`fail\`: wrong."
	echo
	echo "The VMs run under QEMU's TCG with one vCPU each, $vm_jobs at a time. x86-64:"
	echo "\`-cpu max\` without 5-level paging, PCID and cmpxchg16b. arm64: \`-M virt -cpu"
	echo "neoverse-n1\` (ARMv8.2, the core of Graviton 2 and Ampere Altra), not"
	echo "\`cortex-a72\` (ARMv8.0): without hardware access-flag management, a page a"
	echo "forked child has not touched yet faults on first access, which"
	echo "\`bpf_probe_read_user\` cannot take, and \`events\` reads some exec filenames"
	echo "as EFAULT there. tests/vm/run.sh says why for each choice."
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
	echo "The syscall table (tests/vm/tables.sh) inside each VM, the runtime suite"
	echo "(tests/runtime) inside those of EH_VM_FULL (\"-\": not run there); \`schema\`:"
	echo "every JSON record they saw is valid (docs/schema.json):"
	echo
	printf '| test |'
	for c in "${vm_cols[@]}"; do printf ' %s |' "${kver[$c]}"; done
	echo
	printf '|---|'
	for c in "${vm_cols[@]}"; do printf -- '---|'; done
	echo
	for t in $(awk '{ print $2 }' <<< "$suites_tests" | grep -v '^matrix$' | sort -u); do
		printf '| %s |' "$t"
		for c in "${vm_cols[@]}"; do
			rc=$(awk -v s="$c" -v t="$t" '$1 == s && $2 == t { print $3 }' <<< "$suites_tests")
			case "$rc" in 0) printf ' pass |' ;; "") printf ' - |' ;; *) printf ' fail |' ;; esac
		done
		echo
	done
	echo
	echo "Wall time of the whole run ($($host && echo "the host, then ")${#ids[@]} VMs $vm_jobs at a time, $(nproc) CPUs): ${elapsed} s."
} > "$out/kernels.md"

if $update_docs; then
	cp "$out/kernels.md" "$EH_TESTS/../docs/kernels.md"
fi
echo "# kernel matrix: $out/kernels.md (${elapsed} s)"
[ "$failed" = 0 ] && echo "# all passed" || echo "# kernel matrix failed"
exit "$failed"
