/* SPDX-License-Identifier: MIT */
/*
 * Files the build put inside the binary, gzip-compressed
 * (cmd/core/load/embedded.c): every command's BPF object, which its
 * skeleton hands to libbpf (gen_skel_z.sh rewrites the skeleton's
 * elf_bytes() to come here), and the BPF C they were built from, which
 * `ebpfhello source` prints (gen_sources.sh).
 *
 * The objects are the ones the build compiled, byte for byte, less the
 * .rel.BTF.ext section libbpf never reads; they are a ninth of their size
 * compressed, which is what keeps the static binary under 2 MiB.  Each is
 * inflated on its first use and kept for the life of the process: libbpf
 * reads a skeleton's bytes at every open (the attach fallback opens the
 * object once per mode tried) and keeps pointing at them until load.
 */
#ifndef EBPFHELLO_EMBEDDED_H
#define EBPFHELLO_EMBEDDED_H

#include <stddef.h>

struct eh_embedded {
	const unsigned char *gz;	/* gzip stream, as `gzip -9n` wrote it */
	size_t gz_size;
	size_t size;			/* the file's size, inflated */
	void *bytes;			/* inflated, once; NULL until then */
};

/* A source file of the build (gen/sources.c, gen_sources.sh): its path in
 * the tree, "bpf/tail.bpf.c", and its bytes. */
struct eh_source {
	const char *path;
	struct eh_embedded file;
};

/* The file's bytes, inflated on first use; NULL (and *size 0) when they
 * cannot be (no memory, or a stream that does not inflate to size bytes,
 * CRC checked). */
const void *eh_embedded_bytes(struct eh_embedded *e, size_t *size);

#endif
