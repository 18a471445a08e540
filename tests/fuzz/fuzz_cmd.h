/* SPDX-License-Identifier: MIT */
/*
 * The doors cmd_wrap.c.in opens into each command's file: put its static
 * settings back as they were before any parse, and (events, tail) decode
 * one record from the event buffer.
 */
#ifndef EBPFHELLO_FUZZ_CMD_H
#define EBPFHELLO_FUZZ_CMD_H

#include <stddef.h>

#include <ebpfhello/cmd.h>

struct eh_run;

#define EH_FUZZ_DECLARE(id, name, summary) void eh_fuzz_reset_##id(void);
EH_COMMANDS(EH_FUZZ_DECLARE)
EH_TOOLS(EH_FUZZ_DECLARE)
#undef EH_FUZZ_DECLARE

int eh_fuzz_record_events(struct eh_run *r, const void *data, size_t size);
int eh_fuzz_record_tail(struct eh_run *r, const void *data, size_t size);

#endif
