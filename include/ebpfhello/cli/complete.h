/* SPDX-License-Identifier: MIT */
/*
 * Shell completion, answered by the program itself (cmd/core/cli/complete.c):
 *
 *   ebpfhello __complete WORD... CURRENT   candidates, one per line
 *   ebpfhello __completion bash|zsh|fish   the script for that shell
 *
 * Each takes the commands it completes and the hidden command's arguments
 * (argv[0] is its own name); returns the exit status.
 */
#ifndef EBPFHELLO_COMPLETE_H
#define EBPFHELLO_COMPLETE_H

#include <ebpfhello/cli/command.h>

int eh_cmd_complete(const struct eh_cmds *cmds, int argc, char **argv);
int eh_cmd_completion(const struct eh_cmds *cmds, int argc, char **argv);

#endif
