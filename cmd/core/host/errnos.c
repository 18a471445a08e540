// SPDX-License-Identifier: MIT
/* Errno names; see include/ebpfhello/host/errnos.h. */
#include <string.h>

#include <ebpfhello/host/errnos.h>

#include "errno_table.h"	/* generated: EH_ERRNO_TABLE, ascending numbers */

struct errno_name {
	const char *name;
	long nr;
};

static const struct errno_name uapi[] = { EH_ERRNO_TABLE };

/*
 * Codes of the kernel's include/linux/errno.h, which is not uapi: they must
 * never reach user space, yet the sys_exit tracepoint runs before the
 * signal code rewrites a restart, so an interrupted read() shows there as
 * ERESTARTSYS.  The numbers have not changed since they were introduced.
 */
static const struct errno_name internal[] = {
	{ "ERESTARTSYS", 512 },
	{ "ERESTARTNOINTR", 513 },
	{ "ERESTARTNOHAND", 514 },
	{ "ENOIOCTLCMD", 515 },
	{ "ERESTART_RESTARTBLOCK", 516 },
	{ "ENOTSUPP", 524 },
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *find(const struct errno_name *t, size_t n, long nr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t[mid].nr == nr)
			return t[mid].name;
		if (t[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *eh_errno_name(long nr)
{
	const char *s = find(uapi, LEN(uapi), nr);

	return s ? s : find(internal, LEN(internal), nr);
}

long eh_errno_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < LEN(uapi); i++)
		if (!strcmp(uapi[i].name, name))
			return uapi[i].nr;
	for (i = 0; i < LEN(internal); i++)
		if (!strcmp(internal[i].name, name))
			return internal[i].nr;
	return -1;
}

size_t eh_errno_count(void)
{
	return LEN(uapi) + LEN(internal);
}
