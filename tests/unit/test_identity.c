// SPDX-License-Identifier: MIT
/* Identity from cgroup paths: every runtime's naming convention, field by field. */
#include <ebpfhello/host/identity.h>

#include "check.h"

struct want {
	const char *path;
	const char *unit, *slice;
	const char *runtime;		/* NULL: none named */
	const char *container;		/* NULL: no container */
	const char *pod, *qos;		/* NULL: no pod */
};

#define HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define UID "1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b"
#define UID_ "1f2e3d4c_5b6a_4789_8a9b_0c1d2e3f4a5b"

static const struct want cases[] = {
	{ "/", "", "", NULL, NULL, NULL, NULL },
	{ "/system.slice/nginx.service", "nginx.service", "system.slice", NULL, NULL, NULL, NULL },
	{ "/user.slice/user-1000.slice/session-3.scope", "session-3.scope", "user-1000.slice",
	  NULL, NULL, NULL, NULL },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-foo-42.scope",
	  "app-gnome-foo-42.scope", "app.slice", NULL, NULL, NULL, NULL },
	{ "/user.slice/user-1000.slice/user@1000.service", "user@1000.service", "user-1000.slice",
	  NULL, NULL, NULL, NULL },
	/* docker: systemd and cgroupfs drivers */
	{ "/system.slice/docker-" HEX ".scope", "docker-" HEX ".scope", "system.slice",
	  "docker", HEX, NULL, NULL },
	{ "/docker/" HEX, "", "", "docker", HEX, NULL, NULL },
	/* podman: systemd and cgroupfs; conmon is not the container */
	{ "/machine.slice/libpod-" HEX ".scope", "libpod-" HEX ".scope", "machine.slice",
	  "podman", HEX, NULL, NULL },
	{ "/machine.slice/libpod-" HEX ".scope/container", "libpod-" HEX ".scope", "machine.slice",
	  "podman", HEX, NULL, NULL },
	{ "/libpod_parent/libpod-" HEX, "", "", "podman", HEX, NULL, NULL },
	{ "/machine.slice/libpod-conmon-" HEX ".scope", "libpod-conmon-" HEX ".scope",
	  "machine.slice", NULL, NULL, NULL, NULL },
	/* the kubelet, systemd driver: burstable, besteffort, guaranteed */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice/"
	  "cri-containerd-" HEX ".scope", "cri-containerd-" HEX ".scope",
	  "kubepods-burstable-pod" UID_ ".slice", "containerd", HEX, UID, "burstable" },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_ ".slice/"
	  "crio-" HEX ".scope", "crio-" HEX ".scope", "kubepods-besteffort-pod" UID_ ".slice",
	  "cri-o", HEX, UID, "besteffort" },
	{ "/kubepods.slice/kubepods-pod" UID_ ".slice/docker-" HEX ".scope",
	  "docker-" HEX ".scope", "kubepods-pod" UID_ ".slice", "docker", HEX, UID, "guaranteed" },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice/"
	  "crio-conmon-" HEX ".scope", "crio-conmon-" HEX ".scope",
	  "kubepods-burstable-pod" UID_ ".slice", NULL, NULL, UID, "burstable" },
	/* the kubelet, cgroupfs driver: the runtime is not in the path */
	{ "/kubepods/besteffort/pod" UID "/" HEX, "", "", NULL, HEX, UID, "besteffort" },
	{ "/kubepods/pod" UID "/" HEX, "", "", NULL, HEX, UID, "guaranteed" },
	{ "/kubepods/burstable/pod" UID, "", "", NULL, NULL, UID, "burstable" },
	/* lxc: new and old layouts; the monitor is not the container */
	{ "/lxc.payload.web1", "", "", "lxc", "web1", NULL, NULL },
	{ "/lxc.payload.web1/system.slice/cron.service", "cron.service", "system.slice", "lxc",
	  "web1", NULL, NULL },
	{ "/lxc/web2", "", "", "lxc", "web2", NULL, NULL },
	{ "/lxc.monitor.web1", "", "", NULL, NULL, NULL, NULL },
	/* systemd-nspawn: the template unit, and machined's scope; not libvirt's */
	{ "/machine.slice/systemd-nspawn@db.service", "systemd-nspawn@db.service",
	  "machine.slice", "systemd-nspawn", "db", NULL, NULL },
	{ "/machine.slice/systemd-nspawn@db.service/payload", "systemd-nspawn@db.service",
	  "machine.slice", "systemd-nspawn", "db", NULL, NULL },
	{ "/machine.slice/machine-db.scope", "machine-db.scope", "machine.slice",
	  "systemd-nspawn", "db", NULL, NULL },
	{ "/machine.slice/machine-qemu\\x2d1\\x2dvm.scope", "machine-qemu\\x2d1\\x2dvm.scope",
	  "machine.slice", NULL, NULL, NULL, NULL },
	/* no convention: nothing guessed */
	{ "/ebpfhello-test/a", "", "", NULL, NULL, NULL, NULL },
	{ "/docker/not-an-id", "", "", NULL, NULL, NULL, NULL },
	{ "/system.slice/docker-abc.scope", "docker-abc.scope", "system.slice", NULL, NULL,
	  NULL, NULL },
	{ "/a\nb.service", "a\nb.service", "", NULL, NULL, NULL, NULL },
};

int main(void)
{
	struct eh_identity id;
	size_t i;
	bool said;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];

		said = eh_identity_parse(w->path, &id);
		fprintf(stderr, "# %s\n", w->path);
		CHECK_STR(id.unit, w->unit);
		CHECK_STR(id.slice, w->slice);
		CHECK(id.container == (w->container != NULL));
		CHECK_STR(id.container_id, w->container ? w->container : "");
		CHECK_STR(eh_runtime_name(id.runtime) ? eh_runtime_name(id.runtime) : "(none)",
			  w->runtime ? w->runtime : "(none)");
		CHECK_STR(id.pod_uid, w->pod ? w->pod : "");
		CHECK_STR(id.qos ? id.qos : "(none)", w->qos ? w->qos : "(none)");
		CHECK(said == (w->unit[0] || w->container));
	}
	return check_done("identity");
}
