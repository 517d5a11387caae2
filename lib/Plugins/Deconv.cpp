//===- Deconv.cpp - libDeconv.so ------------------------------------------===//
//
// libDeconv.so is the static deconv libraries linked whole into one shared
// object (see CMakeLists.txt); this file only gives it a version symbol.
//
//===----------------------------------------------------------------------===//

extern "C" const char *deconvGetVersion() { return DECONV_VERSION; }
