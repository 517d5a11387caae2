//===- deconv-struct-fuzzer.cpp - Well-formed IR with hostile values ------===//
//
// libFuzzer target that reads its input as a sequence of choices and builds
// syntactically valid deconv IR from them: op kind, rank (sometimes a rank
// mismatch), dims, strides, padding, output_padding, dilations and groups
// drawn from hostile palettes (zero, negative, huge, INT64_MAX, dynamic),
// attribute lists of wrong lengths, optional bias, constant filters, declared
// result types that are right, imprecise or wrong, and chains of two ops.
// Random bytes thereby reach the verifier and the passes instead of stopping
// in the parser.
//
//===----------------------------------------------------------------------===//

#include "FuzzPipeline.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <limits>
#include <string>

namespace {

constexpr int64_t kDynamic = std::numeric_limits<int64_t>::min();

class Builder {
public:
  explicit Builder(FuzzedDataProvider &in) : in(in) {}

  /// A size: mostly small, sometimes degenerate or huge.
  int64_t dim(bool allowDynamic) {
    static const int64_t palette[] = {0,
                                      1,
                                      -1,
                                      (int64_t)1 << 31,
                                      (int64_t)1 << 40,
                                      (int64_t)1 << 62,
                                      std::numeric_limits<int64_t>::max(),
                                      3037000500 /* sqrt(2^63) */};
    switch (in.ConsumeIntegralInRange<int>(0, 9)) {
    case 0:
      return palette[in.ConsumeIntegralInRange<size_t>(
          0, std::size(palette) - 1)];
    case 1:
      return allowDynamic ? kDynamic : 1;
    default:
      return in.ConsumeIntegralInRange<int64_t>(1, 9);
    }
  }

  /// An attribute value: small, zero, negative or huge.
  int64_t param(int64_t lo, int64_t hi) {
    static const int64_t palette[] = {0,
                                      -1,
                                      -5,
                                      (int64_t)1 << 32,
                                      (int64_t)1 << 62,
                                      std::numeric_limits<int64_t>::max(),
                                      std::numeric_limits<int64_t>::min()};
    if (in.ConsumeIntegralInRange<int>(0, 11) == 0)
      return palette[in.ConsumeIntegralInRange<size_t>(
          0, std::size(palette) - 1)];
    return in.ConsumeIntegralInRange<int64_t>(lo, hi);
  }

  /// An attribute list of `n` entries, sometimes of the wrong length.
  llvm::SmallVector<int64_t> list(size_t n, int64_t lo, int64_t hi) {
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0)
      n = in.ConsumeIntegralInRange<size_t>(0, 7);
    llvm::SmallVector<int64_t> v;
    for (size_t i = 0; i < n; ++i)
      v.push_back(param(lo, hi));
    return v;
  }

  static std::string type(llvm::ArrayRef<int64_t> shape, llvm::StringRef elt) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << "tensor<";
    for (int64_t d : shape) {
      if (d == kDynamic)
        os << "?";
      else
        os << d;
      os << "x";
    }
    os << elt << ">";
    return s;
  }

  static std::string array(llvm::ArrayRef<int64_t> v) {
    std::string s = "array<i64";
    for (size_t i = 0; i < v.size(); ++i)
      s += (i ? ", " : ": ") + std::to_string(v[i]);
    return s + ">";
  }

  /// A function with one or two conv/conv_transpose ops.
  std::string module() {
    static const char *elts[] = {"f32", "f32", "f32", "f16", "f64", "bf16"};
    std::string elt =
        elts[in.ConsumeIntegralInRange<size_t>(0, std::size(elts) - 1)];
    size_t rank = in.ConsumeIntegralInRange<size_t>(1, 3);
    std::string args, body, argTypes;
    auto addArg = [&](const std::string &ty) {
      std::string name = "%a" + std::to_string(numArgs++);
      args += (args.empty() ? "" : ", ") + name + ": " + ty;
      return name;
    };

    llvm::SmallVector<int64_t> xShape = {dim(true), dim(true)};
    for (size_t i = 0; i < rank; ++i)
      xShape.push_back(dim(true));
    std::string x = addArg(type(xShape, elt)), xType = type(xShape, elt);
    std::string resultType;
    int numOps = in.ConsumeBool() ? 2 : 1;
    for (int k = 0; k < numOps; ++k) {
      bool transpose = in.ConsumeBool();
      // Filter: (Cout, Cin/g, K...) for conv, (Cin, Cout/g, K...) for convT.
      size_t wRank = rank + 2;
      if (in.ConsumeIntegralInRange<int>(0, 15) == 0)
        wRank = in.ConsumeIntegralInRange<size_t>(0, 6);
      llvm::SmallVector<int64_t> wShape;
      for (size_t i = 0; i < wRank; ++i)
        wShape.push_back(dim(in.ConsumeIntegralInRange<int>(0, 7) == 0));
      std::string wType = type(wShape, elt), w;
      if (in.ConsumeIntegralInRange<int>(0, 3) == 0) {
        // A constant filter: folded at compile time by the strategies.
        w = "%w" + std::to_string(k);
        body += "  " + w + " = arith.constant dense<" +
                (in.ConsumeBool() ? "0.5" : "1.0") + "> : " + wType + "\n";
      } else {
        w = addArg(wType);
      }
      std::string operands = x + ", " + w, operandTypes = xType + ", " + wType;
      if (in.ConsumeBool()) {
        int64_t n = dim(in.ConsumeIntegralInRange<int>(0, 7) == 0);
        std::string bType = type({n}, elt);
        if (in.ConsumeIntegralInRange<int>(0, 15) == 0)
          bType = type({n, 1}, elt);
        operands += ", " + addArg(bType);
        operandTypes += ", " + bType;
      }
      std::string attrs;
      auto addAttr = [&](llvm::StringRef name, llvm::ArrayRef<int64_t> v) {
        attrs += (attrs.empty() ? "" : ", ") + name.str() + " = " + array(v);
      };
      if (in.ConsumeIntegralInRange<int>(0, 5))
        addAttr("strides", list(rank, 1, 4));
      if (in.ConsumeIntegralInRange<int>(0, 5))
        addAttr("dilations", list(rank, 1, 3));
      if (in.ConsumeIntegralInRange<int>(0, 5))
        addAttr("padding", list(2 * rank, 0, 3));
      if (transpose && in.ConsumeBool())
        addAttr("output_padding", list(rank, 0, 2));
      if (in.ConsumeBool())
        attrs += std::string(attrs.empty() ? "" : ", ") +
                 "groups = " + std::to_string(param(1, 4)) + " : i64";

      // Result: inferred (unranked), dynamic, or a guess that may be wrong.
      switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0:
        resultType = "tensor<*x" + elt + ">";
        break;
      default: {
        llvm::SmallVector<int64_t> shape;
        for (size_t i = 0; i < rank + 2; ++i)
          shape.push_back(in.ConsumeBool() ? kDynamic : dim(false));
        resultType = type(shape, elt);
      }
      }
      std::string y = "%y" + std::to_string(k);
      body += "  " + y + " = \"deconv." +
              (transpose ? "conv_transpose" : "conv") + "\"(" + operands +
              ") {" + attrs + "} : (" + operandTypes + ") -> " + resultType +
              "\n";
      x = y;
      xType = resultType;
    }
    return "func.func @f(" + args + ") -> " + resultType + " {\n" + body +
           "  return " + x + " : " + resultType + "\n}\n";
  }

private:
  FuzzedDataProvider &in;
  int numArgs = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::string text = Builder(in).module();
  if (getenv("DECONV_FUZZ_PRINT"))
    llvm::errs() << text;
  mlir::deconv::fuzz::runFuzzPipeline(text);
  return 0;
}
