/* SPDX-License-Identifier: MIT */
/*
 * One map in --explain's start block (cmd/core/run/explain_maps.c): its
 * type, id, key and value (sizes, and types from the map's BTF), entries,
 * flags, memory, the programs that use it, its meaning in the book, and
 * for a prog array or a map of maps the slots filled, each with the
 * program or map it holds (a prog array indexed by syscall id: by name).
 */
#ifndef EBPFHELLO_EXPLAIN_MAPS_H
#define EBPFHELLO_EXPLAIN_MAPS_H

struct eh_explain;
struct eh_explain_map;

void eh_explain_map(const struct eh_explain *x, const struct eh_explain_map *m);

#endif
