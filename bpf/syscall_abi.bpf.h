/* SPDX-License-Identifier: MIT */
/*
 * Which ABI the current syscall came in by (include/ebpfhello/base/abi.h): a
 * compat call (i386 on x86-64, AArch32 on arm64) numbers the syscalls its
 * own way, and a sys_enter program sees only the number.
 *
 * x86-64: the kernel marks a compat call in the task's thread_info.status
 * (TS_COMPAT: set on the int 0x80 / sysenter / compat syscall entry, also
 * when a 64-bit program executes int 0x80; cleared on the way out), which
 * no register shows.  thread_info is task_struct's first member
 * (THREAD_INFO_IN_TASK), and status follows flags and, since 5.11,
 * syscall_work (5.11 is also when bpf_get_current_task_btf() came: the BTF
 * path is taken from that release on).
 * arm64: an AArch32 task's saved pstate has PSR_MODE32_BIT, an
 * architectural bit in the ptrace layout of pt_regs; where the program has
 * no pt_regs (the raw_syscalls tracepoint), bpf_task_pt_regs() (5.15) finds
 * them, and older kernels have the task's TIF_32BIT flag (bit 22 of
 * thread_info.flags before the generic TIF bits of 2025 moved it).
 *
 * Offsets are plain, not CO-RE: a CO-RE access would make libbpf parse the
 * kernel's BTF at every start (~40 ms here, against ~4 ms for the whole
 * start of count-syscall).  The plain loads of the BTF path are checked by
 * the verifier against the running kernel's types; the layouts are those of
 * every kernel of the test matrix (docs/count-syscall.md).
 */
#ifndef EBPFHELLO_SYSCALL_ABI_BPF_H
#define EBPFHELLO_SYSCALL_ABI_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include <ebpfhello/base/abi.h>

const volatile __u32 eh_abi_read = EH_ABI_READ_NONE;
/* x86-64: where the probe path finds thread_info.status (below) */
const volatile __u32 eh_abi_status_off = 16;

#if defined(__TARGET_ARCH_x86)
#define EH_TS_COMPAT		0x0002	/* arch/x86/include/asm/thread_info.h */
/* thread_info.status in task_struct: 5.11+ (flags, syscall_work, status),
 * the BTF path's; the probe path reads at eh_abi_status_off, which user
 * space sets by the kernel's version (8 before 5.11: flags, status) */
#define EH_STATUS_OFF		16
_Static_assert(__builtin_offsetof(struct task_struct, thread_info) == 0 &&
	       __builtin_offsetof(struct thread_info, status) == EH_STATUS_OFF,
	       "x86-64 thread_info moved");

static __always_inline __u32 eh_syscall_abi(const void *regs)
{
	__u32 status = 0;

	if (eh_abi_read == EH_ABI_READ_NONE)
		return EH_ABI_NATIVE;
	/* volatile: a load the compiler merged with the stack's below would be
	 * one instruction with two kinds of pointer, which the verifier refuses */
	if (eh_abi_read == EH_ABI_READ_BTF)
		status = *(const volatile __u32 *)((const char *)bpf_get_current_task_btf() +
						   EH_STATUS_OFF);
	else
		bpf_probe_read_kernel(&status, sizeof(status),
				      (const char *)bpf_get_current_task() + eh_abi_status_off);
	return status & EH_TS_COMPAT ? EH_ABI_COMPAT : EH_ABI_NATIVE;
}

#elif defined(__TARGET_ARCH_arm64)
#define EH_PSR_MODE32_BIT	0x10	/* SPSR.nRW: the task ran AArch32 */
#define EH_PSTATE_OFF		__builtin_offsetof(struct pt_regs, pstate)
#define EH_TIF_32BIT_OLD	22	/* thread_info.flags, kernels before 5.15 */
_Static_assert(__builtin_offsetof(struct pt_regs, pstate) == 264, "arm64 pt_regs moved");

/*
 * regs: the syscall's saved registers, or NULL.  Read with
 * bpf_probe_read_kernel() whatever their type: a plain load of typed
 * registers and the stack copy of an untyped read, merged into one
 * instruction by the compiler, are refused ("same insn cannot be used with
 * different pointers").
 */
static __always_inline __u32 eh_syscall_abi(const void *regs)
{
	__u64 v = 0;

	if (eh_abi_read == EH_ABI_READ_NONE)
		return EH_ABI_NATIVE;
	if (!regs && eh_abi_read == EH_ABI_READ_BTF)
		regs = (const void *)bpf_task_pt_regs(bpf_get_current_task_btf());
	if (!regs) {
		bpf_probe_read_kernel(&v, sizeof(v), (const void *)bpf_get_current_task());
		return v & (1ULL << EH_TIF_32BIT_OLD) ? EH_ABI_COMPAT : EH_ABI_NATIVE;
	}
	bpf_probe_read_kernel(&v, sizeof(v), (const char *)regs + EH_PSTATE_OFF);
	return v & EH_PSR_MODE32_BIT ? EH_ABI_COMPAT : EH_ABI_NATIVE;
}

#else
#error "how a compat syscall is told is not known for this architecture"
#endif

#endif
