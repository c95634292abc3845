#pragma once

#include <string>

#include <pybind11/pybind11.h>

namespace arrayfeed {

/// The text of a Python object as UTF-8, for messages. Unlike a plain cast it
/// never fails: characters UTF-8 cannot hold (lone surrogates, as in file names
/// with undecodable bytes) are written as backslash escapes.
std::string utf8_text(pybind11::handle object);

/// Bytes from the operating system (a path, a name on the command line) as a
/// Python str, the way Python decodes them: undecodable bytes become surrogates.
pybind11::str os_text(const std::string& bytes);

}  // namespace arrayfeed
