/* SPDX-License-Identifier: MIT */
/* Locating, and when needed mounting, tracefs. */
#ifndef EBPFHELLO_TRACEFS_H
#define EBPFHELLO_TRACEFS_H

#include <stdbool.h>

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
/* Unmounts tracefs if this process mounted it (lazily: open files stay valid). */
void eh_tracefs_cleanup(void);

#endif
