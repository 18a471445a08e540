/* SPDX-License-Identifier: MIT */
/*
 * The syscall tables of the ABIs a 64-bit kernel also runs besides its own
 * (base/abi.h; cmd/core/host/syscall_abis.c), as syscalls.h has the native
 * one: EH_ABI_NATIVE is that table.  eh_abi_name() is "x86_64", "i386",
 * "x32"; "aarch64", "arm32"; NULL for an ABI this architecture does not
 * have.  Numbers are the ABI's own (x32's with its bit, as the program
 * passes them).
 */
#ifndef EBPFHELLO_SYSCALL_ABIS_H
#define EBPFHELLO_SYSCALL_ABIS_H

#include <stddef.h>

#include <ebpfhello/host/syscalls.h>

const char *eh_abi_name(unsigned int abi);
const char *eh_abi_syscall_name(unsigned int abi, long nr);
const struct eh_syscall *eh_abi_syscall_by_name(unsigned int abi, const char *name);
size_t eh_abi_syscall_count(unsigned int abi);
const struct eh_syscall *eh_abi_syscall_at(unsigned int abi, size_t i);

#endif
