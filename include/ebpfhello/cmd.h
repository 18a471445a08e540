/* SPDX-License-Identifier: MIT */
/*
 * The subcommand table (cmd/main.c).  Top-level --help, --list-cmds (for
 * shell completion) and "did you mean" all come from it.
 *
 * Adding a subcommand "foo":
 *   1. bpf/foo.bpf.c: the kernel side; programs named by the sections in
 *      include/ebpfhello/session.h so the shared attach chain can pick them.
 *   2. cmd/foo.c: int cmd_foo(int argc, char **argv); argp options with an
 *      EXAMPLES block; common options come from the argp children in opts.h.
 *   3. CMakeLists.txt: add foo to the eh_bpf_skeleton() list and cmd/foo.c
 *      to the executable.
 *   4. Below: a line in commands[] of cmd/main.c and its declaration here.
 *   5. tests/cli and tests/runtime: its usage errors and a real-BPF test;
 *      docs/foo.md, and its records in docs/json.md.
 */
#ifndef EBPFHELLO_CMD_H
#define EBPFHELLO_CMD_H

struct eh_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

int cmd_trace(int argc, char **argv);
int cmd_count_uid(int argc, char **argv);
int cmd_count_syscall(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_tail(int argc, char **argv);
int cmd_features(int argc, char **argv);

#endif
