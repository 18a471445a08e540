// SPDX-License-Identifier: MIT
/*
 * The syscall tables of the ABIs a 64-bit kernel also runs (abi.h): i386
 * and x32 beside x86-64, arm32 (EABI) beside aarch64, generated at build
 * time from the same pinned uapi headers as the native one
 * (gen_syscall_table.sh); see include/ebpfhello/host/syscall_abis.h.
 */
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/abi.h>
#include <ebpfhello/host/syscall_abis.h>

#include "syscall_table_compat.h"	/* generated: EH_SYSCALL_TABLE_COMPAT */
#if defined(__x86_64__)
#include "syscall_table_x32.h"		/* generated: EH_SYSCALL_TABLE_X32 */
#endif

struct abi_table {
	const char *name;
	const struct eh_syscall *by_name;	/* sorted by name */
	size_t len;
	const struct eh_syscall **by_nr;	/* made at first use */
};

static const struct eh_syscall compat_by_name[] = { EH_SYSCALL_TABLE_COMPAT };
#if defined(__x86_64__)
static const struct eh_syscall x32_by_name[] = { EH_SYSCALL_TABLE_X32 };
#endif

static struct abi_table tables[EH_ABI__COUNT] = {
#if defined(__x86_64__)
	[EH_ABI_COMPAT] = { "i386", compat_by_name, EH_SYSCALL_TABLE_COMPAT_LEN, NULL },
	[EH_ABI_X32] = { "x32", x32_by_name, EH_SYSCALL_TABLE_X32_LEN, NULL },
#elif defined(__aarch64__)
	[EH_ABI_COMPAT] = { "arm32", compat_by_name, EH_SYSCALL_TABLE_COMPAT_LEN, NULL },
#endif
};

/* the table of a non-native ABI this architecture has, or NULL */
static struct abi_table *table(unsigned int abi)
{
	return abi > EH_ABI_NATIVE && abi < EH_ABI__COUNT && tables[abi].name ? &tables[abi] : NULL;
}

const char *eh_abi_name(unsigned int abi)
{
	if (abi == EH_ABI_NATIVE)
		return eh_syscall_arch();
	return table(abi) ? table(abi)->name : NULL;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct eh_syscall *)elem)->name);
}

const struct eh_syscall *eh_abi_syscall_by_name(unsigned int abi, const char *name)
{
	struct abi_table *t = table(abi);

	if (abi == EH_ABI_NATIVE)
		return eh_syscall_by_name(name);
	return t ? bsearch(name, t->by_name, t->len, sizeof(t->by_name[0]), cmp_name) : NULL;
}

static int cmp_nr(const void *a, const void *b)
{
	const struct eh_syscall *x = *(const struct eh_syscall *const *)a;
	const struct eh_syscall *y = *(const struct eh_syscall *const *)b;

	return (x->nr > y->nr) - (x->nr < y->nr);
}

/* t's entries in ascending number order (made once; NULL without memory) */
static const struct eh_syscall **by_nr(struct abi_table *t)
{
	size_t i;

	if (t->by_nr)
		return t->by_nr;
	t->by_nr = malloc(t->len * sizeof(t->by_nr[0]));
	if (!t->by_nr)
		return NULL;
	for (i = 0; i < t->len; i++)
		t->by_nr[i] = &t->by_name[i];
	qsort(t->by_nr, t->len, sizeof(t->by_nr[0]), cmp_nr);
	return t->by_nr;
}

size_t eh_abi_syscall_count(unsigned int abi)
{
	if (abi == EH_ABI_NATIVE)
		return eh_syscall_count();
	return table(abi) ? table(abi)->len : 0;
}

const struct eh_syscall *eh_abi_syscall_at(unsigned int abi, size_t i)
{
	struct abi_table *t = table(abi);
	const struct eh_syscall **v;

	if (abi == EH_ABI_NATIVE)
		return eh_syscall_at(i);
	v = t ? by_nr(t) : NULL;
	return v && i < t->len ? v[i] : NULL;
}

const char *eh_abi_syscall_name(unsigned int abi, long nr)
{
	struct abi_table *t = table(abi);
	const struct eh_syscall **v;
	size_t lo = 0, hi;

	if (abi == EH_ABI_NATIVE)
		return eh_syscall_name(nr);
	v = t ? by_nr(t) : NULL;
	if (!v)
		return NULL;
	for (hi = t->len; lo < hi;) {
		size_t mid = (lo + hi) / 2;

		if (v[mid]->nr == nr)
			return v[mid]->name;
		if (v[mid]->nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
