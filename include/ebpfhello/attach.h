/* SPDX-License-Identifier: MIT */
/*
 * The attach modes, as one table (cmd/core/attach.c).  For each mode: its
 * name and one-line help, the SEC() of the programs that implement it for
 * each scope, the kernel feature it needs, and how it attaches and names
 * its attach point.  Everything else is derived from the table: both
 * fallback chains, --attach's help, values and errors, the modes each
 * command offers (read from its BPF object's sections), the rows of
 * `features`, the man pages and the completions.
 *
 * Adding a mode is an entry in the table plus, in each bpf/<name>.bpf.c
 * that should offer it, a program in its section.
 */
#ifndef EBPFHELLO_ATTACH_H
#define EBPFHELLO_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_object;
struct eh_cmd;
struct eh_session;

/* What a session asks for. */
enum eh_scope {
	EH_SCOPE_NAMED = 0,	/* the syscalls the session names */
	EH_SCOPE_ALL,		/* every syscall */
	EH_SCOPE__COUNT,
};

/* Sections loaded as they are and never attached: tail-call targets. */
#define EH_SEC_TAIL_TARGET	"raw_tp"

#define EH_MAX_MODES		8

struct eh_mode;

size_t eh_mode_count(void);
/* in table order, which is the chain for named syscalls */
const struct eh_mode *eh_mode_at(size_t i);
size_t eh_mode_index(const struct eh_mode *m);
const struct eh_mode *eh_mode_by_name(const char *name);
/* "auto" for NULL */
const char *eh_mode_name(const struct eh_mode *m);
const char *eh_mode_help(const struct eh_mode *m);

/* The fallback chain of auto for a scope: fills out, returns how many. */
size_t eh_mode_chain(enum eh_scope scope, const struct eh_mode **out);

/*
 * The modes an object has programs for: bit eh_mode_index(m) is set when
 * it serves scope (or either scope, when scope is EH_SCOPE__COUNT).
 */
unsigned int eh_modes_offered(struct bpf_object *obj, enum eh_scope scope);
/* The same for a command, from its embedded object; 0 when it has none. */
unsigned int eh_cmd_modes(const struct eh_cmd *c, enum eh_scope scope);
/* "kprobe, fentry, exec" for a mask of eh_modes_offered(); returns buf */
const char *eh_modes_list(unsigned int mask, const char *sep, char *buf, size_t len);

/* What a section is for: "kprobe", "tail-call target"; NULL: nothing known. */
const char *eh_section_role(const char *sec, enum eh_scope *scope);

/*
 * For session.c: one attempt of mode m on the session's freshly opened
 * object.  usable() says whether it can work here (why not, in why);
 * select() picks and prepares the programs before load; attach() makes
 * the links after load and writes s->point.  0 or a negative errno.
 */
bool eh_mode_usable(const struct eh_mode *m, struct eh_session *s, char *why, size_t len);
int eh_mode_select(const struct eh_mode *m, struct eh_session *s);
int eh_mode_attach(const struct eh_mode *m, struct eh_session *s);

#endif
