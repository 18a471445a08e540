# The Debian package: in the build directory, `cpack -G DEB` (or
# `cmake --build . --target package`) makes ebpfhello_<version>_<arch>.deb.
#
# It holds what `cmake --install` puts under /usr (the static binary in
# /usr/sbin, the documentation in /usr/share/doc/ebpfhello), and what Debian's
# policy asks for besides, added by deb/debian-files.cmake: copyright (made
# from LICENSE), changelog.gz (from deb/changelog) and lintian's overrides.
# No Depends: the binary is static.

set(EBPFHELLO_DEB_MAINTAINER "ebpfhello authors <ebpfhello@example.org>" CACHE STRING
    "Maintainer field of the Debian package (give a real address before publishing one)")

set(CPACK_GENERATOR DEB)
set(CPACK_VERBATIM_VARIABLES ON)   # quotes in the description reach cpack as written
set(CPACK_PACKAGE_NAME ebpfhello)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${EH_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${EBPFHELLO_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "watch eBPF at work: trace, count and stream syscalls and execs")
set(CPACK_PACKAGE_DESCRIPTION
"ebpfhello shows the kernel's eBPF mechanisms working for real, one command
each, and answers everyday questions such as \"who is exec'ing?\" or \"which
syscalls, by whom?\", as text or as JSON lines for jq: bpf_printk messages
read back from trace_pipe (trace), syscalls counted per user, syscall,
process or command in BPF maps (count-uid, count-syscall), one record per
exec through a ring buffer, with loss counted exactly (events), and
per-syscall handlers reached through tail calls (tail).

It is the \"Hello World\" programs of the book Learning eBPF, chapter 2,
rebuilt on libbpf CO-RE as one static binary: it needs no compiler, no kernel
headers and no Python, only a kernel with BTF and root (or CAP_BPF and
CAP_PERFMON). \"ebpfhello features\" tells what the running kernel offers.")

# the unit's maintainer scripts and the /etc/default files as conffiles
# (debian-files.cmake puts them in place)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/deb/conffiles
    ${CMAKE_CURRENT_LIST_DIR}/deb/prerm ${CMAKE_CURRENT_LIST_DIR}/deb/postrm)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/deb/debian-files.cmake)
# read by debian-files.cmake
set(CPACK_EH_SOURCE_DIR ${CMAKE_SOURCE_DIR})
set(CPACK_EH_DOCDIR ${CMAKE_INSTALL_DOCDIR})

include(CPack)
