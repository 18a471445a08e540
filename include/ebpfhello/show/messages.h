/* SPDX-License-Identifier: MIT */
/*
 * Messages on stderr (cmd/core/show/messages.c): one line each, named after
 * the program and its command ("ebpfhello count-uid: ..."), every value a
 * user or a process controls quoted escaped and cut (eh_quote), and the
 * exit codes they lead to.  Usage errors exit here, with status 2.
 */
#ifndef EBPFHELLO_MESSAGES_H
#define EBPFHELLO_MESSAGES_H

#include <stdint.h>

/* exit codes */
#define EH_EXIT_OK	0
#define EH_EXIT_RUNTIME	1
#define EH_EXIT_USAGE	2

/* The command messages are named after (NULL: none chosen yet). */
void eh_set_prog_name(const char *command);
/* "ebpfhello count-uid" (or "ebpfhello" before a command is chosen) */
const char *eh_prog_name(void);

/* how many times --verbose was given */
void eh_set_verbosity(int level);
int eh_verbosity(void);

/* "ebpfhello <cmd>: invalid <opt> '<value>': expected <what>", exit 2 */
void eh_bad_value(const char *opt, const char *value, const char *what)
	__attribute__((noreturn));
/* arg as a number from min to max, or eh_bad_value(opt, arg,
 * "<what> from <min> to <max>") */
uint64_t eh_arg_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		    const char *what);
/* "ebpfhello <cmd>: <message>", exit 2 */
void eh_usage_error(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/* "ebpfhello <cmd>: <message>" on stderr; the caller exits 1 */
void eh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ebpfhello <cmd>: warning: <message>" on stderr */
void eh_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printed when --verbose was given at least level times */
void eh_verbose(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A user's value quoted in a message: escaped and cut (one static buffer per
 * slot, slot 0 or 1, so two can appear in one message). */
const char *eh_quote(const char *s, int slot);

#endif
