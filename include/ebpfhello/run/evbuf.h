/* SPDX-License-Identifier: MIT */
/*
 * The event buffer: a BPF ring buffer where the kernel has one (5.8+), a
 * perf buffer otherwise, behind one API.  The BPF side (bpf/emit.bpf.h)
 * writes through eh_emit(), which picks the helper from eh_cfg.use_ringbuf
 * and counts every record it could not hand over in eh_lost.
 *
 *   before load:  eh_evbuf_configure(map, cfg, eh_opts.buffer, kb)
 *   after load:   eh_evbuf_open(map, kb, cb, ctx), then eh_evbuf_fd() into the loop
 */
#ifndef EBPFHELLO_EVBUF_H
#define EBPFHELLO_EVBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include <ebpfhello/cli/opts.h>

struct bpf_map;
struct eh_config;
struct eh_evbuf;
struct eh_loop;

typedef int (*eh_event_cb)(void *ctx, const void *data, size_t size);

#define EH_EVBUF_DEFAULT_KB 1024

/*
 * Sets the map's type and size and cfg->use_ringbuf.  Fails with a message
 * (and -EOPNOTSUPP) when --buffer ringbuf is asked of a kernel without one.
 */
int eh_evbuf_configure(struct bpf_map *map, struct eh_config *cfg,
		       enum eh_buffer want, uint64_t kb);
/* kb: as given to eh_evbuf_configure() (the perf buffer's pages per CPU) */
struct eh_evbuf *eh_evbuf_open(struct bpf_map *map, uint64_t kb, eh_event_cb cb, void *ctx);
int eh_evbuf_fd(const struct eh_evbuf *b);
/* hand every record ready now to the callback; 0 or a negative errno */
int eh_evbuf_consume(struct eh_evbuf *b);
bool eh_evbuf_is_ringbuf(const struct eh_evbuf *b);
/* records handed to the callback so far */
uint64_t eh_evbuf_delivered(const struct eh_evbuf *b);
/* --explain: bytes written by the kernel and not read yet (all CPUs'), or
 * a negative errno; a perf buffer's data bytes per CPU and its CPUs (false
 * for a ring buffer: its size is its map's max_entries) */
int64_t eh_evbuf_waiting(struct eh_evbuf *b);
bool eh_evbuf_perf_geometry(struct eh_evbuf *b, uint64_t *bytes, uint32_t *cpus);
const char *eh_evbuf_kind(const struct eh_evbuf *b);
void eh_evbuf_free(struct eh_evbuf *b);

/*
 * A stream: the event buffer of a loaded object, read by the loop.  Loss
 * is reported as soon as the kernel's count (the object's eh_lost) grows:
 * a "lost" record in JSON, a line on stderr in text.
 */
struct eh_stream {
	struct eh_evbuf *buf;
	const __u64 *lost;		/* &skel->bss->eh_lost */
	uint64_t lost_reported;
};

/* Opens the buffer on map and has the loop hand every record to cb. */
int eh_stream_start(struct eh_stream *st, struct eh_loop *l, struct bpf_map *map,
		    const __u64 *lost, eh_event_cb cb, void *ctx);
/* After the loop: delivers what is still queued (unless --count or an
 * error stopped it) and reports the loss. */
void eh_stream_drain(struct eh_stream *st, const struct eh_loop *l);
void eh_stream_close(struct eh_stream *st);

#endif
