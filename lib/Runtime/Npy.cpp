//===- Npy.cpp - NumPy .npy reading and writing ---------------------------===//

#include "deconv/Runtime/Npy.h"

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::deconv;

namespace {
llvm::Error npyError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// The .npy dtype of each kind; bf16, which NumPy lacks, travels as its bits.
const char *getNpyDescr(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "<f4";
  case ElementKind::F64:
    return "<f8";
  case ElementKind::F16:
    return "<f2";
  case ElementKind::BF16:
    return "<u2";
  }
  return "";
}

std::optional<ElementKind> getNpyElementKind(llvm::StringRef descr) {
  for (ElementKind k : {ElementKind::F32, ElementKind::F64, ElementKind::F16,
                        ElementKind::BF16})
    if (descr == getNpyDescr(k))
      return k;
  return std::nullopt;
}

/// The value of `key` in the header dict, up to the next top-level ',' or '}'.
std::optional<llvm::StringRef> dictValue(llvm::StringRef header,
                                         llvm::StringRef key) {
  for (char q : {'\'', '"'}) {
    std::string quoted = std::string(1, q) + key.str() + q;
    size_t pos = header.find(quoted);
    if (pos == llvm::StringRef::npos)
      continue;
    llvm::StringRef rest = header.drop_front(pos + quoted.size()).ltrim();
    if (!rest.consume_front(":"))
      return std::nullopt;
    rest = rest.ltrim();
    if (rest.starts_with("(")) {
      size_t close = rest.find(')');
      if (close == llvm::StringRef::npos)
        return std::nullopt;
      return rest.take_front(close + 1);
    }
    return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim();
  }
  return std::nullopt;
}
} // namespace

llvm::Expected<HostTensor> mlir::deconv::parseNpy(llvm::StringRef bytes) {
  if (!bytes.starts_with("\x93NUMPY"))
    return npyError("not a .npy file (no \\x93NUMPY magic)");
  if (bytes.size() < 10)
    return npyError("truncated .npy header");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                static_cast<unsigned char>(bytes[9]) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError("truncated .npy header");
    headerLen = 0;
    for (int i = 3; i >= 0; --i)
      headerLen = headerLen << 8 | static_cast<unsigned char>(bytes[8 + i]);
    headerStart = 12;
  } else {
    return npyError("unsupported .npy format version " + llvm::Twine(major));
  }
  if (bytes.size() < headerStart + headerLen)
    return npyError("truncated .npy header");
  llvm::StringRef header = bytes.substr(headerStart, headerLen);
  auto descr = dictValue(header, "descr");
  auto fortran = dictValue(header, "fortran_order");
  auto shapeText = dictValue(header, "shape");
  if (!descr || !fortran || !shapeText)
    return npyError("malformed .npy header: " + header.trim());
  llvm::StringRef dtype = descr->trim("'\" ");
  std::optional<ElementKind> kind = getNpyElementKind(dtype);
  if (!kind)
    return npyError("element type '" + dtype +
                    "' is not supported; deconv tools read little-endian "
                    "'<f4' (f32), '<f8' (f64), '<f2' (f16) and '<u2' (bf16 "
                    "bits)");
  if (*fortran != "False")
    return npyError("Fortran-order arrays are not supported; save in C order");

  HostTensor t;
  t.kind = *kind;
  llvm::StringRef dims = shapeText->trim("() ");
  int64_t count = 1;
  while (!dims.empty()) {
    auto [item, rest] = dims.split(',');
    item = item.trim();
    dims = rest.trim();
    if (item.empty())
      continue;
    int64_t v;
    if (item.getAsInteger(10, v) || v < 0)
      return npyError("malformed .npy shape " + *shapeText);
    auto c = llvm::checkedMul(count, v);
    if (!c || *c > (int64_t(1) << 40))
      return npyError("the .npy shape " + *shapeText + " is too large");
    count = *c;
    t.shape.push_back(v);
  }
  size_t dataStart = headerStart + headerLen;
  uint64_t need = static_cast<uint64_t>(count) * getElementKindBytes(t.kind);
  if (bytes.size() - dataStart < need)
    return npyError("truncated .npy data: shape (" + formatShape(t.shape) +
                    ") needs " + llvm::Twine(need) + " bytes, the file has " +
                    llvm::Twine(bytes.size() - dataStart));
  if (bytes.size() - dataStart > need)
    return npyError(
        ".npy file has " + llvm::Twine(bytes.size() - dataStart - need) +
        " bytes after the data of shape (" + formatShape(t.shape) + ")");
  t.data = decodeElements(bytes.data() + dataStart, count, t.kind);
  return t;
}

llvm::Expected<HostTensor> mlir::deconv::readNpy(llvm::StringRef path) {
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buf)
    return npyError("cannot read '" + path + "': " + buf.getError().message());
  auto t = parseNpy((*buf)->getBuffer());
  if (!t)
    return npyError("'" + path + "': " + llvm::toString(t.takeError()));
  return t;
}

std::string mlir::deconv::serializeNpy(const HostTensor &t) {
  std::string shape = "(";
  for (size_t i = 0; i < t.shape.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(t.shape[i]);
  shape += t.shape.size() == 1 ? ",)" : ")";
  std::string header = "{'descr': '" + std::string(getNpyDescr(t.kind)) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  size_t at = out.size();
  out.resize(at + t.data.size() * getElementKindBytes(t.kind));
  encodeElements(t.data, t.kind, out.data() + at);
  return out;
}

llvm::Error mlir::deconv::writeNpy(llvm::StringRef path, const HostTensor &t) {
  std::string bytes = serializeNpy(t);
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << bytes;
    return llvm::Error::success();
  });
}
