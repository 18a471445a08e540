/* SPDX-License-Identifier: MIT */
/*
 * A subcommand's BPF lifecycle, with the attach fallback chain:
 *
 *   open  -> write settings into .rodata -> choose programs -> load
 *         -> (loaded hook: fill maps) -> attach
 *
 * A BPF object offers one program per way of attaching; the section name
 * says which (see below).  eh_session_attach() walks the modes this target
 * allows, skips those the probes rule out, and for each remaining one opens
 * a fresh object with only that mode's programs set to load, loads and
 * attaches it.  The first that works wins; a failed attempt is torn down
 * completely before the next, so nothing half-attached is ever left.
 *
 *   section                              mode        attached to
 *   "kprobe" / "ksyscall"                kprobe      each syscall's kernel function
 *   "fentry" (EH_MAX_FENTRY of them)     fentry      one syscall each
 *   "raw_tp/sched_process_exec"          exec        the exec event (execve, execveat)
 *   "tracepoint"                         tracepoint  syscalls:sys_enter_<name>, each
 *   "tracepoint/raw_syscalls/sys_enter"  tracepoint  every syscall (no --syscall)
 *   "raw_tp/sys_enter"                   raw_tp      every syscall, ids filtered in BPF
 *   "tp_btf/sys_enter"                   tp_btf      every syscall, ids filtered in BPF
 *
 * Other programs (tail-call targets) are loaded as they are and not attached.
 */
#ifndef EBPFHELLO_SESSION_H
#define EBPFHELLO_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/bpf_config.h>
#include <ebpfhello/loop.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/syscalls.h>

struct bpf_object;
struct bpf_object_skeleton;
struct bpf_link;

#define EH_MAX_SYSCALLS 64

struct eh_session {
	/* --- set by the subcommand --- */
	const struct eh_syscall *sys[EH_MAX_SYSCALLS];
	int nr_sys;			/* 0: every syscall */
	enum eh_attach_mode mode;	/* what --attach asked for */
	bool quiet;			/* no error line on failure (features) */
	/* Opens the skeleton: sets skel, skeleton, obj and cfg
	 * (&skel->rodata->eh_cfg) and writes the subcommand's own .rodata.
	 * 0 or a negative errno. */
	int (*open)(struct eh_session *s);
	/* optional: after load, before attach (e.g. fill a prog array) */
	int (*loaded)(struct eh_session *s);
	/* destroys the skeleton */
	void (*close)(struct eh_session *s);
	void *ctx;			/* the subcommand's own state */

	/* --- set by open --- */
	void *skel;
	/* loaded through the skeleton so that skel->bss maps the kernel's copy */
	struct bpf_object_skeleton *skeleton;
	struct bpf_object *obj;
	struct eh_config *cfg;

	/* --- set by eh_session_attach --- */
	enum eh_attach_mode chosen;
	char point[160];		/* e.g. "kprobe __x64_sys_execve" */
	char tried[512];		/* "fentry: <why>; ..." for modes that failed */
	struct bpf_link *links[EH_MAX_SYSCALLS];
	int nr_links;
	double attach_ms;		/* open to attached, the winning attempt */
	bool open_ok;
};

/* Binds a just-opened skeleton sk to session s (in an open hook). */
#define EH_SESSION_BIND(s, sk)					\
	do {							\
		(s)->skel = (sk);				\
		(s)->skeleton = (sk)->skeleton;			\
		(s)->obj = (sk)->obj;				\
		(s)->cfg = &(sk)->rodata->eh_cfg;		\
	} while (0)

/*
 * Adds the syscalls named in list ("execve", "openat,write", "timer_*") to
 * s->sys; an unknown name is a usage error naming it (exit 2).
 */
void eh_session_add_syscalls(struct eh_session *s, const char *list);

/*
 * Attaches by s->mode (auto: the chain).  On failure prints one line that
 * names every mode tried and why, and returns a negative errno; nothing is
 * left loaded.
 */
int eh_session_attach(struct eh_session *s);
/* Detaches and destroys everything; safe to call twice. */
void eh_session_close(struct eh_session *s);

/*
 * How every command starts: output mode (--json), libbpf's log, the event
 * loop, the privilege check, then eh_session_attach().  Prints its own
 * one-line error; 0 or a negative errno.
 */
int eh_session_start(struct eh_session *s, struct eh_loop *l);
/*
 * How every command ends, on every path: says why the loop failed if it
 * did, detaches everything, closes the loop.  err is the caller's error
 * (0 if none); returns the exit status.
 */
int eh_session_finish(struct eh_session *s, struct eh_loop *l, int err);

struct eh_sampler;
struct eh_counts;
/*
 * The run of a counting command: every --interval, a sample of the
 * sampler's map goes to show(counts, false), until --count intervals,
 * --duration, Ctrl-C or SIGTERM; then, unless --count ended it, one last
 * sample goes to show(counts, true) so nothing counted since the last
 * interval is lost (none when the reader went away: l->stop is then
 * EH_STOP_EPIPE and no summary should follow).
 */
struct eh_intervals {
	struct eh_sampler *sampler;
	void (*show)(const struct eh_counts *c, bool final);
	uint64_t n;		/* intervals shown so far */
};
/* 0 or a negative errno, already reported */
int eh_session_run_intervals(struct eh_loop *l, struct eh_intervals *iv);

/* Starts a "meta" JSON record with what is common (the caller adds its own
 * fields and calls out_end()); in text mode tells stderr how it attached. */
void eh_session_meta_begin(const struct eh_session *s);

/*
 * The summary record every run ends with: begin, the caller's own fields,
 * end (which adds the duration and what stopped it, and flushes).  Text
 * mode prints it as one "# summary: ..." line.
 */
void eh_summary_begin(void);
void eh_summary_end(const struct eh_loop *l);

/* libbpf's messages: shown with --verbose, otherwise only kept so that an
 * error line can quote the last warning. */
void eh_libbpf_log_setup(void);
const char *eh_libbpf_last_warning(void);

#endif
