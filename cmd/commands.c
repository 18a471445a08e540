// SPDX-License-Identifier: MIT
/*
 * The command table, made from EH_COMMANDS (include/ebpfhello/cmd.h): what
 * main.c dispatches to, and what the fuzzers' build of the commands links.
 */
#include <string.h>

#include <ebpfhello/cmd.h>

#define EH_CMD_ENTRY(id, name, summary) \
	{ name, summary, cmd_##id, &cmd_##id##_argp, cmd_##id##_elf },
const struct eh_cmd eh_commands[] = { EH_COMMANDS(EH_CMD_ENTRY) };
#undef EH_CMD_ENTRY
const size_t eh_nr_commands = sizeof(eh_commands) / sizeof(eh_commands[0]);

const struct eh_cmd *eh_cmd_by_name(const char *name)
{
	size_t i;

	/* exact names only: count-uid and count-syscall share a prefix */
	for (i = 0; i < eh_nr_commands; i++)
		if (!strcmp(name, eh_commands[i].name))
			return &eh_commands[i];
	return NULL;
}
