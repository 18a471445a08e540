#!/bin/bash
# Fetches the kernels of the test matrix from Debian's archive and prints
# "<suite> <path to vmlinuz>" for each.  Cached in $EH_VM_CACHE (default
# /var/cache/ebpfhello-vm, outside the source tree): a later run reuses them.
#
#   fetch-kernels.sh [SUITE...]     default: bullseye bookworm trixie
#
# Each suite gets a private apt configuration (its own sources.list, lists
# and package cache under the cache directory, signed by the Debian archive
# keyring already on the machine), so the system's apt state is untouched.
# The exact package comes from the suite's linux-image-cloud-amd64
# metapackage, not from a hard-coded ABI number.
set -euo pipefail

cache=${EH_VM_CACHE:-/var/cache/ebpfhello-vm}
mirror=${EH_VM_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ $# -gt 0 ] || set -- bullseye bookworm trixie

fetch() {
	local suite=$1 dir=$cache/$suite apt pkg deb vmlinuz
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	echo "deb [signed-by=$keyring] $mirror $suite main" > "$dir/sources.list"
	apt=(-q -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	     -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir" -o Dir::Cache::archives="$dir/archives"
	     -o Dir::Cache::pkgcache="$dir/pkgcache.bin" -o Dir::Cache::srcpkgcache="$dir/srcpkgcache.bin"
	     -o APT::Architecture=amd64 -o Debug::NoLocking=1)

	# a cached kernel is reused as long as the metapackage still points at it
	if [ ! -e "$dir/lists/stamp" ] || [ -n "$(find "$dir/lists/stamp" -mmin +1440)" ]; then
		apt-get "${apt[@]}" update > "$dir/update.log" 2>&1 ||
			{ cat "$dir/update.log" >&2; echo "fetch-kernels: apt-get update failed for $suite" >&2; return 1; }
		touch "$dir/lists/stamp"
	fi
	pkg=$(apt-cache "${apt[@]}" depends linux-image-cloud-amd64 2>/dev/null |
	      awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	[ -n "$pkg" ] || { echo "fetch-kernels: no linux-image-cloud-amd64 in $suite" >&2; return 1; }
	vmlinuz=$dir/$pkg.vmlinuz
	if [ ! -s "$vmlinuz" ]; then
		(cd "$dir/archives" && apt-get "${apt[@]}" download "$pkg" > "$dir/download.log" 2>&1) ||
			{ cat "$dir/download.log" >&2; return 1; }
		deb=$(ls "$dir/archives/${pkg}_"*.deb | head -1)
		rm -rf "$dir/x"
		mkdir -p "$dir/x"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/x" --wildcards './boot/vmlinuz-*'
		mv "$dir"/x/boot/vmlinuz-* "$vmlinuz"
		rm -rf "$dir/x" "$deb"
	fi
	echo "$suite $vmlinuz"
}

for suite in "$@"; do
	fetch "$suite"
done
