// SPDX-License-Identifier: MIT
/* The syscall name table; see include/ebpfhello/host/syscalls.h. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/host/syscalls.h>

#include "syscall_table.h"	/* generated: EH_SYSCALL_TABLE, sorted by name */

static const struct eh_syscall by_name[] = { EH_SYSCALL_TABLE };
static const struct eh_syscall *by_nr[EH_SYSCALL_TABLE_LEN];
static bool by_nr_ready;

const char *eh_syscall_arch(void)
{
#if defined(__x86_64__)
	return "x86_64";
#elif defined(__aarch64__)
	return "aarch64";
#else
	return "unknown";
#endif
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct eh_syscall *)elem)->name);
}

const struct eh_syscall *eh_syscall_by_name(const char *name)
{
	return bsearch(name, by_name, EH_SYSCALL_TABLE_LEN, sizeof(by_name[0]), cmp_name);
}

static int cmp_nr(const void *a, const void *b)
{
	const struct eh_syscall *x = *(const struct eh_syscall *const *)a;
	const struct eh_syscall *y = *(const struct eh_syscall *const *)b;

	return (x->nr > y->nr) - (x->nr < y->nr);
}

static void build_by_nr(void)
{
	size_t i;

	for (i = 0; i < EH_SYSCALL_TABLE_LEN; i++)
		by_nr[i] = &by_name[i];
	qsort(by_nr, EH_SYSCALL_TABLE_LEN, sizeof(by_nr[0]), cmp_nr);
	by_nr_ready = true;
}

size_t eh_syscall_count(void)
{
	return EH_SYSCALL_TABLE_LEN;
}

const struct eh_syscall *eh_syscall_at(size_t i)
{
	if (!by_nr_ready)
		build_by_nr();
	return i < EH_SYSCALL_TABLE_LEN ? by_nr[i] : NULL;
}

const char *eh_syscall_name(long nr)
{
	size_t lo = 0, hi = EH_SYSCALL_TABLE_LEN;

	if (!by_nr_ready)
		build_by_nr();
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (by_nr[mid]->nr == nr)
			return by_nr[mid]->name;
		if (by_nr[mid]->nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int add_unique(const struct eh_syscall **out, int n, int max,
		      const struct eh_syscall *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (out[i] == s)
			return n;
	if (n >= max)
		return -2;
	out[n] = s;
	return n + 1;
}

int eh_syscall_resolve(const char *list, const struct eh_syscall **out, int max,
		       char *bad, size_t bad_len)
{
	const char *p = list;
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, ",");
		char item[64];
		int found = 0;
		size_t i;

		if (len == 0 || len >= sizeof(item)) {
			snprintf(bad, bad_len, "%.*s", (int)(len < 60 ? len : 60), p);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		for (i = 0; i < EH_SYSCALL_TABLE_LEN; i++) {
			if (fnmatch(item, by_name[i].name, 0) != 0)
				continue;
			n = add_unique(out, n, max, &by_name[i]);
			if (n < 0)
				return n;
			found++;
		}
		if (!found) {
			snprintf(bad, bad_len, "%s", item);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return n;
}
