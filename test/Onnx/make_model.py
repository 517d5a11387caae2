#!/usr/bin/python3
"""Writes small ONNX models (onnx.helper, Debian's python3-onnx) for the
importer's tests: `make_model.py CASE OUT.onnx`. Each CASE is one function
below; the hostile ones write damaged files on purpose."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT


def vi(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def model(nodes, inputs, outputs, inits=(), opset=13, name="g"):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 7
    return m


def rng(*shape):
    return np.random.default_rng(3).standard_normal(shape).astype(np.float32)


def conv_attrs():
    return model([helper.make_node(
        "Conv", ["x", "w", "b"], ["y"], name="c1", auto_pad="SAME_LOWER",
        strides=[2, 2], dilations=[1, 2], group=2)],
        [vi("x", ["N", 4, 9, 10])], [vi("y", None)],
        [init("w", rng(6, 2, 3, 3)), init("b", rng(6))])


def convt_output_shape():
    return model([helper.make_node(
        "ConvTranspose", ["x", "w"], ["y"], name="up", strides=[3],
        output_shape=[14], kernel_shape=[4])],
        [vi("x", [1, 2, 5])], [vi("y", None)], [init("w", rng(2, 3, 4))])


def bn_fold_grouped_convt():
    c = 6
    return model([
        helper.make_node("ConvTranspose", ["x", "w"], ["t"], name="up",
                         strides=[2, 2], group=2),
        helper.make_node("BatchNormalization", ["t", "s", "b", "m", "v"],
                         ["y"], name="bn", epsilon=1e-3)],
        [vi("x", [1, 4, 5, 5])], [vi("y", None)],
        [init("w", rng(4, 3, 3, 3)), init("s", rng(c)), init("b", rng(c)),
         init("m", rng(c)), init("v", np.abs(rng(c)) + 0.5)])


def bn_not_folded():
    # The conv's result is also a graph output: BatchNormalization stays a
    # per-channel affine op.
    c = 3
    return model([
        helper.make_node("Conv", ["x", "w"], ["t"], name="c"),
        helper.make_node("BatchNormalization", ["t", "s", "b", "m", "v"],
                         ["y"], name="bn")],
        [vi("x", [1, 2, 6, 6])], [vi("y", None), vi("t", None)],
        [init("w", rng(c, 2, 3, 3)), init("s", rng(c)), init("b", rng(c)),
         init("m", rng(c)), init("v", np.abs(rng(c)) + 0.5)])


def broadcast_dynamic():
    return model([helper.make_node("Add", ["x", "bias"], ["s"], name="add"),
                  helper.make_node("Sigmoid", ["s"], ["y"], name="sig")],
                 [vi("x", ["N", 3, "H", 4])], [vi("y", None)],
                 [init("bias", rng(3, 1, 1))])


def layout_ops():
    return model([
        helper.make_node("Pad", ["x", "pads", "cv"], ["p"], name="pad"),
        helper.make_node("DepthToSpace", ["p"], ["d"], name="d2s",
                         blocksize=2),
        helper.make_node("Resize", ["d", "", "scales"], ["r"], name="up",
                         mode="nearest",
                         coordinate_transformation_mode="asymmetric",
                         nearest_mode="floor"),
        helper.make_node("Concat", ["r", "r"], ["c"], name="cat", axis=1),
        helper.make_node("Flatten", ["c"], ["y"], name="flat", axis=2)],
        [vi("x", [1, 8, 3, 3])], [vi("y", None)],
        [init("pads", np.array([0, 0, 1, -1, 0, 0, 0, 1], np.int64)),
         init("cv", np.array(0.5, np.float32)),
         init("scales", np.array([1, 1, 2, 3], np.float32))])


def reshape_clip_opset6():
    return model([
        helper.make_node("Constant", [], ["shape"], name="k",
                         value=numpy_helper.from_array(
                             np.array([0, -1], np.int64))),
        helper.make_node("Reshape", ["x", "shape"], ["r"], name="rs"),
        helper.make_node("Clip", ["r"], ["y"], name="clip", min=-0.5,
                         max=0.5)],
        [vi("x", [2, 3, 4])], [vi("y", None)], opset=6)


def transpose_identity():
    return model([
        helper.make_node("Transpose", ["x"], ["t"], name="tr",
                         perm=[0, 2, 1]),
        helper.make_node("Identity", ["t"], ["y"], name="id"),
        helper.make_node("LeakyRelu", ["y"], ["z"], name="lr", alpha=0.1)],
        [vi("x", ["B", 3, 5])], [vi("z", None)])


# Errors.
def unsupported_op():
    return model([helper.make_node("Relu", ["x"], ["r"], name="act"),
                  helper.make_node("Softmax", ["r"], ["y"], name="head")],
                 [vi("x", [1, 4])], [vi("y", None)], opset=15)


def cycle():
    return model([helper.make_node("Add", ["x", "b"], ["a"], name="n1"),
                  helper.make_node("Relu", ["a"], ["b"], name="n2")],
                 [vi("x", [2])], [vi("b", None)])


def missing_initializer():
    return model([helper.make_node("Conv", ["x", "w"], ["y"], name="c")],
                 [vi("x", [1, 1, 4, 4])], [vi("y", None)])


def raw_tensor(name, dims, data):
    t = TensorProto()
    t.name, t.data_type = name, F
    t.dims.extend(dims)
    t.raw_data = data
    return t


def wrong_tensor_size():
    w = raw_tensor("w", [2, 1, 3, 3], b"\0" * 20)
    return model([helper.make_node("Conv", ["x", "w"], ["y"], name="c")],
                 [vi("x", [1, 1, 4, 4])], [vi("y", None)], [w])


def huge_dims():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")],
                 [vi("x", [1 << 40, 4])], [vi("y", None)])


def huge_initializer():
    w = raw_tensor("w", [1 << 20, 1 << 20], b"")
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="a")],
                 [vi("x", [1])], [vi("y", None)], [w])


def huge_result():
    scales = np.array([1, 1, 4, 4], np.float32)
    return model([helper.make_node("Resize", ["x", "", "s"], ["y"], name="up",
                                   mode="nearest", nearest_mode="floor",
                                   coordinate_transformation_mode="asymmetric")],
                 [vi("x", [1, 1, 65536, 65536])], [vi("y", None)],
                 [init("s", scales)])


def external_data():
    w = helper.make_tensor("w", F, [4], vals=[0.0] * 4)
    w.ClearField("float_data")
    w.data_location = TensorProto.EXTERNAL
    entry = w.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="a")],
                 [vi("x", [4])], [vi("y", None)], [w])


def opset_too_new():
    return model([helper.make_node("Relu", ["x"], ["y"])],
                 [vi("x", [4])], [vi("y", None)], opset=99)


def bad_conv_attrs():
    return model([helper.make_node("Conv", ["x", "w"], ["y"], name="c",
                                   strides=[0, 1])],
                 [vi("x", [1, 1, 4, 4])], [vi("y", None)],
                 [init("w", rng(1, 1, 3, 3))])


def int_input():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")],
                 [vi("x", [4], TensorProto.INT64)], [vi("y", None)])


def f16_model():
    # A model stored in FLOAT16: input, weights (raw f16) and bias.
    h = TensorProto.FLOAT16
    return model([
        helper.make_node("ConvTranspose", ["x", "w", "b"], ["t"], name="up",
                         strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("LeakyRelu", ["t"], ["y"], name="act", alpha=0.2)],
        [vi("x", [1, 4, 5, 5], h)], [vi("y", None, h)],
        [init("w", rng(4, 6, 3, 3).astype(np.float16)),
         init("b", rng(6).astype(np.float16))])


def mixed_float_inputs():
    return model([helper.make_node("Add", ["x", "z"], ["y"], name="add")],
                 [vi("x", [4]), vi("z", [4], TensorProto.FLOAT16)],
                 [vi("y", None)])


def main():
    case, out = sys.argv[1], sys.argv[2]
    if case == "truncated":
        data = conv_attrs().SerializeToString()
        open(out, "wb").write(data[:len(data) // 2])
        return
    if case == "garbage":
        open(out, "wb").write(b"\xff\xfe not a protobuf \x00\x01" * 8)
        return
    onnx.save(globals()[case](), out)


if __name__ == "__main__":
    main()
