// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * events: hello-buffer.py and exercise 1.  One record per exec, with the
 * exec'd filename, sent through the event buffer (emit.bpf.h) instead of
 * trace_pipe.  The message depends on the parity of the pid (exercise 1).
 *
 * Every program below fills the same record; they differ in where the
 * filename comes from: a user pointer at syscall entry, or the kernel's own
 * copy (bprm->filename) at the exec event.
 */
#include "emit.bpf.h"
#include <bpf/bpf_core_read.h>
#include <ebpfhello/events.h>

const volatile char eh_msg_even[EH_MSG_LEN] = "Hello World";
const volatile char eh_msg_odd[EH_MSG_LEN] = "Hello Odd World";

/* too big for the 512-byte BPF stack next to everything else */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct eh_exec_event);
} heap SEC(".maps");

/*
 * Exercise 1's messages, copied byte by byte through their volatile type:
 * user space writes them into .rodata before load, so the compiler must
 * not fold in the initial values above (a cast dropping volatile lets it).
 */
static __always_inline void copy_message(char *dst, const volatile char *src)
{
	int i;

#pragma unroll
	for (i = 0; i < EH_MSG_LEN; i++)
		dst[i] = src[i];
}

/* The record minus the filename; NULL when filtered out. */
static __always_inline struct eh_exec_event *start(void)
{
	struct task_struct *task;
	struct eh_exec_event *e;
	__u32 zero = 0;

	if (eh_skip_task())
		return NULL;
	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return NULL;
	task = (struct task_struct *)bpf_get_current_task();
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	/* exercise 1: a different message for odd and even pids */
	copy_message(e->message, e->pid & 1 ? eh_msg_odd : eh_msg_even);
	return e;
}

/*
 * len: what bpf_probe_read_*_str() returned for filename.  A full buffer
 * holds either a whole path of EH_FILENAME_LEN - 1 bytes or the start of a
 * longer one: the byte after it (read from src) tells them apart.
 */
static __always_inline void finish(void *ctx, struct eh_exec_event *e, long len,
				   const char *src, bool user)
{
	char next = 0;

	e->filename_len = len > 0 ? (__u32)(len - 1) : 0;
	e->truncated = 0;
	if (len <= 0)
		e->filename[0] = '\0';
	if (len == EH_FILENAME_LEN) {
		if (user)
			bpf_probe_read_user(&next, 1, src + EH_FILENAME_LEN - 1);
		else
			bpf_probe_read_kernel(&next, 1, src + EH_FILENAME_LEN - 1);
		e->truncated = next != 0;
	}
	eh_emit(ctx, e, sizeof(*e));
}

static __always_inline void from_user(void *ctx, const char *filename)
{
	struct eh_exec_event *e = start();

	if (e)
		finish(ctx, e, bpf_probe_read_user_str(e->filename, sizeof(e->filename), filename),
		       filename, true);
}

SEC("ksyscall")
int BPF_KSYSCALL(eh_ev_kprobe, const char *filename)
{
	from_user(ctx, filename);
	return 0;
}

/* __x64_sys_execve(const struct pt_regs *regs): the syscall's registers */
SEC("fentry")
int BPF_PROG(eh_ev_fentry, struct pt_regs *regs)
{
	from_user(ctx, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs));
	return 0;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(eh_ev_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct eh_exec_event *e = start();
	const char *filename;

	if (e) {
		filename = BPF_CORE_READ(bprm, filename);
		finish(ctx, e, bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), filename),
		       filename, false);
	}
	return 0;
}

SEC("tracepoint")
int eh_ev_tp(struct syscall_trace_enter *ctx)
{
	from_user(ctx, (const char *)BPF_CORE_READ(ctx, args[0]));
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_ev_raw_tp, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		from_user(ctx, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs));
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(eh_ev_tp_btf, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		from_user(ctx, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs));
	return 0;
}
