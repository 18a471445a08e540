// SPDX-License-Identifier: MIT
/*
 * What the rest of the program asks of the attach mode table: names, the
 * chains, the modes an object offers, what a section is for.  Every answer
 * is read from the table (cmd/core/load/attach.c); see
 * include/ebpfhello/load/modes.h.
 */
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include <ebpfhello/load/attach.h>
#include <ebpfhello/load/modes.h>

size_t eh_mode_count(void)
{
	return eh_nr_modes;
}

const struct eh_mode *eh_mode_at(size_t i)
{
	return i < eh_nr_modes ? &eh_modes[i] : NULL;
}

size_t eh_mode_index(const struct eh_mode *m)
{
	return (size_t)(m - eh_modes);
}

const struct eh_mode *eh_mode_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < eh_nr_modes; i++)
		if (!strcmp(eh_modes[i].name, name))
			return &eh_modes[i];
	return NULL;
}

const char *eh_mode_name(const struct eh_mode *m)
{
	return m ? m->name : "auto";
}

bool eh_mode_exec_only(const struct eh_mode *m)
{
	return m && m->exec_only;
}

const char *eh_mode_help(const struct eh_mode *m)
{
	return m ? m->help : "the first mode this kernel offers, in the order above";
}

const char *eh_mode_lacks(const struct eh_mode *m, enum eh_scope scope, unsigned int sides)
{
	sides = eh_sides(sides);
	if (!m->sec[EH_SIDE_ENTRY][scope] && !m->sec[EH_SIDE_EXIT][scope])
		return scope == EH_SCOPE_ALL ? "does not serve every syscall" :
		       "does not serve named syscalls";
	if ((sides & EH_EXIT) && !m->sec[EH_SIDE_EXIT][scope])
		return m->no_exit ? m->no_exit : "has no syscall-exit side";
	if ((sides & EH_ENTRY) && !m->sec[EH_SIDE_ENTRY][scope])
		return "has no syscall-entry side";
	return NULL;
}

size_t eh_mode_chain(enum eh_scope scope, const struct eh_mode **out)
{
	size_t i, n = 0;
	int rank;

	if (scope == EH_SCOPE_NAMED) {
		for (i = 0; i < eh_nr_modes; i++)
			if (eh_modes[i].sec[EH_SIDE_ENTRY][scope] || eh_modes[i].sec[EH_SIDE_EXIT][scope])
				out[n++] = &eh_modes[i];
		return n;
	}
	for (rank = 1; rank <= (int)eh_nr_modes; rank++)
		for (i = 0; i < eh_nr_modes; i++)
			if (eh_modes[i].all_rank == rank &&
			    (eh_modes[i].sec[EH_SIDE_ENTRY][scope] || eh_modes[i].sec[EH_SIDE_EXIT][scope]))
				out[n++] = &eh_modes[i];
	return n;
}

/* ---- which modes an object offers ------------------------------------------ */

/* whether the object has a program in m's section for side and scope */
static bool has_side(struct bpf_object *obj, const struct eh_mode *m, enum eh_side side,
		     enum eh_scope scope)
{
	struct bpf_program *p;
	enum eh_scope sc;

	for (sc = 0; sc < EH_SCOPE__COUNT; sc++) {
		if ((scope != EH_SCOPE__COUNT && scope != sc) || !m->sec[side][sc])
			continue;
		bpf_object__for_each_program(p, obj)
			if (!strcmp(bpf_program__section_name(p), m->sec[side][sc]))
				return true;
	}
	return false;
}

unsigned int eh_modes_offered(struct bpf_object *obj, enum eh_scope scope, unsigned int sides)
{
	unsigned int mask = 0;
	enum eh_side side;
	size_t i;

	sides = eh_sides(sides);
	for (i = 0; i < eh_nr_modes; i++) {
		bool all = true;

		for (side = 0; side < EH_SIDE__COUNT; side++)
			if ((sides & (1u << side)) && !has_side(obj, &eh_modes[i], side, scope))
				all = false;
		if (all)
			mask |= 1u << i;
	}
	return mask;
}

static int quiet_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

unsigned int eh_elf_modes(eh_elf_fn elf_fn, enum eh_scope scope, unsigned int sides)
{
	libbpf_print_fn_t old;
	struct bpf_object *obj;
	const void *elf;
	unsigned int mask;
	size_t size;

	elf = elf_fn ? elf_fn(&size) : NULL;
	if (!elf)
		return 0;
	/* only the ELF is parsed: nothing reaches the kernel */
	old = libbpf_set_print(quiet_log);
	obj = bpf_object__open_mem(elf, size, NULL);
	libbpf_set_print(old);
	if (!obj)
		return 0;
	mask = eh_modes_offered(obj, scope, sides);
	bpf_object__close(obj);
	return mask;
}

const char *eh_modes_list(unsigned int mask, const char *sep, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < eh_nr_modes && o < len; i++)
		if (mask & (1u << i))
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? sep : "", eh_modes[i].name);
	return buf;
}

const char *eh_section_role(const char *sec, enum eh_scope *scope, enum eh_side *side)
{
	enum eh_scope sc, where;
	enum eh_side sd;
	size_t i;
	int n;

	if (!strcmp(sec, EH_SEC_TAIL_TARGET))
		return "tail-call target";
	if (!strcmp(sec, EH_SEC_COMPANION))
		return "companion";
	for (i = 0; i < eh_nr_modes; i++) {
		for (sd = 0; sd < EH_SIDE__COUNT; sd++) {
			where = EH_SCOPE__COUNT;
			for (n = 0, sc = 0; sc < EH_SCOPE__COUNT; sc++)
				if (eh_modes[i].sec[sd][sc] && !strcmp(eh_modes[i].sec[sd][sc], sec))
					where = n++ ? EH_SCOPE__COUNT : sc;
			if (!n)
				continue;
			if (scope)
				*scope = where;
			if (side)
				*side = sd;
			return eh_modes[i].name;
		}
	}
	return NULL;
}
