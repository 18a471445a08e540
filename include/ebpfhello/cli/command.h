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

#include <stdbool.h>
#include <stddef.h>

struct argp;

/*
 * What a command's programs and maps are in the book (Learning eBPF,
 * chapter 2): `--explain` prints each meaning beside the thing it names,
 * `ebpfhello source` names the program at the top.
 */
struct eh_book_entry {
	const char *name;	/* a map or program; "eh_trace_*" matches a prefix */
	const char *meaning;
	bool key_is_syscall;	/* a map indexed by syscall id (tail's prog array) */
};

struct eh_book {
	const char *program;	/* the book's program it replaces: "hello-map.py" */
	const struct eh_book_entry *entries;	/* ends with { NULL } */
};

/* The meaning of a map or program name in book (NULL: none given). */
const struct eh_book_entry *eh_book_find(const struct eh_book *book, const char *name);

struct eh_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	const struct argp *argp;
	/* the command's BPF object (ELF bytes), for what it offers */
	const void *(*elf)(size_t *size);
	/* what its programs and maps are in the book; NULL: no BPF of its own */
	const struct eh_book *book;
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
