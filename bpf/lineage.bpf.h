/* SPDX-License-Identifier: MIT */
/*
 * events' lineage (--ancestors, --exits, --tree), kernel side: exec ids,
 * the chain of ancestors, and a process's end.
 *
 * An exec's id is its time (with the boot id and the pid, in user space).
 * eh_execs remembers, per process, the exec it runs and the process's
 * creation time: a pid reused by another process has another creation
 * time, so an entry is never taken for the wrong process.  Every exec is
 * noted, whatever the filters, since any process may be someone's ancestor;
 * a process's end removes its entry.
 *
 * The chain is walked through real_parent at the moment the record is made,
 * so a parent that is gone by the time user space reads the record is
 * still named.  Where the kernel has bpf_get_current_task_btf() (5.11) the
 * walk is plain loads; before, a helper call per field.
 */
#ifndef EBPFHELLO_LINEAGE_BPF_H
#define EBPFHELLO_LINEAGE_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>
#include <ebpfhello/events.h>

const volatile __u8 eh_lineage = 0;		/* exec ids: any lineage option */
const volatile __u32 eh_ancestors = 0;		/* --ancestors N */

struct eh_exec_seen {
	__u64 exec_ns;
	__u64 start_ns;			/* the process's creation: who holds the pid */
	__u64 lost;			/* its exec record found no room */
};

/* one entry per live process whose exec was seen; user space sizes it
 * (1 entry without lineage) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32768);
	__type(key, __u32);
	__type(value, struct eh_exec_seen);
} eh_execs SEC(".maps");

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

/* the current process's creation time, CLOCK_MONOTONIC */
static __always_inline __u64 lin_start_ns(struct task_struct *task)
{
	return BPF_CORE_READ(task, group_leader, start_time);
}

/* at an exec: the current process runs the exec of time now */
static __always_inline __u64 lin_note_exec(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct eh_exec_seen seen = { .exec_ns = bpf_ktime_get_ns() };

	seen.start_ns = lin_start_ns(task);
	/* full: this process's exec is not remembered (its exit says none) */
	bpf_map_update_elem(&eh_execs, &tgid, &seen, BPF_ANY);
	return seen.exec_ns;
}

/* an exec record that found no room: its exit must say so */
static __always_inline void lin_exec_lost(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct eh_exec_seen *seen = bpf_map_lookup_elem(&eh_execs, &tgid);

	if (seen)
		seen->lost = 1;
}

/* the exec process tgid (created at start_ns) runs, if seen; else 0 */
static __always_inline __u64 lin_exec_of(__u32 tgid, __u64 start_ns)
{
	struct eh_exec_seen *seen = bpf_map_lookup_elem(&eh_execs, &tgid);

	return seen && seen->start_ns == start_ns ? seen->exec_ns : 0;
}

/* ancestor i: p, which is not the idle task */
#define LIN_ADD(a, i, tgid_, start_, comm_)					\
	do {									\
		struct eh_ancestor *one_ = &(a)[(i) & (EH_ANCESTORS_MAX - 1)];	\
										\
		one_->pid = (tgid_);						\
		one_->exec_ns = lin_exec_of((tgid_), (start_));			\
		bpf_probe_read_kernel(one_->comm, EH_COMM_LEN, (comm_));	\
	} while (0)

/* with BTF pointers: plain loads */
static __always_inline __u32 lin_walk_btf(struct eh_ancestor *a, __u8 *lineage)
{
	struct task_struct *t = bpf_get_current_task_btf(), *p;
	__u32 i;

	for (i = 0; i <= EH_ANCESTORS_MAX; i++) {
		p = t->real_parent;
		if (!p || !p->tgid || p == t)
			return i;
		if (i >= eh_ancestors) {
			*lineage |= EH_LIN_MORE;
			return i;
		}
		LIN_ADD(a, i, p->tgid, p->group_leader->start_time, p->comm);
		t = p;
	}
	return EH_ANCESTORS_MAX;
}

/* before 5.11: a helper call for each field */
static __always_inline __u32 lin_walk_core(struct eh_ancestor *a, __u8 *lineage)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task(), *p;
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
		LIN_ADD(a, i, tgid, lin_start_ns(p), &p->comm);
		t = p;
	}
	return EH_ANCESTORS_MAX;
}

/* the current task's ancestors into a[], nearest first; how many */
static __always_inline __u32 lin_walk(struct eh_ancestor *a, __u8 *lineage)
{
	if (!eh_ancestors)
		return 0;
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf))
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
