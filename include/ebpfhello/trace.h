/* SPDX-License-Identifier: MIT */
/* trace: what bpf/trace.bpf.c and cmd/trace.c share. */
#ifndef EBPFHELLO_TRACE_H
#define EBPFHELLO_TRACE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include <ebpfhello/base/bpf_config.h>

/*
 * The printed text: the message, after the run's tag with --only-ours.
 * Kernels before 5.13 copy at most 63 bytes of a %s argument, so tag and
 * message together stay under EH_TRACE_MSG_MAX.
 */
#define EH_TRACE_MSG_MAX	64
#define EH_TRACE_TAG_MAX	15	/* "eh" + 8 hex digits + ": " is 12 */
#define EH_TRACE_TEXT_MAX	48	/* --message limit */
_Static_assert(EH_TRACE_TAG_MAX + EH_TRACE_TEXT_MAX < EH_TRACE_MSG_MAX,
	       "the tag and the longest message must fit in one %s");

/* threads that printed, with their process id and name */
#define EH_TRACE_TASKS		4096

struct eh_trace_task {
	__u32 tgid;
	char comm[EH_COMM_LEN];
};

#endif
