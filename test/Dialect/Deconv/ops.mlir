// RUN: deconv-opt %s | FileCheck %s
// Round trip: custom form -> custom form -> same text.
// RUN: deconv-opt %s | deconv-opt | FileCheck %s
// Round trip through the generic form.
// RUN: deconv-opt %s --mlir-print-op-generic | deconv-opt | FileCheck %s
// The generic form keeps the documented attribute-dictionary spelling.
// RUN: deconv-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @conv2d_bias
// CHECK: deconv.conv %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
// GENERIC-LABEL: sym_name = "conv2d_bias"
// GENERIC: "deconv.conv"(%{{.*}}, %{{.*}}, %{{.*}}) {groups = 1 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
func.func @conv2d_bias(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x16x16xf32> {
  %0 = deconv.conv %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  return %0 : tensor<1x16x16x16xf32>
}

// Defaults are not printed.
// CHECK-LABEL: func.func @conv1d_defaults
// CHECK: deconv.conv %{{.*}}, %{{.*}} : (tensor<2x4x10xf32>, tensor<8x4x3xf32>) -> tensor<2x8x8xf32>
func.func @conv1d_defaults(%x: tensor<2x4x10xf32>, %w: tensor<8x4x3xf32>) -> tensor<2x8x8xf32> {
  %0 = deconv.conv %x, %w strides = [1] dilations = [1] padding = [0, 0] groups = 1 : (tensor<2x4x10xf32>, tensor<8x4x3xf32>) -> tensor<2x8x8xf32>
  return %0 : tensor<2x8x8xf32>
}

// CHECK-LABEL: func.func @conv3d_grouped_dilated
// CHECK: deconv.conv %{{.*}}, %{{.*}} strides = [1, 2, 1] dilations = [2, 1, 1] padding = [0, 1, 2, 0, 1, 2] groups = 2 : (tensor<1x4x9x9x9xf64>, tensor<6x2x3x3x3xf64>) -> tensor<1x6x5x5x11xf64>
func.func @conv3d_grouped_dilated(%x: tensor<1x4x9x9x9xf64>, %w: tensor<6x2x3x3x3xf64>) -> tensor<1x6x5x5x11xf64> {
  %0 = deconv.conv %x, %w strides = [1, 2, 1] dilations = [2, 1, 1] padding = [0, 1, 2, 0, 1, 2] groups = 2 : (tensor<1x4x9x9x9xf64>, tensor<6x2x3x3x3xf64>) -> tensor<1x6x5x5x11xf64>
  return %0 : tensor<1x6x5x5x11xf64>
}

// The worked example: i=5, k=3, s=2, p=1 gives 5 back from 3, or 6 with
// output_padding 1.
// CHECK-LABEL: func.func @conv_transpose2d_worked_example
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
// GENERIC: "deconv.conv_transpose"(%{{.*}}, %{{.*}}, %{{.*}}) {groups = 1 : i64, output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
func.func @conv_transpose2d_worked_example(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<2xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x6x6xf32>) {
  %0 = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %1 = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %0, %1 : tensor<1x2x5x5xf32>, tensor<1x2x6x6xf32>
}

// Output padding may reach up to max(stride, dilation) - 1 even at stride 1.
// CHECK-LABEL: func.func @conv_transpose1d_dilated
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}} dilations = [3] padding = [0, 2] output_padding = [2] groups = 2 : (tensor<1x4x7xf32>, tensor<4x3x4xf32>) -> tensor<1x6x16xf32>
func.func @conv_transpose1d_dilated(%x: tensor<1x4x7xf32>, %w: tensor<4x3x4xf32>) -> tensor<1x6x16xf32> {
  %0 = deconv.conv_transpose %x, %w dilations = [3] padding = [0, 2] output_padding = [2] groups = 2 : (tensor<1x4x7xf32>, tensor<4x3x4xf32>) -> tensor<1x6x16xf32>
  return %0 : tensor<1x6x16xf32>
}

// CHECK-LABEL: func.func @conv_transpose3d
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2, 2] : (tensor<1x64x16x16x16xf32>, tensor<64x32x2x2x2xf32>) -> tensor<1x32x32x32x32xf32>
func.func @conv_transpose3d(%x: tensor<1x64x16x16x16xf32>, %w: tensor<64x32x2x2x2xf32>) -> tensor<1x32x32x32x32xf32> {
  %0 = deconv.conv_transpose %x, %w strides = [2, 2, 2] : (tensor<1x64x16x16x16xf32>, tensor<64x32x2x2x2xf32>) -> tensor<1x32x32x32x32xf32>
  return %0 : tensor<1x32x32x32x32xf32>
}

// Dynamic batch, channels and spatial dims; less precise declared results.
// CHECK-LABEL: func.func @dynamic
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] : (tensor<?x4x?x5xf32>, tensor<4x?x3x3xf32>) -> tensor<?x?x?x11xf32>
// CHECK: deconv.conv %{{.*}}, %{{.*}} : (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
// CHECK: deconv.conv %{{.*}}, %{{.*}} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
// CHECK: deconv.conv %{{.*}}, %{{.*}} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<?x8x?x3xf32>
func.func @dynamic(%x: tensor<?x4x?x5xf32>, %w: tensor<4x?x3x3xf32>, %y: tensor<?x?x?x?xf32>, %v: tensor<?x?x?x?xf32>, %s: tensor<1x4x5x5xf32>, %t: tensor<8x4x3x3xf32>) {
  %0 = deconv.conv_transpose %x, %w strides = [2, 2] : (tensor<?x4x?x5xf32>, tensor<4x?x3x3xf32>) -> tensor<?x?x?x11xf32>
  %1 = deconv.conv %y, %v : (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %2 = deconv.conv %s, %t : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  %3 = deconv.conv %s, %t : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<?x8x?x3xf32>
  return
}

// Other element types.
// CHECK-LABEL: func.func @element_types
// CHECK: deconv.conv_transpose {{.*}} -> tensor<1x2x7xf16>
// CHECK: deconv.conv_transpose {{.*}} -> tensor<1x2x7xbf16>
func.func @element_types(%x: tensor<1x4x5xf16>, %w: tensor<4x2x3xf16>, %a: tensor<1x4x5xbf16>, %c: tensor<4x2x3xbf16>) {
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5xf16>, tensor<4x2x3xf16>) -> tensor<1x2x7xf16>
  %1 = deconv.conv_transpose %a, %c : (tensor<1x4x5xbf16>, tensor<4x2x3xbf16>) -> tensor<1x2x7xbf16>
  return
}

// f16 and bf16 ops may return their f32 sums, and take an f32 bias.
// CHECK-LABEL: func.func @widened_types
// CHECK: deconv.conv_transpose {{.*}} : (tensor<1x4x5xf16>, tensor<4x2x3xf16>, tensor<2xf32>) -> tensor<1x2x7xf32>
// CHECK: deconv.conv {{.*}} : (tensor<1x4x5xbf16>, tensor<2x4x3xbf16>, tensor<2xf32>) -> tensor<1x2x3xbf16>
// CHECK: deconv.conv {{.*}} : (tensor<1x4x5xbf16>, tensor<2x4x3xbf16>) -> tensor<*xf32>
func.func @widened_types(%x: tensor<1x4x5xf16>, %w: tensor<4x2x3xf16>, %b: tensor<2xf32>, %a: tensor<1x4x5xbf16>, %c: tensor<2x4x3xbf16>) {
  %0 = deconv.conv_transpose %x, %w, %b : (tensor<1x4x5xf16>, tensor<4x2x3xf16>, tensor<2xf32>) -> tensor<1x2x7xf32>
  %1 = deconv.conv %a, %c, %b : (tensor<1x4x5xbf16>, tensor<2x4x3xbf16>, tensor<2xf32>) -> tensor<1x2x3xbf16>
  %2 = deconv.conv %a, %c : (tensor<1x4x5xbf16>, tensor<2x4x3xbf16>) -> tensor<*xf32>
  return
}

// The generic form written by other tools parses, with and without defaults.
// CHECK-LABEL: func.func @generic_input
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}}, %{{.*}} strides = [3, 2] padding = [0, 1, 0, 1] output_padding = [1, 0] groups = 2 : (tensor<1x4x3x3xf32>, tensor<4x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x5xf32>
// CHECK: deconv.conv %{{.*}}, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x1x1xf32>
func.func @generic_input(%x: tensor<1x4x3x3xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<2xf32>, %v: tensor<2x4x3x3xf32>) {
  %0 = "deconv.conv_transpose"(%x, %w, %b) {strides = array<i64: 3, 2>, padding = array<i64: 0, 1, 0, 1>, output_padding = array<i64: 1, 0>, groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x5xf32>
  %1 = "deconv.conv"(%x, %v) : (tensor<1x4x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x1x1xf32>
  return
}

// -----

// The custom form takes its keywords in any order and prints them in the
// canonical one; attributes with a dialect prefix are kept.
// CHECK-LABEL: func.func @any_order
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 2 {test.tag = 1 : i64} :
func.func @any_order(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
  %0 = deconv.conv_transpose %x, %w groups = 2 output_padding = [1, 1] padding = [1, 1, 1, 1] strides = [2, 2] {test.tag = 1} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
