// SPDX-License-Identifier: MIT
/* Counting-map reader; see include/ebpfhello/maps.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/maps.h>
#include <ebpfhello/probe.h>

#define BATCH 256
#define ENOTSUPP_KERNEL 524	/* include/linux/errno.h, not in the uapi */

static size_t key_size(enum eh_key_kind kind)
{
	return kind == EH_KEY_COMM ? 16 : sizeof(uint32_t);
}

static int add(struct eh_counts *out, enum eh_key_kind kind, const void *key,
	       const uint64_t *vals, int nr_vals)
{
	uint64_t sum = 0;
	uint32_t k32;
	int i;

	for (i = 0; i < nr_vals; i++)
		sum += vals[i];
	if (!sum)
		return 0;
	if (kind == EH_KEY_COMM) {
		char name[16];

		memcpy(name, key, 15);
		name[15] = '\0';
		return eh_counts_add(out, 0, name, sum);
	}
	memcpy(&k32, key, sizeof(k32));
	return eh_counts_add(out, k32, NULL, sum);
}

static int read_batched(int fd, enum eh_key_kind kind, int nr_vals, struct eh_counts *out)
{
	size_t ks = key_size(kind);
	char *keys = malloc(BATCH * ks);
	uint64_t *vals = malloc(BATCH * nr_vals * sizeof(uint64_t));
	uint64_t in_batch = 0, out_batch = 0;	/* opaque cursors: big enough for any map */
	bool first = true;
	int err = 0;

	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		__u32 count = BATCH, i;

		err = bpf_map_lookup_batch(fd, first ? NULL : &in_batch, &out_batch,
					   keys, vals, &count, NULL);
		if (err && errno != ENOENT) {
			err = -errno;
			break;
		}
		for (i = 0; i < count; i++) {
			int e = add(out, kind, keys + i * ks, vals + (size_t)i * nr_vals, nr_vals);

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

static int read_iterating(int fd, enum eh_key_kind kind, int nr_vals, struct eh_counts *out)
{
	char key[16], next[16];
	uint64_t *vals = calloc((size_t)nr_vals, sizeof(uint64_t));
	void *prev = NULL;
	int err = 0;

	if (!vals)
		return -ENOMEM;
	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		memcpy(key, next, sizeof(key));
		prev = key;
		if (bpf_map_lookup_elem(fd, key, vals))
			continue;	/* deleted meanwhile */
		err = add(out, kind, key, vals, nr_vals);
		if (err)
			break;
	}
	free(vals);
	return err;
}

int eh_map_read_counts(int map_fd, enum eh_key_kind kind, bool percpu,
		       struct eh_counts *out)
{
	int nr_vals = percpu ? libbpf_num_possible_cpus() : 1;
	int err;

	if (nr_vals < 1)
		return -EINVAL;
	eh_counts_reset(out);
	if (eh_has(EH_FEAT_BATCH)) {
		err = read_batched(map_fd, kind, nr_vals, out);
		/*
		 * Batches came to hash maps in 5.6 but to per-CPU arrays only
		 * later: 5.10 answers ENOTSUPP (524, a kernel-internal code).
		 * Iterating always works.
		 */
		if (err != -ENOTSUPP_KERNEL && err != -EOPNOTSUPP && err != -EINVAL)
			return err;
		eh_counts_reset(out);
	}
	return read_iterating(map_fd, kind, nr_vals, out);
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

int eh_map_delete_counts(int map_fd, enum eh_key_kind kind, const struct eh_counts *keys)
{
	size_t i;

	for (i = 0; i < keys->n; i++) {
		char key[16] = { 0 };
		uint32_t k32 = (uint32_t)keys->v[i].key;

		if (kind == EH_KEY_COMM)
			memcpy(key, keys->v[i].name, sizeof(keys->v[i].name));
		else
			memcpy(key, &k32, sizeof(k32));
		bpf_map_delete_elem(map_fd, key);
	}
	return 0;
}

const struct eh_counts *eh_sampler_sample(struct eh_sampler *s, int *err)
{
	*err = eh_map_read_counts(s->map_fd, s->kind, s->percpu, &s->cur);
	if (*err)
		return NULL;
	eh_counts_sort_key(&s->cur);
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
