/* SPDX-License-Identifier: MIT */
/*
 * Snapshots of a BPF counting map in user space (pure; unit tested).
 *
 * Per-interval figures are the difference of two snapshots of a map whose
 * counts only grow, so --delta and --cumulative share one code path.  (A
 * key the sampler takes out of the map as idle is taken out with what it
 * counted since: maps.h.)
 */
#ifndef EBPFHELLO_COUNTS_H
#define EBPFHELLO_COUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/base/bpf_config.h>

struct eh_count {
	uint64_t key;		/* uid, pid or syscall id; 0 for comm keys */
	char name[EH_COMM_LEN];	/* comm keys; "" otherwise */
	uint64_t value;
};

struct eh_counts {
	struct eh_count *v;
	size_t n, cap;
};

void eh_counts_reset(struct eh_counts *c);
void eh_counts_free(struct eh_counts *c);
int eh_counts_add(struct eh_counts *c, uint64_t key, const char *name, uint64_t value);
/* ascending key (then name) */
void eh_counts_sort_key(struct eh_counts *c);
/* sorts by key and adds up entries with equal keys */
void eh_counts_merge(struct eh_counts *c);
/* descending value, ties by ascending key */
void eh_counts_sort_value(struct eh_counts *c);
/*
 * out = cur - prev per key, both sorted by key.  Keys absent from prev count
 * from zero; zero differences are left out.  Returns 0 or -ENOMEM.
 */
int eh_counts_delta(const struct eh_counts *cur, const struct eh_counts *prev,
		    struct eh_counts *out);
/* copy src into dst (dst's old content is dropped) */
int eh_counts_copy(struct eh_counts *dst, const struct eh_counts *src);
uint64_t eh_counts_total(const struct eh_counts *c);
/* whether c (sorted by key) holds this key */
bool eh_counts_has(const struct eh_counts *c, uint64_t key, const char *name);

#endif
