// SPDX-License-Identifier: MIT
/*
 * count-syscall's ABIs: a compat call (i386 on x86-64, arm32 on arm64) or
 * an x32 one numbers the syscalls its own way, and ids no table has are
 * each kept apart (include/ebpfhello/count_syscall.h's sids).  Here: what
 * the BPF side needs to tell them, and their names.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <bpf/bpf.h>

#include <ebpfhello/count_syscall.h>
#include <ebpfhello/run/maps.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/host/syscall_abis.h>
#include <ebpfhello/host/syscalls.h>

#include "count_syscall_abi.h"

static int odd_ids_fd = -1;

/* whether the running kernel is release major.minor or later */
static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &a, &b) != 2)
		return true;	/* as the tool was built for */
	return a > major || (a == major && b >= minor);
}

uint32_t cs_abi_read(bool keyed, __u32 *status_off)
{
	/* x86-64's thread_info: flags, syscall_work (5.11), status */
	bool new_layout = kernel_at_least(5, 11);

	*status_off = new_layout ? 16 : 8;
	if (!keyed)
		return EH_ABI_READ_NONE;
	return new_layout && eh_has(EH_FEAT_TASK_BTF) ? EH_ABI_READ_BTF : EH_ABI_READ_PROBE;
}

/* a name asked for counts in every ABI that has it */
void cs_abi_bits(const struct eh_session *s, __u64 bits[EH_ABI__COUNT - 1][EH_SYSCALL_SLOTS / 64])
{
	const struct eh_syscall *sc;
	unsigned int abi;
	long nr;
	int i;

	memset(bits, 0, sizeof(__u64) * (EH_ABI__COUNT - 1) * (EH_SYSCALL_SLOTS / 64));
	for (abi = EH_ABI_COMPAT; abi < EH_ABI__COUNT; abi++) {
		for (i = 0; i < s->nr_sys; i++) {
			sc = eh_abi_syscall_by_name(abi, s->sys[i]->name);
			nr = sc ? sc->nr & ~(long)(abi == EH_ABI_X32 ? EH_X32_SYSCALL_BIT : 0) : -1;
			if (nr >= 0 && nr < EH_SYSCALL_SLOTS)
				bits[abi - 1][nr / 64] |= 1ULL << (nr % 64);
		}
	}
}

static const uint32_t sid_base[EH_ABI__COUNT] = {
	[EH_ABI_NATIVE] = 0, [EH_ABI_COMPAT] = EH_SID_COMPAT, [EH_ABI_X32] = EH_SID_X32,
};

void cs_sid_exits(__u32 out[2 * EH_ABI__COUNT])
{
	static const char *const names[] = { "exit", "exit_group" };
	const struct eh_syscall *sc;
	unsigned int abi, i;
	long nr;

	for (abi = 0; abi < EH_ABI__COUNT; abi++) {
		for (i = 0; i < 2; i++) {
			sc = eh_abi_syscall_by_name(abi, names[i]);
			nr = sc ? sc->nr & ~(long)(abi == EH_ABI_X32 ? EH_X32_SYSCALL_BIT : 0) : -1;
			out[2 * abi + i] = nr >= 0 && nr < EH_SYSCALL_SLOTS ? sid_base[abi] + (uint32_t)nr :
					   EH_SIDS;
		}
	}
}

void cs_set_odd_ids_map(int fd)
{
	odd_ids_fd = fd;
}

bool cs_sid_decode(uint32_t sid, struct cs_sid *out)
{
	struct eh_odd_id odd;
	uint32_t slot;

	memset(out, 0, sizeof(*out));
	if (sid >= EH_SID_OVER) {
		out->over = true;
		return sid == EH_SID_OVER;
	}
	if (sid < EH_SID_ODD) {
		out->abi = sid / EH_SYSCALL_SLOTS;
		out->id = sid % EH_SYSCALL_SLOTS;
	} else {
		slot = sid - EH_SID_ODD;
		if (odd_ids_fd < 0 || bpf_map_lookup_elem(odd_ids_fd, &slot, &odd) ||
		    odd.abi >= EH_ABI__COUNT)
			return false;
		out->abi = odd.abi;
		out->id = odd.id;
	}
	if (out->abi == EH_ABI_X32)
		out->id |= EH_X32_SYSCALL_BIT;
	out->name = eh_abi_syscall_name(out->abi, (long)out->id);
	return true;
}

void cs_print_syscall(uint32_t sid)
{
	struct cs_sid c;
	char text[64], num[32];
	const char *abi;

	if (!cs_sid_decode(sid, &c) || c.over) {
		/* counted, but with no id to show: said as such */
		out_json_bool("other_ids", true);
		out_text("%-22s ", "[other ids]");
		return;
	}
	abi = c.abi != EH_ABI_NATIVE ? eh_abi_name(c.abi) : NULL;
	out_json_s64("syscall_id", c.id);
	if (c.name)
		out_json_str("syscall", c.name);
	if (abi)
		out_json_str("abi", abi);
	snprintf(num, sizeof(num), "[unknown %lld]", c.id);
	snprintf(text, sizeof(text), "%s%s%s%s", c.name ? c.name : num, abi ? " (" : "",
		 abi ? abi : "", abi ? ")" : "");
	out_text("%-22s ", text);
}

bool cs_sid_labels(uint64_t sid, char v[2][EH_LABEL_MAX])
{
	struct cs_sid c;

	if (sid > UINT32_MAX || !cs_sid_decode((uint32_t)sid, &c) || c.over)
		return false;
	if (c.name)
		snprintf(v[0], EH_LABEL_MAX, "%s", c.name);
	else
		snprintf(v[0], EH_LABEL_MAX, "%lld", c.id);
	if (c.abi != EH_ABI_NATIVE)
		snprintf(v[1], EH_LABEL_MAX, "%s", eh_abi_name(c.abi));
	return true;
}

/* a sampler's extra (maps.h): ctx is a sampler of the sids in by_id */
static int add_sids(struct eh_counts *cur, void *ctx)
{
	struct eh_sampler *sids = ctx;
	size_t i;
	int err = eh_sampler_read(sids, &sids->cur);

	for (i = 0; !err && i < sids->cur.n; i++)
		err = eh_counts_add(cur, sids->cur.v[i].key, NULL, sids->cur.v[i].value);
	return err;
}

void cs_sids_sampler(struct eh_sampler *s, struct eh_sampler *sids, int by_id_fd)
{
	s->extra = add_sids;
	s->extra_ctx = sids;
	sids->map_fd = by_id_fd;
	sids->kind = EH_KEY_U32;
	sids->percpu = true;
}

void cs_abi_summary(uint64_t over)
{
	out_json_u64("other_ids", over);
	if (over)
		out_text(" %llu calls of ids past the %d kept apart ([other ids]),",
			 (unsigned long long)over, EH_ODD_MAX);
}
