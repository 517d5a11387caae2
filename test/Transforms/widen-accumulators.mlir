// RUN: deconv-opt %s --deconv-widen-accumulators --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-widen-accumulators=operands=1 --split-input-file | FileCheck %s --check-prefix=OPERANDS
// RUN: deconv-opt %s --deconv-widen-accumulators="operands=1 bf16-dot-lanes=4" --split-input-file | FileCheck %s --check-prefix=KEEP

// A bf16 op sums in f32: its bias is extended, its result truncated once.
// CHECK-LABEL: func.func @bf16_with_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x5x5xbf16>, %[[W:.*]]: tensor<8x4x3x3xbf16>, %[[B:.*]]: tensor<4xbf16>)
// CHECK: %[[B32:.*]] = arith.extf %[[B]] : tensor<4xbf16> to tensor<4xf32>
// CHECK: %[[Y:.*]] = deconv.conv_transpose %[[X]], %[[W]], %[[B32]] strides = [2, 2] {{.*}} -> tensor<1x4x10x10xf32>
// CHECK: %[[T:.*]] = arith.truncf %[[Y]] : tensor<1x4x10x10xf32> to tensor<1x4x10x10xbf16>
// CHECK: return %[[T]]
func.func @bf16_with_bias(%x: tensor<1x8x5x5xbf16>, %w: tensor<8x4x3x3xbf16>, %b: tensor<4xbf16>) -> tensor<1x4x10x10xbf16> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x8x5x5xbf16>, tensor<8x4x3x3xbf16>, tensor<4xbf16>) -> tensor<1x4x10x10xbf16>
  return %y : tensor<1x4x10x10xbf16>
}

// -----

// Dynamic and unranked results keep their shapes; every use reads the
// truncated value.
// CHECK-LABEL: func.func @f16_dynamic
// CHECK: %[[Y:.*]] = deconv.conv %{{.*}}, %{{.*}} : (tensor<?x4x9xf16>, tensor<2x4x3xf16>) -> tensor<?x2x7xf32>
// CHECK: %[[T:.*]] = arith.truncf %[[Y]] : tensor<?x2x7xf32> to tensor<?x2x7xf16>
// CHECK: %[[Z:.*]] = deconv.conv %[[T]], %{{.*}} : (tensor<?x2x7xf16>, tensor<2x2x1xf16>) -> tensor<?x2x7xf32>
// CHECK: %[[T2:.*]] = arith.truncf %[[Z]] : tensor<?x2x7xf32> to tensor<?x2x7xf16>
// CHECK: %[[C:.*]] = tensor.cast %[[T2]] : tensor<?x2x7xf16> to tensor<*xf16>
// CHECK: return %[[T]], %[[C]]
func.func @f16_dynamic(%x: tensor<?x4x9xf16>, %w: tensor<2x4x3xf16>, %v: tensor<2x2x1xf16>) -> (tensor<?x2x7xf16>, tensor<*xf16>) {
  %y = deconv.conv %x, %w : (tensor<?x4x9xf16>, tensor<2x4x3xf16>) -> tensor<?x2x7xf16>
  %z = deconv.conv %y, %v : (tensor<?x2x7xf16>, tensor<2x2x1xf16>) -> tensor<*xf16>
  return %y, %z : tensor<?x2x7xf16>, tensor<*xf16>
}

// -----

// An op that already returns f32 only gets its bias widened.
// CHECK-LABEL: func.func @f32_result
// CHECK: %[[B32:.*]] = arith.extf %{{.*}} : tensor<2xf16> to tensor<2xf32>
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}}, %[[B32]] : {{.*}} -> tensor<1x2x7xf32>
// CHECK-NOT: arith.truncf
func.func @f32_result(%x: tensor<1x4x5xf16>, %w: tensor<4x2x3xf16>, %b: tensor<2xf16>) -> tensor<1x2x7xf32> {
  %y = deconv.conv_transpose %x, %w, %b : (tensor<1x4x5xf16>, tensor<4x2x3xf16>, tensor<2xf16>) -> tensor<1x2x7xf32>
  return %y : tensor<1x2x7xf32>
}

// -----

// f32 and f64 ops are left alone.
// CHECK-LABEL: func.func @f64_untouched
// CHECK-NOT: arith.extf
// CHECK-NOT: arith.truncf
// CHECK: deconv.conv_transpose {{.*}} -> tensor<1x2x7xf64>
func.func @f64_untouched(%x: tensor<1x4x5xf64>, %w: tensor<4x2x3xf64>, %b: tensor<2xf64>) -> tensor<1x2x7xf64> {
  %y = deconv.conv_transpose %x, %w, %b : (tensor<1x4x5xf64>, tensor<4x2x3xf64>, tensor<2xf64>) -> tensor<1x2x7xf64>
  return %y : tensor<1x2x7xf64>
}

// -----

// With operands=1 the input is extended and a constant filter becomes an f32
// constant, so the op is an f32 op; without it both stay 16-bit.
// CHECK-LABEL: func.func @constant_filter
// CHECK: deconv.conv %{{.*}}, %{{.*}} padding = [1, 1] : (tensor<1x2x3xbf16>, tensor<1x2x3xbf16>) -> tensor<1x1x3xf32>
// OPERANDS-LABEL: func.func @constant_filter
// OPERANDS-DAG: %[[X:.*]] = arith.extf %{{.*}} : tensor<1x2x3xbf16> to tensor<1x2x3xf32>
// OPERANDS-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.500000e+00, 2.000000e+00, 2.500000e-01], [1.000000e+00, 3.000000e+00, 2.000000e+00]]]> : tensor<1x2x3xf32>
// OPERANDS: %[[Y:.*]] = deconv.conv %[[X]], %[[W]] padding = [1, 1] : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x1x3xf32>
// OPERANDS: arith.truncf %[[Y]] : tensor<1x1x3xf32> to tensor<1x1x3xbf16>
func.func @constant_filter(%x: tensor<1x2x3xbf16>) -> tensor<1x1x3xbf16> {
  %w = arith.constant dense<[[[1.5, 2.0, 0.25], [1.0, 3.0, 2.0]]]> : tensor<1x2x3xbf16>
  %y = deconv.conv %x, %w padding = [1, 1] : (tensor<1x2x3xbf16>, tensor<1x2x3xbf16>) -> tensor<1x1x3xbf16>
  return %y : tensor<1x1x3xbf16>
}

// -----

// bf16-dot-lanes=4: bf16 operands with an even number of input channels and
// a multiple of 4 output channels per group stay bf16 (the dot-product
// kernels take them in pairs); the sums and the bias are f32 as always. Odd
// channel counts, depthwise ops, 6 output channels and f16 are extended.
// KEEP-LABEL: func.func @keep_bf16
// KEEP-SAME: (%[[X:[a-z0-9]+]]: tensor<1x8x5x5xbf16>, %[[W:[a-z0-9]+]]: tensor<8x4x3x3xbf16>,
// KEEP: deconv.conv_transpose %[[X]], %[[W]], %{{.*}} strides = [2, 2] {{.*}} : (tensor<1x8x5x5xbf16>, tensor<8x4x3x3xbf16>, tensor<4xf32>) -> tensor<1x4x10x10xf32>
// KEEP: %[[XG:.*]] = arith.extf %{{.*}} : tensor<1x6x5x5xbf16> to tensor<1x6x5x5xf32>
// KEEP: deconv.conv %[[XG]], %{{.*}} groups = 6 : (tensor<1x6x5x5xf32>, tensor<6x1x3x3xf32>)
// KEEP: deconv.conv %{{.*}}, %{{.*}} groups = 2 : (tensor<1x8x5x5xbf16>, tensor<8x4x3x3xbf16>)
// KEEP: arith.extf %{{.*}} : tensor<1x9x5x5xbf16> to tensor<1x9x5x5xf32>
// KEEP: arith.extf %{{.*}} : tensor<1x8x5x5xf16> to tensor<1x8x5x5xf32>
// KEEP: arith.extf %[[X]] : tensor<1x8x5x5xbf16> to tensor<1x8x5x5xf32>
// KEEP: deconv.conv %{{.*}}, %{{.*}} : (tensor<1x8x5x5xf32>, tensor<6x8x3x3xf32>)
// OPERANDS-LABEL: func.func @keep_bf16
// OPERANDS: arith.extf %{{.*}} : tensor<1x8x5x5xbf16> to tensor<1x8x5x5xf32>
func.func @keep_bf16(%x: tensor<1x8x5x5xbf16>, %w: tensor<8x4x3x3xbf16>, %b: tensor<4xbf16>,
                     %xg: tensor<1x6x5x5xbf16>, %wg: tensor<6x1x3x3xbf16>,
                     %wp: tensor<8x4x3x3xbf16>,
                     %xo: tensor<1x9x5x5xbf16>, %wo: tensor<4x9x3x3xbf16>,
                     %xh: tensor<1x8x5x5xf16>, %wh: tensor<4x8x3x3xf16>,
                     %w6: tensor<6x8x3x3xbf16>)
    -> (tensor<1x4x10x10xbf16>, tensor<1x6x3x3xbf16>, tensor<1x8x3x3xbf16>, tensor<1x4x3x3xbf16>, tensor<1x4x3x3xf16>, tensor<1x6x3x3xbf16>) {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x8x5x5xbf16>, tensor<8x4x3x3xbf16>, tensor<4xbf16>) -> tensor<1x4x10x10xbf16>
  %g = deconv.conv %xg, %wg groups = 6 : (tensor<1x6x5x5xbf16>, tensor<6x1x3x3xbf16>) -> tensor<1x6x3x3xbf16>
  %p = deconv.conv %x, %wp groups = 2 : (tensor<1x8x5x5xbf16>, tensor<8x4x3x3xbf16>) -> tensor<1x8x3x3xbf16>
  %o = deconv.conv %xo, %wo : (tensor<1x9x5x5xbf16>, tensor<4x9x3x3xbf16>) -> tensor<1x4x3x3xbf16>
  %h = deconv.conv %xh, %wh : (tensor<1x8x5x5xf16>, tensor<4x8x3x3xf16>) -> tensor<1x4x3x3xf16>
  %q = deconv.conv %x, %w6 : (tensor<1x8x5x5xbf16>, tensor<6x8x3x3xbf16>) -> tensor<1x6x3x3xbf16>
  return %y, %g, %p, %o, %h, %q : tensor<1x4x10x10xbf16>, tensor<1x6x3x3xbf16>, tensor<1x8x3x3xbf16>, tensor<1x4x3x3xbf16>, tensor<1x4x3x3xf16>, tensor<1x6x3x3xbf16>
}
