# Release artefacts, from one build directory on an x86-64 machine:
#
#   cmake --build build --target dist
#     build/dist/ebpfhello-<version>-linux-x86_64    this build's ebpfhello
#     build/dist/ebpfhello-<version>-linux-aarch64   the same tree cross-built
#     build/dist/SHA256SUMS                          sha256sum -c checks both
#
# The arm64 binary comes from a second build directory inside this one,
# build/aarch64, configured with cmake/aarch64.cmake (same generator, build
# type and options) and built by the target ebpfhello-aarch64, which the
# arm64 VMs of the kernel matrix use too.  It needs the cross packages and a
# cached arm64 kernel for its BTF (third_party/install-deps.sh --cross).

if(CMAKE_CROSSCOMPILING OR NOT EH_BPF_ARCH STREQUAL "x86")
  add_custom_target(dist
    COMMAND ${CMAKE_COMMAND} -E echo "dist: made from an x86-64 build, which cross-builds aarch64"
    COMMAND ${CMAKE_COMMAND} -E false)
  return()
endif()

set(EH_AARCH64_DIR ${CMAKE_BINARY_DIR}/aarch64)
set(eh_cross_args -G ${CMAKE_GENERATOR}
    --toolchain ${CMAKE_SOURCE_DIR}/cmake/aarch64.cmake
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    -DEBPFHELLO_STATIC=${EBPFHELLO_STATIC}
    -DEBPFHELLO_WERROR=${EBPFHELLO_WERROR})
if(EBPFHELLO_UAPI_DIR)
  list(APPEND eh_cross_args -DEBPFHELLO_UAPI_DIR=${EBPFHELLO_UAPI_DIR})
endif()
# Configured once (the stamp is written only when that worked); later
# builds re-run that configure themselves when a CMakeLists.txt changes, as
# any build directory does.
add_custom_command(
  OUTPUT ${EH_AARCH64_DIR}.configured
  COMMAND ${CMAKE_COMMAND} -S ${CMAKE_SOURCE_DIR} -B ${EH_AARCH64_DIR} ${eh_cross_args}
  COMMAND ${CMAKE_COMMAND} -E touch ${EH_AARCH64_DIR}.configured
  COMMENT "Configuring the aarch64 cross build in aarch64/"
  VERBATIM)
# Always run (the nested build decides what is out of date), with the
# jobserver of an outer make left out: the nested one has its own -j.
cmake_host_system_information(RESULT eh_cpus QUERY NUMBER_OF_LOGICAL_CORES)
add_custom_target(ebpfhello-aarch64
  COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS --unset=MFLAGS --unset=MAKELEVEL
          ${CMAKE_COMMAND} --build ${EH_AARCH64_DIR} --parallel ${eh_cpus}
          --target ebpfhello ehworkload ehlineage
  DEPENDS ${EH_AARCH64_DIR}.configured
  BYPRODUCTS ${EH_AARCH64_DIR}/ebpfhello ${EH_AARCH64_DIR}/tests/ehworkload
             ${EH_AARCH64_DIR}/tests/ehlineage
  COMMENT "Building ebpfhello for aarch64 in aarch64/"
  USES_TERMINAL
  VERBATIM)

set(eh_dist ${CMAKE_BINARY_DIR}/dist)
set(eh_x86 ebpfhello-${PROJECT_VERSION}-linux-x86_64)
set(eh_arm ebpfhello-${PROJECT_VERSION}-linux-aarch64)
add_custom_target(dist
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${eh_dist}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${eh_dist}
  COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:ebpfhello> ${eh_dist}/${eh_x86}
  COMMAND ${CMAKE_COMMAND} -E copy ${EH_AARCH64_DIR}/ebpfhello ${eh_dist}/${eh_arm}
  # relative names, so that `sha256sum -c SHA256SUMS` works where they are
  COMMAND ${CMAKE_COMMAND} -E chdir ${eh_dist} ${CMAKE_COMMAND} -E sha256sum ${eh_x86} ${eh_arm}
          > ${eh_dist}/SHA256SUMS
  DEPENDS ebpfhello ebpfhello-aarch64
  COMMENT "Release binaries and SHA256SUMS in dist/"
  VERBATIM)
