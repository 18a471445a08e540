# Run by CPack (CPACK_PRE_BUILD_SCRIPTS) once the install is staged, before
# the .deb is built: adds what Debian's policy asks of a package besides its
# files, in /usr/share/doc/ebpfhello:
#   copyright     machine-readable (DEP-5), the licence text taken from LICENSE
#                 (which is then left out: the copyright file carries it)
#   changelog.gz  deb/changelog, gzip -9n (a native package's changelog)
# compresses the man pages (gzip -9n),
# and lintian's overrides for what ebpfhello is on purpose: one static binary.
# Outside /usr, what only the package installs (not `cmake --install`, whose
# prefix may be anywhere): the systemd unit in /lib/systemd/system (Debian
# 12's place), and the options of the two instances it configures in
# /etc/default (conffiles: deb/conffiles; docs/deploy.md).
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()

set(src ${CPACK_EH_SOURCE_DIR})
set(root ${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX})
set(doc ${root}/${CPACK_EH_DOCDIR})
set(overrides ${root}/share/lintian/overrides)
if(NOT EXISTS ${doc}/README.md)
  message(FATAL_ERROR "debian-files.cmake: no staged ${doc}/README.md")
endif()

# The changelog's newest entry must be the version being packaged.
file(STRINGS ${src}/packaging/deb/changelog top LIMIT_COUNT 1)
if(NOT top MATCHES "^ebpfhello \\(${CPACK_PACKAGE_VERSION}\\) ")
  message(FATAL_ERROR "packaging/deb/changelog starts with \"${top}\", "
                      "not ebpfhello (${CPACK_PACKAGE_VERSION}): add an entry for it")
endif()
execute_process(COMMAND gzip -9 -n -c ${src}/packaging/deb/changelog
                OUTPUT_FILE ${doc}/changelog.gz RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "debian-files.cmake: gzip failed")
endif()

# LICENSE: "Copyright (c) <years> <holders>", then the text DEP-5 wants
# indented, with "." for blank lines.
file(READ ${src}/LICENSE license)
if(NOT license MATCHES "Copyright \\(c\\) ([^\n]+)")
  message(FATAL_ERROR "debian-files.cmake: no copyright line in LICENSE")
endif()
set(holders ${CMAKE_MATCH_1})
string(FIND "${license}" "Permission is hereby granted" at)
string(SUBSTRING "${license}" ${at} -1 text)
string(STRIP "${text}" text)
string(REPLACE "\n\n" "\n.\n" text "${text}")
string(REPLACE "\n" "\n " text "${text}")
file(WRITE ${doc}/copyright
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ebpfhello
Comment: /usr/sbin/ebpfhello is statically linked: it also holds Debian's
 builds of libbpf (LGPL-2.1 or BSD-2-Clause), elfutils' libelf (GPL-2+ or
 LGPL-3+), zlib (Zlib), GNU libmicrohttpd (LGPL-2.1+, without its TLS
 code) and the GNU C library (LGPL-2.1+); their copyright files are those
 of the libbpf-dev, libelf-dev, zlib1g-dev, libmicrohttpd-dev and libc6-dev
 packages it was built with, and the LGPL-2.1 is in
 /usr/share/common-licenses/LGPL-2.1. How to relink ebpfhello with another
 libmicrohttpd, as that licence allows, and where its source is:
 /usr/share/doc/ebpfhello/docs/prometheus.md.

Files: *
Copyright: ${holders}
License: Expat
 ${text}
")
file(REMOVE ${doc}/LICENSE)

# Man pages compressed, as policy wants them (gzip -9n: no name, no time).
file(GLOB_RECURSE man_pages ${root}/share/man/*.[1-9])
foreach(page IN LISTS man_pages)
  execute_process(COMMAND gzip -9 -n ${page} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "debian-files.cmake: gzip ${page} failed")
  endif()
endforeach()

set(staged ${CPACK_TEMPORARY_INSTALL_DIRECTORY})
file(MAKE_DIRECTORY ${staged}/lib/systemd/system ${staged}/etc/default)
file(COPY_FILE ${src}/packaging/systemd/ebpfhello@.service
     ${staged}/lib/systemd/system/ebpfhello@.service)
foreach(cmd count-syscall events)
  file(COPY_FILE ${src}/packaging/systemd/default-${cmd} ${staged}/etc/default/ebpfhello-${cmd})
endforeach()
file(CHMOD ${staged}/lib/systemd/system/ebpfhello@.service
     ${staged}/etc/default/ebpfhello-count-syscall ${staged}/etc/default/ebpfhello-events
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
foreach(dir ${staged}/lib ${staged}/lib/systemd ${staged}/lib/systemd/system ${staged}/etc
            ${staged}/etc/default)
  file(CHMOD ${dir} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                WORLD_READ WORLD_EXECUTE)
endforeach()

file(MAKE_DIRECTORY ${overrides})
file(COPY_FILE ${src}/packaging/deb/lintian-overrides ${overrides}/${CPACK_PACKAGE_NAME})

file(CHMOD ${doc}/copyright ${doc}/changelog.gz ${overrides}/${CPACK_PACKAGE_NAME}
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(CHMOD ${root}/share/lintian ${overrides}
     PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                 WORLD_READ WORLD_EXECUTE)
