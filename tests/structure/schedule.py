#!/usr/bin/env python3
"""How ctest may run the suite side by side (ctest -j, README's test line).

    schedule.py BUILD_DIR README

Reads the tests' properties as ctest itself sees them (--show-only=json-v1)
and says, a line each, what breaks the rules of tests/CMakeLists.txt:
  - a test that loads BPF programs on this host (labelled runtime, vm or
    bench, and sanitize_runtime) holds the lock "bpf" or runs alone
    (RUN_SERIAL): else it runs beside another one and the exact counts of
    both are wrong;
  - a test that runs alone comes after every other (a lower COST), so that
    none waits for the queue to drain before it;
  - README's test line runs ctest in parallel (-j), or none of it matters.
Exit 0 with a summary when all hold, 1 otherwise.
"""
import json
import re
import subprocess
import sys

BPF_LABELS = {"runtime", "vm", "bench"}
BPF_NAMES = {"sanitize_runtime"}


def tests(build):
    out = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"],
                         check=True, capture_output=True, text=True).stdout
    for t in json.loads(out)["tests"]:
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        yield t["name"], props


def main():
    build, readme = sys.argv[1], sys.argv[2]
    bad = []
    alone, beside = [], []
    for name, p in tests(build):
        labels = set(p.get("LABELS", []))
        locks = p.get("RESOURCE_LOCK", [])
        serial = p.get("RUN_SERIAL", False)
        cost = float(p.get("COST", 0))
        if (labels & BPF_LABELS or name in BPF_NAMES) and not serial and "bpf" not in locks:
            bad.append(f"{name} loads BPF programs but holds no RESOURCE_LOCK bpf and is not RUN_SERIAL")
        (alone if serial else beside).append((name, cost))
    if alone and beside:
        last = min(c for _, c in beside)
        for name, cost in alone:
            if cost >= last:
                bad.append(f"{name} runs alone with COST {cost:g}, not below every other test's ({last:g})")
    text = open(readme, encoding="utf-8").read()
    line = re.search(r"<!-- test-line:.*?```sh\n(.*?)\n```", text, re.S)
    if not line or not re.search(r"ctest [^&|;]*-j", line.group(1)):
        bad.append("README's test line does not run ctest in parallel (-j)")
    for b in bad:
        print(b)
    if bad:
        return 1
    print(f"{len(beside)} tests side by side (BPF ones one at a time), {len(alone)} alone and last")
    return 0


if __name__ == "__main__":
    sys.exit(main())
