// SPDX-License-Identifier: MIT
/*
 * Any argv to any subcommand's argp parser: what eh_argp_parse() does with
 * it, up to where the command would load its programs.  The first byte
 * picks the command, the rest is its arguments, split at NUL bytes.
 *
 * Usage errors, --help and --version end in exit(): linked with
 * -Wl,--wrap=exit, an exit() comes back here instead.  One inside argp's
 * call of a parser would skip argp's clean-up (a leak per input), so each
 * parser of the command's argp tree is called through a trampoline that
 * catches it and hands argp an error, and argp_parse() returns normally;
 * the usage error eh_argp_parse() then raises for it (after reading argv
 * once more for the culprit: fuzzed too) comes back to the top.
 * Each command's static settings are put back before every input
 * (fuzz_cmd.h), eh_opts by eh_opts_init(), as a fresh process has them.
 */
#include <argp.h>
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cmd.h>

#include "fuzz.h"
#include "fuzz_cmd.h"

#define EH_RESET_ENTRY(id, name, summary) eh_fuzz_reset_##id,
static void (*const resets[])(void) = { EH_COMMANDS(EH_RESET_ENTRY) EH_TOOLS(EH_RESET_ENTRY) };
#undef EH_RESET_ENTRY

/* ---- exit() comes back -------------------------------------------------------- */

void __wrap_exit(int status) __attribute__((noreturn));
void __real_exit(int status) __attribute__((noreturn));

static jmp_buf top, in_parser;
static bool parsing, in_callback;

void __wrap_exit(int status)
{
	if (in_callback)
		longjmp(in_parser, 1);
	if (parsing)
		longjmp(top, 1);
	__real_exit(status);
}

#define MAX_PARSERS 32
static argp_parser_t orig[MAX_PARSERS];
static int nr_orig;

static error_t call(int i, int key, char *arg, struct argp_state *state)
{
	error_t rc;

	in_callback = true;
	if (setjmp(in_parser))
		rc = EINVAL;	/* it exited: argp is told it failed, and cleans up */
	else
		rc = orig[i](key, arg, state);
	in_callback = false;
	return rc;
}

#define T(i)									\
	static error_t t##i(int key, char *arg, struct argp_state *state)	\
	{									\
		return call(i, key, arg, state);				\
	}
T(0) T(1) T(2) T(3) T(4) T(5) T(6) T(7) T(8) T(9) T(10) T(11) T(12) T(13) T(14) T(15)
T(16) T(17) T(18) T(19) T(20) T(21) T(22) T(23) T(24) T(25) T(26) T(27) T(28) T(29)
T(30) T(31)
static const argp_parser_t trampolines[MAX_PARSERS] = {
	t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15,
	t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27, t28, t29, t30, t31,
};

static argp_parser_t trampoline_for(argp_parser_t p)
{
	int i;

	for (i = 0; i < nr_orig; i++)
		if (orig[i] == p)
			return trampolines[i];
	if (nr_orig == MAX_PARSERS)
		fuzz_failed(__FILE__, __LINE__, "more argp parsers than trampolines");
	orig[nr_orig] = p;
	return trampolines[nr_orig++];
}

/* a copy of the argp tree whose parsers go through the trampolines */
static const struct argp *wrap(const struct argp *a)
{
	struct argp *c = calloc(1, sizeof(*c));
	struct argp_child *kids;
	size_t n = 0, i;

	FUZZ_CHECK(c);
	*c = *a;
	if (a->parser)
		c->parser = trampoline_for(a->parser);
	if (a->children) {
		while (a->children[n].argp)
			n++;
		kids = calloc(n + 1, sizeof(*kids));
		FUZZ_CHECK(kids);
		for (i = 0; i < n; i++) {
			kids[i] = a->children[i];
			kids[i].argp = wrap(a->children[i].argp);
		}
		c->children = kids;
	}
	return c;
}

static const struct argp *wrapped[16];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	for (i = 0; i < eh_commands.n; i++)
		wrapped[i] = wrap(eh_commands.at[i].argp);
	return 0;
}

#define MAX_ARGS 24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[MAX_ARGS + 2], *owned[MAX_ARGS + 2];
	int argc = 1, i;
	size_t c, start, end;

	if (size < 1)
		return 0;
	c = data[0] % eh_commands.n;
	/* argv[0] as main() hands it on: the command's name */
	args[0] = (char *)eh_commands.at[c].name;
	/* each argument a block of its own: an overread is seen */
	for (start = 1; start <= size && argc <= MAX_ARGS; start = end + 1) {
		const uint8_t *nul = memchr(data + start, '\0', size - start);

		end = nul ? (size_t)(nul - data) : size;
		args[argc] = malloc(end - start + 1);
		FUZZ_CHECK(args[argc]);
		memcpy(args[argc], data + start, end - start);
		args[argc][end - start] = '\0';
		argc++;
		if (!nul)
			break;
	}
	args[argc] = NULL;
	/* argp reorders argv, and argv[0] becomes the program's name */
	memcpy(owned, args, sizeof(args));

	eh_opts_init(&eh_commands.at[c]);
	resets[c]();
	parsing = true;
	if (!setjmp(top))
		eh_argp_parse(wrapped[c], argc, args);
	parsing = false;
	for (i = 1; i < argc; i++)
		free(owned[i]);
	return 0;
}
