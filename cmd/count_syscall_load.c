// SPDX-License-Identifier: MIT
/* count-syscall's objects; see cmd/count_syscall_load.h. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/show/messages.h>

#include <ebpfhello/count_syscall.h>

#include "count_syscall_abi.h"
#include "count_syscall_load.h"
#include "count_syscall.skel.h"
#include "count_syscall_identity.skel.h"	/* --by cgroup|unit|container */

/*
 * One source, two objects: their .rodata and .bss hold the same variables
 * (cgroup_names.bpf.h adds maps only), so one writer serves both.  Checked
 * here, member by member, so that a variable added under EH_IDENTITY alone
 * stops the build instead of writing the wrong bytes.
 */
typedef struct count_syscall_bpf__rodata cs_rodata;
typedef struct count_syscall_bpf__bss cs_bss;
#define SAME_AT(type, m)							\
	_Static_assert(offsetof(struct count_syscall_bpf__##type, m) ==		\
		       offsetof(struct count_syscall_identity_bpf__##type, m),	\
		       "count_syscall_identity's ." #type " differs at " #m)
SAME_AT(rodata, eh_cfg);
SAME_AT(rodata, eh_by);
SAME_AT(rodata, eh_measure);
SAME_AT(rodata, eh_histogram);
SAME_AT(rodata, eh_nr_exit_group);
SAME_AT(rodata, eh_sid_exits);
SAME_AT(rodata, eh_abi_bits);
SAME_AT(rodata, eh_abi_read);
SAME_AT(rodata, eh_abi_status_off);
SAME_AT(bss, eh_dropped);
SAME_AT(bss, eh_odd_over);
_Static_assert(sizeof(struct count_syscall_bpf__rodata) ==
	       sizeof(struct count_syscall_identity_bpf__rodata), "the .rodata differ");
_Static_assert(sizeof(struct count_syscall_bpf__bss) ==
	       sizeof(struct count_syscall_identity_bpf__bss), "the .bss differ");

static cs_rodata *rodata;
static cs_bss *bss;

static struct bpf_map *map(const struct eh_session *s, const char *name)
{
	return bpf_object__find_map_by_name(s->obj, name);
}

const void *cs_elf_bytes(size_t *size)
{
	return count_syscall_bpf__elf_bytes(size);
}

int cs_map_fd(const struct eh_session *s, const char *name)
{
	return bpf_map__fd(map(s, name));
}

bool cs_counts_by_live_map(const struct cs_load *l)
{
	return (l->by == EH_BY_PID || l->by == EH_BY_COMM) &&
	       (l->measure == EH_MEASURE_CALLS || l->measure == EH_MEASURE_FAILED);
}

static int open_object(struct eh_session *s, bool identity)
{
	if (identity) {
		struct count_syscall_identity_bpf *skel = count_syscall_identity_bpf__open();

		if (!skel)
			return -errno;
		EH_SESSION_BIND(s, skel);
		rodata = (cs_rodata *)skel->rodata;
		bss = (cs_bss *)skel->bss;
		/* the per-CPU cache of the cgroup id (bpf/cgroup_id.bpf.h): one
		 * entry a CPU and the generation; its program bumps that at
		 * every move of a task to another cgroup */
		if (libbpf_num_possible_cpus() > 0)
			bpf_map__set_max_entries(skel->maps.eh_cg_cache,
						 (__u32)libbpf_num_possible_cpus() + 1);
		s->companions[s->nr_companions++] = skel->progs.eh_cg_moved;
	} else {
		struct count_syscall_bpf *skel = count_syscall_bpf__open();

		if (!skel)
			return -errno;
		EH_SESSION_BIND(s, skel);
		rodata = skel->rodata;
		bss = skel->bss;
	}
	return 0;
}

/* only the maps this run needs get their full size */
static void size_maps(struct eh_session *s, const struct cs_load *l)
{
	bool keyed = l->by == EH_BY_UID || l->by == EH_BY_PID;

	/* by syscall, the hash holds every sid that is not native */
	if (l->by == EH_BY_SYSCALL && l->measure != EH_MEASURE_ERRORS)
		bpf_map__set_max_entries(map(s, "by_id"), EH_SIDS - EH_SYSCALL_SLOTS);
	else if (!keyed && l->measure != EH_MEASURE_ERRORS)
		bpf_map__set_max_entries(map(s, "by_id"), 1);
	if (l->by != EH_BY_PID)
		bpf_map__set_max_entries(map(s, "pid_comm"), 1);
	if (l->by != EH_BY_COMM)
		bpf_map__set_max_entries(map(s, "by_comm"), 1);
	if (l->measure != EH_MEASURE_LATENCY) {
		bpf_map__set_max_entries(map(s, "starts"), 1);
		bpf_map__set_max_entries(map(s, "lat"), 1);
	}
	if (!l->histogram)
		bpf_map__set_max_entries(map(s, "lat_hist"), 1);
	if (!cs_counts_by_live_map(l))
		bpf_map__set_max_entries(map(s, "by_id_spare"), 1);
	if (!cs_counts_by_live_map(l) || l->by != EH_BY_COMM)
		bpf_map__set_max_entries(map(s, "by_comm_spare"), 1);
}

int cs_open(struct eh_session *s, const struct cs_load *l)
{
	bool latency = l->measure == EH_MEASURE_LATENCY;
	int err = open_object(s, l->by == EH_BY_CGROUP);

	if (err)
		return err;
	rodata->eh_by = l->by;
	rodata->eh_measure = l->measure;
	rodata->eh_histogram = l->histogram;
	rodata->eh_nr_exit_group = eh_syscall_by_name("exit_group")->nr;
	/* the ABI of each call, where anything is keyed by syscall */
	rodata->eh_abi_read = cs_abi_read(l->by == EH_BY_SYSCALL || s->nr_sys ||
					  l->measure == EH_MEASURE_ERRORS || latency,
					  &rodata->eh_abi_status_off);
	cs_abi_bits(s, rodata->eh_abi_bits);
	cs_sid_exits(rodata->eh_sid_exits);
	size_maps(s, l);
	return 0;
}

int cs_fill_live_map(struct eh_session *s, const struct cs_load *l)
{
	struct bpf_map *outer = map(s, l->by == EH_BY_COMM ? "live_by_comm" : "live_by_pid");
	uint32_t zero = 0;
	int fd = cs_map_fd(s, l->by == EH_BY_COMM ? "by_comm" : "by_id");

	if (!cs_counts_by_live_map(l))
		return 0;
	if (bpf_map_update_elem(bpf_map__fd(outer), &zero, &fd, BPF_ANY)) {
		eh_error("cannot fill %s: %s", bpf_map__name(outer), strerror(errno));
		return -errno;
	}
	return 0;
}

uint64_t cs_dropped(void)
{
	return bss ? bss->eh_dropped : 0;
}

uint64_t cs_odd_over(void)
{
	return bss ? bss->eh_odd_over : 0;
}
