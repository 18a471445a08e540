// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * features: one empty program per attach mode.  `ebpfhello features` loads
 * and attaches each in turn through the same session code every subcommand
 * uses, so its answers are the tool's own, not a guess.
 */
#include "common.bpf.h"

SEC("ksyscall")
int eh_probe_kprobe(void *ctx)
{
	return 0;
}

SEC("fentry")
int eh_probe_fentry(void *ctx)
{
	return 0;
}

SEC("raw_tp/sched_process_exec")
int eh_probe_exec(void *ctx)
{
	return 0;
}

SEC("tracepoint")
int eh_probe_tp(void *ctx)
{
	return 0;
}

SEC("raw_tp/sys_enter")
int eh_probe_raw_tp(void *ctx)
{
	return 0;
}

SEC("tp_btf/sys_enter")
int eh_probe_tp_btf(void *ctx)
{
	return 0;
}
