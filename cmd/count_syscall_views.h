/* SPDX-License-Identifier: MIT */
/*
 * count-syscall's tables of failures and latency (cmd/count_syscall_views.c),
 * and its plain counts.  Each writes the
 * interval record's totals and its counts array, text and JSON.
 */
#ifndef EBPFHELLO_COUNT_SYSCALL_VIEWS_H
#define EBPFHELLO_COUNT_SYSCALL_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/base/counts.h>
#include <ebpfhello/count_syscall.h>

/* the plain counts (calls, or --failed-only's failed calls), biggest first */
void cs_show_counts(const struct eh_counts *c, enum eh_count_by by, uint64_t top,
		    struct eh_counts *scratch, bool failed);
/* --list: this build's syscall table, text or JSON; the exit status */
int cs_list_syscalls(void);
/* --by pid: where dead pids' names are kept (pid_comm) */
void cs_set_pid_comm_map(int fd);
/* --by cgroup|unit|container: what the grouped keys stand for */
struct eh_cgroup_keys;
void cs_set_groups(const struct eh_cgroup_keys *g);
/* a live pid's name from /proc; a dead one's as the kernel side last saw it */
void cs_pid_comm(uint32_t pid, char comm[EH_COMM_LEN]);
/* --errors: c holds (syscall, errno) keys; scratch is reused between calls */
void cs_show_errors(const struct eh_counts *c, uint64_t top, struct eh_counts *scratch);
/* --latency: c holds calls and ns per slot, hist (or NULL) the log2 buckets */
void cs_show_latency(const struct eh_counts *c, const struct eh_counts *hist, uint64_t top);
/* how many keys a map holds now */
uint64_t cs_count_keys(int map_fd, size_t key_size);

#endif
