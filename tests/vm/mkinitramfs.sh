#!/bin/bash
# Builds the test VMs' initramfs: busybox, bash and jq (with the libraries
# they load), the static ebpfhello and ehworkload, and the test scripts.
#
#   mkinitramfs.sh OUT.cpio.gz EBPFHELLO EHWORKLOAD TESTS_DIR
set -euo pipefail
out=$1 eh=$2 workload=$3 tests=$4
stage=$(mktemp -d)
chmod 755 "$stage"	# the VM's /: non-root tests must get through it
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,etc,proc,sys,dev,tmp,tests}
cp /bin/busybox "$stage/bin/busybox"
cp "$eh" "$stage/bin/ebpfhello"
cp "$workload" "$stage/bin/ehworkload"
cp -r "$tests"/lib.sh "$tests"/runtime "$tests"/vm "$stage/tests/"

# bash and jq are dynamic: take their libraries and loader along
for bin in bash jq; do
	path=$(command -v "$bin")
	cp "$path" "$stage/usr/bin/$bin"
	ldd "$path" | awk '/=>/ { print $3 } /ld-linux/ { print $1 }' | while read -r lib; do
		[ -e "$lib" ] || continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
done

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
export PATH=/usr/bin:/bin:/sbin HOME=/
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
echo "EH-VM-KERNEL $(uname -r)"
/usr/bin/bash /tests/vm/inside.sh
echo "EH-VM-DONE"
poweroff -f
INIT
chmod 755 "$stage/init"

(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
