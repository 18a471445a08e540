# Which kernel BTF gen/vmlinux.h is made from: EH_BTF, a file (with the
# rule that makes it, when it is made).
#
#  - -DEBPFHELLO_BTF=<file>: that file (raw BTF, or an ELF vmlinux).
#  - a native build: this machine's kernel, /sys/kernel/btf/vmlinux.
#  - a cross build: the target architecture's BTF is not on this machine, so
#    it comes from the newest Debian kernel of that architecture cached by
#    tests/vm/fetch-kernels.sh --arch <arch> (install-deps.sh --cross
#    fetches one), cut out of its image at build time (btf-from-image.sh).
#    Nothing is committed and the build downloads nothing; without a cached
#    kernel, configuring stops and says how to fetch one.
# CO-RE relocates every field access at load time, so any recent kernel of
# the architecture will do: its vmlinux.h only needs the types' names.

set(EH_BTF_CACHE /var/cache/ebpfhello-vm)
if(DEFINED ENV{EH_VM_CACHE})
  set(EH_BTF_CACHE $ENV{EH_VM_CACHE})
endif()

if(NOT CMAKE_CROSSCOMPILING OR NOT EBPFHELLO_BTF STREQUAL "/sys/kernel/btf/vmlinux")
  set(EH_BTF ${EBPFHELLO_BTF})
else()
  file(GLOB eh_images ${EH_BTF_CACHE}/${EH_DEB_ARCH}/*/linux-image-*.vmlinuz)
  if(NOT eh_images)
    message(FATAL_ERROR "ebpfhello: cross-building for ${EH_DEB_ARCH} needs an "
      "${EH_DEB_ARCH} kernel's BTF for vmlinux.h, and ${EH_BTF_CACHE}/${EH_DEB_ARCH}/ "
      "has no kernel. Fetch one with third_party/install-deps.sh --cross (or "
      "tests/vm/fetch-kernels.sh --arch ${EH_DEB_ARCH} trixie), or give "
      "-DEBPFHELLO_BTF=<file> (/sys/kernel/btf/vmlinux copied from an ${EH_DEB_ARCH} machine).")
  endif()
  # the newest by version: compare file names (linux-image-6.12.107+deb13-...)
  set(eh_named "")
  foreach(f IN LISTS eh_images)
    get_filename_component(n ${f} NAME)
    list(APPEND eh_named "${n}|${f}")
  endforeach()
  list(SORT eh_named COMPARE NATURAL ORDER DESCENDING)
  list(GET eh_named 0 eh_newest)
  string(REGEX REPLACE "^[^|]*[|]" "" EH_BTF_IMAGE ${eh_newest})
  set(EH_BTF ${EH_GEN}/vmlinux.btf)
  add_custom_command(
    OUTPUT ${EH_BTF}
    COMMAND sh ${CMAKE_SOURCE_DIR}/cmake/btf-from-image.sh ${EH_BTF_IMAGE} ${EH_BTF}
    DEPENDS ${CMAKE_SOURCE_DIR}/cmake/btf-from-image.sh ${EH_BTF_IMAGE}
    COMMENT "Generating gen/vmlinux.btf from ${EH_BTF_IMAGE}"
    VERBATIM)
endif()
message(STATUS "vmlinux.h from ${EH_BTF}")
