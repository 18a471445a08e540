// SPDX-License-Identifier: MIT
/* The attach modes as one table; see include/ebpfhello/attach.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include <ebpfhello/attach.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/probe.h>
#include <ebpfhello/session.h>
#include <ebpfhello/tracefs.h>

struct eh_mode {
	const char *name;
	const char *help;
	/* the programs' section for each scope; NULL: the scope is not served */
	const char *sec[EH_SCOPE__COUNT];
	enum eh_feature needs;		/* EH_FEAT__COUNT: nothing to probe */
	int all_rank;			/* place in the every-syscall chain; 0: none */
	bool exec_only;			/* named scope: execve and execveat only */
	bool sys_enter;			/* sees every syscall: ids filtered in BPF */
	bool per_syscall_copies;	/* one program per syscall (fentry) */
	/* optional: what else must hold here */
	bool (*usable)(struct eh_session *s, char *why, size_t len);
	/* optional: before load, after autoload is set */
	int (*prepare)(struct eh_session *s);
	int (*attach)(struct eh_session *s);
};

static bool exec_family_only(struct eh_session *s, char *why, size_t len);
static bool syscall_tracepoints_exist(struct eh_session *s, char *why, size_t len);
static int set_fentry_targets(struct eh_session *s);
static int attach_ksyscalls(struct eh_session *s);
static int attach_fentries(struct eh_session *s);
static int attach_once(struct eh_session *s);
static int attach_syscall_tracepoints(struct eh_session *s);

/*
 * Table order is auto's chain for named syscalls: first what costs nothing
 * on the machine's other syscalls and needs no parse of the kernel's BTF at
 * start-up (~35 ms on 6.18): kprobe, fentry, then the exec event.  Syscall
 * tracepoints put every task on the slow syscall path, and sys_enter
 * programs run on every syscall, so they come last.  For every syscall a
 * raw tracepoint is the cheapest there is (all_rank).
 */
static const struct eh_mode modes[] = {
	{
		.name = "kprobe",
		.help = "a kprobe on each syscall's kernel function (__x64_sys_execve); "
			"costs nothing outside those syscalls",
		.sec = { [EH_SCOPE_NAMED] = "ksyscall" },
		.needs = EH_FEAT_KPROBE,
		.attach = attach_ksyscalls,
	},
	{
		.name = "fentry",
		.help = "the same functions through BPF trampolines (5.5+, needs BTF); "
			"start-up parses the kernel's BTF",
		.sec = { [EH_SCOPE_NAMED] = "fentry" },
		.needs = EH_FEAT_FENTRY,
		.per_syscall_copies = true,
		.prepare = set_fentry_targets,
		.attach = attach_fentries,
	},
	{
		.name = "exec",
		.help = "the sched_process_exec event: execve and execveat, "
			"successful ones only; costs nothing outside exec",
		.sec = { [EH_SCOPE_NAMED] = "raw_tp/sched_process_exec" },
		.needs = EH_FEAT__COUNT,
		.exec_only = true,
		.usable = exec_family_only,
		.attach = attach_once,
	},
	{
		.name = "tracepoint",
		.help = "syscalls:sys_enter_<name> (raw_syscalls:sys_enter for every "
			"syscall); puts every task on the slow syscall path",
		.sec = { [EH_SCOPE_NAMED] = "tracepoint",
			 [EH_SCOPE_ALL] = "tracepoint/raw_syscalls/sys_enter" },
		.needs = EH_FEAT_TRACEFS,
		.all_rank = 3,
		.usable = syscall_tracepoints_exist,
		.attach = attach_syscall_tracepoints,
	},
	{
		.name = "raw_tp",
		.help = "the sys_enter raw tracepoint, syscall ids filtered in BPF; "
			"a program run on every syscall",
		.sec = { [EH_SCOPE_NAMED] = "raw_tp/sys_enter",
			 [EH_SCOPE_ALL] = "raw_tp/sys_enter" },
		.needs = EH_FEAT__COUNT,
		.all_rank = 1,
		.sys_enter = true,
		.attach = attach_once,
	},
	{
		.name = "tp_btf",
		.help = "the same through its BTF-typed form (5.5+, needs BTF)",
		.sec = { [EH_SCOPE_NAMED] = "tp_btf/sys_enter",
			 [EH_SCOPE_ALL] = "tp_btf/sys_enter" },
		.needs = EH_FEAT_BTF,
		.all_rank = 2,
		.sys_enter = true,
		.attach = attach_once,
	},
};

#define NR_MODES (sizeof(modes) / sizeof(modes[0]))
_Static_assert(NR_MODES <= EH_MAX_MODES, "raise EH_MAX_MODES");
_Static_assert(EH_MAX_MODES <= 8 * sizeof(unsigned int), "offered masks are unsigned ints");

size_t eh_mode_count(void)
{
	return NR_MODES;
}

const struct eh_mode *eh_mode_at(size_t i)
{
	return i < NR_MODES ? &modes[i] : NULL;
}

size_t eh_mode_index(const struct eh_mode *m)
{
	return (size_t)(m - modes);
}

const struct eh_mode *eh_mode_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < NR_MODES; i++)
		if (!strcmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

const char *eh_mode_name(const struct eh_mode *m)
{
	return m ? m->name : "auto";
}

const char *eh_mode_help(const struct eh_mode *m)
{
	return m ? m->help : "the first mode this kernel offers, in the order above";
}

size_t eh_mode_chain(enum eh_scope scope, const struct eh_mode **out)
{
	size_t i, n = 0;
	int rank;

	if (scope == EH_SCOPE_NAMED) {
		for (i = 0; i < NR_MODES; i++)
			if (modes[i].sec[scope])
				out[n++] = &modes[i];
		return n;
	}
	for (rank = 1; rank <= (int)NR_MODES; rank++)
		for (i = 0; i < NR_MODES; i++)
			if (modes[i].all_rank == rank && modes[i].sec[scope])
				out[n++] = &modes[i];
	return n;
}

/* ---- which modes an object offers ------------------------------------------ */

static bool serves(const struct eh_mode *m, const char *sec, enum eh_scope scope)
{
	enum eh_scope sc;

	for (sc = 0; sc < EH_SCOPE__COUNT; sc++)
		if ((scope == EH_SCOPE__COUNT || scope == sc) && m->sec[sc] && !strcmp(m->sec[sc], sec))
			return true;
	return false;
}

unsigned int eh_modes_offered(struct bpf_object *obj, enum eh_scope scope)
{
	struct bpf_program *p;
	unsigned int mask = 0;
	size_t i;

	bpf_object__for_each_program(p, obj)
		for (i = 0; i < NR_MODES; i++)
			if (serves(&modes[i], bpf_program__section_name(p), scope))
				mask |= 1u << i;
	return mask;
}

static int quiet_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

unsigned int eh_cmd_modes(const struct eh_cmd *c, enum eh_scope scope)
{
	libbpf_print_fn_t old;
	struct bpf_object *obj;
	const void *elf;
	unsigned int mask;
	size_t size;

	elf = c->elf ? c->elf(&size) : NULL;
	if (!elf)
		return 0;
	/* only the ELF is parsed: nothing reaches the kernel */
	old = libbpf_set_print(quiet_log);
	obj = bpf_object__open_mem(elf, size, NULL);
	libbpf_set_print(old);
	if (!obj)
		return 0;
	mask = eh_modes_offered(obj, scope);
	bpf_object__close(obj);
	return mask;
}

const char *eh_modes_list(unsigned int mask, const char *sep, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < NR_MODES && o < len; i++)
		if (mask & (1u << i))
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? sep : "", modes[i].name);
	return buf;
}

const char *eh_section_role(const char *sec, enum eh_scope *scope)
{
	enum eh_scope sc;
	size_t i;
	int found;

	if (!strcmp(sec, EH_SEC_TAIL_TARGET))
		return "tail-call target";
	for (i = 0; i < NR_MODES; i++) {
		for (found = 0, sc = 0; sc < EH_SCOPE__COUNT; sc++) {
			if (modes[i].sec[sc] && !strcmp(modes[i].sec[sc], sec)) {
				if (scope)
					*scope = found++ ? EH_SCOPE__COUNT : sc;
			}
		}
		if (found)
			return modes[i].name;
	}
	return NULL;
}

/*
 * `ebpfhello __programs`: every program of every command's object, with the
 * mode its section stands for.  A section no mode knows (a typo) would make
 * a program that is never chosen: that is an error, exit 1.
 */
int eh_cmd_programs(int argc, char **argv)
{
	const void *elf;
	const char *role;
	struct bpf_program *p;
	struct bpf_object *obj;
	enum eh_scope scope;
	size_t i, size;
	int bad = 0;

	for (i = 0; i < eh_nr_commands; i++) {
		elf = eh_commands[i].elf ? eh_commands[i].elf(&size) : NULL;
		obj = elf ? bpf_object__open_mem(elf, size, NULL) : NULL;
		if (!obj) {
			printf("%s\t-\t-\tno BPF object\n", eh_commands[i].name);
			continue;
		}
		bpf_object__for_each_program(p, obj) {
			scope = EH_SCOPE__COUNT;
			role = eh_section_role(bpf_program__section_name(p), &scope);
			printf("%s\t%s\t%s\t%s%s\n", eh_commands[i].name, bpf_program__name(p),
			       bpf_program__section_name(p), role ? role : "UNKNOWN SECTION",
			       !role || !strcmp(role, "tail-call target") ? "" :
			       scope == EH_SCOPE_ALL ? " (every syscall)" :
			       scope == EH_SCOPE_NAMED ? " (named syscalls)" : " (both)");
			bad += !role;
		}
		bpf_object__close(obj);
	}
	return bad ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}

/* ---- one attempt -------------------------------------------------------------- */

static bool exec_family_only(struct eh_session *s, char *why, size_t len)
{
	int i;

	for (i = 0; i < s->nr_sys; i++) {
		if (strcmp(s->sys[i]->name, "execve") && strcmp(s->sys[i]->name, "execveat")) {
			snprintf(why, len, "only for execve/execveat");
			return false;
		}
	}
	return true;
}

static bool syscall_tracepoints_exist(struct eh_session *s, char *why, size_t len)
{
	char ev[80];
	int i;

	for (i = 0; i < s->nr_sys; i++) {
		snprintf(ev, sizeof(ev), "sys_enter_%s", s->sys[i]->name);
		if (!eh_tracefs_has_event("syscalls", ev)) {
			snprintf(why, len, "no syscalls:%s tracepoint in this kernel", ev);
			return false;
		}
	}
	return true;
}

bool eh_mode_usable(const struct eh_mode *m, struct eh_session *s, char *why, size_t len)
{
	enum eh_scope scope = eh_session_scope(s);
	struct bpf_program *p;

	s->nr_progs = 0;
	if (!m->sec[scope]) {
		snprintf(why, len, "does not serve %s", scope == EH_SCOPE_ALL ?
			 "every syscall" : "named syscalls");
		return false;
	}
	bpf_object__for_each_program(p, s->obj)
		if (!strcmp(bpf_program__section_name(p), m->sec[scope]) &&
		    s->nr_progs < EH_MAX_FENTRY)
			s->progs[s->nr_progs++] = p;
	if (!s->nr_progs) {
		snprintf(why, len, "not offered by this command");
		return false;
	}
	if (m->per_syscall_copies && s->nr_sys > s->nr_progs) {
		snprintf(why, len, "at most %d syscalls with %s", s->nr_progs, m->name);
		return false;
	}
	if (m->needs != EH_FEAT__COUNT && !eh_has(m->needs)) {
		snprintf(why, len, "%s", eh_feature_note(m->needs));
		return false;
	}
	return !m->usable || m->usable(s, why, len);
}

/* the settings every program reads from .rodata (bpf/common.bpf.h) */
static void write_filters(const struct eh_mode *m, struct eh_session *s)
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
	cfg->sys_filter = s->nr_sys > 0 && m->sys_enter;
	for (i = 0; cfg->sys_filter && i < s->nr_sys; i++) {
		unsigned int nr = (unsigned int)s->sys[i]->nr;

		if (nr < EH_SYSCALL_SLOTS)
			cfg->sys_bits[nr / 64] |= 1ULL << (nr % 64);
	}
}

int eh_mode_select(const struct eh_mode *m, struct eh_session *s)
{
	enum eh_scope scope;
	struct bpf_program *p;
	int i, n;

	write_filters(m, s);
	/* every program of an attach mode off; tail-call targets stay on */
	bpf_object__for_each_program(p, s->obj)
		if (eh_section_role(bpf_program__section_name(p), &scope) &&
		    strcmp(bpf_program__section_name(p), EH_SEC_TAIL_TARGET))
			bpf_program__set_autoload(p, false);
	n = m->per_syscall_copies ? s->nr_sys : s->nr_progs;
	for (i = 0; i < n; i++)
		bpf_program__set_autoload(s->progs[i], true);
	s->nr_progs = n;
	return m->prepare ? m->prepare(s) : 0;
}

int eh_mode_attach(const struct eh_mode *m, struct eh_session *s)
{
	return m->attach(s);
}

/* ---- how each mode attaches ----------------------------------------------------- */

static void syscall_function(char *buf, size_t len, const char *name)
{
#if defined(__x86_64__)
	snprintf(buf, len, "__x64_sys_%s", name);
#elif defined(__aarch64__)
	snprintf(buf, len, "__arm64_sys_%s", name);
#else
	snprintf(buf, len, "sys_%s", name);
#endif
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

/*
 * s->point = "<mode> " + one item per syscall, made by fmt from its name
 * ("%s" for the name itself); cut with ", ..." when it does not fit.
 */
static void point_per_syscall(struct eh_session *s, const char *mode, int kind)
{
	size_t o, cap = sizeof(s->point);
	int i;

	o = (size_t)snprintf(s->point, cap, "%s ", mode);
	for (i = 0; i < s->nr_sys; i++) {
		char item[96];
		int n;

		if (kind == 0)
			syscall_function(item, sizeof(item), s->sys[i]->name);
		else
			snprintf(item, sizeof(item), "syscalls:sys_enter_%s", s->sys[i]->name);
		if (o + strlen(item) + 16 >= cap) {
			snprintf(s->point + o, cap - o, "... (%d in all)", s->nr_sys);
			return;
		}
		n = snprintf(s->point + o, cap - o, "%s%s", item, i + 1 < s->nr_sys ? ", " : "");
		o += (size_t)n;
	}
}

static int attach_ksyscalls(struct eh_session *s)
{
	int i, err = 0;

	for (i = 0; i < s->nr_sys && !err; i++)
		err = add_link(s, bpf_program__attach_ksyscall(s->progs[0], s->sys[i]->name, NULL));
	point_per_syscall(s, "kprobe", 0);
	return err;
}

static int set_fentry_targets(struct eh_session *s)
{
	char fn[96];
	int i, err;

	for (i = 0; i < s->nr_progs; i++) {
		syscall_function(fn, sizeof(fn), s->sys[i]->name);
		err = bpf_program__set_attach_target(s->progs[i], 0, fn);
		if (err)
			return err;
	}
	return 0;
}

static int attach_fentries(struct eh_session *s)
{
	int i, err = 0;

	for (i = 0; i < s->nr_progs && !err; i++)
		err = add_link(s, bpf_program__attach_trace(s->progs[i]));
	point_per_syscall(s, "fentry", 0);
	return err;
}

static int attach_syscall_tracepoints(struct eh_session *s)
{
	char ev[96];
	int i, err = 0;

	if (s->nr_sys == 0)
		return attach_once(s);
	for (i = 0; i < s->nr_sys && !err; i++) {
		snprintf(ev, sizeof(ev), "sys_enter_%s", s->sys[i]->name);
		err = add_link(s, bpf_program__attach_tracepoint(s->progs[0], "syscalls", ev));
	}
	point_per_syscall(s, "tracepoint", 1);
	return err;
}

/*
 * Exercise 4: the section says where ("raw_tp/sys_enter"), and libbpf
 * attaches by it.  The point reads "raw_tp sys_enter", "tracepoint
 * raw_syscalls:sys_enter", with the ids a sys_enter program keeps.
 */
static int attach_once(struct eh_session *s)
{
	const char *sec = bpf_program__section_name(s->progs[0]);
	char where[96], *p;
	size_t o;
	int i;

	/* "tracepoint/raw_syscalls/sys_enter" -> "tracepoint raw_syscalls:sys_enter" */
	snprintf(where, sizeof(where), "%s", sec);
	p = strchr(where, '/');
	if (p)
		*p = ' ';
	p = strchr(where, '/');
	if (p)
		*p = ':';
	o = (size_t)snprintf(s->point, sizeof(s->point), "%s", where);
	if (s->cfg->sys_filter) {
		o += (size_t)snprintf(s->point + o, sizeof(s->point) - o, " (ids of ");
		for (i = 0; i < s->nr_sys && o < sizeof(s->point); i++)
			o += (size_t)snprintf(s->point + o, sizeof(s->point) - o, "%s%s",
					      i ? ", " : "", s->sys[i]->name);
		if (o < sizeof(s->point))
			snprintf(s->point + o, sizeof(s->point) - o, ")");
	}
	return add_link(s, bpf_program__attach(s->progs[0]));
}
