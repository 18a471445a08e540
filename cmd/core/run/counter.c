// SPDX-License-Identifier: MIT
/*
 * A counting command's counter for the Prometheus export: its labels, and
 * its reading of the sampler's map; see include/ebpfhello/run/counter.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/host/identity.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/users.h>
#include <ebpfhello/run/cgroup_keys.h>
#include <ebpfhello/run/counter.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/maps.h>
#include <ebpfhello/show/metrics.h>

static void retire(void *ctx, const struct eh_count *c, uint64_t value)
{
	eh_family_retire(ctx, c, value);
}

static void clean(char *dst, const char *s)
{
	eh_prom_clean(dst, EH_LABEL_MAX, s ? s : "", s ? strlen(s) : 0);
}

/* a group of cgroup ids (cgroup_keys.h): its path, unit, or container id
 * and runtime; "" (the label left out) for none, or the host */
static bool describe_group(const struct eh_counter *c, uint64_t key, char v[2][EH_LABEL_MAX])
{
	const struct eh_cgroup_group *g = eh_cgroup_keys_at(c->groups, key);

	v[0][0] = v[1][0] = '\0';
	if (!g)
		return false;
	clean(v[0], g->label);
	if (c->groups->by == EH_CGROUP_BY_CONTAINER)
		clean(v[1], eh_runtime_name(g->runtime));
	return true;
}

/* the label values of a new series, as the text columns show the key */
static bool describe(const struct eh_count *k, char v[2][EH_LABEL_MAX], void *ctx)
{
	const struct eh_counter *c = ctx;
	char comm[EH_COMM_LEN];

	snprintf(v[0], EH_LABEL_MAX, "%llu", (unsigned long long)k->key);
	switch (c->key) {
	case EH_SERIES_SYSCALL:
		if (c->syscall_labels)
			return c->syscall_labels(k->key, v);
		if (k->key >= EH_SYSCALL_SLOTS)
			return false;
		if (eh_syscall_name((long)k->key))
			clean(v[0], eh_syscall_name((long)k->key));
		return true;
	case EH_SERIES_UID:
		if (c->user)
			clean(v[1], eh_user_name((uint32_t)k->key));
		return true;
	case EH_SERIES_PID:
		comm[0] = '\0';
		if (c->pid_comm)
			c->pid_comm((uint32_t)k->key, comm);
		eh_prom_clean(v[1], EH_LABEL_MAX, comm, sizeof(comm));
		return true;
	case EH_SERIES_COMM:
		eh_prom_clean(v[0], EH_LABEL_MAX, k->name, sizeof(k->name));
		/* a task named "other" would pass for the keys over --max-series */
		return strcmp(v[0], EH_LABEL_OTHER) != 0;
	case EH_SERIES_CGROUP:
		return describe_group(c, k->key, v);
	}
	return true;
}

void eh_export_counter(struct eh_counter *c, struct eh_sampler *s, const char *name,
		       const char *help)
{
	static const char *const labels[][2] = {
		[EH_SERIES_SYSCALL] = { "syscall", "abi" }, [EH_SERIES_UID] = { "uid", "user" },
		[EH_SERIES_PID] = { "pid", "comm" }, [EH_SERIES_COMM] = { "comm", NULL },
	};
	static const char *const group_labels[][2] = {
		[EH_CGROUP_BY_CGROUP] = { "cgroup", NULL }, [EH_CGROUP_BY_UNIT] = { "unit", NULL },
		[EH_CGROUP_BY_CONTAINER] = { "container_id", "runtime" },
	};

	c->family.name = name;
	c->family.help = help;
	if (c->key == EH_SERIES_CGROUP) {
		c->family.label[0] = group_labels[c->groups->by][0];
		c->family.label[1] = group_labels[c->groups->by][1];
	} else {
		c->family.label[0] = labels[c->key][0];
		c->family.label[1] = labels[c->key][1];
	}
	c->family.describe = describe;
	c->family.ctx = c;
	c->family.max = eh_export_opts.max_series ? eh_export_opts.max_series :
			EH_MAX_SERIES_DEFAULT;
	s->evicted_cb = retire;
	s->evicted_ctx = &c->family;
}

int eh_export_counts(struct eh_prom *p, struct eh_counter *c, const struct eh_sampler *s,
		     uint64_t dropped)
{
	int err = eh_sampler_read(s, &c->reading);
	const struct eh_counts *reading;
	size_t i;

	if (err)
		return err;
	reading = &c->reading;
	if (c->key == EH_SERIES_CGROUP) {
		/* by group: ids of one container (unit...) are one series */
		if (eh_cgroup_keys_group(c->groups, &c->reading, &c->grouped))
			return -ENOMEM;
		reading = &c->grouped;
	}
	eh_family_begin(&c->family);
	for (i = 0; i < reading->n; i++)
		eh_family_add(&c->family, &reading->v[i]);
	eh_family_write(&c->family, p);
	eh_prom_single(p, "ebpfhello_folded_keys", "gauge",
		       "Keys of the last reading counted in the other series: --max-series was reached.",
		       c->family.folded);
	eh_prom_single(p, "ebpfhello_dropped_total", "counter",
		       "Counts the kernel side could not store: its table was full.", dropped);
	return 0;
}

void eh_export_counter_free(struct eh_counter *c)
{
	eh_family_free(&c->family);
	eh_counts_free(&c->reading);
	eh_counts_free(&c->grouped);
}
