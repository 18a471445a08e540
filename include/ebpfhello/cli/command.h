/* SPDX-License-Identifier: MIT */
/*
 * What a subcommand is to the rest of the program (cmd/core/cli/command.c):
 * its name, summary, entry point, options and BPF object.  Which commands
 * there are is the top level's: the table in cmd/commands.c, made from
 * EH_COMMANDS (include/ebpfhello/cmd.h), handed down to whatever lists
 * them (the completions, the man pages, __programs).
 */
#ifndef EBPFHELLO_COMMAND_H
#define EBPFHELLO_COMMAND_H

#include <stddef.h>

struct argp;

struct eh_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	const struct argp *argp;
	/* the command's BPF object (ELF bytes), for what it offers */
	const void *(*elf)(size_t *size);
};

/* the commands, in their table's order */
struct eh_cmds {
	const struct eh_cmd *at;
	size_t n;
};

/* The command named exactly name (count-uid and count-syscall share a
 * prefix: no prefix matching); NULL if none. */
const struct eh_cmd *eh_cmd_find(const struct eh_cmds *cmds, const char *name);

#endif
