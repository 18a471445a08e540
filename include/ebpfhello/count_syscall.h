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
	EH_BY_CGROUP,		/* per-CPU hash, u64 key (cgroup v2 id): --by
				 * cgroup|unit|container, the identity object */
};

/* What is counted, and where in the syscall */
enum eh_measure {
	EH_MEASURE_CALLS = 0,	/* every call, at entry (the default) */
	EH_MEASURE_FAILED,	/* --failed-only: failed calls, at exit, keyed by --by */
	EH_MEASURE_ERRORS,	/* --errors: failed calls by syscall and errno, at exit */
	EH_MEASURE_LATENCY,	/* --latency: entry to exit, by syscall */
};

#define EH_MAX_KEYS		10240

/*
 * A call's "sid": its syscall with the ABI it came in by (abi.h), as every
 * map keys it (S = EH_SYSCALL_SLOTS):
 *
 *   [0, S)                native ids: the per-CPU array by_syscall's index
 *   [S, 2S)               compat ids (i386, arm32) + S
 *   [2S, 3S)              x32 ids, without their bit, + 2S
 *   [3S, 3S + ODD_MAX)    any other id (past the table, negative, x32 past
 *                         S...): 3S + the slot it owns in odd_ids, which
 *                         says what it was (struct eh_odd_id)
 *   EH_SID_OVER           ids that found no free slot there: counted
 *                         together, and their calls in eh_odd_over
 *
 * Only native ids take the fast path; the others count in the by_id hash.
 */
#define EH_SID_COMPAT		EH_SYSCALL_SLOTS
#define EH_SID_X32		(2 * EH_SYSCALL_SLOTS)
#define EH_SID_ODD		(3 * EH_SYSCALL_SLOTS)
#define EH_ODD_MAX		256	/* a power of two */
#define EH_SID_OVER		(EH_SID_ODD + EH_ODD_MAX)
#define EH_SIDS			(EH_SID_OVER + 1)

/* what an odd_ids slot holds: the id as the kernel passed it, and its ABI */
struct eh_odd_id {
	__s64 id;
	__u32 abi;
	__u32 pad;
};

/* --errors: the key of a (syscall, errno) count; errno is 1..4095 (sids
 * fit 12 bits) */
_Static_assert(EH_SIDS <= 4096, "sids must fit --errors' 12 bits");
#define EH_ERR_KEY(slot, err)	((__u32)(slot) << 12 | (__u32)(err))
#define EH_ERR_SLOT(key)	((key) >> 12)
#define EH_ERR_ERRNO(key)	((key) & 4095)

/* --latency: the lat array holds, per sid, the calls and their ns */
#define EH_LAT_COUNT(slot)	(2 * (__u32)(slot))
#define EH_LAT_NS(slot)		(2 * (__u32)(slot) + 1)
#define EH_LAT_ENTRIES		(2 * EH_SIDS)
/* --histogram: lat_hist's key of a log2 bucket (0..63) of a syscall slot */
#define EH_HIST_KEY(slot, b)	((__u32)(slot) << 6 | (__u32)(b))

/* --latency: a syscall in progress, in starts, keyed by its task */
struct eh_syscall_start {
	__u64 ts_ns;
	__u32 sid;
	__u32 pad;
};

#endif
