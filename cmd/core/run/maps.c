// SPDX-License-Identifier: MIT
/* Reading counting maps; see include/ebpfhello/run/maps.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/run/maps.h>

#define BATCH 256
#define ENOTSUPP_KERNEL 524	/* include/linux/errno.h, not in the uapi */

struct reader {
	int fd;
	size_t key_size, value_size;	/* value_size: one CPU's value */
	int nr_vals;			/* values per key: CPUs for per-CPU maps */
	eh_map_entry_cb each;
	void *ctx;
};

/* per-CPU values are laid out 8-byte aligned, one per possible CPU */
static size_t stride(const struct reader *r)
{
	return (r->value_size + 7) & ~(size_t)7;
}

static int read_batched(struct reader *r)
{
	char *keys = malloc(BATCH * r->key_size);
	char *vals = malloc(BATCH * stride(r) * (size_t)r->nr_vals);
	uint64_t in_batch = 0, out_batch = 0;	/* opaque cursors: big enough for any map */
	bool first = true;
	int err = 0;

	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		__u32 count = BATCH, i;

		err = bpf_map_lookup_batch(r->fd, first ? NULL : &in_batch, &out_batch,
					   keys, vals, &count, NULL);
		if (err && errno != ENOENT) {
			err = -errno;
			break;
		}
		for (i = 0; i < count; i++) {
			int e = r->each(keys + i * r->key_size,
					vals + (size_t)i * stride(r) * (size_t)r->nr_vals,
					r->nr_vals, r->ctx);

			if (e) {
				err = e;
				goto out;
			}
		}
		if (err) {	/* ENOENT: that was the last batch */
			err = 0;
			break;
		}
		in_batch = out_batch;
		first = false;
	}
out:
	free(keys);
	free(vals);
	return err;
}

static int read_iterating(struct reader *r)
{
	char key[64], next[64];
	char *vals = calloc((size_t)r->nr_vals, stride(r));
	void *prev = NULL;
	int err = 0;

	if (!vals || r->key_size > sizeof(key)) {
		free(vals);
		return -ENOMEM;
	}
	while (bpf_map_get_next_key(r->fd, prev, next) == 0) {
		memcpy(key, next, r->key_size);
		prev = key;
		if (bpf_map_lookup_elem(r->fd, key, vals))
			continue;	/* deleted meanwhile */
		err = r->each(key, vals, r->nr_vals, r->ctx);
		if (err)
			break;
	}
	free(vals);
	return err;
}

int eh_map_read(int map_fd, size_t key_size, size_t value_size, bool percpu,
		eh_map_entry_cb each, void *ctx)
{
	struct reader r = { map_fd, key_size, value_size,
			    percpu ? libbpf_num_possible_cpus() : 1, each, ctx };
	int err;

	if (r.nr_vals < 1)
		return -EINVAL;
	if (eh_has(EH_FEAT_BATCH)) {
		err = read_batched(&r);
		/*
		 * Batches came to hash maps in 5.6 but to per-CPU arrays only
		 * later: 5.10 answers ENOTSUPP (524, a kernel-internal code).
		 * Iterating always works.  A failed batch reports nothing.
		 */
		if (err != -ENOTSUPP_KERNEL && err != -EOPNOTSUPP && err != -EINVAL)
			return err;
	}
	return read_iterating(&r);
}

struct count_ctx {
	enum eh_key_kind kind;
	struct eh_counts *out;
	bool zeros;		/* keys that counted nothing too */
};

static int add_count(const void *key, const void *values, int nr_vals, void *ctx)
{
	struct count_ctx *c = ctx;
	const uint64_t *v = values;
	uint64_t sum = 0;
	uint32_t k32;
	int i;

	for (i = 0; i < nr_vals; i++)
		sum += v[i];
	if (!sum && !c->zeros)
		return 0;
	if (c->kind == EH_KEY_COMM) {
		char name[EH_COMM_LEN];

		memcpy(name, key, EH_COMM_LEN - 1);
		name[EH_COMM_LEN - 1] = '\0';
		return eh_counts_add(c->out, 0, name, sum);
	}
	if (c->kind == EH_KEY_U64) {
		uint64_t k64;

		memcpy(&k64, key, sizeof(k64));
		return eh_counts_add(c->out, k64, NULL, sum);
	}
	memcpy(&k32, key, sizeof(k32));
	return eh_counts_add(c->out, k32, NULL, sum);
}

static size_t key_size(enum eh_key_kind kind)
{
	return kind == EH_KEY_COMM ? EH_COMM_LEN : kind == EH_KEY_U64 ? sizeof(uint64_t) :
	       sizeof(uint32_t);
}

int eh_map_read_counts(int map_fd, enum eh_key_kind kind, bool percpu,
		       struct eh_counts *out)
{
	struct count_ctx c = { kind, out, false };

	eh_counts_reset(out);
	return eh_map_read(map_fd, key_size(kind), sizeof(uint64_t), percpu, add_count, &c);
}

uint64_t eh_map_sum_percpu(int map_fd, uint32_t key)
{
	int i, n = libbpf_num_possible_cpus();
	uint64_t *vals, sum = 0;

	if (n < 1)
		return 0;
	vals = calloc((size_t)n, sizeof(*vals));
	if (vals && bpf_map_lookup_elem(map_fd, &key, vals) == 0)
		for (i = 0; i < n; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

/* the key of a count as the map has it */
static void map_key(enum eh_key_kind kind, const struct eh_count *c, char key[EH_COMM_LEN])
{
	uint32_t k32 = (uint32_t)c->key;

	memset(key, 0, EH_COMM_LEN);
	if (kind == EH_KEY_COMM)
		memcpy(key, c->name, EH_COMM_LEN - 1);
	else if (kind == EH_KEY_U64)
		memcpy(key, &c->key, sizeof(c->key));
	else
		memcpy(key, &k32, sizeof(k32));
}

/*
 * --delta with a spare map: the spare goes live, and the update of the map
 * of maps returns once every program that could still hold the old map has
 * finished (the kernel's synchronize_rcu for maps of maps).  The old map is
 * then read whole, which is exactly what the interval counted, and emptied
 * to be the next spare.
 */
static int swap_and_take(struct eh_sampler *s)
{
	struct count_ctx c = { s->kind, &s->diff, true };	/* every key goes */
	char key[EH_COMM_LEN];
	uint32_t zero = 0;
	size_t i, kept = 0;
	int old = s->map_fd, err;

	if (bpf_map_update_elem(s->outer_fd, &zero, &s->spare_fd, BPF_ANY))
		return -errno;
	s->map_fd = s->spare_fd;
	s->spare_fd = old;
	eh_counts_reset(&s->diff);
	err = eh_map_read(old, key_size(s->kind),
			  sizeof(uint64_t), s->percpu, add_count, &c);
	if (err)
		return err;
	for (i = 0; i < s->diff.n; i++) {
		const struct eh_count *e = &s->diff.v[i];

		map_key(s->kind, e, key);
		if (bpf_map_delete_elem(old, key) == 0)
			s->evicted++;
		if (!e->value)
			continue;
		if (s->evicted_cb)
			s->evicted_cb(s->evicted_ctx, e, e->value);
		s->diff.v[kept++] = *e;
	}
	s->diff.n = kept;
	eh_counts_merge(&s->diff);
	return 0;
}

int eh_sampler_read(const struct eh_sampler *s, struct eh_counts *out)
{
	int err = eh_map_read_counts(s->map_fd, s->kind, s->percpu, out);

	if (!err && s->extra)
		err = s->extra(out, s->extra_ctx);
	if (!err)
		eh_counts_merge(out);
	return err;
}

const struct eh_counts *eh_sampler_sample(struct eh_sampler *s, int *err)
{
	if (s->delta && s->outer_fd > 0) {
		*err = swap_and_take(s);
		return *err ? NULL : &s->diff;
	}
	*err = eh_sampler_read(s, &s->cur);
	if (*err)
		return NULL;
	if (!s->delta)
		return &s->cur;
	*err = eh_counts_delta(&s->cur, &s->prev, &s->diff);
	if (!*err)
		*err = eh_counts_copy(&s->prev, &s->cur);
	return *err ? NULL : &s->diff;
}

void eh_sampler_free(struct eh_sampler *s)
{
	eh_counts_free(&s->cur);
	eh_counts_free(&s->prev);
	eh_counts_free(&s->diff);
}
