// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The benchmark's floor: the least a program on sys_enter can do.
 * floor_empty returns at once; floor_count adds one to a per-CPU array
 * slot per syscall id, the cheapest counter there is (plain add: this
 * program is for measuring, not for exact counts under preemption);
 * floor_uid does the same per uid (uid % 1024, collisions ignored), the
 * least that counting by user can cost.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} floor_counts SEC(".maps");

SEC("raw_tp/sys_enter")
int floor_empty(void *ctx)
{
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(floor_count, struct pt_regs *regs, long id)
{
	__u32 key = (__u32)id;
	__u64 *v;

	if (key >= 1024)
		return 0;
	v = bpf_map_lookup_elem(&floor_counts, &key);
	if (v)
		*v += 1;
	return 0;
}

SEC("raw_tp/sys_enter")
int floor_uid(void *ctx)
{
	__u32 key = (__u32)bpf_get_current_uid_gid() & 1023;
	__u64 *v = bpf_map_lookup_elem(&floor_counts, &key);

	if (v)
		*v += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
