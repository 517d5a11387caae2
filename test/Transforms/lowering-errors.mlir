// RUN: deconv-opt %s --deconv-transpose-to-conv --split-input-file --verify-diagnostics
// RUN: not deconv-opt %s --deconv-transpose-to-subpixel --split-input-file 2>&1 | FileCheck %s --check-prefix=SUBPIXEL
// RUN: not deconv-opt %s --deconv-transpose-to-loops --split-input-file 2>&1 | FileCheck %s --check-prefix=LOOPS
// RUN: not deconv-opt %s --deconv-select-strategy --split-input-file 2>&1 | FileCheck %s --check-prefix=SELECT
// RUN: not deconv-opt %s --deconv-select-strategy="strategy=fastest" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not deconv-opt %s --deconv-transpose-to-loops="tile-sizes=1,-2" --split-input-file 2>&1 | FileCheck %s --check-prefix=TILES
// RUN: not deconv-opt %s --deconv-to-linalg --split-input-file 2>&1 | FileCheck %s --check-prefix=LINALG

// SUBPIXEL: 20:8: error: cannot be lowered by sub-pixel decomposition: result type is unranked
// SUBPIXEL: 28:8: error: cannot be lowered by sub-pixel decomposition: the filter shape must be static
// LOOPS: 20:8: error: cannot be lowered to loops: result type is unranked
// LOOPS: 28:8: error: cannot be lowered to loops: the filter shape must be static
// SELECT: 20:8: error: cannot be lowered: result type is unranked
// SELECT: 28:8: error: cannot be lowered: the filter shape must be static
// STRATEGY: for the --strategy option: Cannot find option named 'fastest'!
// TILES: error: tile-sizes must be >= 0

func.func @unranked(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
  // expected-error @below {{cannot be lowered by zero insertion: result type is unranked; run --deconv-infer-shapes first}}
  %y = "deconv.conv_transpose"(%x, %w) : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

func.func @dynamic_filter(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x?x3xf32>) -> tensor<1x2x?x5xf32> {
  // expected-error @below {{cannot be lowered by zero insertion: the filter shape must be static to be transformed}}
  %y = deconv.conv_transpose %x, %w : (tensor<1x4x3x3xf32>, tensor<4x2x?x3xf32>) -> tensor<1x2x?x5xf32>
  return %y : tensor<1x2x?x5xf32>
}

// -----

// LINALG: error: could not be lowered to linalg: result type is unranked; run --deconv-infer-shapes first
func.func @conv_unranked(%x: tensor<1x4x5x5xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<*xf32> {
  %y = "deconv.conv"(%x, %w) : (tensor<1x4x5x5xf32>, tensor<2x4x3x3xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
