#!/usr/bin/env bash
# Regenerates dcgan_expected.npy: the DCGAN generator's output for the inputs
# dcgan_main.c generates, computed by deconv-run's reference implementation
# (plain loops in double precision, no code shared with the compiler).
#   examples/c/make-expected.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/deconv-compile" "$here/../dcgan_generator.mlir" -o "$tmp/dcgan.o" \
  --header="$tmp/dcgan_generator.h"
cc -O2 -std=c99 -I"$tmp" -I"$here" "$here/dcgan_main.c" "$tmp/dcgan.o" -lm \
  -o "$tmp/dcgan_main"
"$tmp/dcgan_main" unused --write-inputs "$tmp"
"$build/bin/deconv-run" "$here/../dcgan_generator.mlir" --reference \
  $(for i in 0 1 2 3 4; do echo --input="$tmp/input$i.npy"; done) \
  --output="$here/dcgan_expected.npy"
