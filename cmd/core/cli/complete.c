// SPDX-License-Identifier: MIT
/*
 * Shell completion, answered by the program itself (cobra's __complete
 * idea): the bash, zsh and fish scripts only hand it the words typed so
 * far, so they stay a few lines long and never go stale.  It completes the
 * subcommands, each one's options (from its argp tables), and the values
 * the program knows: syscall names of this build (also after a comma),
 * --by keys, the attach modes the command offers, buffer kinds.
 *
 *   ebpfhello __complete WORD... CURRENT   candidates, one per line
 *   ebpfhello __completion bash|zsh|fish   the script for that shell
 */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/cli/command.h>
#include <ebpfhello/cli/complete.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/show/output.h>

#define MAX_OPTIONS 64

static const char *const top_options[] = { "--help", "--usage", "--version", "--list-cmds" };

/* printed before each candidate: "--opt=" when completing "--opt=val" */
static const char *head = "";

static void offer(const char *prefix, const char *word)
{
	if (!strncmp(word, prefix, strlen(prefix)))
		printf("%s%s\n", head, word);
}

/* every option of argp's tree, children included */
static int options_of(const struct argp *a, const struct argp_option **out, int n)
{
	const struct argp_option *o;
	const struct argp_child *c;

	for (o = a->options; o && (o->name || o->key || o->doc || o->group); o++)
		if (o->name && !(o->flags & OPTION_HIDDEN) && n < MAX_OPTIONS)
			out[n++] = o;
	for (c = a->children; c && c->argp; c++)
		n = options_of(c->argp, out, n);
	return n;
}

static const struct argp_option *long_option(const struct eh_cmd *cmd, const char *word)
{
	const struct argp_option *all[MAX_OPTIONS];
	int i, n = options_of(cmd->argp, all, 0);

	if (strncmp(word, "--", 2))
		return NULL;
	for (i = 0; i < n; i++)
		if (!strcmp(all[i]->name, word + 2))
			return all[i];
	return NULL;
}

/* "openat,clo" -> "openat,close", "openat,close_range" */
static void syscall_values(const char *cur)
{
	const char *comma = strrchr(cur, ',');
	size_t keep = comma ? (size_t)(comma - cur + 1) : 0, i;
	char word[128];

	for (i = 0; i < eh_syscall_count(); i++) {
		snprintf(word, sizeof(word), "%.*s%s", (int)keep, cur, eh_syscall_at(i)->name);
		offer(cur, word);
	}
}

static void handler_values(const char *cur)
{
	static const char *const handlers[] = { "exec=", "timer=", "ignore=" };
	size_t i;

	if (strchr(cur, '=')) {
		char name_eq[32];
		const char *eq = strchr(cur, '=');

		snprintf(name_eq, sizeof(name_eq), "%.*s", (int)(eq - cur + 1), cur);
		/* NAME=list: the list part as for --syscall, NAME= kept */
		for (i = 0; i < eh_syscall_count(); i++) {
			char word[160];
			const char *list = eq + 1, *comma = strrchr(list, ',');
			size_t keep = comma ? (size_t)(comma - list + 1) : 0;

			snprintf(word, sizeof(word), "%s%.*s%s", name_eq, (int)keep, list,
				 eh_syscall_at(i)->name);
			offer(cur, word);
		}
		return;
	}
	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		offer(cur, handlers[i]);
}

/* the values an option takes, where the program knows them */
static void values(const struct eh_cmd *cmd, const char *opt, const char *cur)
{
	/* command NULL: any command's option of that name */
	static const struct {
		const char *command;
		const char *option;
		const char *values[8];
	} fixed[] = {
		{ "count-syscall", "by",
		  { "syscall", "uid", "pid", "comm", "cgroup", "unit", "container" } },
		{ "count-uid", "by", { "uid", "cgroup", "unit", "container" } },
		{ NULL, "buffer", { "auto", "ringbuf", "perf" } },
		{ NULL, "time", { "unix", "iso" } },
	};
	unsigned int modes;
	size_t i, j;

	if (!strcmp(opt, "syscall") || !strcmp(opt, "ignore")) {
		syscall_values(cur);
	} else if (!strcmp(opt, "handler")) {
		handler_values(cur);
	} else if (!strcmp(opt, "attach")) {
		modes = eh_elf_modes(cmd->elf, EH_SCOPE__COUNT, EH_ENTRY);
		offer(cur, "auto");
		for (i = 0; i < eh_mode_count(); i++)
			if (modes & (1u << i))
				offer(cur, eh_mode_name(eh_mode_at(i)));
	} else {
		for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			if (!strcmp(opt, fixed[i].option) &&
			    (!fixed[i].command || !strcmp(cmd->name, fixed[i].command)))
				for (j = 0; fixed[i].values[j]; j++)
					offer(cur, fixed[i].values[j]);
	}
}

int eh_cmd_complete(const struct eh_cmds *cmds, int argc, char **argv)
{
	const struct argp_option *all[MAX_OPTIONS], *o;
	const char *cur = argc > 1 ? argv[argc - 1] : "";
	const struct eh_cmd *cmd;
	char name[64];
	size_t i;
	int n;

	if (argc <= 2) {	/* the command's place */
		for (i = 0; i < cmds->n; i++)
			offer(cur, cmds->at[i].name);
		if (cur[0] == '-')
			for (i = 0; i < sizeof(top_options) / sizeof(top_options[0]); i++)
				offer(cur, top_options[i]);
		return 0;
	}
	cmd = eh_cmd_find(cmds, argv[1]);
	if (!cmd)
		return 0;
	eh_opts_init(cmd);
	/* "--opt=value": bash splits it into "--opt" "=" "value" */
	if (argc >= 4 && !strcmp(argv[argc - 2], "=") && (o = long_option(cmd, argv[argc - 3]))) {
		values(cmd, o->name, cur);
		return 0;
	}
	/* "--opt=value" in one word (zsh, fish): offered whole */
	if (!strncmp(cur, "--", 2) && strchr(cur, '=')) {
		snprintf(name, sizeof(name), "%.*s", (int)(strchr(cur, '=') - cur), cur);
		o = long_option(cmd, name);
		if (o && o->arg) {
			char opt_eq[80];

			snprintf(opt_eq, sizeof(opt_eq), "%s=", name);
			head = opt_eq;
			values(cmd, o->name, strchr(cur, '=') + 1);
			head = "";
		}
		return 0;
	}
	o = long_option(cmd, argv[argc - 2]);
	if (o && o->arg) {
		values(cmd, o->name, cur);
		return 0;
	}
	/* a command's argument (source COMMAND): the commands with BPF of their own */
	if (cur[0] != '-' && cmd->argp->args_doc)
		for (i = 0; i < cmds->n; i++)
			if (cmds->at[i].book)
				offer(cur, cmds->at[i].name);
	if (cur[0] == '-') {
		n = options_of(cmd->argp, all, 0);
		for (i = 0; i < (size_t)n; i++) {
			snprintf(name, sizeof(name), "--%s", all[i]->name);
			offer(cur, name);
		}
	}
	return 0;
}

/* ---- the scripts ------------------------------------------------------------------ */

/*
 * bash splits "--syscall=ope" into "--syscall" "=" "ope" (COMP_WORDBREAKS):
 * the words are joined again for the program, and what it offers is cut to
 * the part after the last '=', which is all bash replaces.
 */
static const char bash_script[] =
	"# bash completion for ebpfhello: the program answers (ebpfhello __complete)\n"
	"_ebpfhello()\n"
	"{\n"
	"\tlocal i w c prefix words=()\n"
	"\tfor ((i = 1; i <= COMP_CWORD; i++)); do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tif ((${#words[@]})) && [[ $w == = || ${COMP_WORDS[i - 1]} == = ]]; then\n"
	"\t\t\twords[-1]+=$w\n"
	"\t\telse\n"
	"\t\t\twords+=(\"$w\")\n"
	"\t\tfi\n"
	"\tdone\n"
	"\tw=${words[-1]}\n"
	"\tprefix=${w%\"${w##*=}\"}\n"
	"\tCOMPREPLY=()\n"
	"\twhile IFS= read -r c; do\n"
	"\t\tCOMPREPLY+=(\"${c#\"$prefix\"}\")\n"
	"\tdone < <(ebpfhello __complete \"${words[@]}\" 2>/dev/null)\n"
	"}\n"
	"complete -o default -F _ebpfhello ebpfhello\n";

static const char zsh_script[] =
	"#compdef ebpfhello\n"
	"# zsh completion for ebpfhello: the program answers (ebpfhello __complete)\n"
	"local -a candidates\n"
	"candidates=(${(f)\"$(ebpfhello __complete \"${(@)words[2,CURRENT]}\" 2>/dev/null)\"})\n"
	"compadd -Q -S '' -- $candidates\n";

static const char fish_script[] =
	"# fish completion for ebpfhello: the program answers (ebpfhello __complete)\n"
	"complete -c ebpfhello -f -a '(ebpfhello __complete (commandline -opc)[2..-1] "
	"(commandline -ct) 2>/dev/null)'\n";

int eh_cmd_completion(const struct eh_cmds *cmds, int argc, char **argv)
{
	const char *shell = argc > 1 ? argv[1] : "";

	if (!strcmp(shell, "bash"))
		fputs(bash_script, stdout);
	else if (!strcmp(shell, "zsh"))
		fputs(zsh_script, stdout);
	else if (!strcmp(shell, "fish"))
		fputs(fish_script, stdout);
	else
		eh_usage_error("__completion: expected bash, zsh or fish, not '%s'", eh_quote(shell, 0));
	return out_error() ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}
