// SPDX-License-Identifier: MIT
/* Privilege check without libcap; see include/ebpfhello/host/privs.h. */
#include <errno.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ebpfhello/host/privs.h>
#include <ebpfhello/show/messages.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static int has_cap(const struct __user_cap_data_struct d[2], int cap)
{
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

bool eh_privileged(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data))
		return false;
	/* Linux 5.8 split CAP_BPF and CAP_PERFMON out of CAP_SYS_ADMIN */
	return has_cap(data, CAP_SYS_ADMIN) ||
	       (has_cap(data, CAP_BPF) && has_cap(data, CAP_PERFMON));
}

int eh_check_privileges(void)
{
	if (eh_privileged())
		return 0;
	eh_error("permission denied: loading tracing programs needs root, or "
		 "CAP_BPF and CAP_PERFMON (Linux 5.8+); run it with sudo");
	return -EPERM;
}
