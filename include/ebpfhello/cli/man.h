/* SPDX-License-Identifier: MIT */
/*
 * The man pages, written by the program itself from the command table, the
 * argp options and the attach mode table (cmd/core/cli/man.c):
 *
 *   ebpfhello __man DIR    DIR/ebpfhello.8 and DIR/ebpfhello-<command>.8
 */
#ifndef EBPFHELLO_MAN_H
#define EBPFHELLO_MAN_H

#include <ebpfhello/cli/command.h>

int eh_cmd_man(const struct eh_cmds *list, int argc, char **argv);

#endif
