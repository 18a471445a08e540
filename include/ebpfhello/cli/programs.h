/* SPDX-License-Identifier: MIT */
/*
 * `ebpfhello __programs` (cmd/core/cli/programs.c): every program of every
 * command's BPF object, with the attach mode its section stands for, one
 * per line (tab-separated: command, program, section, role).  A section no
 * mode knows (a typo) would make a program that is never chosen: exit 1.
 */
#ifndef EBPFHELLO_PROGRAMS_H
#define EBPFHELLO_PROGRAMS_H

#include <ebpfhello/cli/command.h>

int eh_cmd_programs(const struct eh_cmds *cmds, int argc, char **argv);

#endif
