// SPDX-License-Identifier: MIT
/* --output, --rotate-size, --rotate-keep; see include/ebpfhello/cli/output_file.h. */
#include <limits.h>
#include <string.h>

#include <ebpfhello/base/parse.h>
#include <ebpfhello/cli/output_file.h>
#include <ebpfhello/show/messages.h>

struct eh_output_file_opts eh_output_file_opts;

enum { OPT_OUTPUT = 0x500, OPT_ROTATE_SIZE, OPT_ROTATE_KEEP };

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Event log (docs/deploy.md):", 48 },
	{ "output", OPT_OUTPUT, "FILE", 0,
	  "append the records to FILE as NDJSON, each with a sequence number (seq); "
	  "gaps are declared (docs/json.md); SIGHUP reopens FILE instead of stopping "
	  "(logrotate's postrotate)", 0 },
	{ "rotate-size", OPT_ROTATE_SIZE, "SIZE", 0,
	  "with --output: rotate FILE to FILE.1 (FILE.1 to FILE.2...) before it would "
	  "pass SIZE bytes (K, M, G: KiB, MiB, GiB; at least 4K)", 0 },
	{ "rotate-keep", OPT_ROTATE_KEEP, "N", 0,
	  "with --rotate-size: keep N rotated files, 1 to 1000 (default 5)", 0 },
	{ 0 }
};

static void parse_path(const char *arg)
{
	size_t n = strlen(arg);

	/* room for the rotated names beside it: FILE.1000 */
	if (!n || n > PATH_MAX - 8 || arg[n - 1] == '/')
		eh_bad_value("--output", arg, "the path of a file (e.g. "
			     "/var/log/ebpfhello/events.ndjson)");
	eh_output_file_opts.path = arg;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	struct eh_output_file_opts *o = &eh_output_file_opts;

	switch (key) {
	case ARGP_KEY_INIT:
		memset(o, 0, sizeof(*o));
		return 0;
	case OPT_OUTPUT:
		parse_path(arg);
		return 0;
	case OPT_ROTATE_SIZE:
		if (!eh_parse_size(arg, EH_ROTATE_SIZE_MIN, UINT64_MAX, &o->rotate_size))
			eh_bad_value("--rotate-size", arg, "a size of at least 4K: bytes, or a "
				     "number with K, M or G (e.g. 64K, 10M)");
		return 0;
	case OPT_ROTATE_KEEP:
		o->rotate_keep = (unsigned int)eh_arg_u64("--rotate-keep", arg, 1,
							  EH_ROTATE_KEEP_MAX, "a number of files");
		return 0;
	case ARGP_KEY_END:
		if (o->rotate_size && !o->path)
			eh_usage_error("--rotate-size rotates the file of --output: give --output");
		if (o->rotate_keep && !o->rotate_size)
			eh_usage_error("--rotate-keep is for --rotate-size (rotated by logrotate, "
				       "the file keeps its own count)");
		if (!o->rotate_keep)
			o->rotate_keep = EH_ROTATE_KEEP_DEFAULT;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_output_file_argp = { options, parse, NULL, NULL, NULL, NULL, NULL };
