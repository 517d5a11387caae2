#!/usr/bin/env bash
# deconv-opt's one entry point for set-up, the main job and the tests.
#
#   ./run.sh demo    install what is missing, build, run the main job
#   ./run.sh test    install what is missing, build, run every test
#   ./run.sh bench   install what is missing (+ oneDNN, gnuplot), build, run
#                    bench/run.py: every suite row against oneDNN
#   ./run.sh build   install what is missing and build only
#   ./run.sh deps    install what is missing only
#
# Environment: BUILD_DIR (default ./build), JOBS (default: all cores).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

# Debian 12 packages the project needs (LLVM/MLIR 22 from Debian's archive).
packages=(cmake ninja-build clang-22 lld-22 llvm-22-dev llvm-22-tools
          libmlir-22-dev mlir-22-tools libgtest-dev python3 python3-numpy
          libomp-22-dev gcc g++)

# Only the benchmark needs these: the oneDNN peer and the plot.
bench_packages=(libdnnl-dev gnuplot-nox)

install_deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "run.sh: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
}

build() {
  if [ ! -f "$build/build.ninja" ]; then
    cmake -G Ninja -S "$root" -B "$build" \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
      -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld
  fi
  ninja -C "$build" -j "$jobs"
}

run_tests() {
  # lit prints its own summary; ctest then runs the unit tests (the lit suite
  # is also registered with ctest, for `ctest` users, and skipped here).
  /usr/lib/llvm-22/bin/lit -sv "$build/test"
  (cd "$build" && ctest --output-on-failure -j "$jobs" -E '^lit-suite$')
}

case "${1:-}" in
  deps) install_deps ;;
  build) install_deps; build ;;
  demo) install_deps; build; "$root/examples/run-demo.sh" "$build" ;;
  bench) packages+=("${bench_packages[@]}"); install_deps; build
         shift; /usr/bin/python3 "$root/bench/run.py" --build "$build" "$@" ;;
  test) install_deps; build; run_tests ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
