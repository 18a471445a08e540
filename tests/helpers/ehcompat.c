// SPDX-License-Identifier: MIT
/*
 * ehcompat: a 32-bit program for the compat ABI of a 64-bit kernel (i386
 * on x86-64, arm32 EABI on arm64), without libc: built freestanding and
 * static by clang for either target (tests/CMakeLists.txt), so no 32-bit
 * libraries are needed to build or run it.  Its whole life is EH_CALLS
 * getppid() calls through its own ABI (number 64 in both) and exit(0):
 * the kernel counts exactly EH_CALLS + 1 compat syscalls for it.
 */
#define EH_CALLS	1000
#define NR_EXIT		1	/* i386 and arm EABI alike */
#define NR_GETPPID	64	/* i386 and arm EABI alike (x86-64's semget) */

#if defined(__i386__)
static long sys1(long nr, long arg)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(arg) : "memory");
	return ret;
}
#elif defined(__arm__)
static long sys1(long nr, long arg)
{
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = arg;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r7) : "memory");
	return r0;
}
#else
#error "ehcompat is a 32-bit program: build it for i386 or arm"
#endif

void _start(void);

void _start(void)
{
	int i;

	for (i = 0; i < EH_CALLS; i++)
		sys1(NR_GETPPID, 0);
	for (;;)
		sys1(NR_EXIT, 0);
}
