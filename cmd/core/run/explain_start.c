// SPDX-License-Identifier: MIT
/* --explain's start block: what was loaded and attached, and what each
 * thing is in the book; see include/ebpfhello/run/explain_start.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <ebpfhello/cli/command.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/load/session.h>
#include <ebpfhello/run/evbuf.h>
#include <ebpfhello/run/explain.h>
#include <ebpfhello/run/explain_maps.h>
#include <ebpfhello/run/explain_start.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

static void attach_part(struct eh_explain *x)
{
	const struct eh_session *s = x->s;
	char label[64], line[EH_POINT_LEN + 128];
	int i, o;

	out_json_str("attach", eh_mode_name(s->chosen));
	out_json_str("attach_point", s->point);
	/* folded at 80 columns: a kprobe mode's points make a long line */
	o = snprintf(line, sizeof(line), "%s to %s in %.1f ms", eh_mode_name(s->chosen), s->point,
		     s->attach_seconds * 1e3);
	if (x->perf_links && o > 0 && (size_t)o < sizeof(line))
		snprintf(line + o, sizeof(line) - (size_t)o,
			 ", %d through perf events (no BPF link id)", x->perf_links);
	eh_explain_folded(NULL, "attached by ", line);
	out_json_u64("perf_event_attachments", (uint64_t)x->perf_links);
	for (i = 0; i < s->nr_tried && !out_is_json(); i++) {
		snprintf(label, sizeof(label), "  not by %s: ", eh_mode_name(s->tried[i].mode));
		eh_explain_folded(NULL, label, s->tried[i].why);
	}
}

static void size_line(const struct eh_explain_prog *p)
{
	char memlock[48] = "", verifier[96];

	out_json_u64("bytes_xlated", p->f.xlated_bytes);
	out_json_u64("bytes_jited", p->f.jited_bytes);
	if (p->f.has_memlock) {
		out_json_u64("bytes_memlock", p->f.memlock);
		snprintf(memlock, sizeof(memlock), ", %llu B locked",
			 (unsigned long long)p->f.memlock);
	}
	/* 5.10 does not count them: absent, not 0 */
	if (p->f.has_verified) {
		out_json_u64("verified_insns", p->f.verified_insns);
		snprintf(verifier, sizeof(verifier), "the verifier processed %u instructions",
			 p->f.verified_insns);
	} else {
		snprintf(verifier, sizeof(verifier), "the verifier's count: none (the kernel "
			 "reports it from 5.16)");
	}
	if (!out_is_json()) {
		char text[256];

		snprintf(text, sizeof(text), "%u B translated, %u B JIT-ed%s; %s",
			 p->f.xlated_bytes, p->f.jited_bytes, memlock, verifier);
		eh_explain_folded(NULL, "  ", text);
	}
}

static void prog_links(const struct eh_explain *x, const struct eh_explain_prog *p)
{
	int i;

	out_open_array("links");
	for (i = 0; i < x->nr_links; i++) {
		const struct eh_link_facts *l = &x->links[i];

		if (l->prog_id != p->f.id)
			continue;
		out_open_object(NULL);
		eh_explain_line();
		out_u64("id", "  link %llu", l->id);
		out_str("type", ": %s", l->type);
		if (l->target[0])
			out_str("target", " %s", l->target);
		out_close();
	}
	out_close();
	if (p->tail_target && !p->attached)
		eh_explain_folded(NULL, "  ", "not attached: it runs when a program tail-calls "
				  "it, and the kernel does not count those runs (the reports "
				  "give the command's own count)");
}

static void prog_part(struct eh_explain *x, const struct eh_explain_prog *p)
{
	char maps[512];
	uint32_t i;
	size_t o;

	out_open_object(NULL);
	eh_explain_line();
	out_str("name", "program %s", p->name);
	out_json_str("kernel_name", p->f.kernel_name);
	out_str("type", "  %s", p->f.type);
	out_u64("id", "  id %llu", p->f.id);
	out_str("tag", "  tag %s", p->f.tag);
	out_json_str("section", p->section);
	out_json_u64("btf_id", p->f.btf_id);
	out_json_bool("attached", p->attached);
	out_json_bool("tail_call_target", p->tail_target && !p->attached);
	prog_links(x, p);
	size_line(p);
	out_open_array("map_ids");
	for (o = 0, i = 0; i < p->f.nr_map_ids; i++) {
		const char *m = eh_explain_map_name(x, p->f.map_ids[i]);

		out_json_u64(NULL, p->f.map_ids[i]);
		o = eh_explain_list(maps, sizeof(maps), o, m ? m : "?");
	}
	out_close();
	eh_explain_folded(NULL, "  maps: ", o ? maps : "none");
	if (p->book)
		eh_explain_folded("book", "  book: ", p->book);
	out_close();
}

static void buffer_part(struct eh_explain *x)
{
	uint64_t bytes;
	uint32_t cpus;

	if (x->lines) {
		out_open_object("buffer");
		out_json_str("kind", "trace_pipe");
		out_close();
		eh_explain_folded(NULL, "output: ", "bpf_printk() lines through the kernel's "
				  "trace buffer, read from trace_pipe: one buffer shared by every "
				  "BPF program of the host");
		return;
	}
	if (!x->buf)
		return;
	out_open_object("buffer");
	out_json_str("map", bpf_map__name(x->buffer_map));
	eh_explain_line();
	if (eh_evbuf_perf_geometry(x->buf, &bytes, &cpus)) {
		out_str("kind", "buffer %s: ", "perf");
		out_u64("bytes_per_cpu", "a perf buffer of %llu B", bytes);
		out_u64("cpus", " on each of %llu CPUs", cpus);
		eh_explain_str(" (map %s)", bpf_map__name(x->buffer_map));
	} else {
		out_str("kind", "buffer %s: ", "ringbuf");
		out_u64("bytes", "a ring buffer of %llu B shared by every CPU",
			bpf_map__max_entries(x->buffer_map));
		eh_explain_str(" (map %s)", bpf_map__name(x->buffer_map));
	}
	out_close();
}

static void stats_part(const struct eh_explain *x)
{
	char why[160];

	out_open_object("statistics");
	out_json_bool("enabled", x->stats_fd >= 0);
	if (x->stats_fd >= 0) {
		eh_explain_folded(NULL, "statistics: ",
				  "run counts and run times on while this run lasts, for every BPF "
				  "program of the machine, through a file "
				  "descriptor (BPF_ENABLE_STATS): they go off when ebpfhello ends, "
				  "however it ends");
	} else {
		snprintf(why, sizeof(why), "BPF_ENABLE_STATS refused: %s%s",
			 strerror(-x->stats_fd),
			 x->stats_fd == -EPERM ? " (it needs CAP_SYS_ADMIN)" :
			 x->stats_fd == -EINVAL ? " (it needs Linux 5.8+)" : "");
		eh_explain_folded("reason", "statistics: no run counts or times: ", why);
	}
	if (x->sysctl >= 0) {
		eh_explain_line();
		out_s64("sysctl", "  kernel.bpf_stats_enabled reads %lld, as before; not touched",
			x->sysctl);
	}
	out_close();
}

/* text: the maps made that nothing uses with these options, on one line */
static void unused_maps(const struct eh_explain *x)
{
	char names[1024];
	size_t o = 0;
	int i;

	names[0] = '\0';
	for (i = 0; i < x->nr_maps && o < sizeof(names); i++)
		if (!x->maps[i].used)
			o = eh_explain_list(names, sizeof(names), o, x->maps[i].name);
	eh_explain_folded(NULL, "also made, in use by no program at start: ", names);
}

void eh_explain_start(struct eh_explain *x)
{
	const char *cmd = eh_prog_name();
	char label[64];
	int i, unused = 0;
	char title[256];

	if (!x)
		return;

	eh_explain_begin(x, "explain");
	out_json_str("book", x->book && x->book->program ? x->book->program : "");
	snprintf(title, sizeof(title), "what runs, and what it is in Learning eBPF, "
		 "chapter 2: %s", x->book && x->book->program ? x->book->program : "nothing");
	snprintf(label, sizeof(label), "%s --explain: ", cmd);
	eh_explain_folded(NULL, label, title);
	attach_part(x);
	out_open_array("programs");
	for (i = 0; i < x->nr_progs; i++)
		prog_part(x, &x->progs[i]);
	out_close();
	out_open_array("maps");
	for (i = 0; i < x->nr_maps; i++) {
		if (x->maps[i].used || out_is_json())
			eh_explain_map(x, &x->maps[i]);
		unused += !x->maps[i].used;
	}
	out_close();
	if (unused && !out_is_json())
		unused_maps(x);
	buffer_part(x);
	stats_part(x);
	eh_explain_end(x);
}
