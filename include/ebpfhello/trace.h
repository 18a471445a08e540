/* SPDX-License-Identifier: MIT */
/* trace: what bpf/trace.bpf.c and cmd/trace.c share. */
#ifndef EBPFHELLO_TRACE_H
#define EBPFHELLO_TRACE_H

/*
 * The printed text: the message, after an optional tag.  Older kernels copy
 * at most 64 bytes of a %s argument, so the whole string stays under that.
 */
#define EH_TRACE_MSG_MAX	64
#define EH_TRACE_TEXT_MAX	48	/* --message limit, leaves room for the tag */

#endif
