// SPDX-License-Identifier: MIT
/*
 * features: a preflight check.  What this kernel and this process offer:
 * privileges, BTF, lockdown, tracefs, buffers, and every attach mode, each
 * tried for real with an empty program through the shared session code, so
 * the answer is the one the other subcommands would get.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/output.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/probe.h>
#include <ebpfhello/session.h>
#include <ebpfhello/tracefs.h>

#include "probe.skel.h"

static const char doc[] =
	"Show what this kernel offers ebpfhello: BTF, lockdown, tracefs, kprobes, "
	"buffers, and each attach mode, tried for real with an empty program.\v"
	"Examples:\n"
	"  ebpfhello features\n"
	"  ebpfhello features --json | jq .attach.fentry.available\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	if (key == ARGP_KEY_ARG)
		eh_bad_value("argument", arg, "options only (see --help)");
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_output_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp argp = { NULL, parse_opt, NULL, doc, children, NULL, NULL };

static int open_skel(struct eh_session *s)
{
	struct probe_bpf *skel = probe_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	return 0;
}

static void close_skel(struct eh_session *s)
{
	probe_bpf__destroy(s->skel);
}

static void row(const char *key, bool yes, const char *note)
{
	out_text("%-22s ", key);
	out_open_object(key);
	out_bool("available", "%-4s ", yes);
	out_str("note", "%s\n", note);
	out_close();
}

static void lockdown(char *buf, size_t len)
{
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	char *open, *close;

	snprintf(buf, len, "unknown (securityfs not mounted)");
	if (!f)
		return;
	if (fgets(buf, (int)len, f)) {
		/* "none [integrity] confidentiality": the bracketed one is active */
		open = strchr(buf, '[');
		close = open ? strchr(open, ']') : NULL;
		if (open && close) {
			*close = '\0';
			memmove(buf, open + 1, strlen(open + 1) + 1);
		}
		buf[strcspn(buf, "\n")] = '\0';
	}
	fclose(f);
}

static void attach_rows(bool privileged)
{
	static const enum eh_attach_mode modes[] = {
		EH_ATTACH_KPROBE, EH_ATTACH_FENTRY, EH_ATTACH_EXEC,
		EH_ATTACH_TRACEPOINT, EH_ATTACH_RAW_TP, EH_ATTACH_TP_BTF,
	};
	size_t i;

	out_text("\n%-22s %-4s %s\n", "ATTACH MODE", "OK", "HOW / WHY NOT");
	out_open_object("attach");
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct eh_session s = { .mode = modes[i], .quiet = true,
					.open = open_skel, .close = close_skel };
		int err;

		/* execve: every mode can take it, and its wrapper has BTF
		 * (SYSCALL_DEFINE0 ones such as getppid often have none) */
		eh_session_add_syscalls(&s, "execve");
		if (!privileged) {
			row(eh_attach_name(modes[i]), false, "not tried: needs root");
			continue;
		}
		err = eh_session_attach(&s);
		row(eh_attach_name(modes[i]), !err, err ? s.tried : s.point);
		eh_session_close(&s);
	}
	out_close();
}

int cmd_features(int argc, char **argv)
{
	struct utsname u;
	char buf[160];
	bool privileged;
	int i;

	eh_argp_parse(&argp, argc, argv, NULL);
	out_init(stdout, eh_opts.json);
	eh_libbpf_log_setup();
	uname(&u);

	out_begin("features");
	out_str("kernel", "kernel %s", u.release);
	out_str("arch", " (%s)\n\n", u.machine);
	out_text("%-22s %-4s %s\n", "FEATURE", "OK", "NOTE");
	out_open_object("features");
	privileged = eh_privileged();
	row("privileges", privileged,
	    privileged ? "may load and attach tracing programs" : "needs root or CAP_BPF+CAP_PERFMON");
	lockdown(buf, sizeof(buf));
	row("lockdown", strncmp(buf, "confidentiality", 15) != 0, buf);
	for (i = 0; i < EH_FEAT__COUNT; i++) {
		/* tracefs and kprobe_events need root to look at */
		bool ask = privileged || i == EH_FEAT_BTF;

		row(eh_feature_name((enum eh_feature)i), ask && eh_has((enum eh_feature)i),
		    ask ? eh_feature_note((enum eh_feature)i) : "not tried: needs root");
	}
	out_close();
	attach_rows(privileged);
	out_end();
	eh_tracefs_cleanup();
	if (out_flush() == -EPIPE)
		return EH_EXIT_OK;
	/* a preflight check that finds nothing usable says so in its status */
	return privileged ? EH_EXIT_OK : EH_EXIT_RUNTIME;
}
