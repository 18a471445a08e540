// SPDX-License-Identifier: MIT
/* The build-time syscall table and name resolution. */
#include <stdio.h>

#include <ebpfhello/base/abi.h>
#include <ebpfhello/host/syscall_abis.h>
#include <ebpfhello/host/syscalls.h>

#include "check.h"

int main(void)
{
	const struct eh_syscall *out[64], *s;
	char bad[64];
	size_t i;
	int n;

	CHECK(eh_syscall_count() > 300);
	/* ascending, unique numbers */
	for (i = 1; i < eh_syscall_count(); i++)
		CHECK(eh_syscall_at(i - 1)->nr < eh_syscall_at(i)->nr);
	s = eh_syscall_by_name("execve");
	CHECK(s != NULL);
#if defined(__x86_64__)
	CHECK_STR(eh_syscall_arch(), "x86_64");
	CHECK(s && s->nr == 59);
	CHECK_STR(eh_syscall_name(0), "read");
	CHECK_STR(eh_syscall_name(110), "getppid");
	CHECK_STR(eh_syscall_name(222), "timer_create");
	CHECK_STR(eh_syscall_name(231), "exit_group");
	s = eh_syscall_by_name("openat");
	CHECK(s && s->nr == 257);
	/* the ABIs an x86-64 kernel also runs, each with its own numbers */
	CHECK_STR(eh_abi_name(EH_ABI_NATIVE), "x86_64");
	CHECK_STR(eh_abi_name(EH_ABI_COMPAT), "i386");
	CHECK_STR(eh_abi_name(EH_ABI_X32), "x32");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_COMPAT, 64), "getppid");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_COMPAT, 11), "execve");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_COMPAT, 102), "socketcall");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_NATIVE, 64), "semget");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_X32, EH_X32_SYSCALL_BIT + 39), "getpid");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_X32, EH_X32_SYSCALL_BIT + 520), "execve");
	CHECK(eh_abi_syscall_name(EH_ABI_X32, 39) == NULL);
	s = eh_abi_syscall_by_name(EH_ABI_COMPAT, "exit");
	CHECK(s && s->nr == 1);
	CHECK(eh_abi_syscall_count(EH_ABI_COMPAT) > 400);
	for (i = 1; i < eh_abi_syscall_count(EH_ABI_COMPAT); i++)
		CHECK(eh_abi_syscall_at(EH_ABI_COMPAT, i - 1)->nr <= eh_abi_syscall_at(EH_ABI_COMPAT, i)->nr);
#elif defined(__aarch64__)
	CHECK(s && s->nr == 221);
	CHECK_STR(eh_syscall_name(173), "getppid");
	s = eh_syscall_by_name("openat");
	CHECK(s && s->nr == 56);
	/* arm32 (EABI): its own numbers, and arm's private calls by name */
	CHECK_STR(eh_abi_name(EH_ABI_COMPAT), "arm32");
	CHECK(eh_abi_name(EH_ABI_X32) == NULL);
	CHECK_STR(eh_abi_syscall_name(EH_ABI_COMPAT, 64), "getppid");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_COMPAT, 11), "execve");
	CHECK_STR(eh_abi_syscall_name(EH_ABI_COMPAT, 0x0f0005), "set_tls");
#endif
	CHECK(eh_abi_name(EH_ABI__COUNT) == NULL);
	/*
	 * The table comes from uapi headers at least as new as the newest kernel
	 * we support, not from the build machine's (Debian 12's 6.1 has none of
	 * these): 6.8, 6.10, 6.13 and 6.17 added them.  Since 5.1 a new syscall
	 * has the same number on every architecture.
	 */
	{
		static const struct { int nr; const char *name; } newer[] = {
			{ 458, "listmount" }, { 462, "mseal" },
			{ 463, "setxattrat" }, { 468, "file_getattr" },
		};

		for (i = 0; i < sizeof(newer) / sizeof(newer[0]); i++) {
			const char *got = eh_syscall_name(newer[i].nr);

			fprintf(stderr, "test_syscalls: %d is %s\n", newer[i].nr, got ? got : "(no name)");
			CHECK_STR(got ? got : "(no name)", newer[i].name);
		}
	}
	CHECK(eh_syscall_name(-1) == NULL);
	CHECK(eh_syscall_name(100000) == NULL);
	CHECK(eh_syscall_by_name("nosuch") == NULL);

	n = eh_syscall_resolve("execve,execveat", out, 64, bad, sizeof(bad));
	CHECK(n == 2);
	n = eh_syscall_resolve("timer_*", out, 64, bad, sizeof(bad));
	CHECK(n == 5);	/* create, settime, gettime, getoverrun, delete */
	n = eh_syscall_resolve("execve,execve", out, 64, bad, sizeof(bad));
	CHECK(n == 1);
	n = eh_syscall_resolve("read,nosuch,write", out, 64, bad, sizeof(bad));
	CHECK(n == -1);
	CHECK_STR(bad, "nosuch");
	n = eh_syscall_resolve("*", out, 64, bad, sizeof(bad));
	CHECK(n == -2);
	n = eh_syscall_resolve(",read", out, 64, bad, sizeof(bad));
	CHECK(n == -1);
	return check_done("test_syscalls");
}
