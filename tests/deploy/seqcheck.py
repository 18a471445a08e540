#!/usr/bin/python3
"""What a log collector can prove from ebpfhello's --output files (docs/json.md,
"Sequence numbers and gaps"): given every file one run wrote (FILE, its
rotated copies, in any order), every line is one JSON record; the sequence
numbers (seq) and the declared gaps ("lost" and "unwritten" records,
first_seq + count) cover 0..summary.seq exactly once; the gaps' sizes add up
to the summary's loss counters (lost, unwritten); and the records the summary
counts (events, tail records, trace lines) are the lines of that type, less
at most the unwritten ones.

usage: seqcheck.py TYPE FILE...   (TYPE: event, tail or trace)
prints one line of totals; exit 1 and the reason when anything is off
"""
import json
import sys

COUNTED = {"event": "events", "tail": "events", "trace": "lines"}


def main():
    rtype, files = sys.argv[1], sys.argv[2:]
    recs = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                try:
                    recs.append(json.loads(line))
                except ValueError as e:
                    sys.exit(f"{name}:{n}: not one JSON record: {e}")
    summaries = [r for r in recs if r["type"] == "summary"]
    metas = [r for r in recs if r["type"] == "meta"]
    if len(summaries) != 1 or len(metas) != 1:
        sys.exit(f"{len(metas)} meta and {len(summaries)} summary records: one run's files?")
    summary = summaries[0]
    seen = {}
    for r in recs:
        if r["seq"] in seen:
            sys.exit(f"seq {r['seq']} twice")
        seen[r["seq"]] = r
    declared = {"lost": 0, "unwritten": 0}
    for r in recs:
        if r["type"] in declared and "first_seq" in r:
            declared[r["type"]] += r["count"]
            for s in range(r["first_seq"], r["first_seq"] + r["count"]):
                if s in seen:
                    sys.exit(f"seq {s} is declared missing by seq {r['seq']} but is there")
                seen[s] = r
    missing = [s for s in range(summary["seq"] + 1) if s not in seen]
    if missing or max(seen) != summary["seq"]:
        sys.exit(f"seq not contiguous: {len(missing)} missing, first {missing[:5]}")
    for kind in declared:
        if declared[kind] != summary.get(kind, 0):
            sys.exit(f"gaps declared by {kind} records: {declared[kind]}, "
                     f"summary {kind}: {summary.get(kind)}")
    shown = sum(r["type"] == rtype for r in recs)
    counted = summary.get(COUNTED[rtype], 0)
    # records of any type may be among the unwritten ones
    if not counted - declared["unwritten"] <= shown <= counted:
        sys.exit(f"{shown} {rtype} records in the files, the summary counts {counted} "
                 f"({declared['unwritten']} unwritten)")
    print(f"{len(recs)} records in {len(files)} files, seq 0..{summary['seq']} complete, "
          f"{shown} {rtype} records of the summary's {counted}, gaps: lost {declared['lost']}, "
          f"unwritten {declared['unwritten']}")


main()
