/* SPDX-License-Identifier: MIT */
/*
 * One attempt to attach an object by one mode of the table
 * (cmd/core/load/attempt.c), in the order the session (session.h) calls
 * it: usable() says whether the mode can work here for what is asked
 * (why not, in why); select() picks and prepares the programs of every side
 * asked for, and writes the filters into .rodata, before load; attach()
 * makes the links after load and writes a->point.  0 or a negative errno.
 */
#ifndef EBPFHELLO_ATTEMPT_H
#define EBPFHELLO_ATTEMPT_H

#include <stdbool.h>
#include <stddef.h>

#include <ebpfhello/load/attach.h>

bool eh_attempt_usable(const struct eh_mode *m, struct eh_attempt *a, char *why, size_t len);
int eh_attempt_select(const struct eh_mode *m, struct eh_attempt *a);
int eh_attempt_attach(const struct eh_mode *m, struct eh_attempt *a);

#endif
