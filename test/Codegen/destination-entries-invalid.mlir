// RUN: deconv-opt %s --deconv-destination-entries --split-input-file --verify-diagnostics

// expected-error @below {{'deconv.destination_entry' needs results of static memref types, not 'memref<?xf32>'}}
func.func @dynamic(%x: memref<?xf32>) -> memref<?xf32> attributes {deconv.destination_entry = "dynamic_into"} {
  return %x : memref<?xf32>
}

// -----

func.func @taken_into(%x: memref<4xf32>) {
  return
}
// expected-error @below {{a symbol 'taken_into' is in the way of the destination entry}}
func.func @taken(%x: memref<4xf32>) -> memref<4xf32> attributes {deconv.destination_entry = "taken_into"} {
  return %x : memref<4xf32>
}

// -----

// expected-error @below {{'deconv.destination_entry' on a function without a body}}
func.func private @external(memref<4xf32>) -> memref<4xf32> attributes {deconv.destination_entry = "external_into"}
