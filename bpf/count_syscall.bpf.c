// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * count-syscall: exercise 5 (hello-map.py keyed by syscall instead of by
 * user), grown into a syscount.  Every syscall is counted at entry, so
 * exit_group and a successful execve are counted too.
 *
 * --by syscall uses a per-CPU array indexed by the syscall id: no hashing,
 * no locks, one cache line that stays on its CPU.  The other keys use
 * per-CPU hashes.  Counts only grow; user space diffs snapshots, and takes
 * keys idle for an interval out with lookup-and-delete (cmd/core/maps.c).
 */
#include "common.bpf.h"
#include <ebpfhello/count_syscall.h>

const volatile __u32 eh_by = EH_BY_SYSCALL;
/* this architecture's exit_group: a process's name is final there */
const volatile __s32 eh_nr_exit_group = -1;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EH_SYSCALL_SLOTS + 1);
	__type(key, __u32);
	__type(value, __u64);
} by_syscall SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC);	/* cheap to create at start-up */
	__type(key, __u32);
	__type(value, __u64);
} by_id SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC);	/* cheap to create at start-up */
	__type(key, char[EH_COMM_LEN]);
	__type(value, __u64);
} by_comm SEC(".maps");

/* --by pid: each pid's task name, written when its count is created and at
 * exit_group (user space prefers /proc/<pid>/comm while the pid lives) */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, EH_MAX_KEYS);
	__type(key, __u32);
	__type(value, char[EH_COMM_LEN]);
} pid_comm SEC(".maps");

__u64 eh_dropped = 0;	/* counts lost because a hash was full */

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

static __always_inline void count(long id)
{
	/*
	 * Zeroed: it is a map key, and bpf_get_current_comm() pads the bytes
	 * after the name only on some kernels (5.10's strncpy and 6.12's
	 * strscpy_pad do, 6.1's strscpy does not): stack garbage there made
	 * one comm two keys, which --delta then counted twice.
	 */
	char comm[EH_COMM_LEN] = {};
	__u32 key;
	__u64 *v;

	if (!eh_sys_wanted(id) || eh_skip_task())
		return;
	switch (eh_by) {
	case EH_BY_SYSCALL:
		key = (unsigned long)id < EH_SYSCALL_SLOTS ? (__u32)id : EH_SYSCALL_OTHER;
		v = bpf_map_lookup_elem(&by_syscall, &key);
		if (v)
			__sync_fetch_and_add(v, 1);
		return;
	case EH_BY_COMM:
		bpf_get_current_comm(comm, sizeof(comm));
		bump(&by_comm, comm);
		return;
	case EH_BY_UID:
		key = (__u32)bpf_get_current_uid_gid();
		bump(&by_id, &key);
		return;
	default:
		key = bpf_get_current_pid_tgid() >> 32;
		if (bump(&by_id, &key) || id == eh_nr_exit_group) {
			bpf_get_current_comm(comm, sizeof(comm));
			bpf_map_update_elem(&pid_comm, &key, comm, BPF_ANY);
		}
	}
}

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_cs_raw_tp, struct pt_regs *regs, long id)
{
	count(id);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(eh_cs_tp_btf, struct pt_regs *regs, long id)
{
	count(id);
	return 0;
}

/* raw_syscalls:sys_enter's record, spelled out: a vmlinux.h type would make
 * this a CO-RE access, and loading would then parse the kernel's BTF */
struct raw_sys_enter {
	__u64 common;
	long id;
	unsigned long args[6];
};

SEC("tracepoint/raw_syscalls/sys_enter")
int eh_cs_tp(struct raw_sys_enter *ctx)
{
	count(ctx->id);
	return 0;
}
