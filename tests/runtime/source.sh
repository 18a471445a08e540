#!/bin/bash
# ebpfhello source: the BPF C each command runs is the file it was built
# from, byte for byte, from inside the binary; --xlated shows every source
# line bpftool prog dump xlated linum shows for the same program.
. "$(dirname "$0")/../lib.sh"
require_root

src=$EH_TESTS/..
US=$'\x1f'

# --- the source, exactly ---------------------------------------------------------
for cmd in trace count-uid count-syscall events tail features; do
	f=$src/bpf/${cmd//-/_}.bpf.c
	"$EH" source "$cmd" > "$TMP/s.c"
	RC=$?
	check "source $cmd: exit 0, then the book's program named at the top" \
		[ "$RC" = 0 -a -n "$(sed -n '2s/^ \* Learning eBPF, chapter 2: \(..*\)\. \*\/$/\1/p' "$TMP/s.c")" ]
	check "source $cmd: after those two lines, bpf/${cmd//-/_}.bpf.c byte for byte" \
		cmp -s <(tail -n +3 "$TMP/s.c") "$f"
	"$EH" source "$cmd" --json > "$TMP/s_$cmd.json"
	json_output "$TMP/s_$cmd.json"
	check "source $cmd --json: one record whose text is the file" \
		cmp -s <(jq -j .text "$TMP/s_$cmd.json") "$f"
done
check "source count-uid names hello-map.py" grep -q 'hello-map.py' <("$EH" source count-uid | sed -n 2p)

"$EH" source events --headers --json > "$TMP/h.json"
json_output "$TMP/h.json"
bad=""
for p in $(jq -r .path "$TMP/h.json"); do
	cmp -s <(jq -j --arg p "$p" 'select(.path == $p) | .text' "$TMP/h.json") "$src/$p" || bad+=" $p"
done
check "source events --headers: each file is the tree's${bad:+ (not:$bad)}" [ -z "$bad" ]
check "source events --headers: the file, then every project header it includes, once each" \
	[ "$(jq -r .path "$TMP/h.json" | tr '\n' ' ')" = \
	  "bpf/events.bpf.c bpf/emit.bpf.h bpf/common.bpf.h include/ebpfhello/base/bpf_config.h bpf/file_path.bpf.h bpf/lineage.bpf.h include/ebpfhello/events.h bpf/pidns.bpf.h bpf/syscall_regs.bpf.h " ]

# every project header a shown file includes is shown too (a header the
# binary lacks would be skipped without a word)
for cmd in trace count-uid count-syscall events tail features; do
	"$EH" source "$cmd" --headers --json > "$TMP/hh.json"
	missing=$(jq -r '.text' "$TMP/hh.json" |
		sed -n 's/^#include "\([^"]*\)".*/bpf\/\1/p; s/^#include <\(ebpfhello\/[^>]*\)>.*/include\/\1/p' |
		grep -vx 'bpf/vmlinux.h' | sort -u | comm -23 - <(jq -r .path "$TMP/hh.json" | sort -u) | tr '\n' ' ')
	check "source $cmd --headers: every project header included is shown${missing:+ (not: $missing)}" \
		[ -z "$missing" ]
done
check "source count-uid --headers: --by's cgroup_names.bpf.h and host/cgroup_names.h" \
	bash -c "'$EH' source count-uid --headers | grep -c '^/\* ==== .*cgroup_names.* included ==== \*/\$' | grep -qx 2"

# --- --xlated against bpftool ------------------------------------------------------
# lines FILE: "file<US>line<US>text" of each source line bpftool's linum dump shows
bpftool_lines() {
	sed -n 's/^; \(.*\) \[file:\(.*\) line_num:\([0-9]*\) line_col:[0-9]*\]$/\2\x1f\3\x1f\1/p' "$1" |
		awk -F"$US" -v OFS="$US" '{ n = split($1, p, "/"); $1 = p[n]; print }' | sort -u
}
# (after "--": the command's options, which may choose another object)
while IFS='|' read -r tag cmd args; do
	# shellcheck disable=SC2086
	"$EH" source --xlated "$cmd" ${args:+-- $args} --json > "$TMP/x_$tag.json" 2> "$TMP/x.err"
	RC=$?
	json_output "$TMP/x_$tag.json"
	check "source $cmd --xlated${args:+ -- $args}: exit 0 ($(head -c 200 "$TMP/x.err"))" [ "$RC" = 0 ]
	# the same command with the same options, running: bpftool's view
	# shellcheck disable=SC2086
	start_tool "r_$tag" "$cmd" --explain --json $args || continue
	wait_for "$TMP/r_$tag.out" '"type":"explain"' 10
	bad="" n=0
	for name in $(jq -r .name "$TMP/x_$tag.json"); do
		id=$(jq -r --arg n "$name" 'select(.type == "explain") | .programs[] | select(.name == $n) | .id' "$TMP/r_$tag.out")
		[ -n "$id" ] || { bad+=" $name: not running"; continue; }
		bpftool prog dump xlated id "$id" linum > "$TMP/b.txt"
		bpftool_lines "$TMP/b.txt" > "$TMP/b.lines"
		jq -r --arg n "$name" 'select(.name == $n) | .insns[].source | select(.) |
			"\(.file | split("/") | last)\u001f\(.line)\u001f\(.text)"' "$TMP/x_$tag.json" | sort -u > "$TMP/o.lines"
		missing=$(comm -23 "$TMP/b.lines" "$TMP/o.lines" | head -3 | tr "$US" ':')
		[ -s "$TMP/b.lines" ] || missing="bpftool shows no line at all"
		[ -z "$missing" ] || bad+=" $name: $missing;"
		# the same program: as many instructions as bpftool's
		theirs=$(grep -cE '^ *[0-9]+: \(' "$TMP/b.txt")
		ours=$(jq -r --arg n "$name" 'select(.name == $n) | .insns | length' "$TMP/x_$tag.json")
		[ "$ours" = "$theirs" ] || bad+=" $name: $ours instructions, bpftool $theirs;"
		n=$((n + 1))
	done
	stop_tool INT
	check "source $cmd --xlated${args:+ -- $args}: $n programs, every source line bpftool shows, as many instructions${bad:+:$bad}" \
		[ -z "$bad" -a "$n" -ge 1 ]
done <<'ROWS'
trace|trace|
cu|count-uid|
cucg|count-uid|--by cgroup
cs|count-syscall|
ev|events|
tl|tail|
ROWS
check "source --xlated count-uid -- --by cgroup: the identity object's maps" \
	jq -e -s '[.[].insns[].text | select(test("map\\[id:[0-9]+\\] (by_cgroup|eh_cgroup_names)$"))] | length >= 2' "$TMP/x_cucg.json"
"$EH" source tail --xlated > "$TMP/x.txt"
check "source tail --xlated (text): the tail call and the map named" \
	bash -c "grep -q 'call bpf_tail_call' '$TMP/x.txt' && grep -qE 'r2 = map\[id:[0-9]+\] handlers' '$TMP/x.txt'"
check "source tail --xlated (text): source lines as '; line  [bpf/tail.bpf.c:N]'" \
	grep -qE '^; bpf_tail_call\(ctx, &handlers, \(__u32\)id\);  \[bpf/tail\.bpf\.c:[0-9]+\]$' "$TMP/x.txt"
assert_nothing_attached "source --xlated"
finish
