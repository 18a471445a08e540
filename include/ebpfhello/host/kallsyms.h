/* SPDX-License-Identifier: MIT */
/*
 * The kernel's symbols (cmd/core/host/kallsyms.c), for naming the helpers a
 * translated BPF program calls: the kernel hands such a call back as the
 * helper's address less __bpf_call_base, as bpftool reads it.  Addresses
 * show only to a process allowed to see them (kptr_restrict); otherwise
 * nothing is found.
 */
#ifndef EBPFHELLO_KALLSYMS_H
#define EBPFHELLO_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

#define EH_KSYM_LEN	64

/* The address of the symbol named name; 0 or a negative errno (-ENOENT). */
int eh_ksym_addr(const char *name, uint64_t *addr);
/* names[i] = the symbol at addrs[i] exactly, or "" when none is. */
int eh_ksym_names(const uint64_t *addrs, size_t n, char (*names)[EH_KSYM_LEN]);

#endif
