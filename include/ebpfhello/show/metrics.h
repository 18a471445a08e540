/* SPDX-License-Identifier: MIT */
/*
 * Metrics in the Prometheus text exposition format (version 0.0.4), and
 * the counter families behind them (pure; unit tested).  docs/prometheus.md
 * lists every metric.
 *
 * The writer guarantees a valid exposition whatever a label value holds:
 * each value is first made valid UTF-8 without control characters (every
 * invalid byte, C0 control but newline, DEL and C1 control becomes U+FFFD:
 * promtool and Prometheus refuse invalid UTF-8), then escaped as the format
 * asks (backslash, double quote, newline).
 *
 * A family is one counter with its series, e.g. ebpfhello_syscalls_total
 * by pid.  Its totals are kept here, in user space, so that they only grow
 * whatever the kernel's map does:
 *
 *   total of a series = what its key holds in the map now (live)
 *                     + what the key held each time it was taken out (retired)
 *
 * A key gets a series of its own the first time it is seen, while the
 * family has fewer than max; it keeps it for the whole run (a series that
 * changed hands would double count).  Every other key is added up in one
 * series whose key label is "other", and the keys a reading put there are
 * counted (folded).  Memory is bounded by max, however many keys come and go.
 */
#ifndef EBPFHELLO_METRICS_H
#define EBPFHELLO_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/base/counts.h>

/* a label value, cleaned: 15 bytes of a comm can grow to 45 (U+FFFD is 3
 * bytes); a container id is 64 hex, a systemd unit's name up to 255 bytes */
#define EH_LABEL_MAX	256
/* the value of a key label for the keys without a series of their own */
#define EH_LABEL_OTHER	"other"

/* ---- the exposition being built --------------------------------------------------- */

struct eh_prom {
	char *buf;
	size_t len, cap;
	int err;		/* -ENOMEM once an append failed: the text is cut */
};

struct eh_label {
	const char *name;
	const char *value;	/* NULL or "": the label is left out */
};

void eh_prom_reset(struct eh_prom *p);
void eh_prom_free(struct eh_prom *p);
/* "# HELP name help" and "# TYPE name type" (counter, gauge) */
void eh_prom_family(struct eh_prom *p, const char *name, const char *type, const char *help);
/* name{l1="v1",...} value */
void eh_prom_sample(struct eh_prom *p, const char *name, const struct eh_label *l, size_t nl,
		    uint64_t value);
/* a family of one sample without labels */
void eh_prom_single(struct eh_prom *p, const char *name, const char *type, const char *help,
		    uint64_t value);

/*
 * s[0..n) (stops at a NUL) as valid UTF-8 without control characters but
 * newline, into dst (cap >= 1, NUL terminated, cut on a character
 * boundary).  Returns strlen(dst).  Cleaning a clean value changes nothing.
 */
size_t eh_prom_clean(char *dst, size_t cap, const char *s, size_t n);

/* ---- counter families ------------------------------------------------------------------ */

/*
 * Fills the label values of a new series for count c (each cleaned with
 * eh_prom_clean; "" leaves a label out).  Returns false to count the key in
 * the "other" series instead (e.g. a task whose name is "other").
 */
typedef bool (*eh_describe_fn)(const struct eh_count *c, char value[2][EH_LABEL_MAX], void *ctx);

struct eh_series {
	uint64_t key;			/* identity: key and name, as in eh_count */
	char name[EH_COMM_LEN];
	char value[2][EH_LABEL_MAX];	/* label values, fixed when it is made */
	uint64_t retired;		/* held by its key each time the key left the map */
	uint64_t live;			/* held by its key at the last reading */
	uint32_t next;			/* hash chain: index + 1; 0 ends it */
};

struct eh_family {
	/* --- set by the command --- */
	const char *name, *help;	/* e.g. "ebpfhello_syscalls_total" */
	const char *label[2];		/* label names; label[1] may be NULL */
	eh_describe_fn describe;
	void *ctx;
	size_t max;			/* series of their own; 0: none */

	/* --- kept here --- */
	struct eh_series *s;
	size_t n, cap;
	uint32_t *hash;			/* bucket heads: index + 1 */
	size_t nr_buckets;		/* a power of two, >= 2n */
	uint32_t *order;		/* the output order, by key */
	bool sorted;
	uint64_t other_retired, other_live;
	bool has_other;			/* "other" exists once anything went there */
	uint64_t folded;		/* keys of the last reading over max */
};

/* A reading begins: every live value back to 0 (keys absent from the map
 * hold nothing now). */
void eh_family_begin(struct eh_family *f);
/* A key the map holds, with its value now (sum over CPUs). */
void eh_family_add(struct eh_family *f, const struct eh_count *c);
/* A key taken out of the map holding value: counted for good. */
void eh_family_retire(struct eh_family *f, const struct eh_count *c, uint64_t value);
/* HELP, TYPE and every series of the last reading (a series that has only
 * retired counts is written too: a counter never goes away). */
void eh_family_write(struct eh_family *f, struct eh_prom *p);
/* the sum of every series: what the family counted in all */
uint64_t eh_family_total(const struct eh_family *f);
void eh_family_free(struct eh_family *f);

#endif
