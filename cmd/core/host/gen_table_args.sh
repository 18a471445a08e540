# Sourced by gen_syscall_table.sh and gen_errno_table.sh, which set $me and
# $header (the uapi header they read, under the triplet's directory): their
# arguments (CC UAPI_DIR TRIPLET OUTPUT, then what the script takes beyond
# them, left in "$@"), the header's presence, and $tmp,
# a temporary file beside the output (so the final mv is atomic) with a
# unique name (so two runs can never write each other's files); it and
# every "$tmp.*" go at exit.
if [ $# -lt 4 ] || { [ $# -gt 4 ] && [ -z "${extra_args:-}" ]; }; then
	echo "usage: $me CC UAPI_DIR TRIPLET OUTPUT${extra_args:+ $extra_args}" >&2
	exit 2
fi
cc=$1
inc=${2%/}/usr/include
triplet=$3
out=$4
shift 4

if [ ! -r "$inc/$triplet/$header" ]; then
	echo "$me: no $inc/$triplet/$header (see third_party/install-deps.sh)" >&2
	exit 1
fi

tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp" "$tmp".*' EXIT
trap 'exit 1' HUP INT TERM
