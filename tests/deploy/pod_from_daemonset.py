#!/usr/bin/python3
"""The DaemonSet's pod, for `podman kube play` (tests/deploy/container.sh).

podman 4.3's kube play runs Pods, not DaemonSets, so the DaemonSet's pod
template becomes a Pod, as the DaemonSet controller would make it.  What
changes, and why (everything else, the security context above all, is the
manifest's own, as written):
  - the log directory's hostPath: the test's, not the machine's /var/log;
  - a hostPort (on 127.0.0.1) for the metrics port: podman publishes only
    those, and the test's Prometheus scrapes it there;
  - the seccomp profile also as the annotation podman 4.3 reads (it does not
    know securityContext.seccompProfile), derived from that field;
  - ARGS_EDIT: the count-syscall container's arguments, edited as the test
    says (see BY_CONTAINER in container.sh).

usage: pod_from_daemonset.py MANIFEST LOGDIR HOSTPORT OLD_ARGS NEW_ARGS > pod.yaml
"""
import sys

import yaml

manifest, logdir, hostport, old, new = sys.argv[1:6]
ds = [d for d in yaml.safe_load_all(open(manifest)) if d and d["kind"] == "DaemonSet"][0]
tmpl = ds["spec"]["template"]
spec = tmpl["spec"]
meta = {"name": ds["metadata"]["name"], "labels": tmpl["metadata"]["labels"],
        "annotations": dict(tmpl["metadata"].get("annotations", {}))}
sec = spec.get("securityContext", {}).get("seccompProfile", {})
if sec.get("type") == "Localhost":
    meta["annotations"]["seccomp.security.alpha.kubernetes.io/pod"] = \
        "localhost/" + sec["localhostProfile"]
for v in spec["volumes"]:
    if v["name"] == "log":
        v["hostPath"]["path"] = logdir
for c in spec["containers"]:
    for p in c.get("ports", []):
        if p.get("name") == "metrics":
            p["hostPort"] = int(hostport)
            p["hostIP"] = "127.0.0.1"
    if c["name"] == "count-syscall":
        args = " ".join(c["args"])
        if old not in args:
            sys.exit(f"pod_from_daemonset: '{old}' is not in count-syscall's arguments: {args}")
        c["args"] = args.replace(old, new).split()
yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec},
               sys.stdout, sort_keys=False)
