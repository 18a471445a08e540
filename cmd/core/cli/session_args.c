// SPDX-License-Identifier: MIT
/* --syscall and --attach for a session; see include/ebpfhello/cli/session_args.h. */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/cli/command.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/load/session.h>
#include <ebpfhello/show/messages.h>

void eh_args_syscalls(struct eh_session *s, const char *list)
{
	eh_syscalls_arg("--syscall", list, s->sys, &s->nr_sys, EH_MAX_SYSCALLS);
}

void eh_args_attach(struct eh_session *s)
{
	enum eh_scope scope = eh_session_scope(s);
	unsigned int offered;
	const char *lack;
	char list[128], what[256];
	int i;

	s->calls = eh_opts.calls;
	s->mode = eh_opts.attach;
	if (!s->mode || !eh_opts.cmd)
		return;
	offered = eh_elf_modes(eh_opts.cmd->elf, scope, s->sides);
	if (offered & (1u << eh_mode_index(s->mode))) {
		/* known before anything loads: a usage error, as the rest */
		if (s->calls && eh_mode_exec_only(s->mode))
			eh_usage_error("--attach %s sees successful execs only, and --calls asks "
				       "for every call: give one of them", eh_mode_name(s->mode));
		for (i = 0; eh_mode_exec_only(s->mode) && i < s->nr_sys; i++)
			if (strcmp(s->sys[i]->name, "execve") && strcmp(s->sys[i]->name, "execveat"))
				eh_usage_error("--attach %s: only for execve and execveat, not %s",
					       eh_mode_name(s->mode), s->sys[i]->name);
		return;
	}
	lack = eh_mode_lacks(s->mode, scope, s->sides);
	if (lack && s->sides & EH_EXIT)
		snprintf(what, sizeof(what), "auto or one of %s (%s %s; this needs the syscall's "
			 "exit)", eh_modes_list(offered, ", ", list, sizeof(list)),
			 eh_mode_name(s->mode), lack);
	else
		snprintf(what, sizeof(what), "auto or one of %s (what %s offers%s)",
			 eh_modes_list(offered, ", ", list, sizeof(list)), eh_opts.cmd->name,
			 scope == EH_SCOPE_ALL &&
			 eh_elf_modes(eh_opts.cmd->elf, EH_SCOPE__COUNT, EH_ENTRY) != offered ?
			 " for every syscall" : "");
	eh_bad_value("--attach", eh_mode_name(s->mode), what);
}
