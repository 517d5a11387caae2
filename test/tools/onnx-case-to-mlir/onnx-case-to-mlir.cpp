//===- onnx-case-to-mlir.cpp - ONNX node-test case to deconv IR -----------===//
//
// A minimal ONNX front end for the conformance data (format:
// test/Conformance/onnx/README.md): reads one case folder and writes
//   OUT/case.mlir   func.func @main(X, W[, B]) with one deconv op
//   OUT/X.npy, OUT/W.npy[, OUT/B.npy], OUT/Y.npy (the expected output)
// auto_pad and output_shape become explicit padding / output_padding through
// the library's ONNX rules (resolveOnnxConv*Padding), as any ONNX front end
// would do it.
//
//===----------------------------------------------------------------------===//

#include "deconv/Runtime/Npy.h"
#include "deconv/Support/ConvGeometry.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <sstream>

using namespace mlir::deconv;

static int fail(const llvm::Twine &msg) {
  llvm::errs() << "onnx-case-to-mlir: error: " << msg << "\n";
  return 1;
}

static std::string list(llvm::ArrayRef<int64_t> v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s;
}

/// Whitespace-separated floats (printed with %.9g, so they round-trip).
static std::vector<float> parseValues(llvm::StringRef text) {
  std::vector<float> v;
  std::istringstream in(text.str());
  float f;
  while (in >> f)
    v.push_back(f);
  return v;
}

static std::string ttype(llvm::ArrayRef<int64_t> shape) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + "f32>";
}

int main(int argc, char **argv) {
  if (argc != 3)
    return fail("usage: onnx-case-to-mlir CASE_DIR OUT_DIR");
  std::string dir = argv[1], out = argv[2];
  auto caseFile = llvm::MemoryBuffer::getFile(dir + "/case.txt");
  if (!caseFile)
    return fail("cannot read " + dir + "/case.txt");

  std::string op;
  llvm::StringMap<std::vector<std::string>> attrs;
  struct Role {
    std::string name;
    std::vector<int64_t> shape;
  };
  std::vector<Role> ins;
  Role outRole;
  llvm::SmallVector<llvm::StringRef> lines;
  (*caseFile)->getBuffer().split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    llvm::SmallVector<llvm::StringRef> parts;
    line.split(parts, ' ', -1, false);
    if (parts.empty())
      continue;
    std::vector<std::string> rest(parts.begin() + 1, parts.end());
    if (parts[0] == "op") {
      op = parts[1].str();
    } else if (parts[0] == "attr") {
      attrs[parts[1]] = std::vector<std::string>(rest.begin() + 1, rest.end());
    } else if (parts[0] == "input" || parts[0] == "output") {
      Role r{parts[1].str(), {}};
      for (size_t i = 2; i < parts.size(); ++i)
        r.shape.push_back(std::atoll(parts[i].str().c_str()));
      (parts[0] == "input" ? ins.push_back(r) : void(outRole = r));
    }
  }
  if (op != "Conv" && op != "ConvTranspose")
    return fail("unsupported op '" + op + "'");
  if (ins.size() < 2)
    return fail("a case needs X and W");
  auto ints = [&](llvm::StringRef name, std::vector<int64_t> dflt) {
    if (!attrs.count(name))
      return dflt;
    std::vector<int64_t> v;
    for (const std::string &s : attrs[name])
      v.push_back(std::atoll(s.c_str()));
    return v;
  };
  size_t k = ins[0].shape.size() - 2;
  std::vector<int64_t> kernel(ins[1].shape.begin() + 2, ins[1].shape.end());
  std::vector<int64_t> inSp(ins[0].shape.begin() + 2, ins[0].shape.end());
  auto strides = ints("strides", std::vector<int64_t>(k, 1));
  auto dilations = ints("dilations", std::vector<int64_t>(k, 1));
  auto pads = ints("pads", {});
  int64_t group = ints("group", {1})[0];
  std::string autoPadText =
      attrs.count("auto_pad") ? attrs["auto_pad"][0] : "NOTSET";
  auto autoPad = parseOnnxAutoPad(autoPadText);
  if (!autoPad)
    return fail("unknown auto_pad '" + autoPadText + "'");
  if (attrs.count("kernel_shape") && ints("kernel_shape", {}) != kernel)
    return fail("kernel_shape does not match W");

  std::string attrText;
  if (op == "Conv") {
    auto padding = resolveOnnxConvPadding(*autoPad, pads, inSp, kernel, strides,
                                          dilations);
    if (!padding)
      return fail(llvm::toString(padding.takeError()));
    attrText = "strides = [" + list(strides) + "] dilations = [" +
               list(dilations) + "] padding = [" + list(*padding) + "]";
  } else {
    auto r = resolveOnnxConvTransposePadding(
        *autoPad, pads, ints("output_shape", {}), ints("output_padding", {}),
        inSp, kernel, strides, dilations);
    if (!r)
      return fail(llvm::toString(r.takeError()));
    attrText = "strides = [" + list(strides) + "] dilations = [" +
               list(dilations) + "] padding = [" + list(r->padding) +
               "] output_padding = [" + list(r->outputPadding) + "]";
  }
  attrText += " groups = " + std::to_string(group);

  if (auto ec = llvm::sys::fs::create_directories(out))
    return fail("cannot create " + out + ": " + ec.message());
  // Every tensor's text file becomes an .npy; the output is Y.npy.
  auto convert = [&](const Role &r, const std::string &npyName) -> bool {
    auto text = llvm::MemoryBuffer::getFile(dir + "/" + r.name + ".txt");
    if (!text)
      return fail("cannot read " + r.name + ".txt"), false;
    HostTensor t;
    t.shape = r.shape;
    t.data = parseValues((*text)->getBuffer());
    if (auto err = writeNpy(out + "/" + npyName, t))
      return fail(llvm::toString(std::move(err))), false;
    return true;
  };
  std::string operands, types;
  for (const Role &r : ins) {
    if (!convert(r, r.name + ".npy"))
      return 1;
    operands += (operands.empty() ? "%" : ", %") + r.name;
    types += (types.empty() ? "" : ", ") + ttype(r.shape);
  }
  if (!convert(outRole, "Y.npy"))
    return 1;
  std::string args;
  for (const Role &r : ins)
    args += (args.empty() ? "%" : ", %") + r.name + ": " + ttype(r.shape);
  std::error_code ec;
  llvm::raw_fd_ostream os(out + "/case.mlir", ec);
  if (ec)
    return fail("cannot write case.mlir: " + ec.message());
  std::string opName = op == "Conv" ? "deconv.conv" : "deconv.conv_transpose";
  os << "// " << llvm::sys::path::filename(dir) << " (ONNX " << op << ")\n"
     << "func.func @main(" << args << ") -> " << ttype(outRole.shape) << " {\n"
     << "  %Y = " << opName << " " << operands << " " << attrText << "\n"
     << "      : (" << types << ") -> " << ttype(outRole.shape) << "\n"
     << "  return %Y : " << ttype(outRole.shape) << "\n}\n";
  return 0;
}
