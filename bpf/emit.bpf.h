/* SPDX-License-Identifier: MIT */
/*
 * The event buffer, kernel side (user side: include/ebpfhello/run/evbuf.h).
 * eh_events is created as a ring buffer or, on kernels before 5.8, as a
 * perf event array: user space sets its type before load and tells us in
 * eh_cfg.use_ringbuf, so the verifier only ever sees the helper that fits.
 * Every record that cannot be handed over is counted in eh_lost: loss is
 * reported exactly, never silently.
 *
 * Waking the reader costs more than a record (a context switch, often an
 * IPI): the ring buffer wakes it only once eh_cfg.wakeup_bytes are waiting;
 * user space drains what is left on a short timer.
 */
#ifndef EBPFHELLO_EMIT_BPF_H
#define EBPFHELLO_EMIT_BPF_H

#include "common.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1024 * 1024);
} eh_events SEC(".maps");

__u64 eh_lost = 0;

/* false: no room (counted in eh_lost) */
static __always_inline bool eh_emit(void *ctx, void *data, __u64 size)
{
	long err;

	if (eh_cfg.use_ringbuf) {
		__u64 flags = BPF_RB_NO_WAKEUP;

		if (bpf_ringbuf_query(&eh_events, BPF_RB_AVAIL_DATA) >= eh_cfg.wakeup_bytes)
			flags = BPF_RB_FORCE_WAKEUP;
		err = bpf_ringbuf_output(&eh_events, data, size, flags);
	}
	else
		err = bpf_perf_event_output(ctx, &eh_events, BPF_F_CURRENT_CPU, data, size);
	if (err)
		__sync_fetch_and_add(&eh_lost, 1);
	return !err;
}

#endif
