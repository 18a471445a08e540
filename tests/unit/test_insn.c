// SPDX-License-Identifier: MIT
/* BPF instructions as text: one of each kind the programs hold, as the
 * kernel hands them back translated. */
#include <string.h>

#include <ebpfhello/show/insn.h>

#include "check.h"

#define I(c, d, s, o, i)	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						   .off = (o), .imm = (i) })

static const char *helper(void *ctx, int32_t imm)
{
	return imm == 1234 ? "bpf_ktime_get_ns" : NULL;
}

static const char *map(void *ctx, uint32_t id)
{
	return id == 77 ? "handlers" : NULL;
}

static const struct eh_insn_names names = { helper, map, NULL };

/* the text of one instruction, and how many slots it took */
static const char *text(struct bpf_insn a, struct bpf_insn b, size_t left, int *slots)
{
	static char buf[192];
	struct bpf_insn two[2] = { a, b };

	*slots = eh_insn_text(two, left, &names, buf, sizeof(buf));
	return buf;
}

#define ONE(insn, want)							\
	do {								\
		int n_;							\
		CHECK_STR(text(insn, I(0, 0, 0, 0, 0), 2, &n_), want);	\
		CHECK(n_ == 1);						\
	} while (0)

int main(void)
{
	int n;

	ONE(I(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0), "r6 = r1");
	ONE(I(BPF_ALU64 | BPF_RSH | BPF_K, 0, 0, 0, 32), "r0 >>= 32");
	ONE(I(BPF_ALU | BPF_ADD | BPF_K, 1, 0, 0, 5), "w1 += 5");
	ONE(I(BPF_ALU64 | BPF_ARSH | BPF_X, 2, 3, 0, 0), "r2 s>>= r3");
	ONE(I(BPF_ALU64 | BPF_NEG, 1, 0, 0, 0), "r1 = -r1");
	ONE(I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16), "r1 = be16 r1");
	ONE(I(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "r1 s/= r2");
	ONE(I(BPF_LDX | BPF_MEM | BPF_DW, 7, 6, 8, 0), "r7 = *(u64 *)(r6 +8)");
	ONE(I(BPF_LDX | BPF_MEM | BPF_B, 1, 8, 10, 0), "r1 = *(u8 *)(r8 +10)");
	ONE(I(BPF_ST | BPF_MEM | BPF_W, 10, 0, -8, 0), "*(u32 *)(r10 -8) = 0");
	ONE(I(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -24, 0), "*(u64 *)(r10 -24) = r1");
	ONE(I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 0, BPF_ADD), "lock *(u64 *)(r1 +0) += r2");
	ONE(I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 0, BPF_ADD | BPF_FETCH),
	    "r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)");
	ONE(I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 4, BPF_CMPXCHG),
	    "r0 = atomic_cmpxchg((u32 *)(r1 +4), r0, r2)");
	ONE(I(BPF_JMP | BPF_JEQ | BPF_X, 1, 0, 112, 0), "if r1 == r0 goto pc+112");
	ONE(I(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 33, 1023), "if r7 > 0x3ff goto pc+33");
	ONE(I(BPF_JMP | BPF_JSGT | BPF_K, 0, 0, -5, -1), "if r0 s> 0xffffffff goto pc-5");
	ONE(I(BPF_JMP32 | BPF_JEQ | BPF_K, 1, 0, 3, 2), "if w1 == 0x2 goto pc+3");
	ONE(I(BPF_JMP | BPF_JA, 0, 0, 3, 0), "goto pc+3");
	ONE(I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "exit");
	ONE(I(BPF_JMP | BPF_CALL, 0, 0, 0, 1234), "call bpf_ktime_get_ns");
	ONE(I(BPF_JMP | BPF_CALL, 0, 0, 0, -40), "call helper at __bpf_call_base-40");
	ONE(I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 7), "call pc+7");

	/* ld_imm64 takes two slots, and needs both */
	CHECK_STR(text(I(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, (int32_t)0xfffffff8),
		       I(0, 0, 0, 0, 0x1fffffff), 2, &n), "r2 = 0x1ffffffffffffff8");
	CHECK(n == 2);
	CHECK_STR(text(I(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_MAP_FD, 0, 77),
		       I(0, 0, 0, 0, 0), 2, &n), "r2 = map[id:77] handlers");
	CHECK(n == 2);
	CHECK_STR(text(I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 78),
		       I(0, 0, 0, 0, 300), 2, &n), "r1 = map[id:78][0]+300");
	CHECK(n == 2);
	CHECK_STR(text(I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 1), I(0, 0, 0, 0, 0), 1, &n),
		  "(ld_imm64 cut short)");
	CHECK(n == 1);
	/* no names at all: the encoding alone */
	{
		struct bpf_insn call = I(BPF_JMP | BPF_CALL, 0, 0, 0, 1234);
		char buf[64];

		eh_insn_text(&call, 1, NULL, buf, sizeof(buf));
		CHECK_STR(buf, "call helper at __bpf_call_base+1234");
	}
	return check_done("test_insn");
}
