/* SPDX-License-Identifier: MIT */
/* What `ebpfhello --version` says (cmd/core/base/version.c). */
#ifndef EBPFHELLO_VERSION_H
#define EBPFHELLO_VERSION_H

#include <stdio.h>

/* "ebpfhello 0.1.0 (git 0ddac31, libbpf 1.1.2)" and a newline */
void eh_print_version(FILE *f);

#endif
