//===- LinalgBuilders.cpp - Linalg forms of a convolution -----------------===//

#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

bool mlir::deconv::hasNoProducts(Operation *convOp) {
  return llvm::any_of(
             convOp->getOpOperands(),
             [](OpOperand &operand) {
               // Operand 2, the bias, only feeds the accumulator.
               return operand.getOperandNumber() < 2 &&
                      llvm::is_contained(
                          cast<ShapedType>(operand.get().getType()).getShape(),
                          0);
             }) ||
         llvm::is_contained(
             cast<ShapedType>(convOp->getResult(0).getType()).getShape(), 0);
}

Value mlir::deconv::buildMultiplyAdd(OpBuilder &b, Location loc, Value acc,
                                     Value x, Value w) {
  Type accType = acc.getType();
  if (x.getType() != accType)
    x = arith::ExtFOp::create(b, loc, accType, x);
  if (w.getType() != accType)
    w = arith::ExtFOp::create(b, loc, accType, w);
  Value prod = arith::MulFOp::create(b, loc, x, w);
  return arith::AddFOp::create(b, loc, acc, prod);
}

SmallVector<AffineMap>
mlir::deconv::getDepthToSpaceMaps(ArrayRef<DepthToSpaceMapDim> dims,
                                  MLIRContext *ctx) {
  unsigned k = dims.size(), numLoops = 3 + 3 * k, ci = 2 + 2 * k;
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> xExprs = {dim(0), dim(ci)};
  SmallVector<AffineExpr> wExprs = {dim(ci), dim(1)};
  SmallVector<AffineExpr> yExprs = {dim(0), dim(1)};
  for (auto [d, g] : llvm::enumerate(dims)) {
    AffineExpr m = dim(2 + 2 * d), r = dim(3 + 2 * d), t = dim(ci + 1 + d);
    AffineExpr x = m - t + g.inputShift, rho = r;
    if (g.phaseShift != 0) {
      x = x + (r + g.phaseShift).floorDiv(g.stride);
      rho = (r + g.phaseShift) % g.stride;
    }
    xExprs.push_back(x);
    wExprs.append({t, rho});
    yExprs.append({m, r});
  }
  return {AffineMap::get(numLoops, 0, xExprs, ctx),
          AffineMap::get(numLoops, 0, wExprs, ctx),
          AffineMap::get(numLoops, 0, yExprs, ctx)};
}

Value mlir::deconv::buildConvInit(OpBuilder &b, Location loc,
                                  ArrayRef<OpFoldResult> sizes, Type elt,
                                  Value bias) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elt);
  if (bias) {
    // linalg.broadcast wants the bias length to match the channel dim
    // exactly, static or dynamic; the verifier already proved they agree.
    auto biasType = cast<RankedTensorType>(bias.getType());
    int64_t channels = cast<RankedTensorType>(empty.getType()).getDimSize(1);
    if (biasType.getDimSize(0) != channels)
      bias = tensor::CastOp::create(b, loc, biasType.clone({channels}), bias);
    SmallVector<int64_t> dims = {0};
    for (unsigned d = 2; d < sizes.size(); ++d)
      dims.push_back(d);
    return linalg::BroadcastOp::create(b, loc, bias, empty, dims)->getResult(0);
  }
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elt));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

namespace {

/// groups == 1: the named linalg convolution of the right rank.
Value buildNamedConv(OpBuilder &b, Location loc, Value input, Value filter,
                     Value init, ArrayRef<int64_t> strideVals,
                     ArrayRef<int64_t> dilationVals) {
  Type resultType = init.getType();
  Attribute strides = b.getI64TensorAttr(strideVals);
  Attribute dilations = b.getI64TensorAttr(dilationVals);
  SmallVector<Value, 2> ins = {input, filter};
  switch (strideVals.size()) {
  case 1:
    return linalg::Conv1DNcwFcwOp::create(b, loc, resultType, ins, init,
                                          strides, dilations)
        ->getResult(0);
  case 2:
    return linalg::Conv2DNchwFchwOp::create(b, loc, resultType, ins, init,
                                            strides, dilations)
        ->getResult(0);
  default:
    return linalg::Conv3DNcdhwFcdhwOp::create(b, loc, resultType, ins, init,
                                              strides, dilations)
        ->getResult(0);
  }
}

/// Splits dim 1 (channels) of a channels-first tensor into [G, C/G].
Value expandChannels(OpBuilder &b, Location loc, Value v, int64_t groups,
                     unsigned channelDim) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> reassoc;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d == channelDim) {
      reassoc.push_back({static_cast<int64_t>(shape.size()),
                         static_cast<int64_t>(shape.size()) + 1});
      shape.push_back(groups);
      shape.push_back(type.isDynamicDim(d) ? ShapedType::kDynamic
                                           : type.getDimSize(d) / groups);
      continue;
    }
    reassoc.push_back({static_cast<int64_t>(shape.size())});
    shape.push_back(type.getDimSize(d));
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, resultType, v, reassoc);
}

/// groups > 1: over the group-expanded operands, linalg.conv_2d_ngchw_gfchw
/// for 2-D (which the micro-kernels recognize), else a linalg.generic.
///   loops: n, g, co, o_1..o_k (parallel), ci, k_1..k_k (reduction)
Value buildGroupedConv(OpBuilder &b, Location loc, Value input, Value filter,
                       Value init, ArrayRef<int64_t> strides,
                       ArrayRef<int64_t> dilations, int64_t g) {
  unsigned k = strides.size();
  Value x = expandChannels(b, loc, input, g, 1);  // [N, G, Cin/G, I...]
  Value w = expandChannels(b, loc, filter, g, 0); // [G, Cout/G, Cin/G, K...]
  Value y = expandChannels(b, loc, init, g, 1);   // [N, G, Cout/G, O...]
  SmallVector<ReassociationIndices> collapse = {{0}, {1, 2}};
  for (unsigned d = 0; d < k; ++d)
    collapse.push_back({3 + d});
  if (k == 2) {
    Value conv = linalg::Conv2DNgchwGfchwOp::create(
                     b, loc, y.getType(), ValueRange{x, w}, y,
                     b.getI64TensorAttr(strides), b.getI64TensorAttr(dilations))
                     ->getResult(0);
    return tensor::CollapseShapeOp::create(b, loc, init.getType(), conv,
                                           collapse);
  }

  MLIRContext *ctx = b.getContext();
  unsigned numLoops = 4 + 2 * k;
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineExpr n = dim(0), gi = dim(1), co = dim(2), ci = dim(3 + k);
  SmallVector<AffineExpr> xExprs = {n, gi, ci}, wExprs = {gi, co, ci},
                          yExprs = {n, gi, co};
  for (unsigned d = 0; d < k; ++d) {
    AffineExpr o = dim(3 + d), kk = dim(4 + k + d);
    xExprs.push_back(o * strides[d] + kk * dilations[d]);
    wExprs.push_back(kk);
    yExprs.push_back(o);
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, xExprs, ctx),
                                 AffineMap::get(numLoops, 0, wExprs, ctx),
                                 AffineMap::get(numLoops, 0, yExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(3 + k,
                                             utils::IteratorType::parallel);
  iterators.append(1 + k, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      b, loc, y.getType(), ValueRange{x, w}, ValueRange{y}, maps, iterators,
      [](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(
            nb, nl,
            deconv::buildMultiplyAdd(nb, nl, args[2], args[0], args[1]));
      });
  return tensor::CollapseShapeOp::create(b, loc, init.getType(),
                                         generic.getResult(0), collapse);
}

} // namespace

Value mlir::deconv::buildLinalgConv(OpBuilder &b, Location loc, Value input,
                                    Value filter, Value init,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> dilations,
                                    int64_t groups) {
  if (groups == 1)
    return buildNamedConv(b, loc, input, filter, init, strides, dilations);
  return buildGroupedConv(b, loc, input, filter, init, strides, dilations,
                          groups);
}

Value mlir::deconv::transposeTo(OpBuilder &b, Location loc, Value v,
                                ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, v, init, perm)->getResult(0);
}
