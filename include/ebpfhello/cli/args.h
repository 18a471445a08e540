/* SPDX-License-Identifier: MIT */
/*
 * argp_parse() for a subcommand (cmd/core/cli/args.c), with argp's
 * complaints in our words: one line naming the option refused, escaped and
 * cut, exit status 2.
 */
#ifndef EBPFHELLO_ARGS_H
#define EBPFHELLO_ARGS_H

#include <argp.h>

/* returns only when the options are good */
void eh_argp_parse(const struct argp *argp, int argc, char **argv);

#endif
