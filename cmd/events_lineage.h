/* SPDX-License-Identifier: MIT */
/*
 * events' lineage (cmd/events_lineage.c): exec ids, ancestors and a
 * process's end, as JSON members and text.  An exec id is the boot id, the
 * process's creation time (CLOCK_MONOTONIC ns), its pid and its exec count:
 * "<32 hex digits>-<ns>-<pid>-<n>", unique across reboots, pid reuse and
 * a process's successive execs.
 */
#ifndef EBPFHELLO_EVENTS_LINEAGE_H
#define EBPFHELLO_EVENTS_LINEAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/events.h>

/* reads the boot id; a negative errno (and a message) when it cannot */
int ev_lineage_init(void);
/* an exec id into buf ("" for none: nr 0), and as a JSON member (null
 * for none) */
const char *ev_exec_id(const struct eh_exec_ref *ref, uint32_t pid, char *buf, size_t len);
void ev_exec_id_json(const char *key, const struct eh_exec_ref *ref, uint32_t pid);
/* an exec record's ancestors (they follow its data, unaligned), copied
 * into a[EH_ANCESTORS_MAX]; how many */
unsigned int ev_exec_ancestors(const struct eh_exec_event *e, struct eh_ancestor *a);
/* JSON: "ancestors" and "ancestors_more" */
void ev_ancestors_json(const struct eh_ancestor *a, unsigned int n, uint8_t lineage);
/* text: "1234:bash < 1000:sshd < 1:systemd" (and " < ..." when the chain
 * goes on), escaped, padded to width */
void ev_ancestors_text(const struct eh_ancestor *a, unsigned int n, uint8_t lineage, int width);
/* "exited 3 after 1.002s", "killed by SIGSEGV (core dumped) after 0.010s" */
const char *ev_exit_text(const struct eh_exit_event *x, char *buf, size_t len);
/* an exit record's members after its time: pid ... lifetime; text: the
 * columns PID PPID UID COMM and what ev_exit_text says */
void ev_exit_show(const struct eh_exit_event *x);

#endif
