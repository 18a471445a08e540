/* SPDX-License-Identifier: MIT */
/*
 * One BPF instruction as text (cmd/core/show/insn.c), in the C-like
 * notation the kernel's verifier log and bpftool use ("r1 = *(u64 *)(r6
 * +16)", "if w0 s> 0x3 goto pc+5", "call bpf_map_lookup_elem"), for
 * `ebpfhello source --xlated`.  Instructions as the kernel hands back a
 * translated program: a helper call's imm is the helper's address less
 * __bpf_call_base, a map reference (ld_imm64, src_reg 1 or 2) carries the
 * map's id.  The caller names those (names below); anything else is
 * spelled out from the encoding alone.
 */
#ifndef EBPFHELLO_INSN_H
#define EBPFHELLO_INSN_H

#include <stddef.h>
#include <stdint.h>

#include <linux/bpf.h>

struct eh_insn_names {
	/* a helper call's imm as translated: the helper's name, or NULL */
	const char *(*helper)(void *ctx, int32_t imm);
	/* a map's id: its name, or NULL */
	const char *(*map)(void *ctx, uint32_t id);
	void *ctx;
};

/*
 * insn[0] (with insn[1] when it is the first half of an ld_imm64 and left,
 * the slots from insn on, is 2 or more) as text in buf.  Returns how many
 * slots it took: 1, or 2 for an ld_imm64.  names may be NULL.
 */
int eh_insn_text(const struct bpf_insn *insn, size_t left, const struct eh_insn_names *names,
		 char *buf, size_t len);

#endif
