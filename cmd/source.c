// SPDX-License-Identifier: MIT
/*
 * source: the BPF C a command runs, as it was built, from inside the
 * binary (the build compresses every BPF source into it: gen_sources.sh),
 * with the book's program it replaces named at the top, so a reader of
 * Learning eBPF can read what runs on a machine without the source tree.
 * --headers adds the project's headers it includes; --xlated runs the
 * command's own set-up (its options at their defaults) up to the point
 * where its programs are loaded and attached, and prints them as the
 * kernel translated them, under the source lines they come from.
 */
#include <string.h>

#include <ebpfhello/cli/opts.h>
#include <ebpfhello/load/embedded.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/run/xlated.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>

#include "sources.h"	/* eh_sources[]: generated */

#define MAX_SHOWN	16
#define MAX_ARGS	16

static struct env {
	const struct eh_cmd *target;
	bool xlated;
	bool headers;
	const struct eh_source *shown[MAX_SHOWN];
	int nr_shown;
	char *args[MAX_ARGS + 2];	/* --xlated: the command's argv */
	int nr_args;
} env;

enum { OPT_XLATED = 'x', OPT_HEADERS = 'H' };

static const struct argp_option options[] = {
	{ "xlated", OPT_XLATED, NULL, 0,
	  "load the command's programs as it would (root) and print them as the kernel "
	  "translated them, each run of instructions under its source line", 0 },
	{ "headers", OPT_HEADERS, NULL, 0,
	  "also print the project's headers the file includes (each once)", 0 },
	{ 0 }
};

static const char doc[] =
	"Print the BPF C that COMMAND runs in the kernel, as this binary was built, "
	"with the program of Learning eBPF it replaces named at the top.\v"
	"COMMAND is one that loads BPF programs: trace, count-uid, count-syscall, "
	"events, tail or features.  --xlated sets the command up with its default "
	"options (the attach mode auto chooses here), or with the options given after \"--\" "
	"(those that choose another object, such as count-uid's --by), prints its programs "
	"and detaches.\n\n"
	"Examples:\n"
	"  ebpfhello source count-uid                # hello-map.py's program, rebuilt\n"
	"  ebpfhello source events --headers         # with emit.bpf.h, common.bpf.h, ...\n"
	"  ebpfhello source tail --xlated            # what the verifier saw, line by line\n"
	"  ebpfhello source --xlated count-uid -- --by cgroup   # another object's\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	const struct eh_cmd *c;

	switch (key) {
	case OPT_XLATED:
		env.xlated = true;
		return 0;
	case OPT_HEADERS:
		env.headers = true;
		return 0;
	case ARGP_KEY_ARG:
		if (env.target) {
			/* the command's own options (after "--": argp took any
			 * other dashed word as source's), for --xlated */
			if (env.nr_args == MAX_ARGS)
				eh_bad_value("argument", arg, "at most 16 options for the command");
			env.args[1 + env.nr_args++] = arg;
			return 0;
		}
		c = eh_cmd_find(&eh_commands, arg);
		if (!c || !c->book)
			eh_bad_value("command", arg, "a command that loads BPF programs: trace, "
				     "count-uid, count-syscall, events, tail or features");
		env.target = c;
		return 0;
	case ARGP_KEY_END:
		if (!env.target)
			eh_usage_error("which command? e.g. 'ebpfhello source count-uid'");
		if (env.xlated && env.headers)
			eh_usage_error("--xlated and --headers do not go together");
		if (env.nr_args && !env.xlated)
			eh_bad_value("argument", env.args[1], "one command only (options for it "
				     "go after \"--\", with --xlated)");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_output_argp, 0, NULL, 0 },
	{ 0 }
};

EH_TOOL_DEFINE(source, options, parse_opt, "COMMAND", doc, children)

static struct eh_source *find(const char *path)
{
	struct eh_source *s;

	for (s = eh_sources; s->path; s++)
		if (!strcmp(s->path, path))
			return s;
	return NULL;
}

/* an #include line's file, if it is one of the build's: "bpf/emit.bpf.h" */
static struct eh_source *included(const char *line, size_t n)
{
	char path[128];
	const char *p = line + strlen("#include"), *end;

	if (n < 10 || strncmp(line, "#include", 8))
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	end = memchr(p + 1, *p == '"' ? '"' : '>', n - (size_t)(p + 1 - line));
	if (!end || (*p != '"' && *p != '<'))
		return NULL;
	snprintf(path, sizeof(path), "%s%.*s", *p == '"' ? "bpf/" : "include/",
		 (int)(end - p - 1), p + 1);
	return find(path);
}

static int show(struct eh_source *s, bool main_file);

/* --headers: each file the shown one includes, after it, once */
static int show_includes(const char *text, size_t size)
{
	const char *line = text, *nl;
	struct eh_source *s;
	int i, err = 0;

	for (; !err && line < text + size; line = nl + 1) {
		nl = memchr(line, '\n', size - (size_t)(line - text));
		if (!nl)
			nl = text + size;
		s = included(line, (size_t)(nl - line));
		for (i = 0; s && i < env.nr_shown && env.shown[i] != s; i++)
			;
		if (s && i == env.nr_shown)
			err = show(s, false);
	}
	return err;
}

static int show(struct eh_source *s, bool main_file)
{
	const struct eh_book *book = env.target->book;
	const char *text;
	size_t size;

	text = eh_embedded_bytes(&s->file, &size);
	if (!text) {
		eh_error("cannot inflate %s from this binary", s->path);
		return -1;
	}
	if (env.nr_shown < MAX_SHOWN)
		env.shown[env.nr_shown++] = s;
	out_begin("source");
	out_json_str("command", env.target->name);
	out_json_str("book", book->program);
	out_json_bool("included", !main_file);
	out_json_str("path", s->path);
	if (main_file) {
		out_text("/* ebpfhello %s runs this in the kernel: %s, as built.\n",
			 env.target->name, s->path);
		out_text(" * Learning eBPF, chapter 2: %s. */\n", book->program);
	} else {
		out_text("\n/* ==== %s, included ==== */\n", s->path);
	}
	out_json_strn("text", text, size);
	/* the record's end writes the last newline */
	out_text("%.*s", (int)(size && text[size - 1] == '\n' ? size - 1 : size), text);
	out_end();
	return env.headers ? show_includes(text, size) : 0;
}

int cmd_source(int argc, char **argv)
{
	char path[64];
	struct eh_source *s;
	bool json;
	int i;

	eh_argp_parse(&cmd_source_argp, argc, argv);
	if (env.xlated) {
		/* the command's own start, up to its programs loaded */
		json = eh_opts.json;
		i = eh_verbosity();
		eh_opts_init(env.target);
		eh_opts.json = json;
		eh_set_verbosity(i);
		eh_xlated_instead();
		env.args[0] = (char *)env.target->name;
		return env.target->run(1 + env.nr_args, env.args);
	}
	out_init(stdout, eh_opts.json, eh_opts.iso_time);
	snprintf(path, sizeof(path), "bpf/%s.bpf.c", env.target->name);
	for (i = 0; path[i]; i++)
		path[i] = path[i] == '-' ? '_' : path[i];
	s = find(path);
	if (!s) {
		eh_error("this binary holds no %s", path);
		return EH_EXIT_RUNTIME;
	}
	return show(s, true) ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}
