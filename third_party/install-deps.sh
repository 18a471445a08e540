#!/bin/sh
# Installs everything ebpfhello needs to build and test, from Debian's
# packages only.  Safe to run again; needs root (or sudo).
#
#   third_party/install-deps.sh          build, cross-build and test packages
#   third_party/install-deps.sh --build  only what the build needs
#   third_party/install-deps.sh --cross  the build's, and the aarch64 cross
#                                        build's (cmake/aarch64.cmake, the
#                                        dist target)
#
# Both also fetch the kernel uapi headers the syscall table is built from
# (uapi-headers.conf) into /var/cache/ebpfhello/uapi/, through a private apt
# configuration: the system's apt sources, lists and installed linux-libc-dev
# stay as they are.  Once unpacked, a run needs no network for them.
#
# The cross build (amd64 hosts) adds Debian's arm64 architecture to dpkg
# (dpkg --add-architecture arm64, once) for the arm64 libraries, and fetches
# one arm64 kernel, whose BTF the build cuts vmlinux.h from
# (tests/vm/fetch-kernels.sh: a private apt configuration, cached in
# /var/cache/ebpfhello-vm/arm64/).
#
# The versions this project was last tested with are in VERSIONS.md.
set -eu

if [ "$(id -u)" -ne 0 ]; then
	command -v sudo > /dev/null ||
		{ echo "install-deps: needs root; there is no sudo here: run it as root (su -)" >&2; exit 1; }
	exec sudo "$0" "$@"
fi

# pkg-config gives --version the libbpf version; debian-archive-keyring
# checks the uapi headers' suite.
# libmicrohttpd-dev: --listen's /metrics server (libmicrohttpd.a, linked in).
# git: the commit --version names (without it the build warns and says
# none).  jq: README's examples pipe into it (tests/examples checks that
# every command README has a user run comes with this list or Debian's base).
build_pkgs="cmake make gcc libc6-dev clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool linux-libc-dev file pkg-config debian-archive-keyring libmicrohttpd-dev git jq"
# (jq, which checks JSON output, and git are in the build's list) util-linux
# gives setpriv; lld links the 32-bit compat test programs
# (tests/helpers/ehcompat.c); strace holds a write (tests/prometheus: a
# textfile writer SIGKILLed mid-write); qemu-system-x86 and
# qemu-system-arm boot the kernel matrix (tests/vm; the VMs' own busybox,
# bash and jq come from each architecture's .debs, fetched by
# tests/vm/fetch-userland.sh); bpftrace and libbpf-tools (syscount,
# execsnoop) are the benchmark's peers;
# ninja-build, lintian and dpkg-repack are for tests/build (both generators,
# the .deb, putting back an ebpfhello package the test had to replace);
# python3-jsonschema validates every JSON record the tests see against
# docs/schema.json; groff, mandoc, man-db, bash-completion, zsh and fish check
# the man pages and drive the completions; prometheus (with promtool),
# prometheus-node-exporter, curl and iproute2 (ss, ip) test the Prometheus
# export against the real servers (tests/prometheus).  libclang-rt-dev is
# clang's runtimes (libFuzzer, ASan, UBSan) for the hardened build;
# script(1), the signal matrix's terminal, is in bsdutils (always installed).
# graphviz draws docs/layers.svg (the layers target; tests/structure checks it).
# Running it on every node (tests/deploy, docs/deploy.md): podman and
# buildah build the OCI image (the image target) and run the DaemonSet's pod
# (kube play), with runc (crun refuses hybrid cgroups), catatonit (the pod's
# pause process) and slirp4netns (its published port); python3-kubernetes
# and python3-yaml check the manifests against the Kubernetes API's models;
# logrotate rotates `events --output`; strace checks the systemd unit's
# syscall filter (systemd-analyze is systemd's, always installed), and
# strace -f judges what each exec passed, against events' records.
test_pkgs="util-linux procps time bc qemu-system-x86 qemu-system-arm bpftrace libbpf-tools cpio ca-certificates ninja-build lintian dpkg-repack python3-jsonschema groff mandoc man-db bash-completion zsh fish prometheus prometheus-node-exporter curl iproute2 libclang-rt-dev graphviz podman buildah runc catatonit slirp4netns python3-kubernetes python3-yaml logrotate strace lld"
# the aarch64 cross build: Debian's cross gcc and glibc, and the arm64
# builds of the libraries linked in statically
cross_pkgs="gcc-aarch64-linux-gnu libc6-dev-arm64-cross libbpf-dev:arm64 libelf-dev:arm64 zlib1g-dev:arm64 libmicrohttpd-dev:arm64"

host_arch=$(dpkg --print-architecture)
cross=false
case ${1:-} in
"") pkgs="$build_pkgs $test_pkgs"; cross=true ;;
--build) pkgs="$build_pkgs" ;;
--cross) pkgs="$build_pkgs"; cross=true ;;
*) echo "usage: install-deps.sh [--build | --cross]" >&2; exit 2 ;;
esac
if $cross && [ "$host_arch" != amd64 ]; then
	echo "install-deps: the aarch64 cross build is made on amd64 hosts; this is $host_arch" >&2
	[ -z "${1:-}" ] || exit 1
	cross=false
fi
if $cross; then
	pkgs="$pkgs $cross_pkgs"
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q

# Prometheus and node_exporter are test tools here, not services: the tests
# start their own on ports of their own.  Their packages would start
# daemons listening on every address (:9090, :9100), so a policy-rc.d
# refuses that during the install (unless the machine has one already),
# and on systemd the units the install newly enabled are disabled again.
services=""
for s in prometheus prometheus-node-exporter; do
	case " $pkgs " in *" $s "*) dpkg -s "$s" > /dev/null 2>&1 || services="$services $s" ;; esac
done
policy=/usr/sbin/policy-rc.d
made_policy=false
if [ -n "$services" ] && [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# install-deps.sh: no daemons started while it installs\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	made_policy=true
fi
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $pkgs || {
	rc=$?
	$made_policy && rm -f "$policy"
	exit "$rc"
}
$made_policy && rm -f "$policy"
if [ -n "$services" ] && [ -d /run/systemd/system ]; then
	# shellcheck disable=SC2086
	systemctl disable --now $services > /dev/null 2>&1 || true
fi

# --- an arm64 kernel, for the cross build's vmlinux.h (cmake/btf.cmake) -----
if $cross; then
	kernel=$("$(dirname "$0")/../tests/vm/fetch-kernels.sh" --arch arm64 trixie)
	echo "install-deps: arm64 kernel for vmlinux.h: ${kernel#* }"
fi

# --- the uapi headers ------------------------------------------------------
conf=$(dirname "$0")/uapi-headers.conf
conf_get() { sed -n "s/^$1=//p" "$conf"; }
package=$(conf_get package)
version=$(conf_get version)
suite=$(conf_get suite)
mirror=${EH_DEB_MIRROR:-http://deb.debian.org/debian}
cache=/var/cache/ebpfhello/uapi
dest=$cache/${package}_$version
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# .complete is written last: a run cut short is redone, never half-used
if [ -e "$dest/.complete" ]; then
	echo "install-deps: $package $version already in $dest"
	exit 0
fi

apt_dir=$cache/apt-$suite
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
echo "deb [signed-by=$keyring] $mirror $suite main" > "$apt_dir/sources.list"
: > "$apt_dir/status"
set -- -q -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
	-o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status" \
	-o Dir::Cache="$apt_dir" -o Dir::Cache::archives="$apt_dir/archives" \
	-o Dir::Cache::pkgcache="$apt_dir/pkgcache.bin" -o Dir::Cache::srcpkgcache="$apt_dir/srcpkgcache.bin" \
	-o Acquire::Languages=none -o APT::Sandbox::User=root -o Debug::NoLocking=1

if ! apt-get "$@" update > "$apt_dir/update.log" 2>&1; then
	cat "$apt_dir/update.log" >&2
	echo "install-deps: apt-get update failed for $suite" >&2
	exit 1
fi
if ! apt-cache "$@" madison "$package" | awk -F' *[|] *' '{ print $2 }' | grep -q -x -F "$version"; then
	echo "install-deps: $package $version is no longer in $suite; it has:" >&2
	apt-cache "$@" madison "$package" >&2 || true
	echo "install-deps: pin one of those in third_party/uapi-headers.conf and VERSIONS.md" >&2
	exit 1
fi

work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
(cd "$work" && apt-get "$@" download "$package=$version" > "$apt_dir/download.log" 2>&1) || {
	cat "$apt_dir/download.log" >&2
	echo "install-deps: could not download $package $version" >&2
	exit 1
}
mkdir "$work/root"
dpkg-deb -x "$work/${package}_"*.deb "$work/root"
touch "$work/root/.complete"
rm -rf "$dest"
mv "$work/root" "$dest"
rm -rf "$apt_dir"	# kept only when something failed, for its logs
echo "install-deps: $package $version unpacked into $dest"
