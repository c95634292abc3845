#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "core/kernel_calls.hpp"

using namespace arrayfeed;

namespace {

/// The process calls in progress with this array number.
int calls_of_array(std::uint64_t array_number) {
  int found = 0;
  for_each_kernel_call([&](const KernelCall& call) {
    found += call.phase == KernelPhase::process && call.array_number == array_number;
  });
  return found;
}

}  // namespace

TEST_CASE("a kernel call mark is seen while it lives, by its thread and by a scan") {
  CHECK(this_thread_kernel_call().phase == KernelPhase::none);
  {
    const KernelCallMark mark(KernelPhase::process, 7);
    CHECK(this_thread_kernel_call().phase == KernelPhase::process);
    CHECK(this_thread_kernel_call().array_number == 7);
    CHECK(calls_of_array(7) == 1);
  }
  CHECK(this_thread_kernel_call().phase == KernelPhase::none);
  CHECK(calls_of_array(7) == 0);
  const KernelCallMark finishing(KernelPhase::finish);
  CHECK(this_thread_kernel_call().phase == KernelPhase::finish);
}

TEST_CASE("the calls of more threads than there are slots are seen, one thread after another") {
  // A thread gives its slot back when it ends: otherwise the later threads
  // would find none and their calls would go unseen.
  for (std::uint64_t n = 1; n <= 2 * kernel_calls_detail::kMaxThreads; ++n) {
    int seen = -1;
    std::thread([&] {
      const KernelCallMark mark(KernelPhase::process, 1'000'000 + n);
      seen = calls_of_array(1'000'000 + n);
    }).join();
    REQUIRE(seen == 1);
  }
}

TEST_CASE("a forked child does not see the calls of the parent's other threads") {
  std::atomic<bool> marked{false};
  std::atomic<bool> done{false};
  std::thread worker([&] {
    const KernelCallMark mark(KernelPhase::process, 3'000'000);
    marked = true;
    while (!done) std::this_thread::yield();
  });
  while (!marked) std::this_thread::yield();
  const pid_t pid = fork();
  if (pid == 0) _exit(calls_of_array(3'000'000));
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(calls_of_array(3'000'000) == 1);
  done = true;
  worker.join();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("calls on several threads at once are all seen") {
  std::atomic<int> marked{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (std::uint64_t n = 1; n <= 4; ++n)
    threads.emplace_back([&, n] {
      const KernelCallMark mark(KernelPhase::process, 2'000'000 + n);
      ++marked;
      while (!done) std::this_thread::yield();
    });
  while (marked < 4) std::this_thread::yield();
  for (std::uint64_t n = 1; n <= 4; ++n) CHECK(calls_of_array(2'000'000 + n) == 1);
  done = true;
  for (std::thread& t : threads) t.join();
  for (std::uint64_t n = 1; n <= 4; ++n) CHECK(calls_of_array(2'000'000 + n) == 0);
}
