/* SPDX-License-Identifier: MIT */
/*
 * What the user asks of a command's session (load/session.h), checked as
 * usage before anything loads (cmd/core/cli/session_args.c): the syscalls
 * (--syscall, or a command's own list) and the attach mode (--attach).
 */
#ifndef EBPFHELLO_SESSION_ARGS_H
#define EBPFHELLO_SESSION_ARGS_H

#include <ebpfhello/load/session.h>

/*
 * Adds the syscalls named in list ("execve", "openat,write", "timer_*") to
 * s->sys; an unknown name is a usage error naming it (exit 2).
 */
void eh_args_syscalls(struct eh_session *s, const char *list);

/*
 * After parsing (and setting s->sides): takes --attach into s->mode and
 * checks that this command offers that mode for what the session asks, its
 * scope and sides (a usage error otherwise, saying why).
 */
void eh_args_attach(struct eh_session *s);

#endif
