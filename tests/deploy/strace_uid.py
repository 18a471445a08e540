#!/usr/bin/python3
"""Counts the calls of one syscall a uid made, from `strace -f` output.

The judge of tests/deploy/container.sh: count-syscall counts every getppid
made by uid 4242, and that is the workload's calls plus whatever the
container runtime itself calls once it has switched to the container's uid
(runc's init checks its parent with getppid after setuid, before it execs
the workload).  strace sees them all; this follows each task's real uid
(the uid the kernel hands BPF programs) through the calls that change it and
the clones that inherit it.

strace must be run as
    strace -f --pidns-translation -qq -e signal=none -o FILE \
        -e trace=SYSCALL,setuid,setreuid,setresuid,clone,clone3,fork,vfork CMD
by a root shell: every task is a clone of the first one (uid 0), and
--pidns-translation names the children made inside the container's pid
namespace by their pids in strace's.

usage: strace_uid.py FILE SYSCALL UID
prints the count, then one "# task PID: N" line per task that made any
"""
import re
import sys

LINE = re.compile(r"^(\d+)\s+(.*)$")
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
CALL = re.compile(r"^(\w+)\((.*)$")
RET = re.compile(r"\)\s+=\s+(-?\d+)(?:\s+/\* (\d+) in strace's PID NS \*/)?(?:\s+<[^>]*>)?\s*$")
FORKS = {"clone", "clone3", "fork", "vfork"}


def calls(path):
    """(pid, name, args, return value, child pid in strace's namespace) of
    every completed call, in order; unfinished ones joined to their end"""
    pending = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            pid, rest = int(m.group(1)), m.group(2)
            r = RESUMED.match(rest)
            if r:
                name, text = r.group(1), pending.pop(pid, (r.group(1), ""))[1] + r.group(2)
            else:
                c = CALL.match(rest)
                if not c:
                    continue  # exits, signals
                name, text = c.group(1), c.group(2)
                if text.endswith("<unfinished ...>"):
                    pending[pid] = (name, text[: -len("<unfinished ...>")])
                    continue
            ret = RET.search(text)
            if not ret:
                continue  # a call that never returned (the task ended)
            child = ret.group(2) or ret.group(1)
            yield pid, name, text, int(ret.group(1)), int(child)


def new_uid(name, args, ret, uid):
    """the task's real uid after this call"""
    if ret == 0 and name in ("setuid", "setreuid", "setresuid"):
        real = int(args.split(",")[0].split(")")[0])
        if real != -1:
            return real
    return uid


def main():
    path, syscall, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tasks = {}  # pid: its calls, in its own order
    made_by = {}  # pid: (parent, index of the clone among the parent's calls)
    first = None
    for pid, name, args, ret, child in calls(path):
        first = pid if first is None else first
        mine = tasks.setdefault(pid, [])
        if name in FORKS and ret > 0:
            made_by[child] = (pid, len(mine))
        mine.append((name, args, ret))

    # A child's first lines can come before its parent's clone returns, so
    # the uid it starts with is the parent's at the clone, found afterwards.
    start = {first: 0}  # strace was started by root

    def uid_at(pid, upto):
        if pid not in start:
            if pid not in made_by:
                sys.exit(f"strace_uid: task {pid} appears without a clone that made it")
            start[pid] = uid_at(*made_by[pid])
        uid = start[pid]
        for name, args, ret in tasks[pid][:upto]:
            uid = new_uid(name, args, ret, uid)
        return uid

    total = 0
    per_task = {}
    for pid, mine in tasks.items():
        uid = uid_at(pid, 0)
        for name, args, ret in mine:
            if name == syscall and uid == want:
                per_task[pid] = per_task.get(pid, 0) + 1
            uid = new_uid(name, args, ret, uid)
    total = sum(per_task.values())
    print(total)
    for pid, n in per_task.items():
        print(f"# task {pid}: {n}")


if __name__ == "__main__":
    main()
