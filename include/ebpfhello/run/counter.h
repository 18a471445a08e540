/* SPDX-License-Identifier: MIT */
/*
 * A counting command's counter for the Prometheus export
 * (cmd/core/run/counter.c): one family of series made from a sampler's map
 * (maps.h), its labels from what the keys are, --max-series applied, and
 * the counts of keys the sampler took out of the map kept (metrics.h).
 */
#ifndef EBPFHELLO_COUNTER_H
#define EBPFHELLO_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/base/counts.h>
#include <ebpfhello/run/cgroup_keys.h>
#include <ebpfhello/show/metrics.h>

struct eh_sampler;

/* what its keys are, and so its labels */
enum eh_series_key {
	EH_SERIES_SYSCALL,	/* syscall="openat" (the id where the table has no name),
				 * abi="i386" for another ABI's calls */
	EH_SERIES_UID,		/* uid="1000", and user="liz" if asked */
	EH_SERIES_PID,		/* pid="4242", comm="bash" (its name when first seen) */
	EH_SERIES_COMM,		/* comm="bash" */
	EH_SERIES_CGROUP,	/* cgroup ids as groups: cgroup=, unit=, or container_id= and
				 * runtime= (cgroup_keys.h; "" for none: the label is left out) */
};

struct eh_counter {
	struct eh_family family;
	struct eh_counts reading;		/* the map, read for a scrape */
	enum eh_series_key key;
	bool user;				/* uid keys: a user label too */
	void (*pid_comm)(uint32_t pid, char comm[EH_COMM_LEN]);	/* pid keys */
	struct eh_cgroup_keys *groups;		/* cgroup keys: how ids group */
	struct eh_counts grouped;		/* the reading, by group */
	/* syscall keys: their syscall and abi labels (an abi only where it is
	 * not the native one); false counts the key in the other series */
	bool (*syscall_labels)(uint64_t key, char v[2][EH_LABEL_MAX]);
};

/*
 * Sets the counter up for a sampler's map (once its key, user and
 * pid_comm are set): keys the sampler takes out of the map keep what they
 * counted (metrics.h), and --max-series applies.
 */
void eh_export_counter(struct eh_counter *c, struct eh_sampler *s, const char *name,
		       const char *help);
/* Writes it from a fresh reading of the sampler's map (the sampler itself
 * is left alone), with ebpfhello_folded_keys and ebpfhello_dropped_total. */
int eh_export_counts(struct eh_prom *p, struct eh_counter *c, const struct eh_sampler *s,
		     uint64_t dropped);
void eh_export_counter_free(struct eh_counter *c);

#endif
