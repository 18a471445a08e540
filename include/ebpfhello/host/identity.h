/* SPDX-License-Identifier: MIT */
/*
 * Who a task is, from its cgroup (v2) alone (cmd/core/host/identity.c):
 * the systemd unit and slice, the container and its runtime, the
 * Kubernetes pod and QoS class, read off the cgroup's path by the naming
 * conventions of systemd, docker, podman, containerd and CRI-O under the
 * kubelet (systemd and cgroupfs drivers), LXC and systemd-nspawn.  No
 * runtime socket, no API server: a process that lived a millisecond is
 * named as well as a daemon.
 *
 * Nothing is guessed: a path that follows no convention gives no unit and
 * no container, only the path.  A task the kernel put in no v2 cgroup of
 * its own (hybrid hosts whose controllers are all v1) is in the root, "/".
 */
#ifndef EBPFHELLO_IDENTITY_H
#define EBPFHELLO_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the runtimes whose cgroups the path can name */
enum eh_runtime {
	EH_RUNTIME_NONE = 0,	/* no container, or the path does not say */
	EH_RUNTIME_DOCKER,
	EH_RUNTIME_PODMAN,
	EH_RUNTIME_CONTAINERD,
	EH_RUNTIME_CRIO,
	EH_RUNTIME_LXC,
	EH_RUNTIME_NSPAWN,
};

#define EH_ID_NAME_LEN	256

struct eh_identity {
	/* the innermost systemd unit (.service or .scope) and the slice it is in */
	char unit[EH_ID_NAME_LEN];
	char slice[EH_ID_NAME_LEN];
	/* a container: its runtime (may be NONE when only the kubelet's
	 * cgroupfs layout names it) and its id (64 hex) or name (lxc, nspawn) */
	bool container;
	enum eh_runtime runtime;
	char container_id[EH_ID_NAME_LEN];
	/* a Kubernetes pod: its UID and QoS class ("guaranteed", "burstable",
	 * "besteffort") */
	char pod_uid[64];
	const char *qos;
};

/* "docker", "podman", "containerd", "cri-o", "lxc", "systemd-nspawn"; NULL for NONE */
const char *eh_runtime_name(enum eh_runtime rt);

/* What path (from the v2 hierarchy's root, as /proc/PID/cgroup's "0::"
 * line gives it) says; false when it says nothing (no unit, no container). */
bool eh_identity_parse(const char *path, struct eh_identity *id);

/*
 * Cgroup id (bpf_get_current_cgroup_id()) to path and identity, cached: an
 * id seen again costs no syscall.  NULL when the cgroup cannot be found
 * (removed since, no cgroup2 mount here).
 */
struct eh_cgroup_identity {
	uint64_t id;
	const char *path;
	struct eh_identity who;
	bool named;		/* eh_identity_parse() said something */
	bool gone;		/* the path is what the kernel noted: the cgroup is gone */
	bool partial;		/* ... and only its last levels */
};
const struct eh_cgroup_identity *eh_identity_of(uint64_t cgroup_id);
/*
 * The same for an id eh_identity_of() could not find any more, from the
 * path the kernel noted while the cgroup existed (cgroup_names.h): remembered
 * as that id's answer from now on.  partial: the path's top is missing.
 */
const struct eh_cgroup_identity *eh_identity_learn(uint64_t cgroup_id, const char *path,
						   bool partial);

#endif
