/* SPDX-License-Identifier: MIT */
/* foo: the record bpf/foo.bpf.c sends and cmd/foo.c prints. */
#ifndef EBPFHELLO_FOO_H
#define EBPFHELLO_FOO_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include <ebpfhello/base/bpf_config.h>

struct eh_foo_event {
	__u32 pid;
	__u32 syscall_id;
	char comm[EH_COMM_LEN];
};

#endif
