/* SPDX-License-Identifier: MIT */
/* count-syscall: what bpf/count_syscall.bpf.c and cmd/count_syscall.c share. */
#ifndef EBPFHELLO_COUNT_SYSCALL_H
#define EBPFHELLO_COUNT_SYSCALL_H

#include <ebpfhello/bpf_config.h>

/* --by: the key of the counts */
enum eh_count_by {
	EH_BY_SYSCALL = 0,	/* per-CPU array indexed by syscall id */
	EH_BY_UID,		/* per-CPU hash, u32 key */
	EH_BY_PID,		/* per-CPU hash, u32 key (tgid) */
	EH_BY_COMM,		/* per-CPU hash, char[EH_COMM_LEN] key */
};

/* by_syscall slot for ids outside 0..EH_SYSCALL_SLOTS-1 (x32, bogus) */
#define EH_SYSCALL_OTHER	EH_SYSCALL_SLOTS
#define EH_MAX_KEYS		10240

#endif
