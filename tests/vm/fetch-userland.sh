#!/bin/bash
# Fetches the test VMs' userland for one architecture from Debian's
# archive: busybox (static; /init and the small tools), and what the tests
# use beyond it, as on the host: bash, jq, GNU date (date +%s.%N) and
# bpftool, with the libraries they load.  Prints the root they are unpacked
# into, cached under $EH_VM_CACHE/<arch>/ (tests/vm/apt.sh).
#
#   fetch-userland.sh [--arch amd64|arm64] [SUITE]      default: amd64 bookworm
#
# The same packages of the same release for every architecture, so a VM
# runs the same shell and jq whatever the host has installed.  No
# dependencies are resolved: the list is what those need on bookworm, and
# mkinitramfs.sh stops if a library is missing.
set -euo pipefail
. "$(dirname "$0")/apt.sh"

arch=amd64
if [ "${1:-}" = --arch ]; then
	arch=${2:?fetch-userland: --arch needs amd64 or arm64}
	shift 2
fi
suite=${1:-bookworm}
pkgs="busybox-static bash jq coreutils bpftool libjq1 libonig5 libtinfo6 libelf1 zlib1g libcap2 libc6"

vm_apt "$arch" "$suite"
root=$VM_APT_DIR/userland
# .complete (the package list) is written last: a run cut short, or
# another list, is redone, never half-used
if [ "$(cat "$root/.complete" 2>/dev/null)" != "$pkgs" ]; then
	rm -rf "$root" "$root.tmp" "$VM_APT_DIR/userland-debs"
	mkdir -p "$root.tmp" "$VM_APT_DIR/userland-debs"
	# shellcheck disable=SC2046,SC2086
	vm_download "$VM_APT_DIR/userland-debs" $(printf "%s:$arch " $pkgs)
	for deb in "$VM_APT_DIR"/userland-debs/*.deb; do
		dpkg-deb -x "$deb" "$root.tmp"
		dpkg-deb -W "$deb" >> "$root.tmp/.versions"	# for VERSIONS.md
	done
	rm -rf "$VM_APT_DIR/userland-debs"
	echo "$pkgs" > "$root.tmp/.complete"
	mv "$root.tmp" "$root"
fi
echo "$root"
