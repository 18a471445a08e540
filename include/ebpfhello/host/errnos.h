/* SPDX-License-Identifier: MIT */
/*
 * Errno names ("ENOENT") of the build architecture, from a table generated
 * at build time out of the kernel's uapi <asm/errno.h>
 * (cmd/core/host/gen_errno_table.sh), as the syscall table is.  Nothing is read
 * or spawned at run time, and strerror() is not used: it gives sentences,
 * in the C library's numbering and language, not the kernel's names.
 */
#ifndef EBPFHELLO_ERRNOS_H
#define EBPFHELLO_ERRNOS_H

#include <stddef.h>

/*
 * The name of errno number nr (positive), or NULL when neither the uapi
 * table nor the kernel-internal codes a syscall's exit can show
 * (ERESTARTSYS and friends, before the signal code turns them into EINTR
 * or a restart) know it: callers then show the number.
 */
const char *eh_errno_name(long nr);
/* the number of a name, -1 when unknown */
long eh_errno_by_name(const char *name);
size_t eh_errno_count(void);

#endif
