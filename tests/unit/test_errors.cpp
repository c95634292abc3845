#include <doctest/doctest.h>

#include "core/errors.hpp"

using namespace arrayfeed;

TEST_CASE("each error type carries the spec's exit code") {
  CHECK(ScriptError("x").exit_code() == 1);
  CHECK(UsageError("x").exit_code() == 2);
  CHECK(BackendError("x").exit_code() == 3);
  const Error& as_base = BackendError("kernel failed");
  CHECK(std::string(as_base.what()) == "kernel failed");
}
