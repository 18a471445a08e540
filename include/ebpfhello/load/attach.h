/* SPDX-License-Identifier: MIT */
/*
 * The attach modes, as one table of data (cmd/core/load/attach.c), and
 * what each mode's functions see of an attempt to attach by it.  Everything
 * else is read from the table: both fallback chains and what the rest of
 * the program asks of it (modes.h), one attempt (attempt.h), the session
 * that walks the chain (session.h), --attach's help, values and errors,
 * the rows of `features`, `ebpfhello __programs`, the man pages and the
 * completions.
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
 * A session asks for the sides it needs (EH_ENTRY, the default, EH_EXIT,
 * or both).  A mode serves it only if the table has a section for every
 * side asked for, in the session's scope, and the command's object has
 * programs there.  Asking for the exit side (a failed exec's errno, a
 * syscall's latency) so takes the modes without one out of auto's chain,
 * with the reason in the fallbacks, and out of --attach's choices; nothing
 * else needs to know.  Both sides of one session always attach through the
 * same mode.
 *
 * Adding a mode is an entry in the table plus, in each bpf/<name>.bpf.c
 * that should offer it, a program in its sections (docs/development.md).
 */
#ifndef EBPFHELLO_ATTACH_H
#define EBPFHELLO_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/host/probe.h>

struct bpf_link;
struct bpf_object;
struct bpf_program;
struct eh_syscall;

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

/* masks of sides (0 means EH_ENTRY) */
#define EH_ENTRY	(1u << EH_SIDE_ENTRY)
#define EH_EXIT		(1u << EH_SIDE_EXIT)

/* Sections loaded as they are and never attached: tail-call targets. */
#define EH_SEC_TAIL_TARGET	"raw_tp"
/* attached only beside a mode's programs, whatever the mode (events' process end) */
#define EH_SEC_COMPANION	"raw_tp/sched_process_exit"

#define EH_MAX_MODES		8
#define EH_MAX_SYSCALLS		64
/* programs a session attaches beside the mode's (session.h) */
#define EH_MAX_COMPANIONS	2
/* a link per syscall and side at most (kprobe and kretprobe), and the
 * companions' */
#define EH_MAX_LINKS		(2 * EH_MAX_SYSCALLS + EH_MAX_COMPANIONS)
#define EH_POINT_LEN		256

/* --pid, --uid, --comm, and a cgroup (--cgroup, --unit, --container):
 * which tasks the programs keep (bpf/common.bpf.h) */
struct eh_task_filter {
	bool has_pid, has_uid, has_comm, has_cgroup;
	uint32_t pid, uid;
	char comm[EH_COMM_LEN];
	int cgroup_fd;			/* the cgroup, open, for eh_cgroup[0] */
};

/* One attempt to attach an object by one mode: what the mode's functions see. */
struct eh_attempt {
	/* what is asked: the syscalls (none: every one), the sides, the filter */
	const struct eh_syscall *const *sys;
	int nr_sys;
	unsigned int sides;
	const struct eh_task_filter *filter;
	/* the freshly opened object, and its settings in .rodata */
	struct bpf_object *obj;
	struct eh_config *cfg;
	/* the mode's programs, for each side */
	struct bpf_program *progs[EH_SIDE__COUNT][EH_MAX_FENTRY];
	int nr_progs[EH_SIDE__COUNT];
	/* what was attached, and where: "kprobe __x64_sys_openat, __x64_sys_write";
	 * both sides: "raw_tp sys_enter + raw_tp sys_exit" */
	struct bpf_link *links[EH_MAX_LINKS];
	int nr_links;
	char point[EH_POINT_LEN];
};

/* the sides asked for (0 means the entry side) */
static inline unsigned int eh_sides(unsigned int sides)
{
	return sides ? sides : EH_ENTRY;
}

static inline enum eh_scope eh_attempt_scope(const struct eh_attempt *a)
{
	return a->nr_sys ? EH_SCOPE_NAMED : EH_SCOPE_ALL;
}

/* A row of the table. */
struct eh_mode {
	const char *name;
	const char *help;
	/* the programs' section for each side and scope; NULL: not served */
	const char *sec[EH_SIDE__COUNT][EH_SCOPE__COUNT];
	/* why the exit side is missing, where it is */
	const char *no_exit;
	enum eh_feature needs;		/* EH_FEAT__COUNT: nothing to probe */
	int all_rank;			/* place in the every-syscall chain; 0: none */
	bool exec_only;			/* named scope: execve and execveat only */
	bool ids_in_bpf;		/* runs on every syscall: ids filtered in BPF */
	bool per_syscall_copies;	/* one program per syscall (fentry, fexit) */
	/* optional: what else must hold here */
	bool (*usable)(struct eh_attempt *a, char *why, size_t len);
	/* optional: before load, after autoload is set */
	int (*prepare)(struct eh_attempt *a, enum eh_side side);
	/* the links of one side; writes what it attached to into point */
	int (*attach)(struct eh_attempt *a, enum eh_side side, char *point, size_t len);
};

/* The table, in auto's order for named syscalls. */
extern const struct eh_mode eh_modes[];
extern const size_t eh_nr_modes;

#endif
