// SPDX-License-Identifier: MIT
/*
 * One attempt of an attach mode, driven by its row in the table
 * (cmd/core/attach.c): which programs, which filters, and the links of
 * every side asked for; see include/ebpfhello/attach.h.
 */
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include <ebpfhello/attach.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/probe.h>
#include <ebpfhello/session.h>

#include "mode_table.h"

/* the programs of m for one side into s->progs[side]: false (why) if none */
static bool find_programs(const struct eh_mode *m, struct eh_session *s, enum eh_side side,
			  char *why, size_t len)
{
	const char *sec = m->sec[side][eh_session_scope(s)];
	struct bpf_program *p;
	int *n = &s->nr_progs[side];

	*n = 0;
	bpf_object__for_each_program(p, s->obj)
		if (!strcmp(bpf_program__section_name(p), sec) && *n < EH_MAX_FENTRY)
			s->progs[side][(*n)++] = p;
	if (!*n) {
		snprintf(why, len, "not offered by this command%s",
			 side == EH_SIDE_EXIT ? " at syscall exit" : "");
		return false;
	}
	if (m->per_syscall_copies && s->nr_sys > *n) {
		snprintf(why, len, "at most %d syscalls with %s", *n, m->name);
		return false;
	}
	return true;
}

bool eh_mode_usable(const struct eh_mode *m, struct eh_session *s, char *why, size_t len)
{
	const char *lack = eh_mode_lacks(m, eh_session_scope(s), s->sides);
	enum eh_side side;

	s->nr_progs[EH_SIDE_ENTRY] = s->nr_progs[EH_SIDE_EXIT] = 0;
	if (lack) {
		snprintf(why, len, "%s", lack);
		return false;
	}
	for (side = 0; side < EH_SIDE__COUNT; side++)
		if ((s->attached_sides & (1u << side)) && !find_programs(m, s, side, why, len))
			return false;
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

	/* programs that see every syscall: give them the wanted ids */
	memset(cfg->sys_bits, 0, sizeof(cfg->sys_bits));
	cfg->sys_filter = s->nr_sys > 0 && m->ids_in_bpf;
	for (i = 0; cfg->sys_filter && i < s->nr_sys; i++) {
		unsigned int nr = (unsigned int)s->sys[i]->nr;

		if (nr < EH_SYSCALL_SLOTS)
			cfg->sys_bits[nr / 64] |= 1ULL << (nr % 64);
	}
}

int eh_mode_select(const struct eh_mode *m, struct eh_session *s)
{
	struct bpf_program *p;
	enum eh_side side;
	int i, err;

	write_filters(m, s);
	/* every program of an attach mode off; tail-call targets stay on */
	bpf_object__for_each_program(p, s->obj)
		if (eh_section_role(bpf_program__section_name(p), NULL, NULL) &&
		    strcmp(bpf_program__section_name(p), EH_SEC_TAIL_TARGET))
			bpf_program__set_autoload(p, false);
	for (side = 0; side < EH_SIDE__COUNT; side++) {
		if (!(s->attached_sides & (1u << side)))
			continue;
		if (m->per_syscall_copies)
			s->nr_progs[side] = s->nr_sys;
		for (i = 0; i < s->nr_progs[side]; i++)
			bpf_program__set_autoload(s->progs[side][i], true);
		err = m->prepare ? m->prepare(s, side) : 0;
		if (err)
			return err;
	}
	return 0;
}

/* appends " (ids of a, b)" when programs that see every syscall keep some */
static void point_ids(struct eh_session *s)
{
	size_t o = strlen(s->point), cap = sizeof(s->point);
	int i;

	if (!s->cfg->sys_filter)
		return;
	o += (size_t)snprintf(s->point + o, cap - o, " (ids of ");
	for (i = 0; i < s->nr_sys && o < cap; i++)
		o += (size_t)snprintf(s->point + o, cap - o, "%s%s", i ? ", " : "", s->sys[i]->name);
	if (o < cap)
		snprintf(s->point + o, cap - o, ")");
}

/* s->point: each side's attach points, the entry's first, joined by " + " */
int eh_mode_attach(const struct eh_mode *m, struct eh_session *s)
{
	char point[EH_POINT_LEN];
	enum eh_side side;
	int err;

	s->point[0] = '\0';
	for (side = 0; side < EH_SIDE__COUNT; side++) {
		if (!(s->attached_sides & (1u << side)))
			continue;
		point[0] = '\0';
		err = m->attach(s, side, point, sizeof(point));
		if (err)
			return err;
		snprintf(s->point + strlen(s->point), sizeof(s->point) - strlen(s->point), "%s%s",
			 s->point[0] ? " + " : "", point);
	}
	point_ids(s);
	return 0;
}

