/* SPDX-License-Identifier: MIT */
/*
 * events --tree (cmd/events_tree.c): each record drawn under its ancestors,
 * as `ps --forest` draws processes, while records arrive.  The chain of the
 * last line drawn is kept; a record whose ancestors are not on it gets them
 * drawn first, as context lines without a time.
 */
#ifndef EBPFHELLO_EVENTS_TREE_H
#define EBPFHELLO_EVENTS_TREE_H

#include <stdint.h>

#include <ebpfhello/events.h>

void ev_tree_header(void);
void ev_tree_exec(const struct eh_exec_event *e, int64_t wall_ns, uint64_t max_args);
void ev_tree_exit(const struct eh_exit_event *x, int64_t wall_ns);

#endif
