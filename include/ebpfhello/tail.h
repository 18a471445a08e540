/* SPDX-License-Identifier: MIT */
/* tail: what bpf/tail.bpf.c and cmd/tail.c share. */
#ifndef EBPFHELLO_TAIL_H
#define EBPFHELLO_TAIL_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include <ebpfhello/base/bpf_config.h>

/* the handlers, as counted in the tail_counts map */
enum eh_tail_handler {
	EH_TAIL_EXEC = 0,	/* "Executing a program" */
	EH_TAIL_TIMER,		/* the timer_* family */
	EH_TAIL_IGNORE,		/* busy syscalls: counted, nothing sent */
	EH_TAIL_DEFAULT,	/* no handler: "Another syscall: NAME (N)" */
	EH_TAIL_FAILED,		/* a filled slot whose tail call did not happen */
	EH_TAIL_NR,
};

/* what a handler said; the text is in cmd/tail.c */
enum eh_tail_msg {
	EH_TAIL_MSG_EXEC = 0,		/* Executing a program */
	EH_TAIL_MSG_TIMER_CREATE,	/* Creating a timer */
	EH_TAIL_MSG_TIMER_DELETE,	/* Deleting a timer */
	EH_TAIL_MSG_TIMER_OTHER,	/* Some other timer operation */
	EH_TAIL_MSG_OTHER,		/* Another syscall: NAME (N) */
};

struct eh_tail_event {
	__u64 ts_ns;
	__u32 pid;		/* thread group id */
	__u32 tid;
	__u32 uid;
	__s32 id;		/* syscall id */
	__u8 handler;		/* enum eh_tail_handler */
	__u8 msg;		/* enum eh_tail_msg */
	__u8 pad[6];
	char comm[EH_COMM_LEN];
};

#endif
