#include <doctest/doctest.h>

#include <csignal>
#include <vector>

#include "core/signal_stack.hpp"

using namespace arrayfeed;

namespace {

stack_t current_stack() {
  stack_t now{};
  sigaltstack(nullptr, &now);
  return now;
}

bool has_stack() { return !(current_stack().ss_flags & SS_DISABLE); }

}  // namespace

TEST_CASE("a thread without a signal stack has one while a SignalStack lives") {
  const stack_t before = current_stack();
  {
    const SignalStack stack;
    CHECK(has_stack());
    if (!(before.ss_flags & SS_DISABLE)) CHECK(current_stack().ss_sp == before.ss_sp);  // kept, not replaced
  }
  CHECK(current_stack().ss_sp == before.ss_sp);
  CHECK(has_stack() == !(before.ss_flags & SS_DISABLE));
}

TEST_CASE("a signal stack that another took over is left to it") {
  const stack_t before = current_stack();
  std::vector<char> theirs(64 * 1024);
  {
    const SignalStack stack;
    const stack_t taking_over{theirs.data(), 0, theirs.size()};  // as faulthandler.enable() does
    REQUIRE(sigaltstack(&taking_over, nullptr) == 0);
  }
  CHECK(current_stack().ss_sp == theirs.data());
  sigaltstack(&before, nullptr);
}
