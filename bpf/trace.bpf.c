// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * trace: hello.py.  Every program below does the same thing, bpf_printk()
 * of the message, to the shared trace_pipe; they differ only in where they
 * are attached (user space picks one, see include/ebpfhello/session.h).
 */
#include "common.bpf.h"
#include <ebpfhello/trace.h>

/* the message, preceded by a per-run tag when --only-ours asked for one */
const volatile char eh_message[EH_TRACE_MSG_MAX] = "Hello World!";

__u64 eh_printed = 0;	/* program runs whose line reached trace_pipe */
__u64 eh_failed = 0;	/* ... and whose bpf_trace_printk() failed */

static __always_inline void hello(void)
{
	if (eh_skip_task())
		return;
	/* one %s: kernels before 5.13 allow only one string per format */
	if (bpf_printk("%s", eh_message) < 0)
		__sync_fetch_and_add(&eh_failed, 1);
	else
		__sync_fetch_and_add(&eh_printed, 1);
}

SEC("kprobe")
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
