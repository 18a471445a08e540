/* SPDX-License-Identifier: MIT */
/*
 * Reading counting maps: the one drain helper every counting subcommand
 * uses.  Batched lookups where the kernel has them (5.6+), key iteration
 * otherwise; per-CPU values are summed.  Maps are read, never cleared:
 * intervals are differences of snapshots (counts.h).
 */
#ifndef EBPFHELLO_MAPS_H
#define EBPFHELLO_MAPS_H

#include <stdbool.h>
#include <stddef.h>

#include <ebpfhello/counts.h>

enum eh_key_kind {
	EH_KEY_U32,	/* uid, pid, syscall id */
	EH_KEY_COMM,	/* char[16] */
};

/* Appends every (key, value != 0) of the map to out (after resetting it). */
int eh_map_read_counts(int map_fd, enum eh_key_kind kind, bool percpu,
		       struct eh_counts *out);
/* The sum over CPUs of a per-CPU u64 map's value at key (0 when absent). */
uint64_t eh_map_sum_percpu(int map_fd, uint32_t key);
/* Deletes these keys from the map (idle keys; see count_syscall.c). */
int eh_map_delete_counts(int map_fd, enum eh_key_kind kind, const struct eh_counts *keys);

/*
 * A counting map sampled once per interval: sample() returns what to show,
 * sorted by key: the totals so far, or (delta) the growth since the last
 * sample.
 */
struct eh_sampler {
	int map_fd;
	enum eh_key_kind kind;
	bool percpu;
	bool delta;
	struct eh_counts cur, prev, diff;
};

const struct eh_counts *eh_sampler_sample(struct eh_sampler *s, int *err);
void eh_sampler_free(struct eh_sampler *s);

#endif
