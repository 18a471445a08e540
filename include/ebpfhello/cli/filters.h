/* SPDX-License-Identifier: MIT */
/*
 * The filter options (cmd/core/cli/filters.c), an argp child of every
 * command that loads programs:
 *
 *   --pid --uid --comm           a process, a user, a task name
 *   --unit --container           a systemd unit's or a container's cgroup (v2)
 *                                and everything below it (identity.h)
 *
 * Each lands in eh_opts (opts.h); the kernel applies them (bpf/common.bpf.h).
 */
#ifndef EBPFHELLO_FILTERS_H
#define EBPFHELLO_FILTERS_H

#include <argp.h>

extern const struct argp eh_filter_argp;

#endif
