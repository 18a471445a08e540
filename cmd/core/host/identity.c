// SPDX-License-Identifier: MIT
/*
 * Who a task is, read off its cgroup's path; see
 * include/ebpfhello/host/identity.h.  The conventions, as the runtimes
 * write them (systemd driver / cgroupfs driver):
 *
 *   systemd      /system.slice/nginx.service, /user.slice/user-1000.slice/session-3.scope
 *   docker       /system.slice/docker-<64 hex>.scope     /docker/<64 hex>
 *   podman       /machine.slice/libpod-<64 hex>.scope    /libpod_parent/libpod-<64 hex>
 *   kubelet      /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/
 *                    cri-containerd-<64 hex>.scope (crio-<64 hex>.scope, docker-<64 hex>.scope)
 *                /kubepods/besteffort/pod<uid>/<64 hex>  (guaranteed pods: no QoS level)
 *   lxc          /lxc.payload.<name>                     /lxc/<name>
 *   nspawn       /machine.slice/systemd-nspawn@<name>.service, /machine.slice/machine-<name>.scope
 *
 * The runtimes' monitors (libpod-conmon-<id>.scope, crio-conmon-<id>.scope,
 * lxc.monitor.<name>) are units, not the container.
 */
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/host/identity.h>

const char *eh_runtime_name(enum eh_runtime rt)
{
	static const char *const names[] = {
		[EH_RUNTIME_DOCKER] = "docker", [EH_RUNTIME_PODMAN] = "podman",
		[EH_RUNTIME_CONTAINERD] = "containerd", [EH_RUNTIME_CRIO] = "cri-o",
		[EH_RUNTIME_LXC] = "lxc", [EH_RUNTIME_NSPAWN] = "systemd-nspawn",
	};

	return rt > EH_RUNTIME_NONE && rt <= EH_RUNTIME_NSPAWN ? names[rt] : NULL;
}

/* one path component: c[0..n) */
struct comp {
	const char *c;
	size_t n;
};

static bool is(const struct comp *p, const char *s)
{
	return p->n == strlen(s) && !memcmp(p->c, s, p->n);
}

static bool starts(const struct comp *p, const char *s)
{
	return p->n >= strlen(s) && !memcmp(p->c, s, strlen(s));
}

static bool ends(const struct comp *p, const char *s)
{
	size_t k = strlen(s);

	return p->n >= k && !memcmp(p->c + p->n - k, s, k);
}

static bool hex64(const char *s, size_t n)
{
	size_t i;

	if (n != 64)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "<prefix><64 hex><suffix>" is a container of rt */
static bool container_unit(const struct comp *p, const char *prefix, const char *suffix,
			   enum eh_runtime rt, struct eh_identity *id)
{
	size_t a = strlen(prefix), b = strlen(suffix);

	if (!starts(p, prefix) || !ends(p, suffix) || p->n < a + b ||
	    !hex64(p->c + a, p->n - a - b))
		return false;
	id->container = true;
	id->runtime = rt;
	copy(id->container_id, sizeof(id->container_id), p->c + a, 64);
	return true;
}

/* a named container: <prefix><name><suffix> */
static bool named(const struct comp *p, const char *prefix, const char *suffix,
		  enum eh_runtime rt, struct eh_identity *id)
{
	size_t a = strlen(prefix), b = strlen(suffix);

	if (!starts(p, prefix) || !ends(p, suffix) || p->n <= a + b)
		return false;
	id->container = true;
	id->runtime = rt;
	copy(id->container_id, sizeof(id->container_id), p->c + a, p->n - a - b);
	return true;
}

struct walk {
	struct comp parent;	/* the component before this one */
	struct comp slice;	/* the last slice so far */
	bool kubepods;		/* under kubepods(.slice) */
	bool pod;		/* under a pod's cgroup */
	bool machine_slice;
};

/* the kubelet's levels: QoS, then the pod, then its containers */
static bool kubelet(struct walk *w, const struct comp *p, struct eh_identity *id)
{
	size_t i, at;

	if (is(p, "kubepods.slice") || is(p, "kubepods")) {
		w->kubepods = true;
		id->qos = "guaranteed";		/* unless a QoS level follows */
		return true;
	}
	if (!w->kubepods)
		return false;
	if (!w->pod && (is(p, "kubepods-burstable.slice") || is(p, "burstable"))) {
		id->qos = "burstable";
		return true;
	}
	if (!w->pod && (is(p, "kubepods-besteffort.slice") || is(p, "besteffort"))) {
		id->qos = "besteffort";
		return true;
	}
	if (!w->pod && starts(p, "kubepods-") && ends(p, ".slice")) {
		/* kubepods[-<qos>]-pod<uid with _ for ->.slice */
		for (at = 0, i = 0; i + 4 <= p->n; i++)
			if (!memcmp(p->c + i, "-pod", 4))
				at = i + 4;
		if (!at)
			return false;
		copy(id->pod_uid, sizeof(id->pod_uid), p->c + at, p->n - at - strlen(".slice"));
		for (i = 0; id->pod_uid[i]; i++)
			if (id->pod_uid[i] == '_')
				id->pod_uid[i] = '-';
		w->pod = true;
		return true;
	}
	if (!w->pod && starts(p, "pod") && p->n > 3) {
		copy(id->pod_uid, sizeof(id->pod_uid), p->c + 3, p->n - 3);
		w->pod = true;
		return true;
	}
	if (w->pod && hex64(p->c, p->n)) {
		/* cgroupfs: the id alone, which runtime made it the path does not say */
		id->container = true;
		id->runtime = EH_RUNTIME_NONE;
		copy(id->container_id, sizeof(id->container_id), p->c, 64);
		return true;
	}
	return false;
}

static void component(struct walk *w, const struct comp *p, struct eh_identity *id)
{
	if (ends(p, ".slice"))
		w->slice = *p;
	if (ends(p, ".service") || ends(p, ".scope")) {
		copy(id->unit, sizeof(id->unit), p->c, p->n);
		copy(id->slice, sizeof(id->slice), w->slice.c, w->slice.n);
	}
	if (is(p, "machine.slice"))
		w->machine_slice = true;
	if (kubelet(w, p, id) ||
	    container_unit(p, "cri-containerd-", ".scope", EH_RUNTIME_CONTAINERD, id) ||
	    container_unit(p, "crio-", ".scope", EH_RUNTIME_CRIO, id) ||
	    container_unit(p, "docker-", ".scope", EH_RUNTIME_DOCKER, id) ||
	    container_unit(p, "libpod-", ".scope", EH_RUNTIME_PODMAN, id) ||
	    container_unit(p, "libpod-", "", EH_RUNTIME_PODMAN, id) ||
	    named(p, "lxc.payload.", "", EH_RUNTIME_LXC, id) ||
	    named(p, "systemd-nspawn@", ".service", EH_RUNTIME_NSPAWN, id))
		return;
	if (is(&w->parent, "docker") && hex64(p->c, p->n))
		container_unit(p, "", "", EH_RUNTIME_DOCKER, id);
	else if (is(&w->parent, "lxc") && !w->kubepods)
		named(p, "", "", EH_RUNTIME_LXC, id);
	/* machined's scope of a container; libvirt's VMs use it too */
	else if (w->machine_slice && !starts(p, "machine-qemu\\x2d") &&
		 !starts(p, "machine-lxc\\x2d"))
		named(p, "machine-", ".scope", EH_RUNTIME_NSPAWN, id);
}

bool eh_identity_parse(const char *path, struct eh_identity *id)
{
	struct walk w = { { "", 0 }, { "", 0 }, false, false, false };
	struct comp p;
	const char *s = path, *e;

	memset(id, 0, sizeof(*id));
	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		p.c = s;
		p.n = e ? (size_t)(e - s) : strlen(s);
		component(&w, &p, id);
		w.parent = p;
		s += p.n;
	}
	return id->unit[0] || id->container;
}

/* ---- by cgroup id, cached ------------------------------------------------------ */

#define SLOTS	4096	/* a power of two; dropped whole at 3/4 full */

static struct eh_cgroup_identity *table[SLOTS];
static unsigned int used;

static void drop_all(void)
{
	unsigned int i;

	for (i = 0; i < SLOTS; i++) {
		if (table[i])
			free((char *)table[i]->path);
		free(table[i]);
		table[i] = NULL;
	}
	used = 0;
}

/* id's slot: where it is, or the empty one it would go in */
static unsigned int slot(uint64_t cgroup_id)
{
	unsigned int i = (unsigned int)(cgroup_id * 0x9e3779b97f4a7c15ULL >> 52) & (SLOTS - 1);

	while (table[i] && table[i]->id != cgroup_id)
		i = (i + 1) & (SLOTS - 1);
	return i;
}

/* a new answer for id: path (malloc'd, or NULL: not found) */
static struct eh_cgroup_identity *remember(uint64_t cgroup_id, char *path)
{
	struct eh_cgroup_identity *c;
	unsigned int i;

	if (used >= SLOTS / 4 * 3)
		drop_all();
	c = calloc(1, sizeof(*c));
	if (!c) {
		free(path);
		return NULL;
	}
	c->id = cgroup_id;
	c->path = path;
	if (path)
		c->named = eh_identity_parse(path, &c->who);
	i = slot(cgroup_id);
	if (table[i]) {		/* learnt over a "not found" */
		free((char *)table[i]->path);
		free(table[i]);
		used--;
	}
	table[i] = c;
	used++;
	return c;
}

const struct eh_cgroup_identity *eh_identity_of(uint64_t cgroup_id)
{
	struct eh_cgroup_identity *c = table[slot(cgroup_id)];

	if (!c)
		c = remember(cgroup_id, eh_cgroup_lookup(cgroup_id));
	return c && c->path ? c : NULL;
}

const struct eh_cgroup_identity *eh_identity_learn(uint64_t cgroup_id, const char *path,
						   bool partial)
{
	struct eh_cgroup_identity *c = remember(cgroup_id, strdup(path));

	if (!c || !c->path)
		return NULL;
	c->gone = true;
	c->partial = partial;
	return c;
}
