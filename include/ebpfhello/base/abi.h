/* SPDX-License-Identifier: MIT */
/*
 * Syscall ABIs: the calls a 64-bit kernel takes besides its own.  An x86-64
 * kernel also runs i386 programs (int 0x80, sysenter; also a 64-bit program
 * that executes int 0x80) and, where built in, x32 ones; an arm64 kernel
 * runs AArch32 (EABI) programs.  Each ABI numbers the syscalls its own way:
 * i386's getppid is 64, which is x86-64's semget.  Shared by
 * bpf/syscall_abi.bpf.h (which ABI a call came in by) and the user side
 * (cmd/core/host/syscall_abis.c: their names).  Fixed-width types only.
 */
#ifndef EBPFHELLO_ABI_H
#define EBPFHELLO_ABI_H

enum eh_abi {
	EH_ABI_NATIVE = 0,	/* x86_64, aarch64 */
	EH_ABI_COMPAT,		/* i386 on x86-64, arm32 (EABI) on arm64 */
	EH_ABI_X32,		/* x86-64 only: the syscall number has this bit */
	EH_ABI__COUNT,
};

#define EH_X32_SYSCALL_BIT	0x40000000

/*
 * How the BPF side tells a compat call (a .rodata setting; user space
 * picks it from what the kernel offers, probe.h's task_btf):
 *   NONE   not at all (the run needs no syscall keys)
 *   PROBE  bpf_probe_read_kernel() of the task (kernels before 5.11)
 *   BTF    plain loads through bpf_get_current_task_btf() (5.11+) and, on
 *          arm64, bpf_task_pt_regs() (5.15+)
 * The layouts read are by the kernel's release (x86-64's thread_info grew
 * in 5.11), which user space gives the probe path (eh_abi_status_off).
 */
enum eh_abi_read {
	EH_ABI_READ_NONE = 0,
	EH_ABI_READ_PROBE,
	EH_ABI_READ_BTF,
};

#endif
