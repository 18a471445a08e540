# Toolchain file: a static arm64 (aarch64) ebpfhello, built on a Debian x86-64
# machine.
#
#   third_party/install-deps.sh --cross
#   cmake -S . -B build-arm64 --toolchain cmake/aarch64.cmake
#   cmake --build build-arm64 -j"$(nproc)"      # build-arm64/ebpfhello
#
# The compiler is Debian's cross gcc (gcc-aarch64-linux-gnu, with glibc from
# libc6-dev-arm64-cross); libbpf, libelf and zlib are the arm64 packages of
# the same Debian release (libbpf-dev:arm64 ..., after dpkg
# --add-architecture arm64), so both binaries link the same versions.  The BPF
# side still comes from the host's clang, bpftool and llvm-strip; vmlinux.h
# from an arm64 kernel's BTF (cmake/btf.cmake finds it).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
# CPack strips with CMAKE_STRIP: the host's strip cannot read arm64 objects
set(CMAKE_STRIP aarch64-linux-gnu-strip)

# Debian multiarch: arm64 libraries are in /usr/lib/aarch64-linux-gnu,
# headers that are the same for every architecture (bpf/*.h, libelf.h,
# zlib.h) in /usr/include, the cross libc in /usr/aarch64-linux-gnu.
# CMAKE_LIBRARY_ARCHITECTURE makes find_library, and CMakeLists.txt's
# /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/lib*.a, take the arm64 directory.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /)
# clang, bpftool and llvm-strip run here; libraries and headers are arm64's
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config answers "which libbpf" for --version: without this it reads
# the host's libbpf.pc, which may be another release than the arm64 one
# linked in.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
