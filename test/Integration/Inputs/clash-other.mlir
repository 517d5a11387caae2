// A second object linked into the same program as clash-main.mlir's.
func.func @malloc(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = arith.negf %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
