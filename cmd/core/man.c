// SPDX-License-Identifier: MIT
/*
 * Man pages written by the program itself from the tables it runs on: the
 * command table, each command's argp options and documentation, the attach
 * modes and the feature probes.  An option is documented once, in the
 * code; `ebpfhello __man DIR` (the build runs it) writes ebpfhello.1 and
 * ebpfhello-<command>.1 there.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ebpfhello/attach.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/probe.h>

static const char exit_status[] =
	"0: success; also when stopped by SIGINT, SIGTERM, SIGHUP, --count or "
	"--duration, or when the reader of the output went away (a closed pipe).\n"
	"1: a runtime error: nothing could be attached, the kernel lacks what was "
	"asked for, or the output could not be written.\n"
	"2: a usage error: a bad option or value, found before anything is loaded.";

/* text as roff: backslashes and dashes escaped, no line starting a request */
static void roff(FILE *f, const char *s, size_t n)
{
	bool line_start = true;
	size_t i;

	for (i = 0; i < n; i++) {
		if (line_start && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", f);
		line_start = s[i] == '\n';
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else
			fputc(s[i], f);
	}
}

static void roffs(FILE *f, const char *s)
{
	roff(f, s, strlen(s));
}

static void title(FILE *f, const char *name)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	char date[16];
	struct tm tm;
	const char *p;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	fputs(".TH \"", f);
	for (p = name; *p; p++) {
		if (*p == '-')
			fputs("\\-", f);
		else
			fputc(toupper((unsigned char)*p), f);
	}
	fprintf(f, "\" 1 \"%s\" \"ebpfhello %s\" \"User Commands\"\n", date, EH_VERSION);
}

/* one option: ".TP", the switches, then its text */
static void option(FILE *f, const struct argp *a, const struct argp_option *o)
{
	const char *text = o->doc ? o->doc : "";
	char *filtered = NULL;

	if (a->help_filter) {
		filtered = a->help_filter(o->key, text, NULL);
		if (filtered)
			text = filtered;
	}
	fputs(".TP\n", f);
	if (o->key > 0 && o->key < 128 && isalpha(o->key))
		fprintf(f, "\\fB\\-%c\\fR, ", o->key);
	fputs("\\fB\\-\\-", f);
	roffs(f, o->name);
	fputs("\\fR", f);
	if (o->arg) {
		fputs("=\\fI", f);
		roffs(f, o->arg);
		fputs("\\fR", f);
	}
	fputc('\n', f);
	roffs(f, text);
	fputc('\n', f);
	if (filtered && filtered != o->doc)
		free(filtered);
}

/* a parser's options, under its group header; then its children */
static void options(FILE *f, const struct argp *a)
{
	const struct argp_option *o;
	const struct argp_child *c;

	for (o = a->options; o && (o->name || o->key || o->doc || o->group); o++) {
		if (o->flags & OPTION_HIDDEN)
			continue;
		if (!o->name && !o->key && o->doc) {
			fputs(".SS \"", f);
			roff(f, o->doc, strcspn(o->doc, ":"));
			fputs("\"\n", f);
		} else if (o->name) {
			option(f, a, o);
		}
	}
	for (c = a->children; c && c->argp; c++)
		options(f, c->argp);
}

/* argp's doc: "summary\vmore text\n\nExamples:\n  ebpfhello ...\n" */
static void description(FILE *f, const char *doc)
{
	const char *more = strchr(doc, '\v'), *ex;

	fputs(".SH DESCRIPTION\n", f);
	roff(f, doc, more ? (size_t)(more - doc) : strlen(doc));
	fputc('\n', f);
	if (!more)
		return;
	more++;
	ex = strstr(more, "Examples:\n");
	if (ex != more) {
		fputs(".PP\n", f);
		roff(f, more, ex ? (size_t)(ex - more) : strlen(more));
		fputc('\n', f);
	}
}

static void examples(FILE *f, const char *doc)
{
	const char *ex = strstr(doc, "Examples:\n"), *line, *nl;

	if (!ex)
		return;
	fputs(".SH EXAMPLES\n.nf\n", f);
	for (line = ex + strlen("Examples:\n"); *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		while (*line == ' ')
			line++;
		roff(f, line, (size_t)(nl - line));
		fputc('\n', f);
		if (!*nl)
			break;
	}
	fputs(".fi\n", f);
}

static void common_sections(FILE *f)
{
	int i;

	fputs(".SH EXIT STATUS\n", f);
	roffs(f, exit_status);
	fputs("\n.SH ENVIRONMENT\n.TP\n.B EBPFHELLO_DISABLE\n", f);
	roffs(f, "A comma-separated list of kernel features to treat as missing, to try "
		 "the fallbacks an older kernel would take: ");
	for (i = 0; i < EH_FEAT__COUNT; i++) {
		fputs(i ? ", " : "", f);
		roffs(f, eh_feature_name((enum eh_feature)i));
	}
	fputs(". A name that is no feature is warned about.\n", f);
	fputs(".SH FILES\n"
	      ".TP\n.I /sys/kernel/btf/vmlinux\n"
	      "The kernel's BTF: CO\\-RE, fentry and tp_btf need it.\n"
	      ".TP\n.I /sys/kernel/tracing\n"
	      "tracefs (mounted there if it is not mounted): trace_pipe, tracepoints.\n"
	      ".TP\n.I /etc/passwd\n"
	      "User names (read directly: a static binary cannot use NSS).\n", f);
}

static int write_page(const char *dir, const char *name, void (*body)(FILE *, const void *),
		      const void *arg)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.1", dir, name);
	f = fopen(path, "we");
	if (!f) {
		eh_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	title(f, name);
	body(f, arg);
	if (ferror(f) | fclose(f)) {
		eh_error("cannot write %s", path);
		return -1;
	}
	return 0;
}

static void command_page(FILE *f, const void *arg)
{
	const struct eh_cmd *c = arg;
	size_t i;

	eh_opts_init(c);
	fputs(".SH NAME\nebpfhello\\-", f);
	roffs(f, c->name);
	fputs(" \\- ", f);
	roffs(f, c->summary);
	fputs("\n.SH SYNOPSIS\n.B ebpfhello ", f);
	roffs(f, c->name);
	fputs("\n[\\fIOPTION\\fR]...\n", f);
	description(f, c->argp->doc);
	fputs(".SH OPTIONS\n", f);
	options(f, c->argp);
	examples(f, c->argp->doc);
	common_sections(f);
	fputs(".SH SEE ALSO\n.BR ebpfhello (1)", f);
	for (i = 0; i < eh_nr_commands; i++) {
		if (&eh_commands[i] == c)
			continue;
		fputs(",\n.BR ebpfhello\\-", f);
		roffs(f, eh_commands[i].name);
		fputs(" (1)", f);
	}
	fputs("\n", f);
}

static void main_page(FILE *f, const void *arg)
{
	size_t i;

	fputs(".SH NAME\nebpfhello \\- the Hello World programs of Learning eBPF as one tool\n"
	      ".SH SYNOPSIS\n.B ebpfhello\n\\fICOMMAND\\fR [\\fIOPTION\\fR]...\n"
	      ".br\n.B ebpfhello\n\\fICOMMAND\\fR \\fB\\-\\-help\\fR\n"
	      ".SH DESCRIPTION\n", f);
	roffs(f, "The chapter 2 programs of Learning eBPF (hello.py, hello-map.py, "
		 "hello-buffer.py, hello-tail.py and the exercises) as one static binary "
		 "built on libbpf CO-RE skeletons. It needs no compiler, no kernel headers "
		 "and no Python where it runs: a kernel with BTF, and root or "
		 "CAP_BPF and CAP_PERFMON.");
	fputs("\n.SH COMMANDS\n", f);
	for (i = 0; i < eh_nr_commands; i++) {
		fputs(".TP\n.BR ebpfhello\\-", f);
		roffs(f, eh_commands[i].name);
		fputs(" (1)\n", f);
		roffs(f, eh_commands[i].summary);
		fputc('\n', f);
	}
	fputs(".SH OPTIONS\n"
	      ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nThe commands and these options.\n"
	      ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\n"
	      "The version, the git commit it was built from and the libbpf inside.\n"
	      ".TP\n\\fB\\-\\-list\\-cmds\\fR\nThe command names, one per line.\n"
	      ".SH ATTACH MODES\n", f);
	roffs(f, "Commands that attach to syscalls offer one program per way of attaching "
		 "and take the first that works here (--attach auto); --attach MODE forces "
		 "one. In the order auto tries them for named syscalls:");
	fputc('\n', f);
	for (i = 0; i < eh_mode_count(); i++) {
		fputs(".TP\n.B ", f);
		roffs(f, eh_mode_name(eh_mode_at(i)));
		fputc('\n', f);
		roffs(f, eh_mode_help(eh_mode_at(i)));
		fputc('\n', f);
	}
	common_sections(f);
	fputs(".SH SEE ALSO\n", f);
	for (i = 0; i < eh_nr_commands; i++) {
		fputs(i ? ",\n.BR ebpfhello\\-" : ".BR ebpfhello\\-", f);
		roffs(f, eh_commands[i].name);
		fputs(" (1)", f);
	}
	fputs(",\n.BR bpftool (8)\n", f);
}

int eh_cmd_man(int argc, char **argv)
{
	char name[64];
	size_t i;

	if (argc != 2)
		eh_usage_error("__man: expected the directory to write the pages to");
	if (write_page(argv[1], "ebpfhello", main_page, NULL))
		return EH_EXIT_RUNTIME;
	for (i = 0; i < eh_nr_commands; i++) {
		snprintf(name, sizeof(name), "ebpfhello-%s", eh_commands[i].name);
		if (write_page(argv[1], name, command_page, &eh_commands[i]))
			return EH_EXIT_RUNTIME;
	}
	return EH_EXIT_OK;
}
