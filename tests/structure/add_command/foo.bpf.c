// SPDX-License-Identifier: GPL-2.0 OR MIT
/* foo: one record per getppid, from the sys_enter raw tracepoint. */
#include "emit.bpf.h"
#include <ebpfhello/foo.h>

SEC("raw_tp/sys_enter")
int BPF_PROG(eh_foo_raw_tp, struct pt_regs *regs, long id)
{
	struct eh_foo_event e = {};

	if (!eh_sys_wanted(id) || eh_skip_task())
		return 0;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.syscall_id = (__u32)id;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	eh_emit(ctx, &e, sizeof(e));
	return 0;
}
