#!/usr/bin/env bash
# The main job: compile real networks' layers to native code, run them, check
# them, time them.
#   1. The DCGAN generator goes through deconv-compile to an object and a C
#      header; a plain C program (examples/c/dcgan_main.c) links it, runs it
#      and checks the output against stored reference data.
#   2. A U-Net decoder stage exported from PyTorch as ONNX goes through
#      deconv-compile to a shared library; the C program
#      examples/onnx/run_model.c calls it and checks it against PyTorch's
#      output.
#   3. Every network in examples/*.mlir: verify, infer shapes and compare with
#      the published ones (the EXPECT lines), compile in process with the same
#      pipeline (deconv-run), run on seeded random inputs and check against
#      the independent reference implementation, then time the network and
#      each layer on its own (median of >= 3 runs and 0.5 s).
# Usage: examples/run-demo.sh BUILD_DIR   (THREADS=N, default: all cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
threads=${THREADS:-$(nproc)}
opt=$build/bin/deconv-opt
run=$build/bin/deconv-run
compile=$build/bin/deconv-compile
filecheck=/usr/lib/llvm-22/bin/FileCheck
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== DCGAN generator: deconv-compile -> object + C header -> C program (threads: $threads)"
t0=$(date +%s%N)
"$compile" "$root/examples/dcgan_generator.mlir" --threads="$threads" \
  -o "$work/dcgan_generator.o" --header="$work/dcgan_generator.h"
t1=$(date +%s%N)
echo "    deconv-compile: $(( (t1 - t0) / 1000000 )) ms"
libs=(-lm)
[ "$threads" -gt 1 ] && libs+=(-lomp)
cc -O2 -std=c99 -I"$work" -I"$root/examples/c" "$root/examples/c/dcgan_main.c" \
  "$work/dcgan_generator.o" "${libs[@]}" -o "$work/dcgan_main"
if "$work/dcgan_main" "$root/examples/c/dcgan_expected.npy" | sed 's/^/    /'; then
  echo "PASS dcgan_generator: C program output matches the stored reference"
else
  echo "FAIL dcgan_generator: C program output differs from the stored reference"
  status=1
fi

echo "== ONNX: U-Net decoder stage exported by PyTorch -> deconv-compile -> shared library -> C program"
models=$root/examples/onnx/models
"$compile" "$models/unet_decoder.onnx" --threads="$threads" --emit=shared \
  -o "$work/unet_decoder.so" --header="$work/unet_decoder.h"
sed -n '/^\/\* unet_decoder$/,/\*\//p' "$work/unet_decoder.h" | sed 's/^/    /'
cc -O2 -std=c99 -I"$work" -I"$root/examples/c" -DMODEL_HEADER='"unet_decoder.h"' \
  -DENTRY=deconv_unet_decoder -DNUM_INPUTS=2 "$root/examples/onnx/run_model.c" \
  "$work/unet_decoder.so" -lm -o "$work/run_unet_decoder"
if "$work/run_unet_decoder" "$models/unet_decoder.out0.npy" \
     "$models/unet_decoder.in0.npy" "$models/unet_decoder.in1.npy" | sed 's/^/    /'; then
  echo "PASS unet_decoder.onnx: C program output matches PyTorch's"
else
  echo "FAIL unet_decoder.onnx: C program output differs from PyTorch's"
  status=1
fi

for f in "$root"/examples/*.mlir; do
  name=$(basename "$f" .mlir)
  echo "== $name"
  out=$work/$name.shapes
  if ! "$opt" --deconv-infer-shapes "$f" > "$out"; then
    echo "FAIL $name: deconv-opt rejected it"; status=1; continue
  fi
  if "$filecheck" --check-prefix=EXPECT "$f" < "$out" 2> "$out.err"; then
    echo "PASS $name: shapes match the published network"
  else
    echo "FAIL $name: inferred shapes differ from the published network"
    cat "$out.err"; status=1
  fi
  if res=$("$run" "$f" --random-inputs --seed=1 --threads="$threads" --check 2>&1); then
    echo "PASS $name: native code matches the reference, $(echo "$res" | grep '^check:')"
  else
    echo "FAIL $name: $res"; status=1; continue
  fi
  if res=$("$run" "$f" --random-inputs --seed=1 --threads="$threads" \
             --benchmark --repetitions=3 --per-layer 2>&1); then
    echo "$res" | sed -e 's/^median_ms/network: median_ms/' -e 's/^/    /'
  else
    echo "FAIL $name: $res"; status=1
  fi
done
if [ "$status" -eq 0 ]; then
  echo "demo: all example networks compiled to native code, run, checked against the reference and timed"
else
  echo "demo: FAILED"
fi
exit $status
