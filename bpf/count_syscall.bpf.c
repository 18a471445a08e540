// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * count-syscall: exercise 5 (hello-map.py keyed by syscall instead of by
 * user), grown into a syscount.  By default every syscall is counted at
 * entry, so exit_group and a successful execve are counted too; failures
 * (--failed-only, --errors) are counted at exit, where the result is, and
 * latency (--latency) from one to the other.  What is measured is a
 * .rodata constant: the verifier drops the code of the others.
 *
 * --by syscall uses a per-CPU array indexed by the syscall id: no hashing,
 * no locks, one cache line that stays on its CPU.  That is for the native
 * ABI's ids; a compat call (i386, arm32), an x32 one, or an id no table
 * has is keyed by its "sid" (include/ebpfhello/count_syscall.h) in a hash,
 * so that each is named right and none is lumped with others.  The other keys use
 * per-CPU hashes; for pids and comms two of each: the programs count into
 * the one a one-entry map of maps holds ("live"), and in --delta mode user
 * space swaps in the other every interval, reads the one it took out whole
 * and empties it (cmd/core/run/maps.c).  Dead pids never fill the map, and no
 * count is lost to a key deleted while a program adds to it.
 */
#include "common.bpf.h"
#include "syscall_abi.bpf.h"
#include "syscall_regs.bpf.h"
#include <ebpfhello/count_syscall.h>

const volatile __u32 eh_by = EH_BY_SYSCALL;
const volatile __u32 eh_measure = EH_MEASURE_CALLS;
const volatile __u8 eh_histogram = 0;
/* this architecture's exit_group (a process's name is final there) */
const volatile __s32 eh_nr_exit_group = -1;
/* the sids of exit and exit_group, in every ABI: they never return */
const volatile __u32 eh_sid_exits[2 * EH_ABI__COUNT] = { EH_SIDS, EH_SIDS, EH_SIDS, EH_SIDS,
							 EH_SIDS, EH_SIDS };

/* --syscall: the compat and x32 ids of the names asked for (the native
 * ones are eh_cfg.sys_bits) */
const volatile __u64 eh_abi_bits[EH_ABI__COUNT - 1][EH_SYSCALL_SLOTS / 64];

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EH_SYSCALL_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} by_syscall SEC(".maps");

/* the ids that are neither native, compat nor x32 under EH_SYSCALL_SLOTS:
 * slot -> what it was; a slot is claimed by creating its entry */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EH_ODD_MAX);
	__type(key, __u32);
	__type(value, struct eh_odd_id);
} odd_ids SEC(".maps");

/* --by uid|pid (and --errors' (syscall, errno) keys, in by_id alone) */
struct id_counts {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC);	/* cheap to create at start-up */
	__type(key, __u32);
	__type(value, __u64);
} by_id SEC(".maps"), by_id_spare SEC(".maps");

/* --by comm */
struct comm_counts {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, char[EH_COMM_LEN]);
	__type(value, __u64);
} by_comm SEC(".maps"), by_comm_spare SEC(".maps");

/*
 * --by pid|comm: which of the two the programs count into.  User space
 * fills the entry after load, for those runs only: every update of a map
 * of maps makes the kernel wait for the programs running with the old
 * value (synchronize_rcu, ~10 ms), which the other runs need not pay at
 * start-up.  Swapping it is how --delta empties a map safely.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct id_counts);
} live_by_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct comm_counts);
} live_by_comm SEC(".maps");

/* --by pid: each pid's task name, written when its count is created and at
 * exit_group (user space prefers /proc/<pid>/comm while the pid lives) */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__type(key, __u32);
	__type(value, char[EH_COMM_LEN]);
} pid_comm SEC(".maps");

/*
 * --latency: the syscall each task is in, since when.  Keyed by the task
 * itself, not its tid: a thread that execs takes the group leader's tid
 * on the way (de_thread), and its execve must still find its start.
 * Preallocated: tracing programs must not allocate on old kernels.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__type(key, __u64);
	__type(value, struct eh_syscall_start);
} starts SEC(".maps");

/* --latency: calls and ns per syscall slot (EH_LAT_COUNT, EH_LAT_NS) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EH_LAT_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} lat SEC(".maps");

/* --histogram: calls per (syscall slot, log2 bucket of ns) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} lat_hist SEC(".maps");

#ifdef EH_IDENTITY
/*
 * --by cgroup|unit|container, built as its own object
 * (count_syscall_identity): counts per cgroup (v2) id, which user space
 * reads as a path, a unit or a container; a new cgroup's names are noted at
 * its first count, so one gone before it is read is still named.  The CO-RE
 * reads that takes would make the default object parse the kernel's BTF at
 * start-up.
 */
#include "cgroup_names.bpf.h"
#include "cgroup_id.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);
	__type(value, __u64);
} by_cgroup SEC(".maps");
#endif

__u64 eh_dropped = 0;	/* counts lost because a hash was full */
__u64 eh_odd_over = 0;	/* calls of ids that found no slot in odd_ids */

/* add one to map[key], creating the entry (another CPU may race us);
 * true when this call created it */
static __always_inline bool bump(void *map, const void *key)
{
	__u64 *v = bpf_map_lookup_elem(map, key), zero = 0;
	bool created = false;

	if (!v) {
		created = !bpf_map_update_elem(map, key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(map, key);
		if (!v) {
			__sync_fetch_and_add(&eh_dropped, 1);
			return false;
		}
	}
	__sync_fetch_and_add(v, 1);
	return created;
}

/* the hash a map of maps holds now */
static __always_inline void *live(void *outer)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(outer, &zero);
}

/* the sid of an id that is not native under EH_SYSCALL_SLOTS: a slot of
 * odd_ids, found by a few probes from a hash of it */
static __always_inline __u32 odd_sid(long id, __u32 abi)
{
	struct eh_odd_id want = { .id = id, .abi = abi }, *have;
	__u32 h = ((__u32)id ^ (__u32)((__u64)id >> 32)) * 2654435761u + abi, slot;
	int i;

#pragma unroll
	for (i = 0; i < 4; i++) {
		slot = (h + i) & (EH_ODD_MAX - 1);
		have = bpf_map_lookup_elem(&odd_ids, &slot);
		if (!have) {
			/* NOEXIST: of two CPUs claiming it, one wins */
			bpf_map_update_elem(&odd_ids, &slot, &want, BPF_NOEXIST);
			have = bpf_map_lookup_elem(&odd_ids, &slot);
		}
		if (have && have->id == id && have->abi == abi)
			return EH_SID_ODD + slot;
	}
	__sync_fetch_and_add(&eh_odd_over, 1);
	return EH_SID_OVER;
}

/*
 * The sid of syscall id that came in by abi, or EH_SIDS when --syscall
 * does not want it.  Native ids under EH_SYSCALL_SLOTS, nearly every call,
 * cost a compare: the rest is their sid's.
 */
static __always_inline __u32 sid_of(long id, __u32 abi)
{
	if (abi == EH_ABI_NATIVE && (unsigned long)id < EH_SYSCALL_SLOTS)
		return eh_sys_wanted(id) ? (__u32)id : EH_SIDS;
#if defined(__TARGET_ARCH_x86)
	if (abi == EH_ABI_NATIVE && id > 0 && (id & EH_X32_SYSCALL_BIT)) {
		abi = EH_ABI_X32;
		id &= ~(long)EH_X32_SYSCALL_BIT;
	}
#endif
	if ((unsigned long)id < EH_SYSCALL_SLOTS && (abi == EH_ABI_COMPAT || abi == EH_ABI_X32)) {
		/* index and bit spelled so that any verifier sees them bounded */
		if (eh_cfg.sys_filter &&
		    !(eh_abi_bits[abi == EH_ABI_X32][(id / 64) & (EH_SYSCALL_SLOTS / 64 - 1)] &
		      (1ULL << (id & 63))))
			return EH_SIDS;
		return abi * EH_SYSCALL_SLOTS + (__u32)id;
	}
	/* no name to ask for it by */
	return eh_cfg.sys_filter ? EH_SIDS : odd_sid(id, abi);
}

static __always_inline void add_at(void *array, __u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(array, &key);

	if (v)
		__sync_fetch_and_add(v, n);
}

/* one call of syscall id (sid: with its ABI), under the --by key */
static __always_inline void count(long id, __u32 sid)
{
	/*
	 * Zeroed: it is a map key, and bpf_get_current_comm() pads the bytes
	 * after the name only on some kernels (5.10's strncpy and 6.12's
	 * strscpy_pad do, 6.1's strscpy does not): stack garbage there made
	 * one comm two keys, which --delta then counted twice.
	 */
	char comm[EH_COMM_LEN] = {};
	void *counts;
	__u32 key;

	if (eh_by == EH_BY_SYSCALL) {
		if (sid < EH_SYSCALL_SLOTS)
			add_at(&by_syscall, sid, 1);
		else
			bump(&by_id, &sid);
		return;
	}
	if (eh_by == EH_BY_UID) {
		key = (__u32)bpf_get_current_uid_gid();
		bump(&by_id, &key);
		return;
	}
#ifdef EH_IDENTITY
	if (eh_by == EH_BY_CGROUP) {
		__u64 cg = eh_current_cgroup_id();

		/* a new cgroup: its names, while it surely exists (the
		 * task is in it now) */
		if (bump(&by_cgroup, &cg))
			eh_note_cgroup(cg);
		return;
	}
#endif
	counts = live(eh_by == EH_BY_COMM ? (void *)&live_by_comm : (void *)&live_by_pid);
	if (!counts)
		return;
	switch (eh_by) {
	case EH_BY_COMM:
		bpf_get_current_comm(comm, sizeof(comm));
		bump(counts, comm);
		return;
	default:
		key = bpf_get_current_pid_tgid() >> 32;
		if (bump(counts, &key) || id == eh_nr_exit_group) {
			bpf_get_current_comm(comm, sizeof(comm));
			bpf_map_update_elem(&pid_comm, &key, comm, BPF_ANY);
		}
	}
}

/* --latency: the task enters syscall sid.  exit and exit_group never
 * return: a start kept for them would never be taken, so none is. */
static __always_inline void start(__u32 sid)
{
	struct eh_syscall_start s = { .ts_ns = bpf_ktime_get_ns(), .sid = sid };
	__u64 task = bpf_get_current_task();
	int i;

#pragma unroll
	for (i = 0; i < 2 * EH_ABI__COUNT; i++)
		if (sid == eh_sid_exits[i])
			return;
	if (bpf_map_update_elem(&starts, &task, &s, BPF_ANY))
		__sync_fetch_and_add(&eh_dropped, 1);
}

/* log2 of v, the highest bit set (0 for 0 and 1) */
static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1)
		r += 1;
	return r;
}

/* --latency: the task leaves the syscall it entered, if it was seen to */
static __always_inline void finish(void)
{
	__u64 task = bpf_get_current_task(), ns;
	struct eh_syscall_start *s = bpf_map_lookup_elem(&starts, &task);
	__u32 slot, key;

	if (!s)
		return;		/* entered before we attached, or a new task's first return */
	ns = bpf_ktime_get_ns() - s->ts_ns;
	slot = s->sid < EH_SIDS ? s->sid : EH_SID_OVER;
	bpf_map_delete_elem(&starts, &task);
	add_at(&lat, EH_LAT_COUNT(slot), 1);
	add_at(&lat, EH_LAT_NS(slot), ns);
	if (eh_histogram) {
		key = EH_HIST_KEY(slot, log2_u64(ns));
		bump(&lat_hist, &key);
	}
}

/* whether this run keys anything by syscall: else the ABI is not asked */
static __always_inline bool keyed_by_syscall(void)
{
	return eh_by == EH_BY_SYSCALL || eh_measure == EH_MEASURE_ERRORS ||
	       eh_measure == EH_MEASURE_LATENCY || eh_cfg.sys_filter;
}

/* regs: the syscall's saved registers, or NULL */
static __always_inline void on_enter(long id, const void *regs)
{
	__u32 sid = (__u32)id;

	if (eh_skip_task())
		return;
	if (keyed_by_syscall()) {
		sid = sid_of(id, eh_syscall_abi(regs));
		if (sid == EH_SIDS)
			return;
	}
	if (eh_measure == EH_MEASURE_LATENCY)
		start(sid);
	else
		count(id, sid);
}

/* id: the syscall, or -1 to read it from regs (only a failure needs it) */
static __always_inline void on_exit(const void *regs, long id, long ret)
{
	__u32 sid, key;

	if (eh_measure == EH_MEASURE_LATENCY) {
		finish();
		return;
	}
	if (!eh_is_error(ret) || eh_skip_task())
		return;
	if (id < 0)
		id = eh_regs_syscall_nr(regs);
	sid = (__u32)id;
	if (keyed_by_syscall()) {
		sid = sid_of(id, eh_syscall_abi(regs));
		if (sid == EH_SIDS)
			return;
	}
	if (eh_measure == EH_MEASURE_FAILED) {
		count(id, sid);
		return;
	}
	key = EH_ERR_KEY(sid, -ret);
	bump(&by_id, &key);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_cs_raw_tp, struct pt_regs *regs, long id)
{
	on_enter(id, regs);
	return 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(eh_cs_raw_tp_exit, struct pt_regs *regs, long ret)
{
	on_exit(regs, -1, ret);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(eh_cs_tp_btf, struct pt_regs *regs, long id)
{
	on_enter(id, regs);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(eh_cs_tp_btf_exit, struct pt_regs *regs, long ret)
{
	on_exit(regs, -1, ret);
	return 0;
}

/* raw_syscalls:sys_enter's and sys_exit's records, spelled out: a vmlinux.h
 * type would make this a CO-RE access, and loading would then parse the
 * kernel's BTF */
struct raw_sys_enter {
	__u64 common;
	long id;
	unsigned long args[6];
};

struct raw_sys_exit {
	__u64 common;
	long id;
	long ret;
};

SEC("tracepoint/raw_syscalls/sys_enter")
int eh_cs_tp(struct raw_sys_enter *ctx)
{
	on_enter(ctx->id, NULL);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int eh_cs_tp_exit(struct raw_sys_exit *ctx)
{
	on_exit(NULL, ctx->id, ctx->ret);
	return 0;
}
