// SPDX-License-Identifier: MIT
/*
 * argp, with its complaints in our words: ARGP_NO_ERRS keeps argp (and
 * getopt) from quoting user input unescaped, and this file says what was
 * wrong with the option it refused, escaped and cut.  See opts.h.
 */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/opts.h>

static const struct argp *root;
static int bad_index;

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

/* argp said no to argv[i]: say why in one escaped, bounded line */
static void __attribute__((noreturn)) bad_option(const char *arg, bool last)
{
	const struct argp_option *o;
	const char *eq;
	int matches = 0;
	size_t len;

	if (!strncmp(arg, "--", 2)) {
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		o = find_option(arg + 2, len, 0, &matches);
		if (!o)
			eh_usage_error("unknown option '%s'; see '%s --help'", eh_quote(arg, 0),
				       eh_prog_name());
		if (matches > 1)
			eh_usage_error("option '%s' is ambiguous; see '%s --help'", eh_quote(arg, 0),
				       eh_prog_name());
		if (o->arg && !eq)
			eh_usage_error("option '--%s' needs a value (%s)", o->name, o->arg);
		eh_usage_error("option '--%s' takes no value", o->name);
	}
	for (arg++; *arg; arg++) {
		char one[2] = { *arg, '\0' };

		o = find_option(NULL, 0, (unsigned char)*arg, &matches);
		if (!o)
			eh_usage_error("unknown option '-%s'; see '%s --help'", eh_quote(one, 0),
				       eh_prog_name());
		if (o->arg && !arg[1] && last)
			eh_usage_error("option '-%c' needs a value (%s)", *arg, o->arg);
		if (o->arg)
			break;
	}
	eh_usage_error("cannot use '%s'; see '%s --help'", eh_quote(arg, 0), eh_prog_name());
}

void eh_argp_parse(const struct argp *argp, int argc, char **argv)
{
	int index = 0;

	root = argp;
	bad_index = 0;
	/* argp names itself after argv[0] in usage and help */
	argv[0] = (char *)eh_prog_name();
	/* no messages from argp itself: they would quote input unescaped */
	if (argp_parse(argp, argc, argv, ARGP_NO_ERRS | ARGP_NO_HELP, &index, NULL))
		bad_option(bad_index > 0 && bad_index < argc ? argv[bad_index] : "?",
			   bad_index == argc - 1);
}

void eh_argp_error_at(const struct argp_state *state)
{
	/* with ARGP_NO_ERRS, the option argp refused is the one before */
	bad_index = state->next - 1;
}
