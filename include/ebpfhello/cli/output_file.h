/* SPDX-License-Identifier: MIT */
/*
 * The streaming commands' --output FILE, --rotate-size SIZE and
 * --rotate-keep N (cmd/core/cli/output_file.c): records appended to a file
 * as NDJSON with sequence numbers, for a log collector (show/outfile.h
 * writes it; the runner opens it and reopens it on SIGHUP).
 */
#ifndef EBPFHELLO_OUTPUT_FILE_H
#define EBPFHELLO_OUTPUT_FILE_H

#include <argp.h>
#include <stdint.h>

#define EH_ROTATE_KEEP_DEFAULT	5
#define EH_ROTATE_KEEP_MAX	1000
#define EH_ROTATE_SIZE_MIN	4096

struct eh_output_file_opts {
	const char *path;		/* NULL: records go to stdout */
	uint64_t rotate_size;		/* bytes; 0: rotated by others (SIGHUP) */
	unsigned int rotate_keep;
};

extern struct eh_output_file_opts eh_output_file_opts;
extern const struct argp eh_output_file_argp;

#endif
