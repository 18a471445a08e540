#!/usr/bin/python3
"""A reader that stops reading: opens the fifo, shrinks its pipe to one page
(so a few records fill it), reads the first line (the meta record), says
"stalled" in READY_FILE and then never reads again until killed."""
import fcntl
import os
import sys
import time

fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, os.sysconf("SC_PAGE_SIZE"))
with open(sys.argv[2], "w") as ready:
    ready.write("open\n")
got = b""
while b"\n" not in got:
    chunk = os.read(fd, 1)
    if not chunk:
        break
    got += chunk
with open(sys.argv[2], "a") as ready:
    ready.write("stalled\n")
while True:
    time.sleep(3600)
