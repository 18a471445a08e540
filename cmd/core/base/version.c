// SPDX-License-Identifier: MIT
/* The version line; see include/ebpfhello/base/version.h. */
#include <ebpfhello/base/version.h>

#include "eh_version.h"	/* generated (cmake/build_info.cmake): EH_BUILD_GIT, EH_BUILD_LIBBPF */

void eh_print_version(FILE *f)
{
	fprintf(f, "ebpfhello %s (%s, libbpf %s)\n", EH_VERSION, EH_BUILD_GIT, EH_BUILD_LIBBPF);
}
