// SPDX-License-Identifier: MIT
/*
 * ebpfhello: the chapter 2 "Hello World" programs of Learning eBPF as one
 * static libbpf CO-RE tool.  This file is the command table and nothing
 * else of substance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/escape.h>
#include <ebpfhello/opts.h>

#include "eh_version.h"	/* generated: EH_BUILD_GIT, EH_BUILD_LIBBPF */

static const struct eh_cmd commands[] = {
	{ "trace", "bpf_printk \"Hello World!\" at a syscall, read trace_pipe (hello.py)", cmd_trace },
	{ "count-uid", "count execve (or any syscalls) per user ID (hello-map.py)", cmd_count_uid },
	{ "count-syscall", "count syscalls system-wide by syscall, uid, pid or comm", cmd_count_syscall },
	{ "events", "one record per exec through a ring buffer (hello-buffer.py)", cmd_events },
	{ "tail", "per-syscall handlers through tail calls (hello-tail.py)", cmd_tail },
	{ "features", "what this kernel offers: BTF, attach modes, buffers", cmd_features },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: ebpfhello <command> [options]\n"
		   "       ebpfhello <command> --help\n\n"
		   "The Hello World programs of Learning eBPF, chapter 2, as one tool.\n\n"
		   "Commands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nOptions:\n"
		   "  -h, --help       this text\n"
		   "  -V, --version    print the version\n"
		   "      --list-cmds  print the command names, one per line\n\n"
		   "Exit status: 0 ok, 1 runtime error, 2 usage error.\n"
		   "Needs root (or CAP_BPF+CAP_PERFMON) and a kernel with BTF; nothing else.\n");
}

/* Levenshtein distance, for "did you mean" */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[32], prev, tmp;

	if (la >= 31 || lb >= 31)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
				 1 + (prev < row[j] ? (prev < row[j - 1] ? prev : row[j - 1])
						    : (row[j] < row[j - 1] ? row[j] : row[j - 1]));
			prev = tmp;
		}
	}
	return row[lb];
}

static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t best_d = 3, i;
	char esc[128];

	for (i = 0; i < NR_COMMANDS; i++) {
		size_t d = distance(name, commands[i].name);

		/* a prefix is only ever a suggestion, never a match */
		if (strncmp(commands[i].name, name, strlen(name)) == 0 && strlen(name) >= 3)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = commands[i].name;
		}
	}
	eh_text_escape(esc, sizeof(esc), name, strlen(name));
	if (best)
		fprintf(stderr, "ebpfhello: unknown command '%s'; did you mean '%s'?\n", esc, best);
	else
		fprintf(stderr, "ebpfhello: unknown command '%s'; see 'ebpfhello --help'\n", esc);
	return EH_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	size_t i;

	if (!name) {
		usage(stderr);
		return EH_EXIT_USAGE;
	}
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		if (!strcmp(name, "help") && argc > 2) {
			char *sub[] = { argv[0], argv[2], "--help", NULL };

			return main(3, sub);
		}
		usage(stdout);
		return EH_EXIT_OK;
	}
	if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
		printf("ebpfhello %s (%s, libbpf %s)\n", EH_VERSION, EH_BUILD_GIT, EH_BUILD_LIBBPF);
		return EH_EXIT_OK;
	}
	if (!strcmp(name, "--list-cmds")) {
		for (i = 0; i < NR_COMMANDS; i++)
			printf("%s\n", commands[i].name);
		return EH_EXIT_OK;
	}
	for (i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(name, commands[i].name) == 0) {
			eh_signals_setup();
			eh_opts_init(commands[i].name);
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	if (name[0] == '-') {
		char esc[128];

		eh_text_escape(esc, sizeof(esc), name, strlen(name));
		fprintf(stderr, "ebpfhello: unknown option '%s'; see 'ebpfhello --help'\n", esc);
		return EH_EXIT_USAGE;
	}
	return unknown_command(name);
}
