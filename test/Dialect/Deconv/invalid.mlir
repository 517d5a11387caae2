// RUN: deconv-opt %s --split-input-file --verify-diagnostics

// Every verifier message of deconv.conv and deconv.conv_transpose.

func.func @input_rank(%x: tensor<4x5xf32>, %w: tensor<4x5xf32>) {
  // expected-error @+1 {{'deconv.conv' op input must have rank 3, 4 or 5 (batch, channels and 1 to 3 spatial dims), got rank 2}}
  %0 = deconv.conv %x, %w : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @input_rank_6(%x: tensor<1x1x1x1x1x1xf32>, %w: tensor<1x1x1x1x1x1xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op input must have rank 3, 4 or 5 (batch, channels and 1 to 3 spatial dims), got rank 6}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x1x1x1x1x1xf32>, tensor<1x1x1x1x1x1xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @filter_rank(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op filter must have rank 4 like the input, got rank 3}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5x5xf32>, tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @strides_length(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'strides' has 3 values [1, 1, 1], expected 2 (one per spatial dim; the input has 2)}}
  %0 = deconv.conv %x, %w strides = [1, 1, 1] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @dilations_length(%x: tensor<1x4x5xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'dilations' has 2 values [1, 1], expected 1 (one per spatial dim; the input has 1)}}
  %0 = deconv.conv %x, %w dilations = [1, 1] : (tensor<1x4x5xf32>, tensor<8x4x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @padding_length(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'padding' has 2 values [1, 1], expected 4 (all begins, then all ends)}}
  %0 = deconv.conv_transpose %x, %w padding = [1, 1] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @output_padding_length(%x: tensor<1x4x5x5x5xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'output_padding' has 2 values [0, 0], expected 3 (one per spatial dim; the input has 3)}}
  %0 = deconv.conv_transpose %x, %w output_padding = [0, 0] : (tensor<1x4x5x5x5xf32>, tensor<4x2x3x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @zero_stride(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'strides' must be >= 1, got 0 at index 1 in [2, 0]}}
  %0 = deconv.conv %x, %w strides = [2, 0] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @negative_stride(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'strides' must be >= 1, got -2 at index 0 in [-2, 2]}}
  %0 = deconv.conv_transpose %x, %w strides = [-2, 2] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @zero_dilation(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'dilations' must be >= 1, got 0 at index 0 in [0, 1]}}
  %0 = deconv.conv_transpose %x, %w dilations = [0, 1] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @negative_padding(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'padding' must be non-negative, got -1 at index 2 in [1, 1, -1, 1]}}
  %0 = deconv.conv %x, %w padding = [1, 1, -1, 1] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @negative_output_padding(%x: tensor<1x4x5xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'output_padding' must be non-negative, got -1 at index 0 in [-1]}}
  %0 = deconv.conv_transpose %x, %w strides = [2] output_padding = [-1] : (tensor<1x4x5xf32>, tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @output_padding_too_large(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'output_padding' must be smaller than max(stride, dilation) = 2 in spatial dim 1, got 2}}
  %0 = deconv.conv_transpose %x, %w strides = [2, 2] output_padding = [1, 2] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @output_padding_stride_1(%x: tensor<1x4x5xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'output_padding' must be smaller than max(stride, dilation) = 1 in spatial dim 0, got 1}}
  %0 = deconv.conv_transpose %x, %w output_padding = [1] : (tensor<1x4x5xf32>, tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @zero_groups(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'groups' must be >= 1, got 0}}
  %0 = deconv.conv %x, %w groups = 0 : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @negative_groups(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'groups' must be >= 1, got -2}}
  %0 = deconv.conv_transpose %x, %w groups = -2 : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @groups_input_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'groups' = 3 does not divide the 4 input channels}}
  %0 = deconv.conv %x, %w groups = 3 : (tensor<1x4x5x5xf32>, tensor<6x1x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @groups_input_channels_transpose(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'groups' = 3 does not divide the 4 input channels}}
  %0 = deconv.conv_transpose %x, %w groups = 3 : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

// The input's channel count is dynamic: the filter's is checked (the struct
// fuzzer found a grouped lowering splitting 7 channels in 2).
func.func @groups_filter_channels_transpose(%x: tensor<1x?x5x5xf32>, %w: tensor<7x5x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op 'groups' = 2 does not divide the 7 input channels (filter dim 0)}}
  %0 = deconv.conv_transpose %x, %w groups = 2 : (tensor<1x?x5x5xf32>, tensor<7x5x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @groups_output_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op 'groups' = 2 does not divide the 5 output channels (filter dim 0)}}
  %0 = deconv.conv %x, %w groups = 2 : (tensor<1x4x5x5xf32>, tensor<5x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

// A dynamic filter dim leaves the output channels to the result type, which
// must still split into `groups` equal parts (found by deconv-struct-fuzzer:
// deconv-to-linalg built an invalid expand_shape from it).
func.func @groups_result_channels(%x: tensor<8x3x6xf64>, %w: tensor<?x1x3xf64>) {
  // expected-error @+1 {{'deconv.conv' op result type tensor<?x4x?xf64> has 4 output channels, which 'groups' = 3 does not divide}}
  %0 = deconv.conv %x, %w strides = [3] padding = [2, 3] groups = 3 : (tensor<8x3x6xf64>, tensor<?x1x3xf64>) -> tensor<?x4x?xf64>
  return
}

// -----

func.func @groups_result_channels_transpose(%x: tensor<1x4x5xf32>, %w: tensor<4x?x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op result type tensor<1x5x7xf32> has 5 output channels, which 'groups' = 2 does not divide}}
  %0 = deconv.conv_transpose %x, %w groups = 2 : (tensor<1x4x5xf32>, tensor<4x?x3xf32>) -> tensor<1x5x7xf32>
  return
}

// -----

func.func @filter_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op filter dim 1 must be input channels / groups = 4 / 2 = 2, got 3}}
  %0 = deconv.conv %x, %w groups = 2 : (tensor<1x4x5x5xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @filter_channels_transpose(%x: tensor<1x4x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op filter dim 0 must equal the 4 input channels, got 3}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op bias has 2 elements, expected one per output channel (4)}}
  %0 = deconv.conv_transpose %x, %w, %b groups = 2 : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @bias_rank(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8x1xf32>) {
  // expected-error @+1 {{'deconv.conv' op bias must have rank 1 ([Cout]), got rank 2}}
  %0 = deconv.conv %x, %w, %b : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>, tensor<8x1xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @kernel_too_large(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x7xf32>) {
  // expected-error @+1 {{'deconv.conv' op output size of spatial dim 1 is -1, must be positive: the kernel (7, dilation 1) reaches past the padded input (5 + 0 + 0)}}
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x7xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @dilated_kernel_too_large(%x: tensor<1x4x5xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op output size of spatial dim 0 is 0, must be positive: the kernel (3, dilation 3) reaches past the padded input (5 + 1 + 0)}}
  %0 = deconv.conv %x, %w dilations = [3] padding = [1, 0] : (tensor<1x4x5xf32>, tensor<8x4x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @padding_crops_everything(%x: tensor<1x4x2x2xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op output size of spatial dim 0 is 0, must be positive: padding 2 + 2 removes the whole uncropped output (input 2, kernel 3, stride 1, dilation 1, output_padding 0)}}
  %0 = deconv.conv_transpose %x, %w padding = [2, 0, 2, 0] : (tensor<1x4x2x2xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @zero_kernel(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x0x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op filter spatial dims must be >= 1, got 0 in spatial dim 0}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5x5xf32>, tensor<4x2x0x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @empty_input(%x: tensor<1x4x5x0xf32>, %w: tensor<8x4x1x1xf32>) {
  // expected-error @+1 {{'deconv.conv' op input spatial dims must be >= 1, got 0 in spatial dim 1}}
  %0 = deconv.conv %x, %w : (tensor<1x4x5x0xf32>, tensor<8x4x1x1xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @overflow_output_size(%x: tensor<1x4x4611686018427387904xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op output size of spatial dim 0 overflows int64 (input 4611686018427387904, kernel 3, stride 4, dilation 1)}}
  %0 = deconv.conv_transpose %x, %w strides = [4] : (tensor<1x4x4611686018427387904xf32>, tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

// A dynamic input length does not hide a dilated filter that int64 cannot
// span (the zero-insertion lowering computes that extent).
func.func @overflow_dilated_filter(%x: tensor<1x6x?xf32>, %w: tensor<6x6x6xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op the dilated filter of spatial dim 0 (kernel 6, dilation 9223372036854775807) reaches further than int64 can count}}
  %0 = deconv.conv_transpose %x, %w dilations = [9223372036854775807] : (tensor<1x6x?xf32>, tensor<6x6x6xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @overflow_dilated_conv_filter(%x: tensor<1x6x?xf32>, %w: tensor<6x6x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op the dilated filter of spatial dim 0 (kernel 3, dilation 4611686018427387904) reaches further than int64 can count}}
  %0 = deconv.conv %x, %w dilations = [4611686018427387904] : (tensor<1x6x?xf32>, tensor<6x6x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @overflow_padding(%x: tensor<1x4x5xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op output size of spatial dim 0 overflows int64 (stride 1, dilation 1, padding 9223372036854775807/9223372036854775807)}}
  %0 = deconv.conv %x, %w padding = [9223372036854775807, 9223372036854775807] : (tensor<1x4x5xf32>, tensor<8x4x3xf32>) -> tensor<*xf32>
  return
}

// -----

// The output's element count overflows int64 (the input's bytes do not).
func.func @overflow_output_elements(%x: tensor<1073741824x1x268435456xf32>, %w: tensor<1024x1x1xf32>) {
  // expected-error @+1 {{'deconv.conv' op the output [1073741824, 1024, 268435456] has more bytes (4 per element) than int64 can count}}
  %0 = deconv.conv %x, %w : (tensor<1073741824x1x268435456xf32>, tensor<1024x1x1xf32>) -> tensor<*xf32>
  return
}

// -----

// A padding of 2^62 on a dynamic dim (found by the struct fuzzer: the padded
// buffer's strided layout overflowed in upstream's expand-strided-metadata).
func.func @overflow_padding(%x: tensor<6x?x?x?x6xf32>, %w: tensor<6x6x6x6x6xf32>) {
  // expected-error @+1 {{'deconv.conv' op padding 4611686018427387904/0 of spatial dim 1 makes the padded input larger than int64 can count}}
  %y = deconv.conv %x, %w dilations = [1, 2, 1] padding = [0, 4611686018427387904, 1, 0, 0, 0] : (tensor<6x?x?x?x6xf32>, tensor<6x6x6x6x6xf32>) -> tensor<*xf32>
  return
}

// -----

// Each padded dim fits, the padded input does not: 2^40 rows of 2^22 floats.
func.func @overflow_padded_input(%x: tensor<1x1x?x4194304xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{'deconv.conv' op the padded input (at least [1, 1, 1099511627776, 4194304]) has more bytes (4 per element) than int64 can count}}
  %y = deconv.conv %x, %w padding = [1099511627776, 0, 0, 0] : (tensor<1x1x?x4194304xf32>, tensor<1x1x1x1xf32>) -> tensor<*xf32>
  return
}

// -----

// 2^62 elements fit in int64, their 2^64 bytes do not.
func.func @overflow_input_bytes(%x: tensor<1x1x2147483648x2147483648xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op the input [1, 1, 2147483648, 2147483648] has more bytes (4 per element) than int64 can count}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x1x2147483648x2147483648xf32>, tensor<1x1x1x1xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @overflow_filter_bytes(%x: tensor<1x1x4xf64>, %w: tensor<1x1152921504606846976x1xf64>) {
  // expected-error @+1 {{'deconv.conv_transpose' op the filter [1, 1152921504606846976, 1] has more bytes (8 per element) than int64 can count}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x1x4xf64>, tensor<1x1152921504606846976x1xf64>) -> tensor<*xf64>
  return
}

// -----

// Only the output's bytes overflow: f16 halves them, f32 does not.
func.func @overflow_output_bytes(%x: tensor<1x1x1152921504606846976xf32>, %w: tensor<1x2x1xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op the output [1, 2, 1152921504606846976] has more bytes (4 per element) than int64 can count}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x1x1152921504606846976xf32>, tensor<1x2x1xf32>) -> tensor<*xf32>
  return
}

// -----

// Only the static dims of an operand or a declared result are known, and
// they alone overflow: strides and allocations could not be computed (the
// struct fuzzer found upstream's expand-strided-metadata failing on these).
func.func @bytes_overflow_partly_dynamic_input(%x: tensor<?x1x4611686018427387904xf32>, %w: tensor<1x1x1xf32>) {
  // expected-error @+1 {{'deconv.conv' op the input [?, 1, 4611686018427387904] has more bytes (4 per element) than int64 can count}}
  %0 = deconv.conv %x, %w : (tensor<?x1x4611686018427387904xf32>, tensor<1x1x1xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @bytes_overflow_declared_result(%x: tensor<5x?x8x?xf32>, %w: tensor<9x9x8x9xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op result type tensor<?x?x?x4611686018427387904xf32> has more bytes (4 per element) in its static dims than int64 can count}}
  %0 = deconv.conv_transpose %x, %w strides = [4, 4] : (tensor<5x?x8x?xf32>, tensor<9x9x8x9xf32>) -> tensor<?x?x?x4611686018427387904xf32>
  return
}

// -----

func.func @overflow_channels(%x: tensor<1x4x5xf32>, %w: tensor<4x4611686018427387904x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op output channels = filter dim 1 (4611686018427387904) * groups (4) overflows int64}}
  %0 = deconv.conv_transpose %x, %w groups = 4 : (tensor<1x4x5xf32>, tensor<4x4611686018427387904x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @mixed_filter_type(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf16>) {
  // expected-error @+1 {{'deconv.conv_transpose' op element types must match: input has f32, filter has f16}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf16>) -> tensor<*xf32>
  return
}

// -----

func.func @mixed_bias_type(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf64>) {
  // expected-error @+1 {{'deconv.conv' op element types must match: input has f32, bias has f64}}
  %0 = deconv.conv %x, %w, %b : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>, tensor<8xf64>) -> tensor<*xf32>
  return
}

// -----

func.func @mixed_result_type(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op result element type f16 must match the operands' element type f32}}
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf16>
  return
}

// -----

func.func @widened_result_of_f32(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op result element type f64 must match the operands' element type f32}}
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf64>
  return
}

// -----

func.func @f16_result_of_bf16(%x: tensor<1x4x5xbf16>, %w: tensor<4x2x3xbf16>) {
  // expected-error @+1 {{'deconv.conv_transpose' op result element type f16 must match the operands' element type bf16 (or be f32)}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5xbf16>, tensor<4x2x3xbf16>) -> tensor<1x2x7xf16>
  return
}

// -----

func.func @f64_bias_of_f16(%x: tensor<1x4x5xf16>, %w: tensor<4x2x3xf16>, %b: tensor<2xf64>) {
  // expected-error @+1 {{'deconv.conv_transpose' op element types must match: input has f16, bias has f64}}
  %0 = deconv.conv_transpose %x, %w, %b : (tensor<1x4x5xf16>, tensor<4x2x3xf16>, tensor<2xf64>) -> tensor<*xf16>
  return
}

// -----

func.func @f32_filter_of_f16(%x: tensor<1x4x5xf16>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op element types must match: input has f16, filter has f32}}
  %0 = deconv.conv_transpose %x, %w : (tensor<1x4x5xf16>, tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @result_contradicts(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op result type tensor<1x2x6x?xf32> contradicts the inferred type tensor<1x2x5x5xf32>: dim 2 is 6, expected 5}}
  %0 = deconv.conv_transpose %x, %w strides = [1, 1] padding = [1, 1, 1, 1] : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x6x?xf32>
  return
}

// -----

func.func @result_rank(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op result type tensor<1x8x3xf32> has rank 3, but the inferred type tensor<1x8x3x3xf32> has rank 4}}
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3xf32>
  return
}

// -----

func.func @result_contradicts_dynamic_input(%x: tensor<?x4x?x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op result type tensor<?x7x?x?xf32> contradicts the inferred type tensor<?x8x?x3xf32>: dim 1 is 7, expected 8}}
  %0 = deconv.conv %x, %w : (tensor<?x4x?x5xf32>, tensor<8x4x3x3xf32>) -> tensor<?x7x?x?xf32>
  return
}

// -----

func.func @strides_not_array(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute}}
  %0 = "deconv.conv"(%x, %w) {strides = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @groups_not_integer(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "deconv.conv"(%x, %w) {groups = 2.0 : f32} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @unranked_input(%x: tensor<*xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<*xf32>'}}
  %0 = deconv.conv %x, %w : (tensor<*xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @integer_elements(%x: tensor<1x4x5x5xi32>, %w: tensor<8x4x3x3xi32>) {
  // expected-error @+1 {{'deconv.conv' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1x4x5x5xi32>'}}
  %0 = deconv.conv %x, %w : (tensor<1x4x5x5xi32>, tensor<8x4x3x3xi32>) -> tensor<*xi32>
  return
}

// -----

func.func @one_operand(%x: tensor<1x4x5x5xf32>) {
  // expected-error @+1 {{'deconv.conv' op expected 2 or more operands, but found 1}}
  %0 = "deconv.conv"(%x) : (tensor<1x4x5x5xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @four_operands(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'deconv.conv' op operand group starting at #2 requires 0 or 1 element, but found 2}}
  %0 = "deconv.conv"(%x, %w, %b, %b) : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @custom_syntax_misspelled_keyword(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{unknown keyword 'stride' (did you mean 'strides'?); expected one of strides, dilations, padding, groups (each once, in any order), or ':'}}
  %0 = deconv.conv %x, %w stride = [2, 2] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @custom_syntax_unknown_keyword(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{unknown keyword 'kernel'; expected one of strides, dilations, padding, output_padding, groups (each once, in any order), or ':'}}
  %0 = deconv.conv_transpose %x, %w kernel = [3, 3] : (tensor<1x4x5x5xf32>, tensor<4x8x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @custom_syntax_twice(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'strides' is given twice}}
  %0 = deconv.conv %x, %w strides = [1, 1] padding = [1, 1, 1, 1] strides = [2, 2] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @custom_syntax_output_padding_on_conv(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{unknown keyword 'output_padding' (only deconv.conv_transpose has it); expected one of strides, dilations, padding, groups}}
  %0 = deconv.conv %x, %w output_padding = [1, 1] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @generic_misspelled_attribute(%x: tensor<1x4x5x5xf32>, %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv_transpose' op has unknown attribute 'stride' (did you mean 'strides'?); its attributes are strides, dilations, padding, output_padding, groups}}
  %0 = "deconv.conv_transpose"(%x, %w) {stride = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x8x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @generic_unknown_attribute(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op has unknown attribute 'mode'; its attributes are strides, dilations, padding, groups}}
  %0 = "deconv.conv"(%x, %w) {mode = "same"} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @custom_syntax_unknown_attribute_in_dict(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{'deconv.conv' op has unknown attribute 'dilation' (did you mean 'dilations'?)}}
  %0 = deconv.conv %x, %w {dilation = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @custom_syntax_bad_array(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{expected ']'}}
  // expected-error @+1 {{custom op 'deconv.conv' expected integer value}}
  %0 = deconv.conv %x, %w strides = [2, x] : (tensor<1x4x5x5xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return
}
