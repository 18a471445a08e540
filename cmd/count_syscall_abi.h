/* SPDX-License-Identifier: MIT */
/*
 * count-syscall's ABIs (cmd/count_syscall_abi.c): what the BPF side is
 * told before load to key calls by "sid" (include/ebpfhello/count_syscall.h),
 * and the names of sids in text, JSON and Prometheus labels.
 */
#ifndef EBPFHELLO_COUNT_SYSCALL_ABI_H
#define EBPFHELLO_COUNT_SYSCALL_ABI_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

#include <ebpfhello/base/abi.h>
#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/base/counts.h>
#include <ebpfhello/show/metrics.h>
#include <ebpfhello/load/session.h>

/* how the BPF side tells the ABI (enum eh_abi_read); keyed: the run keys
 * anything by syscall (else it need not); *status_off: where x86-64's
 * probe path reads thread_info.status, by the kernel's release */
uint32_t cs_abi_read(bool keyed, __u32 *status_off);
/* --syscall's names, in the compat and x32 tables: eh_abi_bits */
void cs_abi_bits(const struct eh_session *s, __u64 bits[EH_ABI__COUNT - 1][EH_SYSCALL_SLOTS / 64]);
/* the sids of exit and exit_group in every ABI (EH_SIDS where absent) */
void cs_sid_exits(__u32 out[2 * EH_ABI__COUNT]);
/* after load: the odd_ids map, where the odd sids' ids are */
void cs_set_odd_ids_map(int fd);

struct cs_sid {
	unsigned int abi;
	long long id;		/* as that ABI numbers it (x32: with its bit) */
	const char *name;	/* NULL: no table has it */
	bool over;		/* EH_SID_OVER: ids past the EH_ODD_MAX kept apart */
};
/* false when the sid cannot be told (an odd slot no longer readable) */
bool cs_sid_decode(uint32_t sid, struct cs_sid *out);
/* --by syscall: s reads the native ids (by_syscall, an array), and the
 * other sids (by_id, a hash) through sids, added in as s's extra (maps.h) */
struct eh_sampler;
void cs_sids_sampler(struct eh_sampler *s, struct eh_sampler *sids, int by_id_fd);
/* the summary's "other_ids": calls of ids that found no slot apart */
void cs_abi_summary(uint64_t over);
/* "syscall_id", "syscall", "abi" (or "other_ids"); text: 22 columns */
void cs_print_syscall(uint32_t sid);
/* Prometheus: syscall="getppid", abi="i386" (none for the native ABI);
 * false for ids past the limit (counted in the other series) */
bool cs_sid_labels(uint64_t sid, char v[2][EH_LABEL_MAX]);

#endif
