#!/usr/bin/env bash
# The main job, as far as the project goes today: take real networks' layers
# (examples/*.mlir), verify them, infer every intermediate shape with
# --deconv-infer-shapes, check the shapes against the ones the papers give
# (the EXPECT lines in each file), then compile each network to native code
# in process (deconv-run: --deconv-lower-to-llvm + LLVM -O3 JIT), run it on
# seeded random inputs, check it against the plain reference implementation,
# and time it (median of >= 3 runs and 0.5 s; dynamic batch = 1).
# Usage: examples/run-demo.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
opt=$build/bin/deconv-opt
run=$build/bin/deconv-run
filecheck=/usr/lib/llvm-22/bin/FileCheck
status=0
for f in "$root"/examples/*.mlir; do
  name=$(basename "$f" .mlir)
  out=$(mktemp)
  if ! "$opt" --deconv-infer-shapes "$f" > "$out"; then
    echo "FAIL $name: deconv-opt rejected it"; status=1; rm -f "$out"; continue
  fi
  if "$filecheck" --check-prefix=EXPECT "$f" < "$out" 2> "$out.err"; then
    echo "PASS $name: shapes match the published network"
  else
    echo "FAIL $name: inferred shapes differ from the published network"
    cat "$out.err"; status=1
  fi
  # One line per layer: op, input -> output type.
  grep -E 'deconv\.(conv|conv_transpose) ' "$out" |
    sed -E 's/^ *%[^ ]+ = (deconv\.[a-z_]+) .*: \(([^,]+),.*\) -> (.*)$/    \1  \2 -> \3/'
  rm -f "$out" "$out.err"
  # Native code: run, check against the reference, time.
  if res=$("$run" "$f" --random-inputs --seed=1 --check --benchmark --repetitions=3 2>&1); then
    echo "PASS $name: compiled and run, $(echo "$res" | grep '^check:')"
    echo "    $(echo "$res" | grep '^median_ms')"
  else
    echo "FAIL $name: $res"; status=1
  fi
done
if [ "$status" -eq 0 ]; then
  echo "demo: all example networks verified, shapes inferred, compiled, run and checked against the reference"
else
  echo "demo: FAILED"
fi
exit $status
