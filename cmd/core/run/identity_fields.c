// SPDX-License-Identifier: MIT
/* A record's identity fields; see include/ebpfhello/run/identity_fields.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/escape.h>

#include <ebpfhello/host/identity.h>
#include <ebpfhello/run/identity_fields.h>
#include <ebpfhello/show/output.h>

/* a cgroup's members, written once: every record of its tasks repeats them */
#define FRAGMENTS	256
static struct fragment {
	uint64_t id;
	char *json;
	size_t len;
} fragments[FRAGMENTS];

static void member(FILE *f, const char *key, const char *v, bool comma)
{
	fprintf(f, "%s\"%s\":", comma ? "," : "", key);
	if (v && *v)
		eh_json_string(f, v, strlen(v));
	else
		fputs("null", f);
}

static void write_members(FILE *f, const struct eh_identity *who)
{
	member(f, "unit", who ? who->unit : NULL, false);
	member(f, "slice", who ? who->slice : NULL, true);
	if (who && who->container) {
		fputs(",\"container\":{", f);
		/* the kubelet's cgroupfs form names no runtime */
		if (eh_runtime_name(who->runtime))
			member(f, "runtime", eh_runtime_name(who->runtime), false);
		member(f, "id", who->container_id, eh_runtime_name(who->runtime) != NULL);
		fputc('}', f);
	} else {
		fputs(",\"container\":null", f);
	}
	if (who && who->pod_uid[0]) {
		fputs(",\"pod\":{", f);
		member(f, "uid", who->pod_uid, false);
		member(f, "qos", who->qos, true);
		fputc('}', f);
	} else {
		fputs(",\"pod\":null", f);
	}
}

void eh_identity_fields_json(uint64_t cgroup_id)
{
	const struct eh_cgroup_identity *ci = eh_identity_of(cgroup_id);
	struct fragment *fr = &fragments[(cgroup_id * 0x9E3779B97F4A7C15ull) >> 56];
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (ci && fr->json && fr->id == cgroup_id) {
		out_json_members(fr->json, fr->len);
		return;
	}
	m = open_memstream(&buf, &len);
	if (!m)
		return;
	write_members(m, ci ? &ci->who : NULL);
	if (fclose(m)) {
		free(buf);
		return;
	}
	out_json_members(buf, len);
	if (!ci) {		/* not known yet: asked again next time */
		free(buf);
		return;
	}
	free(fr->json);
	*fr = (struct fragment){ .id = cgroup_id, .json = buf, .len = len };
}

const char *eh_identity_fields_text(uint64_t cgroup_id, const char *column, char *buf,
				    size_t len)
{
	const struct eh_cgroup_identity *ci = eh_identity_of(cgroup_id);
	const struct eh_identity *who = ci ? &ci->who : NULL;
	const char *rt;

	snprintf(buf, len, "-");
	if (!who)
		return buf;
	if (!strcmp(column, "unit") && who->unit[0])
		snprintf(buf, len, "%s", who->unit);
	else if (!strcmp(column, "slice") && who->slice[0])
		snprintf(buf, len, "%s", who->slice);
	else if (!strcmp(column, "pod") && who->pod_uid[0])
		snprintf(buf, len, "%s", who->pod_uid);
	else if (!strcmp(column, "container") && who->container) {
		rt = eh_runtime_name(who->runtime);
		snprintf(buf, len, "%s%s%.12s", rt ? rt : "", rt ? ":" : "", who->container_id);
	}
	return buf;
}
