//===- deconv-exec-fuzzer.cpp - Wrong answers, not only crashes -----------===//
//
// libFuzzer target that reads its input as choices for a valid network: one
// or two conv / conv_transpose layers (rank 1 to 3, groups and depthwise,
// dilation, asymmetric padding, strides, output_padding, bias, dynamic batch
// or spatial dims, tens of channels) with an elementwise op between and
// after them. It compiles the network through the tools' pipeline at -O3
// with every conv_transpose strategy (JIT; vector width and threads chosen
// by the input too), runs it on random data and compares with the reference
// implementation. A mismatch prints the module and the inputs' shapes and
// aborts; so does a compile error on a valid network.
//
// DECONV_FUZZ_PRINT=1 prints every module.
//
//===----------------------------------------------------------------------===//

#include "deconv/Reference/Reference.h"
#include "deconv/Runtime/Jit.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/raw_ostream.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// One layer's parameters, with the shapes they give.
struct Layer {
  bool transpose = false;
  int64_t groups = 1, cin = 1, cout = 1;
  std::vector<int64_t> kernel, strides, dilations, padding, outPad;
  bool bias = false;
};

std::string list(const std::vector<int64_t> &v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s;
}

/// Output length by the definition (PyTorch's formulas, written here again).
int64_t outLen(const Layer &l, size_t d, int64_t in) {
  size_t k = l.kernel.size();
  int64_t reach = l.dilations[d] * (l.kernel[d] - 1);
  int64_t pads = l.padding[d] + l.padding[k + d];
  if (l.transpose)
    return (in - 1) * l.strides[d] - pads + reach + l.outPad[d] + 1;
  int64_t span = in + pads - reach - 1;
  return span < 0 ? 0 : span / l.strides[d] + 1;
}

class NetworkBuilder {
public:
  explicit NetworkBuilder(FuzzedDataProvider &in) : in(in) {}

  int64_t pick(int64_t lo, int64_t hi) {
    return in.ConsumeIntegralInRange<int64_t>(lo, hi);
  }

  /// A layer on `cin` channels and spatial sizes `spatial`; false if its
  /// output would be empty.
  bool layer(int64_t cin, const std::vector<int64_t> &spatial, Layer &l,
             std::vector<int64_t> &outSpatial) {
    size_t k = spatial.size();
    l.transpose = pick(0, 2) != 0;
    // Groups must divide the input channels.
    int64_t kind = pick(0, 3);
    l.groups = 1;
    if (kind == 1 && cin > 1)
      l.groups = cin; // depthwise
    else if (kind == 2)
      for (int64_t g : {4, 3, 2})
        if (cin % g == 0) {
          l.groups = g;
          break;
        }
    l.cin = cin;
    int64_t coutG = l.groups == cin ? pick(1, 2) : pick(1, 24);
    l.cout = coutG * l.groups;
    for (size_t d = 0; d < k; ++d) {
      l.kernel.push_back(pick(1, k == 3 ? 3 : 5));
      l.strides.push_back(pick(1, 4));
      l.dilations.push_back(pick(0, 4) == 0 ? pick(2, 3) : 1);
    }
    for (size_t i = 0; i < 2 * k; ++i) {
      size_t d = i % k;
      l.padding.push_back(pick(0, l.dilations[d] * (l.kernel[d] - 1) + 1));
    }
    for (size_t d = 0; d < k; ++d)
      l.outPad.push_back(l.transpose ? pick(0, std::max(l.strides[d],
                                                        l.dilations[d]) -
                                                   1)
                                     : 0);
    l.bias = pick(0, 1);
    outSpatial.clear();
    for (size_t d = 0; d < k; ++d) {
      int64_t o = outLen(l, d, spatial[d]);
      if (o < 1 || o > 96)
        return false;
      outSpatial.push_back(o);
    }
    return true;
  }

  FuzzedDataProvider &in;
};

std::string tensorType(const std::vector<int64_t> &shape,
                       const std::vector<bool> &dynamic) {
  std::string s = "tensor<";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (dynamic.size() > i && dynamic[i] ? std::string("?")
                                           : std::to_string(shape[i])) +
         "x";
  return s + "f32>";
}

std::vector<int64_t> filterShape(const Layer &l) {
  std::vector<int64_t> s = l.transpose
                               ? std::vector<int64_t>{l.cin, l.cout / l.groups}
                               : std::vector<int64_t>{l.cout, l.cin / l.groups};
  s.insert(s.end(), l.kernel.begin(), l.kernel.end());
  return s;
}

/// An elementwise op on tensor `v` of type `t` (same-operand forms need no
/// constant of the possibly dynamic type).
std::string elementwise(int kind, const std::string &v, const std::string &r,
                        const std::string &t) {
  switch (kind) {
  case 0:
    return "  " + r + " = math.tanh " + v + " : " + t + "\n";
  case 1: // |v| = max(v, -v)
    return "  " + r + "_n = arith.negf " + v + " : " + t + "\n  " + r +
           " = arith.maximumf " + v + ", " + r + "_n : " + t + "\n";
  case 2:
    return "  " + r + " = arith.addf " + v + ", " + v + " : " + t + "\n";
  default:
    return "";
  }
}

/// max |a - b| against atol + rtol * max|b| (the tools' --check rule).
bool close(const HostTensor &a, const HostTensor &b, double &worst) {
  if (a.shape != b.shape)
    return false;
  double scale = 0;
  for (double v : b.data)
    scale = std::max(scale, std::fabs(double(v)));
  worst = 0;
  for (size_t i = 0; i < a.data.size(); ++i) {
    double e = std::fabs(double(a.data[i]) - b.data[i]);
    if (!(e <= 1e-4 + 1e-4 * scale))
      return false;
    worst = std::max(worst, e);
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider in(data, size);
  NetworkBuilder nb(in);
  size_t k = size_t(nb.pick(1, 3));
  int64_t n = nb.pick(1, 2), cin = nb.pick(1, 32);
  std::vector<int64_t> spatial;
  for (size_t d = 0; d < k; ++d)
    spatial.push_back(nb.pick(1, k == 1 ? 48 : (k == 2 ? 16 : 6)));
  bool dynBatch = nb.pick(0, 3) == 0, dynSpatial = nb.pick(0, 4) == 0;
  unsigned numLayers = unsigned(nb.pick(1, 2));
  std::vector<Layer> layers;
  std::vector<int64_t> cur = spatial, next;
  int64_t channels = cin;
  double macs = 0;
  for (unsigned i = 0; i < numLayers; ++i) {
    Layer l;
    if (!nb.layer(channels, cur, l, next))
      return 0;
    double taps = 1, pixels = 1;
    for (size_t d = 0; d < k; ++d) {
      taps *= l.kernel[d];
      pixels *= l.transpose ? cur[d] : next[d];
    }
    macs += double(n) * pixels * taps * (l.cin / l.groups) * l.cout;
    layers.push_back(l);
    channels = l.cout;
    cur = next;
  }
  // The reference is plain loops: keep each input quick.
  if (macs > 4e6)
    return 0;
  int elementwiseKind[2] = {int(nb.pick(0, 3)), int(nb.pick(0, 3))};
  int64_t vectorWidth =
      nb.pick(0, 1) && getHostVectorWidth() >= 16 ? 16 : 8;
  unsigned threads = unsigned(nb.pick(1, 2));
  uint32_t seed = in.ConsumeIntegral<uint32_t>();

  // The module and its inputs.
  std::vector<int64_t> xShape = {n, cin};
  xShape.insert(xShape.end(), spatial.begin(), spatial.end());
  std::vector<bool> xDyn(xShape.size(), false);
  xDyn[0] = dynBatch;
  for (size_t d = 2; d < xShape.size(); ++d)
    xDyn[d] = dynSpatial;
  std::string args = "%x: " + tensorType(xShape, xDyn);
  std::vector<std::vector<int64_t>> shapes = {xShape};
  std::string body, value = "%x", valueType = tensorType(xShape, xDyn);
  std::vector<int64_t> shape = xShape;
  for (auto [i, l] : llvm::enumerate(layers)) {
    // The layer's result: channels and spatial sizes by the definition,
    // dynamic where the input's are.
    shape[1] = l.cout;
    for (size_t d = 0; d < k; ++d)
      shape[2 + d] = outLen(l, d, shape[2 + d]);
    std::string resultType = tensorType(shape, xDyn);
    std::string w = "%w" + std::to_string(i), b = "%b" + std::to_string(i);
    args += ", " + w + ": " + tensorType(filterShape(l), {});
    shapes.push_back(filterShape(l));
    if (l.bias) {
      args += ", " + b + ": tensor<" + std::to_string(l.cout) + "xf32>";
      shapes.push_back({l.cout});
    }
    std::string y = "%y" + std::to_string(i);
    body += "  " + y + " = deconv." +
            (l.transpose ? "conv_transpose " : "conv ") + value + ", " + w +
            (l.bias ? ", " + b : "") + " strides = [" + list(l.strides) +
            "] dilations = [" + list(l.dilations) + "] padding = [" +
            list(l.padding) + "]" +
            (l.transpose ? " output_padding = [" + list(l.outPad) + "]" : "") +
            " groups = " + std::to_string(l.groups) + " : (" + valueType +
            ", " + tensorType(filterShape(l), {}) +
            (l.bias ? ", tensor<" + std::to_string(l.cout) + "xf32>" : "") +
            ") -> " + resultType + "\n";
    value = y;
    valueType = resultType;
    std::string r = "%e" + std::to_string(i);
    std::string op = elementwise(elementwiseKind[i], value, r, valueType);
    if (!op.empty()) {
      body += op;
      value = r;
    }
  }
  std::string text = "func.func @net(" + args + ") -> " + valueType +
                     " {\n" + body + "  return " + value + " : " + valueType +
                     "\n}\n";
  if (std::getenv("DECONV_FUZZ_PRINT"))
    llvm::errs() << text;

  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<HostTensor> inputs;
  for (const std::vector<int64_t> &s : shapes) {
    HostTensor t;
    t.shape = s;
    int64_t count = 1;
    for (int64_t d : s)
      count *= d;
    t.data.resize(count);
    for (double &v : t.data)
      v = dist(rng);
    inputs.push_back(std::move(t));
  }

  DialectRegistry registry;
  registerJitDependencies(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> reference = parseSourceString<ModuleOp>(text, &context);
  if (!reference) {
    llvm::errs() << "exec-fuzzer: the generated module does not parse:\n"
                 << text;
    abort();
  }
  auto want = reference::evaluate(
      *reference->getOps<func::FuncOp>().begin(), inputs);
  if (!want) {
    // The reference refuses only invalid networks; the builder makes none.
    llvm::errs() << "exec-fuzzer: reference failed: "
                 << llvm::toString(want.takeError()) << "\n"
                 << text;
    abort();
  }
  bool anyTranspose = llvm::any_of(layers, [](const Layer &l) {
    return l.transpose;
  });
  for (const char *strategy : {"auto", "zero-insertion", "subpixel", "loops"}) {
    if (!anyTranspose && std::string(strategy) != "auto")
      break;
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
    LowerToLLVMOptions options;
    options.strategy = *parseTransposeStrategy(strategy);
    options.vectorWidth = vectorWidth;
    options.numThreads = threads;
    auto jit = JitFunction::compile(*module, "net", options, /*optLevel=*/3);
    if (!jit) {
      llvm::errs() << "exec-fuzzer: compile failed (" << strategy
                   << "): " << llvm::toString(jit.takeError()) << "\n"
                   << text;
      abort();
    }
    auto got = (*jit)->call(inputs);
    if (!got) {
      llvm::errs() << "exec-fuzzer: call failed (" << strategy
                   << "): " << llvm::toString(got.takeError()) << "\n"
                   << text;
      abort();
    }
    double worst = 0;
    if (!close(got->front(), want->front(), worst)) {
      llvm::errs() << "exec-fuzzer: WRONG RESULT (strategy " << strategy
                   << ", " << vectorWidth << " lanes, " << threads
                   << " thread(s), seed " << seed << ", shapes "
                   << formatShape(got->front().shape) << " vs "
                   << formatShape(want->front().shape) << ", error " << worst
                   << ")\n"
                   << text;
      abort();
    }
  }
  return 0;
}
