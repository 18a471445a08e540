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
