#!/bin/bash
# The house rules a reviewer would check by hand: modules small enough to
# read (no file in cmd/ over 400 lines, no function over 80), and every BPF
# program's section standing for an attach mode (ebpfhello __programs).
. "$(dirname "$0")/../lib.sh"

src=$(cd "$EH_TESTS/.." && pwd)
big=$(wc -l "$src"/cmd/*.c "$src"/cmd/core/*.c | awk '$2 != "total" && $1 > 400 { print $2 " (" $1 " lines)" }')
check "no file in cmd/ over 400 lines${big:+: $big}" [ -z "$big" ]

# functions: from a line "name(...)" at column 0 followed by "{", to "}"
long=$(awk '
	FNR == 1 { name = ""; start = 0 }
	/^[a-zA-Z_].*\(/ && !/;$/ { name = $0 }
	/^\{$/ && name != "" { start = FNR }
	/^\}$/ && start { if (FNR - start - 1 > 80) printf "%s:%d %s (%d lines)\n", FILENAME, start, name, FNR - start - 1; start = 0; name = "" }
' "$src"/cmd/*.c "$src"/cmd/core/*.c)
check "no function in cmd/ over 80 lines${long:+: $long}" [ -z "$long" ]

"$EH" __programs > "$TMP/programs"
check "every BPF program's section stands for an attach mode or a tail-call target" \
	[ $? = 0 -a -z "$(grep UNKNOWN "$TMP/programs")" ]
finish
