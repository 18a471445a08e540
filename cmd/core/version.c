// SPDX-License-Identifier: MIT
/* The version line; see include/ebpfhello/version.h. */
#include <bpf/libbpf.h>

#include <ebpfhello/version.h>

/* the build writes it into gen/ (CMakeLists.txt); "unknown" outside git */
#ifndef EH_GIT_COMMIT
#define EH_GIT_COMMIT "unknown"
#endif

void eh_print_version(FILE *f)
{
	fprintf(f, "ebpfhello %s (git %s, libbpf %s)\n", EH_VERSION, EH_GIT_COMMIT,
		libbpf_version_string());
}
