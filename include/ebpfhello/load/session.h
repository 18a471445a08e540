/* SPDX-License-Identifier: MIT */
/*
 * A subcommand's BPF object, from open to detach, with the attach fallback
 * chain (cmd/core/load/session.c): the one module that opens, chooses a
 * mode, attaches, falls back and closes; the mode table (attach.h) is data
 * it reads, and one attempt of a mode is attempt.h's:
 *
 *   open -> settings into .rodata -> choose programs -> load
 *        -> (loaded hook: fill maps) -> attach (companions first)
 *
 * An object offers one program per attach mode, named by its section (the
 * table in attach.h).  eh_session_attach() walks the modes asked for (one,
 * or auto's chain), skips those the probes rule out, and for each one left
 * opens a fresh object with only that mode's programs set to load, loads
 * and attaches it.  The first that works wins; a failed attempt is torn
 * down completely before the next, so nothing half-attached is ever left.
 */
#ifndef EBPFHELLO_SESSION_H
#define EBPFHELLO_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/load/attach.h>
#include <ebpfhello/load/modes.h>

struct bpf_object;
struct bpf_object_skeleton;
struct bpf_program;
struct eh_syscall;

struct eh_tried {
	const struct eh_mode *mode;
	char why[256];
};

struct eh_session {
	/* --- set by the subcommand (the syscalls and mode through cli/opts.h) --- */
	const struct eh_syscall *sys[EH_MAX_SYSCALLS];
	int nr_sys;			/* 0: every syscall */
	const struct eh_mode *mode;	/* --attach; NULL: auto */
	/* the command's BPF object, for the modes it offers (auto's chain
	 * passes over the others); NULL: every mode is tried */
	eh_elf_fn elf;
	/* EH_ENTRY (0 means it too), EH_EXIT or both: where in the syscall
	 * the programs run; modes without a side asked for are passed over */
	unsigned int sides;
	/* Sides attached too where the mode tried has them, never a reason
	 * to pass a mode over (events completes at a syscall's exit what its
	 * entry could not read).  The command has programs there. */
	unsigned int extra_sides;
	struct eh_task_filter filter;	/* --pid, --uid, --comm */
	bool quiet;			/* no error line on failure (features) */
	/* --calls (cli/session_args.h): every call at a syscall's entry, so
	 * auto passes over the exec event, which sees successful execs only */
	bool calls;
	/* Opens the skeleton: EH_SESSION_BIND() it, write the subcommand's
	 * own .rodata and map sizes.  0 or a negative errno. */
	int (*open)(struct eh_session *s);
	/* optional: after load, before attach (e.g. fill a prog array) */
	int (*loaded)(struct eh_session *s);
	/* Set by open, which knows s->chosen and s->attached_sides: programs of
	 * any section loaded and attached beside the mode's, before them, by
	 * libbpf from their section (events' exec event, completing what a
	 * syscall entry could not read). */
	struct bpf_program *companions[EH_MAX_COMPANIONS];
	int nr_companions;

	/* --- set by open (EH_SESSION_BIND) --- */
	void *skel;
	/* loaded through the skeleton, so that skel->bss maps the kernel's copy */
	struct bpf_object_skeleton *skeleton;
	struct bpf_object *obj;
	struct eh_config *cfg;

	/* --- set by eh_session_attach --- */
	const struct eh_mode *chosen;
	/* where it is attached (eh_attempt.point) */
	char point[EH_POINT_LEN];
	struct eh_tried tried[EH_MAX_MODES];	/* modes passed over, and why */
	int nr_tried;
	double attach_seconds;		/* open to attached, the winning attempt */
	/* the sides the attempt under way attaches (its a.sides, known to
	 * open): sides, and those of extra_sides the mode has */
	unsigned int attached_sides;
	/* the attempt under way, then the one that won: its programs, links */
	struct eh_attempt a;
};

/* Binds a just-opened skeleton sk to session s (in an open hook). */
#define EH_SESSION_BIND(s, sk)					\
	do {							\
		(s)->skel = (sk);				\
		(s)->skeleton = (sk)->skeleton;			\
		(s)->obj = (sk)->obj;				\
		(s)->cfg = &(sk)->rodata->eh_cfg;		\
	} while (0)

static inline enum eh_scope eh_session_scope(const struct eh_session *s)
{
	return s->nr_sys ? EH_SCOPE_NAMED : EH_SCOPE_ALL;
}

/*
 * What the session sees, once attached (count-uid and trace say it: their
 * answer's meaning depends on it).  The exec event (a mode that is
 * exec_only) sees successful execs, execve and execveat alike; every other
 * mode a syscall's entry, so every call, failed ones included, as the
 * book's kprobe did.  s->calls (--calls) takes the exec event out of
 * auto's chain, so that the answer is calls on every kernel.
 *
 *   eh_session_counts()    "successful execs" or "calls" (the JSON field)
 *   eh_session_describe()  a phrase for the text: "every execve call,
 *                          failed ones included"
 *   eh_session_say()       text mode: a line of it, between before and after
 */
const char *eh_session_counts(const struct eh_session *s);
void eh_session_describe(const struct eh_session *s, char *buf, size_t len);
void eh_session_say(const struct eh_session *s, const char *before, const char *after);

/*
 * Attaches by s->mode (NULL: auto's chain).  On failure prints one line
 * naming every mode tried and why (unless quiet), and returns a negative
 * errno; nothing is left loaded.
 */
int eh_session_attach(struct eh_session *s);
/* Detaches and destroys everything; safe to call twice. */
void eh_session_close(struct eh_session *s);

/* libbpf's messages: shown with --verbose, otherwise kept so that an error
 * line can quote the last warning. */
void eh_libbpf_log_setup(void);

#endif
