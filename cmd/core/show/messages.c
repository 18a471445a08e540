// SPDX-License-Identifier: MIT
/*
 * Messages on stderr, one line each, starting "ebpfhello <command>:"; a
 * value the user gave is quoted escaped and cut.  See
 * include/ebpfhello/show/messages.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/base/parse.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/stdout.h>

#define QUOTE_MAX	80		/* bytes of a user's value quoted in a message */

static char prog_name[64] = "ebpfhello";
static int verbosity;

void eh_set_prog_name(const char *command)
{
	snprintf(prog_name, sizeof(prog_name), "ebpfhello%s%s", command ? " " : "",
		 command ? command : "");
	out_set_prog_name(prog_name);
}

const char *eh_prog_name(void)
{
	return prog_name;
}

void eh_set_verbosity(int level)
{
	verbosity = level;
}

int eh_verbosity(void)
{
	return verbosity;
}

/* ---- messages ------------------------------------------------------------- */

const char *eh_quote(const char *s, int slot)
{
	static char buf[2][QUOTE_MAX * 4 + 8];
	char *b = buf[slot & 1];
	size_t n = strlen(s), o;

	o = eh_text_escape(b, QUOTE_MAX * 4, s, n < QUOTE_MAX ? n : QUOTE_MAX);
	if (n > QUOTE_MAX)
		snprintf(b + o, sizeof(buf[0]) - o, "...");
	return b;
}

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", eh_prog_name(), prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void eh_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	/* nothing was written to stdout yet: a closed one is not a second error */
	out_clear_error();
	exit(EH_EXIT_USAGE);
}

void eh_bad_value(const char *opt, const char *value, const char *what)
{
	eh_usage_error("invalid %s '%s': expected %s", opt, eh_quote(value, 0), what);
}

uint64_t eh_arg_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		    const char *what)
{
	char expected[128];
	uint64_t v;

	if (!eh_parse_u64(arg, min, max, &v)) {
		snprintf(expected, sizeof(expected), "%s from %llu to %llu", what,
			 (unsigned long long)min, (unsigned long long)max);
		eh_bad_value(opt, arg, expected);
	}
	return v;
}

void eh_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void eh_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

void eh_verbose(int level, const char *fmt, ...)
{
	va_list ap;

	if (verbosity < level)
		return;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}
