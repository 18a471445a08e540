#!/usr/bin/python3
"""The figures of tests/deploy/resources.sh, and the manifest against them.

usage: resources_report.py FACTS SAMPLES OUT.md
  FACTS    "key words..." lines the script wrote (the manifest's figures,
           each phase's execs and memory peak, OOM kills, exit statuses...)
  SAMPLES  "container phase time cpu_ns usage working_set", one a second
Writes the PERFORMANCE.md section to OUT.md; prints one "ok   - " or
"FAIL - " line per check on stdout.
"""
import collections
import sys

PHASES = {
    "idle": "no load but the machine's own",
    "steady": "rounds of 11 execs, 0.5 s apart",
    "storm": "execs as fast as they go, and a getppid() storm",
    "limits": "the storm, under the manifest's limits",
}
CONTAINERS = ("count-syscall", "events")
# the rule the manifest's comment states: a request covers the steady
# phase, a limit twice the storm
HEADROOM = 2


def read_facts(path):
    facts = collections.defaultdict(dict)
    single = {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            key = words[0]
            if key in ("secs", "cpus", "kernel", "date", "cgroup", "lost", "scrapes_failed"):
                single[key] = " ".join(words[1:])
            elif key == "args":
                facts["args"][words[1]] = " ".join(words[2:])
            elif key == "execs":
                facts["execs"][words[1]] = int(words[2])
            elif key == "peak":
                facts["peak"][(words[1], words[2])] = words[3]
            else:
                facts[key][words[1]] = words[2] if len(words) > 2 else ""
    return facts, single


def figures(path):
    """(container, phase): mean and busiest-second millicores, highest
    working set and usage (bytes)"""
    rows = collections.defaultdict(list)
    with open(path) as f:
        for line in f:
            c, phase, t, cpu, usage, ws = line.split()
            rows[(c, phase)].append((float(t), int(cpu), int(usage), int(ws)))
    out = {}
    for key, r in rows.items():
        mean = (r[-1][1] - r[0][1]) / (r[-1][0] - r[0][0]) / 1e6
        busiest = max((b[1] - a[1]) / (b[0] - a[0]) / 1e6 for a, b in zip(r, r[1:]))
        out[key] = {"mean": mean, "busiest": busiest, "usage": max(x[2] for x in r),
                    "ws": max(x[3] for x in r)}
    return out


def kib(n):
    return f"{n / 1024:.0f}"


def main():
    facts, one = read_facts(sys.argv[1])
    fig = figures(sys.argv[2])
    secs = int(one["secs"])
    checks = []

    def check(ok, text):
        checks.append(("ok   - " if ok else "FAIL - ") + text)

    for (c, phase), peak in facts["peak"].items():
        if peak != "-":  # cgroup v1's exact peak, above any sample's
            fig[(c, phase)]["usage"] = max(fig[(c, phase)]["usage"], int(peak))
    md = ["## The DaemonSet's requests and limits", "",
          f"tests/deploy/resources.sh, last run {one['date']} on Linux {one['kernel']}, "
          f"{one['cpus']} CPUs: the DaemonSet's two containers "
          "([ebpfhello.yaml](../packaging/kubernetes/ebpfhello.yaml)), each with the "
          f"manifest's arguments in a cgroup of its own (cgroup {one['cgroup']}: memory, "
          "cpu and cpuacct, as a container runtime makes them), /metrics scraped every "
          f"second, through phases of {secs} s. CPU in millicores (m: thousandths of a "
          "CPU), the mean over the phase and its busiest second; the working set is the "
          "cgroup's memory less its inactive page cache (what the kubelet watches; the "
          "page cache of the log is reclaimed at the limit), the usage includes it. "
          "The BPF programs' own time is charged to the tasks making the syscalls, "
          "not to ebpfhello; its maps (the 1 MiB ring buffer) to its cgroup.", ""]
    for c in CONTAINERS:
        md += [f"`{c}`: `{facts['args'][c]}`" +
               (" (`--by container` until issue 20 lands; measured again then)"
                if c == "count-syscall" else ""), ""]
    md += ["| container | phase | load | execs/s | CPU mean (m) | busiest second (m) "
           "| working set, highest (KiB) | usage, highest (KiB) |",
           "|---|---|---|---|---|---|---|---|"]
    for c in CONTAINERS:
        for p, load in PHASES.items():
            f = fig[(c, p)]
            md.append(f"| {c} | {p} | {load} | {facts['execs'][p] / secs:.0f} | {f['mean']:.1f} "
                      f"| {f['busiest']:.1f} | {kib(f['ws'])} | {kib(f['usage'])} |")
    md += ["", "What the manifest asks for, against the rule its comment states (a request "
           f"covers the steady phase, a limit {HEADROOM} times the storm):", "",
           "| container | field | manifest | measured | rule | |", "|---|---|---|---|---|---|"]
    for c in CONTAINERS:
        st, sm = fig[(c, "steady")], fig[(c, "storm")]
        rows = [
            ("requests.cpu", int(facts["req_cpu"][c]), st["mean"], 1, "m", "steady: mean"),
            ("requests.memory", int(facts["req_mem"][c]), st["ws"], 1, "b", "steady: working set"),
            ("limits.cpu", int(facts["lim_cpu"][c]), sm["busiest"], HEADROOM, "m", "storm: busiest second"),
            ("limits.memory", int(facts["lim_mem"][c]), sm["ws"], HEADROOM, "b", "storm: working set"),
        ]
        for field, want, got, times, unit, what in rows:
            ok = want >= times * got
            shown = (f"{want}m", f"{got:.1f}m") if unit == "m" else \
                (f"{want // 1048576}Mi", f"{kib(got)} KiB")
            md.append(f"| {c} | {field} | {shown[0]} | {what} {shown[1]} | >= {times} x "
                      f"| {'met' if ok else 'missed'} |")
            check(ok, f"{c}: {field} {shown[0]} >= {times} x the {what} ({shown[1]})")
    for c in CONTAINERS:
        hwm = facts["hwm"].get(c, "")
        lim = int(facts["lim_mem"][c])
        if not hwm.isdigit():
            check(False, f"{c}: its peak RSS (VmHWM) could not be read ({hwm!r})")
            continue
        ok = lim >= HEADROOM * int(hwm) * 1024
        md.append(f"| {c} | limits.memory | {lim // 1048576}Mi | peak RSS (VmHWM, start-up "
                  f"included) {hwm} KiB | >= {HEADROOM} x | {'met' if ok else 'missed'} |")
        check(ok, f"{c}: limits.memory {lim // 1048576}Mi >= {HEADROOM} x its peak RSS ({hwm} KiB)")
    oom = {c: int(facts["oom"][c]) for c in CONTAINERS}
    thr = {c: facts["throttled"][c] for c in CONTAINERS}
    lost = one["lost"]
    rc = {c: facts["rc"][c] for c in CONTAINERS}
    hwm = {c: facts["hwm"][c] for c in CONTAINERS}
    md += ["", f"Under the manifest's limits (the `limits` phase): OOM kills "
           f"{oom['count-syscall']} and {oom['events']}, CFS periods throttled "
           f"{thr['count-syscall']} and {thr['events']} (count-syscall, events); events "
           f"lost {lost} records over the whole run (its log's sequence numbers "
           "contiguous: tests/deploy/seqcheck.py); both stopped by SIGTERM with exit "
           f"{rc['count-syscall']} and {rc['events']}; {one['scrapes_failed']} scrapes "
           f"failed. ebpfhello's own peak RSS (VmHWM): {hwm['count-syscall']} KiB "
           f"(count-syscall), {hwm['events']} KiB (events)."]
    start = {c: int(facts["startcpu"][c]) / 1e6 for c in CONTAINERS}
    least = {c: HEADROOM * fig[(c, "storm")]["busiest"] for c in CONTAINERS}
    md += ["", "The CPU limits are well above what the rule asks; what that buys is "
           "start-up, charged to the container too: from its start to attached (libbpf, "
           "the verifier) ebpfhello took "
           + " and ".join(f"{start[c]:.0f} ms of CPU ({c}: at least "
                          f"{start[c] / int(facts['lim_cpu'][c]) * 1000:.0f} ms to attach at "
                          f"its limit, {start[c] / least[c] * 1000:.0f} ms at the rule's "
                          f"least, {least[c]:.1f}m)"
                          for c in CONTAINERS) + "."]
    check(oom == {"count-syscall": 0, "events": 0},
          f"under the manifest's limits, the storm killed nothing (OOM kills {oom})")
    check(lost == "0", f"events lost nothing in any phase (lost {lost})")
    check(rc == {"count-syscall": "0", "events": "0"}, f"both stopped by SIGTERM, exit 0 ({rc})")
    check(one["scrapes_failed"] == "0", f"every scrape answered ({one['scrapes_failed']} failed)")
    check(facts["execs"]["storm"] > 2 * facts["execs"]["steady"] > 0,
          f"the storm made more execs than the steady load ({facts['execs']['storm']}, "
          f"{facts['execs']['steady']})")
    with open(sys.argv[3], "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(checks))


if __name__ == "__main__":
    main()
