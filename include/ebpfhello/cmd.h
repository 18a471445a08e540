/* SPDX-License-Identifier: MIT */
/*
 * The subcommands.  One list, EH_COMMANDS, feeds everything that names
 * them: the table in cmd/commands.c (dispatch, --help, --list-cmds, "did you
 * mean", the man pages and the shell completions), the declarations below,
 * and CMakeLists.txt, which reads this list to compile cmd/<id>.c and
 * bpf/<id>.bpf.c and to register tests/runtime/<id>.sh.
 *
 * Adding a subcommand "foo":
 *   1. Here: X(foo, "foo", "one-line summary") in EH_COMMANDS.
 *   2. cmd/foo.c: cmd_foo() (parse, then eh_run_intervals() or
 *      eh_run_stream() from run.h), and EH_CMD_DEFINE(foo, ...): its argp
 *      (its options; an "Examples:" block after \v; common options are the
 *      argp children of opts.h) and cmd_foo_elf() (its BPF object, from which
 *      --attach, the man page and the completions learn the modes it offers).
 *   3. bpf/foo.bpf.c: one program per attach mode it offers, each in a
 *      section of cmd/core/attach.c's table ("raw_tp" for tail-call targets).
 *   4. include/ebpfhello/foo.h: what bpf/foo.bpf.c and cmd/foo.c share.
 *   5. tests/runtime/foo.sh (real BPF, exact counts); its usage errors in
 *      tests/cli/cli.sh; a row per option in tests/effects/effects.sh.
 *   6. docs/foo.md; its records in docs/json.md and docs/schema.json.
 * --help, the man pages and the completions follow from 1 and 2.
 */
#ifndef EBPFHELLO_CMD_H
#define EBPFHELLO_CMD_H

#include <stddef.h>

/* X(id, name, summary) */
#define EH_COMMANDS(X)								\
	X(trace, "trace",							\
	  "bpf_printk \"Hello World!\" at a syscall, read trace_pipe (hello.py)")	\
	X(count_uid, "count-uid",						\
	  "count execve (or any syscalls) per user ID (hello-map.py)")		\
	X(count_syscall, "count-syscall",					\
	  "count syscalls system-wide by syscall, uid, pid or comm")		\
	X(events, "events",							\
	  "one record per exec through a ring buffer (hello-buffer.py)")	\
	X(tail, "tail",								\
	  "per-syscall handlers through tail calls (hello-tail.py)")		\
	X(features, "features",							\
	  "what this kernel offers: BTF, attach modes, buffers")

struct argp;

struct eh_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	const struct argp *argp;
	/* the command's BPF object (ELF bytes), for what it offers */
	const void *(*elf)(size_t *size);
};

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

#define EH_CMD_DECLARE(id, name, summary)				\
	int cmd_##id(int argc, char **argv);				\
	extern const struct argp cmd_##id##_argp;			\
	const void *cmd_##id##_elf(size_t *size);
EH_COMMANDS(EH_CMD_DECLARE)
#undef EH_CMD_DECLARE

/* the table (cmd/commands.c), in EH_COMMANDS order */
extern const struct eh_cmd eh_commands[];
extern const size_t eh_nr_commands;

const struct eh_cmd *eh_cmd_by_name(const char *name);

/* hidden subcommands, for the build and the shell (cmd/core/docgen.c) */
int eh_cmd_complete(int argc, char **argv);	/* __complete WORD... */
int eh_cmd_completion(int argc, char **argv);	/* __completion bash|zsh|fish */
int eh_cmd_man(int argc, char **argv);		/* __man DIR */
int eh_cmd_programs(int argc, char **argv);	/* __programs */

#endif
