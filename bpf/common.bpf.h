/* SPDX-License-Identifier: MIT */
/*
 * What every ebpfhello BPF object shares: the settings user space writes
 * before load (eh_cfg, see include/ebpfhello/base/bpf_config.h) and the filters
 * built on them.  Branches on eh_cfg fold away at load time: a filter that
 * was not asked for costs nothing.
 *
 * No CO-RE field access here: an object that needs none is loaded without
 * parsing the kernel's BTF (tens of milliseconds of start-up).
 */
#ifndef EBPFHELLO_COMMON_BPF_H
#define EBPFHELLO_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include <ebpfhello/base/bpf_config.h>

const volatile struct eh_config eh_cfg = {};

/* --cgroup, --unit, --container: the cgroup (v2) whose tasks, and its
 * descendants', are kept (filled by user space after load) */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} eh_cgroup SEC(".maps");

/* true when the current task is filtered out by --pid/--uid/--comm or
 * --cgroup/--unit/--container */
static __always_inline bool eh_skip_task(void)
{
	if (eh_cfg.has_pid && (__u32)(bpf_get_current_pid_tgid() >> 32) != eh_cfg.pid)
		return true;
	if (eh_cfg.has_uid && (__u32)bpf_get_current_uid_gid() != eh_cfg.uid)
		return true;
	if (eh_cfg.has_comm) {
		char comm[EH_COMM_LEN];
		int i;

		bpf_get_current_comm(comm, sizeof(comm));
#pragma unroll
		for (i = 0; i < EH_COMM_LEN; i++) {
			if (comm[i] != eh_cfg.comm[i])
				return true;
			if (!comm[i])
				break;
		}
	}
	if (eh_cfg.has_cgroup && bpf_current_task_under_cgroup(&eh_cgroup, 0) != 1)
		return true;
	return false;
}

/* sys_enter programs: true when syscall id is one of those asked for */
static __always_inline bool eh_sys_wanted(__u64 id)
{
	if (!eh_cfg.sys_filter)
		return true;
	if (id >= EH_SYSCALL_SLOTS)
		return false;
	return eh_cfg.sys_bits[id / 64] & (1ULL << (id % 64));
}

/* fentry programs come in EH_MAX_FENTRY copies, one per traced syscall */
#define EH_FENTRY_COPIES(name, body)					\
	SEC("fentry") int name##0(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##1(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##2(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##3(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##4(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##5(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##6(void *ctx) { body; return 0; }	\
	SEC("fentry") int name##7(void *ctx) { body; return 0; }

char LICENSE[] SEC("license") = "GPL";

#endif
