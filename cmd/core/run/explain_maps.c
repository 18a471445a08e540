// SPDX-License-Identifier: MIT
/* --explain's map entries in the start block; see
 * include/ebpfhello/run/explain_maps.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/load/inspect.h>
#include <ebpfhello/run/explain.h>
#include <ebpfhello/run/explain_maps.h>
#include <ebpfhello/show/output.h>

/* the flags a map of ours may have, by name */
static void flag_names(uint32_t flags, char *buf, size_t len)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ BPF_F_NO_PREALLOC, "no_prealloc" }, { BPF_F_NO_COMMON_LRU, "no_common_lru" },
		{ BPF_F_RDONLY, "rdonly" }, { BPF_F_WRONLY, "wronly" },
		{ BPF_F_RDONLY_PROG, "rdonly_prog" }, { BPF_F_WRONLY_PROG, "wronly_prog" },
		{ BPF_F_MMAPABLE, "mmapable" },
	};
	char text[160];
	size_t i, o = 0;

	buf[0] = '\0';
	/* " (no_prealloc, mmapable)" */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit)
			o = eh_explain_list(buf, len, o, names[i].name);
	if (o)
		snprintf(text, sizeof(text), " (%s)", buf);
	snprintf(buf, len, "%s", o ? text : "");
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
			 progs ? eh_explain_prog_name(x, (uint32_t)ids[i]) :
				 eh_explain_map_name(x, (uint32_t)ids[i]), (long long)ids[i]);
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
		name = progs ? eh_explain_prog_name(x, (uint32_t)ids[i]) :
			       eh_explain_map_name(x, (uint32_t)ids[i]);
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

void eh_explain_map(const struct eh_explain *x, const struct eh_explain_map *m)
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
				o = eh_explain_list(users, sizeof(users), o, x->progs[i].name);
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
