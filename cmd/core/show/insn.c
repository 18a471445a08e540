// SPDX-License-Identifier: MIT
/* BPF instructions as text; see include/ebpfhello/show/insn.h. */
#include <stdbool.h>
#include <stdio.h>

#include <ebpfhello/show/insn.h>

/* not in every uapi header this builds against (cpu v4, 6.6) */
#ifndef BPF_MEMSX
#define BPF_MEMSX	0x80
#endif
#ifndef BPF_JCOND
#define BPF_JCOND	0xe0
#endif

static const char *const alu_op[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=",
	"end",
};

static const char *const jmp_op[16] = {
	"ja", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=",
};

static const char *const size_name[4] = { "u32", "u16", "u8", "u64" };

static const char *size_of(uint8_t code, bool sign)
{
	static const char *const s_name[4] = { "s32", "s16", "s8", "s64" };

	return (sign ? s_name : size_name)[(code & 0x18) >> 3];
}

static void alu(const struct bpf_insn *i, char *buf, size_t len)
{
	bool is64 = BPF_CLASS(i->code) == BPF_ALU64, x = BPF_SRC(i->code) == BPF_X;
	unsigned int op = BPF_OP(i->code) >> 4;
	char r = is64 ? 'r' : 'w';

	if (BPF_OP(i->code) == BPF_NEG) {
		snprintf(buf, len, "%c%d = -%c%d", r, i->dst_reg, r, i->dst_reg);
	} else if (BPF_OP(i->code) == BPF_END) {
		snprintf(buf, len, "r%d = %s%d r%d", i->dst_reg,
			 is64 ? "bswap" : x ? "be" : "le", i->imm, i->dst_reg);
	} else if (BPF_OP(i->code) == BPF_MOV && x && i->off) {
		snprintf(buf, len, "%c%d = (s%d)%c%d", r, i->dst_reg, i->off, r, i->src_reg);
	} else if (x) {
		snprintf(buf, len, "%c%d %s%s %c%d", r, i->dst_reg, i->off == 1 ? "s" : "",
			 alu_op[op], r, i->src_reg);
	} else {
		snprintf(buf, len, "%c%d %s%s %d", r, i->dst_reg, i->off == 1 ? "s" : "",
			 alu_op[op], i->imm);
	}
}

static const char *atomic_op(int32_t imm)
{
	switch (imm & ~BPF_FETCH) {
	case BPF_ADD: return "add";
	case BPF_AND: return "and";
	case BPF_OR: return "or";
	case BPF_XOR: return "xor";
	}
	return imm == BPF_XCHG ? "xchg" : imm == BPF_CMPXCHG ? "cmpxchg" : "?";
}

static void store(const struct bpf_insn *i, char *buf, size_t len)
{
	const char *sz = size_of(i->code, false);
	bool w = BPF_SIZE(i->code) == BPF_W;

	if (BPF_CLASS(i->code) == BPF_ST)
		snprintf(buf, len, "*(%s *)(r%d %+d) = %d", sz, i->dst_reg, i->off, i->imm);
	else if (BPF_MODE(i->code) != BPF_ATOMIC)
		snprintf(buf, len, "*(%s *)(r%d %+d) = r%d", sz, i->dst_reg, i->off, i->src_reg);
	else if (i->imm == BPF_CMPXCHG)
		snprintf(buf, len, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", w ? "" : "64",
			 sz, i->dst_reg, i->off, i->src_reg);
	else if (i->imm & BPF_FETCH)
		snprintf(buf, len, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", i->src_reg,
			 w ? "" : "64", atomic_op(i->imm), sz, i->dst_reg, i->off, i->src_reg);
	else
		snprintf(buf, len, "lock *(%s *)(r%d %+d) %s r%d", sz, i->dst_reg, i->off,
			 alu_op[(i->imm & 0xf0) >> 4], i->src_reg);
}

static void call(const struct bpf_insn *i, const struct eh_insn_names *n, char *buf, size_t len)
{
	const char *name = NULL;

	if (i->src_reg == BPF_PSEUDO_CALL) {
		snprintf(buf, len, "call pc%+d", i->imm);
		return;
	}
	if (i->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		snprintf(buf, len, "call kernel function (BTF id %d)", i->imm);
		return;
	}
	if (n && n->helper)
		name = n->helper(n->ctx, i->imm);
	if (name)
		snprintf(buf, len, "call %s", name);
	else
		snprintf(buf, len, "call helper at __bpf_call_base%+d", i->imm);
}

static void jump(const struct bpf_insn *i, const struct eh_insn_names *n, char *buf, size_t len)
{
	char r = BPF_CLASS(i->code) == BPF_JMP32 ? 'w' : 'r';
	unsigned int op = BPF_OP(i->code);

	if (op == BPF_CALL)
		call(i, n, buf, len);
	else if (op == BPF_EXIT)
		snprintf(buf, len, "exit");
	else if (op == BPF_JA)
		snprintf(buf, len, r == 'w' ? "gotol pc%+d" : "goto pc%+d",
			 r == 'w' ? i->imm : i->off);
	else if (op == BPF_JCOND)
		snprintf(buf, len, "may_goto pc%+d", i->off);
	else if (BPF_SRC(i->code) == BPF_X)
		snprintf(buf, len, "if %c%d %s %c%d goto pc%+d", r, i->dst_reg, jmp_op[op >> 4], r,
			 i->src_reg, i->off);
	else
		snprintf(buf, len, "if %c%d %s 0x%x goto pc%+d", r, i->dst_reg, jmp_op[op >> 4],
			 (unsigned int)i->imm, i->off);
}

static int imm64(const struct bpf_insn *i, size_t left, const struct eh_insn_names *n,
		 char *buf, size_t len)
{
	uint64_t v;
	const char *name = NULL;

	if (left < 2) {
		snprintf(buf, len, "(ld_imm64 cut short)");
		return 1;
	}
	v = (uint64_t)(uint32_t)i[1].imm << 32 | (uint32_t)i[0].imm;
	if ((i->src_reg == BPF_PSEUDO_MAP_FD || i->src_reg == BPF_PSEUDO_MAP_VALUE) && n && n->map)
		name = n->map(n->ctx, (uint32_t)i->imm);
	if (i->src_reg == BPF_PSEUDO_MAP_FD)
		snprintf(buf, len, "r%d = map[id:%u]%s%s", i->dst_reg, (uint32_t)i->imm,
			 name ? " " : "", name ? name : "");
	else if (i->src_reg == BPF_PSEUDO_MAP_VALUE)
		snprintf(buf, len, "r%d = map[id:%u][0]+%d%s%s", i->dst_reg, (uint32_t)i->imm,
			 i[1].imm, name ? " " : "", name ? name : "");
	else if (i->src_reg == BPF_PSEUDO_FUNC)
		snprintf(buf, len, "r%d = subprog[pc%+d]", i->dst_reg, i->imm);
	else
		snprintf(buf, len, "r%d = 0x%llx", i->dst_reg, (unsigned long long)v);
	return 2;
}

int eh_insn_text(const struct bpf_insn *insn, size_t left, const struct eh_insn_names *names,
		 char *buf, size_t len)
{
	const struct bpf_insn *i = insn;

	switch (BPF_CLASS(i->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		alu(i, buf, len);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		jump(i, names, buf, len);
		return 1;
	case BPF_LDX:
		snprintf(buf, len, "r%d = *(%s *)(r%d %+d)", i->dst_reg,
			 size_of(i->code, BPF_MODE(i->code) == BPF_MEMSX), i->src_reg, i->off);
		return 1;
	case BPF_ST:
	case BPF_STX:
		store(i, buf, len);
		return 1;
	}
	/* BPF_LD */
	if (i->code == (BPF_LD | BPF_IMM | BPF_DW))
		return imm64(i, left, names, buf, len);
	/* legacy packet loads: socket filters only, never ours */
	snprintf(buf, len, "(ld 0x%02x)", i->code);
	return 1;
}
