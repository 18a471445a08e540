/* SPDX-License-Identifier: MIT */
/*
 * Settings every BPF object of ebpfhello reads from its .rodata.  The shared
 * layer (cmd/core/load/session.c) writes them between open and load, so the
 * verifier sees them as constants and removes the code of unused filters.
 *
 * Compiled both by clang -target bpf (after vmlinux.h) and by the host
 * compiler: fixed-width types only.
 */
#ifndef EBPFHELLO_BPF_CONFIG_H
#define EBPFHELLO_BPF_CONFIG_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define EH_COMM_LEN		16
/* Syscall ids below this are filtered/counted by index; x86-64 and the
 * generic table are both under 512 today, leave room to grow. */
#define EH_SYSCALL_SLOTS	1024
/* fentry programs attach to one function each: this many --syscall values
 * can be traced with --attach fentry (separate programs, one shared map). */
#define EH_MAX_FENTRY		8

struct eh_config {
	__u32 pid;			/* keep only this tgid, when has_pid */
	__u32 uid;			/* keep only this uid, when has_uid */
	__u8 has_pid;
	__u8 has_uid;
	__u8 has_comm;
	__u8 sys_filter;		/* sys_enter programs: keep sys_bits only */
	__u8 use_ringbuf;		/* events: ring buffer (1) or perf buffer (0) */
	__u8 has_cgroup;		/* keep only tasks under eh_cgroup[0] */
	__u8 pad[2];
	__u32 wakeup_bytes;		/* ring buffer: wake the reader from this backlog on */
	char comm[EH_COMM_LEN];		/* keep only this comm, NUL padded */
	__u64 sys_bits[EH_SYSCALL_SLOTS / 64];
};

#endif
