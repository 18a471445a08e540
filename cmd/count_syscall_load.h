/* SPDX-License-Identifier: MIT */
/*
 * count-syscall's objects (cmd/count_syscall_load.c): the default one, and
 * for --by cgroup|unit|container the same source built with EH_IDENTITY
 * (count_syscall_identity), whose CO-RE reads only those runs pay for.
 * The rest of the command reaches maps and counters through here, whichever
 * object is loaded.
 */
#ifndef EBPFHELLO_COUNT_SYSCALL_LOAD_H
#define EBPFHELLO_COUNT_SYSCALL_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/load/session.h>
#include <ebpfhello/count_syscall.h>

struct cs_load {
	enum eh_count_by by;
	enum eh_measure measure;
	bool histogram;
};

/* opens the object the run needs, its .rodata and map sizes written: 0 or
 * a negative errno */
int cs_open(struct eh_session *s, const struct cs_load *l);
/* --by pid|comm at entry or failures: the programs count into a map of
 * maps' entry, filled here after load */
bool cs_counts_by_live_map(const struct cs_load *l);
int cs_fill_live_map(struct eh_session *s, const struct cs_load *l);
/* the default object's ELF (EH_CMD_DEFINE's cmd_count_syscall_elf) */
const void *cs_elf_bytes(size_t *size);
/* the fd of the loaded object's map called name */
int cs_map_fd(const struct eh_session *s, const char *name);
/* the object's counters in .bss: counts dropped (a hash full), calls of ids
 * with no slot */
uint64_t cs_dropped(void);
uint64_t cs_odd_over(void);

#endif
