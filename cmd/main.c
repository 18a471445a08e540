// SPDX-License-Identifier: MIT
/*
 * ebpfhello: the chapter 2 "Hello World" programs of Learning eBPF as one
 * static libbpf CO-RE tool.  This file dispatches to the command table
 * (commands.c) and nothing else of substance.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ebpfhello/base/version.h>
#include <ebpfhello/cli/complete.h>
#include <ebpfhello/cli/man.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/programs.h>
#include <ebpfhello/run/signals.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>

/* not in --help: for the build (man pages), the shell and the tests */
static const struct {
	const char *name;
	int (*run)(const struct eh_cmds *cmds, int argc, char **argv);
} hidden[] = {
	{ "__complete", eh_cmd_complete },
	{ "__completion", eh_cmd_completion },
	{ "__man", eh_cmd_man },
	{ "__programs", eh_cmd_programs },
};


static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: ebpfhello <command> [options]\n"
		   "       ebpfhello <command> --help\n\n"
		   "The Hello World programs of Learning eBPF, chapter 2, as one tool.\n\n"
		   "Commands:\n");
	for (i = 0; i < eh_commands.n; i++)
		fprintf(f, "  %-14s %s\n", eh_commands.at[i].name, eh_commands.at[i].summary);
	fprintf(f, "\nOptions:\n"
		   "  -h, --help       this text\n"
		   "      --usage      the usage lines alone\n"
		   "  -V, --version    print the version\n"
		   "      --list-cmds  print the command names, one per line\n\n"
		   "Exit status: 0 ok, 1 runtime error, 2 usage error.\n"
		   "Needs root (or CAP_BPF+CAP_PERFMON; CAP_DAC_READ_SEARCH to name cgroups)\n"
		   "and a kernel with BTF; nothing else.\n");
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

	for (i = 0; i < eh_commands.n; i++) {
		size_t d = distance(name, eh_commands.at[i].name);

		/* a prefix is only ever a suggestion, never a match */
		if (strncmp(eh_commands.at[i].name, name, strlen(name)) == 0 && strlen(name) >= 3)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = eh_commands.at[i].name;
		}
	}
	if (best)
		eh_usage_error("unknown command '%s'; did you mean '%s'?", eh_quote(name, 0), best);
	eh_usage_error("unknown command '%s'; see 'ebpfhello --help'", eh_quote(name, 0));
}

/*
 * With fd 0, 1 or 2 closed, the next file the tool opens (an epoll fd, a
 * map) would take its number, and output would go into it.  Hold them on
 * /dev/null, and count a closed stdout as an output that failed.
 */
static void hold_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(EH_EXIT_RUNTIME);
		if (fd == 1)
			out_set_error(EBADF);
	}
}

static int dispatch(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	const struct eh_cmd *cmd;
	size_t i;

	if (!name) {
		usage(stderr);
		return EH_EXIT_USAGE;
	}
	if (!strcmp(name, "help") && argc == 3) {
		char *sub[] = { argv[0], argv[2], "--help", NULL };

		return dispatch(3, sub);
	}
	/* the top-level options take nothing after them */
	if (name[0] == '-' && argc > 2)
		eh_usage_error("%s takes no argument: '%s'; see 'ebpfhello --help'",
			       eh_quote(name, 0), eh_quote(argv[2], 1));
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		usage(stdout);
		return EH_EXIT_OK;
	}
	if (!strcmp(name, "--usage")) {
		printf("Usage: ebpfhello [-h|--help|--usage|-V|--version|--list-cmds]\n"
		       "       ebpfhello <command> [options]\n");
		return EH_EXIT_OK;
	}
	if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
		eh_print_version(stdout);
		return EH_EXIT_OK;
	}
	if (!strcmp(name, "--list-cmds")) {
		for (i = 0; i < eh_commands.n; i++)
			printf("%s\n", eh_commands.at[i].name);
		return EH_EXIT_OK;
	}
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (!strcmp(name, hidden[i].name))
			return hidden[i].run(&eh_commands, argc - 1, argv + 1);
	cmd = eh_cmd_find(&eh_commands, name);
	if (cmd) {
		eh_signals_setup();
		eh_opts_init(cmd);
		return cmd->run(argc - 1, argv + 1);
	}
	if (name[0] == '-')
		eh_usage_error("unknown option '%s'; see 'ebpfhello --help'", eh_quote(name, 0));
	return unknown_command(name);
}

int main(int argc, char **argv)
{
	/* what stdio itself writes (--help, --version, tables) leaves in one
	 * write at exit, where the check sees its error: stdio forgets the
	 * errno of a write made while printing past a smaller buffer */
	static char stdout_buffer[1 << 16];

	hold_std_fds();
	setvbuf(stdout, stdout_buffer, _IOFBF, sizeof(stdout_buffer));
	atexit(eh_out_exit_check);
	return dispatch(argc, argv);
}
