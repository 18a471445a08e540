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
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/privs.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/host/tracefs.h>
#include <ebpfhello/load/attach.h>
#include <ebpfhello/load/session.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>

#include "features.skel.h"

#define SECURITYFS		"/sys/kernel/security"
#define SECURITYFS_MAGIC	0x73636673

static const char doc[] =
	"Show what this kernel offers ebpfhello: BTF, lockdown, tracefs, kprobes, "
	"buffers, and each attach mode, tried for real with an empty program.\v"
	"Exit status 1 when this process may not load tracing programs (not root).\n\n"
	"Examples:\n"
	"  ebpfhello features\n"
	"  ebpfhello features --json | jq .attach.fentry.available\n";

static const struct argp_child children[] = {
	{ &eh_output_argp, 0, NULL, 0 },
	{ 0 }
};

EH_CMD_DEFINE(features, NULL, NULL, doc, children)
EH_CMD_BOOK(features, "nothing: a preflight of ebpfhello's own",
	{ "eh_probe_*", "an empty program of one attach mode, loaded and attached to see "
	  "whether the mode works here" })

static int open_skel(struct eh_session *s)
{
	struct features_bpf *skel = features_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	return 0;
}

static void row(const char *key, bool yes, const char *note)
{
	out_text("%-22s ", key);
	out_open_object(key);
	out_bool("available", "%-4s ", yes);
	out_str("note", "%s\n", note);
	out_close();
}

/*
 * The active lockdown mode ("none [integrity] confidentiality": the one in
 * brackets).  securityfs is mounted for the look if it is not, as tracefs
 * is for tracing.
 */
static void lockdown(char *buf, size_t len)
{
	struct statfs st;
	bool mounted_here = false;
	char *open, *close;
	FILE *f;

	if (statfs(SECURITYFS, &st) || st.f_type != SECURITYFS_MAGIC) {
		if (mount("securityfs", SECURITYFS, "securityfs", 0, NULL)) {
			snprintf(buf, len, "unknown: securityfs is not mounted and mounting it "
				 "failed (%s)", strerror(errno));
			return;
		}
		mounted_here = true;
	}
	f = fopen(SECURITYFS "/lockdown", "re");
	if (!f || !fgets(buf, (int)len, f)) {
		snprintf(buf, len, "none (no lockdown LSM in this kernel)");
	} else {
		open = strchr(buf, '[');
		close = open ? strchr(open, ']') : NULL;
		if (open && close) {
			*close = '\0';
			memmove(buf, open + 1, strlen(open + 1) + 1);
		}
		buf[strcspn(buf, "\n")] = '\0';
	}
	if (f)
		fclose(f);
	if (mounted_here)
		umount2(SECURITYFS, MNT_DETACH);
}

static void attach_rows(bool privileged)
{
	size_t i;

	out_text("\n%-22s %-4s %s\n", "ATTACH MODE", "OK", "HOW / WHY NOT");
	out_open_object("attach");
	for (i = 0; i < eh_mode_count(); i++) {
		const struct eh_mode *m = eh_mode_at(i);
		struct eh_session s = { .mode = m, .quiet = true, .open = open_skel };
		int err;

		if (!privileged) {
			row(eh_mode_name(m), false, "not tried: needs root");
			continue;
		}
		/* execve: every mode can take it, and its wrapper has BTF
		 * (SYSCALL_DEFINE0 ones such as getppid often have none) */
		eh_args_syscalls(&s, "execve");
		err = eh_session_attach(&s);
		row(eh_mode_name(m), !err, err ? s.tried[0].why : s.point);
		eh_session_close(&s);
	}
	out_close();
}

int cmd_features(int argc, char **argv)
{
	const char *unknown = eh_disable_unknown();
	struct utsname u;
	char buf[160];
	bool privileged;
	int i;

	eh_argp_parse(&cmd_features_argp, argc, argv);
	out_init(stdout, eh_opts.json, eh_opts.iso_time);
	eh_libbpf_log_setup();
	if (unknown)
		eh_warn("EBPFHELLO_DISABLE names '%s', which is no feature of this list",
			eh_quote(unknown, 0));
	uname(&u);

	out_begin("features");
	out_str("kernel", "kernel %s", u.release);
	out_str("arch", " (%s)\n\n", u.machine);
	out_text("%-22s %-4s %s\n", "FEATURE", "OK", "NOTE");
	out_open_object("features");
	privileged = eh_privileged();
	row("privileges", privileged,
	    privileged ? "may load and attach tracing programs" : "needs root or CAP_BPF+CAP_PERFMON");
	if (privileged) {
		lockdown(buf, sizeof(buf));
		row("lockdown", strncmp(buf, "confidentiality", 15) != 0, buf);
	} else {
		row("lockdown", false, "not tried: needs root");
	}
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
	out_flush();
	if (out_error())
		return EH_EXIT_RUNTIME;
	/* a preflight check that finds nothing usable says so in its status */
	return privileged ? EH_EXIT_OK : EH_EXIT_RUNTIME;
}
