// SPDX-License-Identifier: MIT
/* Counting by cgroup, unit or container; see include/ebpfhello/run/cgroup_keys.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include <ebpfhello/host/cgroup_names.h>
#include <ebpfhello/host/identity.h>
#include <ebpfhello/run/cgroup_keys.h>
#include <ebpfhello/show/output.h>

static const char *const by_names[] = {
	[EH_CGROUP_BY_CGROUP] = "cgroup", [EH_CGROUP_BY_UNIT] = "unit",
	[EH_CGROUP_BY_CONTAINER] = "container",
};

bool eh_cgroup_by_parse(const char *arg, enum eh_cgroup_by *by)
{
	size_t i;

	for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
		if (!strcmp(arg, by_names[i])) {
			*by = (enum eh_cgroup_by)i;
			return true;
		}
	}
	return false;
}

const char *eh_cgroup_by_name(enum eh_cgroup_by by)
{
	return by_names[by];
}

const char *eh_cgroup_keys_column(const struct eh_cgroup_keys *k)
{
	static const char *const columns[] = {
		[EH_CGROUP_BY_CGROUP] = "CGROUP", [EH_CGROUP_BY_UNIT] = "UNIT",
		[EH_CGROUP_BY_CONTAINER] = "CONTAINER",
	};

	return columns[k->by];
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* a cgroup gone since: its path as the kernel noted it, if it did */
static const struct eh_cgroup_identity *noted(const struct eh_cgroup_keys *k, uint64_t id)
{
	struct eh_cgroup_names n;
	char path[EH_CG_LEVELS * (EH_CG_NAME_LEN + 1) + 8];
	size_t o = 0;
	int i;

	if (k->names_fd <= 0 || bpf_map_lookup_elem(k->names_fd, &id, &n) ||
	    n.levels > EH_CG_LEVELS)
		return NULL;
	if (n.cut)
		o += (size_t)snprintf(path + o, sizeof(path) - o, "/...");
	for (i = n.levels - 1; i >= 0; i--)
		o += (size_t)snprintf(path + o, sizeof(path) - o, "/%.*s", EH_CG_NAME_LEN,
				      n.name[i]);
	if (!n.levels)
		snprintf(path, sizeof(path), "/");
	return eh_identity_learn(id, path, n.cut);
}

/* the group of cgroup id: found, or made */
static int group_of(struct eh_cgroup_keys *k, uint64_t id)
{
	const struct eh_cgroup_identity *ci = eh_identity_of(id);

	if (!ci)
		ci = noted(k, id);
	struct eh_cgroup_group want = { NULL, 0, EH_RUNTIME_NONE, NULL }, *g;
	size_t i;

	switch (k->by) {
	case EH_CGROUP_BY_CGROUP:
		want.cgroup_id = id;
		want.label = ci ? (char *)ci->path : NULL;
		break;
	case EH_CGROUP_BY_UNIT:
		want.label = ci && ci->who.unit[0] ? (char *)ci->who.unit : NULL;
		break;
	case EH_CGROUP_BY_CONTAINER:
		if (ci && ci->who.container) {
			want.label = (char *)ci->who.container_id;
			want.runtime = ci->who.runtime;
			want.pod_uid = ci->who.pod_uid[0] ? (char *)ci->who.pod_uid : NULL;
		}
		break;
	}
	for (i = 0; i < k->n; i++)
		if (k->g[i].cgroup_id == want.cgroup_id && same(k->g[i].label, want.label) &&
		    k->g[i].runtime == want.runtime)
			return (int)i;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;

		g = realloc(k->g, cap * sizeof(*g));
		if (!g)
			return -1;
		k->g = g;
		k->cap = cap;
	}
	g = &k->g[k->n];
	*g = want;
	g->label = want.label ? strdup(want.label) : NULL;
	g->pod_uid = want.pod_uid ? strdup(want.pod_uid) : NULL;
	return (int)k->n++;
}

int eh_cgroup_keys_group(struct eh_cgroup_keys *k, const struct eh_counts *in,
			 struct eh_counts *out)
{
	size_t i;
	int g;

	eh_counts_reset(out);
	for (i = 0; i < in->n; i++) {
		g = group_of(k, in->v[i].key);
		if (g < 0 || eh_counts_add(out, (uint64_t)g, "", in->v[i].value))
			return -1;
	}
	eh_counts_merge(out);
	return 0;
}

const struct eh_cgroup_group *eh_cgroup_keys_at(const struct eh_cgroup_keys *k, uint64_t key)
{
	return key < k->n ? &k->g[key] : NULL;
}

void eh_cgroup_keys_free(struct eh_cgroup_keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->g[i].label);
		free(k->g[i].pod_uid);
	}
	free(k->g);
	eh_counts_free(&k->scratch);
	memset(k, 0, sizeof(*k));
}

void eh_cgroup_keys_out(const struct eh_cgroup_keys *k, uint64_t key, int width)
{
	const struct eh_cgroup_group *g = eh_cgroup_keys_at(k, key);
	char text[96];

	if (!g)
		return;
	switch (k->by) {
	case EH_CGROUP_BY_CGROUP:
		if (g->label)
			out_json_str("cgroup", g->label);
		else
			out_json_null("cgroup");
		out_json_u64("cgroup_id", g->cgroup_id);
		snprintf(text, sizeof(text), "(cgroup %llu, gone)", (unsigned long long)g->cgroup_id);
		out_text_str(g->label ? g->label : text, width);
		break;
	case EH_CGROUP_BY_UNIT:
		if (g->label)
			out_json_str("unit", g->label);
		else
			out_json_null("unit");
		out_text_str(g->label ? g->label : "(no unit)", width);
		break;
	case EH_CGROUP_BY_CONTAINER:
		if (!g->label) {
			out_json_null("container");
			out_text_str("(host)", width);
			break;
		}
		out_open_object("container");
		if (eh_runtime_name(g->runtime))
			out_json_str("runtime", eh_runtime_name(g->runtime));
		out_json_str("id", g->label);
		if (g->pod_uid)
			out_json_str("pod_uid", g->pod_uid);
		out_close();
		snprintf(text, sizeof(text), "%s%s%.12s", eh_runtime_name(g->runtime) ?
			 eh_runtime_name(g->runtime) : "", eh_runtime_name(g->runtime) ? ":" : "",
			 g->label);
		out_text_str(text, width);
		break;
	}
}
