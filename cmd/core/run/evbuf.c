// SPDX-License-Identifier: MIT
/* Ring buffer / perf buffer behind one API; see include/ebpfhello/run/evbuf.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/run/evbuf.h>
#include <ebpfhello/run/loop.h>
#include <ebpfhello/show/outfile.h>
#include <ebpfhello/show/output.h>

struct eh_evbuf {
	struct ring_buffer *rb;
	struct perf_buffer *pb;
	eh_event_cb cb;
	void *ctx;
	int cb_err;
	uint64_t delivered;	/* records handed to cb (--explain) */
	/* perf records arrive 4-byte aligned: each is copied here first */
	void *aligned;
	size_t aligned_cap;
	/* --explain: the ring buffer's positions, mapped read-only */
	int map_fd;
	void *pos;
};

static uint64_t pow2_at_least(uint64_t v)
{
	uint64_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

static uint64_t page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (uint64_t)ps : 4096;
}

static uint64_t buffer_bytes(uint64_t kb)
{
	return (kb ? kb : EH_EVBUF_DEFAULT_KB) * 1024;
}

int eh_evbuf_configure(struct bpf_map *map, struct eh_config *cfg,
		       enum eh_buffer want, uint64_t kb)
{
	bool ringbuf;
	uint64_t bytes = buffer_bytes(kb);

	if (want == EH_BUFFER_RINGBUF && !eh_has(EH_FEAT_RINGBUF)) {
		eh_error("--buffer ringbuf: this kernel has no BPF ring buffer "
			 "(it needs Linux 5.8+); use --buffer perf");
		return -EOPNOTSUPP;
	}
	ringbuf = want == EH_BUFFER_RINGBUF ||
		  (want == EH_BUFFER_AUTO && eh_has(EH_FEAT_RINGBUF));
	cfg->use_ringbuf = ringbuf;
	if (ringbuf) {
		bytes = pow2_at_least(bytes < page_size() ? page_size() : bytes);
		cfg->wakeup_bytes = (uint32_t)(bytes / 8);
		bpf_map__set_type(map, BPF_MAP_TYPE_RINGBUF);
		bpf_map__set_key_size(map, 0);
		bpf_map__set_value_size(map, 0);
		return bpf_map__set_max_entries(map, (uint32_t)bytes);
	}
	bpf_map__set_type(map, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	bpf_map__set_key_size(map, sizeof(int));
	bpf_map__set_value_size(map, sizeof(int));
	/* 0: libbpf sizes it to the number of possible CPUs */
	return bpf_map__set_max_entries(map, 0);
}

static int on_ring(void *ctx, void *data, size_t size)
{
	struct eh_evbuf *b = ctx;

	if (!b->cb_err) {
		b->delivered++;
		b->cb_err = b->cb(b->ctx, data, size);
	}
	/* only a negative return makes ring_buffer__consume() stop early */
	return b->cb_err ? -ECANCELED : 0;
}

static void on_perf(void *ctx, int cpu, void *data, __u32 size)
{
	struct eh_evbuf *b = ctx;
	int err;

	if (b->cb_err)
		return;
	if (size > b->aligned_cap) {
		void *p = realloc(b->aligned, size);

		if (!p) {
			b->cb_err = -ENOMEM;
			return;
		}
		b->aligned = p;
		b->aligned_cap = size;
	}
	memcpy(b->aligned, data, size);		/* malloc's memory is aligned for any type */
	b->delivered++;
	err = b->cb(b->ctx, b->aligned, size);
	if (err)
		b->cb_err = err;
}

/* the kernel side counts what it could not send (eh_lost): nothing to do here */
static void on_perf_lost(void *ctx, int cpu, __u64 n)
{
}

struct eh_evbuf *eh_evbuf_open(struct bpf_map *map, uint64_t kb, eh_event_cb cb, void *ctx)
{
	struct eh_evbuf *b = calloc(1, sizeof(*b));
	uint64_t pages = pow2_at_least((buffer_bytes(kb) + page_size() - 1) / page_size());
	int fd = bpf_map__fd(map);

	if (!b)
		return NULL;
	b->cb = cb;
	b->ctx = ctx;
	b->map_fd = fd;
	if (bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF)
		b->rb = ring_buffer__new(fd, on_ring, b, NULL);
	else
		b->pb = perf_buffer__new(fd, (size_t)pages, on_perf,
					 on_perf_lost, b, NULL);
	if (!b->rb && !b->pb) {
		int err = errno;

		free(b);
		errno = err;
		return NULL;
	}
	return b;
}

int eh_evbuf_fd(const struct eh_evbuf *b)
{
	return b->rb ? ring_buffer__epoll_fd(b->rb) : perf_buffer__epoll_fd(b->pb);
}

int eh_evbuf_consume(struct eh_evbuf *b)
{
	int err;

	if (b->cb_err)
		return b->cb_err;
	/*
	 * Read every buffer, not just those epoll reports ready: a perf event
	 * clears its ready state when polled, and the loop's own epoll has
	 * already polled it through the nested epoll fd.
	 */
	err = b->rb ? ring_buffer__consume(b->rb) : perf_buffer__consume(b->pb);
	/* a callback's stop request or error wins over -ECANCELED */
	if (b->cb_err)
		return b->cb_err;
	return err < 0 && err != -EINTR ? err : 0;
}

/*
 * A ring buffer's first page holds the consumer's position, its second
 * the producer's (both may be mapped read-only, by anyone holding the map);
 * a perf buffer's each CPU's data_head and data_tail.
 */
int64_t eh_evbuf_waiting(struct eh_evbuf *b)
{
	struct perf_event_mmap_page *h;
	uint64_t sum = 0;
	size_t i, size;
	void *base;

	if (b->rb) {
		if (!b->pos) {
			base = mmap(NULL, 2 * page_size(), PROT_READ, MAP_SHARED, b->map_fd, 0);
			if (base == MAP_FAILED)
				return -errno;
			b->pos = base;
		}
		return (int64_t)(__atomic_load_n((unsigned long *)((char *)b->pos + page_size()),
						 __ATOMIC_ACQUIRE) -
				 __atomic_load_n((unsigned long *)b->pos, __ATOMIC_ACQUIRE));
	}
	for (i = 0; i < perf_buffer__buffer_cnt(b->pb); i++) {
		if (perf_buffer__buffer(b->pb, (int)i, &base, &size))
			return -EINVAL;
		h = base;
		sum += __atomic_load_n(&h->data_head, __ATOMIC_ACQUIRE) - h->data_tail;
	}
	return (int64_t)sum;
}

bool eh_evbuf_perf_geometry(struct eh_evbuf *b, uint64_t *bytes, uint32_t *cpus)
{
	size_t size = 0;
	void *base;

	if (!b->pb || !perf_buffer__buffer_cnt(b->pb) ||
	    perf_buffer__buffer(b->pb, 0, &base, &size) || size <= page_size())
		return false;
	/* each CPU's mapping is a header page, then the data */
	*bytes = size - page_size();
	*cpus = (uint32_t)perf_buffer__buffer_cnt(b->pb);
	return true;
}

uint64_t eh_evbuf_delivered(const struct eh_evbuf *b)
{
	return b->delivered;
}

bool eh_evbuf_is_ringbuf(const struct eh_evbuf *b)
{
	return b->rb != NULL;
}

const char *eh_evbuf_kind(const struct eh_evbuf *b)
{
	return b->rb ? "ringbuf" : "perf";
}

void eh_evbuf_free(struct eh_evbuf *b)
{
	if (!b)
		return;
	if (b->pos)
		munmap(b->pos, 2 * page_size());
	ring_buffer__free(b->rb);
	perf_buffer__free(b->pb);
	free(b->aligned);
	free(b);
}

static void report_lost(struct eh_stream *st)
{
	uint64_t total = *st->lost, first;
	bool skipped;

	if (total == st->lost_reported)
		return;
	if (out_is_json()) {
		/* --output: the lost records' sequence numbers, declared here */
		first = out_file_active() ? out_file_skip(total - st->lost_reported) : UINT64_MAX;
		skipped = first != UINT64_MAX;
		out_begin("lost");
		if (skipped)
			out_json_u64("first_seq", first);
		out_json_u64("count", total - st->lost_reported);
		out_json_u64("total", total);
		out_end();
	} else {
		eh_error("lost %llu records (buffer full; %llu in all); try a larger --buffer-size",
			 (unsigned long long)(total - st->lost_reported),
			 (unsigned long long)total);
	}
	st->lost_reported = total;
}

/* the backlog wakes us (see bpf/emit.bpf.h); the rest waits at most this */
#define EH_STREAM_DRAIN_SECS 0.05

static int on_ready(void *ctx)
{
	struct eh_stream *st = ctx;
	int err = eh_evbuf_consume(st->buf);

	report_lost(st);
	return err;
}

int eh_stream_start(struct eh_stream *st, struct eh_loop *l, struct bpf_map *map,
		    const __u64 *lost, eh_event_cb cb, void *ctx)
{
	int err;

	st->lost = lost;
	st->lost_reported = 0;
	st->buf = eh_evbuf_open(map, eh_opts.buffer_kb, cb, ctx);
	if (!st->buf) {
		err = -errno;
		eh_error("cannot open the event buffer: %s", strerror(errno));
		return err;
	}
	err = eh_loop_add_fd(l, eh_evbuf_fd(st->buf), on_ready, st);
	if (!err && eh_evbuf_is_ringbuf(st->buf))
		err = eh_loop_add_timer(l, EH_STREAM_DRAIN_SECS, on_ready, st);
	if (err)
		eh_error("cannot poll the event buffer: %s", strerror(-err));
	return err;
}

void eh_stream_drain(struct eh_stream *st, const struct eh_loop *l)
{
	/* what is queued when a signal arrives is still delivered */
	if (l->stop == EH_STOP_SIGNAL || l->stop == EH_STOP_DURATION)
		eh_evbuf_consume(st->buf);
	report_lost(st);
}

void eh_stream_close(struct eh_stream *st)
{
	eh_evbuf_free(st->buf);
	st->buf = NULL;
}
