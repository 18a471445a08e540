/* SPDX-License-Identifier: MIT */
/*
 * The stop signals, for the event loop (loop.c) alone: SIGINT, SIGTERM,
 * SIGHUP (unless it reopens --output's file) and SIGALRM (--duration's end, then the final-write deadline) set
 * a flag and wake the loop through a pipe.  The first stop arms the
 * final-write deadline (docs/exit-status.md): 0.5 s later, or at a second
 * stop signal, stdout is cut (eh_out_cut, stdout.c).
 */
#ifndef EBPFHELLO_SIGNALS_H
#define EBPFHELLO_SIGNALS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* At start-up: the handlers, signals blocked until a loop runs; SIGPIPE ignored. */
void eh_signals_setup(void);
/* a new run: no signal, no stop yet; SIGALRM from *timer (made here), the
 * handler writes a byte to wake_fd (it owns it from now on) */
int eh_signals_arm(timer_t *timer, int wake_fd);
/* lets the stop signals in (they are held while programs load) */
void eh_signals_let_in(void);
/* --output: from now on SIGHUP is no stop but asks for the file to be
 * reopened (logrotate's postrotate), see eh_signals_take_reopen() */
void eh_signals_hup_reopens(void);
/* whether a SIGHUP asked to reopen since the last call */
bool eh_signals_take_reopen(void);
/* the stop signal that came since the last call, or 0 */
int eh_signals_take(void);
/* a stop the loop found itself (--count, a closed pipe...): arms the
 * final-write deadline, unless a signal did */
void eh_signals_deadline(int64_t ns);
/* the end of the run: the timer and the wake fd are gone */
void eh_signals_disarm(void);

#endif
