// SPDX-License-Identifier: MIT
/*
 * argp, with its complaints in our words: ARGP_NO_ERRS keeps argp (and
 * getopt) from quoting user input unescaped, and this file says what was
 * wrong with the option it refused, escaped and cut.  See
 * include/ebpfhello/cli/args.h.
 */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/cli/args.h>
#include <ebpfhello/show/messages.h>

static const struct argp *root;

#define MAX_OPTIONS 64

/* every option of argp's tree, children included */
static int collect(const struct argp *a, const struct argp_option **out, int n)
{
	const struct argp_option *o;
	const struct argp_child *c;

	for (o = a->options; o && (o->name || o->key || o->doc || o->group); o++)
		if ((o->name || o->key) && n < MAX_OPTIONS)
			out[n++] = o;
	for (c = a->children; c && c->argp; c++)
		n = collect(c->argp, out, n);
	return n;
}

/* the option named name[0..len) (or the one it abbreviates), or with key;
 * *matches says how many abbreviate */
static const struct argp_option *find_option(const char *name, size_t len, int key,
					     int *matches)
{
	const struct argp_option *all[MAX_OPTIONS], *found = NULL;
	int i, n = collect(root, all, 0);

	*matches = 0;
	for (i = 0; i < n; i++) {
		if (key) {
			if (all[i]->key == key) {
				*matches = 1;
				return all[i];
			}
			continue;
		}
		if (!all[i]->name || strncmp(all[i]->name, name, len))
			continue;
		if (strlen(all[i]->name) == len) {
			*matches = 1;
			return all[i];
		}
		(*matches)++;
		found = all[i];
	}
	return found;
}

/*
 * argp said no: say why in one escaped, bounded line, about the first
 * argument it could have refused, read the way getopt reads them.  (Where
 * argp stopped does not say which: in the middle of "-Zq" it points at the
 * argument before.)
 */
static void __attribute__((noreturn)) bad_option(int argc, char **argv)
{
	const struct argp_option *o;
	const char *arg, *eq, *p;
	int i, matches = 0;
	size_t len;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (!strcmp(arg, "--"))
			break;			/* what follows are arguments */
		if (arg[0] != '-' || !arg[1])
			continue;		/* an argument, or "-" */
		if (arg[1] == '-') {
			eq = strchr(arg, '=');
			len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
			o = find_option(arg + 2, len, 0, &matches);
			if (!o)
				eh_usage_error("unknown option '%s'; see '%s --help'",
					       eh_quote(arg, 0), eh_prog_name());
			if (matches > 1)
				eh_usage_error("option '%s' is ambiguous; see '%s --help'",
					       eh_quote(arg, 0), eh_prog_name());
			if (o->arg && !eq && i + 1 >= argc)
				eh_usage_error("option '--%s' needs a value (%s)", o->name, o->arg);
			if (!o->arg && eq)
				eh_usage_error("option '--%s' takes no value", o->name);
			if (o->arg && !eq)
				i++;		/* its value */
			continue;
		}
		for (p = arg + 1; *p; p++) {
			char one[2] = { *p, '\0' };

			o = find_option(NULL, 0, (unsigned char)*p, &matches);
			if (!o)
				eh_usage_error("unknown option '-%s'; see '%s --help'",
					       eh_quote(one, 0), eh_prog_name());
			if (!o->arg)
				continue;
			if (!p[1] && i + 1 >= argc)
				eh_usage_error("option '-%c' needs a value (%s)", *p, o->arg);
			if (!p[1])
				i++;		/* its value */
			break;
		}
	}
	eh_usage_error("cannot use these arguments; see '%s --help'", eh_prog_name());
}

void eh_argp_parse(const struct argp *argp, int argc, char **argv)
{
	int index = 0;

	root = argp;
	/* argp names itself after argv[0] in usage and help */
	argv[0] = (char *)eh_prog_name();
	/* no messages from argp itself: they would quote input unescaped */
	if (argp_parse(argp, argc, argv, ARGP_NO_ERRS | ARGP_NO_HELP, &index, NULL))
		bad_option(argc, argv);
}
