/* SPDX-License-Identifier: MIT */
/*
 * The syscall number in a task's saved user registers: pt_regs->orig_ax on
 * x86-64, ->syscallno on arm64.  Programs at a syscall's exit (raw_tp and
 * tp_btf sys_exit get only the registers and the result) and at a syscall
 * function (kprobe, fentry: one program on execve and execveat) read it
 * here.
 *
 * A plain read at the offset vmlinux.h gives, not a CO-RE one: this layout
 * is the ptrace ABI (user_regs_struct, user_pt_regs) and has not moved, and
 * an object without CO-RE relocations loads without parsing the kernel's
 * BTF (tens of milliseconds of start-up).  __builtin_offsetof makes no
 * relocation.
 */
#ifndef EBPFHELLO_SYSCALL_REGS_BPF_H
#define EBPFHELLO_SYSCALL_REGS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#if defined(__TARGET_ARCH_x86)
_Static_assert(__builtin_offsetof(struct pt_regs, orig_ax) == 120, "x86-64 pt_regs moved");
#define EH_REGS_NR_OFFSET	__builtin_offsetof(struct pt_regs, orig_ax)
typedef long eh_regs_nr_t;
#elif defined(__TARGET_ARCH_arm64)
#define EH_REGS_NR_OFFSET	__builtin_offsetof(struct pt_regs, syscallno)
typedef int eh_regs_nr_t;
#else
#error "the syscall number's place in pt_regs is not known for this architecture"
#endif

/* -1 when it cannot be read */
static __always_inline long eh_regs_syscall_nr(const struct pt_regs *regs)
{
	eh_regs_nr_t nr = -1;

	bpf_probe_read_kernel(&nr, sizeof(nr), (const char *)regs + EH_REGS_NR_OFFSET);
	return nr;
}

/* the kernel's IS_ERR_VALUE(): results from -4095 to -1 are errors */
#define EH_MAX_ERRNO	4095

static __always_inline bool eh_is_error(long ret)
{
	return (unsigned long)ret >= (unsigned long)-EH_MAX_ERRNO;
}

#endif
