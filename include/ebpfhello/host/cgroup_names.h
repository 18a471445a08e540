/* SPDX-License-Identifier: MIT */
/*
 * A cgroup's path as the kernel knows it, noted by a BPF program the first
 * time it counts or reports a task of that cgroup (bpf/cgroup_names.bpf.h),
 * so that user space can name a cgroup that is gone by the time it reads
 * the count (a container that lived a millisecond): the names of its last
 * EH_CG_LEVELS components, innermost first.
 */
#ifndef EBPFHELLO_CGROUP_NAMES_H
#define EBPFHELLO_CGROUP_NAMES_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define EH_CG_LEVELS	8
#define EH_CG_NAME_LEN	128
#define EH_CG_MAX_IDS	4096

struct eh_cgroup_names {
	__u8 levels;		/* components in name[] */
	__u8 cut;		/* 1: there are more above them (the path is partial) */
	__u8 pad[6];
	char name[EH_CG_LEVELS][EH_CG_NAME_LEN];	/* innermost first */
};

#endif
