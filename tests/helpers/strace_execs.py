#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The execs of `strace -f -xx -o FILE -e trace=execve,execveat` as JSON lines.

  strace_execs.py FILE

One line per execve/execveat call, in the order strace saw them:
{"pid": N, "syscall": "execve", "filename": "...", "args": [...], "ret": N}
("ret" is what strace shows, -1 on failure, with "errno": "ENOENT")
and, for execveat, "dirfd" (AT_FDCWD as -100) and "flags" as strace names
them ("AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW", "0").  -xx makes strace print
every byte of a string as \\xNN, so strings decode exactly (invalid UTF-8
as U+FFFD, as ebpfhello's JSON has it).  A call strace printed in two
parts (<unfinished ...>, then <... execve resumed>) is joined.
"""
import json
import re
import sys

START = re.compile(r'^(\d+) +(execve|execveat)\((.*)$')
RESUMED = re.compile(r'^(\d+) +<\.\.\. (execve|execveat) resumed>(.*)$')
RESULT = re.compile(r'\) += (-?\d+)(?: (E[A-Z0-9]+))?')


def tokens(text):
    """The top-level arguments of a call: strings, arrays, other words."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            s = bytes.fromhex(text[i + 1:j].replace('\\x', ''))
            out.append(s.decode('utf-8', 'replace'))
            i = j + 1
            if text.startswith('...', i):	# strace cut it (-s)
                out[-1] += '...'
                i += 3
        elif c == '[':
            j, depth = i, 0
            while True:
                depth += {'[': 1, ']': -1}.get(text[j], 0)
                if text[j] == '"':
                    j += 1
                    while text[j] != '"':
                        j += 2 if text[j] == '\\' else 1
                if depth == 0:
                    break
                j += 1
            out.append(tokens(text[i + 1:j]))
            i = j + 1
        elif c in ', ':
            i += 1
        elif text.startswith('/*', i):
            i = text.index('*/', i) + 2
        elif c == ')':
            break
        else:
            j = i
            while j < len(text) and text[j] not in ',)':
                j += 1
            out.append(text[i:j].strip())
            i = j
    return out


def result(call, r):
    call['ret'] = int(r.group(1))
    if r.group(2):
        call['errno'] = r.group(2)


def main(path):
    calls, open_calls = [], {}
    with open(path, encoding='ascii', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = START.match(line)
            if m:
                pid, name, rest = int(m.group(1)), m.group(2), m.group(3)
                t = tokens(rest.split(' <unfinished ...>')[0])
                call = {'pid': pid, 'syscall': name}
                if name == 'execveat':
                    call['dirfd'] = -100 if t[0] == 'AT_FDCWD' else int(t[0])
                    call['filename'], call['args'], call['flags'] = t[1], t[2], t[4]
                else:
                    call['filename'], call['args'] = t[0], t[1]
                r = RESULT.search(rest)
                if r:
                    result(call, r)
                else:
                    open_calls[pid] = call
                calls.append(call)
                continue
            m = RESUMED.match(line)
            if m and int(m.group(1)) in open_calls:
                r = RESULT.search(m.group(3))
                if r:
                    result(open_calls.pop(int(m.group(1))), r)
    for call in calls:
        print(json.dumps(call))


if __name__ == '__main__':
    main(sys.argv[1])
