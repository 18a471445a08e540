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
 * At syscall entry a read of user memory cannot take a page fault, and a
 * forked child that execs string literals has not touched their pages yet
 * (fork copies no page table entries of a file's mapping).  Such a record,
 * and an execveat's (whose file executed only the exec event knows), is kept
 * in pending, keyed by the task, and completed where the kernel has made
 * its own copy: the exec event (raw_tp sched_process_exec, attached beside
 * the entry as a companion) for a successful exec; the syscall's exit for a
 * failed one, when the kernel has faulted the filename's page in (argv's
 * too, if it got as far as copying them).  What still cannot be read is
 * flagged, never sent as an empty string.
 *
 * With the exit side (--failed, --results) every record is kept until the
 * exit, which adds the result and sends it.
 */
#include "emit.bpf.h"
#include "file_path.bpf.h"
#include "lineage.bpf.h"
#include "pidns.bpf.h"
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
/* entry modes: the exec event is a companion that completes kept records,
 * and the exit (without results) completes and sends a failed exec's */
const volatile __u8 eh_complete_at_exec = 0;
const volatile __u8 eh_complete_at_exit = 0;
const volatile __s32 eh_nr_execve = -1;
const volatile __s32 eh_nr_execveat = -1;
const volatile __u8 eh_identity = 0;		/* --identity: nspid, pidns */
const volatile __u8 eh_exits = 0;		/* --exits: a record at a process's end */

#define EH_EV_UNREAD	(EH_EV_FILENAME_UNREAD | EH_EV_ARGS_UNREAD)

/* a record as kept until it is complete: the user pointers to read again
 * at a failed exec's exit, and the address space they belong to */
struct kept {
	__u64 filename;
	__u64 argv;
	__u64 mm;
	struct eh_exec_event e;
};

/* a record and room for the verifier's bounds on the variable offsets of
 * the arguments (base < 2 * EH_FILENAME_LEN, used < EH_ARGS_LEN, then up
 * to EH_ARGS_LEN) and of the file executed (base < 2 * EH_ARGS_LEN, at <
 * EH_EXE_LEN, then up to EH_EXE_LEN) */
struct scratch {
	struct kept k;
	char slack[EH_ARGS_LEN + EH_FILENAME_LEN];
	struct eh_path_names names;
	char exe_slack[EH_EXE_LEN];
};

/* too big for the 512-byte BPF stack */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} heap SEC(".maps");

/* the record of each exec in progress that is kept (see above), keyed by
 * its task (a thread that execs takes the leader's tid, not another task) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, __u64);
	__type(value, struct kept);
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

static __always_inline struct scratch *scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&heap, &zero);
}

/* true when the current task is filtered out; *ppid: its parent's tgid */
static __always_inline bool filtered(struct task_struct *task, __u32 *ppid)
{
	if (eh_skip_task())
		return true;
	*ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (eh_ppid && *ppid != eh_ppid)
		return true;
	if (eh_cgroup_filter && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return true;
	return false;
}

/* The record's fixed part, in the scratch; NULL when filtered out. */
static __always_inline struct scratch *start(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct eh_exec_event *e;
	struct scratch *sc;
	__u32 ppid = 0;

	if (filtered(task, &ppid))
		return NULL;
	sc = scratch();
	if (!sc)
		return NULL;
	e = &sc->k.e;
	e->ts_ns = bpf_ktime_get_ns();
	e->kind = EH_REC_EXEC;
	e->nr_ancestors = 0;
	e->lineage = 0;
	e->exec.start_ns = 0;
	e->exec.nr = 0;
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = ppid;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->nspid = 0;
	e->pidns = 0;
	if (eh_identity)
		eh_ns_pid(&e->nspid, &e->pidns);
	e->ret = 0;
	e->flags = 0;
	e->args_len = 0;
	e->exe_len = 0;
	e->dirfd = 0;
	e->at_flags = 0;
	e->argc = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	BPF_CORE_READ_INTO(&e->pcomm, task, real_parent, comm);
	/* exercise 1: a different message for odd and even pids */
	copy_message(e->message, e->pid & 1 ? eh_msg_odd : eh_msg_even);
	return sc;
}

/*
 * len: what bpf_probe_read_*_str() returned for the filename: below 0 it
 * could not be read (flagged, and nothing is sent for it), 0 is "" (the
 * user variant's answer for an empty string).  A full buffer holds either
 * a whole path of EH_FILENAME_LEN - 1 bytes or the start of a longer one:
 * the byte after it (read from src) tells them apart.  Returns where the
 * arguments start in data[].
 */
static __always_inline __u32 set_filename(struct eh_exec_event *e, long len, const char *src,
					  bool user)
{
	char next = 0;

	if (len < 0)
		e->flags |= EH_EV_FILENAME_UNREAD;
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

/* "/dev/fd/N": the kernel's name for an execveat of a descriptor, whose
 * file only the exec event knows (the descriptor may be gone after it) */
static __always_inline bool names_fd(const char *p)
{
	return p[0] == '/' && p[1] == 'd' && p[2] == 'e' && p[3] == 'v' && p[4] == '/' &&
	       p[5] == 'f' && p[6] == 'd' && p[7] == '/';
}

/*
 * Syscall entry (or a failed exec's exit): argv[0..], one user pointer at a
 * time, each string after the last; at most eh_max_args strings and
 * EH_ARGS_LEN bytes.  What is left out is marked: the last string cut,
 * strings after it dropped, or one that could not be read.
 */
static __noinline void read_argv(struct eh_exec_event *e, __u32 base,
				      const char *const *argv)
{
	const char *arg;
	__u32 used = 0, at;
	long n;
	int i;

	e->flags &= ~(EH_EV_ARGS_CUT | EH_EV_ARGS_MORE | EH_EV_ARGS_UNREAD);
	/* masks, not only checks, so the verifier sees the bounds whatever
	 * registers the compiler keeps copies in */
	barrier_var(base);
	base &= 2 * EH_FILENAME_LEN - 1;
	/* one more than EH_MAX_ARGS: whether another follows the last kept */
	for (i = 0; i <= EH_MAX_ARGS; i++) {
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i])) {
			e->flags |= EH_EV_ARGS_UNREAD;	/* not the end: unknown */
			break;
		}
		if (!arg)
			break;
		if (i >= eh_max_args || used >= EH_ARGS_LEN) {
			e->flags |= EH_EV_ARGS_MORE;
			break;
		}
		barrier_var(used);
		at = used & (EH_ARGS_LEN - 1);
		n = bpf_probe_read_user_str(e->data + base + at, EH_ARGS_LEN - at, arg);
		if (n < 0) {
			e->flags |= EH_EV_ARGS_UNREAD;
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
 * (NUL-separated), in one read, and how many strings it holds (argc), so
 * that a cut anywhere says whether more followed.  --max-args is applied
 * by user space.
 */
static __always_inline void read_arg_area(struct eh_exec_event *e, __u32 base,
					  struct task_struct *p, struct linux_binprm *bprm)
{
	unsigned long from = BPF_CORE_READ(p, mm, arg_start);
	unsigned long len = BPF_CORE_READ(p, mm, arg_end) - from;

	e->flags &= ~(EH_EV_ARGS_CUT | EH_EV_ARGS_MORE | EH_EV_ARGS_UNREAD);
	e->args_len = 0;
	e->argc = (__u32)BPF_CORE_READ(bprm, argc);
	if (len > EH_ARGS_LEN) {
		len = EH_ARGS_LEN;
		e->flags |= EH_EV_ARGS_MORE;
	}
	if (!len || base > EH_FILENAME_LEN)
		return;
	/* a mask too, for the register the compiler may use instead */
	barrier_var(base);
	base &= 2 * EH_FILENAME_LEN - 1;
	if (bpf_probe_read_user(e->data + base, len, (const void *)from)) {
		e->flags |= EH_EV_ARGS_UNREAD;
		return;
	}
	e->args_len = (__u16)len;
	/* cut inside a string rather than after one: end it there, as
	 * bpf_probe_read_user_str() ends one it cuts at syscall entry (user
	 * space tells from argc whether strings followed it) */
	len += base - 1;
	if ((e->flags & EH_EV_ARGS_MORE) && len < EH_DATA_LEN && e->data[len]) {
		e->data[len] = '\0';
		e->flags &= ~EH_EV_ARGS_MORE;
		e->flags |= EH_EV_ARGS_CUT;
	}
}

/* the file the exec event loaded, after the filename and arguments */
static __always_inline void read_exe(struct scratch *sc, struct linux_binprm *bprm)
{
	struct eh_exec_event *e = &sc->k.e;
	__u32 base = e->filename_len + 1 + e->args_len, len;
	bool cut;

	e->flags &= ~EH_EV_WANT_EXE;
	if (!eh_path_names(BPF_CORE_READ(bprm, file), &sc->names) ||
	    base > EH_FILENAME_LEN + EH_ARGS_LEN) {
		e->flags |= EH_EV_EXE_UNREAD;
		return;
	}
	/* a mask too, for the register the compiler may use instead (5.10's
	 * verifier does not carry the check over to a copy) */
	barrier_var(base);
	base &= 2 * EH_ARGS_LEN - 1;
	len = eh_path_write(e->data + base, EH_EXE_LEN, &sc->names, &cut);
	if (!len) {
		e->flags |= EH_EV_EXE_UNREAD;
		return;
	}
	e->exe_len = (__u16)len;
	if (cut)
		e->flags |= EH_EV_EXE_CUT;
}

static __noinline void send(void *ctx, struct eh_exec_event *e)
{
	__u64 used = (__u64)e->filename_len + 1 + e->args_len + e->exe_len;
	__u64 size;

	e->flags &= ~EH_EV_WANT_EXE;
	lin_append(e->data, used, &e->nr_ancestors, &e->lineage);
	size = EH_EXEC_HDR + used + e->nr_ancestors * sizeof(struct eh_ancestor);
	if (size > EH_EXEC_MAX)
		size = EH_EXEC_MAX;
	eh_emit(ctx, e, size);
}

static __always_inline void keep(struct kept *k)
{
	__u64 task = bpf_get_current_task();

	if (bpf_map_update_elem(&pending, &task, k, BPF_ANY))
		__sync_fetch_and_add(&eh_lost, 1);	/* too many execs in progress */
}

/* at entry: send now, or keep it until the exit side's result, or until
 * what it lacks is known */
static __always_inline void send_or_keep(void *ctx, struct kept *k)
{
	struct task_struct *task;
	/* lineage: the exec id is made at the exec event */
	bool lacks = (k->e.flags & (EH_EV_UNREAD | EH_EV_WANT_EXE)) || eh_lineage;

	if (!eh_exit_side && !(lacks && (eh_complete_at_exit || eh_complete_at_exec))) {
		send(ctx, &k->e);
		/* a record an exit never took (a kretprobe missed) must not be
		 * sent as this exec's by its exit */
		if (eh_complete_at_exit) {
			__u64 key = bpf_get_current_task();

			bpf_map_delete_elem(&pending, &key);
		}
		return;
	}
	/* whose memory the pointers are in, for the exit to read them again */
	if (k->e.flags & EH_EV_UNREAD) {
		task = (struct task_struct *)bpf_get_current_task();
		k->mm = (__u64)BPF_CORE_READ(task, mm);
	}
	keep(k);
}

/* at entry of execve(filename, argv) or execveat(fd, filename, argv, envp, flags) */
static __always_inline void from_syscall(void *ctx, const char *filename,
					 const char *const *argv, bool at, long dirfd,
					 long at_flags)
{
	struct scratch *sc = start();
	struct eh_exec_event *e;
	__u32 base;

	if (!sc)
		return;
	e = &sc->k.e;
	base = set_filename(e, bpf_probe_read_user_str(e->data, EH_FILENAME_LEN, filename),
			    filename, true);
	if (at) {
		e->flags |= EH_EV_EXECVEAT;
		e->dirfd = (__s32)dirfd;
		e->at_flags = (__u32)at_flags;
		/* relative to a descriptor: "/dev/fd/N/name" to the exec event */
		if (dirfd != EH_AT_FDCWD && (e->data[0] != '/' || (e->flags & EH_EV_FILENAME_UNREAD)))
			e->flags |= EH_EV_WANT_EXE;
	}
	if (names_fd(e->data))
		e->flags |= EH_EV_WANT_EXE;
	if (eh_max_args)
		read_argv(e, base, argv);
	sc->k.filename = (__u64)filename;
	sc->k.argv = (__u64)argv;
	sc->k.mm = 0;
	send_or_keep(ctx, &sc->k);
}

/* from a syscall function's saved user registers (kprobe, fentry, raw_tp) */
static __always_inline void from_regs(void *ctx, struct pt_regs *regs, long nr)
{
	if (nr < 0)
		nr = eh_regs_syscall_nr(regs);
	if (nr == eh_nr_execveat)
		from_syscall(ctx, (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs),
			     (const char *const *)PT_REGS_PARM3_CORE_SYSCALL(regs), true,
			     (long)(int)PT_REGS_PARM1_CORE_SYSCALL(regs),
			     (long)PT_REGS_PARM5_CORE_SYSCALL(regs));
	else
		from_syscall(ctx, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs),
			     (const char *const *)PT_REGS_PARM2_CORE_SYSCALL(regs), false, 0, 0);
}

/*
 * A failed exec's exit, in the caller's own address space still: the
 * kernel has faulted the filename's page in (getname), and argv's pages if
 * it got as far as copying them.  Read again what the entry could not.
 */
static __always_inline void reread(struct kept *k)
{
	struct eh_exec_event *e = &k->e;
	__u32 base = e->filename_len + 1;
	long len;

	if (e->flags & EH_EV_FILENAME_UNREAD) {
		len = bpf_probe_read_user_str(e->data, EH_FILENAME_LEN, (const char *)k->filename);
		if (len < 0)
			return;
		e->flags &= ~EH_EV_FILENAME_UNREAD;
		base = set_filename(e, len, (const char *)k->filename, true);
		e->args_len = 0;
		if (eh_max_args)
			e->flags |= EH_EV_ARGS_UNREAD;	/* they move: read them again */
	}
	if (eh_max_args && (e->flags & EH_EV_ARGS_UNREAD))
		read_argv(e, base, (const char *const *)k->argv);
}

/* at exit: the kept record with its result; --failed drops successes */
static __noinline void result(void *ctx, long ret)
{
	__u64 task = bpf_get_current_task();
	struct kept *k = bpf_map_lookup_elem(&pending, &task);
	struct scratch *sc;
	struct eh_exec_event *e;

	if (!k)
		return;
	if (eh_failed_only && ret >= 0)
		goto out;
	e = &k->e;
	/* a failed exec's memory is still the caller's (unless it failed
	 * after replacing it: then the pointers mean nothing) */
	if (ret < 0 && (e->flags & EH_EV_UNREAD) &&
	    k->mm == (__u64)BPF_CORE_READ((struct task_struct *)task, mm)) {
		sc = scratch();
		if (!sc || bpf_probe_read_kernel(&sc->k, sizeof(sc->k), k))
			goto out;
		reread(&sc->k);
		e = &sc->k.e;
	}
	if (eh_exit_side) {
		e->ret = (__s32)ret;
		e->flags |= EH_EV_RESULT;
	}
	send(ctx, e);
out:
	bpf_map_delete_elem(&pending, &task);
}

/*
 * The passed filename, from the exec event's copy: "/dev/fd/N" for
 * execveat(N, "", ..., AT_EMPTY_PATH) and "/dev/fd/N/name" for a name
 * relative to N are the kernel's (bprm->fdpath), the rest is the caller's.
 */
static __always_inline const char *passed_name(struct eh_exec_event *e, struct linux_binprm *bprm)
{
	const char *name = BPF_CORE_READ(bprm, filename);
	__u32 skip = 8, fd = (__u32)e->dirfd;
	char c = 0;
	int i;

	if (!(e->flags & EH_EV_EXECVEAT) || e->dirfd < 0 || !bpf_core_field_exists(bprm->fdpath) ||
	    !BPF_CORE_READ(bprm, fdpath))
		return name;
	/* "/dev/fd/" and the digits of N */
	for (i = 0; i < 10; i++) {
		skip++;
		fd /= 10;
		if (!fd)
			break;
	}
	bpf_probe_read_kernel(&c, 1, name + skip);
	return name + skip + (c == '/');
}

/*
 * The companion at the exec event: what a kept record lacks, from the
 * kernel's copies.  A script's (or binfmt_misc's) argument area starts
 * with its interpreter instead of the caller's argv[0]: its arguments stay
 * unread, and the file loaded is the interpreter, not the one named.
 */
static __always_inline void complete_at_exec(void *ctx, struct task_struct *p,
					     struct linux_binprm *bprm)
{
	__u64 task = bpf_get_current_task();
	struct kept *k = bpf_map_lookup_elem(&pending, &task);
	const char *name;
	struct scratch *sc;
	struct eh_exec_event *e;
	bool script;
	__u32 base;

	if (!k || (!(k->e.flags & (EH_EV_UNREAD | EH_EV_WANT_EXE)) && !eh_lineage))
		return;
	sc = scratch();
	if (!sc || bpf_probe_read_kernel(&sc->k, sizeof(sc->k), k))
		return;
	e = &sc->k.e;
	if (eh_lineage)
		lin_current_exec(&e->exec);
	script = BPF_CORE_READ(bprm, interp) != BPF_CORE_READ(bprm, filename);
	base = e->filename_len + 1;
	if (e->flags & EH_EV_FILENAME_UNREAD) {
		name = passed_name(e, bprm);
		e->flags &= ~EH_EV_FILENAME_UNREAD;
		base = set_filename(e, bpf_probe_read_kernel_str(e->data, EH_FILENAME_LEN, name),
				    name, false);
		e->args_len = 0;
		if (eh_max_args)
			e->flags |= EH_EV_ARGS_UNREAD;	/* they move: read them again */
	}
	if (eh_max_args && (e->flags & EH_EV_ARGS_UNREAD) && !script)
		read_arg_area(e, base, p, bprm);
	if ((e->flags & EH_EV_WANT_EXE) && !script)
		read_exe(sc, bprm);
	else if (e->flags & EH_EV_WANT_EXE)
		e->flags |= EH_EV_EXE_UNREAD;
	e->flags &= ~EH_EV_WANT_EXE;
	if (eh_exit_side) {
		keep(&sc->k);		/* the exit adds the result */
	} else {
		send(ctx, e);
		bpf_map_delete_elem(&pending, &task);
	}
}

/* the exec event itself (the exec mode): everything from the kernel's copies */
static __always_inline void from_exec(void *ctx, struct task_struct *p, struct linux_binprm *bprm)
{
	struct scratch *sc = start();
	struct eh_exec_event *e;
	const char *filename;
	__u32 base;

	if (!sc)
		return;
	e = &sc->k.e;
	if (eh_lineage)
		lin_current_exec(&e->exec);
	filename = BPF_CORE_READ(bprm, filename);
	base = set_filename(e, bpf_probe_read_kernel_str(e->data, EH_FILENAME_LEN, filename),
			    filename, false);
	if (eh_max_args)
		read_arg_area(e, base, p, bprm);
	/* a script's file loaded is its interpreter, not the one named */
	if (names_fd(e->data)) {
		if (BPF_CORE_READ(bprm, interp) == filename)
			read_exe(sc, bprm);
		else
			e->flags |= EH_EV_EXE_UNREAD;
	}
	send(ctx, e);
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

/* the exec mode; in entry modes, the companion that completes kept records
 * (with lineage: each, with its exec id) */
SEC("raw_tp/sched_process_exec")
int BPF_PROG(eh_ev_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	if (eh_complete_at_exec)
		complete_at_exec(ctx, p, bprm);
	else
		from_exec(ctx, p, bprm);
	return 0;
}

SEC("tracepoint")
int eh_ev_tp(struct syscall_trace_enter *ctx)
{
	if (BPF_CORE_READ(ctx, nr) == eh_nr_execveat)
		from_syscall(ctx, (const char *)BPF_CORE_READ(ctx, args[1]),
			     (const char *const *)BPF_CORE_READ(ctx, args[2]), true,
			     (long)(int)BPF_CORE_READ(ctx, args[0]), (long)BPF_CORE_READ(ctx, args[4]));
	else
		from_syscall(ctx, (const char *)BPF_CORE_READ(ctx, args[0]),
			     (const char *const *)BPF_CORE_READ(ctx, args[1]), false, 0, 0);
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

/* ---- a process's end (--exits) ------------------------------------------------------ */

#define EH_SIGNAL_GROUP_EXIT	0x00000004	/* include/linux/sched/signal.h */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct eh_exit_event);
} exit_heap SEC(".maps");

/*
 * A process ends once, though its threads may see signal->live at 0
 * together (an exit_group's threads exit at once, on every CPU): the first
 * to note the process here makes the record.  Keyed by the creation time
 * too, so a reused pid is a new key; old keys age out.  A process with one
 * thread left has no such race and skips it.
 */
struct exit_claim {
	__u64 start_ns;
	__u32 tgid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct exit_claim);
	__type(value, __u8);
} exit_claims SEC(".maps");

/* what the end of the current thread says of its process */
struct exit_facts {
	int live;			/* threads still running */
	int threads;			/* threads not yet reaped, this one too */
	__u32 code;			/* the status wait(2) gives the parent */
	struct eh_exec_ref exec;
};

/* the status: the group's, or its leader's own; plain loads */
static __always_inline void exit_facts_btf(struct exit_facts *f, struct eh_exit_event *x)
{
	struct task_struct *t = bpf_get_current_task_btf(), *leader = t->group_leader;
	struct signal_struct *sig = t->signal;

	f->live = sig->live.counter;
	f->threads = sig->nr_threads;
	f->code = sig->flags & EH_SIGNAL_GROUP_EXIT ? sig->group_exit_code : leader->exit_code;
	LIN_REF_BTF(&f->exec, leader);
	bpf_probe_read_kernel(x->comm, EH_COMM_LEN, leader->comm);
}

static __always_inline void exit_facts_core(struct exit_facts *f, struct eh_exit_event *x)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct task_struct *leader = BPF_CORE_READ(t, group_leader);

	f->live = BPF_CORE_READ(t, signal, live.counter);
	f->threads = BPF_CORE_READ(t, signal, nr_threads);
	if (BPF_CORE_READ(t, signal, flags) & EH_SIGNAL_GROUP_EXIT)
		f->code = (__u32)BPF_CORE_READ(t, signal, group_exit_code);
	else
		f->code = (__u32)BPF_CORE_READ(leader, exit_code);
	lin_ref_core(&f->exec, leader);
	BPF_CORE_READ_INTO(&x->comm, leader, comm);
}

/* the record of the current process's end; false: not its last thread */
static __always_inline bool exit_record(struct eh_exit_event *x)
{
	struct exit_facts f;
	struct exit_claim claim = {};
	__u8 one = 1;

	if (lin_btf())
		exit_facts_btf(&f, x);
	else
		exit_facts_core(&f, x);
	if (f.live)
		return false;
	claim.tgid = bpf_get_current_pid_tgid() >> 32;
	claim.start_ns = f.exec.start_ns;
	if (f.threads > 1 && bpf_map_update_elem(&exit_claims, &claim, &one, BPF_NOEXIST))
		return false;	/* another of its threads was first */
	x->pid = claim.tgid;
	x->code = f.code;
	x->exec = f.exec;
	return true;
}

/* Every thread's exit; the process ends with its last thread. */
SEC("raw_tp/sched_process_exit")
int BPF_PROG(eh_ev_exit, struct task_struct *p)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct eh_exit_event *x;
	__u32 zero = 0, ppid = 0;
	__u64 size;

	x = bpf_map_lookup_elem(&exit_heap, &zero);
	if (!x || !exit_record(x) || filtered(task, &ppid))
		return 0;
	x->ts_ns = bpf_ktime_get_ns();
	x->kind = EH_REC_EXIT;
	x->lineage = 0;
	x->cgroup_id = bpf_get_current_cgroup_id();
	x->ppid = ppid;
	x->uid = (__u32)bpf_get_current_uid_gid();
	x->nspid = 0;
	x->pidns = 0;
	if (eh_identity)
		eh_ns_pid(&x->nspid, &x->pidns);
	x->nr_ancestors = (__u8)lin_walk(x->ancestors, &x->lineage);
	size = EH_EXIT_HDR + x->nr_ancestors * sizeof(struct eh_ancestor);
	if (size > sizeof(*x))
		size = sizeof(*x);
	eh_emit(ctx, x, size);
	return 0;
}
