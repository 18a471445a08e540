/* SPDX-License-Identifier: MIT */
/*
 * --explain's start block (cmd/core/run/explain_start.c): one "explain"
 * record after the meta record, before the first record of output.  Each
 * program loaded (type, id, tag, its links and what they attach to, sizes
 * translated and JIT-ed, memory, the instructions the verifier processed,
 * its maps), each map (type, key and value with their BTF types, size,
 * flags, memory, which programs use it; a prog array's or a map of maps'
 * slots), the event buffer, how the attach mode was chosen, and whether
 * run-time statistics are on; each with its meaning in the book.  Text
 * fits 80 columns.
 */
#ifndef EBPFHELLO_EXPLAIN_START_H
#define EBPFHELLO_EXPLAIN_START_H

struct eh_explain;

void eh_explain_start(struct eh_explain *x);

#endif
