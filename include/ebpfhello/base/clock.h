/* SPDX-License-Identifier: MIT */
/*
 * The clocks every layer reads (cmd/core/base/clock.c): monotonic seconds
 * for durations, wall-clock nanoseconds for timestamps, and the offset
 * that turns a BPF program's bpf_ktime_get_ns() into wall-clock time.
 */
#ifndef EBPFHELLO_CLOCK_H
#define EBPFHELLO_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC seconds */
double eh_now(void);
/* CLOCK_REALTIME in ns */
int64_t eh_wall_ns(void);
/* CLOCK_REALTIME - CLOCK_MONOTONIC in ns: turns bpf_ktime_get_ns() stamps
 * into wall-clock time */
int64_t eh_realtime_offset_ns(void);

/* wall_ns as RFC 3339 in UTC, to the ns: "2026-11-22T21:04:05.123456789Z" */
void eh_rfc3339(char *buf, size_t len, int64_t wall_ns);

#endif
