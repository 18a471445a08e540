// SPDX-License-Identifier: MIT
/* The build-time errno table. */
#include <errno.h>
#include <stdio.h>

#include <ebpfhello/host/errnos.h>

#include "check.h"

static const char *name(long nr)
{
	const char *s = eh_errno_name(nr);

	return s ? s : "(no name)";
}

int main(void)
{
	long i;

	CHECK(eh_errno_count() > 130);
	/* the kernel's numbers are the C library's on this architecture */
	CHECK_STR(name(ENOENT), "ENOENT");
	CHECK_STR(name(EBADF), "EBADF");
	CHECK_STR(name(EPERM), "EPERM");
	CHECK_STR(name(ENAMETOOLONG), "ENAMETOOLONG");
	CHECK_STR(name(EHWPOISON), "EHWPOISON");
	/* an alias (EWOULDBLOCK, EDEADLOCK) never replaces the name it stands for */
	CHECK_STR(name(EAGAIN), "EAGAIN");
	CHECK_STR(name(EDEADLK), "EDEADLK");
	/* kernel-internal codes a syscall's exit can show */
	CHECK_STR(name(512), "ERESTARTSYS");
	CHECK_STR(name(516), "ERESTART_RESTARTBLOCK");
	CHECK(eh_errno_name(0) == NULL);
	CHECK(eh_errno_name(-2) == NULL);
	CHECK(eh_errno_name(4095) == NULL);
	CHECK(eh_errno_by_name("ENOENT") == ENOENT);
	CHECK(eh_errno_by_name("ERESTARTSYS") == 512);
	CHECK(eh_errno_by_name("ENOSUCH") == -1);
	/* every number from 1 to 133 but the two glibc also leaves unused */
	for (i = 1; i <= 133; i++)
		if (i != 41 && i != 58 && !eh_errno_name(i))
			CHECK(!"every errno number has a name");
	return check_done("test_errnos");
}
