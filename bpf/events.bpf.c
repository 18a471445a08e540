// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * events: hello-buffer.py and exercise 1.  One record per exec, with the
 * exec'd filename, sent through the event buffer (emit.bpf.h) instead of
 * trace_pipe.  The message depends on the parity of the pid (exercise 1).
 *
 * Every program fills the same record; they differ in where its parts come
 * from: at syscall entry the filename and argv are user pointers; at the
 * exec event the kernel's copy of the filename (bprm->filename) and the
 * new image's argument area (mm->arg_start..arg_end), read once, so that
 * --args costs the other syscalls nothing.
 *
 * With the exit side (--failed, --results) the entry keeps the record in
 * pending, keyed by the task, and the exit adds the result and sends it.
 */
#include "emit.bpf.h"
#include "syscall_regs.bpf.h"
#include <bpf/bpf_core_read.h>
#include <ebpfhello/events.h>

const volatile char eh_msg_even[EH_MSG_LEN] = "Hello World";
const volatile char eh_msg_odd[EH_MSG_LEN] = "Hello Odd World";
const volatile __u32 eh_max_args = 0;		/* 0: no arguments */
const volatile __u32 eh_ppid = 0;		/* 0: any parent */
const volatile __u8 eh_cgroup_filter = 0;	/* only tasks under cgroup_filter[0] */
const volatile __u8 eh_exit_side = 0;		/* entry keeps, exit sends */
const volatile __u8 eh_failed_only = 0;		/* exit side: failed execs only */
const volatile __s32 eh_nr_execve = -1;
const volatile __s32 eh_nr_execveat = -1;

/* a record and room for the verifier's bounds on the arguments' offsets:
 * data + (base < 2 * EH_FILENAME_LEN) + (used < EH_ARGS_LEN) + EH_ARGS_LEN */
struct scratch {
	struct eh_exec_event e;
	char slack[EH_ARGS_LEN + EH_FILENAME_LEN];
};

/* too big for the 512-byte BPF stack */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} heap SEC(".maps");

/* exit side: the record of each exec in progress, keyed by its task (a
 * thread that execs takes the leader's tid, not another task) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, __u64);
	__type(value, struct eh_exec_event);
} pending SEC(".maps");

/* --cgroup: the cgroup (v2) whose tasks, and its descendants', are kept */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

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

/* The record's fixed part; NULL when filtered out. */
static __always_inline struct eh_exec_event *start(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct eh_exec_event *e;
	__u32 zero = 0, ppid;

	if (eh_skip_task())
		return NULL;
	ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (eh_ppid && ppid != eh_ppid)
		return NULL;
	if (eh_cgroup_filter && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return NULL;
	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return NULL;
	e->ts_ns = bpf_ktime_get_ns();
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = ppid;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->ret = 0;
	e->flags = 0;
	e->args_len = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	BPF_CORE_READ_INTO(&e->pcomm, task, real_parent, comm);
	/* exercise 1: a different message for odd and even pids */
	copy_message(e->message, e->pid & 1 ? eh_msg_odd : eh_msg_even);
	return e;
}

/*
 * len: what bpf_probe_read_*_str() returned for the filename.  A full
 * buffer holds either a whole path of EH_FILENAME_LEN - 1 bytes or the
 * start of a longer one: the byte after it (read from src) tells them
 * apart.  Returns where the arguments start in data[].
 */
static __always_inline __u32 set_filename(struct eh_exec_event *e, long len, const char *src,
					  bool user)
{
	char next = 0;

	if (len <= 0 || len > EH_FILENAME_LEN) {
		e->data[0] = '\0';
		len = 1;
	}
	e->filename_len = (__u16)(len - 1);
	if (len == EH_FILENAME_LEN) {
		if (user)
			bpf_probe_read_user(&next, 1, src + EH_FILENAME_LEN - 1);
		else
			bpf_probe_read_kernel(&next, 1, src + EH_FILENAME_LEN - 1);
		if (next)
			e->flags |= EH_EV_FILENAME_CUT;
	}
	return (__u32)len;
}

/*
 * Syscall entry: argv[0..], one user pointer at a time, each string after
 * the last; at most eh_max_args strings and EH_ARGS_LEN bytes.  What is
 * left out is marked: the last string cut, or strings after it dropped.
 */
static __always_inline void read_argv(struct eh_exec_event *e, __u32 base,
				      const char *const *argv)
{
	const char *arg;
	__u32 used = 0, at;
	long n;
	int i;

	/* masks, not only checks, so the verifier sees the bounds whatever
	 * registers the compiler keeps copies in */
	barrier_var(base);
	base &= 2 * EH_FILENAME_LEN - 1;
	for (i = 0; i < EH_MAX_ARGS; i++) {
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			break;
		if (i >= eh_max_args || used >= EH_ARGS_LEN) {
			e->flags |= EH_EV_ARGS_MORE;
			break;
		}
		barrier_var(used);
		at = used & (EH_ARGS_LEN - 1);
		n = bpf_probe_read_user_str(e->data + base + at, EH_ARGS_LEN - at, arg);
		if (n < 0) {
			e->flags |= EH_EV_ARGS_MORE;	/* unreadable: not shown */
			break;
		}
		/* kernels up to 6.12 at least return 0, not 1, for "" */
		if (n == 0) {
			e->data[base + at] = '\0';
			n = 1;
		}
		used = at + (__u32)n;
		if (used == EH_ARGS_LEN) {
			char next = 0;

			bpf_probe_read_user(&next, 1, arg + n - 1);
			if (next)
				e->flags |= EH_EV_ARGS_CUT;
		}
	}
	e->args_len = (__u16)used;
}

/*
 * The exec event: the new image's argument area, as the kernel copied it
 * (NUL-separated), in one read.  --max-args is applied by user space.
 */
static __always_inline void read_arg_area(struct eh_exec_event *e, __u32 base,
					  struct task_struct *p)
{
	unsigned long from = BPF_CORE_READ(p, mm, arg_start);
	unsigned long len = BPF_CORE_READ(p, mm, arg_end) - from;

	if (len > EH_ARGS_LEN) {
		len = EH_ARGS_LEN;
		e->flags |= EH_EV_ARGS_MORE;
	}
	if (!len || base > EH_FILENAME_LEN ||
	    bpf_probe_read_user(e->data + base, len, (const void *)from))
		return;
	e->args_len = (__u16)len;
	/* cut inside a string rather than after one: end it there, as
	 * bpf_probe_read_user_str() ends one it cuts at syscall entry */
	len += base - 1;
	if ((e->flags & EH_EV_ARGS_MORE) && len < EH_DATA_LEN && e->data[len]) {
		e->data[len] = '\0';
		e->flags &= ~EH_EV_ARGS_MORE;
		e->flags |= EH_EV_ARGS_CUT;
	}
}

static __always_inline void send(void *ctx, struct eh_exec_event *e)
{
	__u64 size = EH_EXEC_HDR + e->filename_len + 1 + e->args_len;

	if (size > EH_EXEC_MAX)
		size = EH_EXEC_MAX;
	eh_emit(ctx, e, size);
}

/* at entry: send now, or with the exit side keep it until the result */
static __always_inline void send_or_keep(void *ctx, struct eh_exec_event *e)
{
	__u64 task = bpf_get_current_task();

	if (!eh_exit_side)
		send(ctx, e);
	else if (bpf_map_update_elem(&pending, &task, e, BPF_ANY))
		__sync_fetch_and_add(&eh_lost, 1);	/* too many execs in progress */
}

/* at entry of execve(filename, argv) or execveat(fd, filename, argv) */
static __always_inline void from_syscall(void *ctx, const char *filename,
					 const char *const *argv)
{
	struct eh_exec_event *e = start();
	__u32 base;

	if (!e)
		return;
	base = set_filename(e, bpf_probe_read_user_str(e->data, EH_FILENAME_LEN, filename),
			    filename, true);
	if (eh_max_args)
		read_argv(e, base, argv);
	send_or_keep(ctx, e);
}

/* from a syscall function's saved user registers (kprobe, fentry, raw_tp) */
static __always_inline void from_regs(void *ctx, struct pt_regs *regs, long nr)
{
	if (nr < 0)
		nr = eh_regs_syscall_nr(regs);
	if (nr == eh_nr_execveat)
		from_syscall(ctx, (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs),
			     (const char *const *)PT_REGS_PARM3_CORE_SYSCALL(regs));
	else
		from_syscall(ctx, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs),
			     (const char *const *)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

/* at exit: the kept record with its result; --failed drops successes */
static __always_inline void result(void *ctx, long ret)
{
	__u64 task = bpf_get_current_task();
	struct eh_exec_event *e = bpf_map_lookup_elem(&pending, &task);

	if (!e)
		return;
	if (!eh_failed_only || ret < 0) {
		e->ret = (__s32)ret;
		e->flags |= EH_EV_RESULT;
		send(ctx, e);
	}
	bpf_map_delete_elem(&pending, &task);
}

/* ---- entry (or the exec event) ------------------------------------------------ */

/* __x64_sys_execve(const struct pt_regs *regs): the syscall's registers */
SEC("ksyscall")
int BPF_KPROBE(eh_ev_kprobe, struct pt_regs *regs)
{
	from_regs(ctx, regs, -1);
	return 0;
}

SEC("fentry")
int BPF_PROG(eh_ev_fentry0, struct pt_regs *regs)
{
	from_regs(ctx, regs, -1);
	return 0;
}

SEC("fentry")
int BPF_PROG(eh_ev_fentry1, struct pt_regs *regs)
{
	from_regs(ctx, regs, -1);
	return 0;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(eh_ev_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct eh_exec_event *e = start();
	const char *filename;
	__u32 base;

	if (!e)
		return 0;
	filename = BPF_CORE_READ(bprm, filename);
	base = set_filename(e, bpf_probe_read_kernel_str(e->data, EH_FILENAME_LEN, filename),
			    filename, false);
	if (eh_max_args)
		read_arg_area(e, base, p);
	send(ctx, e);
	return 0;
}

SEC("tracepoint")
int eh_ev_tp(struct syscall_trace_enter *ctx)
{
	if (BPF_CORE_READ(ctx, nr) == eh_nr_execveat)
		from_syscall(ctx, (const char *)BPF_CORE_READ(ctx, args[1]),
			     (const char *const *)BPF_CORE_READ(ctx, args[2]));
	else
		from_syscall(ctx, (const char *)BPF_CORE_READ(ctx, args[0]),
			     (const char *const *)BPF_CORE_READ(ctx, args[1]));
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_ev_raw_tp, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		from_regs(ctx, regs, id);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(eh_ev_tp_btf, struct pt_regs *regs, long id)
{
	if (eh_sys_wanted(id))
		from_regs(ctx, regs, id);
	return 0;
}

/* ---- exit: the result ------------------------------------------------------------ */

SEC("kretsyscall")
int BPF_KRETPROBE(eh_ev_kretprobe, long ret)
{
	result(ctx, ret);
	return 0;
}

SEC("fexit")
int BPF_PROG(eh_ev_fexit0, struct pt_regs *regs, long ret)
{
	result(ctx, ret);
	return 0;
}

SEC("fexit")
int BPF_PROG(eh_ev_fexit1, struct pt_regs *regs, long ret)
{
	result(ctx, ret);
	return 0;
}

/* attached to syscalls:sys_exit_execve and sys_exit_execveat */
SEC("tracepoint/syscalls/sys_exit")
int eh_ev_tp_exit(struct syscall_trace_exit *ctx)
{
	result(ctx, BPF_CORE_READ(ctx, ret));
	return 0;
}

/*
 * Every syscall's exit: only an exec's can have a record kept.  A
 * successful exec on arm64 clears the saved number (NO_SYSCALL, -1), so
 * that passes too; the task-keyed lookup decides.
 */
static __always_inline void any_exit(void *ctx, struct pt_regs *regs, long ret)
{
	long nr = eh_regs_syscall_nr(regs);

	if (nr >= 0 && !eh_sys_wanted(nr))
		return;
	result(ctx, ret);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(eh_ev_raw_tp_exit, struct pt_regs *regs, long ret)
{
	any_exit(ctx, regs, ret);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(eh_ev_tp_btf_exit, struct pt_regs *regs, long ret)
{
	any_exit(ctx, regs, ret);
	return 0;
}
