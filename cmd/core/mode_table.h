/* SPDX-License-Identifier: MIT */
/*
 * The attach mode table's rows, shared by the two files that read them:
 * cmd/core/attach.c (the table and how each mode attaches) and
 * cmd/core/modes.c (what the rest of the program asks of it).  Private to
 * cmd/core: everyone else goes through include/ebpfhello/attach.h.
 */
#ifndef EBPFHELLO_MODE_TABLE_H
#define EBPFHELLO_MODE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <ebpfhello/attach.h>
#include <ebpfhello/probe.h>

struct eh_mode {
	const char *name;
	const char *help;
	/* the programs' section for each side and scope; NULL: not served */
	const char *sec[EH_SIDE__COUNT][EH_SCOPE__COUNT];
	/* why the exit side is missing, where it is */
	const char *no_exit;
	enum eh_feature needs;		/* EH_FEAT__COUNT: nothing to probe */
	int all_rank;			/* place in the every-syscall chain; 0: none */
	bool exec_only;			/* named scope: execve and execveat only */
	bool ids_in_bpf;		/* runs on every syscall: ids filtered in BPF */
	bool per_syscall_copies;	/* one program per syscall (fentry, fexit) */
	/* optional: what else must hold here */
	bool (*usable)(struct eh_session *s, char *why, size_t len);
	/* optional: before load, after autoload is set */
	int (*prepare)(struct eh_session *s, enum eh_side side);
	/* the links of one side; writes what it attached to into point */
	int (*attach)(struct eh_session *s, enum eh_side side, char *point, size_t len);
};

extern const struct eh_mode eh_modes[];
extern const size_t eh_nr_modes;

/* the sides a session asks for (0 means the entry side) */
static inline unsigned int eh_sides(unsigned int sides)
{
	return sides ? sides : EH_ENTRY;
}

#endif
