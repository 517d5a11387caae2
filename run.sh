#!/usr/bin/env bash
# deconv-opt's one entry point for set-up, the main job and the tests.
#
#   ./run.sh demo    install what is missing, build, run the main job
#   ./run.sh test    install what is missing, build, run every test, then
#                    the IR, tool and unit tests under ASan+UBSan
#                    (build-asan/) and each fuzzer for FUZZ_SECONDS
#                    (default 60) on its seed corpus
#   ./run.sh sanitize  only the ASan+UBSan part of `test`
#   ./run.sh fuzz    build the fuzzers, run each for FUZZ_SECONDS, keep the
#                    corpora in build-asan/fuzz/
#   ./run.sh bench   install what is missing (+ oneDNN, XNNPACK, gnuplot), build, run
#                    bench/run.py: every suite row against oneDNN and XNNPACK
#   ./run.sh build   install what is missing and build only
#   ./run.sh deps    install what is missing only
#
# Environment: BUILD_DIR (default ./build), ASAN_BUILD_DIR (default
# ./build-asan), JOBS (default: all cores), FUZZ_SECONDS (default 60),
# FUZZ_SEED (default 1).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}
asan_build=${ASAN_BUILD_DIR:-$root/build-asan}
fuzz_seconds=${FUZZ_SECONDS:-60}

# Debian 12 packages the project needs (LLVM/MLIR 22 from Debian's archive).
packages=(cmake ninja-build clang-22 lld-22 llvm-22-dev llvm-22-tools
          libmlir-22-dev mlir-22-tools libgtest-dev python3 python3-numpy
          libomp-22-dev libclang-rt-22-dev gcc g++
          libonnx-dev libprotobuf-dev libonnx-testdata python3-onnx)

# Only the benchmark needs these: the two peers (oneDNN, XNNPACK) and the plot.
bench_packages=(libdnnl-dev libxnnpack-dev libpthreadpool-dev gnuplot-nox)

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

# Configures (once) and builds the tree in $1 with clang-22 and lld; the
# remaining arguments are extra CMake settings.
build_tree() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -G Ninja -S "$root" -B "$dir" \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
      -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld "$@"
  fi
  ninja -C "$dir" -j "$jobs"
}

build() { build_tree "$build"; }

# Prints how long the step named $1 took (since the previous mark).
mark() {
  echo "run.sh: $1 took $((SECONDS - mark_start)) s (total $SECONDS s)"
  mark_start=$SECONDS
}
mark_start=$SECONDS

# lit prints its own summary; ctest then runs the unit tests (the lit suite
# is also registered with ctest, for `ctest` users, and skipped here). $2 and
# $3: more tests to leave out, as lit and ctest regular expressions.
run_tests_in() {
  local lit_out=() ctest_out='^lit-suite$'
  [ -n "${2:-}" ] && lit_out=(--filter-out "$2")
  [ -n "${3:-}" ] && ctest_out="$ctest_out|$3"
  /usr/lib/llvm-22/bin/lit -sv --time-tests "${lit_out[@]}" "$1/test"
  mark "lit in $1"
  (cd "$1" && ctest --output-on-failure -j "$jobs" -E "$ctest_out")
  mark "unit tests in $1"
}

# Under ASan, the tests whose time goes to compiling and running layer-sized
# networks and the reference on them (the execution tests, the ONNX and
# PyTorch models, the examples, the differential tests) are left to the
# release run: the generated code is not instrumented, and the passes they
# compile with are the ones the IR tests and the fuzzers run instrumented.
# ASan runs the IR tests, the tools' and the runtime's tests and the unit tests.
asan_lit_out='(Integration/(rows-kernel|dynamic-spatial|dynamic-channels|dynamic-batch|element-types|grouped|tosa-import|phase-gathers|outline-loop-nests)|Onnx/(node-tests|pytorch-models)|Examples/examples)\.test'
asan_ctest_out='Differential|DynamicDims'


# The whole tree instrumented with ASan+UBSan (LLVM's switches; UBSan traps
# on the first report) plus the libFuzzer targets.
build_asan() {
  build_tree "$asan_build" \
    -DLLVM_USE_SANITIZER="Address;Undefined" -DLLVM_USE_SANITIZE_COVERAGE=ON \
    -DLLVM_UBSAN_FLAGS="-fsanitize=undefined -fno-sanitize=vptr,function -fno-sanitize-recover=all" \
    -DDECONV_BUILD_FUZZERS=ON
}

# Each fuzzer for $fuzz_seconds on its corpus (seeded from the tests, which
# hold every input the fuzzers have found so far); any crash, leak, sanitizer
# report or timeout fails the run and leaves the input in
# $asan_build/fuzz/artifacts/. A fixed seed (FUZZ_SEED, default 1) makes a
# failure easier to reproduce.
run_fuzzers() {
  local dir=$asan_build/fuzz
  mkdir -p "$dir/artifacts" "$dir/corpus-mlir-text" "$dir/corpus-mlir-struct"
  /usr/bin/python3 "$root/tools/deconv-fuzz/make-corpus.py" "$root" "$dir/corpus-mlir"
  /usr/bin/python3 "$root/tools/deconv-fuzz/make-corpus.py" --npy "$dir/corpus-npy"
  /usr/bin/python3 "$root/tools/deconv-fuzz/make-corpus.py" --onnx "$root" "$dir/corpus-onnx-seed"
  /usr/bin/python3 "$root/tools/deconv-fuzz/make-corpus.py" --exec "$dir/corpus-exec-seed"
  # -timeout catches hangs: the largest seeds take about a minute under
  # ASan (every strategy lowered to LLVM IR), so the limit is well above it.
  local common=(-max_total_time="$fuzz_seconds" -seed="${FUZZ_SEED:-1}"
                -timeout=300 -rss_limit_mb=4096
                -malloc_limit_mb=2048 -print_final_stats=1
                -artifact_prefix="$dir/artifacts/")
  local f
  for f in text struct; do
    echo "run.sh: deconv-$f-fuzzer for ${fuzz_seconds}s"
    "$asan_build/bin/deconv-$f-fuzzer" "${common[@]}" \
      -dict="$root/tools/deconv-fuzz/mlir.dict" "$dir/corpus-mlir-$f" "$dir/corpus-mlir" \
      2>&1 | tail -n 12
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run.sh: deconv-$f-fuzzer failed"; return 1; }
  done
  echo "run.sh: deconv-npy-fuzzer for ${fuzz_seconds}s"
  "$asan_build/bin/deconv-npy-fuzzer" "${common[@]}" "$dir/corpus-npy" 2>&1 | tail -n 12
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run.sh: deconv-npy-fuzzer failed"; return 1; }
  mkdir -p "$dir/corpus-onnx"
  echo "run.sh: deconv-onnx-fuzzer for ${fuzz_seconds}s"
  "$asan_build/bin/deconv-onnx-fuzzer" "${common[@]}" -max_len=200000 \
    "$dir/corpus-onnx" "$dir/corpus-onnx-seed" 2>&1 | tail -n 12
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run.sh: deconv-onnx-fuzzer failed"; return 1; }
  # The wrong-code fuzzer: each input is a whole network compiled with every
  # strategy and run against the reference.
  mkdir -p "$dir/corpus-exec"
  echo "run.sh: deconv-exec-fuzzer for ${fuzz_seconds}s"
  "$asan_build/bin/deconv-exec-fuzzer" "${common[@]}" -len_control=0 -max_len=256 \
    "$dir/corpus-exec" "$dir/corpus-exec-seed" 2>&1 | tail -n 12
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run.sh: deconv-exec-fuzzer failed"; return 1; }
}

sanitize() {
  build_asan
  mark "ASan build"
  run_tests_in "$asan_build" "$asan_lit_out" "$asan_ctest_out"
  run_fuzzers
  mark "fuzzers"
}

case "${1:-}" in
  deps) install_deps ;;
  build) install_deps; build ;;
  demo) install_deps; build; "$root/examples/run-demo.sh" "$build" ;;
  bench) packages+=("${bench_packages[@]}"); install_deps; build
         shift; /usr/bin/python3 "$root/bench/run.py" --build "$build" "$@" ;;
  test) install_deps; build; mark "build"; run_tests_in "$build"; sanitize ;;
  sanitize) install_deps; sanitize ;;
  fuzz) install_deps; build_asan; run_fuzzers ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
