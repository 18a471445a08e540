/* SPDX-License-Identifier: MIT */
/*
 * A record's identity fields, from the cgroup (v2) id the kernel read
 * (host/identity.h resolves and caches it): JSON members and text columns,
 * the same words count-uid's --by keys use.  What the path does not say is
 * null in JSON and "-" in text, never an empty string.
 */
#ifndef EBPFHELLO_IDENTITY_FIELDS_H
#define EBPFHELLO_IDENTITY_FIELDS_H

#include <stddef.h>
#include <stdint.h>

/* JSON members "unit", "slice", "container" ({runtime, id} or null) and
 * "pod" ({uid, qos} or null) of the cgroup id */
void eh_identity_fields_json(uint64_t cgroup_id);

/* the text of column "unit", "slice", "container" (runtime:first 12 of the
 * id), "pod" (the pod's UID) for the cgroup id, into buf; "-": not said */
const char *eh_identity_fields_text(uint64_t cgroup_id, const char *column, char *buf,
				    size_t len);

#endif
