/* SPDX-License-Identifier: MIT */
/*
 * The current process as its own pid namespace sees it: the namespace's
 * inode number (what /proc/PID/ns/pid links to: pid:[N]) and the thread
 * group id there, which is 1 for a container's first process.  CO-RE reads:
 * include it only in objects that parse the kernel's BTF anyway.
 */
#ifndef EBPFHELLO_PIDNS_BPF_H
#define EBPFHELLO_PIDNS_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>

/* pid namespaces nest at most 32 deep (MAX_PID_NS_LEVEL) */
#define EH_PID_NS_LEVELS	32

static __always_inline void eh_ns_pid(__u32 *nspid, __u32 *ns_inum)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct pid *pid = BPF_CORE_READ(task, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);
	struct upid up = {};

	/* numbers[level]: the innermost namespace, the task's own */
	bpf_core_read(&up, sizeof(up), &pid->numbers[level & (EH_PID_NS_LEVELS - 1)]);
	*nspid = (__u32)up.nr;
	*ns_inum = BPF_CORE_READ(up.ns, ns.inum);
}

#endif
