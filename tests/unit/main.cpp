#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "python/interpreter.hpp"

// The runner owns the one interpreter for all tests: NumPy cannot be
// initialised twice in a process, so no test starts or stops Python.
int main(int argc, char** argv) {
  const arrayfeed::Interpreter interpreter;
  doctest::Context context(argc, argv);
  return context.run();
}
