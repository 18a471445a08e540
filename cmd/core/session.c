// SPDX-License-Identifier: MIT
/* BPF lifecycle and the attach fallback chain; see include/ebpfhello/session.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include <ebpfhello/loop.h>
#include <ebpfhello/maps.h>
#include <ebpfhello/output.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/probe.h>
#include <ebpfhello/session.h>
#include <ebpfhello/tracefs.h>

/* ---- libbpf's log --------------------------------------------------------- */

static char last_warning[256];

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	va_list copy;
	size_t n;

	/* keep the last one-line warning that says something specific: the
	 * verifier log (many lines) and the closing "failed to load object"
	 * say less than the line before them */
	if (level == LIBBPF_WARN && !strstr(fmt, "failed to load object") &&
	    !strstr(fmt, "failed to load BPF skeleton")) {
		char line[sizeof(last_warning)];

		va_copy(copy, ap);
		vsnprintf(line, sizeof(line), fmt, copy);
		if (!strncmp(line, "libbpf: ", 8))
			memmove(line, line + 8, strlen(line + 8) + 1);
		va_end(copy);
		n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n && !memchr(line, '\n', n))
			memcpy(last_warning, line, n + 1);
	}
	if (eh_opts.verbose >= 2 || (eh_opts.verbose >= 1 && level == LIBBPF_WARN))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void eh_libbpf_log_setup(void)
{
	libbpf_set_print(libbpf_log);
}

const char *eh_libbpf_last_warning(void)
{
	return last_warning;
}

/* ---- the programs an object offers --------------------------------------- */

struct candidates {
	struct bpf_program *kprobe;
	struct bpf_program *fentry[EH_MAX_FENTRY];
	int nr_fentry;
	struct bpf_program *exec;
	struct bpf_program *tp_sys;	/* syscalls:sys_enter_<name> */
	struct bpf_program *tp_raw;	/* raw_syscalls:sys_enter */
	struct bpf_program *raw_tp;
	struct bpf_program *tp_btf;
};

static void find_candidates(struct bpf_object *obj, struct candidates *c)
{
	struct bpf_program *p;

	memset(c, 0, sizeof(*c));
	bpf_object__for_each_program(p, obj) {
		const char *sec = bpf_program__section_name(p);

		if (!strcmp(sec, "kprobe") || !strcmp(sec, "ksyscall"))
			c->kprobe = p;
		else if (!strcmp(sec, "fentry") && c->nr_fentry < EH_MAX_FENTRY)
			c->fentry[c->nr_fentry++] = p;
		else if (!strcmp(sec, "raw_tp/sched_process_exec"))
			c->exec = p;
		else if (!strcmp(sec, "tracepoint"))
			c->tp_sys = p;
		else if (!strcmp(sec, "tracepoint/raw_syscalls/sys_enter"))
			c->tp_raw = p;
		else if (!strcmp(sec, "raw_tp/sys_enter") || !strcmp(sec, "raw_tracepoint/sys_enter"))
			c->raw_tp = p;
		else if (!strcmp(sec, "tp_btf/sys_enter"))
			c->tp_btf = p;
	}
}

static void set_autoload_all(struct candidates *c, bool on)
{
	struct bpf_program *all[] = { c->kprobe, c->exec, c->tp_sys, c->tp_raw,
				      c->raw_tp, c->tp_btf };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i])
			bpf_program__set_autoload(all[i], on);
	for (i = 0; i < (size_t)c->nr_fentry; i++)
		bpf_program__set_autoload(c->fentry[i], on);
}

/* ---- which modes apply, in which order ----------------------------------- */

static bool exec_family_only(const struct eh_session *s)
{
	int i;

	if (s->nr_sys == 0)
		return false;
	for (i = 0; i < s->nr_sys; i++)
		if (strcmp(s->sys[i]->name, "execve") && strcmp(s->sys[i]->name, "execveat"))
			return false;
	return true;
}

/*
 * The chain for named syscalls puts first what costs nothing on the other
 * syscalls of the machine and needs no vmlinux BTF parse (~35 ms of start-up
 * measured on 6.18): kprobe, then fentry, then the exec event.  Syscall
 * tracepoints put every task on the slow syscall path (~47 ns a syscall),
 * and sys_enter programs run on every syscall, so they come last.  For
 * "every syscall" a raw tracepoint is the cheapest there is.
 */
static const enum eh_attach_mode chain_named[] = {
	EH_ATTACH_KPROBE, EH_ATTACH_FENTRY, EH_ATTACH_EXEC,
	EH_ATTACH_TRACEPOINT, EH_ATTACH_RAW_TP, EH_ATTACH_TP_BTF,
};
static const enum eh_attach_mode chain_all[] = {
	EH_ATTACH_RAW_TP, EH_ATTACH_TP_BTF, EH_ATTACH_TRACEPOINT,
};

static void arch_syscall_fn(char *buf, size_t len, const char *name)
{
#if defined(__x86_64__)
	snprintf(buf, len, "__x64_sys_%s", name);
#elif defined(__aarch64__)
	snprintf(buf, len, "__arm64_sys_%s", name);
#else
	snprintf(buf, len, "sys_%s", name);
#endif
}

/*
 * Whether mode m can be tried for this session with this object; if not,
 * why (written to why).  Only cheap, cached probes here.
 */
static bool mode_possible(const struct eh_session *s, const struct candidates *c,
			  enum eh_attach_mode m, char *why, size_t len)
{
	int i;

	switch (m) {
	case EH_ATTACH_KPROBE:
		if (!c->kprobe || s->nr_sys == 0) {
			snprintf(why, len, "not offered for %s", s->nr_sys ? "this command" : "all syscalls");
			return false;
		}
		if (!eh_has(EH_FEAT_KPROBE)) {
			snprintf(why, len, "%s", eh_feature_note(EH_FEAT_KPROBE));
			return false;
		}
		return true;
	case EH_ATTACH_FENTRY:
		if (s->nr_sys == 0 || c->nr_fentry == 0) {
			snprintf(why, len, "not offered for %s", s->nr_sys ? "this command" : "all syscalls");
			return false;
		}
		if (s->nr_sys > c->nr_fentry) {
			snprintf(why, len, "at most %d syscalls with fentry", c->nr_fentry);
			return false;
		}
		if (!eh_has(EH_FEAT_FENTRY)) {
			snprintf(why, len, "%s", eh_feature_note(EH_FEAT_FENTRY));
			return false;
		}
		return true;
	case EH_ATTACH_EXEC:
		if (!c->exec || !exec_family_only(s)) {
			snprintf(why, len, "only for execve/execveat");
			return false;
		}
		return true;
	case EH_ATTACH_TRACEPOINT:
		if (s->nr_sys == 0) {
			if (!c->tp_raw) {
				snprintf(why, len, "not offered for this command");
				return false;
			}
			if (!eh_has(EH_FEAT_TRACEFS)) {
				snprintf(why, len, "%s", eh_feature_note(EH_FEAT_TRACEFS));
				return false;
			}
			return true;
		}
		if (!c->tp_sys) {
			snprintf(why, len, "not offered for this command");
			return false;
		}
		if (!eh_has(EH_FEAT_TRACEFS)) {
			snprintf(why, len, "%s", eh_feature_note(EH_FEAT_TRACEFS));
			return false;
		}
		for (i = 0; i < s->nr_sys; i++) {
			char ev[80];

			snprintf(ev, sizeof(ev), "sys_enter_%s", s->sys[i]->name);
			if (!eh_tracefs_has_event("syscalls", ev)) {
				snprintf(why, len, "no syscalls:%s tracepoint in this kernel", ev);
				return false;
			}
		}
		return true;
	case EH_ATTACH_RAW_TP:
		if (!c->raw_tp) {
			snprintf(why, len, "not offered for this command");
			return false;
		}
		return true;
	case EH_ATTACH_TP_BTF:
		if (!c->tp_btf) {
			snprintf(why, len, "not offered for this command");
			return false;
		}
		if (!eh_has(EH_FEAT_BTF)) {
			snprintf(why, len, "%s", eh_feature_note(EH_FEAT_BTF));
			return false;
		}
		return true;
	default:
		snprintf(why, len, "unknown mode");
		return false;
	}
}

/* ---- one attempt ---------------------------------------------------------- */

static void apply_filters(struct eh_session *s, enum eh_attach_mode m)
{
	struct eh_config *cfg = s->cfg;
	int i;

	cfg->has_pid = eh_opts.has_pid;
	cfg->pid = eh_opts.pid;
	cfg->has_uid = eh_opts.has_uid;
	cfg->uid = eh_opts.uid;
	cfg->has_comm = eh_opts.has_comm;
	memcpy(cfg->comm, eh_opts.comm, sizeof(cfg->comm));

	/* sys_enter programs see every syscall: give them the wanted ids */
	memset(cfg->sys_bits, 0, sizeof(cfg->sys_bits));
	cfg->sys_filter = s->nr_sys > 0 && (m == EH_ATTACH_RAW_TP || m == EH_ATTACH_TP_BTF);
	for (i = 0; cfg->sys_filter && i < s->nr_sys; i++) {
		unsigned int nr = (unsigned int)s->sys[i]->nr;

		if (nr < EH_SYSCALL_SLOTS)
			cfg->sys_bits[nr / 64] |= 1ULL << (nr % 64);
	}
}

static int add_link(struct eh_session *s, struct bpf_link *l)
{
	if (!l)
		return -errno;
	if (s->nr_links >= EH_MAX_SYSCALLS) {
		bpf_link__destroy(l);
		return -E2BIG;
	}
	s->links[s->nr_links++] = l;
	return 0;
}

static void describe_sys(const struct eh_session *s, char *buf, size_t len)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < s->nr_sys && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "," : "", s->sys[i]->name);
}

static int attach_mode(struct eh_session *s, struct candidates *c, enum eh_attach_mode m)
{
	char fn[96], ev[96], list[96];
	int i, err = 0;

	describe_sys(s, list, sizeof(list));
	switch (m) {
	case EH_ATTACH_KPROBE:
		for (i = 0; i < s->nr_sys && !err; i++)
			err = add_link(s, bpf_program__attach_ksyscall(c->kprobe, s->sys[i]->name, NULL));
		arch_syscall_fn(fn, sizeof(fn), list);
		snprintf(s->point, sizeof(s->point), "kprobe %s", fn);
		return err;
	case EH_ATTACH_FENTRY:
		for (i = 0; i < s->nr_sys && !err; i++)
			err = add_link(s, bpf_program__attach_trace(c->fentry[i]));
		arch_syscall_fn(fn, sizeof(fn), list);
		snprintf(s->point, sizeof(s->point), "fentry %s", fn);
		return err;
	case EH_ATTACH_EXEC:
		snprintf(s->point, sizeof(s->point), "raw_tp sched_process_exec");
		return add_link(s, bpf_program__attach(c->exec));
	case EH_ATTACH_TRACEPOINT:
		if (s->nr_sys == 0) {
			snprintf(s->point, sizeof(s->point), "tracepoint raw_syscalls:sys_enter");
			return add_link(s, bpf_program__attach(c->tp_raw));
		}
		for (i = 0; i < s->nr_sys && !err; i++) {
			snprintf(ev, sizeof(ev), "sys_enter_%s", s->sys[i]->name);
			err = add_link(s, bpf_program__attach_tracepoint(c->tp_sys, "syscalls", ev));
		}
		snprintf(s->point, sizeof(s->point), "tracepoint syscalls:sys_enter_%s", list);
		return err;
	case EH_ATTACH_RAW_TP:
	case EH_ATTACH_TP_BTF:
		/* exercise 4: the section name says where; libbpf attaches by it */
		snprintf(s->point, sizeof(s->point), "%s sys_enter%s%s%s",
			 m == EH_ATTACH_RAW_TP ? "raw_tp" : "tp_btf",
			 s->nr_sys ? " (ids: " : "", list, s->nr_sys ? ")" : "");
		return add_link(s, bpf_program__attach(m == EH_ATTACH_RAW_TP ? c->raw_tp : c->tp_btf));
	default:
		return -EINVAL;
	}
}

static void teardown(struct eh_session *s)
{
	while (s->nr_links > 0)
		bpf_link__destroy(s->links[--s->nr_links]);
	if (s->open_ok && s->close)
		s->close(s);
	s->open_ok = false;
	s->skel = NULL;
	s->skeleton = NULL;
	s->obj = NULL;
	s->cfg = NULL;
}

/* One full attempt with mode m.  On failure why says what went wrong. */
static int try_mode(struct eh_session *s, enum eh_attach_mode m, char *why, size_t len)
{
	struct candidates c;
	double t0 = eh_now();
	const char *step = "open";
	int err, i;

	last_warning[0] = '\0';
	err = s->open(s);
	if (err)
		goto fail;
	s->open_ok = true;
	find_candidates(s->obj, &c);
	if (!mode_possible(s, &c, m, why, len)) {
		teardown(s);
		return -EOPNOTSUPP;
	}
	apply_filters(s, m);
	set_autoload_all(&c, false);
	switch (m) {
	case EH_ATTACH_KPROBE:
		bpf_program__set_autoload(c.kprobe, true);
		break;
	case EH_ATTACH_FENTRY:
		for (i = 0; i < s->nr_sys; i++) {
			char fn[96];

			arch_syscall_fn(fn, sizeof(fn), s->sys[i]->name);
			bpf_program__set_autoload(c.fentry[i], true);
			err = bpf_program__set_attach_target(c.fentry[i], 0, fn);
			if (err) {
				step = "set fentry target";
				goto fail;
			}
		}
		break;
	case EH_ATTACH_EXEC:
		bpf_program__set_autoload(c.exec, true);
		break;
	case EH_ATTACH_TRACEPOINT:
		bpf_program__set_autoload(s->nr_sys ? c.tp_sys : c.tp_raw, true);
		break;
	case EH_ATTACH_RAW_TP:
		bpf_program__set_autoload(c.raw_tp, true);
		break;
	case EH_ATTACH_TP_BTF:
		bpf_program__set_autoload(c.tp_btf, true);
		break;
	default:
		break;
	}
	step = "load";
	err = bpf_object__load_skeleton(s->skeleton);
	if (err)
		goto fail;
	if (s->loaded) {
		step = "prepare maps";
		err = s->loaded(s);
		if (err)
			goto fail;
	}
	step = "attach";
	err = attach_mode(s, &c, m);
	if (err)
		goto fail;
	s->chosen = m;
	s->attach_ms = (eh_now() - t0) * 1e3;
	return 0;
fail:
	if (last_warning[0])
		snprintf(why, len, "%s failed: %s (libbpf: %s)", step,
			 strerror(err < 0 ? -err : err), last_warning);
	else
		snprintf(why, len, "%s failed: %s", step, strerror(err < 0 ? -err : err));
	teardown(s);
	return err ? err : -EINVAL;
}

static void note_tried(struct eh_session *s, enum eh_attach_mode m, const char *why)
{
	size_t o = strlen(s->tried);

	snprintf(s->tried + o, sizeof(s->tried) - o, "%s%s: %s", o ? "; " : "",
		 eh_attach_name(m), why);
}

int eh_session_attach(struct eh_session *s)
{
	const enum eh_attach_mode *chain;
	enum eh_attach_mode one[1];
	size_t n, i;
	int err = -EOPNOTSUPP;
	char why[384];

	s->tried[0] = '\0';
	s->nr_links = 0;
	if (s->mode != EH_ATTACH_AUTO) {
		one[0] = s->mode;
		chain = one;
		n = 1;
	} else if (s->nr_sys) {
		chain = chain_named;
		n = sizeof(chain_named) / sizeof(chain_named[0]);
	} else {
		chain = chain_all;
		n = sizeof(chain_all) / sizeof(chain_all[0]);
	}
	for (i = 0; i < n; i++) {
		why[0] = '\0';
		err = try_mode(s, chain[i], why, sizeof(why));
		if (!err) {
			eh_verbose(1, "attach %s: ok, %s (%.1f ms)", eh_attach_name(chain[i]),
				   s->point, s->attach_ms);
			return 0;
		}
		eh_verbose(1, "attach %s: %s", eh_attach_name(chain[i]), why);
		note_tried(s, chain[i], why);
	}
	if (s->quiet)
		return err;
	if (s->mode != EH_ATTACH_AUTO)
		eh_error("--attach %s: %s", eh_attach_name(s->mode), why);
	else
		eh_error("could not attach: %s", s->tried);
	return err;
}

void eh_session_add_syscalls(struct eh_session *s, const char *list)
{
	char bad[64], what[160];
	int n;

	n = eh_syscall_resolve(list, s->sys + s->nr_sys, EH_MAX_SYSCALLS - s->nr_sys,
			       bad, sizeof(bad));
	if (n == -2) {
		snprintf(what, sizeof(what), "at most %d syscalls in all", EH_MAX_SYSCALLS);
		eh_bad_value("--syscall", list, what);
	}
	if (n <= 0) {
		snprintf(what, sizeof(what), "a syscall name of %s, e.g. execve "
			 "(all names: ebpfhello count-syscall --list)", eh_syscall_arch());
		eh_bad_value("--syscall", n < 0 ? bad : list, what);
	}
	/* drop names given twice across several --syscall options */
	while (n-- > 0) {
		const struct eh_syscall *sc = s->sys[s->nr_sys];
		int i;

		for (i = 0; i < s->nr_sys && s->sys[i] != sc; i++)
			;
		if (i == s->nr_sys)
			s->nr_sys++;
		else
			memmove(&s->sys[s->nr_sys], &s->sys[s->nr_sys + 1], (size_t)n * sizeof(sc));
	}
}

void eh_summary_begin(void)
{
	out_begin("summary");
	out_text("# summary:");
}

void eh_summary_end(const struct eh_loop *l)
{
	out_f64("duration", " %.2f s,", eh_now() - l->started);
	out_str("stopped_by", " stopped by %s", eh_stop_name(l));
	out_end();
	out_flush();
}

void eh_session_close(struct eh_session *s)
{
	teardown(s);
	eh_tracefs_cleanup();
}

int eh_session_start(struct eh_session *s, struct eh_loop *l)
{
	int err;

	out_init(stdout, eh_opts.json);
	eh_libbpf_log_setup();
	err = eh_loop_init(l);
	if (err) {
		eh_error("cannot set up the event loop: %s", strerror(-err));
		return err;
	}
	if (eh_check_privileges())
		return -EPERM;
	return eh_session_attach(s);
}

static int on_interval(void *ctx)
{
	struct eh_intervals *iv = ctx;
	const struct eh_counts *c;
	int err;

	c = eh_sampler_sample(iv->sampler, &err);
	if (!c)
		return err;
	iv->n++;
	iv->show(c, false);
	if (eh_opts.count && iv->n >= eh_opts.count)
		return EH_STOP_COUNT;
	return 0;
}

int eh_session_run_intervals(struct eh_loop *l, struct eh_intervals *iv)
{
	const struct eh_counts *c;
	int err;

	err = eh_loop_every(l, eh_opts.interval, on_interval, iv);
	if (err) {
		eh_error("cannot start the interval timer: %s", strerror(-err));
		return err;
	}
	eh_loop_run(l, eh_opts.duration);
	if (l->stop != EH_STOP_COUNT && l->stop != EH_STOP_EPIPE) {
		c = eh_sampler_sample(iv->sampler, &err);
		if (!c)
			return err;
		iv->show(c, true);
	}
	return 0;
}

int eh_session_finish(struct eh_session *s, struct eh_loop *l, int err)
{
	if (l->stop == EH_STOP_ERROR) {
		eh_error("stopped: %s", strerror(l->error));
		err = -l->error;
	}
	eh_session_close(s);
	eh_loop_fini(l);
	return err ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}

void eh_session_meta_begin(const struct eh_session *s)
{
	struct utsname u;

	uname(&u);
	if (eh_opts.verbose || (!out_is_json() && isatty(STDERR_FILENO)))
		fprintf(stderr, "ebpfhello %s: attached via %s, %s; Ctrl-C to stop\n",
			eh_opts.cmd, eh_attach_name(s->chosen), s->point);
	out_begin("meta");
	out_str("tool", NULL, "ebpfhello");
	out_str("version", NULL, EH_VERSION);
	out_str("command", NULL, eh_opts.cmd);
	out_u64("pid", NULL, (uint64_t)getpid());
	out_str("kernel", NULL, u.release);
	out_str("arch", NULL, u.machine);
	out_str("attach", NULL, eh_attach_name(s->chosen));
	out_str("attach_point", NULL, s->point);
	out_f64("attach_ms", NULL, s->attach_ms);
	if (s->tried[0])
		out_str("fallbacks", NULL, s->tried);
}
