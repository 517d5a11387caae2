// RUN: deconv-opt %s --deconv-bufferize --split-input-file --verify-diagnostics
// RUN: not deconv-opt %s --deconv-bufferize="max-constant-bytes=64" --split-input-file 2>%t.err | FileCheck %s --check-prefix=SMALL
// RUN: FileCheck %s --input-file=%t.err --check-prefix=SMALLERR
// RUN: not deconv-compile %S/Inputs/huge-splat-filter.mlir --emit=llvm -o %t.ll 2>&1 | FileCheck %s --check-prefix=COMPILE
// RUN: not test -e %t.ll

// A splat costs nothing in the IR but would be expanded byte by byte into the
// object (the struct fuzzer ran the translation to LLVM IR out of memory).
// COMPILE: huge-splat-filter.mlir:5:8: error: a tensor constant of type 'tensor<1099511627776x4x4x4x4xf32>' has more than 1073741824 bytes, the largest that can be embedded in the generated code

func.func @huge_splat() -> tensor<4x1099511627776xf32> {
  // expected-error @below {{a tensor constant of type 'tensor<4x1099511627776xf32>' has more than 1073741824 bytes}}
  %w = arith.constant dense<1.0> : tensor<4x1099511627776xf32>
  return %w : tensor<4x1099511627776xf32>
}

// -----

// Shapes whose byte count overflows int64 are caught too.
func.func @overflowing_splat() -> tensor<9223372036854775807x2xi8> {
  // expected-error @below {{has more than 1073741824 bytes}}
  %w = arith.constant dense<1> : tensor<9223372036854775807x2xi8>
  return %w : tensor<9223372036854775807x2xi8>
}

// -----

// Up to the limit is fine; one element more is not.
// SMALL: memref.global "private" constant @{{.*}} : memref<4x4xf32> = dense<1.000000e+00>
// SMALL-NEXT: func.func @at_limit
// SMALLERR: error: a tensor constant of type 'tensor<4x1099511627776xf32>' has more than 64 bytes
// SMALLERR: error: a tensor constant of type 'tensor<9223372036854775807x2xi8>' has more than 64 bytes
// SMALLERR-NOT: tensor<4x4xf32>
// SMALLERR: error: a tensor constant of type 'tensor<17xf32>' has more than 64 bytes
func.func @at_limit() -> tensor<4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  return %w : tensor<4x4xf32>
}

// -----

func.func @above_small_limit() -> tensor<17xf32> {
  %w = arith.constant dense<1.0> : tensor<17xf32>
  return %w : tensor<17xf32>
}
