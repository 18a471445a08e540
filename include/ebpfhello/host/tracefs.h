/* SPDX-License-Identifier: MIT */
/* Locating, and when needed mounting, tracefs. */
#ifndef EBPFHELLO_TRACEFS_H
#define EBPFHELLO_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The tracefs directory libbpf will also use ("/sys/kernel/debug/tracing"
 * when debugfs is mounted, else "/sys/kernel/tracing"), mounting tracefs on
 * /sys/kernel/tracing first if it is not there.  NULL (errno set) when it
 * cannot be had.
 */
const char *eh_tracefs_dir(void);
/* The tracefs directory if tracefs is mounted already, without mounting. */
const char *eh_tracefs_mounted(void);
/* whether <tracefs>/events/<category>/<name> exists */
bool eh_tracefs_has_event(const char *category, const char *name);
/* Sum of "overrun:" over the per-CPU stats: lines the kernel dropped. */
uint64_t eh_tracefs_overruns(void);
/* Writes text to trace_marker; *wall_ns: when (CLOCK_REALTIME).  0 or -1 (errno). */
int eh_tracefs_mark(const char *text, int64_t *wall_ns);
/* "pid 1234 (cat)": a process holding path open, or "another process" */
void eh_file_holder(const char *path, char *who, size_t len);
/* Unmounts tracefs if this process mounted it (lazily: open files stay valid). */
void eh_tracefs_cleanup(void);

#endif
