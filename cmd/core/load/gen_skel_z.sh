#!/bin/sh
# Makes a skeleton carry its BPF object compressed.
#
#   gen_skel_z.sh OBJECT SKELETON NAME OUTPUT
#
# SKELETON is what `bpftool gen skeleton OBJECT name NAME` wrote: the object
# as one string literal in NAME__elf_bytes().  OUTPUT is the same header
# with that function's body replaced by a gzip stream of OBJECT (gzip -9n:
# no name, no time, so the same object always makes the same bytes) that
# load/embedded.h inflates on first use.  Everything else of the skeleton
# (the maps, programs, .rodata layouts libbpf and the command use) is left
# as bpftool wrote it.  A skeleton whose elf_bytes() does not look as
# expected (another bpftool) is an error, not a header passed through.
set -eu
obj=$1 skel=$2 name=$3 out=$4

size=$(wc -c < "$obj")
gzip -9n -c "$obj" > "$out.gz"
od -An -v -tx1 "$out.gz" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g; s/^/\t\t/' > "$out.hex"

awk -v name="$name" -v size="$size" -v hex="$out.hex" -v obj="$(basename "$obj")" '
	BEGIN { def = "static inline const void *" name "__elf_bytes(size_t *sz)" }
	/^#include <bpf\/libbpf.h>$/ && !inc {
		print
		print "#include <ebpfhello/load/embedded.h>	/* " obj ", compressed (gen_skel_z.sh) */"
		inc = 1
		next
	}
	$0 == def { body = 1; found++; next }
	body && $0 == "}" {
		print def
		print "{"
		print "\tstatic const unsigned char gz[] = {"
		while ((getline line < hex) > 0)
			print line
		print "\t};"
		print "\tstatic struct eh_embedded e = { gz, sizeof(gz), " size ", 0 };"
		print ""
		print "\treturn eh_embedded_bytes(&e, sz);"
		print "}"
		body = 0
		next
	}
	body { next }
	{ print }
	END {
		if (found != 1 || !inc || body) {
			print "gen_skel_z.sh: " name "__elf_bytes() or <bpf/libbpf.h> not found as expected" > "/dev/stderr"
			exit 1
		}
	}' "$skel" > "$out.tmp"
rm -f "$out.gz" "$out.hex"
mv "$out.tmp" "$out"
