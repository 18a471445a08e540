/* SPDX-License-Identifier: MIT */
/*
 * Syscall names of the build architecture, from a table generated at build
 * time out of the kernel's uapi <asm/unistd.h> (cmd/core/host/gen_syscall_table.sh).
 * Nothing is spawned or read at run time.  Ids the table does not know (a
 * newer kernel than the headers) are shown as numbers by the callers.
 */
#ifndef EBPFHELLO_SYSCALLS_H
#define EBPFHELLO_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>

struct eh_syscall {
	const char *name;
	int nr;
};

/* "x86_64", "aarch64": the architecture the table is for */
const char *eh_syscall_arch(void);

const struct eh_syscall *eh_syscall_by_name(const char *name);
/* NULL when unknown */
const char *eh_syscall_name(long nr);

/* the table in ascending syscall number order */
size_t eh_syscall_count(void);
const struct eh_syscall *eh_syscall_at(size_t i);

/*
 * Resolves a comma-separated list of names or shell patterns ("execve,
 * timer_*") into out[] (deduplicated, at most max).  Returns the number
 * found, or -1 with *bad set to the first item that matches nothing, or -2
 * when more than max match.
 */
int eh_syscall_resolve(const char *list, const struct eh_syscall **out, int max,
		       char *bad, size_t bad_len);

#endif
