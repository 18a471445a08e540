/* SPDX-License-Identifier: MIT */
/*
 * The current task's cgroup (v2) id, what bpf_get_current_cgroup_id()
 * returns (its default-hierarchy cgroup's kernfs id), for a program that
 * asks on every syscall (count-syscall --by cgroup|unit|container).
 *
 * Why not the helper alone: it follows task -> css_set -> cgroup -> kernfs
 * node, and on a host whose TLB is flushed at every kernel entry (page-table
 * isolation without PCID, as on this project's test machines) each page
 * touched costs a page walk; the cgroup and its kernfs node made --by
 * container cost 1.2 to 1.4 times --by uid in the kernel.  So each CPU keeps
 * the last task it counted and that task's id, in one line of a small array
 * (one page, which the hits alone touch), and the chain is followed again
 * only when something may have changed:
 *  - another task: the task's address and its start time (a task freed
 *    and another made at the same address differ in start time);
 *  - the task moved: a move always gives it another css_set;
 *  - and, so that a css_set freed and made again at the same address can
 *    never pass for the old one, every move through cgroup.procs, tasks or
 *    cgroup_attach_task_all (the tracepoint cgroup:cgroup_attach_task)
 *    bumps a generation that every CPU's entry is checked against.
 * A task made straight into a cgroup (clone3 CLONE_INTO_CGROUP) is a new
 * task: its start time differs.
 *
 * Kernels without bpf_get_current_task_btf() (before 5.11) take the helper
 * on every call; a CPU past the array's end too.
 */
#ifndef EBPFHELLO_CGROUP_ID_BPF_H
#define EBPFHELLO_CGROUP_ID_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>

/* entries: user space sets one per possible CPU, plus the generation's */
#define EH_CG_CACHE_DEFAULT	257
#define EH_CG_GEN_SLOT		0

/* one cache line each: CPUs write only their own */
struct eh_cg_slot {
	__u64 task;	/* the task's address (0: empty) */
	__u64 start;	/* its start_time */
	__u64 cset;	/* its css_set when the id was read */
	__u64 gen;	/* the generation then (in slot 0: the generation) */
	__u64 id;	/* its cgroup (v2) id */
	__u64 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, EH_CG_CACHE_DEFAULT);
	__type(key, __u32);
	__type(value, struct eh_cg_slot);
} eh_cg_cache SEC(".maps");

static __always_inline __u64 eh_current_cgroup_id(void)
{
	struct eh_cg_slot *c, *g;
	struct task_struct *t;
	struct css_set *cs;
	__u32 key = EH_CG_GEN_SLOT;
	__u64 start;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf))
		return bpf_get_current_cgroup_id();
	g = bpf_map_lookup_elem(&eh_cg_cache, &key);
	key = bpf_get_smp_processor_id() + 1;
	c = bpf_map_lookup_elem(&eh_cg_cache, &key);
	if (!g || !c)
		return bpf_get_current_cgroup_id();
	t = bpf_get_current_task_btf();
	cs = t->cgroups;
	start = t->start_time;
	if (c->task == (__u64)t && c->start == start && c->cset == (__u64)cs && c->gen == g->gen)
		return c->id;
	/*
	 * The entry is this CPU's alone, and the programs that write it run
	 * with preemption off: no other task's half-written entry.  A move
	 * after these reads bumps the generation, and the next call misses.
	 */
	c->gen = g->gen;
	c->id = cs->dfl_cgrp->kn->id;
	c->task = (__u64)t;
	c->start = start;
	c->cset = (__u64)cs;
	return c->id;
}

/*
 * A task moved to another cgroup: every CPU's entry is stale.  Only in the
 * objects that use the cache; attached beside their programs.
 */
SEC("raw_tp/cgroup_attach_task")
int eh_cg_moved(void *ctx)
{
	__u32 key = EH_CG_GEN_SLOT;
	struct eh_cg_slot *g = bpf_map_lookup_elem(&eh_cg_cache, &key);

	if (g)
		__sync_fetch_and_add(&g->gen, 1);
	return 0;
}

#endif
