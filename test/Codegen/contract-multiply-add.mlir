// RUN: deconv-opt %s --deconv-contract-multiply-add --split-input-file | FileCheck %s

// The innermost loop of a scalar convolution as linalg-to-loops leaves it:
// the product and the sum it feeds may fuse.
// CHECK-LABEL: func.func @accumulate
// CHECK:         %[[P:.*]] = arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK:         arith.addf %{{.*}}, %[[P]] fastmath<contract> : f32
func.func @accumulate(%x: memref<8xf32>, %w: memref<8xf32>, %y: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %a = memref.load %x[%i] : memref<8xf32>
    %b = memref.load %w[%i] : memref<8xf32>
    %acc = memref.load %y[] : memref<f32>
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    memref.store %s, %y[] : memref<f32>
  }
  return
}

// -----

// A difference fuses too, and the flags already present are kept.
// CHECK-LABEL: func.func @subtract
// CHECK:         %[[P:.*]] = arith.mulf %{{.*}}, %{{.*}} fastmath<nnan,contract> : f64
// CHECK:         arith.subf %[[P]], %{{.*}} fastmath<contract> : f64
func.func @subtract(%a: f64, %b: f64, %c: f64) -> f64 {
  %p = arith.mulf %a, %b fastmath<nnan> : f64
  %s = arith.subf %p, %c : f64
  return %s : f64
}

// -----

// A product with another use is computed anyway: neither op is marked.
// CHECK-LABEL: func.func @shared_product
// CHECK:         %[[P:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK:         arith.addf %{{.*}}, %[[P]] : f32
// CHECK-NOT:     contract
func.func @shared_product(%a: f32, %b: f32, %c: f32) -> (f32, f32) {
  %p = arith.mulf %a, %b : f32
  %s = arith.addf %c, %p : f32
  return %s, %p : f32, f32
}

// -----

// Vectors are marked alike; a sum of two plain values is not.
// CHECK-LABEL: func.func @vectors
// CHECK:         arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : vector<16xf32>
// CHECK:         arith.addf %{{.*}}, %{{.*}} fastmath<contract> : vector<16xf32>
// CHECK:         arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK-NOT:     contract
func.func @vectors(%a: vector<16xf32>, %b: vector<16xf32>) -> vector<16xf32> {
  %p = arith.mulf %a, %b : vector<16xf32>
  %s = arith.addf %p, %a : vector<16xf32>
  %t = arith.addf %s, %b : vector<16xf32>
  return %t : vector<16xf32>
}
