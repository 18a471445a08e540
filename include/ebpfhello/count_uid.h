/* SPDX-License-Identifier: MIT */
/* count-uid: what bpf/count_uid.bpf.c and cmd/count_uid.c share. */
#ifndef EBPFHELLO_COUNT_UID_H
#define EBPFHELLO_COUNT_UID_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/*
 * The fast path in front of counter_table: a per-CPU array of slots
 * indexed by uid % EH_UID_SLOTS, each holding one uid and its count.  A
 * slot is claimed by compare-and-swap (BPF atomics, Linux 5.12+); a uid
 * whose slot another uid holds is counted in the hash.  User space adds
 * up both.
 */
#define EH_UID_SLOTS	256

struct eh_uid_slot {
	__u64 uid1;		/* uid + 1; 0: free */
	__u64 count;
};

#endif
