/* SPDX-License-Identifier: MIT */
/*
 * A loaded session's programs as the kernel translated them
 * (cmd/core/run/xlated.c), for `ebpfhello source --xlated`: each program's
 * instructions as the kernel holds them after verifying and rewriting
 * them (what bpftool prog dump xlated shows), each run of them under the
 * source line it comes from (the BTF line info libbpf passed at load,
 * which the kernel kept and moved with the rewrites: what the verifier
 * actually saw), helpers named from /proc/kallsyms, maps by id and name.
 */
#ifndef EBPFHELLO_XLATED_H
#define EBPFHELLO_XLATED_H

#include <stdbool.h>

struct eh_session;

/* source --xlated: the next run (run.c), once attached, prints its
 * programs instead of running: the command's own loading, shown */
void eh_xlated_instead(void);
bool eh_xlated_asked(void);

/* Text on stdout (output.h).  0 or a negative errno (a message said it). */
int eh_xlated_print(const struct eh_session *s);

#endif
