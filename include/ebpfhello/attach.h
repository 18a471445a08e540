/* SPDX-License-Identifier: MIT */
/*
 * The attach modes, as one table (cmd/core/attach.c; what is asked of it
 * in cmd/core/modes.c).  For each mode: its name and one-line help, the
 * SEC() of the programs that implement it for each side and scope, the
 * kernel feature it needs, and how it attaches and names its attach point.
 * Everything else is derived from the table: both fallback chains,
 * --attach's help, values and errors, the modes each command offers (read
 * from its BPF object's sections), the rows of `features`, `ebpfhello
 * __programs`, the man pages and the completions.
 *
 * Sides.  A program runs at a syscall's entry (where its arguments are) or
 * at its exit (where its result is).  Each mode names, beside its entry
 * section, an exit section per scope, the same way the kernel pairs them:
 *
 *   mode        scope   entry section                       exit section
 *   kprobe      named   ksyscall                            kretsyscall
 *   fentry      named   fentry (a copy per syscall)         fexit (a copy per syscall)
 *   exec        named   raw_tp/sched_process_exec           none: it sees successful
 *                                                           execs only, never a result
 *   tracepoint  named   tracepoint (sys_enter_<name>)       tracepoint/syscalls/sys_exit
 *                                                           (attached to sys_exit_<name>)
 *               every   tracepoint/raw_syscalls/sys_enter   tracepoint/raw_syscalls/sys_exit
 *   raw_tp      both    raw_tp/sys_enter                    raw_tp/sys_exit
 *   tp_btf      both    tp_btf/sys_enter                    tp_btf/sys_exit
 *
 * A session asks for the sides it needs (eh_session.sides: EH_ENTRY, the
 * default, EH_EXIT, or both).  A mode serves it only if the table has a
 * section for every side asked for, in the session's scope, and the
 * command's object has programs there.  Asking for the exit side (a failed
 * exec's errno, a syscall's latency) so takes the modes without one out of
 * auto's chain, with the reason in the fallbacks, and out of --attach's
 * choices; nothing else needs to know.  Both sides of one session always
 * attach through the same mode.
 *
 * Adding a mode is an entry in the table plus, in each bpf/<name>.bpf.c
 * that should offer it, a program in its sections.
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

/* Where in a syscall a program runs. */
enum eh_side {
	EH_SIDE_ENTRY = 0,	/* its arguments */
	EH_SIDE_EXIT,		/* its result */
	EH_SIDE__COUNT,
};

/* masks of sides, for eh_session.sides (0 means EH_ENTRY) */
#define EH_ENTRY	(1u << EH_SIDE_ENTRY)
#define EH_EXIT		(1u << EH_SIDE_EXIT)

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
/* The same for a command, from its embedded object; 0 when it has none. */
unsigned int eh_cmd_modes_sides(const struct eh_cmd *c, enum eh_scope scope, unsigned int sides);
/* ... for the entry side */
unsigned int eh_cmd_modes(const struct eh_cmd *c, enum eh_scope scope);
/* "kprobe, fentry, exec" for a mask of eh_modes_offered(); returns buf */
const char *eh_modes_list(unsigned int mask, const char *sep, char *buf, size_t len);

/*
 * What a section is for: "kprobe", "tail-call target"; NULL: nothing known.
 * scope and side (either may be NULL) say where it serves; *scope is
 * EH_SCOPE__COUNT when it serves both.
 */
const char *eh_section_role(const char *sec, enum eh_scope *scope, enum eh_side *side);

/*
 * For session.c: one attempt of mode m on the session's freshly opened
 * object.  usable() says whether it can work here (why not, in why);
 * select() picks and prepares the programs of every side asked for before
 * load; attach() makes the links after load and writes s->point.  0 or a
 * negative errno.
 */
bool eh_mode_usable(const struct eh_mode *m, struct eh_session *s, char *why, size_t len);
int eh_mode_select(const struct eh_mode *m, struct eh_session *s);
int eh_mode_attach(const struct eh_mode *m, struct eh_session *s);

#endif
