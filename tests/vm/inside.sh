#!/bin/bash
# Runs inside a test VM (from its /init): the attach-mode matrix, then the
# runtime suite, each between markers that tests/vm/run.sh reads back.
# "eh.tests=a,b" on the kernel command line runs only those (debugging).
export EH=/bin/ebpfhello EH_WORKLOAD=/bin/ehworkload EH_TESTS=/tests
only=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^eh\.tests=//p')
"$EH" features
for t in /tests/vm/matrix.sh /tests/runtime/*.sh; do
	name=$(basename "$t" .sh)
	[ -z "$only" ] || [[ ",$only," == *",$name,"* ]] || continue
	echo "EH-TEST-BEGIN $name"
	timeout 300 bash "$t"
	echo "EH-TEST-END $name $?"
done
