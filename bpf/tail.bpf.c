// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * tail: hello-tail.py.  A dispatcher on the sys_enter raw tracepoint reads
 * the syscall id and tail-calls through the prog array "handlers", indexed
 * by syscall id, into the program user space put there.  A tail call does
 * not return: on success the handler's exit ends this run.  When the slot
 * is empty, execution falls through to the default below.
 *
 * The original hard-coded x86-64 and arm64 numbers side by side, and
 * attached the dispatcher before filling the array.  Here user space fills
 * the array by syscall name, for the running architecture, before it
 * attaches (exercise 4: by the section name alone, no attach call naming
 * the tracepoint).
 */
#include "emit.bpf.h"
#include <ebpfhello/tail.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, EH_SYSCALL_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} handlers SEC(".maps");

/* calls per handler (enum eh_tail_handler), per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EH_TAIL_NR);
	__type(key, __u32);
	__type(value, __u64);
} tail_counts SEC(".maps");

/* ids whose slot user space filled: falling through on one is a failure */
const volatile __u64 eh_filled[EH_SYSCALL_SLOTS / 64] = {};
/* --ignore-all-others: the default handler counts as ignore, sends nothing */
const volatile bool eh_ignore_others = false;
/* our own syscalls would feed back: each record read costs a syscall,
 * which makes a record */
const volatile __u32 eh_self_tgid = 0;
const volatile __s32 eh_nr_timer_create = -1;
const volatile __s32 eh_nr_timer_delete = -1;

static __always_inline void count(__u32 handler)
{
	__u64 *v = bpf_map_lookup_elem(&tail_counts, &handler);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline void send(void *ctx, __s32 id, __u8 handler, __u8 msg)
{
	struct eh_tail_event e = {};
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	count(handler);
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = pid_tgid >> 32;
	e.tid = (__u32)pid_tgid;
	e.uid = (__u32)bpf_get_current_uid_gid();
	e.id = id;
	e.handler = handler;
	e.msg = msg;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	eh_emit(ctx, &e, sizeof(e));
}

SEC("raw_tp/sys_enter")
int eh_tail_dispatch(__u64 *ctx)
{
	__u64 id = ctx[1];	/* sys_enter(struct pt_regs *regs, long id) */

	/* filters first: traffic we ignore costs no tail call */
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == eh_self_tgid || eh_skip_task())
		return 0;
	bpf_tail_call(ctx, &handlers, (__u32)id);

	/* still here: the slot is empty, or the call failed */
	if (id < EH_SYSCALL_SLOTS && (eh_filled[id / 64] & (1ULL << (id % 64)))) {
		count(EH_TAIL_FAILED);
		return 0;
	}
	if (eh_ignore_others) {
		count(EH_TAIL_IGNORE);
		return 0;
	}
	send(ctx, (__s32)id, EH_TAIL_DEFAULT, EH_TAIL_MSG_OTHER);
	return 0;
}

SEC("raw_tp")
int eh_tail_exec(__u64 *ctx)
{
	send(ctx, (__s32)ctx[1], EH_TAIL_EXEC, EH_TAIL_MSG_EXEC);
	return 0;
}

SEC("raw_tp")
int eh_tail_timer(__u64 *ctx)
{
	__s32 id = (__s32)ctx[1];
	__u8 msg = EH_TAIL_MSG_TIMER_OTHER;

	if (id == eh_nr_timer_create)
		msg = EH_TAIL_MSG_TIMER_CREATE;
	else if (id == eh_nr_timer_delete)
		msg = EH_TAIL_MSG_TIMER_DELETE;
	send(ctx, id, EH_TAIL_TIMER, msg);
	return 0;
}

SEC("raw_tp")
int eh_tail_ignore(__u64 *ctx)
{
	count(EH_TAIL_IGNORE);
	return 0;
}
