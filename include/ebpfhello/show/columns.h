/* SPDX-License-Identifier: MIT */
/*
 * Text output's column chooser (-o time,pid,container,comm,args): a
 * command names its columns once, in a table; the user picks some, in the
 * order to print them.  JSON is unaffected: a record always carries all
 * its fields.
 */
#ifndef EBPFHELLO_COLUMNS_H
#define EBPFHELLO_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#define EH_COLUMNS_MAX	32

struct eh_column {
	const char *name;	/* as -o takes it: "container" */
	const char *header;	/* as the header line shows it: "CONTAINER" */
	int width;		/* padded to; 0: the last column, never padded */
	const char *help;	/* one line for --help */
	bool preset;		/* in the default choice */
};

struct eh_columns {
	const struct eh_column *all;
	size_t n_all;
	int pick[EH_COLUMNS_MAX];	/* indexes into all[], in print order */
	size_t n;
};

/* the default choice: the preset columns, in the table's order */
void eh_columns_init(struct eh_columns *c, const struct eh_column *all, size_t n_all);
/* -o's argument: names separated by commas, each at most once; a bad one is a
 * usage error naming it and the known names (exit 2) */
void eh_columns_parse(struct eh_columns *c, const char *opt, const char *arg);
/* whether the choice includes the column named name */
bool eh_columns_has(const struct eh_columns *c, const char *name);
/* the columns for --help: "  name  help" lines, the preset ones marked, into buf */
size_t eh_columns_help(const struct eh_column *all, size_t n_all, char *buf, size_t len);

#endif
