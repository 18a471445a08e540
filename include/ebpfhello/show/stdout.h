/* SPDX-License-Identifier: MIT */
/*
 * stdout's own writer (cmd/core/show/stdout.c), below the output API
 * (output.h): where records go, every flush checked, the first error kept,
 * a reader that went away (EPIPE) told apart, and the check at exit.
 */
#ifndef EBPFHELLO_STDOUT_H
#define EBPFHELLO_STDOUT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Flushes stdout.  Returns 0, -EPIPE when the reader went away (SIGPIPE is
 * ignored), or another negative errno (kept for out_error()).
 */
int out_flush(void);
/* the first write error other than EPIPE, as a positive errno; 0: none */
int out_error(void);
/* marks the output failed (stdout closed at start: EBADF) */
void out_set_error(int err);
/* forgets it (the output goes elsewhere now) */
void out_clear_error(void);
/* where records go: stdout, unless out_init() said otherwise */
FILE *out_stream(void);
/* Records go to f from now on: for stdout, a stream through this writer is
 * returned instead; any other f (a test's) as it is. */
FILE *out_data_stream(FILE *f);
/* Records go to a writer with a flush of its own from now on (--output,
 * outfile.h): out_flush() calls flush (0 or a negative errno) instead. */
void out_set_flusher(int (*flush)(void));
/* Records go nowhere from now on (--quiet): /dev/null, and a stdout closed
 * at start is no error.  NULL (errno) if it cannot be opened. */
FILE *out_null_stream(void);
/* whether the reader went away (EPIPE) */
bool out_reader_gone(void);
/* bytes the output API could not write (EINTR, errors) */
uint64_t out_unwritten(void);
/*
 * Set from a signal handler (loop.c) when what is left to write has had its
 * time after a stop: a write to stdout blocked on a reader that stopped
 * reading gives up, and every byte after it is counted, not written.
 */
extern volatile sig_atomic_t eh_out_cut;
/*
 * Registered by main() with atexit(): a final flush of stdout, and if any
 * write failed (not EPIPE), one line on stderr naming the error and exit
 * status 1, as coreutils' close_stdout() does.
 */
void eh_out_exit_check(void);
/* the name that message starts with ("ebpfhello count-uid") */
void out_set_prog_name(const char *name);

#endif
