/* SPDX-License-Identifier: MIT */
/*
 * Log2 histograms, shown (pure; unit tested).  Bucket i holds the values v
 * with 2^i <= v < 2^(i+1), bucket 0 also 0: the BPF side files a value
 * under its highest set bit (bpf/count_syscall.bpf.c).  A bucket's range
 * is written inclusive at both ends, "1048576 -> 2097151".
 */
#ifndef EBPFHELLO_HIST_H
#define EBPFHELLO_HIST_H

#include <stdint.h>

#define EH_HIST_SLOTS	64

/* the smallest and the biggest value bucket i holds */
uint64_t eh_hist_lo(int i);
uint64_t eh_hist_hi(int i);
/* the bucket v falls in (what the BPF side computes) */
int eh_hist_slot(uint64_t v);

/*
 * Text: the buckets from the first non-empty one to the last, each as
 * "lo -> hi : count |*****   |", bars scaled to the biggest count; unit
 * names the values in the header line ("ns").  Nothing when all are 0.
 */
void eh_hist_text(const uint64_t slots[EH_HIST_SLOTS], const char *unit);
/*
 * JSON: an array under key of the non-empty buckets only, each
 * {"<lo_key>": lo, "<hi_key>": hi, "count": n}.
 */
void eh_hist_json(const char *key, const uint64_t slots[EH_HIST_SLOTS],
		  const char *lo_key, const char *hi_key);

#endif
