# The OCI image, for x86-64 and arm64, from one build directory:
#
#   cmake --build build --target image
#     build/dist/ebpfhello-<version>-image.oci.tar   both images, one OCI
#                                                    archive (an index)
#     build/dist/ebpfhello-seccomp.json              the containers' seccomp
#                                                    profile (Kubernetes:
#                                                    Localhost; podman)
#
# Built by Debian's podman (buildah inside) from packaging/image/Containerfile:
# FROM scratch and COPY only, so the arm64 image needs no emulator.  The
# arm64 binary is the dist target's (cmake/dist.cmake).  podman keeps its
# images in build/image/storage, not in the machine's store, and the labels
# say what was built: org.opencontainers.image.version and .revision (the
# commit build_info.cmake found), .created (the commit's time, so a rebuild
# makes the same image), .source, .licenses.

if(CMAKE_CROSSCOMPILING OR NOT EH_BPF_ARCH STREQUAL "x86")
  return()
endif()
find_program(EH_PODMAN podman)
find_program(EH_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)

set(eh_image_dir ${CMAKE_BINARY_DIR}/image)
set(eh_image_archive ${CMAKE_BINARY_DIR}/dist/ebpfhello-${PROJECT_VERSION}-image.oci.tar)
set(eh_image_name localhost/ebpfhello:${PROJECT_VERSION})
set(eh_revision "")
if(EH_BUILD_GIT MATCHES "^git ")
  eh_git(eh_revision rev-parse HEAD)
endif()
string(TIMESTAMP eh_created "%Y-%m-%dT%H:%M:%SZ" UTC)
if(DEFINED EH_SOURCE_DATE_EPOCH)
  set(ENV{SOURCE_DATE_EPOCH} ${EH_SOURCE_DATE_EPOCH})
  string(TIMESTAMP eh_created "%Y-%m-%dT%H:%M:%SZ" UTC)
  unset(ENV{SOURCE_DATE_EPOCH})
endif()

add_custom_target(image
  COMMAND ${CMAKE_COMMAND}
          -DPODMAN=${EH_PODMAN} -DPYTHON3=${EH_PYTHON3}
          -DSRC=${CMAKE_SOURCE_DIR} -DDIR=${eh_image_dir} -DARCHIVE=${eh_image_archive}
          -DNAME=${eh_image_name} -DVERSION=${PROJECT_VERSION} -DREVISION=${eh_revision}
          -DCREATED=${eh_created} -DEPOCH=${EH_SOURCE_DATE_EPOCH}
          -DX86=$<TARGET_FILE:ebpfhello> -DARM=${EH_AARCH64_DIR}/ebpfhello
          -DSECCOMP=${CMAKE_BINARY_DIR}/dist/ebpfhello-seccomp.json
          -P ${CMAKE_SOURCE_DIR}/cmake/image-build.cmake
  COMMENT "OCI image (x86-64, arm64) in dist/"
  USES_TERMINAL
  VERBATIM)
# after the release binaries (dist empties dist/ first), from the same two
add_dependencies(image dist)
