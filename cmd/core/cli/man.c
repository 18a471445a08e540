// SPDX-License-Identifier: MIT
/*
 * Man pages written by the program itself from the tables it runs on: the
 * command table, each command's argp options and documentation, the attach
 * modes and the feature probes.  An option is documented once, in the
 * code; `ebpfhello __man DIR` (the build runs it) writes ebpfhello.8 and
 * ebpfhello-<command>.8 there.  Section 8, as for bpftool: the tool is
 * installed in sbin and does its work as root.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ebpfhello/cli/command.h>
#include <ebpfhello/cli/man.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/load/modes.h>

#define SECTION "8"

static const char exit_status[] =
	"0: success; for a command that runs until it is stopped, also when stopped "
	"by SIGINT, SIGTERM or SIGHUP, by its --count or --duration, or when the "
	"reader of the output went away (a closed pipe).\n"
	"1: a runtime error: nothing could be attached, the kernel lacks what was "
	"asked for, or the output could not be written.\n"
	"2: a usage error: a bad option or value, found before anything is loaded.";

/* input lines are kept to this many bytes (mandoc's style), broken at spaces */
#define LINE_MAX_BYTES 78

/* bytes on the output line so far, whatever wrote them */
static size_t col;
/* the commands the pages are made for */
static const struct eh_cmds *cmds;

/* roff as it is (requests, fonts), keeping count of the column */
static void raw(const char *s, FILE *f)
{
	const char *nl = strrchr(s, '\n');

	fputs(s, f);
	col = nl ? strlen(nl + 1) : col + strlen(s);
}

static void rawc(char c, FILE *f)
{
	fputc(c, f);
	col = c == '\n' ? 0 : col + 1;
}

/* text as roff: backslashes and dashes escaped, no line starting a request,
 * long lines broken at spaces (roff joins them again) */
static void roff(FILE *f, const char *s, size_t n)
{
	size_t i, j, word;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ') {
			/* the next word as written: '-' and '\\' take two bytes */
			for (word = 0, j = i + 1; j < n && s[j] != ' ' && s[j] != '\n'; j++)
				word += s[j] == '-' || s[j] == '\\' ? 2 : 1;
			if (col + 1 + word > LINE_MAX_BYTES) {
				rawc('\n', f);
				continue;
			}
		}
		if (col == 0 && (s[i] == '.' || s[i] == '\''))
			raw("\\&", f);
		if (s[i] == '\\')
			raw("\\e", f);
		else if (s[i] == '-')
			raw("\\-", f);
		else
			rawc(s[i], f);
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
	raw(".TH \"", f);
	for (p = name; *p; p++) {
		if (*p == '-')
			raw("\\-", f);
		else
			fputc(toupper((unsigned char)*p), f);
	}
	fprintf(f, "\" " SECTION " \"%s\" \"ebpfhello %s\" \"System Administration\"\n",
		date, EH_VERSION);
	col = 0;
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
	raw(".TP\n", f);
	if (o->key > 0 && o->key < 128 && isalpha(o->key))
		fprintf(f, "\\fB\\-%c\\fR, ", o->key);
	raw("\\fB\\-\\-", f);
	roffs(f, o->name);
	raw("\\fR", f);
	if (o->arg) {
		raw("=\\fI", f);
		roffs(f, o->arg);
		raw("\\fR", f);
	}
	rawc('\n', f);
	roffs(f, text);
	rawc('\n', f);
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
			raw(".SS \"", f);
			roff(f, o->doc, strcspn(o->doc, ":"));
			raw("\"\n", f);
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

	raw(".SH DESCRIPTION\n", f);
	roff(f, doc, more ? (size_t)(more - doc) : strlen(doc));
	rawc('\n', f);
	if (!more)
		return;
	more++;
	ex = strstr(more, "Examples:\n");
	if (ex != more) {
		raw(".PP\n", f);
		roff(f, more, ex ? (size_t)(ex - more) : strlen(more));
		rawc('\n', f);
	}
}

static void examples(FILE *f, const char *doc)
{
	const char *ex = strstr(doc, "Examples:\n"), *line, *nl;

	if (!ex)
		return;
	raw(".SH EXAMPLES\n.nf\n", f);
	for (line = ex + strlen("Examples:\n"); *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		while (*line == ' ')
			line++;
		roff(f, line, (size_t)(nl - line));
		rawc('\n', f);
		if (!*nl)
			break;
	}
	raw(".fi\n", f);
}

static void common_sections(FILE *f)
{
	char text[512];
	size_t o;
	int i;

	raw(".SH EXIT STATUS\n", f);
	roffs(f, exit_status);
	raw("\n.SH ENVIRONMENT\n.TP\n.B EBPFHELLO_DISABLE\n", f);
	o = snprintf(text, sizeof(text), "A comma-separated list of kernel features to treat "
		     "as missing, to try the fallbacks an older kernel would take:");
	for (i = 0; i < EH_FEAT__COUNT && o < sizeof(text); i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s %s", i ? "," : "",
				      eh_feature_name((enum eh_feature)i));
	roffs(f, text);
	raw(".\nA name that is no feature is warned about.\n", f);
	raw(".SH FILES\n"
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

	snprintf(path, sizeof(path), "%s/%s." SECTION, dir, name);
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
	raw(".SH NAME\nebpfhello\\-", f);
	roffs(f, c->name);
	raw(" \\- ", f);
	roffs(f, c->summary);
	raw("\n.SH SYNOPSIS\n.B ebpfhello ", f);
	roffs(f, c->name);
	raw("\n[\\fIOPTION\\fR]...", f);
	if (c->argp->args_doc) {
		raw(" \\fI", f);
		roffs(f, c->argp->args_doc);
		raw("\\fR", f);
	}
	raw("\n", f);
	description(f, c->argp->doc);
	raw(".SH OPTIONS\n", f);
	options(f, c->argp);
	examples(f, c->argp->doc);
	common_sections(f);
	raw(".SH SEE ALSO\n.BR ebpfhello (" SECTION ")", f);
	for (i = 0; i < cmds->n; i++) {
		if (&cmds->at[i] == c)
			continue;
		raw(",\n.BR ebpfhello\\-", f);
		roffs(f, cmds->at[i].name);
		raw(" (" SECTION ")", f);
	}
	raw("\n", f);
}

static void main_page(FILE *f, const void *arg)
{
	size_t i;

	raw(".SH NAME\nebpfhello \\- the Hello World programs of Learning eBPF as one tool\n"
	      ".SH SYNOPSIS\n.B ebpfhello\n\\fICOMMAND\\fR [\\fIOPTION\\fR]...\n"
	      ".br\n.B ebpfhello\n\\fICOMMAND\\fR \\fB\\-\\-help\\fR\n"
	      ".SH DESCRIPTION\n", f);
	roffs(f, "The chapter 2 programs of Learning eBPF (hello.py, hello-map.py, "
		 "hello-buffer.py, hello-tail.py and the exercises) as one static binary "
		 "built on libbpf CO-RE skeletons. It needs no compiler, no kernel headers "
		 "and no Python where it runs: a kernel with BTF, and root or "
		 "CAP_BPF and CAP_PERFMON.");
	raw("\n.SH COMMANDS\n", f);
	for (i = 0; i < cmds->n; i++) {
		raw(".TP\n.BR ebpfhello\\-", f);
		roffs(f, cmds->at[i].name);
		raw(" (" SECTION ")\n", f);
		roffs(f, cmds->at[i].summary);
		rawc('\n', f);
	}
	raw(".SH OPTIONS\n"
	      ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nThe commands and these options.\n"
	      ".TP\n\\fB\\-\\-usage\\fR\nThe usage lines alone.\n"
	      ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\n"
	      "The version, the git commit it was built from and the libbpf inside.\n"
	      ".TP\n\\fB\\-\\-list\\-cmds\\fR\nThe command names, one per line.\n"
	      ".SH ATTACH MODES\n", f);
	roffs(f, "Commands that attach to syscalls offer one program per way of attaching "
		 "and take the first that works here (--attach auto); --attach MODE forces "
		 "one. In the order auto tries them for named syscalls:");
	rawc('\n', f);
	for (i = 0; i < eh_mode_count(); i++) {
		raw(".TP\n.B ", f);
		roffs(f, eh_mode_name(eh_mode_at(i)));
		rawc('\n', f);
		roffs(f, eh_mode_help(eh_mode_at(i)));
		rawc('\n', f);
	}
	common_sections(f);
	raw(".SH SEE ALSO\n", f);
	for (i = 0; i < cmds->n; i++) {
		raw(i ? ",\n.BR ebpfhello\\-" : ".BR ebpfhello\\-", f);
		roffs(f, cmds->at[i].name);
		raw(" (" SECTION ")", f);
	}
	raw(",\n.BR bpftool (8)\n", f);
}

int eh_cmd_man(const struct eh_cmds *list, int argc, char **argv)
{
	char name[64];
	size_t i;

	cmds = list;
	if (argc != 2)
		eh_usage_error("__man: expected the directory to write the pages to");
	if (write_page(argv[1], "ebpfhello", main_page, NULL))
		return EH_EXIT_RUNTIME;
	for (i = 0; i < cmds->n; i++) {
		snprintf(name, sizeof(name), "ebpfhello-%s", cmds->at[i].name);
		if (write_page(argv[1], name, command_page, &cmds->at[i]))
			return EH_EXIT_RUNTIME;
	}
	return EH_EXIT_OK;
}
