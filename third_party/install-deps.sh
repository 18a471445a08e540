#!/bin/sh
# Installs everything ebpfhello needs to build and test, from Debian's
# packages only.  Safe to run again; needs root (or sudo).
#
#   third_party/install-deps.sh          build + test packages
#   third_party/install-deps.sh --build  only what the build needs
#
# The versions this project was last tested with are in VERSIONS.md.
set -eu

build_pkgs="cmake make gcc libc6-dev clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool linux-libc-dev file"
# jq checks JSON output; util-linux gives setpriv; qemu + busybox-static
# boot the kernel matrix (tests/vm); bpftrace is the benchmark's peer.
test_pkgs="jq util-linux procps time bc qemu-system-x86 busybox-static bpftrace cpio ca-certificates debian-archive-keyring"

pkgs="$build_pkgs"
[ "${1:-}" = "--build" ] || pkgs="$pkgs $test_pkgs"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $pkgs
