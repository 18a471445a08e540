/* SPDX-License-Identifier: MIT */
/*
 * --output FILE (cmd/core/show/outfile.c): records appended to a file as
 * NDJSON, each with a sequence number ("seq"), for a log collector that
 * must be able to prove it has everything (docs/json.md, "Event logs").
 *
 * The output API (output.c) writes a record into the stream this module
 * hands out; the bytes wait in a batch, written with one write(2) when the
 * loop flushes (out_flush()) or the batch is large.  A batch is written
 * whole or not at all (a failed write is cut off again with ftruncate): the
 * records it held are a gap, and every gap is declared by a record of its
 * own, so that the sequence numbers in the file are contiguous but for
 * declared gaps:
 *
 *   "lost"        records the kernel could not queue (seq numbers reserved
 *                 with out_file_skip() when the loss is seen)
 *   "unwritten"   records whose write failed (a full disk, an I/O error)
 *
 * both with first_seq and count.  A declaration that cannot be written
 * either is declared again later.  SIGHUP reopens the file (logrotate's
 * postrotate); --rotate-size rotates it here (FILE.1 ... FILE.<keep>).
 */
#ifndef EBPFHELLO_OUTFILE_H
#define EBPFHELLO_OUTFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum eh_gap_kind { EH_GAP_LOST, EH_GAP_UNWRITTEN };

/* Opens path to append to (created 0640); rotate_size 0: no rotation
 * here.  0, or a negative errno once the line saying why is out. */
int out_file_open(const char *path, uint64_t rotate_size, unsigned int rotate_keep);
bool out_file_active(void);
const char *out_file_path(void);
/* the stream records are written into */
FILE *out_file_stream(void);
/* A record begins: its sequence number. */
uint64_t out_file_begin(void);
/* The record is complete (rotates before it if it would not fit). */
void out_file_end(void);
/* n records the kernel lost: their sequence numbers, reserved; the next
 * record declares them ("lost").  Returns the first. */
uint64_t out_file_skip(uint64_t n);
/* A gap that must be declared before the next record: true, and what it is
 * (marked declared by the record that begins next). */
bool out_file_gap(enum eh_gap_kind *kind, uint64_t *first, uint64_t *count);
/* Writes the batch.  A failure is a gap, not a stop: always 0. */
int out_file_flush(void);
/* SIGHUP: the batch goes to the file open now, then the path is opened
 * anew (the old name was rotated away).  A failure keeps the old file. */
void out_file_reopen(void);
/* records that could not be written, so far */
uint64_t out_file_unwritten(void);
/* Flushes and closes.  0, or 1 after the line saying what could not be
 * written (the exit status is 1 then). */
int out_file_close(void);

#endif
