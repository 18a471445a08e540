/* SPDX-License-Identifier: MIT */
/*
 * The subcommands.  One list, EH_COMMANDS, feeds everything that names
 * them: the table in cmd/commands.c (dispatch, --help, --list-cmds, "did you
 * mean", the man pages and the shell completions), the declarations below,
 * and CMakeLists.txt, which reads this list to compile cmd/<id>.c and
 * bpf/<id>.bpf.c and to register tests/runtime/<id>.sh.
 *
 * Adding a subcommand "foo" (docs/development.md's table, which
 * tests/structure/add_command.sh follows and builds):
 *   1. Here: X(foo, "foo", "one-line summary") in EH_COMMANDS.
 *   2. include/ebpfhello/foo.h: what bpf/foo.bpf.c and cmd/foo.c share.
 *   3. bpf/foo.bpf.c: one program per attach mode it offers, each in a
 *      section of cmd/core/load/attach.c's table ("raw_tp" for tail-call
 *      targets).
 *   4. cmd/foo.c: cmd_foo() (eh_argp_parse(), then eh_run_intervals() or
 *      eh_run_stream() from run/run.h), and EH_CMD_DEFINE(foo, ...): its
 *      argp (its options; an "Examples:" block after \v; the common option
 *      sets of cli/opts.h as children) and cmd_foo_elf() (its BPF object,
 *      from which --attach, the man page and the completions learn the
 *      modes it offers); EH_CMD_BOOK(foo, ...): what its programs and maps
 *      are in the book (--explain, `ebpfhello source`).
 *   5. tests/runtime/foo.sh (real BPF, exact counts), docs/foo.md.
 * Then its usage errors in tests/cli/cli.sh, a row per option in
 * tests/effects/effects.sh, its examples in tests/examples/examples.sh, its
 * records in docs/json.md and docs/schema.json.  --help, the man pages and
 * the completions follow from 1 and 4.
 */
#ifndef EBPFHELLO_CMD_H
#define EBPFHELLO_CMD_H

#include <stddef.h>

#include <ebpfhello/cli/command.h>

/* X(id, name, summary) */
#define EH_COMMANDS(X)								\
	X(trace, "trace",							\
	  "bpf_printk \"Hello World!\" at a syscall, read trace_pipe (hello.py)")	\
	X(count_uid, "count-uid",						\
	  "count execve (or any syscalls) per user ID (hello-map.py)")		\
	X(count_syscall, "count-syscall",					\
	  "count syscalls system-wide by syscall, uid, pid, comm or container")		\
	X(events, "events",							\
	  "one record per exec through a ring buffer (hello-buffer.py)")	\
	X(tail, "tail",								\
	  "per-syscall handlers through tail calls (hello-tail.py)")		\
	X(features, "features",							\
	  "what this kernel offers: BTF, attach modes, buffers")

/* T(id, name, summary): commands with no BPF object of their own, after
 * the others everywhere they are listed; cmd/<id>.c, EH_TOOL_DEFINE */
#define EH_TOOLS(T)								\
	T(source, "source",							\
	  "the BPF C a command runs, and the kernel's translation of it")

/*
 * A command's argp (its options, their parser, its --help text after the
 * usage line, the common option sets it takes) and cmd_<id>_elf() for
 * bpf/<id>.bpf.c's skeleton.
 */
#define EH_CMD_DEFINE(id, options, parser, doc, children)		\
	const struct argp cmd_##id##_argp = {				\
		options, parser, NULL, doc, children, NULL, NULL	\
	};								\
	const void *cmd_##id##_elf(size_t *size)			\
	{								\
		return id##_bpf__elf_bytes(size);			\
	}

/* What a command's programs and maps are in the book (cli/command.h): the
 * book's program it replaces, then { name, meaning } for each. */
#define EH_CMD_BOOK(id, program, ...)					\
	static const struct eh_book_entry id##_book_entries[] = {	\
		__VA_ARGS__, { NULL }					\
	};								\
	const struct eh_book cmd_##id##_book = { program, id##_book_entries };

/* A command of EH_TOOLS: its argp alone (args: its arguments, "COMMAND"). */
#define EH_TOOL_DEFINE(id, options, parser, args, doc, children)	\
	const struct argp cmd_##id##_argp = {				\
		options, parser, args, doc, children, NULL, NULL	\
	};

#define EH_CMD_DECLARE(id, name, summary)				\
	int cmd_##id(int argc, char **argv);				\
	extern const struct argp cmd_##id##_argp;			\
	const void *cmd_##id##_elf(size_t *size);			\
	extern const struct eh_book cmd_##id##_book;
EH_COMMANDS(EH_CMD_DECLARE)
#undef EH_CMD_DECLARE

#define EH_TOOL_DECLARE(id, name, summary)				\
	int cmd_##id(int argc, char **argv);				\
	extern const struct argp cmd_##id##_argp;
EH_TOOLS(EH_TOOL_DECLARE)
#undef EH_TOOL_DECLARE

/* the table (cmd/commands.c), in EH_COMMANDS order */
extern const struct eh_cmds eh_commands;

#endif
