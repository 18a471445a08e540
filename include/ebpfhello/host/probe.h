/* SPDX-License-Identifier: MIT */
/*
 * Cheap kernel-feature probes, each answered once and cached.  The attach
 * chain (session.c) asks them to skip what cannot work before loading
 * anything; `ebpfhello features` prints them beside real attach attempts.
 */
#ifndef EBPFHELLO_PROBE_H
#define EBPFHELLO_PROBE_H

#include <stdbool.h>

enum eh_feature {
	EH_FEAT_BTF,		/* /sys/kernel/btf/vmlinux: CO-RE, fentry, tp_btf (5.4+) */
	EH_FEAT_KPROBE,		/* kprobe PMU (4.17+) or tracefs kprobe_events */
	EH_FEAT_TRACEFS,	/* tracefs mounted, or mounted by us */
	EH_FEAT_SYSCALL_TP,	/* syscalls:sys_enter_* events (CONFIG_FTRACE_SYSCALLS) */
	EH_FEAT_RINGBUF,	/* BPF_MAP_TYPE_RINGBUF (5.8+) */
	EH_FEAT_BATCH,		/* batched map lookups on hash maps (5.6+) */
	EH_FEAT_FENTRY,		/* fentry loads are not refused outright (5.5+) */
	EH_FEAT_ATOMICS,	/* BPF compare-and-swap and friends (5.12+) */
	EH_FEAT_TASK_BTF,	/* bpf_get_current_task_btf (5.11+; arm64: and
				 * bpf_task_pt_regs, 5.15+): count-syscall tells
				 * compat calls by plain loads */
	EH_FEAT__COUNT,
};

bool eh_has(enum eh_feature f);
/* a name EBPFHELLO_DISABLE lists that is no feature (a typo), or NULL */
const char *eh_disable_unknown(void);
const char *eh_feature_name(enum eh_feature f);
/* where it was found, or why it is missing */
const char *eh_feature_note(enum eh_feature f);

#endif
