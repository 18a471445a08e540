// SPDX-License-Identifier: MIT
/* The kernel's symbols; see include/ebpfhello/host/kallsyms.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/host/kallsyms.h>

/* each line "ffffffff81234560 T name [module]": calls fn until it says stop */
static int each_symbol(int (*fn)(void *ctx, uint64_t addr, const char *name), void *ctx)
{
	char line[512], name[EH_KSYM_LEN + 1];
	uint64_t addr;
	char type;
	FILE *f = fopen("/proc/kallsyms", "re");
	int rc = 0;

	if (!f)
		return -errno;
	while (!rc && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %64s", &addr, &type, name) != 3 || !addr)
			continue;
		rc = fn(ctx, addr, name);
	}
	fclose(f);
	return rc > 0 ? 0 : rc;
}

struct by_name {
	const char *name;
	uint64_t addr;
};

static int match_name(void *ctx, uint64_t addr, const char *name)
{
	struct by_name *q = ctx;

	if (strcmp(name, q->name))
		return 0;
	q->addr = addr;
	return 1;
}

int eh_ksym_addr(const char *name, uint64_t *addr)
{
	struct by_name q = { name, 0 };
	int err = each_symbol(match_name, &q);

	if (err)
		return err;
	if (!q.addr)
		return -ENOENT;
	*addr = q.addr;
	return 0;
}

struct by_addr {
	const uint64_t *addrs;
	size_t n;
	char (*names)[EH_KSYM_LEN];
};

static int match_addr(void *ctx, uint64_t addr, const char *name)
{
	struct by_addr *q = ctx;
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->addrs[i] == addr && !q->names[i][0])
			snprintf(q->names[i], EH_KSYM_LEN, "%s", name);
	return 0;
}

int eh_ksym_names(const uint64_t *addrs, size_t n, char (*names)[EH_KSYM_LEN])
{
	struct by_addr q = { addrs, n, names };
	size_t i;

	for (i = 0; i < n; i++)
		names[i][0] = '\0';
	return each_symbol(match_addr, &q);
}
