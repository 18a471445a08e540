#!/bin/bash
# Runs inside a test VM (from its /init): the attach-mode matrix, the
# syscall-table check, then the runtime suite, each between markers that
# tests/vm/run.sh reads back ("EH-TEST-END name status seconds").
# "eh.tests=a,b" on the kernel command line runs only those (debugging).
#
# Every --json output the tests saw is checked against docs/schema.json by
# the host (the VM has no python): lib.sh keeps the files, and they leave
# through the console as a base64 tarball, one "EH-JSON <base64>" line
# after another (a kernel message in between cannot corrupt it).
# the VMs run the 32-bit programs of their compat ABI: a failure there is one
export EH=/bin/ebpfhello EH_WORKLOAD=/bin/ehworkload EH_COMPAT=/bin/ehcompat EH_COMPAT_REQUIRED=1 EH_TESTS=/tests
export EH_LINEAGE=/bin/ehlineage
export EH_SCHEMA_LATER=/tmp/eh-json
export EH_IN_VM=1
mkdir -p "$EH_SCHEMA_LATER"
only=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^eh\.tests=//p')
"$EH" features
# (not the suite's own plumbing, which the host's run checks: another tool
# beside it, a checkout under a mode-700 home, the source tree's files; nor
# explain.sh, whose per-kernel part matrix.sh runs: the emulated VMs' time)
# lineage_storm.sh (pid_max lowered, 100,000 execs) only where asked for by name
for t in /tests/vm/matrix.sh /tests/vm/tables.sh /tests/runtime/*.sh /tests/vm/lineage_storm.sh; do
	name=$(basename "$t" .sh)
	case $name in foreign|private_checkout|source|explain) continue ;; esac
	[ -z "$only" ] && [ "$name" = lineage_storm ] && continue
	[ -z "$only" ] || [[ ",$only," == *",$name,"* ]] || continue
	echo "EH-TEST-BEGIN $name"
	start=$SECONDS
	# the storm: 100,000 execs at about 220 a second in an emulated x86-64 (6.1)
	timeout "$([ "$name" = lineage_storm ] && echo 750 || echo 300)" bash "$t"
	echo "EH-TEST-END $name $? $((SECONDS - start))"
done
tar -C "$EH_SCHEMA_LATER" -c . | gzip -c | base64 | sed 's/^/EH-JSON /'
