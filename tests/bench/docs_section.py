#!/usr/bin/python3
"""Replaces one "## TITLE" section of a Markdown file (up to the next "## "
heading) with a file's text, or appends it when there is none yet: the soak
and tests/deploy/resources.sh each keep their own section of PERFORMANCE.md,
which the benchmark's report (report.sh) keeps too.

usage: docs_section.py DOC TITLE SECTION_FILE
"""
import os
import sys

doc, title, section = sys.argv[1:4]
lines = open(doc).read().splitlines(keepends=True)
new = open(section).read()
if not new.endswith("\n"):
    new += "\n"
head = f"## {title}\n"
if head in lines:
    start = lines.index(head)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    out = lines[:start] + [new] + (["\n"] if end < len(lines) else []) + lines[end:]
else:
    out = lines + (["\n"] if lines and lines[-1].strip() else []) + [new]
with open(doc + ".tmp", "w") as f:
    f.write("".join(out))
os.replace(doc + ".tmp", doc)
