// RUN: deconv-opt %s --deconv-infer-shapes --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-infer-shapes=refine-function-types=false --split-input-file | FileCheck %s --check-prefix=KEEPSIG

// An unranked result through an elementwise op to the function's return type.
// CHECK-LABEL: func.func @unranked_chain
// CHECK-SAME: -> tensor<1x2x11x11xf32>
// CHECK-NEXT: %[[Y:.*]] = deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x11x11xf32>
// CHECK-NEXT: %[[Z:.*]] = math.tanh %[[Y]] : tensor<1x2x11x11xf32>
// CHECK-NEXT: return %[[Z]] : tensor<1x2x11x11xf32>
// KEEPSIG-LABEL: func.func @unranked_chain
// KEEPSIG-SAME: -> tensor<*xf32>
// KEEPSIG: %[[Z:.*]] = math.tanh %{{.*}} : tensor<1x2x11x11xf32>
// KEEPSIG-NEXT: %[[C:.*]] = tensor.cast %[[Z]] : tensor<1x2x11x11xf32> to tensor<*xf32>
// KEEPSIG-NEXT: return %[[C]] : tensor<*xf32>
func.func @unranked_chain(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  %z = math.tanh %y : tensor<*xf32>
  return %z : tensor<*xf32>
}

// -----

// A chain of layers (DCGAN-style): conv_transpose, bias-free, relu via
// arith.maximumf with a constant of the right shape, then another layer.
// CHECK-LABEL: func.func @two_layers
// CHECK-SAME: -> tensor<2x3x16x16xf32>
// CHECK: deconv.conv_transpose {{.*}} -> tensor<2x8x8x8xf32>
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : tensor<2x8x8x8xf32>
// CHECK: deconv.conv_transpose {{.*}} : (tensor<2x8x8x8xf32>, tensor<8x3x4x4xf32>) -> tensor<2x3x16x16xf32>
// CHECK-NOT: tensor.cast
func.func @two_layers(%x: tensor<2x16x4x4xf32>, %w1: tensor<16x8x4x4xf32>, %w2: tensor<8x3x4x4xf32>, %zero: tensor<2x8x8x8xf32>) -> tensor<?x?x?x?xf32> {
  %0 = deconv.conv_transpose %x, %w1 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<2x16x4x4xf32>, tensor<16x8x4x4xf32>) -> tensor<?x?x?x?xf32>
  %c = tensor.cast %zero : tensor<2x8x8x8xf32> to tensor<?x?x?x?xf32>
  %1 = arith.maximumf %0, %c : tensor<?x?x?x?xf32>
  %2 = deconv.conv_transpose %1, %w2 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<?x?x?x?xf32>, tensor<8x3x4x4xf32>) -> tensor<?x?x?x?xf32>
  return %2 : tensor<?x?x?x?xf32>
}

// -----

// Casts that only lose information are looked through; a dynamic dim that
// the operands cannot resolve (the batch) stays dynamic.
// CHECK-LABEL: func.func @casts_and_dynamic_batch
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x5x5xf32>, %[[W:.*]]: tensor<8x4x3x3xf32>) -> tensor<?x8x3x3xf32>
// CHECK-NEXT: %[[R:.*]] = deconv.conv %[[X]], %[[W]] : (tensor<?x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<?x8x3x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @casts_and_dynamic_batch(%x: tensor<?x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  %cx = tensor.cast %x : tensor<?x4x5x5xf32> to tensor<?x?x?x?xf32>
  %cw = tensor.cast %w : tensor<8x4x3x3xf32> to tensor<?x?x3x?xf32>
  %0 = deconv.conv %cx, %cw : (tensor<?x?x?x?xf32>, tensor<?x?x3x?xf32>) -> tensor<*xf32>
  %1 = tensor.cast %0 : tensor<*xf32> to tensor<?x?x?x?xf32>
  %2 = tensor.cast %1 : tensor<?x?x?x?xf32> to tensor<*xf32>
  return %2 : tensor<*xf32>
}

// -----

// A cast to a *more* precise type is an assertion by the user: it is kept and
// feeds its precise type forward.
// CHECK-LABEL: func.func @refining_cast
// CHECK: %[[C:.*]] = tensor.cast %{{.*}} : tensor<?x4x?x?xf32> to tensor<1x4x5x5xf32>
// CHECK: deconv.conv %[[C]], %{{.*}} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf32>
func.func @refining_cast(%x: tensor<?x4x?x?xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  %c = tensor.cast %x : tensor<?x4x?x?xf32> to tensor<1x4x5x5xf32>
  %0 = deconv.conv %c, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Users that cannot take a refined type keep the old one through a cast, and
// callers follow the callee's refined signature.
// CHECK-LABEL: func.func @callee
// CHECK-SAME: -> tensor<1x8x3x3xf32>
// CHECK-LABEL: func.func @caller
// CHECK: %[[R:.*]] = call @callee(%{{.*}}, %{{.*}}) : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[R]] : tensor<1x8x3x3xf32> to tensor<*xf32>
// CHECK: call @opaque(%[[C]]) : (tensor<*xf32>) -> ()
// CHECK: math.exp %[[R]] : tensor<1x8x3x3xf32>
func.func @callee(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @opaque(tensor<*xf32>)
func.func @caller(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  %0 = call @callee(%x, %w) : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  call @opaque(%0) : (tensor<*xf32>) -> ()
  %1 = math.exp %0 : tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

// Elementwise ops whose operands disagree in precision are left alone (no
// runtime-checked casts are introduced); the IR stays valid.
// CHECK-LABEL: func.func @elementwise_mixed
// CHECK: %[[A:.*]] = deconv.conv {{.*}} -> tensor<1x8x3x3xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[A]] : tensor<1x8x3x3xf32> to tensor<*xf32>
// CHECK: arith.addf %[[C]], %{{.*}} : tensor<*xf32>
func.func @elementwise_mixed(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>, %u: tensor<*xf32>) -> tensor<*xf32> {
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  %1 = arith.addf %0, %u : tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

// Partly dynamic inputs: the spatial dims that depend only on static sizes
// are refined; the others stay dynamic.
// CHECK-LABEL: func.func @partly_dynamic
// CHECK: deconv.conv_transpose {{.*}} : (tensor<?x4x?x5xf32>, tensor<4x2x3x3xf32>) -> tensor<?x2x?x11xf32>
func.func @partly_dynamic(%x: tensor<?x4x?x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<?x?x?x?xf32> {
  %0 = deconv.conv_transpose %x, %w strides = [2, 2] : (tensor<?x4x?x5xf32>, tensor<4x2x3x3xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

// Nested regions are refined too.
// CHECK-LABEL: func.func @nested
// CHECK: scf.execute_region
// CHECK: deconv.conv {{.*}} -> tensor<1x8x3x3xf32>
func.func @nested(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<*xf32> {
  %r = scf.execute_region -> tensor<*xf32> {
    %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
    scf.yield %0 : tensor<*xf32>
  }
  return %r : tensor<*xf32>
}

// -----

// A dynamic width whose size arithmetic wraps around int64 (strides 2^62 then
// 4) folds to a constant: the only width that passes the run-time checks (1)
// gives that length, so the result is refined to it, as the lowering would
// fold it.
// CHECK-LABEL: func.func @strides_wrap
// CHECK: deconv.conv_transpose {{.*}} -> tensor<1x1x1x?xf32>
// CHECK: deconv.conv_transpose {{.*}} -> tensor<1x1x1x1xf32>
// KEEPSIG-LABEL: func.func @strides_wrap
// KEEPSIG: deconv.conv_transpose {{.*}} -> tensor<1x1x1x1xf32>
func.func @strides_wrap(%x: tensor<1x1x1x?xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x?x?xf32> {
  %0 = deconv.conv_transpose %x, %w strides = [1, 4611686018427387904] : (tensor<1x1x1x?xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x?x?xf32>
  %1 = deconv.conv_transpose %0, %w strides = [4, 4] : (tensor<1x1x?x?xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x?x?xf32>
  return %1 : tensor<1x1x?x?xf32>
}
