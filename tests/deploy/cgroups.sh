# Cgroups of a test's own with the memory and CPU controllers, as a
# container runtime makes them for a container (sourced by resources.sh):
# cgroup v1 where the memory controller is mounted there (hybrid hosts, such
# as the test machines), else cgroup v2.  Each NAME is a cgroup
# eh-<pid>-NAME under each controller's root.  Sourcing fails when neither
# version has both controllers.
#
#   cg_make NAME, cg_enter NAME PID, cg_remove NAME
#   cg_cpu_ns NAME          CPU time of its tasks so far (ns)
#   cg_usage NAME           memory charged now (bytes; page cache included)
#   cg_working_set NAME     that, less the inactive page cache (what the
#                           kubelet calls the working set)
#   cg_reset_peak NAME, cg_peak NAME   the highest usage since the reset
#                           (v1; v2 has no resettable peak on every kernel:
#                           "-", the caller takes its samples' highest)
#   cg_limit NAME BYTES MILLICORES     memory limit and CFS quota
#   cg_oom_kills NAME, cg_throttled NAME   OOM kills; CFS periods throttled

cg_mount() {	# the v1 mount of a controller
	awk -v c="$1" '$3 == "cgroup" { n = split($4, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) { print $2; exit } }' /proc/mounts
}
CG_MEM=$(cg_mount memory) CG_CPU=$(cg_mount cpu) CG_ACCT=$(cg_mount cpuacct)
CG_V2=
if [ -z "$CG_MEM" ] || [ -z "$CG_CPU" ] || [ -z "$CG_ACCT" ]; then
	CG_V2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[ -n "$CG_V2" ] && grep -qw memory "$CG_V2/cgroup.controllers" && grep -qw cpu "$CG_V2/cgroup.controllers" ||
		return 1
	echo "+memory +cpu" > "$CG_V2/cgroup.subtree_control" || return 1
fi
cg_dirs() {
	local n=eh-$$-$1
	if [ -n "$CG_V2" ]; then echo "$CG_V2/$n"; else printf '%s\n' "$CG_MEM/$n" "$CG_CPU/$n" "$CG_ACCT/$n" | sort -u; fi
}
cg_mem() { if [ -n "$CG_V2" ]; then echo "$CG_V2/eh-$$-$1"; else echo "$CG_MEM/eh-$$-$1"; fi; }
cg_cpu() { if [ -n "$CG_V2" ]; then echo "$CG_V2/eh-$$-$1"; else echo "$CG_CPU/eh-$$-$1"; fi; }
cg_make() { local d; for d in $(cg_dirs "$1"); do mkdir -p "$d" || return 1; done; }
cg_enter() { local d; for d in $(cg_dirs "$1"); do echo "$2" > "$d/cgroup.procs" || return 1; done; }
cg_remove() { local d; for d in $(cg_dirs "$1"); do [ -d "$d" ] && rmdir "$d" 2> /dev/null; done; return 0; }
cg_cpu_ns() {
	if [ -n "$CG_V2" ]; then
		echo $(($(awk '$1 == "usage_usec" { print $2 }' "$(cg_cpu "$1")/cpu.stat") * 1000))
	else
		cat "$CG_ACCT/eh-$$-$1/cpuacct.usage"
	fi
}
cg_usage() {
	if [ -n "$CG_V2" ]; then cat "$(cg_mem "$1")/memory.current"; else cat "$(cg_mem "$1")/memory.usage_in_bytes"; fi
}
cg_working_set() {
	local key=total_inactive_file u
	[ -n "$CG_V2" ] && key=inactive_file
	u=$(cg_usage "$1")
	echo $((u - $(awk -v k=$key '$1 == k { print $2 }' "$(cg_mem "$1")/memory.stat")))
}
cg_reset_peak() { [ -n "$CG_V2" ] || echo 0 > "$(cg_mem "$1")/memory.max_usage_in_bytes"; }
cg_peak() { if [ -n "$CG_V2" ]; then echo -; else cat "$(cg_mem "$1")/memory.max_usage_in_bytes"; fi; }
cg_limit() {
	if [ -n "$CG_V2" ]; then
		echo "$2" > "$(cg_mem "$1")/memory.max" && echo "$(($3 * 100)) 100000" > "$(cg_cpu "$1")/cpu.max"
	else
		echo "$2" > "$(cg_mem "$1")/memory.limit_in_bytes" &&
			echo 100000 > "$(cg_cpu "$1")/cpu.cfs_period_us" &&
			echo $(($3 * 100)) > "$(cg_cpu "$1")/cpu.cfs_quota_us"
	fi
}
cg_oom_kills() {
	if [ -n "$CG_V2" ]; then awk '$1 == "oom_kill" { print $2 }' "$(cg_mem "$1")/memory.events"
	else awk '$1 == "oom_kill" { print $2 }' "$(cg_mem "$1")/memory.oom_control"; fi
}
cg_throttled() { awk '$1 == "nr_throttled" { print $2 }' "$(cg_cpu "$1")/cpu.stat"; }
