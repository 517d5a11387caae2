//===- deconv-import-onnx.cpp - ONNX model file to deconv IR --------------===//
//
// Reads an ONNX model (.onnx) and prints the MLIR it imports to: one
// func.func of deconv ops and linalg/tensor/arith/math ops, ready for
// deconv-opt, deconv-compile or deconv-run (which also take .onnx directly).
//
//===----------------------------------------------------------------------===//

#include "deconv/Import/OnnxImport.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::deconv;
namespace cl = llvm::cl;

static cl::OptionCategory category("deconv-import-onnx options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file.mlir"),
                                       cl::init("-"), cl::cat(category));
static cl::opt<std::string>
    functionName("function-name",
                 cl::desc("Name of the generated function (default: the "
                          "model file's name as a C identifier)"),
                 cl::cat(category));
static cl::list<std::string> bindInputs(
    "bind-input",
    cl::desc("Make graph input NAME a constant holding FILE (a TensorProto "
             ".pb or an .npy file), e.g. the shape input of a Reshape; "
             "repeat the flag"),
    cl::value_desc("NAME=FILE"), cl::cat(category));

static cl::opt<std::string> elementType("element-type",
                                        cl::desc(kElementTypeHelp),
                                        cl::value_desc("type"),
                                        cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "deconv-import-onnx: import an ONNX model into deconv IR.\n\n"
      "Conv and ConvTranspose become deconv.conv / deconv.conv_transpose "
      "(auto_pad and output_shape resolved to explicit padding), "
      "initializers become constants, symbolic dims stay dynamic, and the "
      "graph's input and output names are kept as 'deconv.name' attributes. "
      "docs/Onnx.md lists the supported operators.\n\n"
      "Examples:\n"
      "  deconv-import-onnx generator.onnx -o generator.mlir\n"
      "  deconv-import-onnx generator.onnx --element-type=bf16 -o g.mlir\n");
  OnnxImportOptions options;
  options.functionName = functionName;
  if (llvm::Error err = parseOnnxElementType(elementType, options)) {
    llvm::errs() << "deconv-import-onnx: error: "
                 << llvm::toString(std::move(err)) << "\n";
    return 1;
  }
  for (const std::string &b : bindInputs) {
    size_t eq = b.find('=');
    if (eq == std::string::npos || eq == 0) {
      llvm::errs() << "deconv-import-onnx: error: --bind-input needs "
                      "NAME=FILE, got '"
                   << b << "'\n";
      return 1;
    }
    options.boundInputs.emplace_back(b.substr(0, eq), b.substr(eq + 1));
  }
  MLIRContext context;
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      importOnnxModelFile(inputFile, &context, options);
  if (!module)
    return 1;
  std::string error;
  auto out = openOutputFile(outputFile, &error);
  if (!out) {
    llvm::errs() << "deconv-import-onnx: error: " << error << "\n";
    return 1;
  }
  module->print(out->os());
  out->os() << "\n";
  out->keep();
  return 0;
}
