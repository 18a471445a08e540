#!/bin/bash
# Fetches the kernels of the test matrix from Debian's archive and prints
# "<suite> <path to vmlinuz>" for each.  Cached under $EH_VM_CACHE/<arch>/
# (default /var/cache/ebpfhello-vm, outside the source tree; tests/vm/apt.sh):
# a later run reuses them.
#
#   fetch-kernels.sh [--arch amd64|arm64] [SUITE...]
#       default: amd64; bullseye bookworm trixie for amd64, bookworm
#       trixie for arm64 (fewer VMs under emulation: two kernels are what
#       CI's time allows; another suite can be named)
#
# The exact package comes from the suite's linux-image-cloud-<arch>
# metapackage, not from a hard-coded ABI number.  An arm64 vmlinuz is the
# kernel's uncompressed Image: QEMU boots it as is, and the cross build cuts
# its BTF out of it (cmake/btf-from-image.sh).
set -euo pipefail
. "$(dirname "$0")/apt.sh"

arch=amd64
if [ "${1:-}" = --arch ]; then
	arch=${2:?fetch-kernels: --arch needs amd64 or arm64}
	shift 2
fi
case $arch in
amd64) [ $# -gt 0 ] || set -- bullseye bookworm trixie ;;
arm64) [ $# -gt 0 ] || set -- bookworm trixie ;;
*) echo "fetch-kernels: unknown architecture '$arch' (amd64 or arm64)" >&2; exit 2 ;;
esac

fetch() {
	local suite=$1 pkg deb vmlinuz
	vm_apt "$arch" "$suite"
	# a cached kernel is reused as long as the metapackage still points at it
	pkg=$(apt-cache "${VM_APT[@]}" depends "linux-image-cloud-$arch" 2>/dev/null |
	      awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { sub(/:.*/, "", $2); print $2; exit }')
	[ -n "$pkg" ] || { echo "fetch-kernels: no linux-image-cloud-$arch in $suite" >&2; return 1; }
	vmlinuz=$VM_APT_DIR/$pkg.vmlinuz
	if [ ! -s "$vmlinuz" ]; then
		vm_download "$VM_APT_DIR/archives" "$pkg:$arch"
		deb=$(ls "$VM_APT_DIR/archives/${pkg}_"*.deb | head -1)
		rm -rf "$VM_APT_DIR/x"
		mkdir -p "$VM_APT_DIR/x"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$VM_APT_DIR/x" --wildcards './boot/vmlinuz-*'
		mv "$VM_APT_DIR"/x/boot/vmlinuz-* "$vmlinuz"
		rm -rf "$VM_APT_DIR/x" "$deb"
	fi
	echo "$suite $vmlinuz"
}

for suite in "$@"; do
	fetch "$suite"
done
