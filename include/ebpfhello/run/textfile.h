/* SPDX-License-Identifier: MIT */
/*
 * The temporary files behind --prometheus-textfile (cmd/core/run/textfile.c).
 *
 * PATH is replaced by writing PATH.ebpfhello-<pid>.XXXXXX beside it and
 * renaming that over PATH.  A writer killed between the two (SIGKILL, a
 * crash, the machine's power) leaves its temporary file behind; the name
 * says whose it was, so the next run that writes a textfile in that
 * directory removes those whose process is gone.  A live writer's file is
 * never touched: its pid still runs, and it holds a lock on the file from
 * the moment it makes it until it is renamed.
 */
#ifndef EBPFHELLO_TEXTFILE_H
#define EBPFHELLO_TEXTFILE_H

#include <stddef.h>

/* what a temporary name adds to PATH, at most: ".ebpfhello-<pid>.XXXXXX" */
#define EH_TEXTFILE_TMP_EXTRA	40

/*
 * Makes and locks a new temporary file for path; its name goes into tmp
 * (len bytes).  The open fd, or a negative errno.
 */
int eh_textfile_tmp(const char *path, char *tmp, size_t len);

/*
 * Removes the temporary files that writers now gone left in path's
 * directory; returns how many (0 when none, or when the directory cannot
 * be read: the write that follows says why).
 */
int eh_textfile_sweep(const char *path);

#endif
