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
