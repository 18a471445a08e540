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
#include <ebpfhello/run/explain_start.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

static void attach_part(struct eh_explain *x)
{
	const struct eh_session *s = x->s;
	char label[64];
	int i;

	out_json_str("attach", eh_mode_name(s->chosen));
	out_json_str("attach_point", s->point);
	eh_explain_line();
	eh_explain_str("attached by %s", eh_mode_name(s->chosen));
	eh_explain_str(" to %s", s->point);
	out_text(" in %.1f ms", s->attach_seconds * 1e3);
	if (x->perf_links)
		out_text(", %d through perf events (no BPF link id)", x->perf_links);
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

/* the flags a map of ours may have, by name */
static void flag_names(uint32_t flags, char *buf, size_t len)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ BPF_F_NO_PREALLOC, "no_prealloc" }, { BPF_F_NO_COMMON_LRU, "no_common_lru" },
		{ BPF_F_RDONLY, "rdonly" }, { BPF_F_WRONLY, "wronly" },
		{ BPF_F_RDONLY_PROG, "rdonly_prog" }, { BPF_F_WRONLY_PROG, "wronly_prog" },
		{ BPF_F_MMAPABLE, "mmapable" },
	};
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && o < len; i++)
		if (flags & names[i].bit)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? ", " : " (",
					      names[i].name);
	if (o && o < len)
		snprintf(buf + o, len - o, ")");
}

static const char *prog_name_by_id(const struct eh_explain *x, uint32_t id)
{
	int i;

	for (i = 0; i < x->nr_progs; i++)
		if (x->progs[i].f.id == id)
			return x->progs[i].name;
	return NULL;
}

static const char *map_name_by_id(const struct eh_explain *x, uint32_t id)
{
	int i;

	for (i = 0; i < x->nr_maps; i++)
		if (x->maps[i].f.id == id)
			return x->maps[i].name;
	return NULL;
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
	uint32_t i;

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
	eh_explain_line();
	out_text("  maps:");
	for (i = 0; i < p->f.nr_map_ids; i++) {
		const char *m = map_name_by_id(x, p->f.map_ids[i]);

		out_json_u64(NULL, p->f.map_ids[i]);
		eh_explain_str(" %s", m ? m : "?");
		out_text(i + 1 < p->f.nr_map_ids ? "," : "");
	}
	out_text(p->f.nr_map_ids ? "" : " none");
	out_close();
	if (p->book)
		eh_explain_folded("book", "  book: ", p->book);
	out_close();
}

/* a slot's text: "execve(59)" where the index is a syscall id, else "59" */
static size_t slot_text(char *buf, size_t len, size_t o, const struct eh_explain_map *m,
			uint32_t i)
{
	const char *name = m->key_is_syscall ? eh_syscall_name(i) : NULL;

	if (o >= len)
		return o;
	if (name)
		return o + (size_t)snprintf(buf + o, len - o, "%s%s(%u)", o ? ", " : "", name, i);
	return o + (size_t)snprintf(buf + o, len - o, "%s%u", o ? ", " : "", i);
}

/* text: one folded line per program (or map) held, its slots after it */
static void slots_text(const struct eh_explain *x, const struct eh_explain_map *m,
		       const int64_t *ids, bool progs)
{
	char line[4096], label[64];
	uint32_t i, j, k;
	size_t o;

	for (i = 0; i < m->f.max_entries; i++) {
		for (k = 0; k < i && ids[k] != ids[i]; k++)
			;
		if (ids[i] <= 0 || k < i)
			continue;	/* empty, or listed with the first slot holding it */
		for (o = 0, j = i; j < m->f.max_entries; j++)
			if (ids[j] == ids[i])
				o = slot_text(line, sizeof(line), o, m, j);
		snprintf(label, sizeof(label), "  %s (id %lld) <- ",
			 progs ? prog_name_by_id(x, (uint32_t)ids[i]) :
				 map_name_by_id(x, (uint32_t)ids[i]), (long long)ids[i]);
		eh_explain_folded(NULL, label, line);
	}
}

/* the slots of a prog array or a map of maps, as the kernel reads them */
static void slots_part(const struct eh_explain *x, const struct eh_explain_map *m)
{
	bool progs = !strcmp(m->f.type, "prog_array");
	int64_t *ids = calloc(m->f.max_entries ? m->f.max_entries : 1, sizeof(*ids));
	const char *name;
	uint32_t i;

	if (!ids)
		return;
	for (i = 0; i < m->f.max_entries; i++)
		ids[i] = eh_map_slot_id(m->fd, i);
	out_open_array("slots");
	for (i = 0; i < m->f.max_entries; i++) {
		name = m->key_is_syscall ? eh_syscall_name(i) : NULL;
		if (ids[i] <= 0)
			continue;
		out_open_object(NULL);
		out_json_u64("index", i);
		if (name)
			out_json_str("syscall", name);
		out_json_u64(progs ? "prog_id" : "map_id", (uint64_t)ids[i]);
		name = progs ? prog_name_by_id(x, (uint32_t)ids[i]) :
			       map_name_by_id(x, (uint32_t)ids[i]);
		if (name)
			out_json_str(progs ? "prog" : "map", name);
		out_close();
	}
	out_close();
	if (!out_is_json())
		slots_text(x, m, ids, progs);
	for (i = 0; i < m->f.max_entries; i++)
		if (ids[i] < 0) {
			eh_explain_line();
			out_text("  (slot %u could not be read: %s)", i, strerror((int)-ids[i]));
			break;
		}
	free(ids);
}

/* what the map holds: keys and values, or a buffer's bytes */
static void key_value_line(const struct eh_explain_map *m)
{
	out_json_u64("bytes_key", m->f.key_size);
	out_json_u64("bytes_value", m->f.value_size);
	out_json_u64("max_entries", m->f.max_entries);
	if (m->f.key_type[0])
		out_json_str("key_type", m->f.key_type);
	if (m->f.value_type[0])
		out_json_str("value_type", m->f.value_type);
	if (out_is_json())
		return;
	eh_explain_line();
	if (m->f.type_nr == BPF_MAP_TYPE_RINGBUF) {
		out_text("  %u B of ring buffer (its max_entries is its size)", m->f.max_entries);
		return;
	}
	if (m->f.type_nr == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		out_text("  a perf event per CPU, %u slots", m->f.max_entries);
		return;
	}
	out_text("  key ");
	if (m->f.key_type[0])
		eh_explain_str("%s ", m->f.key_type);
	out_text("(%u B), value ", m->f.key_size);
	if (m->f.value_type[0])
		eh_explain_str("%s ", m->f.value_type);
	out_text("(%u B), at most %u %s", m->f.value_size, m->f.max_entries,
		 m->f.max_entries == 1 ? "entry" : "entries");
}

static void map_part(const struct eh_explain *x, const struct eh_explain_map *m)
{
	char flags[128], users[512];
	size_t o;
	int i;
	uint32_t k;

	out_open_object(NULL);
	eh_explain_line();
	out_str("name", "map %s", m->name);
	out_json_str("kernel_name", m->f.kernel_name);
	out_str("type", "  %s", m->f.type);
	out_u64("id", "  id %llu", m->f.id);
	out_json_u64("btf_id", m->f.btf_id);
	key_value_line(m);
	eh_explain_line();
	flag_names(m->f.flags, flags, sizeof(flags));
	out_u64("flags", "  flags 0x%llx", m->f.flags);
	out_text("%s", flags);
	if (m->f.has_memlock)
		out_u64("bytes_memlock", ", %llu B locked", m->f.memlock);
	out_json_bool("used", m->used);
	out_open_array("used_by");
	for (o = 0, i = 0; i < x->nr_progs; i++)
		for (k = 0; k < x->progs[i].f.nr_map_ids; k++)
			if (x->progs[i].f.map_ids[k] == m->f.id) {
				out_json_u64(NULL, x->progs[i].f.id);
				o += (size_t)snprintf(users + o, o < sizeof(users) ? sizeof(users) - o : 0,
						      "%s%s", o ? ", " : "", x->progs[i].name);
			}
	out_close();
	if (!out_is_json())
		eh_explain_folded(NULL, "  used by: ", o ? users : m->used ?
				  "the programs, through a map of maps" : "no loaded program");
	if (m->book)
		eh_explain_folded("book", "  book: ", m->book);
	if (!strcmp(m->f.type, "prog_array") || !strcmp(m->f.type, "array_of_maps"))
		slots_part(x, m);
	out_close();
}

static void buffer_part(struct eh_explain *x)
{
	uint64_t bytes;
	uint32_t cpus;

	if (x->lines) {
		eh_explain_line();
		out_open_object("buffer");
		out_str("kind", "output: bpf_printk() lines through the kernel's %s", "trace_pipe");
		out_text(" (one buffer shared by every BPF program of the host)");
		out_close();
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
				  "run counts and run times on for this run only, through a file "
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
			o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s", o ? ", " : "",
					      x->maps[i].name);
	eh_explain_folded(NULL, "also made, unused with these options: ", names);
}

void eh_explain_start(struct eh_explain *x)
{
	const char *cmd = eh_prog_name();
	char label[64];
	int i, unused = 0;

	char title[256];

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
			map_part(x, &x->maps[i]);
		unused += !x->maps[i].used;
	}
	out_close();
	if (unused && !out_is_json())
		unused_maps(x);
	buffer_part(x);
	stats_part(x);
	eh_explain_end(x);
}
