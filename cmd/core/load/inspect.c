// SPDX-License-Identifier: MIT
/* What the kernel says about loaded programs and maps; see
 * include/ebpfhello/load/inspect.h. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/load/inspect.h>

#define offsetofend(t, m)	(offsetof(t, m) + sizeof(((t *)0)->m))

static __u64 ptr(const void *p)
{
	return (__u64)(unsigned long)p;
}

/* "memlock:\t4096" of /proc/self/fdinfo/<fd>, which bpftool reads too */
static bool fdinfo_memlock(int fd, uint64_t *v)
{
	char path[64], line[128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "memlock: %llu", (unsigned long long *)v) == 1;
	fclose(f);
	return found;
}

static const char *or_number(const char *s, char *buf, size_t len, unsigned int v)
{
	if (s)
		return s;
	snprintf(buf, len, "%u", v);
	return buf;
}

int eh_prog_facts(int fd, struct eh_prog_facts *f)
{
	static char unknown[16];
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), i;

	memset(f, 0, sizeof(*f));
	info.nr_map_ids = EH_FACTS_MAX_MAPS;
	info.map_ids = ptr(f->map_ids);
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	f->id = info.id;
	f->type = or_number(libbpf_bpf_prog_type_str(info.type), unknown, sizeof(unknown),
			    info.type);
	memcpy(f->kernel_name, info.name, sizeof(f->kernel_name) - 1);
	for (i = 0; i < sizeof(info.tag); i++)
		snprintf(f->tag + 2 * i, 3, "%02x", info.tag[i]);
	f->xlated_bytes = info.xlated_prog_len;
	f->jited_bytes = info.jited_prog_len;
	f->nr_map_ids = info.nr_map_ids < EH_FACTS_MAX_MAPS ? info.nr_map_ids : EH_FACTS_MAX_MAPS;
	f->btf_id = info.btf_id;
	/* the kernel says how much of the struct it knows: 5.10's ends
	 * before verified_insns (5.16) */
	f->has_verified = len >= offsetofend(struct bpf_prog_info, verified_insns);
	f->verified_insns = f->has_verified ? info.verified_insns : 0;
	f->run_cnt = info.run_cnt;
	f->run_time_ns = info.run_time_ns;
	f->has_memlock = fdinfo_memlock(fd, &f->memlock);
	return 0;
}

int eh_prog_runs(int fd, uint64_t *run_cnt, uint64_t *run_time_ns)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*run_cnt = info.run_cnt;
	*run_time_ns = info.run_time_ns;
	return 0;
}

int eh_link_facts(struct bpf_link *l, struct eh_link_facts *f)
{
	static char unknown[16];
	struct bpf_link_info info = { 0 };
	__u32 len = sizeof(info);
	char tp[64] = "";

	memset(f, 0, sizeof(*f));
	info.raw_tracepoint.tp_name = ptr(tp);
	info.raw_tracepoint.tp_name_len = sizeof(tp);
	/* a perf event standing in for a link (kprobes and tracepoints before
	 * 5.15) is no BPF object: EINVAL */
	if (bpf_obj_get_info_by_fd(bpf_link__fd(l), &info, &len))
		return -errno;
	f->has_id = true;
	f->id = info.id;
	f->prog_id = info.prog_id;
	f->type = or_number(libbpf_bpf_link_type_str(info.type), unknown, sizeof(unknown),
			    info.type);
	if (info.type == BPF_LINK_TYPE_RAW_TRACEPOINT)
		snprintf(f->target, sizeof(f->target), "%s", tp);
	return 0;
}

/* A BTF type's name as C spells it: "__u32", "struct eh_uid_slot", "char[16]" */
static void type_name(const struct btf *btf, __u32 id, char *buf, size_t len)
{
	const struct btf_type *t = btf ? btf__type_by_id(btf, id) : NULL;
	const char *name, *kind = "";
	char elem[EH_TYPE_NAME_LEN];

	buf[0] = '\0';
	if (!id || !t)
		return;
	name = btf__name_by_offset(btf, t->name_off);
	if (btf_is_array(t)) {
		type_name(btf, btf_array(t)->type, elem, sizeof(elem));
		snprintf(buf, len, "%s[%u]", elem, btf_array(t)->nelems);
		return;
	}
	if (btf_is_struct(t))
		kind = "struct ";
	else if (btf_is_union(t))
		kind = "union ";
	else if (btf_is_enum(t))
		kind = "enum ";
	snprintf(buf, len, "%s%s", kind, name && *name ? name : "(anonymous)");
}

int eh_map_facts(int fd, const struct btf *btf, struct eh_map_facts *f)
{
	static char unknown[16];
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	memset(f, 0, sizeof(*f));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	f->id = info.id;
	f->type = or_number(libbpf_bpf_map_type_str(info.type), unknown, sizeof(unknown),
			    info.type);
	f->type_nr = info.type;
	memcpy(f->kernel_name, info.name, sizeof(f->kernel_name) - 1);
	f->key_size = info.key_size;
	f->value_size = info.value_size;
	f->max_entries = info.max_entries;
	f->flags = info.map_flags;
	f->btf_id = info.btf_id;
	/* the kernel's type ids index the BTF libbpf loaded: the object's */
	if (info.btf_id) {
		type_name(btf, info.btf_key_type_id, f->key_type, sizeof(f->key_type));
		type_name(btf, info.btf_value_type_id, f->value_type, sizeof(f->value_type));
	}
	f->has_memlock = fdinfo_memlock(fd, &f->memlock);
	return 0;
}

bool eh_map_countable(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
		return true;
	}
	return false;
}

int64_t eh_map_slot_id(int fd, uint32_t index)
{
	__u32 id = 0;

	/* from user space a prog array's (or map-of-maps') slot reads as
	 * the id of what it holds */
	if (bpf_map_lookup_elem(fd, &index, &id))
		return errno == ENOENT ? 0 : -errno;
	return id;
}

static int64_t filled_slots(int fd, uint32_t max_entries)
{
	int64_t n = 0, id;
	uint32_t i;

	for (i = 0; i < max_entries; i++) {
		id = eh_map_slot_id(fd, i);
		if (id < 0)
			return id;
		n += id > 0;
	}
	return n;
}

int64_t eh_map_entries(int fd, uint32_t type, uint32_t key_size, uint32_t max_entries)
{
	unsigned char *key, *next;
	int64_t n = 0;
	int err = 0;

	if (type == BPF_MAP_TYPE_PROG_ARRAY || type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
		return filled_slots(fd, max_entries);
	key = calloc(2, key_size ? key_size : 1);
	if (!key)
		return -ENOMEM;
	next = key + (key_size ? key_size : 1);
	/* NULL: the first key; bounded, as keys may come and go meanwhile */
	while ((uint64_t)n <= max_entries) {
		if (bpf_map_get_next_key(fd, n ? key : NULL, next)) {
			err = errno == ENOENT ? 0 : -errno;
			break;
		}
		memcpy(key, next, key_size);
		n++;
	}
	free(key);
	if (err)
		return err;
	return n > (int64_t)max_entries ? (int64_t)max_entries : n;
}

int eh_stats_enable(void)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);

	return fd < 0 ? -errno : fd;
}

int eh_stats_sysctl(void)
{
	FILE *f = fopen("/proc/sys/kernel/bpf_stats_enabled", "re");
	int v = -1;

	if (!f)
		return -errno;
	if (fscanf(f, "%d", &v) != 1)
		v = -EIO;
	fclose(f);
	return v;
}
