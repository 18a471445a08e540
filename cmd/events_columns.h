/* SPDX-License-Identifier: MIT */
/*
 * events' text columns, chosen with -o (cmd/events_columns.c): the table of
 * every column, the header and a record's line in the user's order.  JSON
 * records are not affected: they carry every field (and with --identity
 * the unit, slice, container, pod, nspid and pidns).
 */
#ifndef EBPFHELLO_EVENTS_COLUMNS_H
#define EBPFHELLO_EVENTS_COLUMNS_H

#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/events.h>

/* -o's argument (a usage error names a bad column, exit 2) */
void ev_columns_parse(const char *arg);
/* whether -o was given */
bool ev_columns_chosen(void);
/* whether a chosen column needs the kernel's pid namespace fields, the
 * arguments, or the ancestors */
bool ev_columns_need_identity(void);
bool ev_columns_need_args(void);
bool ev_columns_need_ancestors(void);
/* the header line, and a record's line (ts: its wall-clock time) */
void ev_columns_header(void);
void ev_columns_record(const struct eh_exec_event *e, int64_t wall_ns, uint64_t max_args);

#endif
