/* SPDX-License-Identifier: MIT */
/* count-syscall: what bpf/count_syscall.bpf.c and cmd/count_syscall.c share. */
#ifndef EBPFHELLO_COUNT_SYSCALL_H
#define EBPFHELLO_COUNT_SYSCALL_H

#include <ebpfhello/base/bpf_config.h>

/* --by: the key of the counts */
enum eh_count_by {
	EH_BY_SYSCALL = 0,	/* per-CPU array indexed by syscall id */
	EH_BY_UID,		/* per-CPU hash, u32 key */
	EH_BY_PID,		/* per-CPU hash, u32 key (tgid) */
	EH_BY_COMM,		/* per-CPU hash, char[EH_COMM_LEN] key */
};

/* What is counted, and where in the syscall */
enum eh_measure {
	EH_MEASURE_CALLS = 0,	/* every call, at entry (the default) */
	EH_MEASURE_FAILED,	/* --failed-only: failed calls, at exit, keyed by --by */
	EH_MEASURE_ERRORS,	/* --errors: failed calls by syscall and errno, at exit */
	EH_MEASURE_LATENCY,	/* --latency: entry to exit, by syscall */
};

/* by_syscall slot for ids outside 0..EH_SYSCALL_SLOTS-1 (x32, bogus) */
#define EH_SYSCALL_OTHER	EH_SYSCALL_SLOTS
#define EH_MAX_KEYS		10240

/* --errors: the key of a (syscall, errno) count; errno is 1..4095 */
#define EH_ERR_KEY(slot, err)	((__u32)(slot) << 12 | (__u32)(err))
#define EH_ERR_SLOT(key)	((key) >> 12)
#define EH_ERR_ERRNO(key)	((key) & 4095)

/* --latency: the lat array holds, per syscall slot, the calls and their ns */
#define EH_LAT_COUNT(slot)	(2 * (__u32)(slot))
#define EH_LAT_NS(slot)		(2 * (__u32)(slot) + 1)
#define EH_LAT_ENTRIES		(2 * (EH_SYSCALL_SLOTS + 1))
/* --histogram: lat_hist's key of a log2 bucket (0..63) of a syscall slot */
#define EH_HIST_KEY(slot, b)	((__u32)(slot) << 6 | (__u32)(b))

/* --latency: a syscall in progress, in starts, keyed by its task */
struct eh_syscall_start {
	__u64 ts_ns;
	__u32 id;
	__u32 pad;
};

#endif
