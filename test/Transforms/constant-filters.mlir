// Constant filters, dense<...> and dense_resource<...>, are transformed at
// compile time: the flip (zero insertion) and the phase split (sub-pixel)
// become new constants, and no filter transform is left for run time.
// RUN: deconv-opt %s --deconv-transpose-to-conv | FileCheck %s --check-prefix=ZI
// RUN: deconv-opt %s --deconv-transpose-to-subpixel | FileCheck %s --check-prefix=SP

// The filter [1, 2, 3] (Cin = Cout = 1, K = 3), stored as a resource blob:
// 4 bytes of alignment, then little-endian f32.
// ZI-LABEL: func.func @resource
// ZI: arith.constant dense<[{{\[}}[3.000000e+00, 2.000000e+00, 1.000000e+00]]]> : tensor<1x1x3xf32>
// ZI-NOT: dense_resource
// ZI-NOT: linalg.generic
// ZI: deconv.conv
// SP-LABEL: func.func @resource
// SP-DAG: arith.constant dense<{{\[}}[{{\[}}3.000000e+00, 1.000000e+00]]]> : tensor<1x1x2xf32>
// SP-DAG: arith.constant dense<2.000000e+00> : tensor<1x1x1xf32>
// SP-NOT: dense_resource
func.func @resource(%x: tensor<1x1x5xf32>) -> tensor<1x1x11xf32> {
  %w = arith.constant dense_resource<w> : tensor<1x1x3xf32>
  %y = deconv.conv_transpose %x, %w strides = [2]
      : (tensor<1x1x5xf32>, tensor<1x1x3xf32>) -> tensor<1x1x11xf32>
  return %y : tensor<1x1x11xf32>
}

// The same filter as dense<...>.
// ZI-LABEL: func.func @dense
// ZI: arith.constant dense<{{\[}}[{{\[}}3.000000e+00, 2.000000e+00, 1.000000e+00]]]> : tensor<1x1x3xf32>
// ZI-NOT: linalg.generic
// SP-LABEL: func.func @dense
// SP-DAG: arith.constant dense<{{\[}}[{{\[}}3.000000e+00, 1.000000e+00]]]> : tensor<1x1x2xf32>
// SP-DAG: arith.constant dense<2.000000e+00> : tensor<1x1x1xf32>
func.func @dense(%x: tensor<1x1x5xf32>) -> tensor<1x1x11xf32> {
  %w = arith.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %y = deconv.conv_transpose %x, %w strides = [2]
      : (tensor<1x1x5xf32>, tensor<1x1x3xf32>) -> tensor<1x1x11xf32>
  return %y : tensor<1x1x11xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000004000004040"
    }
  }
#-}
