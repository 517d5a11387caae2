//===- CInterface.cpp - The C ABI of compiled functions -------------------===//

#include "deconv/Target/CInterface.h"
#include "deconv/Runtime/HostTensor.h"
#include "deconv/Support/RuntimeSymbols.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

using namespace mlir;
using namespace mlir::deconv;

namespace {

bool isCIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

LogicalResult checkType(func::FuncOp func, Type type, StringRef what,
                        unsigned index) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return func.emitError()
           << "cannot export '" << func.getSymName()
           << "' with a C interface: " << what << " " << index << " has type "
           << type << "; only ranked tensors cross the interface";
  if (!getElementKind(ranked.getElementType()))
    return func.emitError() << "cannot export '" << func.getSymName()
                            << "' with a C interface: " << what << " " << index
                            << " has element type " << ranked.getElementType()
                            << "; the interface takes f32, f64, f16 and bf16 "
                               "tensors";
  if (ranked.getEncoding())
    return func.emitError()
           << "cannot export '" << func.getSymName()
           << "' with a C interface: " << what << " " << index
           << " has an encoding (" << ranked.getEncoding() << ")";
  return success();
}

/// Returns a value that is the same tensor as `v` but bufferizes to a buffer
/// of its own (the results' "caller frees each one" promise).
Value freshCopy(OpBuilder &b, Location loc, Value v) {
  b.getContext()->getOrLoadDialect<bufferization::BufferizationDialect>();
  auto type = cast<RankedTensorType>(v.getType());
  return bufferization::AllocTensorOp::create(b, loc, type, ValueRange{}, v);
}

/// A C identifier for `name`: other characters become '_', a leading digit
/// or a keyword gets a prefix, and names already in `taken` get a suffix.
std::string cParameterName(StringRef name, StringRef fallback,
                           llvm::StringSet<> &taken) {
  static const char *const keywords[] = {
      "auto",     "break",    "case",     "char",   "const",   "continue",
      "default",  "do",       "double",   "else",   "enum",    "extern",
      "float",    "for",      "goto",     "if",     "inline",  "int",
      "long",     "register", "restrict", "return", "short",   "signed",
      "sizeof",   "static",   "struct",   "switch", "typedef", "union",
      "unsigned", "void",     "volatile", "while",  "bool",    "true",
      "false",    "class",    "new",      "delete", "this",    "template",
      "result",   "free"};
  std::string id;
  for (char c : name)
    id += llvm::isAlnum(c) || c == '_' ? c : '_';
  if (id.empty())
    id = fallback.str();
  if (llvm::isDigit(id[0]) || llvm::is_contained(keywords, id) ||
      StringRef(id).starts_with("deconv_"))
    id = "v_" + id;
  std::string unique = id;
  for (int i = 2; !taken.insert(unique).second; ++i)
    unique = id + "_" + std::to_string(i);
  return unique;
}

} // namespace

LogicalResult mlir::deconv::verifyCInterfaceSignature(Operation *op) {
  auto func = dyn_cast<func::FuncOp>(op);
  if (!func || func.isExternal())
    return op->emitError() << "only a func.func with a body can be exported";
  if (!isCIdentifier(func.getSymName()))
    return func.emitError() << "cannot export '" << func.getSymName()
                            << "': the name is not a C identifier";
  for (auto [i, t] : llvm::enumerate(func.getArgumentTypes()))
    if (failed(checkType(func, t, "argument", i)))
      return failure();
  for (auto [i, t] : llvm::enumerate(func.getResultTypes()))
    if (failed(checkType(func, t, "result", i)))
      return failure();
  return success();
}

FailureOr<std::vector<ExportedFunction>>
mlir::deconv::prepareCInterface(ModuleOp module, ArrayRef<std::string> entries,
                                bool entryPoints, bool destinationTwins) {
  SmallVector<func::FuncOp> funcs;
  if (entries.empty()) {
    for (auto f : module.getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal())
        funcs.push_back(f);
    if (funcs.empty())
      return module.emitError()
             << "nothing to export: the module has no public function with a "
                "body";
  } else {
    for (const std::string &name : entries) {
      auto f = module.lookupSymbol<func::FuncOp>(name);
      if (!f)
        return module.emitError() << "no function named '" << name << "'";
      if (f.isExternal() || f.isPrivate())
        return f.emitError()
               << "function '" << name << "' must be public and have a body";
      funcs.push_back(f);
    }
  }

  std::vector<ExportedFunction> exported;
  for (func::FuncOp func : funcs) {
    if (failed(verifyCInterfaceSignature(func)))
      return failure();
    ExportedFunction e;
    e.name = func.getSymName().str();
    for (Type t : func.getArgumentTypes())
      e.arguments.push_back(cast<RankedTensorType>(t));
    for (Type t : func.getResultTypes())
      e.results.push_back(cast<RankedTensorType>(t));
    llvm::StringSet<> taken;
    auto sourceName = [](DictionaryAttr attrs) -> std::string {
      auto name = attrs ? attrs.getAs<StringAttr>(kValueNameAttr) : nullptr;
      return name ? name.str() : "";
    };
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      e.argumentSourceNames.push_back(sourceName(func.getArgAttrDict(i)));
      e.argumentNames.push_back(cParameterName(
          e.argumentSourceNames.back(), "input" + std::to_string(i), taken));
    }
    for (unsigned i = 0; i < func.getNumResults(); ++i) {
      e.resultSourceNames.push_back(sourceName(func.getResultAttrDict(i)));
      e.resultNames.push_back(cParameterName(
          e.resultSourceNames.back(), "output" + std::to_string(i), taken));
    }
    // The names are the header's business; LLVM has no use for them.
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      func.removeArgAttr(i, kValueNameAttr);
    for (unsigned i = 0; i < func.getNumResults(); ++i)
      func.removeResultAttr(
          i, StringAttr::get(module.getContext(), kValueNameAttr));
    // Buffer deallocation already clones arguments and constants that are
    // returned; a value returned twice is copied here.
    func.walk([&](func::ReturnOp ret) {
      llvm::SmallPtrSet<Value, 4> seen;
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands())
        if (!seen.insert(operand.get()).second)
          operand.set(freshCopy(b, ret.getLoc(), operand.get()));
    });
    func->setAttr("llvm.emit_c_interface", UnitAttr::get(module.getContext()));
    e.symbol = std::string("_mlir_ciface_") + kInternalPrefix + e.name;
    e.allStatic =
        llvm::all_of(e.arguments, [](auto t) { return t.hasStaticShape(); }) &&
        llvm::all_of(e.results, [](auto t) { return t.hasStaticShape(); });
    if ((entryPoints || destinationTwins) && e.allStatic) {
      func->setAttr(
          kDestinationEntryAttr,
          StringAttr::get(module.getContext(), kDestinationPrefix + e.name));
      e.destinationSymbol =
          std::string("_mlir_ciface_") + kDestinationPrefix + e.name;
    }
    exported.push_back(std::move(e));
  }
  if (entryPoints) {
    // Every C name the object and the header define, and whose it is.
    llvm::StringMap<size_t> owners;
    for (auto [i, e] : llvm::enumerate(exported)) {
      SmallVector<std::string> names = {
          "_mlir_ciface_" + e.name, kCallPrefix + e.name,
          "deconv_" + e.name + "_cpu_supported", e.name + "_results"};
      if (e.allStatic) {
        names.push_back(kIntoPrefix + e.name);
        names.push_back("deconv_" + e.name);
      }
      for (const std::string &n : names) {
        auto [it, inserted] = owners.try_emplace(n, i);
        if (inserted || it->second == i)
          continue;
        InFlightDiagnostic diag =
            funcs[i].emitError()
            << "functions '" << exported[it->second].name << "' and '" << e.name
            << "' both need the C name '" << n << "'; rename one";
        diag.attachNote(funcs[it->second].getLoc())
            << "'" << exported[it->second].name << "' is here";
        return failure();
      }
    }
  }
  SymbolTable symbols(module);
  for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
    if (func.isExternal() || func.getSymName().starts_with(kInternalPrefix))
      continue;
    std::string internal = kInternalPrefix + func.getSymName().str();
    if (failed(symbols.rename(func, StringAttr::get(module.getContext(),
                                                    internal))))
      return func.emitError() << "cannot rename '" << func.getSymName()
                              << "' to '" << internal << "'";
  }
  return exported;
}

LogicalResult mlir::deconv::finalizeExportedSymbols(ModuleOp module) {
  // Internal name prefix -> exported name prefix.
  std::string status = kStatusEntryPrefix.str();
  const std::pair<std::string, std::string> exports[] = {
      {std::string("_mlir_ciface_") + kInternalPrefix, "_mlir_ciface_"},
      {status + kInternalPrefix, kCallPrefix},
      {status + kDestinationPrefix, kIntoPrefix}};
  SymbolTable symbols(module);
  for (auto f : llvm::to_vector(module.getOps<LLVM::LLVMFuncOp>())) {
    if (f.isExternal())
      continue;
    StringRef name = f.getSymName();
    auto it = llvm::find_if(
        exports, [&](const auto &e) { return name.starts_with(e.first); });
    if (it == std::end(exports)) {
      f.setLinkage(LLVM::Linkage::Internal);
      continue;
    }
    std::string exported = it->second + name.drop_front(it->first.size()).str();
    f.setLinkage(LLVM::Linkage::External);
    if (failed(symbols.rename(f, StringAttr::get(module.getContext(),
                                                 exported))))
      return f.emitError() << "cannot export '" << exported << "'";
  }
  for (auto g : module.getOps<LLVM::GlobalOp>())
    if (!g.isDeclaration() && g.getLinkage() != LLVM::Linkage::Private)
      g.setLinkage(LLVM::Linkage::Internal);
  return success();
}

//===----------------------------------------------------------------------===//
// The header
//===----------------------------------------------------------------------===//

namespace {

std::string descriptorName(RankedTensorType t) {
  return std::string("deconv_memref_") +
         getElementKindName(*getElementKind(t.getElementType())) + "_" +
         std::to_string(t.getRank()) + "d";
}

/// The C type of an element: f16 is _Float16 where the compiler has it,
/// else its bits; bf16 is always its bits (see emitElementTypes).
const char *getCElementType(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "float";
  case ElementKind::F64:
    return "double";
  case ElementKind::F16:
    return "deconv_f16_t";
  case ElementKind::BF16:
    return "deconv_bf16_t";
  }
  return "";
}

const char *getCElementType(RankedTensorType t) {
  return getCElementType(*getElementKind(t.getElementType()));
}

/// The typedefs of the 16-bit element types and bf16's conversions, which C
/// has no type for.
void emitElementTypes(raw_ostream &os, bool f16, bool bf16) {
  if (f16)
    os << "#ifndef DECONV_F16_DEFINED\n#define DECONV_F16_DEFINED\n"
       << "/* IEEE binary16: _Float16 where the compiler has it, else its "
          "bits. */\n"
       << "#if defined(__FLT16_MAX__)\ntypedef _Float16 deconv_f16_t;\n"
       << "#else\ntypedef uint16_t deconv_f16_t;\n#endif\n#endif\n\n";
  if (bf16)
    os << "#ifndef DECONV_BF16_DEFINED\n#define DECONV_BF16_DEFINED\n"
       << "/* bfloat16 as its bits: the upper half of the IEEE binary32 of "
          "the same\n * value. */\n"
       << "typedef uint16_t deconv_bf16_t;\n"
       << "/* f rounded to the nearest bfloat16 (ties to even). */\n"
       << "static inline deconv_bf16_t deconv_bf16_from_float(float f) {\n"
       << "  uint32_t u;\n  memcpy(&u, &f, sizeof u);\n"
       << "  if ((u & 0x7fffffffu) > 0x7f800000u) /* NaN stays a quiet NaN "
          "*/\n"
       << "    return (deconv_bf16_t)((u >> 16) | 0x40u);\n"
       << "  return (deconv_bf16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> "
          "16);\n}\n"
       << "static inline float deconv_bf16_to_float(deconv_bf16_t b) {\n"
       << "  uint32_t u = (uint32_t)b << 16;\n  float f;\n"
       << "  memcpy(&f, &u, sizeof f);\n  return f;\n}\n#endif\n\n";
}

std::string typeString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

std::string guardSymbol(StringRef guard) {
  std::string g;
  for (char c : guard)
    g += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  if (g.empty() || llvm::isDigit(g[0]))
    g = "DECONV_" + g;
  return g;
}

void emitDescriptor(raw_ostream &os, RankedTensorType type) {
  std::string name = descriptorName(type);
  int64_t rank = type.getRank();
  std::string elt = getCElementType(type);
  std::string upper = guardSymbol(name) + "_DEFINED";
  os << "#ifndef " << upper << "\n#define " << upper << "\n";
  os << "/* A rank-" << rank << " " << type.getElementType()
     << " tensor (MLIR's strided memref descriptor). */\n";
  os << "typedef struct " << name << " {\n"
     << "  " << elt << " *allocated; /* what free() takes (results only) */\n"
     << "  " << elt << " *aligned;   /* element 0 is aligned[offset] */\n"
     << "  int64_t offset;\n";
  if (rank > 0)
    os << "  int64_t sizes[" << rank << "];\n"
       << "  int64_t strides[" << rank << "]; /* in elements */\n";
  os << "} " << name << ";\n\n";
  // A descriptor of a dense row-major buffer.
  os << "static inline " << name << " " << name << "_make(" << elt << " *data";
  for (int64_t d = 0; d < rank; ++d)
    os << ", int64_t d" << d;
  os << ") {\n  " << name << " m;\n"
     << "  m.allocated = data;\n  m.aligned = data;\n  m.offset = 0;\n";
  for (int64_t d = 0; d < rank; ++d)
    os << "  m.sizes[" << d << "] = d" << d << ";\n";
  for (int64_t d = rank - 1; d >= 0; --d) {
    os << "  m.strides[" << d << "] = ";
    if (d == rank - 1)
      os << "1;\n";
    else
      os << "m.strides[" << d + 1 << "] * d" << d + 1 << ";\n";
  }
  os << "  return m;\n}\n";
  // Copies a (possibly strided) result into a dense row-major buffer.
  os << "static inline void " << name << "_copy_out(const " << name << " *m, "
     << elt << " *out) {\n"
     << "  const " << elt << " *src = m->aligned + m->offset;\n";
  if (rank == 0) {
    os << "  out[0] = src[0];\n}\n";
  } else {
    os << "  int64_t i[" << rank << "] = {0};\n"
       << "  int64_t n = 1, k;\n  int d;\n"
       << "  for (d = 0; d < " << rank << "; ++d)\n    n *= m->sizes[d];\n"
       << "  for (k = 0; k < n; ++k) {\n    int64_t at = 0;\n"
       << "    for (d = 0; d < " << rank << "; ++d)\n"
       << "      at += i[d] * m->strides[d];\n"
       << "    out[k] = src[at];\n"
       << "    for (d = " << rank - 1
       << "; d >= 0 && ++i[d] == m->sizes[d]; --d)\n      i[d] = 0;\n"
       << "  }\n}\n";
  }
  os << "#endif\n\n";
}

std::string shapeString(RankedTensorType t) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(t.getShape())) {
    if (i)
      s += ", ";
    s += ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
  }
  return s + "]";
}

} // namespace

void mlir::deconv::emitCHeader(ArrayRef<ExportedFunction> functions,
                               StringRef guard, StringRef source,
                               unsigned numThreads, const HeaderTarget &target,
                               raw_ostream &os) {
  std::string g = guardSymbol(guard);
  os << "/* Generated by deconv-compile from " << source << ". Do not edit.\n"
     << " *\n"
     << " * The C interface (MLIR's; the same in C99 and C++):\n"
     << " * - Tensors are channels first ([N, C, spatial...]), passed as\n"
     << " *   pointers to strided memref descriptors "
        "(deconv_memref_<T>_<R>d for\n"
     << " *   element type T: f32 is float, f64 double, f16 deconv_f16_t, "
        "bf16\n"
     << " *   deconv_bf16_t). An input is a dense row-major buffer: build its\n"
     << " *   descriptor with deconv_memref_<T>_<R>d_make(buffer, sizes...).\n"
     << " *   Inputs are read, never written, kept or freed.\n"
     << " * - Dims shown as '?' are dynamic: they are taken from the input\n"
     << " *   descriptors' sizes, and the callee sets the result sizes.\n"
     << " * - Results are allocated by the callee (C11 aligned_alloc) and "
        "owned by the\n"
     << " *   caller: read element k of a result through aligned[offset + "
        "...]\n"
     << " *   with its strides (or copy it out with *_copy_out) and release "
        "it\n"
     << " *   with free(result.allocated). A result never aliases an input, a\n"
     << " *   weight or another result.\n"
     << " * - _mlir_ciface_<f>(result, inputs...) writes a single result's\n"
     << " *   descriptor to *result; several results come back in a struct\n"
     << " *   <f>_results, one descriptor per result.\n"
     << " * - Functions with only static shapes also get "
        "deconv_<f>(inputs...,\n"
     << " *   outputs...) on plain dense buffers that the caller allocates.\n"
     << " * - Calls are reentrant; weights that were constants in the IR are\n"
     << " *   read-only globals of the object.\n";
  if (numThreads == 0)
    os << " * - Parallel loops run on the OpenMP team the caller picks at "
          "each\n"
       << " *   call: OMP_NUM_THREADS, or omp_set_num_threads() before the "
          "call\n"
       << " *   (all cores when neither is set). Link with -lomp.\n";
  else if (numThreads > 1)
    os << " * - Compiled for " << numThreads
       << " threads (OpenMP): link with -lomp.\n";
  else
    os << " * - Compiled for 1 thread: link with -lm only.\n";
  std::string featureList;
  for (const std::string &f : target.features)
    featureList += (featureList.empty() ? "" : " ") + f;
  os << " * - Compiled for the CPU '" << target.cpu << "'"
     << (featureList.empty() ? std::string()
                             : ", using: " + featureList)
     << ".\n"
     << " *   The deconv_<f> wrappers check the running CPU at their first "
        "call and\n"
     << " *   return DECONV_ERROR_CPU instead of running code it cannot "
        "execute;\n"
     << " *   callers of _mlir_ciface_<f> call deconv_<f>_cpu_supported() "
        "first.\n";
  os << " */\n"
     << "#ifndef " << g << "\n#define " << g << "\n\n"
     << "#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "#ifndef DECONV_ERROR_CPU\n"
     << "/* Returned by deconv_<f> when the CPU lacks a feature the code "
        "uses. */\n"
     << "#define DECONV_ERROR_CPU 1\n#endif\n"
     << "#ifndef DECONV_ERROR_RUNTIME\n"
     << "/* Returned when a run-time check or an allocation of the code "
        "failed. */\n"
     << "#define DECONV_ERROR_RUNTIME " << kStatusRuntimeError
     << "\n#endif\n\n";

  // One descriptor per element type and rank, in a stable order.
  std::map<std::string, RankedTensorType> descriptors;
  bool f16 = false, bf16 = false;
  for (const ExportedFunction &f : functions)
    for (ArrayRef<RankedTensorType> types : {f.arguments, f.results})
      for (RankedTensorType t : types) {
        descriptors.emplace(descriptorName(t), t);
        f16 |= t.getElementType().isF16();
        bf16 |= t.getElementType().isBF16();
      }
  emitElementTypes(os, f16, bf16);
  for (auto &entry : descriptors)
    emitDescriptor(os, entry.second);

  for (const ExportedFunction &f : functions) {
    os << "/* " << f.name << "\n";
    auto quoted = [](const std::string &n) {
      return n.empty() ? std::string() : " '" + n + "'";
    };
    for (auto [i, t] : llvm::enumerate(f.arguments))
      os << " *   input " << i << quoted(f.argumentSourceNames[i]) << ": "
         << shapeString(t) << "  (" << typeString(t) << ")\n";
    for (auto [i, t] : llvm::enumerate(f.results))
      os << " *   result " << i << quoted(f.resultSourceNames[i]) << ": "
         << shapeString(t) << "  (" << typeString(t) << ")\n";
    os << " */\n";
    std::string resultType;
    if (f.results.size() > 1) {
      resultType = f.name + "_results";
      os << "typedef struct " << resultType << " {\n";
      for (auto [i, t] : llvm::enumerate(f.results))
        os << "  " << descriptorName(t) << " result" << i << ";\n";
      os << "} " << resultType << ";\n";
    } else if (f.results.size() == 1) {
      resultType = descriptorName(f.results[0]);
    }
    // The C interface wrapper, then its status entry: the same arguments
    // after the error out-parameter.
    std::string params;
    if (!resultType.empty())
      params = resultType + " *result";
    for (auto [i, t] : llvm::enumerate(f.arguments))
      params += (params.empty() ? "" : ", ") + std::string("const ") +
                descriptorName(t) + " *" + f.argumentNames[i];
    os << "void _mlir_ciface_" << f.name << "("
       << (params.empty() ? std::string("void") : params) << ");\n"
       << "/* The same, returning 0, or DECONV_ERROR_RUNTIME when a run-time "
          "check\n"
       << " * or an allocation failed: *error (if error is not NULL) then "
          "points to\n"
       << " * the message, nothing was returned, and nothing leaks. */\n"
       << "int " << kCallPrefix << f.name << "(const char **error"
       << (params.empty() ? "" : ", ") << params << ");\n";
    if (f.allStatic) {
      os << "/* Writes the results into descriptors the caller provides "
            "(buffers that do\n"
         << " * not overlap the inputs), without allocating or copying them "
            "where the\n"
         << " * code allows. Returns as " << kCallPrefix << f.name << ". */\n"
         << "int " << kIntoPrefix << f.name << "(const char **error";
      for (auto [i, t] : llvm::enumerate(f.arguments))
        os << ", const " << descriptorName(t) << " *" << f.argumentNames[i];
      for (auto [i, t] : llvm::enumerate(f.results))
        os << ", const " << descriptorName(t) << " *" << f.resultNames[i];
      os << ");\n";
    }
    os << "\n";

    // The CPU check (GCC and Clang on x86; elsewhere nothing to check).
    os << "/* 1 if the running CPU has every feature " << f.name
       << "'s code uses. */\n"
       << "static inline int deconv_" << f.name << "_cpu_supported(void) {\n"
       << "#if (defined(__GNUC__) || defined(__clang__)) && "
          "(defined(__x86_64__) || defined(__i386__))\n"
       << "  __builtin_cpu_init();\n  return 1";
    for (const std::string &feature : target.features)
      os << " &&\n         __builtin_cpu_supports(\"" << feature << "\")";
    os << ";\n#else\n  return 1;\n#endif\n}\n\n";

    if (!f.allStatic)
      continue;
    // The plain-buffer wrapper.
    os << "/* " << f.name << " on dense row-major buffers:";
    for (auto [i, t] : llvm::enumerate(f.arguments))
      os << " " << f.argumentNames[i] << " holds " << t.getNumElements() << " "
         << getCElementType(t) << ",";
    for (auto [i, t] : llvm::enumerate(f.results))
      os << " " << f.resultNames[i] << " receives " << t.getNumElements() << " "
         << getCElementType(t) << ",";
    os << " all allocated by the caller. Returns 0, DECONV_ERROR_CPU "
          "(nothing run), or DECONV_ERROR_RUNTIME (an allocation failed). "
          "*/\n";
    os << "static inline int deconv_" << f.name << "(";
    bool first = true;
    for (auto [i, t] : llvm::enumerate(f.arguments)) {
      os << (first ? "" : ", ") << "const " << getCElementType(t) << " *"
         << f.argumentNames[i];
      first = false;
    }
    for (auto [i, t] : llvm::enumerate(f.results)) {
      os << (first ? "" : ", ") << getCElementType(t) << " *"
         << f.resultNames[i];
      first = false;
    }
    if (first)
      os << "void";
    os << ") {\n"
       << "  static int deconv_cpu = -1;\n"
       << "  if (deconv_cpu < 0)\n"
       << "    deconv_cpu = deconv_" << f.name << "_cpu_supported();\n"
       << "  if (!deconv_cpu)\n    return DECONV_ERROR_CPU;\n";
    for (auto [i, t] : llvm::enumerate(f.arguments)) {
      os << "  " << descriptorName(t) << " deconv_in" << i << " = "
         << descriptorName(t) << "_make((" << getCElementType(t) << " *)"
         << f.argumentNames[i];
      for (int64_t d : t.getShape())
        os << ", " << d;
      os << ");\n";
    }
    for (auto [i, t] : llvm::enumerate(f.results)) {
      os << "  " << descriptorName(t) << " deconv_out" << i << " = "
         << descriptorName(t) << "_make(" << f.resultNames[i];
      for (int64_t d : t.getShape())
        os << ", " << d;
      os << ");\n";
    }
    os << "  if (" << kIntoPrefix << f.name << "(NULL";
    for (size_t i = 0; i < f.arguments.size(); ++i)
      os << ", &deconv_in" << i;
    for (size_t i = 0; i < f.results.size(); ++i)
      os << ", &deconv_out" << i;
    os << "))\n    return DECONV_ERROR_RUNTIME;\n";
    os << "  return 0;\n}\n\n";
  }

  os << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n"
     << "#endif /* " << g << " */\n";
}
