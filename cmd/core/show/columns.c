// SPDX-License-Identifier: MIT
/* Text output's column chooser; see include/ebpfhello/show/columns.h. */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/show/columns.h>
#include <ebpfhello/show/messages.h>

void eh_columns_init(struct eh_columns *c, const struct eh_column *all, size_t n_all)
{
	size_t i;

	c->all = all;
	c->n_all = n_all < EH_COLUMNS_MAX ? n_all : EH_COLUMNS_MAX;
	c->n = 0;
	for (i = 0; i < c->n_all; i++)
		if (all[i].preset)
			c->pick[c->n++] = (int)i;
}

static int find(const struct eh_columns *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->n_all; i++)
		if (strlen(c->all[i].name) == len && !strncmp(c->all[i].name, name, len))
			return (int)i;
	return -1;
}

/* "time, pid, ...": what -o accepts, for the error message */
static void names(const struct eh_columns *c, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < c->n_all && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", c->all[i].name);
}

/* one line naming the bad column, then what is known (exit 2) */
static void bad(const struct eh_columns *c, const char *opt, const char *arg, const char *p,
		size_t len, bool twice)
{
	char item[64], known[512];

	snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), p);
	names(c, known, sizeof(known));
	eh_usage_error("invalid %s '%s': %s '%s'; columns: %s", opt, eh_quote(arg, 0),
		       twice ? "a column named twice:" : "no column", eh_quote(item, 1), known);
}

void eh_columns_parse(struct eh_columns *c, const char *opt, const char *arg)
{
	const char *p = arg, *end;
	size_t i, len;
	int k;

	c->n = 0;
	do {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		k = find(c, p, len);
		if (k < 0 || c->n == EH_COLUMNS_MAX)
			bad(c, opt, arg, p, len, false);
		for (i = 0; i < c->n; i++)
			if (c->pick[i] == k)
				bad(c, opt, arg, p, len, true);
		c->pick[c->n++] = k;
		p = end ? end + 1 : NULL;
	} while (p);
}

bool eh_columns_has(const struct eh_columns *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->all[c->pick[i]].name, name))
			return true;
	return false;
}

size_t eh_columns_help(const struct eh_column *all, size_t n_all, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n_all && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "  %-10s %s%s\n", all[i].name, all[i].help,
				      all[i].preset ? " (default)" : "");
	return o < len ? o : len - 1;
}
