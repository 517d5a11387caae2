// RUN: deconv-opt %s --deconv-infer-shapes --split-input-file --verify-diagnostics

// Shapes that are only compatible while unknown: refinement makes the
// contradiction visible and the pass reports it instead of leaving an op
// that no longer verifies (found by deconv-struct-fuzzer).

func.func @contradicting_result(%a0: tensor<7x1x?xf32>, %a1: tensor<1x1x1xf32>) -> tensor<9x?x?xf32> {
  %y0 = deconv.conv_transpose %a0, %a1 : (tensor<7x1x?xf32>, tensor<1x1x1xf32>) -> tensor<?x?x?xf32>
  // expected-error @below {{'deconv.conv_transpose' op result type 'tensor<9x?x?xf32>' contradicts the type 'tensor<7x1x?xf32>' implied by its operands, refined through the function to 'tensor<7x1x?xf32>', 'tensor<1x1x1xf32>'}}
  %y1 = deconv.conv_transpose %y0, %a1 : (tensor<?x?x?xf32>, tensor<1x1x1xf32>) -> tensor<9x?x?xf32>
  return %y1 : tensor<9x?x?xf32>
}

// -----

func.func @contradicting_channels(%a0: tensor<7x1x?xf32>, %a1: tensor<1x2x1xf32>) -> tensor<?x?x?xf32> {
  %y0 = deconv.conv_transpose %a0, %a1 : (tensor<7x1x?xf32>, tensor<1x2x1xf32>) -> tensor<?x?x?xf32>
  // expected-error @below {{'deconv.conv_transpose' op filter dim 0 must equal the 2 input channels, got 1}}
  // expected-remark @below {{with the operand types refined through the function: 'tensor<7x2x?xf32>', 'tensor<1x2x1xf32>'}}
  %y1 = deconv.conv_transpose %y0, %a1 : (tensor<?x?x?xf32>, tensor<1x2x1xf32>) -> tensor<?x?x?xf32>
  return %y1 : tensor<?x?x?xf32>
}

// -----

// Strides whose product passes int64 (2^62 * 4) on a dynamic width: the
// lowered size arithmetic folds the second op's width to 0, so no width passes
// the run-time checks. Reported here rather than as an out-of-bounds slice of
// the folded empty buffer after bufferization (found by deconv-struct-fuzzer).

func.func @strides_wrap_to_empty(%a0: tensor<4x?x?x?xf64>, %a1: tensor<1x1x1x1xf64>, %a2: tensor<1xf64>) -> tensor<*xf64> {
  %y0 = "deconv.conv_transpose"(%a0, %a1, %a2) {strides = array<i64: 1, 4611686018427387904>} : (tensor<4x?x?x?xf64>, tensor<1x1x1x1xf64>, tensor<1xf64>) -> tensor<?x?x?x?xf64>
  // expected-error @below {{'deconv.conv_transpose' op output length of spatial dim 1 folds to 0: the strides of the ops it derives from multiply past int64, so no input length passes the run-time size checks}}
  %y1 = "deconv.conv_transpose"(%y0, %a1, %a2) {strides = array<i64: 4, 4>, dilations = array<i64: 3, 1>, padding = array<i64: 1, 0, 2, 1>} : (tensor<?x?x?x?xf64>, tensor<1x1x1x1xf64>, tensor<1xf64>) -> tensor<*xf64>
  return %y1 : tensor<*xf64>
}
