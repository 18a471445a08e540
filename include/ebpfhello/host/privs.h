/* SPDX-License-Identifier: MIT */
#ifndef EBPFHELLO_PRIVS_H
#define EBPFHELLO_PRIVS_H

#include <stdbool.h>

/* root, or CAP_BPF+CAP_PERFMON, or CAP_SYS_ADMIN in the effective set */
bool eh_privileged(void);

/*
 * 0 when this process may load and attach tracing programs (root, or
 * CAP_BPF+CAP_PERFMON, or CAP_SYS_ADMIN); otherwise prints one line saying
 * what is missing and how to get it, and returns -EPERM.
 */
int eh_check_privileges(void);

#endif
