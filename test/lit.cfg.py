# lit configuration for deconv-opt's regression tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "DECONV"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "CMakeLists.txt", "onnx"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.deconv_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
# Tests of the 16-lane (AVX-512) refusal run only where the host lacks it.
try:
    if "avx512f" in open("/proc/cpuinfo").read():
        config.available_features.add("avx512")
except OSError:
    pass
config.substitutions.append(("%deconv_src", config.deconv_src_root))
config.substitutions.append(("%deconv_obj", config.deconv_obj_root))
config.substitutions.append(("%python", config.python_executable))
# Helpers that import Debian's python3-onnx run on Debian's Python, and the
# ONNX project's operator tests come from Debian's libonnx-testdata.
config.substitutions.append(("%onnx_python", "/usr/bin/python3"))
config.substitutions.append(
    ("%onnx_testdata", "/usr/share/libonnx-testdata/data"))
config.substitutions.append(
    ("%mlir_runner", os.path.join(config.llvm_tools_dir, "mlir-runner")))
# Stock mlir-opt (Debian's mlir-22-tools) and this build's plugins and
# libraries, for the embedding tests.
# In a sanitizer build the plugins are instrumented while Debian's mlir-opt is
# not: preload the ASan runtime (which carries UBSan's and the coverage hooks)
# so that they can load.
mlir_opt = os.path.join(config.llvm_tools_dir, "mlir-opt")
if "Address" in getattr(config, "sanitizers", ""):
    import subprocess
    asan_rt = subprocess.run(
        [config.cxx_compiler, "-print-file-name=libclang_rt.asan-x86_64.so"],
        capture_output=True, text=True).stdout.strip()
    mlir_opt = "env LD_PRELOAD=%s %s" % (asan_rt, mlir_opt)
    config.available_features.add("asan")
config.substitutions.append(("%mlir_opt", mlir_opt))
config.substitutions.append(("%deconv_lib", os.path.join(config.deconv_obj_root, "lib")))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))
config.substitutions.append(
    ("%llvm_lib_dir", os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")))

# The system C and C++ compilers, for programs that link deconv-compile's
# output (falling back to the compiler CMake used).
import shutil
config.substitutions.append(("%cc", shutil.which("cc") or config.c_compiler))
config.substitutions.append(
    ("%cxx", shutil.which("c++") or config.c_compiler.replace("clang", "clang++")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# Our tools first, then FileCheck/not/count from LLVM.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.deconv_tools_dir, append_path=True)
# deconv-opt runs with --verify-roundtrip (as CIRCT's test suite can): after
# the passes, the output is printed in both the custom and the generic form,
# parsed back and compared with the original, so no pass leaves IR that
# prints but does not parse, or parses to something else. --verify-each is
# on by default. `lit --param verify_roundtrip=0` turns the round trip off.
# deconv-run and deconv-compile verify only the lowering's result by default
# (every pass's IR cost 40 % of the lowering's time); the tests ask for
# --verify-each.
from lit.llvm.subst import ToolSubst
roundtrip = lit_config.params.get("verify_roundtrip", "1") not in ("0", "false", "off")
llvm_config.add_tool_substitutions(
    [ToolSubst("deconv-opt", extra_args=["--verify-roundtrip"] if roundtrip else [],
               unresolved="fatal"),
     ToolSubst("deconv-run", extra_args=["--verify-each"], unresolved="fatal"),
     ToolSubst("deconv-compile", extra_args=["--verify-each"],
               unresolved="fatal"),
     "deconv-import-onnx"], [config.deconv_tools_dir])
