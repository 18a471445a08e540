// SPDX-License-Identifier: MIT
/*
 * The attach modes as one table, and how each attaches; see
 * include/ebpfhello/load/attach.h.  Each mode's functions see one attempt
 * (struct eh_attempt), nothing of the session around it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/host/probe.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/tracefs.h>
#include <ebpfhello/load/attach.h>

static bool exec_family_only(struct eh_attempt *a, char *why, size_t len);
static bool syscall_tracepoints_exist(struct eh_attempt *a, char *why, size_t len);
static bool fentry_targets_typed(struct eh_attempt *a, char *why, size_t len);
static int set_fentry_targets(struct eh_attempt *a, enum eh_side side);
static int attach_ksyscalls(struct eh_attempt *a, enum eh_side side, char *point, size_t len);
static int attach_fentries(struct eh_attempt *a, enum eh_side side, char *point, size_t len);
static int attach_once(struct eh_attempt *a, enum eh_side side, char *point, size_t len);
static int attach_syscall_tracepoints(struct eh_attempt *a, enum eh_side side, char *p, size_t len);

enum { ENTRY = EH_SIDE_ENTRY, EXIT = EH_SIDE_EXIT, NAMED = EH_SCOPE_NAMED, ALL = EH_SCOPE_ALL };

/*
 * Table order is auto's chain for named syscalls: first what costs nothing
 * on the machine's other syscalls and needs no parse of the kernel's BTF at
 * start-up (~35 ms on 6.18): kprobe, fentry, then the exec event.  Syscall
 * tracepoints put every task on the slow syscall path, and sys_enter
 * programs run on every syscall, so they come last.  For every syscall a
 * raw tracepoint is the cheapest there is (all_rank).
 */
const struct eh_mode eh_modes[] = {
	{
		.name = "kprobe",
		.help = "a kprobe on each syscall's kernel function (__x64_sys_execve); "
			"costs nothing outside those syscalls",
		.sec = { [ENTRY] = { [NAMED] = "ksyscall" },
			 [EXIT] = { [NAMED] = "kretsyscall" } },
		.needs = EH_FEAT_KPROBE,
		.attach = attach_ksyscalls,
	},
	{
		.name = "fentry",
		.help = "the same functions through BPF trampolines (5.5+, needs BTF); "
			"start-up parses the kernel's BTF",
		.sec = { [ENTRY] = { [NAMED] = "fentry" },
			 [EXIT] = { [NAMED] = "fexit" } },
		.needs = EH_FEAT_FENTRY,
		.per_syscall_copies = true,
		.usable = fentry_targets_typed,
		.prepare = set_fentry_targets,
		.attach = attach_fentries,
	},
	{
		.name = "exec",
		.help = "the sched_process_exec event: execve and execveat, "
			"successful ones only; costs nothing outside exec",
		.sec = { [ENTRY] = { [NAMED] = "raw_tp/sched_process_exec" } },
		.no_exit = "sees successful execs only, never a syscall's result",
		.needs = EH_FEAT__COUNT,
		.exec_only = true,
		.usable = exec_family_only,
		.attach = attach_once,
	},
	{
		.name = "tracepoint",
		.help = "syscalls:sys_enter_<name> (raw_syscalls:sys_enter for every "
			"syscall); puts every task on the slow syscall path",
		.sec = { [ENTRY] = { [NAMED] = "tracepoint",
				     [ALL] = "tracepoint/raw_syscalls/sys_enter" },
			 [EXIT] = { [NAMED] = "tracepoint/syscalls/sys_exit",
				    [ALL] = "tracepoint/raw_syscalls/sys_exit" } },
		.needs = EH_FEAT_TRACEFS,
		.all_rank = 3,
		.usable = syscall_tracepoints_exist,
		.attach = attach_syscall_tracepoints,
	},
	{
		.name = "raw_tp",
		.help = "the sys_enter raw tracepoint, syscall ids filtered in BPF; "
			"a program run on every syscall",
		.sec = { [ENTRY] = { [NAMED] = "raw_tp/sys_enter", [ALL] = "raw_tp/sys_enter" },
			 [EXIT] = { [NAMED] = "raw_tp/sys_exit", [ALL] = "raw_tp/sys_exit" } },
		.needs = EH_FEAT__COUNT,
		.all_rank = 1,
		.ids_in_bpf = true,
		.attach = attach_once,
	},
	{
		.name = "tp_btf",
		.help = "the same through its BTF-typed form (5.5+, needs BTF)",
		.sec = { [ENTRY] = { [NAMED] = "tp_btf/sys_enter", [ALL] = "tp_btf/sys_enter" },
			 [EXIT] = { [NAMED] = "tp_btf/sys_exit", [ALL] = "tp_btf/sys_exit" } },
		.needs = EH_FEAT_BTF,
		.all_rank = 2,
		.ids_in_bpf = true,
		.attach = attach_once,
	},
};

const size_t eh_nr_modes = sizeof(eh_modes) / sizeof(eh_modes[0]);
_Static_assert(sizeof(eh_modes) / sizeof(eh_modes[0]) <= EH_MAX_MODES, "raise EH_MAX_MODES");
_Static_assert(EH_MAX_MODES <= 8 * sizeof(unsigned int), "offered masks are unsigned ints");

/* ---- one attempt -------------------------------------------------------------- */

static bool exec_family_only(struct eh_attempt *a, char *why, size_t len)
{
	int i;

	for (i = 0; i < a->nr_sys; i++) {
		if (strcmp(a->sys[i]->name, "execve") && strcmp(a->sys[i]->name, "execveat")) {
			snprintf(why, len, "only for execve/execveat");
			return false;
		}
	}
	return true;
}

static bool syscall_tracepoints_exist(struct eh_attempt *a, char *why, size_t len)
{
	static const char *const prefix[EH_SIDE__COUNT] = { "sys_enter_", "sys_exit_" };
	enum eh_side side;
	char ev[80];
	int i;

	for (side = 0; side < EH_SIDE__COUNT; side++) {
		if (!(eh_sides(a->sides) & (1u << side)))
			continue;
		for (i = 0; i < a->nr_sys; i++) {
			snprintf(ev, sizeof(ev), "%s%s", prefix[side], a->sys[i]->name);
			if (!eh_tracefs_has_event("syscalls", ev)) {
				snprintf(why, len, "no syscalls:%s tracepoint in this kernel", ev);
				return false;
			}
		}
	}
	return true;
}

static void syscall_function(char *buf, size_t len, const char *name);

/*
 * fentry reads its target's arguments through the kernel's BTF, and the
 * verifier refuses one whose pointer argument is no struct there: 5.10
 * describes __x64_sys_execveat's struct pt_regs by a forward declaration
 * only.  Said here in one line, not by a verifier log after the load.
 */
static bool fentry_targets_typed(struct eh_attempt *a, char *why, size_t len)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *t;
	char fn[96];
	int i, id;
	bool ok = true;

	if (!btf)
		return true;	/* the load will say what is missing */
	for (i = 0; ok && i < a->nr_sys; i++) {
		syscall_function(fn, sizeof(fn), a->sys[i]->name);
		id = btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC);
		t = id > 0 ? btf__type_by_id(btf, btf__type_by_id(btf, id)->type) : NULL;
		if (!t || !btf_is_func_proto(t)) {
			snprintf(why, len, "%s has no BTF in this kernel", fn);
			ok = false;
		} else if (btf_vlen(t) > 0) {
			t = btf__type_by_id(btf, btf__resolve_type(btf, btf_params(t)[0].type));
			if (t && btf_is_ptr(t))
				t = btf__type_by_id(btf, btf__resolve_type(btf, t->type));
			if (!t || !btf_is_struct(t)) {
				snprintf(why, len, "%s's argument is only a forward declaration in "
					 "this kernel's BTF", fn);
				ok = false;
			}
		}
	}
	btf__free(btf);
	return ok;
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

static int add_link(struct eh_attempt *a, struct bpf_link *l)
{
	if (!l)
		return -errno;
	if (a->nr_links >= EH_MAX_LINKS) {
		bpf_link__destroy(l);
		return -E2BIG;
	}
	a->links[a->nr_links++] = l;
	return 0;
}

/*
 * point = "<label> " + one item per syscall: its kernel function (tp NULL)
 * or the tracepoint tp + name; cut with ", ..." when it does not fit.
 */
static void point_per_syscall(struct eh_attempt *a, const char *label, const char *tp,
			      char *point, size_t cap)
{
	size_t o;
	int i;

	o = (size_t)snprintf(point, cap, "%s ", label);
	for (i = 0; i < a->nr_sys; i++) {
		char item[96];

		if (!tp)
			syscall_function(item, sizeof(item), a->sys[i]->name);
		else
			snprintf(item, sizeof(item), "%s%s", tp, a->sys[i]->name);
		if (o + strlen(item) + 16 >= cap) {
			snprintf(point + o, cap - o, "... (%d in all)", a->nr_sys);
			return;
		}
		o += (size_t)snprintf(point + o, cap - o, "%s%s", item, i + 1 < a->nr_sys ? ", " : "");
	}
}

static int attach_ksyscalls(struct eh_attempt *a, enum eh_side side, char *point, size_t len)
{
	LIBBPF_OPTS(bpf_ksyscall_opts, opts, .retprobe = side == EH_SIDE_EXIT);
	int i, err = 0;

	for (i = 0; i < a->nr_sys && !err; i++)
		err = add_link(a, bpf_program__attach_ksyscall(a->progs[side][0], a->sys[i]->name, &opts));
	point_per_syscall(a, side == EH_SIDE_EXIT ? "kretprobe" : "kprobe", NULL, point, len);
	return err;
}

/* fentry and fexit programs come as copies, one per syscall */
static int set_fentry_targets(struct eh_attempt *a, enum eh_side side)
{
	char fn[96];
	int i, err;

	for (i = 0; i < a->nr_progs[side]; i++) {
		syscall_function(fn, sizeof(fn), a->sys[i]->name);
		err = bpf_program__set_attach_target(a->progs[side][i], 0, fn);
		if (err)
			return err;
	}
	return 0;
}

static int attach_fentries(struct eh_attempt *a, enum eh_side side, char *point, size_t len)
{
	int i, err = 0;

	for (i = 0; i < a->nr_progs[side] && !err; i++)
		err = add_link(a, bpf_program__attach_trace(a->progs[side][i]));
	point_per_syscall(a, side == EH_SIDE_EXIT ? "fexit" : "fentry", NULL, point, len);
	return err;
}

static int attach_syscall_tracepoints(struct eh_attempt *a, enum eh_side side, char *point,
				      size_t len)
{
	const char *prefix = side == EH_SIDE_EXIT ? "sys_exit_" : "sys_enter_";
	char ev[96];
	int i, err = 0;

	if (a->nr_sys == 0)
		return attach_once(a, side, point, len);
	for (i = 0; i < a->nr_sys && !err; i++) {
		snprintf(ev, sizeof(ev), "%s%s", prefix, a->sys[i]->name);
		err = add_link(a, bpf_program__attach_tracepoint(a->progs[side][0], "syscalls", ev));
	}
	point_per_syscall(a, "tracepoint", side == EH_SIDE_EXIT ? "syscalls:sys_exit_" :
			  "syscalls:sys_enter_", point, len);
	return err;
}

/*
 * Exercise 4: the section says where ("raw_tp/sys_enter"), and libbpf
 * attaches by it.  The point reads "raw_tp sys_enter", "tracepoint
 * raw_syscalls:sys_enter".
 */
static int attach_once(struct eh_attempt *a, enum eh_side side, char *point, size_t len)
{
	char *p;

	/* "tracepoint/raw_syscalls/sys_enter" -> "tracepoint raw_syscalls:sys_enter" */
	snprintf(point, len, "%s", bpf_program__section_name(a->progs[side][0]));
	p = strchr(point, '/');
	if (p)
		*p = ' ';
	p = strchr(point, '/');
	if (p)
		*p = ':';
	return add_link(a, bpf_program__attach(a->progs[side][0]));
}
