// RUN: deconv-opt %s --split-input-file --convert-elementwise-to-linalg --deconv-fuse-epilogues --canonicalize --cse | FileCheck %s

// A ReLU of a kernel's result: the max applies to the accumulators before
// the tile is stored once, into the loop's own output.
// CHECK-LABEL: func.func @relu_of_kernel
// CHECK-SAME:    (%[[V:.*]]: vector<1x8x32xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x1x8x32xf32>
// CHECK:         %[[R:.*]] = scf.forall {{.*}} shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:           %[[TILE:.*]] = tensor.extract_slice %[[OUT]]
// CHECK:           %[[ACC:.*]] = vector.shape_cast %[[V]] : vector<1x8x32xf32> to vector<1x1x8x32xf32>
// CHECK:           %[[MAX:.*]] = arith.maximumf %[[ACC]], %[[ZERO]]
// CHECK:           %[[W:.*]] = vector.transfer_write %[[MAX]], %[[TILE]]
// CHECK-NOT:       vector.transfer_write
// CHECK:           tensor.parallel_insert_slice %[[W]] into %[[OUT]]
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @relu_of_kernel(%v: vector<1x8x32xf32>) -> tensor<16x8x8x128xf32> {
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<16x8x8x128xf32>
  %r = scf.forall (%i, %j) = (0, 0) to (16, 128) step (1, 32) shared_outs(%o = %e) -> (tensor<16x8x8x128xf32>) {
    %s = tensor.extract_slice %o[%i, 0, 0, %j] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<16x8x8x128xf32> to tensor<1x1x8x32xf32>
    %s2 = tensor.extract_slice %s[0, 0, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> to tensor<1x8x32xf32>
    %w = vector.transfer_write %v, %s2[%c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x8x32xf32>, tensor<1x8x32xf32>
    %t = tensor.insert_slice %w into %s[0, 0, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x8x32xf32> into tensor<1x1x8x32xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %o[%i, 0, 0, %j] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<16x8x8x128xf32>
    }
  }
  %z = arith.constant dense<0.0> : tensor<16x8x8x128xf32>
  %init = tensor.empty() : tensor<16x8x8x128xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r, %z : tensor<16x8x8x128xf32>, tensor<16x8x8x128xf32>) outs(%r : tensor<16x8x8x128xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %x = arith.maximumf %a, %b : f32
    linalg.yield %x : f32
  } -> tensor<16x8x8x128xf32>
  return %m : tensor<16x8x8x128xf32>
}

// -----

// Two sub-pixel phases placed with stride 2, then a residual add and a
// LeakyReLU (a compare, a multiply and a select, as upstream's
// elementwise-to-linalg writes them): the three ops merge into one, which
// is pushed through the strided inserts (the residual sliced the same way)
// and fused into each phase's loop, where the residual is read per tile.
// CHECK-LABEL: func.func @phases_residual_leaky
// CHECK-SAME:    (%[[RES:.*]]: tensor<4x8xf32>
// CHECK:         %[[S0:.*]] = tensor.extract_slice %[[RES]][0, 0] [2, 4] [2, 2]
// CHECK:         %[[P0:.*]] = scf.forall
// CHECK:           %[[T0:.*]] = tensor.extract_slice %[[S0]]
// CHECK:           %[[X0:.*]] = vector.transfer_read %[[T0]]
// CHECK:           %[[SUM:.*]] = arith.addf %{{.*}}, %[[X0]]
// CHECK:           arith.cmpf olt, %[[SUM]]
// CHECK:           arith.mulf %[[SUM]]
// CHECK:           arith.select
// CHECK:         %[[S1:.*]] = tensor.extract_slice %[[RES]][1, 1] [2, 4] [2, 2]
// CHECK:         %[[P1:.*]] = scf.forall
// CHECK:           tensor.extract_slice %[[S1]]
// CHECK:           arith.select
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[P0]] into %[[E]][0, 0] [2, 4] [2, 2]
// CHECK:         %[[I1:.*]] = tensor.insert_slice %[[P1]] into %[[I0]][1, 1] [2, 4] [2, 2]
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[I1]]
func.func @phases_residual_leaky(%res: tensor<4x8xf32>, %v: vector<1x4xf32>, %u: vector<1x4xf32>) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %e2 = tensor.empty() : tensor<2x4xf32>
  %p0 = scf.forall (%i) in (2) shared_outs(%o = %e2) -> (tensor<2x4xf32>) {
    %s = tensor.extract_slice %o[%i, 0] [1, 4] [1, 1] : tensor<2x4xf32> to tensor<1x4xf32>
    %w = vector.transfer_write %v, %s[%c0, %c0] {in_bounds = [true, true]} : vector<1x4xf32>, tensor<1x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %w into %o[%i, 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<2x4xf32>
    }
  }
  %p1 = scf.forall (%i) in (2) shared_outs(%o = %e2) -> (tensor<2x4xf32>) {
    %s = tensor.extract_slice %o[%i, 0] [1, 4] [1, 1] : tensor<2x4xf32> to tensor<1x4xf32>
    %w = vector.transfer_write %u, %s[%c0, %c0] {in_bounds = [true, true]} : vector<1x4xf32>, tensor<1x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %w into %o[%i, 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<2x4xf32>
    }
  }
  %e = tensor.empty() : tensor<4x8xf32>
  %i0 = tensor.insert_slice %p0 into %e[0, 0] [2, 4] [2, 2] : tensor<2x4xf32> into tensor<4x8xf32>
  %y = tensor.insert_slice %p1 into %i0[1, 1] [2, 4] [2, 2] : tensor<2x4xf32> into tensor<4x8xf32>
  %s = arith.addf %y, %res : tensor<4x8xf32>
  %z = arith.constant dense<0.0> : tensor<4x8xf32>
  %a = arith.constant dense<0.2> : tensor<4x8xf32>
  %m = arith.mulf %s, %a : tensor<4x8xf32>
  %c = arith.cmpf olt, %s, %z : tensor<4x8xf32>
  %r = arith.select %c, %m, %s : tensor<4x8xi1>, tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// A tile of 64x64 (over kMaxEpilogueElements) is updated in steps of eight
// rows; a tanh (libm calls per lane) stays a scalar linalg op on the tile.
// CHECK-LABEL: func.func @large_tiles
// CHECK:         scf.forall
// CHECK:           linalg.copy
// CHECK:           scf.for
// CHECK:             vector.transfer_read {{.*}} : tensor<1x8x64xf32>, vector<1x8x64xf32>
// CHECK:             arith.maximumf {{.*}} : vector<1x8x64xf32>
// CHECK:         scf.forall
// CHECK:           linalg.copy
// CHECK:           linalg.generic
// CHECK:             math.tanh {{.*}} : f32
// CHECK:           scf.forall.in_parallel
// CHECK-NOT:     linalg.generic
// CHECK:         return
func.func @large_tiles(%x: tensor<2x64x64xf32>, %y: tensor<2x64x64xf32>) -> (tensor<2x64x64xf32>, tensor<2x64x64xf32>) {
  %e = tensor.empty() : tensor<2x64x64xf32>
  %p = scf.forall (%i) in (2) shared_outs(%o = %e) -> (tensor<2x64x64xf32>) {
    %in = tensor.extract_slice %x[%i, 0, 0] [1, 64, 64] [1, 1, 1] : tensor<2x64x64xf32> to tensor<1x64x64xf32>
    %s = tensor.extract_slice %o[%i, 0, 0] [1, 64, 64] [1, 1, 1] : tensor<2x64x64xf32> to tensor<1x64x64xf32>
    %c = linalg.copy ins(%in : tensor<1x64x64xf32>) outs(%s : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %c into %o[%i, 0, 0] [1, 64, 64] [1, 1, 1] : tensor<1x64x64xf32> into tensor<2x64x64xf32>
    }
  }
  %q = scf.forall (%i) in (2) shared_outs(%o = %e) -> (tensor<2x64x64xf32>) {
    %in = tensor.extract_slice %y[%i, 0, 0] [1, 64, 64] [1, 1, 1] : tensor<2x64x64xf32> to tensor<1x64x64xf32>
    %s = tensor.extract_slice %o[%i, 0, 0] [1, 64, 64] [1, 1, 1] : tensor<2x64x64xf32> to tensor<1x64x64xf32>
    %c = linalg.copy ins(%in : tensor<1x64x64xf32>) outs(%s : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %c into %o[%i, 0, 0] [1, 64, 64] [1, 1, 1] : tensor<1x64x64xf32> into tensor<2x64x64xf32>
    }
  }
  %z = arith.constant dense<0.0> : tensor<2x64x64xf32>
  %r = arith.maximumf %p, %z : tensor<2x64x64xf32>
  %t = math.tanh %q : tensor<2x64x64xf32>
  return %r, %t : tensor<2x64x64xf32>, tensor<2x64x64xf32>
}

// -----

// Left alone: a conversion to another type (it would need a buffer of its
// own), and a result that is also returned as it is.
// CHECK-LABEL: func.func @left_alone
// CHECK:         scf.forall
// CHECK-NOT:       arith.truncf
// CHECK:         scf.forall
// CHECK-NOT:       arith.maximumf
// CHECK:         linalg.generic
// CHECK:           arith.truncf
// CHECK:         linalg.generic
// CHECK:           arith.maximumf
func.func @left_alone(%v: vector<4xf32>, %u: vector<4xf32>) -> (tensor<2x4xbf16>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<2x4xf32>
  %p = scf.forall (%i) in (2) shared_outs(%o = %e) -> (tensor<2x4xf32>) {
    %s = tensor.extract_slice %o[%i, 0] [1, 4] [1, 1] : tensor<2x4xf32> to tensor<4xf32>
    %w = vector.transfer_write %v, %s[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %w into %o[%i, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<2x4xf32>
    }
  }
  %q = scf.forall (%i) in (2) shared_outs(%o = %e) -> (tensor<2x4xf32>) {
    %s = tensor.extract_slice %o[%i, 0] [1, 4] [1, 1] : tensor<2x4xf32> to tensor<4xf32>
    %w = vector.transfer_write %u, %s[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %w into %o[%i, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<2x4xf32>
    }
  }
  %b = arith.truncf %p : tensor<2x4xf32> to tensor<2x4xbf16>
  %z = arith.constant dense<0.0> : tensor<2x4xf32>
  %r = arith.maximumf %q, %z : tensor<2x4xf32>
  return %b, %r, %q : tensor<2x4xbf16>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A phase placed into a fill (output positions no phase reaches): the fill
// takes the op's value of the fill value.
// CHECK-LABEL: func.func @phase_into_fill
// CHECK:         %[[P:.*]] = scf.forall
// CHECK:           arith.maximumf {{.*}} : vector<1x4xf32>
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[ONE:.*]] : f32)
// CHECK:         tensor.insert_slice %[[P]] into %[[F]][0, 0] [2, 4] [2, 2]
func.func @phase_into_fill(%v: vector<4xf32>) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 1.0 : f32
  %e2 = tensor.empty() : tensor<2x4xf32>
  %p = scf.forall (%i) in (2) shared_outs(%o = %e2) -> (tensor<2x4xf32>) {
    %s = tensor.extract_slice %o[%i, 0] [1, 4] [1, 1] : tensor<2x4xf32> to tensor<4xf32>
    %w = vector.transfer_write %v, %s[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<4xf32>
    %t = tensor.insert_slice %w into %o[%i, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<2x4xf32>
    %s2 = tensor.extract_slice %t[%i, 0] [1, 4] [1, 1] : tensor<2x4xf32> to tensor<1x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s2 into %o[%i, 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<2x4xf32>
    }
  }
  %e = tensor.empty() : tensor<4x8xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = tensor.insert_slice %p into %f[0, 0] [2, 4] [2, 2] : tensor<2x4xf32> into tensor<4x8xf32>
  %z = arith.constant dense<0.0> : tensor<4x8xf32>
  %r = arith.maximumf %y, %z : tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// A chain of linalg.generic ops (as the ONNX importer writes an Add then a
// LeakyRelu) merges into one op.
// CHECK-LABEL: func.func @generic_chain
// CHECK:         %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK:           arith.addf
// CHECK:           arith.maximumf
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[G]]
func.func @generic_chain(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %c = arith.constant 0.0 : f32
    %r = arith.maximumf %x, %c : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %t : tensor<4x8xf32>
}
