#!/bin/bash
# Builds a test VM's initramfs: busybox, bash, jq, GNU date and bpftool of
# the VM's architecture (with the loader and libraries they need), the
# static ebpfhello, ehworkload and ehlineage built for it, the 32-bit
# program of its compat ABI (ehcompat: i386, arm32), and the test scripts.
# /init mounts what a booted system has mounted (proc, sys, devtmpfs,
# tracefs, the cgroup v2 hierarchy) and runs inside.sh.
#
#   mkinitramfs.sh OUT.cpio.gz EBPFHELLO EHWORKLOAD TESTS_DIR USERLAND EHCOMPAT EHLINEAGE
#
# USERLAND is the root fetch-userland.sh unpacked that architecture's
# packages into.  The libraries are found the way the VM's loader will
# look for them, from each binary's program interpreter and DT_NEEDED
# entries (readelf reads any architecture's ELF), inside USERLAND only:
# never the host's.
set -euo pipefail
out=$1 eh=$2 workload=$3 tests=$4 root=$5 compat=$6 lineage=$7
stage=$(mktemp -d)
chmod 755 "$stage"	# the VM's /: non-root tests must get through it
trap 'rm -rf "$stage"' EXIT

# in_root PATH: PATH with its symlinks followed inside USERLAND (the .debs'
# links may be absolute: /lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-...)
in_root() {
	local p=$1 t i
	for ((i = 0; i < 16; i++)); do
		[ -L "$root$p" ] || { echo "$p"; return; }
		t=$(readlink "$root$p")
		case $t in /*) p=$t ;; *) p=$(dirname "$p")/$t ;; esac
	done
	echo "mkinitramfs: too many links at $1" >&2
	return 1
}

# put SRC DEST: the ELF file SRC of USERLAND at DEST in the image, then
# its loader and libraries, each at the path the loader will search
put() {
	local src dest=$2 lib dir found
	[ -e "$stage$dest" ] && return
	src=$(in_root "$1")
	[ -f "$root$src" ] || { echo "mkinitramfs: no $1 in $root" >&2; exit 1; }
	mkdir -p "$stage$(dirname "$dest")"
	cp "$root$src" "$stage$dest"
	lib=$(readelf -l "$root$src" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
	[ -z "$lib" ] || put "$lib" "$lib"
	for lib in $(readelf -d "$root$src" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
		found=
		for dir in "$root"/lib/*-linux-gnu* "$root"/usr/lib/*-linux-gnu* "$root/lib" "$root/usr/lib"; do
			if [ -e "$dir/$lib" ]; then found=${dir#"$root"}/$lib; break; fi
		done
		[ -n "$found" ] || { echo "mkinitramfs: $lib, needed by $1, is not in $root" >&2; exit 1; }
		put "$found" "$found"
	done
}

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,tests}
put /bin/busybox /bin/busybox
put /bin/bash /usr/bin/bash
put /usr/bin/jq /usr/bin/jq
put /bin/date /usr/bin/date		# busybox's has no %N
put /usr/sbin/bpftool /usr/sbin/bpftool
cp "$eh" "$stage/bin/ebpfhello"
cp "$workload" "$stage/bin/ehworkload"
cp "$compat" "$stage/bin/ehcompat"
cp "$lineage" "$stage/bin/ehlineage"
cp -r "$tests"/lib.sh "$tests"/runtime "$tests"/vm "$stage/tests/"

cat > "$stage/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
printf 'root:x:0:\nnogroup:x:65534:\n' > "$stage/etc/group"
# the kernel opens /dev/console for init before devtmpfs is mounted
mknod -m 600 "$stage/dev/console" c 5 1
mknod -m 666 "$stage/dev/null" c 1 3

cat > "$stage/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# as udev makes it on a real system: 5.10 fails an execveat() of a
# descriptor (fexecve) with ENOENT without it (6.x does not look)
ln -s /proc/self/fd /dev/fd
mount -t tmpfs tmpfs /tmp
mount -t tracefs tracefs /sys/kernel/tracing
mount -t cgroup2 cgroup2 /sys/fs/cgroup
echo "EH-VM-KERNEL $(uname -r)"
/usr/bin/bash /tests/vm/inside.sh
echo "EH-VM-DONE"
poweroff -f
INIT
chmod 755 "$stage/init"

(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
