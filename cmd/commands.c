// SPDX-License-Identifier: MIT
/*
 * The command table, made from EH_COMMANDS (include/ebpfhello/cmd.h): what
 * main.c dispatches to, and what the fuzzers' build of the commands links.
 */
#include <ebpfhello/cmd.h>

#define EH_CMD_ENTRY(id, name, summary) \
	{ name, summary, cmd_##id, &cmd_##id##_argp, cmd_##id##_elf, &cmd_##id##_book },
#define EH_TOOL_ENTRY(id, name, summary) \
	{ name, summary, cmd_##id, &cmd_##id##_argp, NULL, NULL },
static const struct eh_cmd table[] = { EH_COMMANDS(EH_CMD_ENTRY) EH_TOOLS(EH_TOOL_ENTRY) };
#undef EH_CMD_ENTRY
#undef EH_TOOL_ENTRY

const struct eh_cmds eh_commands = { table, sizeof(table) / sizeof(table[0]) };
