#!/bin/sh
# Copies a kernel's BTF (what it serves as /sys/kernel/btf/vmlinux) out of
# its boot image, without booting it: the build's vmlinux.h for another
# architecture comes from there.
#
#   btf-from-image.sh IMAGE OUT
#
# Debian's arm64 vmlinuz is the kernel's uncompressed Image (an EFI stub:
# "MZ" at 0), which holds the .BTF section byte for byte.  Where it starts
# is in System.map (__start_BTF), but Debian ships a one-line stub of that
# file, so the blob is found by its own header instead:
#   magic 0xeb9f (u16), version 1 (u8), flags 0 (u8), hdr_len 24 (u32),
#   type_off 0, type_len, str_off = type_len, str_len (u32 each),
# little-endian on arm64 and x86-64 alike; its length is
# hdr_len + str_off + str_len.  Modules' BTF is small and lives elsewhere,
# so exactly one header of at least 1 MiB must be found.  A gzip'd image is
# unpacked first; an EFI zboot image (CONFIG_EFI_ZBOOT, "zimg" at offset 4)
# is refused with a message.
set -eu
me=btf-from-image.sh
if [ $# -ne 2 ]; then
	echo "usage: $me IMAGE OUT" >&2
	exit 2
fi
image=$1
out=$2
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp" "$tmp.img"' EXIT
trap 'exit 1' HUP INT TERM

case $(od -An -tx1 -N2 "$image" | tr -d ' \n') in
1f8b)
	gzip -dc "$image" > "$tmp.img"
	image=$tmp.img
	;;
4d5a)
	if [ "$(dd if="$image" bs=1 skip=4 count=4 status=none)" = zimg ]; then
		echo "$me: $image is an EFI zboot image (compressed payload); not supported" >&2
		exit 1
	fi
	;;
esac

# u32 FILE OFFSET: a little-endian 32-bit field (od reads in host order,
# which is little-endian on every build host we support)
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' \n'; }

found=0
for off in $(LC_ALL=C grep -obUaP '\x9f\xeb\x01\x00\x18\x00\x00\x00' "$image" | cut -d: -f1); do
	type_off=$(u32 "$image" $((off + 8)))
	type_len=$(u32 "$image" $((off + 12)))
	str_off=$(u32 "$image" $((off + 16)))
	str_len=$(u32 "$image" $((off + 20)))
	[ "$type_off" = 0 ] && [ "$str_off" = "$type_len" ] || continue
	size=$((24 + str_off + str_len))
	[ "$size" -ge 1048576 ] || continue
	found=$((found + 1))
	dd if="$image" of="$tmp" bs=1M iflag=skip_bytes,count_bytes skip="$off" count="$size" status=none
done
if [ "$found" != 1 ]; then
	echo "$me: $found vmlinux BTF blobs in $image, expected exactly 1" >&2
	exit 1
fi
mv "$tmp" "$out"
