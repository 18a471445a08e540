/* SPDX-License-Identifier: MIT */
/*
 * Reading counting maps: the one drain helper every counting subcommand
 * uses.  Batched lookups where the kernel has them (5.6+), key iteration
 * otherwise; per-CPU values are summed.  Intervals are differences of
 * snapshots (counts.h), or whole maps swapped out (below).
 */
#ifndef EBPFHELLO_MAPS_H
#define EBPFHELLO_MAPS_H

#include <stdbool.h>
#include <stddef.h>

#include <ebpfhello/base/counts.h>

enum eh_key_kind {
	EH_KEY_U32,	/* uid, pid, syscall id */
	EH_KEY_COMM,	/* char[EH_COMM_LEN] */
	EH_KEY_U64,	/* cgroup id */
};

/*
 * Calls each(key, values, nr_vals, ctx) for every entry of a map: values
 * holds nr_vals values (one per possible CPU for per-CPU maps, each padded
 * to 8 bytes).  A non-zero return stops the walk and is returned.
 */
typedef int (*eh_map_entry_cb)(const void *key, const void *values, int nr_vals, void *ctx);
int eh_map_read(int map_fd, size_t key_size, size_t value_size, bool percpu,
		eh_map_entry_cb each, void *ctx);

/* Appends every (key, value != 0) of the map to out (after resetting it). */
int eh_map_read_counts(int map_fd, enum eh_key_kind kind, bool percpu,
		       struct eh_counts *out);
/* The sum over CPUs of a per-CPU u64 map's value at key (0 when absent). */
uint64_t eh_map_sum_percpu(int map_fd, uint32_t key);

/*
 * A counting map sampled once per interval: sample() returns what to show,
 * sorted by key: the totals so far, or (delta) the growth since the last
 * sample.
 *
 * outer_fd and spare_fd (delta mode, hash maps whose keys come and go,
 * such as pids): the BPF side counts into the map a one-entry map of maps
 * holds (map_fd at first).  Every sample swaps spare_fd in, reads the map
 * taken out whole (the kernel waits for programs still using it) and
 * deletes all its keys, so dead pids never fill it and no count is lost.
 */
struct eh_sampler {
	int map_fd;
	int outer_fd, spare_fd;	/* 0: one map, never emptied */
	enum eh_key_kind kind;
	bool percpu;
	bool delta;
	/* optional: adds counts kept elsewhere (count-uid's slots); equal
	 * keys are then added up */
	int (*extra)(struct eh_counts *cur, void *ctx);
	void *extra_ctx;
	/* optional: told of each key taken out, with all it held (so that
	 * running totals can outlive it: metrics.h) */
	void (*evicted_cb)(void *ctx, const struct eh_count *c, uint64_t value);
	void *evicted_ctx;
	struct eh_counts cur, prev, diff;
	uint64_t evicted;		/* keys taken out so far */
};

const struct eh_counts *eh_sampler_sample(struct eh_sampler *s, int *err);
/* What the map (and extra) hold now, into out, sorted by key; the
 * sampler's own state is left alone (a scrape between intervals). */
int eh_sampler_read(const struct eh_sampler *s, struct eh_counts *out);
void eh_sampler_free(struct eh_sampler *s);

#endif
