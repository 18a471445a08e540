# Run by the image target (cmake/image.cmake): builds both images with
# podman into a store of the build directory's own, joins them in one
# manifest list and saves that as an OCI archive; writes the seccomp profile.
foreach(v PODMAN PYTHON3)
  if(NOT ${v})
    message(FATAL_ERROR "image: ${v} not found (third_party/install-deps.sh installs podman)")
  endif()
endforeach()
# podman's own settings, and where it keeps images: ours, in the build tree
set(ENV{CONTAINERS_CONF} ${DIR}/containers.conf)
file(MAKE_DIRECTORY ${DIR})
# no default ulimits: a root without CAP_SYS_RESOURCE (a container) cannot set them
file(WRITE ${DIR}/containers.conf "[containers]\ndefault_ulimits = []\n")
set(podman ${PODMAN} --root ${DIR}/storage --runroot ${DIR}/run --storage-driver vfs)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "image: ${cmd}\n${out}")
  endif()
endfunction()

execute_process(COMMAND ${podman} manifest rm ${NAME} OUTPUT_QUIET ERROR_QUIET)
run(${podman} manifest create ${NAME})
foreach(arch amd64 arm64)
  set(ctx ${DIR}/${arch})
  file(REMOVE_RECURSE ${ctx})
  file(MAKE_DIRECTORY ${ctx})
  if(arch STREQUAL amd64)
    file(COPY_FILE ${X86} ${ctx}/ebpfhello)
  else()
    file(COPY_FILE ${ARM} ${ctx}/ebpfhello)
  endif()
  file(COPY_FILE ${SRC}/LICENSE ${ctx}/LICENSE)
  file(COPY_FILE ${SRC}/README.md ${ctx}/README.md)
  file(COPY_FILE ${SRC}/docs/deploy.md ${ctx}/deploy.md)
  set(labels)
  foreach(l "version=${VERSION}" "revision=${REVISION}" "created=${CREATED}"
          "source=https://github.com/ebpfhello/ebpfhello" "licenses=MIT" "title=ebpfhello"
          "description=eBPF counters and event logs: one static binary (Learning eBPF, chapter 2)")
    list(APPEND labels --label org.opencontainers.image.${l})
  endforeach()
  set(ts)
  if(EPOCH)
    set(ts --timestamp ${EPOCH})
  endif()
  run(${podman} build --quiet --runtime runc --network none --format oci --arch ${arch} --os linux
      ${ts} ${labels} --build-arg EH_BINARY=ebpfhello
      -f ${SRC}/packaging/image/Containerfile -t ${NAME}-${arch} ${ctx})
  run(${podman} manifest add ${NAME} containers-storage:${NAME}-${arch})
endforeach()
file(REMOVE ${ARCHIVE})
run(${podman} manifest push --all --format oci ${NAME} oci-archive:${ARCHIVE}:${NAME})
run(${PYTHON3} ${SRC}/packaging/kubernetes/seccomp-profile.py /usr/share/containers/seccomp.json
    ${SECCOMP} BPF PERFMON DAC_READ_SEARCH)
message(STATUS "image: ${ARCHIVE} (${NAME}: amd64, arm64), ${SECCOMP}")
