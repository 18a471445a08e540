// SPDX-License-Identifier: MIT
/* Cached feature probes; see include/ebpfhello/host/probe.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/host/probe.h>
#include <ebpfhello/host/tracefs.h>

static struct {
	bool done;
	bool yes;
	char note[128];
} cache[EH_FEAT__COUNT];

static const char *const names[EH_FEAT__COUNT] = {
	[EH_FEAT_BTF] = "btf",
	[EH_FEAT_KPROBE] = "kprobe",
	[EH_FEAT_TRACEFS] = "tracefs",
	[EH_FEAT_SYSCALL_TP] = "syscall_tracepoints",
	[EH_FEAT_RINGBUF] = "ringbuf",
	[EH_FEAT_BATCH] = "map_batch_ops",
	[EH_FEAT_FENTRY] = "fentry",
	[EH_FEAT_ATOMICS] = "bpf_atomics",
	[EH_FEAT_TASK_BTF] = "task_btf",
};

const char *eh_feature_name(enum eh_feature f)
{
	return f < EH_FEAT__COUNT ? names[f] : "?";
}

#define NOTE(...) snprintf(cache[f].note, sizeof(cache[f].note), __VA_ARGS__)

static bool probe_btf(enum eh_feature f)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK) == 0) {
		NOTE("/sys/kernel/btf/vmlinux");
		return true;
	}
	NOTE("no /sys/kernel/btf/vmlinux (kernel built without CONFIG_DEBUG_INFO_BTF)");
	return false;
}

/*
 * Linux 4.17 added the kprobe PMU; before it, libbpf uses kprobe_events.
 * That file is only looked for when tracefs is mounted already: mounting
 * it just to ask costs every start-up on kernels without kprobes, and
 * kernels old enough to lack the PMU lack what CO-RE needs anyway.
 */
static bool probe_kprobe(enum eh_feature f)
{
	const char *d = eh_tracefs_mounted();
	char path[256];

	if (access("/sys/bus/event_source/devices/kprobe/type", R_OK) == 0) {
		NOTE("kprobe PMU");
		return true;
	}
	if (d) {
		snprintf(path, sizeof(path), "%s/kprobe_events", d);
		if (access(path, W_OK) == 0) {
			NOTE("%s", path);
			return true;
		}
	}
	NOTE("no kprobe PMU%s (kernel built without CONFIG_KPROBES?)",
	     d ? " and no kprobe_events" : "");
	return false;
}

static bool probe_tracefs(enum eh_feature f)
{
	const char *d = eh_tracefs_dir();

	if (d) {
		NOTE("%s", d);
		return true;
	}
	NOTE("tracefs is not mounted and cannot be mounted on /sys/kernel/tracing: %s",
	     strerror(errno));
	return false;
}

static bool probe_syscall_tp(enum eh_feature f)
{
	if (eh_tracefs_has_event("syscalls", "sys_enter_getppid")) {
		NOTE("syscalls:sys_enter_*");
		return true;
	}
	NOTE("no syscalls:sys_enter_* events (kernel built without CONFIG_FTRACE_SYSCALLS?)");
	return false;
}

static bool probe_ringbuf(enum eh_feature f)
{
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) == 1) {
		NOTE("BPF_MAP_TYPE_RINGBUF");
		return true;
	}
	NOTE("no BPF ring buffer (Linux 5.8+); the perf buffer is used");
	return false;
}

static bool probe_batch(enum eh_feature f)
{
	__u32 keys[1], vals[1], count = 1, out_batch;
	int fd, err;
	bool yes;

	fd = bpf_map_create(BPF_MAP_TYPE_HASH, NULL, 4, 4, 1, NULL);
	if (fd < 0) {
		NOTE("cannot create a map: %s", strerror(errno));
		return false;
	}
	err = bpf_map_lookup_batch(fd, NULL, &out_batch, keys, vals, &count, NULL);
	/* an empty map answers ENOENT when the command exists */
	yes = err == 0 || errno == ENOENT;
	close(fd);
	NOTE(yes ? "BPF_MAP_LOOKUP_BATCH" : "no batched lookups (Linux 5.6+); maps are iterated");
	return yes;
}

/*
 * Whether fentry programs may be loaded at all, without parsing vmlinux
 * BTF (~35 ms): a load aimed at a type id that is no function is refused
 * as invalid (EINVAL) where fentry works, but as forbidden (EPERM) where a
 * kernel or sandbox policy rules fentry out, whatever the target.  EINVAL
 * only means "maybe": the real load then decides.
 */
static bool probe_fentry(enum eh_feature f)
{
	struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = 1);
	int fd;

	if (!eh_has(EH_FEAT_BTF)) {
		NOTE("needs kernel BTF");
		return false;
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "eh_probe", "GPL", prog, 2, &opts);
	if (fd >= 0)
		close(fd);
	if (fd < 0 && (errno == EPERM || errno == EACCES)) {
		NOTE("fentry programs are refused by this kernel (%s)", strerror(errno));
		return false;
	}
	NOTE("BPF trampolines (the real load decides)");
	return true;
}

/* A program doing one 64-bit compare-and-swap on its stack (Linux 5.12). */
static bool probe_atomics(enum eh_feature f)
{
	struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1 },
		{ .code = BPF_STX | BPF_DW | BPF_MEM, .dst_reg = BPF_REG_10,
		  .src_reg = BPF_REG_1, .off = -8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 1 },
		{ .code = BPF_STX | BPF_DW | BPF_ATOMIC, .dst_reg = BPF_REG_10,
		  .src_reg = BPF_REG_1, .off = -8, .imm = BPF_CMPXCHG },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "eh_probe", "GPL", prog,
			       sizeof(prog) / sizeof(prog[0]), NULL);

	if (fd < 0) {
		NOTE("no BPF compare-and-swap (Linux 5.12+): count-uid uses its hash only");
		return false;
	}
	close(fd);
	NOTE("BPF_ATOMIC compare-and-swap");
	return true;
}

/*
 * What count-syscall's compat check reads through (bpf/syscall_abi.bpf.h):
 * the current task as a typed pointer (5.11) and, on arm64, its saved
 * registers (5.15), in a raw tracepoint program.  Without it the check
 * reads with bpf_probe_read_kernel(), at the layouts of older kernels.
 */
static bool probe_task_btf(enum eh_feature f)
{
#if defined(__aarch64__)
	const enum bpf_func_id fn = BPF_FUNC_task_pt_regs;
	const char *what = "bpf_task_pt_regs";
#else
	const enum bpf_func_id fn = BPF_FUNC_get_current_task_btf;
	const char *what = "bpf_get_current_task_btf";
#endif

	if (eh_has(EH_FEAT_BTF) &&
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT, fn, NULL) == 1) {
		NOTE("%s", what);
		return true;
	}
	NOTE("no %s (Linux 5.11+; arm64 5.15+): count-syscall reads the task "
	     "through bpf_probe_read_kernel()", what);
	return false;
}

/*
 * EBPFHELLO_DISABLE=bpf_atomics,fentry,... makes those features count as
 * missing: to try the fallbacks an older kernel would take, here.
 */
static bool disabled(enum eh_feature f)
{
	const char *list = getenv("EBPFHELLO_DISABLE");
	size_t n = strlen(names[f]);

	while (list && *list) {
		if (!strncmp(list, names[f], n) && (list[n] == ',' || list[n] == '\0'))
			return true;
		list = strchr(list, ',');
		if (list)
			list++;
	}
	return false;
}

bool eh_has(enum eh_feature f)
{
	static bool (*const probes[EH_FEAT__COUNT])(enum eh_feature) = {
		[EH_FEAT_BTF] = probe_btf,
		[EH_FEAT_KPROBE] = probe_kprobe,
		[EH_FEAT_TRACEFS] = probe_tracefs,
		[EH_FEAT_SYSCALL_TP] = probe_syscall_tp,
		[EH_FEAT_RINGBUF] = probe_ringbuf,
		[EH_FEAT_BATCH] = probe_batch,
		[EH_FEAT_FENTRY] = probe_fentry,
		[EH_FEAT_ATOMICS] = probe_atomics,
		[EH_FEAT_TASK_BTF] = probe_task_btf,
	};

	if (f >= EH_FEAT__COUNT)
		return false;
	if (!cache[f].done) {
		if (disabled(f)) {
			cache[f].yes = false;
			NOTE("disabled by EBPFHELLO_DISABLE");
		} else {
			cache[f].yes = probes[f](f);
		}
		cache[f].done = true;
	}
	return cache[f].yes;
}

const char *eh_disable_unknown(void)
{
	static char bad[64];
	const char *list = getenv("EBPFHELLO_DISABLE");
	int f;

	while (list && *list) {
		size_t n = strcspn(list, ",");

		for (f = 0; f < EH_FEAT__COUNT; f++)
			if (strlen(names[f]) == n && !strncmp(list, names[f], n))
				break;
		if (f == EH_FEAT__COUNT && n) {
			snprintf(bad, sizeof(bad), "%.*s", (int)(n < 60 ? n : 60), list);
			return bad;
		}
		list += n;
		if (*list == ',')
			list++;
	}
	return NULL;
}

const char *eh_feature_note(enum eh_feature f)
{
	if (f >= EH_FEAT__COUNT)
		return "";
	eh_has(f);
	return cache[f].note;
}
