// x / (x - x): +inf, -inf and NaN for x = 1, -1, 0 (and 2 -> +inf).
func.func @special(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = arith.subf %x, %x : tensor<4xf32>
  %y = arith.divf %x, %zero : tensor<4xf32>
  return %y : tensor<4xf32>
}

func.func @scaled(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

func.func @none(%x: tensor<4xf32>) {
  return
}
