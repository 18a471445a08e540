/* SPDX-License-Identifier: MIT */
/* events: the record bpf/events.bpf.c sends and cmd/events.c prints. */
#ifndef EBPFHELLO_EVENTS_H
#define EBPFHELLO_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include <ebpfhello/bpf_config.h>

#define EH_MSG_LEN		16
#define EH_FILENAME_LEN		256

struct eh_exec_event {
	__u64 ts_ns;			/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 pid;			/* thread group id */
	__u32 ppid;			/* the parent's thread group id */
	__u32 uid;
	__u32 filename_len;		/* bytes read, without the NUL */
	__u8 truncated;			/* the path is longer than EH_FILENAME_LEN - 1 */
	__u8 pad[7];
	char comm[EH_COMM_LEN];
	char message[EH_MSG_LEN];	/* exercise 1: by pid parity */
	char filename[EH_FILENAME_LEN];
};

#endif
