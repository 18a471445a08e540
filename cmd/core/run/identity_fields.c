// SPDX-License-Identifier: MIT
/* A record's identity fields; see include/ebpfhello/run/identity_fields.h. */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/host/identity.h>
#include <ebpfhello/run/identity_fields.h>
#include <ebpfhello/show/output.h>

static void member(const char *key, const char *v)
{
	if (v && *v)
		out_json_str(key, v);
	else
		out_json_null(key);
}

void eh_identity_fields_json(uint64_t cgroup_id)
{
	const struct eh_cgroup_identity *ci = eh_identity_of(cgroup_id);
	const struct eh_identity *who = ci ? &ci->who : NULL;

	member("unit", who ? who->unit : NULL);
	member("slice", who ? who->slice : NULL);
	if (who && who->container) {
		out_open_object("container");
		if (eh_runtime_name(who->runtime))	/* the kubelet's cgroupfs form names none */
			out_json_str("runtime", eh_runtime_name(who->runtime));
		out_json_str("id", who->container_id);
		out_close();
	} else {
		out_json_null("container");
	}
	if (who && who->pod_uid[0]) {
		out_open_object("pod");
		out_json_str("uid", who->pod_uid);
		member("qos", who->qos);
		out_close();
	} else {
		out_json_null("pod");
	}
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
