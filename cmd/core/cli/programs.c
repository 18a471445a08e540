// SPDX-License-Identifier: MIT
/* `ebpfhello __programs`; see include/ebpfhello/cli/programs.h. */
#include <stdio.h>

#include <bpf/libbpf.h>

#include <ebpfhello/cli/command.h>
#include <ebpfhello/cli/programs.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/show/messages.h>

int eh_cmd_programs(const struct eh_cmds *cmds, int argc, char **argv)
{
	const void *elf;
	const char *role;
	struct bpf_program *p;
	struct bpf_object *obj;
	enum eh_scope scope;
	enum eh_side side;
	size_t i, size;
	int bad = 0;

	for (i = 0; i < cmds->n; i++) {
		elf = cmds->at[i].elf ? cmds->at[i].elf(&size) : NULL;
		obj = elf ? bpf_object__open_mem(elf, size, NULL) : NULL;
		if (!obj) {
			printf("%s\t-\t-\tno BPF object\n", cmds->at[i].name);
			continue;
		}
		bpf_object__for_each_program(p, obj) {
			scope = EH_SCOPE__COUNT;
			side = EH_SIDE_ENTRY;
			role = eh_section_role(bpf_program__section_name(p), &scope, &side);
			printf("%s\t%s\t%s\t%s%s%s\n", cmds->at[i].name, bpf_program__name(p),
			       bpf_program__section_name(p), role ? role : "UNKNOWN SECTION",
			       !role || !strcmp(role, "tail-call target") || !strcmp(role, "companion") ? "" :
			       scope == EH_SCOPE_ALL ? " (every syscall)" :
			       scope == EH_SCOPE_NAMED ? " (named syscalls)" : " (both)",
			       role && side == EH_SIDE_EXIT ? " at exit" : "");
			bad += !role;
		}
		bpf_object__close(obj);
	}
	return bad ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}
