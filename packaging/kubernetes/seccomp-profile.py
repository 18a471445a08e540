#!/usr/bin/python3
"""The seccomp profile the DaemonSet's containers run under (ebpfhello.json).

Not written by hand: it is the container runtime's own default profile
(containers-common's seccomp.json, from the Debian package
golang-github-containers-common), resolved for the capabilities the
containers hold, with bpf(2) and perf_event_open(2) allowed.  The default
allows those two only to holders of CAP_SYS_ADMIN, which ebpfhello does not
need: CAP_BPF and CAP_PERFMON (Linux 5.8+) are what the kernel checks.

The default's rules that depend on capabilities ("includes"/"excludes") or
architectures are resolved here, so that the output is plain OCI runtime
format (defaultAction, architectures, syscalls with names, action, args):
every runtime reads it the same way (podman, CRI-O, containerd's Localhost
profiles), none has to know the containers-common extensions.

usage: seccomp-profile.py DEFAULT.json OUT.json CAP...   (CAP: BPF, PERFMON...)
"""
import json
import sys

ALLOWED = ["bpf", "perf_event_open"]
# the runtime's names for the architectures ebpfhello is built for
ARCHES = {"amd64", "x32", "x86", "arm64", "arm"}


def applies(rule, caps):
    inc, exc = rule.get("includes") or {}, rule.get("excludes") or {}
    if inc.get("caps") and not set(inc["caps"]) <= caps:
        return False
    if exc.get("caps") and set(exc["caps"]) & caps:
        return False
    if inc.get("arches") and not set(inc["arches"]) & ARCHES:
        return False
    if inc.get("minKernel") or exc.get("arches") or exc.get("minKernel"):
        raise SystemExit(f"seccomp-profile: a rule this script does not know: {rule}")
    return True


def main():
    src, out, caps = sys.argv[1], sys.argv[2], {"CAP_" + c for c in sys.argv[3:]}
    with open(src) as f:
        default = json.load(f)
    rules = []
    for rule in default["syscalls"]:
        names = [n for n in rule["names"] if n not in ALLOWED]
        if not names or not applies(rule, caps):
            continue
        new = {"names": names, "action": rule["action"]}
        for key in ("args", "errnoRet"):
            if rule.get(key):
                new[key] = rule[key]
        rules.append(new)
    rules.append({"names": ALLOWED, "action": "SCMP_ACT_ALLOW"})
    arches = []
    for a in default["archMap"]:
        arches += [a["architecture"]] + a.get("subArchitectures", [])
    profile = {"defaultAction": default["defaultAction"],
               "defaultErrnoRet": default.get("defaultErrnoRet", 1),
               "architectures": [a for a in arches if a in (
                   "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
                   "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM")],
               "syscalls": rules}
    with open(out, "w") as f:
        json.dump(profile, f, indent=1, sort_keys=True)
        f.write("\n")


main()
