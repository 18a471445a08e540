// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * count-uid: hello-map.py and exercises 2 and 3.  counter_table maps a UID
 * to how many times its tasks made the traced syscalls.
 *
 * hello-map.py did lookup, then update: two programs on two CPUs could both
 * read 5 and both write 6.  Here each CPU has its own counter (a per-CPU
 * hash) and adds to it atomically, so no count is lost, even to preemption;
 * user space sums the CPUs.
 *
 * Which program runs depends on --attach/--syscall (user space picks one):
 * exercise 2's "one program on several probes" is the kprobe or tracepoint
 * program attached once per syscall; its "separate programs sharing one
 * map" is the fentry family, one program per syscall, all counting into
 * counter_table.  Exercise 3 is the sys_enter programs without an id filter.
 */
#include "common.bpf.h"

#define MAX_UIDS 10240

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MAX_UIDS);
	__type(key, __u32);
	__type(value, __u64);
} counter_table SEC(".maps");

__u64 eh_dropped = 0;	/* counts lost because counter_table was full */

static __always_inline void count(void)
{
	__u32 uid;
	__u64 *v, zero = 0;

	if (eh_skip_task())
		return;
	uid = (__u32)bpf_get_current_uid_gid();
	v = bpf_map_lookup_elem(&counter_table, &uid);
	if (!v) {
		/* first time for this uid: NOEXIST, as another CPU may race us */
		bpf_map_update_elem(&counter_table, &uid, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counter_table, &uid);
		if (!v) {
			__sync_fetch_and_add(&eh_dropped, 1);
			return;
		}
	}
	__sync_fetch_and_add(v, 1);
}

SEC("kprobe")
int eh_cu_kprobe(void *ctx)
{
	count();
	return 0;
}

EH_FENTRY_COPIES(eh_cu_fentry, count())

SEC("raw_tp/sched_process_exec")
int eh_cu_exec(void *ctx)
{
	count();
	return 0;
}

SEC("tracepoint")
int eh_cu_tp(void *ctx)
{
	count();
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int eh_cu_tp_all(void *ctx)
{
	count();
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_cu_raw_tp, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		count();
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(eh_cu_tp_btf, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		count();
	return 0;
}
