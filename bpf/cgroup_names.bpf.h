/* SPDX-License-Identifier: MIT */
/*
 * Noting the current task's cgroup (v2) path, once per cgroup id, in
 * eh_cgroup_names (include/ebpfhello/host/cgroup_names.h): the kernfs names from
 * the task's default-hierarchy cgroup up to the root.  A program calls
 * eh_note_cgroup() only where it makes a new key or when identity was asked
 * for: a map lookup on every other call, the names read once per cgroup.
 */
#ifndef EBPFHELLO_CGROUP_NAMES_BPF_H
#define EBPFHELLO_CGROUP_NAMES_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>
#include <ebpfhello/host/cgroup_names.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, EH_CG_MAX_IDS);
	__type(key, __u64);
	__type(value, struct eh_cgroup_names);
} eh_cgroup_names SEC(".maps");

/* too big for the stack */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct eh_cgroup_names);
} eh_cgroup_names_scratch SEC(".maps");

/* kernfs_node's parent is "__parent" since Linux 6.15, "parent" before;
 * both spelled here, as vmlinux.h may come from either (the arm64 build's
 * from a 6.12 kernel) */
struct kernfs_node___new {
	struct kernfs_node *__parent;
} __attribute__((preserve_access_index));

struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *eh_kn_parent(struct kernfs_node *kn)
{
	struct kernfs_node___new *n = (void *)kn;
	struct kernfs_node___old *o = (void *)kn;

	if (bpf_core_field_exists(n->__parent))
		return BPF_CORE_READ(n, __parent);
	return BPF_CORE_READ(o, parent);
}

static __always_inline void eh_note_cgroup(__u64 id)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct kernfs_node *kn, *up;
	struct eh_cgroup_names *n;
	__u32 zero = 0;
	int i;

	if (bpf_map_lookup_elem(&eh_cgroup_names, &id))
		return;
	n = bpf_map_lookup_elem(&eh_cgroup_names_scratch, &zero);
	if (!n)
		return;
	n->levels = 0;
	n->cut = 0;
	kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);
#pragma unroll
	for (i = 0; i < EH_CG_LEVELS; i++) {
		up = kn ? eh_kn_parent(kn) : NULL;
		if (!up)
			break;		/* kn is the root: its name is not part of the path */
		bpf_probe_read_kernel_str(n->name[i], EH_CG_NAME_LEN, BPF_CORE_READ(kn, name));
		n->levels = (__u8)(i + 1);
		kn = up;
	}
	if (kn && eh_kn_parent(kn))
		n->cut = 1;
	bpf_map_update_elem(&eh_cgroup_names, &id, n, BPF_NOEXIST);
}

#endif
