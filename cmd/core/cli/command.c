// SPDX-License-Identifier: MIT
/* Finding a command in a list; see include/ebpfhello/cli/command.h. */
#include <string.h>

#include <ebpfhello/cli/command.h>

const struct eh_cmd *eh_cmd_find(const struct eh_cmds *cmds, const char *name)
{
	size_t i;

	for (i = 0; i < cmds->n; i++)
		if (!strcmp(name, cmds->at[i].name))
			return &cmds->at[i];
	return NULL;
}

const struct eh_book_entry *eh_book_find(const struct eh_book *book, const char *name)
{
	const struct eh_book_entry *e;
	size_t n;

	for (e = book && book->entries ? book->entries : NULL; e && e->name; e++) {
		n = strlen(e->name);
		if (!strcmp(e->name, name) ||
		    (n && e->name[n - 1] == '*' && !strncmp(e->name, name, n - 1)))
			return e;
	}
	return NULL;
}
