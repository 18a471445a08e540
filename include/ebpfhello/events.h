/* SPDX-License-Identifier: MIT */
/*
 * events: the record bpf/events.bpf.c sends and cmd/events.c prints.
 *
 * A record is a small fixed part and data[]: the exec'd filename, its NUL,
 * then (with --args) the arguments, each with its NUL.  Only the bytes
 * used are sent (EH_EXEC_SIZE), so a default record is ~100 bytes, and
 * one with arguments at most EH_EXEC_MAX: the byte limit per record.
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
#define EH_DATA_LEN		(EH_FILENAME_LEN + EH_ARGS_LEN)
/* --max-args at most: syscall-entry modes read argv[] one pointer at a time */
#define EH_MAX_ARGS		64
#define EH_DEFAULT_MAX_ARGS	20

/* eh_exec_event.flags */
#define EH_EV_FILENAME_CUT	0x01	/* the path is longer than EH_FILENAME_LEN - 1 */
#define EH_EV_ARGS_CUT		0x02	/* the last argument was cut at the byte limit */
#define EH_EV_ARGS_MORE		0x04	/* arguments after the last one were left out */
#define EH_EV_RESULT		0x08	/* ret is the syscall's result (exit side) */

struct eh_exec_event {
	__u64 ts_ns;			/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 cgroup_id;		/* the task's cgroup v2 id */
	__u32 pid;			/* thread group id */
	__u32 ppid;			/* the parent's thread group id */
	__u32 uid;
	__s32 ret;			/* with EH_EV_RESULT: 0 or -errno */
	__u16 filename_len;		/* bytes of data[] the path takes, without its NUL */
	__u16 args_len;			/* bytes of arguments after that NUL */
	__u8 flags;			/* EH_EV_* */
	__u8 pad[3];
	char comm[EH_COMM_LEN];
	char pcomm[EH_COMM_LEN];	/* the parent's */
	char message[EH_MSG_LEN];	/* exercise 1: by pid parity */
	char data[EH_DATA_LEN];
};

#define EH_EXEC_HDR	__builtin_offsetof(struct eh_exec_event, data)
/* what is sent of e: the fixed part and the data used */
#define EH_EXEC_SIZE(e)	(EH_EXEC_HDR + (e)->filename_len + 1 + (e)->args_len)
#define EH_EXEC_MAX	sizeof(struct eh_exec_event)

#endif
