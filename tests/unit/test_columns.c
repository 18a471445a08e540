// SPDX-License-Identifier: MIT
/* -o's column chooser: the default choice, a user's order, --help's list.
 * (A bad name exits 2: tests/cli checks that message.) */
#include <ebpfhello/show/columns.h>

#include "check.h"

static const struct eh_column cols[] = {
	{ "time", "TIME", 8, "when", true },
	{ "pid", "PID", 7, "process id", true },
	{ "container", "CONTAINER", 20, "runtime:id", false },
	{ "comm", "COMM", 16, "task name", true },
	{ "args", "ARGS", 0, "arguments", false },
};
#define N (sizeof(cols) / sizeof(cols[0]))

static void order(const struct eh_columns *c, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < c->n; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "," : "", c->all[c->pick[i]].name);
}

int main(void)
{
	struct eh_columns c;
	char buf[512];

	eh_columns_init(&c, cols, N);
	order(&c, buf, sizeof(buf));
	CHECK_STR(buf, "time,pid,comm");
	CHECK(!eh_columns_has(&c, "container"));

	eh_columns_parse(&c, "-o", "container,args,pid");
	order(&c, buf, sizeof(buf));
	CHECK_STR(buf, "container,args,pid");
	CHECK(eh_columns_has(&c, "container"));
	CHECK(!eh_columns_has(&c, "time"));

	eh_columns_parse(&c, "-o", "comm");
	order(&c, buf, sizeof(buf));
	CHECK_STR(buf, "comm");

	eh_columns_help(cols, N, buf, sizeof(buf));
	CHECK(strstr(buf, "  container  runtime:id\n") != NULL);
	CHECK(strstr(buf, "  time       when (default)\n") != NULL);
	/* a small buffer is cut, still a string */
	CHECK(eh_columns_help(cols, N, buf, 10) == 9 && strlen(buf) == 9);
	return check_done("test_columns");
}
