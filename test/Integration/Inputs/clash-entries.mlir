// Two functions whose C entry points would share a name: f's status entry
// deconv_call_f and call_f's dense-buffer wrapper.
func.func @f(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %y = arith.addf %x, %x : tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}
func.func @call_f(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  %y = arith.addf %x, %x : tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}
