/* SPDX-License-Identifier: MIT */
/*
 * What the rest of the program asks of the attach mode table (attach.h),
 * every answer read from it (cmd/core/load/modes.c): names and help, both
 * fallback chains, what a mode lacks, the modes a BPF object offers, and
 * what a section is for.
 */
#ifndef EBPFHELLO_MODES_H
#define EBPFHELLO_MODES_H

#include <stdbool.h>
#include <stddef.h>

#include <ebpfhello/load/attach.h>

struct bpf_object;

size_t eh_mode_count(void);
/* in table order, which is the chain for named syscalls */
const struct eh_mode *eh_mode_at(size_t i);
size_t eh_mode_index(const struct eh_mode *m);
const struct eh_mode *eh_mode_by_name(const char *name);
/* "auto" for NULL */
const char *eh_mode_name(const struct eh_mode *m);
/* it sees execve and execveat only (the exec event) */
bool eh_mode_exec_only(const struct eh_mode *m);
const char *eh_mode_help(const struct eh_mode *m);
/* Why m cannot serve these sides in this scope, from the table; NULL: it can. */
const char *eh_mode_lacks(const struct eh_mode *m, enum eh_scope scope, unsigned int sides);

/* The fallback chain of auto for a scope: fills out, returns how many. */
size_t eh_mode_chain(enum eh_scope scope, const struct eh_mode **out);

/*
 * The modes an object has programs for: bit eh_mode_index(m) is set when
 * it has them for every side in sides (0: the entry side) in scope (in
 * either scope, when scope is EH_SCOPE__COUNT).
 */
unsigned int eh_modes_offered(struct bpf_object *obj, enum eh_scope scope, unsigned int sides);
/* A command's BPF object, as its ELF bytes (cmd_<id>_elf(), cmd.h). */
typedef const void *(*eh_elf_fn)(size_t *size);
/* The same for the object elf gives (only its ELF is parsed); 0 for none. */
unsigned int eh_elf_modes(eh_elf_fn elf, enum eh_scope scope, unsigned int sides);
/* "kprobe, fentry, exec" for a mask of eh_modes_offered(); returns buf */
const char *eh_modes_list(unsigned int mask, const char *sep, char *buf, size_t len);

/*
 * What a section is for: "kprobe", "tail-call target", "companion" (attached
 * beside any mode, off unless asked for); NULL: nothing known.
 * scope and side (either may be NULL) say where it serves; *scope is
 * EH_SCOPE__COUNT when it serves both.
 */
const char *eh_section_role(const char *sec, enum eh_scope *scope, enum eh_side *side);

#endif
