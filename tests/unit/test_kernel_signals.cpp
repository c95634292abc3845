#include <doctest/doctest.h>

#include <csignal>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/kernel_calls.hpp"
#include "core/kernel_signals.hpp"

using namespace arrayfeed;

namespace {

struct ChildEnd {
  int status;          ///< as waitpid reports it
  std::string stderr;  ///< what the child wrote there
};

/// Runs `body` in a forked child (no core files) with stderr into a pipe;
/// the child exits with 0 if `body` returns.
ChildEnd in_child(const std::function<void()>& body) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    body();
    _exit(0);
  }
  close(fds[1]);
  ChildEnd end{0, {}};
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) end.stderr.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  waitpid(pid, &end.status, 0);
  return end;
}

/// The signal's handler function, as a number doctest can print.
std::uintptr_t current_handler(int signal) {
  struct sigaction now {};
  sigaction(signal, nullptr, &now);
  return reinterpret_cast<std::uintptr_t>(now.sa_sigaction);
}

/// Stands in for Python's handler of SIGTERM in a child (doctest has its own
/// in the test process): notes the signal and returns.
void note_sigterm() {
  struct sigaction noting {};
  noting.sa_handler = [](int) {};
  sigemptyset(&noting.sa_mask);
  sigaction(SIGTERM, &noting, nullptr);
}

}  // namespace

TEST_CASE("a second SIGTERM during a kernel call ends the process at once, naming the call") {
  const ChildEnd end = in_child([] {
    note_sigterm();
    const KernelSignals signals("slow", DataSets{});
    const KernelCallMark call(KernelPhase::process, 5);
    raise(SIGTERM);  // the first is Python's: it only notes it (here: note_sigterm's)
    raise(SIGTERM);
  });
  REQUIRE(WIFEXITED(end.status));
  CHECK(WEXITSTATUS(end.status) == 143);
  CHECK(end.stderr ==
        "warning: stopping once kernel 'slow' returns from process of array #5; a second SIGTERM ends arrayfeed "
        "at once\n"
        "error: kernel 'slow' does not return from process of array #5: a second SIGTERM ends arrayfeed at once "
        "(exit 143), without the summary; the results already written stay\n");
}

TEST_CASE("a second SIGTERM outside kernel calls is left to Python") {
  const ChildEnd end = in_child([] {
    note_sigterm();
    const KernelSignals signals("slow", DataSets{});
    raise(SIGTERM);
    raise(SIGTERM);
  });
  REQUIRE(WIFEXITED(end.status));
  CHECK(WEXITSTATUS(end.status) == 0);
  CHECK(end.stderr.empty());
}

TEST_CASE("a crash in a kernel call is reported, then the process dies of it") {
  const ChildEnd end = in_child([] {
    std::signal(SIGSEGV, SIG_DFL);  // not doctest's: it would report a crashed test
    const KernelSignals signals("bad", DataSets{});
    const KernelCallMark call(KernelPhase::init);
    raise(SIGSEGV);
  });
  REQUIRE(WIFSIGNALED(end.status));
  CHECK(WTERMSIG(end.status) == SIGSEGV);
  CHECK(end.stderr ==
        "error: kernel 'bad' crashed in init (SIGSEGV, an invalid memory access); the results already written stay\n");
}

TEST_CASE("the handlers replaced for a run are put back after it") {
  const auto segv_before = current_handler(SIGSEGV);
  const auto int_before = current_handler(SIGINT);
  {
    const KernelSignals signals("k", DataSets{});
    CHECK(current_handler(SIGSEGV) != segv_before);
    CHECK(current_handler(SIGINT) != int_before);
  }
  CHECK(current_handler(SIGSEGV) == segv_before);
  CHECK(current_handler(SIGINT) == int_before);
}
