# shellcheck shell=bash
# Sourced by tests/vm's fetch scripts (bash): a private apt configuration for
# one Debian suite and architecture, so packages of any architecture can be
# downloaded while the system's apt sources, lists and dpkg architectures
# stay as they are.  Signed by the Debian archive keyring already on the
# machine.  Everything lives under $EH_VM_CACHE (default
# /var/cache/ebpfhello-vm, outside the source tree), by architecture.
#
#   vm_apt ARCH SUITE    sets VM_APT_DIR (the suite's directory) and VM_APT
#                        (options for apt-get and apt-cache); refreshes the
#                        lists when they are a day old

VM_CACHE=${EH_VM_CACHE:-/var/cache/ebpfhello-vm}
VM_MIRROR=${EH_VM_MIRROR:-http://deb.debian.org/debian}

vm_apt() {
	local arch=$1 suite=$2 keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	VM_APT_DIR=$VM_CACHE/$arch/$suite
	mkdir -p "$VM_APT_DIR/lists/partial" "$VM_APT_DIR/archives/partial"
	echo "deb [signed-by=$keyring] $VM_MIRROR $suite main" > "$VM_APT_DIR/sources.list"
	: >> "$VM_APT_DIR/status"
	VM_APT=(-q -o Dir::Etc::SourceList="$VM_APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$VM_APT_DIR/lists" -o Dir::State::status="$VM_APT_DIR/status"
		-o Dir::Cache="$VM_APT_DIR" -o Dir::Cache::archives="$VM_APT_DIR/archives"
		-o Dir::Cache::pkgcache="$VM_APT_DIR/pkgcache.bin"
		-o Dir::Cache::srcpkgcache="$VM_APT_DIR/srcpkgcache.bin"
		-o APT::Architecture="$arch" -o APT::Architectures::="$arch"
		-o Acquire::Languages=none -o Debug::NoLocking=1)
	if [ ! -e "$VM_APT_DIR/lists/stamp" ] || [ -n "$(find "$VM_APT_DIR/lists/stamp" -mmin +1440)" ]; then
		if ! apt-get "${VM_APT[@]}" update > "$VM_APT_DIR/update.log" 2>&1; then
			cat "$VM_APT_DIR/update.log" >&2
			echo "vm_apt: apt-get update failed for $suite ($arch)" >&2
			return 1
		fi
		touch "$VM_APT_DIR/lists/stamp"
	fi
}

# vm_download DIR PACKAGE...: the packages' .debs of the configured suite
# and architecture into DIR (no dependencies resolved)
vm_download() {
	local dir=$1
	shift
	(cd "$dir" && apt-get "${VM_APT[@]}" download "$@") > "$VM_APT_DIR/download.log" 2>&1 || {
		cat "$VM_APT_DIR/download.log" >&2
		echo "vm_apt: could not download $*" >&2
		return 1
	}
}
