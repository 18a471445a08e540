// SPDX-License-Identifier: MIT
/*
 * One attempt of an attach mode, driven by its row in the table
 * (cmd/core/load/attach.c): which programs, which filters, and the links of
 * every side asked for; see include/ebpfhello/load/attempt.h.
 */
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include <ebpfhello/host/probe.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/load/attach.h>
#include <ebpfhello/load/attempt.h>
#include <ebpfhello/load/modes.h>

/* the programs of m for one side into a->progs[side]: false (why) if none */
static bool find_programs(const struct eh_mode *m, struct eh_attempt *a, enum eh_side side,
			  char *why, size_t len)
{
	const char *sec = m->sec[side][eh_attempt_scope(a)];
	struct bpf_program *p;
	int *n = &a->nr_progs[side];

	*n = 0;
	bpf_object__for_each_program(p, a->obj)
		if (!strcmp(bpf_program__section_name(p), sec) && *n < EH_MAX_FENTRY)
			a->progs[side][(*n)++] = p;
	if (!*n) {
		snprintf(why, len, "not offered by this command%s",
			 side == EH_SIDE_EXIT ? " at syscall exit" : "");
		return false;
	}
	if (m->per_syscall_copies && a->nr_sys > *n) {
		snprintf(why, len, "at most %d syscalls with %s", *n, m->name);
		return false;
	}
	return true;
}

bool eh_attempt_usable(const struct eh_mode *m, struct eh_attempt *a, char *why, size_t len)
{
	const char *lack = eh_mode_lacks(m, eh_attempt_scope(a), a->sides);
	enum eh_side side;

	a->nr_progs[EH_SIDE_ENTRY] = a->nr_progs[EH_SIDE_EXIT] = 0;
	if (lack) {
		snprintf(why, len, "%s", lack);
		return false;
	}
	for (side = 0; side < EH_SIDE__COUNT; side++)
		if ((eh_sides(a->sides) & (1u << side)) && !find_programs(m, a, side, why, len))
			return false;
	if (m->needs != EH_FEAT__COUNT && !eh_has(m->needs)) {
		snprintf(why, len, "%s", eh_feature_note(m->needs));
		return false;
	}
	return !m->usable || m->usable(a, why, len);
}

/* the settings every program reads from .rodata (bpf/common.bpf.h) */
static void write_filters(const struct eh_mode *m, struct eh_attempt *a)
{
	const struct eh_task_filter *f = a->filter;
	struct eh_config *cfg = a->cfg;
	int i;

	cfg->has_pid = f && f->has_pid;
	cfg->pid = f ? f->pid : 0;
	cfg->has_uid = f && f->has_uid;
	cfg->uid = f ? f->uid : 0;
	cfg->has_comm = f && f->has_comm;
	cfg->has_cgroup = f && f->has_cgroup;
	memset(cfg->comm, 0, sizeof(cfg->comm));
	if (f)
		memcpy(cfg->comm, f->comm, sizeof(cfg->comm));

	/* programs that see every syscall: give them the wanted ids */
	memset(cfg->sys_bits, 0, sizeof(cfg->sys_bits));
	cfg->sys_filter = a->nr_sys > 0 && m->ids_in_bpf;
	for (i = 0; cfg->sys_filter && i < a->nr_sys; i++) {
		unsigned int nr = (unsigned int)a->sys[i]->nr;

		if (nr < EH_SYSCALL_SLOTS)
			cfg->sys_bits[nr / 64] |= 1ULL << (nr % 64);
	}
}

int eh_attempt_select(const struct eh_mode *m, struct eh_attempt *a)
{
	struct bpf_program *p;
	enum eh_side side;
	int i, err;

	write_filters(m, a);
	/* every program of an attach mode off; tail-call targets stay on */
	bpf_object__for_each_program(p, a->obj)
		if (eh_section_role(bpf_program__section_name(p), NULL, NULL) &&
		    strcmp(bpf_program__section_name(p), EH_SEC_TAIL_TARGET))
			bpf_program__set_autoload(p, false);
	for (side = 0; side < EH_SIDE__COUNT; side++) {
		if (!(eh_sides(a->sides) & (1u << side)))
			continue;
		if (m->per_syscall_copies)
			a->nr_progs[side] = a->nr_sys;
		for (i = 0; i < a->nr_progs[side]; i++)
			bpf_program__set_autoload(a->progs[side][i], true);
		err = m->prepare ? m->prepare(a, side) : 0;
		if (err)
			return err;
	}
	return 0;
}

/* appends " (ids of a, b)" when programs that see every syscall keep some */
static void point_ids(struct eh_attempt *a)
{
	size_t o = strlen(a->point), cap = sizeof(a->point);
	int i;

	if (!a->cfg->sys_filter)
		return;
	o += (size_t)snprintf(a->point + o, cap - o, " (ids of ");
	for (i = 0; i < a->nr_sys && o < cap; i++)
		o += (size_t)snprintf(a->point + o, cap - o, "%s%s", i ? ", " : "", a->sys[i]->name);
	if (o < cap)
		snprintf(a->point + o, cap - o, ")");
}

/* a->point: each side's attach points, the entry's first, joined by " + " */
int eh_attempt_attach(const struct eh_mode *m, struct eh_attempt *a)
{
	char point[EH_POINT_LEN];
	enum eh_side side;
	int err;

	a->point[0] = '\0';
	for (side = 0; side < EH_SIDE__COUNT; side++) {
		if (!(eh_sides(a->sides) & (1u << side)))
			continue;
		point[0] = '\0';
		err = m->attach(a, side, point, sizeof(point));
		if (err)
			return err;
		snprintf(a->point + strlen(a->point), sizeof(a->point) - strlen(a->point), "%s%s",
			 a->point[0] ? " + " : "", point);
	}
	point_ids(a);
	return 0;
}

