/* SPDX-License-Identifier: MIT */
/*
 * events' lineage (--ancestors, --exits, --tree), kernel side: exec ids,
 * the chain of ancestors, and a process's end.
 *
 * An exec's id is read from the task, not remembered: the process's
 * creation time (start_time; a reused pid belongs to a process created
 * later) and its exec count (self_exec_id, which each exec raises and a
 * fork copies, with parent_exec_id: equal, the process never exec'd).  So
 * every ancestor's exec is known, also one from before ebpfhello started,
 * and nothing is kept per process.
 *
 * The chain is walked through real_parent when the record is made, so a
 * parent that is gone by the time user space reads the record is still
 * named.  Where the kernel has bpf_get_current_task_btf() (5.11) the walk
 * is plain loads; before, a helper call per field.
 */
#ifndef EBPFHELLO_LINEAGE_BPF_H
#define EBPFHELLO_LINEAGE_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>
#include <ebpfhello/events.h>

const volatile __u8 eh_lineage = 0;		/* exec ids: any lineage option */
const volatile __u32 eh_ancestors = 0;		/* --ancestors N */

/* the current exec's ancestors, before they are copied after its data */
struct eh_ancestors {
	struct eh_ancestor a[EH_ANCESTORS_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct eh_ancestors);
} eh_ancestors_heap SEC(".maps");

static __always_inline bool lin_btf(void)
{
	return bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf);
}

/* the exec leader's process runs (nr 0: it never exec'd), with plain loads */
#define LIN_REF_BTF(ref, leader)						\
	do {									\
		(ref)->start_ns = (leader)->start_time;				\
		(ref)->nr = (leader)->self_exec_id != (leader)->parent_exec_id ? \
			    (leader)->self_exec_id : 0;				\
	} while (0)

static __always_inline void lin_ref_core(struct eh_exec_ref *ref, struct task_struct *leader)
{
	__u64 self = BPF_CORE_READ(leader, self_exec_id);

	ref->start_ns = BPF_CORE_READ(leader, start_time);
	ref->nr = self != BPF_CORE_READ(leader, parent_exec_id) ? self : 0;
}

/* the exec the current process runs */
static __always_inline void lin_current_exec(struct eh_exec_ref *ref)
{
	struct task_struct *t;

	if (lin_btf()) {
		t = bpf_get_current_task_btf();
		LIN_REF_BTF(ref, t->group_leader);
	} else {
		t = (struct task_struct *)bpf_get_current_task();
		lin_ref_core(ref, BPF_CORE_READ(t, group_leader));
	}
}

/* with BTF pointers: plain loads */
static __always_inline __u32 lin_walk_btf(struct eh_ancestor *a, __u8 *lineage)
{
	struct task_struct *t = bpf_get_current_task_btf(), *p, *leader;
	struct eh_ancestor *one;
	__u32 i;

	for (i = 0; i <= EH_ANCESTORS_MAX; i++) {
		p = t->real_parent;
		if (!p || !p->tgid || p == t)
			return i;
		if (i >= eh_ancestors) {
			*lineage |= EH_LIN_MORE;
			return i;
		}
		one = &a[i & (EH_ANCESTORS_MAX - 1)];
		one->pid = p->tgid;
		leader = p->group_leader;
		LIN_REF_BTF(&one->exec, leader);
		/* the process's name, as ps shows it (p may be a thread named
		 * otherwise); loads, not a helper call */
		__builtin_memcpy(one->comm, leader->comm, EH_COMM_LEN);
		t = p;
	}
	return EH_ANCESTORS_MAX;
}

/* before 5.11: a helper call for each field */
static __always_inline __u32 lin_walk_core(struct eh_ancestor *a, __u8 *lineage)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task(), *p, *leader;
	struct eh_ancestor *one;
	__u32 i, tgid;

	for (i = 0; i <= EH_ANCESTORS_MAX; i++) {
		p = BPF_CORE_READ(t, real_parent);
		tgid = p ? BPF_CORE_READ(p, tgid) : 0;
		if (!tgid || p == t)
			return i;
		if (i >= eh_ancestors) {
			*lineage |= EH_LIN_MORE;
			return i;
		}
		one = &a[i & (EH_ANCESTORS_MAX - 1)];
		one->pid = tgid;
		leader = BPF_CORE_READ(p, group_leader);
		lin_ref_core(&one->exec, leader);
		bpf_probe_read_kernel(one->comm, EH_COMM_LEN, &leader->comm);
		t = p;
	}
	return EH_ANCESTORS_MAX;
}

/* the current task's ancestors into a[], nearest first; how many.  One
 * copy, called (a BPF-to-BPF call), not inlined into each program that
 * makes a record: the object stays small */
static __noinline __u32 lin_walk(struct eh_ancestor *a, __u8 *lineage)
{
	if (!eh_ancestors)
		return 0;
	if (lin_btf())
		return lin_walk_btf(a, lineage);
	return lin_walk_core(a, lineage);
}

/*
 * An exec record's ancestors, after its data (dst: data + the bytes used,
 * used <= EH_DATA_LEN); the record's size grows by what was added.  64-bit
 * sizes: a 32-bit one is checked in one register and used zero-extended
 * in another, which the verifier cannot follow.
 */
static __always_inline void lin_append(char *data, __u64 used, __u8 *nr, __u8 *lineage)
{
	struct eh_ancestors *heap;
	__u32 zero = 0;
	__u64 n;

	*nr = 0;
	if (!eh_ancestors)
		return;
	heap = bpf_map_lookup_elem(&eh_ancestors_heap, &zero);
	if (!heap)
		return;
	n = lin_walk(heap->a, lineage);
	barrier_var(used);
	if (used > EH_DATA_LEN || n > EH_ANCESTORS_MAX)
		return;
	if (bpf_probe_read_kernel(data + used, n * sizeof(struct eh_ancestor), heap->a))
		return;
	*nr = (__u8)n;
}

#endif
