/* SPDX-License-Identifier: MIT */
/*
 * events: the record bpf/events.bpf.c sends and cmd/events.c prints.
 *
 * A record is a small fixed part and data[]: the exec'd filename, its NUL,
 * then (with --args) the arguments, each with its NUL, then (exe_len > 0)
 * the path of the file executed, with its NUL.  Only the bytes used are
 * sent (EH_EXEC_SIZE), so a default record is ~100 bytes, and one with
 * arguments at most EH_EXEC_MAX: the byte limit per record.
 *
 * A value that could not be read is flagged (EH_EV_*_UNREAD), never sent as
 * an empty string: a forked child's exec of string literals reaches the
 * syscall before anything touched their pages, and a syscall-entry program
 * cannot take the page fault.  Such a record is kept in the kernel and
 * completed from the kernel's own copy at the exec event, or at a failed
 * exec's exit (bpf/events.bpf.c).
 */
#ifndef EBPFHELLO_EVENTS_H
#define EBPFHELLO_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include <ebpfhello/base/bpf_config.h>

#define EH_MSG_LEN		16
#define EH_FILENAME_LEN		256	/* the filename with its NUL, at most */
#define EH_ARGS_LEN		4096	/* the arguments with their NULs, at most */
#define EH_EXE_LEN		256	/* the file executed, with its NUL, at most */
#define EH_DATA_LEN		(EH_FILENAME_LEN + EH_ARGS_LEN + EH_EXE_LEN)
/* --max-args at most: syscall-entry modes read argv[] one pointer at a time */
#define EH_MAX_ARGS		64
#define EH_DEFAULT_MAX_ARGS	20

/* eh_exec_event.flags */
#define EH_EV_FILENAME_CUT	0x0001	/* the path is longer than EH_FILENAME_LEN - 1 */
#define EH_EV_ARGS_CUT		0x0002	/* the last argument was cut at the byte limit */
#define EH_EV_ARGS_MORE		0x0004	/* arguments after the last one were left out */
#define EH_EV_RESULT		0x0008	/* ret is the syscall's result (exit side) */
#define EH_EV_FILENAME_UNREAD	0x0010	/* the path could not be read: none is sent */
#define EH_EV_ARGS_UNREAD	0x0020	/* an argument could not be read: the list
					 * stops before it */
#define EH_EV_EXECVEAT		0x0040	/* execveat: dirfd and at_flags are its */
#define EH_EV_EXE_CUT		0x0080	/* the file executed's path is cut */
#define EH_EV_EXE_UNREAD	0x0100	/* that path was wanted and could not be made */
#define EH_EV_WANT_EXE		0x8000	/* kernel side only: add the file executed */

#define EH_AT_FDCWD		(-100)

/*
 * Lineage (--ancestors, --exits, --tree): every exec has an id made of
 * what the kernel keeps in the task: the process's creation time and its
 * exec count (self_exec_id, one more at each exec), with the pid and, in
 * user space, the boot id.  No map remembers execs: an ancestor's exec is
 * known even when it came before ebpfhello started.  Records carry the
 * task's ancestors, nearest first, read in the kernel when the record is
 * made; a process's end is a record of its own (struct eh_exit_event).
 * The first fields of both records are the same: kind tells them apart.
 */
#define EH_ANCESTORS_MAX	16
#define EH_REC_EXEC		1
#define EH_REC_EXIT		2

/* eh_exec_event.lineage and eh_exit_event.lineage */
#define EH_LIN_MORE		0x01	/* the chain goes on past the ancestors sent */

/* the exec a process runs: its creation (CLOCK_MONOTONIC ns) and its exec
 * count; nr 0: none (it never exec'd: a fork running its parent's program) */
struct eh_exec_ref {
	__u64 start_ns;
	__u64 nr;
};

struct eh_ancestor {
	struct eh_exec_ref exec;
	__u32 pid;			/* thread group id */
	__u32 pad;
	char comm[EH_COMM_LEN];
};

#define EH_ANCESTORS_LEN	(EH_ANCESTORS_MAX * sizeof(struct eh_ancestor))

struct eh_exec_event {
	__u64 ts_ns;			/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u16 kind;			/* EH_REC_EXEC */
	__u8 nr_ancestors;		/* after the data used */
	__u8 lineage;			/* EH_LIN_* */
	__u32 pid;			/* thread group id */
	__u64 cgroup_id;		/* the task's cgroup v2 id */
	struct eh_exec_ref exec;	/* lineage: this exec; nr 0: none (failed) */
	__u32 ppid;			/* the parent's thread group id */
	__u32 uid;
	__s32 ret;			/* with EH_EV_RESULT: 0 or -errno */
	__u16 filename_len;		/* bytes of data[] the path takes, without its NUL */
	__u16 args_len;			/* bytes of arguments after that NUL */
	__u16 exe_len;			/* bytes of the file executed after them, with
					 * its NUL; 0: none */
	__u16 flags;			/* EH_EV_* */
	__s32 dirfd;			/* with EH_EV_EXECVEAT: its arguments */
	__u32 at_flags;
	__u32 argc;			/* the exec event: how many arguments the new
					 * image has; 0: not known */
	__u32 nspid;			/* --identity: pid in its own pid namespace */
	__u32 pidns;			/* ... and that namespace's inode number; 0:
					 * not asked for */
	char comm[EH_COMM_LEN];
	char pcomm[EH_COMM_LEN];	/* the parent's */
	char message[EH_MSG_LEN];	/* exercise 1: by pid parity */
	/* the data, then nr_ancestors struct eh_ancestor (unaligned) */
	char data[EH_DATA_LEN + EH_ANCESTORS_LEN];
};

#define EH_EXEC_HDR	__builtin_offsetof(struct eh_exec_event, data)
/* where the ancestors start in data[] */
#define EH_EXEC_DATA_USED(e) ((e)->filename_len + 1 + (e)->args_len + (e)->exe_len)
/* what is sent of e: the fixed part, the data used and the ancestors */
#define EH_EXEC_SIZE(e)	(EH_EXEC_HDR + EH_EXEC_DATA_USED(e) + \
			 (e)->nr_ancestors * sizeof(struct eh_ancestor))
#define EH_EXEC_MAX	sizeof(struct eh_exec_event)

/*
 * A process's end (--exits): when its last thread exits.  code is the
 * status wait(2) gives its parent: (exit code << 8), or the signal that
 * killed it, with 0x80 when its core was dumped.
 */
struct eh_exit_event {
	__u64 ts_ns;
	__u16 kind;			/* EH_REC_EXIT */
	__u8 nr_ancestors;
	__u8 lineage;			/* EH_LIN_* */
	__u32 pid;
	__u64 cgroup_id;
	struct eh_exec_ref exec;	/* the exec it ran; start_ns: its creation */
	__u32 ppid;
	__u32 uid;
	__u32 code;
	__u32 nspid;			/* as in eh_exec_event */
	__u32 pidns;
	__u32 pad;
	char comm[EH_COMM_LEN];		/* its thread group leader's */
	struct eh_ancestor ancestors[EH_ANCESTORS_MAX];
};

#define EH_EXIT_HDR	__builtin_offsetof(struct eh_exit_event, ancestors)
#define EH_EXIT_SIZE(x)	(EH_EXIT_HDR + (x)->nr_ancestors * sizeof(struct eh_ancestor))

#endif
