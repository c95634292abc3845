#pragma once

#include <string>
#include <vector>

namespace arrayfeed {

/// The embedded Python as `arrayfeed info` reports it.
struct PythonInfo {
  std::string version;
  std::string executable;  ///< sys.executable
  std::string numpy_version;
  std::string prefix;      ///< sys.prefix
  std::vector<std::string> path;  ///< sys.path
};

/// Reads it from the live interpreter.
PythonInfo python_info();

}  // namespace arrayfeed
