// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * count-uid: hello-map.py and exercises 2 and 3.  counter_table maps a UID
 * to how many times its tasks made the traced syscalls.
 *
 * hello-map.py did lookup, then update: two programs on two CPUs could both
 * read 5 and both write 6.  Here each CPU has its own counters and adds to
 * them atomically, so no count is lost, even to preemption; user space sums
 * the CPUs.
 *
 * A hash lookup costs more than the rest of the program (measured: ~38 ns a
 * run on this project's machine, against ~23 ns for the uid itself), and
 * --all-syscalls pays it on every syscall.  So uids get a slot in a per-CPU
 * array first (include/ebpfhello/count_uid.h) and skip the hash; the book's
 * counter_table takes a uid whose slot another uid holds.  Claiming a slot
 * takes a compare-and-swap, which kernels before 5.12 refuse to load even
 * in code that cannot run: for them this file is built a second time with
 * EH_NO_ATOMICS (count_uid_compat), hash only.
 *
 * Which program runs depends on --attach/--syscall (user space picks one):
 * exercise 2's "one program on several probes" is the kprobe or tracepoint
 * program attached once per syscall; its "separate programs sharing one
 * map" is the fentry family, one program per syscall, all counting into
 * the same maps.  Exercise 3 is the sys_enter programs without an id filter.
 */
#include "common.bpf.h"
#include <ebpfhello/count_uid.h>

#define MAX_UIDS 10240

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MAX_UIDS);
	/* entries are made as uids show up: cheap to create at start-up */
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} counter_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EH_UID_SLOTS);
	__type(key, __u32);
	__type(value, struct eh_uid_slot);
} uid_slots SEC(".maps");

#ifdef EH_IDENTITY
/*
 * --by cgroup|unit|container, built as its own object (count_uid_identity):
 * counts per cgroup (v2) id instead, user space reads each id as a unit or
 * a container, and the names of a new cgroup are noted at its first count
 * (so one gone by the time the count is read is still named).  The CO-RE
 * reads that takes would make the other objects parse the kernel's BTF at
 * start-up.
 */
#include "cgroup_names.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MAX_UIDS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);
	__type(value, __u64);
} by_cgroup SEC(".maps");
#endif

__u64 eh_dropped = 0;	/* counts lost because counter_table was full */

/* uid's slot on this CPU, claimed if free; NULL when another uid has it */
static __always_inline struct eh_uid_slot *slot_of(__u32 uid)
{
#ifdef EH_NO_ATOMICS
	return NULL;
#else
	__u32 i = uid & (EH_UID_SLOTS - 1);
	struct eh_uid_slot *s = bpf_map_lookup_elem(&uid_slots, &i);
	__u64 want = (__u64)uid + 1, seen;

	if (!s)
		return NULL;
	seen = s->uid1;
	if (seen == 0) {
		/* a task preempted here may race us for it: compare-and-swap */
		seen = __sync_val_compare_and_swap(&s->uid1, 0, want);
		if (seen == 0)
			seen = want;
	}
	return seen == want ? s : NULL;
#endif
}

static __always_inline void count(void)
{
	struct eh_uid_slot *s;
	__u64 *v, zero = 0;
	__u32 uid;

	if (eh_skip_task())
		return;
#ifdef EH_IDENTITY
	{
		__u64 id = bpf_get_current_cgroup_id();

		v = bpf_map_lookup_elem(&by_cgroup, &id);
		if (!v) {
			/* a new cgroup: its names, while it surely exists */
			eh_note_cgroup(id);
			bpf_map_update_elem(&by_cgroup, &id, &zero, BPF_NOEXIST);
			v = bpf_map_lookup_elem(&by_cgroup, &id);
		}
		if (v)
			__sync_fetch_and_add(v, 1);
		else
			__sync_fetch_and_add(&eh_dropped, 1);
		return;
	}
#endif
	uid = (__u32)bpf_get_current_uid_gid();
	s = slot_of(uid);
	if (s) {
		__sync_fetch_and_add(&s->count, 1);
		return;
	}
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

SEC("ksyscall")
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
