// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * trace: hello.py.  Every program below does the same thing, bpf_printk()
 * of the message, to the shared trace_pipe; they differ only in where they
 * are attached (user space picks one, see include/ebpfhello/load/session.h).
 */
#include "common.bpf.h"
#include <ebpfhello/trace.h>

/* the message, preceded by a per-run tag when --only-ours asked for one */
const volatile char eh_message[EH_TRACE_MSG_MAX] = "Hello World!";

/*
 * Who printed: trace_pipe shows "<...>" for a task whose name the kernel's
 * small comm cache lost, and only the thread id; user space looks the
 * thread up here for its process id and name.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, EH_TRACE_TASKS);
	__type(key, __u32);			/* thread id */
	__type(value, struct eh_trace_task);
} tasks SEC(".maps");

__u64 eh_printed = 0;	/* program runs whose line reached trace_pipe */
__u64 eh_failed = 0;	/* ... and whose bpf_trace_printk() failed */

static __always_inline void hello(void)
{
	struct eh_trace_task t = {};
	__u64 id;
	__u32 tid;

	if (eh_skip_task())
		return;
	id = bpf_get_current_pid_tgid();
	tid = (__u32)id;
	t.tgid = id >> 32;
	bpf_get_current_comm(t.comm, sizeof(t.comm));
	bpf_map_update_elem(&tasks, &tid, &t, BPF_ANY);
	/* one %s: kernels before 5.13 allow only one string per format */
	if (bpf_printk("%s", eh_message) < 0)
		__sync_fetch_and_add(&eh_failed, 1);
	else
		__sync_fetch_and_add(&eh_printed, 1);
}

SEC("ksyscall")
int eh_trace_kprobe(void *ctx)
{
	hello();
	return 0;
}

EH_FENTRY_COPIES(eh_trace_fentry, hello())

SEC("raw_tp/sched_process_exec")
int eh_trace_exec(void *ctx)
{
	hello();
	return 0;
}

SEC("tracepoint")
int eh_trace_tp(void *ctx)
{
	hello();
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_trace_raw_tp, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		hello();
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(eh_trace_tp_btf, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		hello();
	return 0;
}
