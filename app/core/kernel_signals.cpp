#include "core/kernel_signals.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <unistd.h>

#include "core/kernel_calls.hpp"
#include "core/signal_safe_text.hpp"

namespace arrayfeed {
namespace {

using Handler = void (*)(int, siginfo_t*, void*);

constexpr int kStopSignals[] = {SIGINT, SIGTERM};
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

/// Our handler for one signal and the one it replaced.
struct Installed {
  Handler ours = nullptr;
  struct sigaction previous {};
};

/// A data set's memory, and how a message names it.
struct MappedSet {
  const char* begin = nullptr;
  const char* end = nullptr;
  std::array<char, 1024> label{};  ///< "data set 'X' (path)"
};

// Written by KernelSignals before the handlers are installed, read by them.
std::array<Installed, NSIG> g_installed;
std::array<char, 256> g_kernel{};
const char* g_line_start = "";  // a new line first on a terminal: the progress line may be drawn
std::array<MappedSet, 32> g_sets;
std::size_t g_set_count = 0;
bool g_armed = false;  // a KernelSignals lives

template <std::size_t N>
void copy_text(std::array<char, N>& to, const std::string& text) {
  const std::size_t n = std::min(text.size(), N - 1);
  std::memcpy(to.data(), text.data(), n);
  to[n] = '\0';
}

const char* signal_text(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGSEGV: return "SIGSEGV, an invalid memory access";
    case SIGBUS: return "SIGBUS, a bus error";
    case SIGFPE: return "SIGFPE, an arithmetic error such as an integer division by zero";
    case SIGILL: return "SIGILL, an illegal instruction";
    case SIGABRT: return "SIGABRT, it called abort()";
    default: return "a signal";
  }
}

void describe(SignalSafeText& text, const KernelCall& call) {
  switch (call.phase) {
    case KernelPhase::init: text.add("init"); break;
    case KernelPhase::process: text.add("process of array #").add_number(call.array_number); break;
    case KernelPhase::finish: text.add("finish"); break;
    case KernelPhase::none: break;
  }
}

SignalSafeText& start_message(SignalSafeText& text) {
  return text.add(g_line_start).add("error: kernel '").add(g_kernel.data()).add("' ");
}

void chain(const struct sigaction& previous, int signal, siginfo_t* info, void* context) {
  if (previous.sa_flags & SA_SIGINFO)
    previous.sa_sigaction(signal, info, context);
  else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
    previous.sa_handler(signal);
}

/// Appends the kernel calls in progress ("process of array #3, ..."); how many there are.
int add_kernel_calls(SignalSafeText& text) {
  bool first = true;
  return for_each_kernel_call([&](const KernelCall& call) {
    if (!first) text.add(", ");
    first = false;
    describe(text, call);
  });
}

/// The first stop signal during a kernel call: the run ends once the call
/// returns, which may be long; say so, and how not to wait.
void announce_graceful_stop(int signal) {
  SignalSafeText text;
  text.add(g_line_start).add("warning: stopping once kernel '").add(g_kernel.data()).add("' returns from ");
  if (add_kernel_calls(text) == 0) return;
  text.add("; a second ").add(signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM").add(" ends arrayfeed at once\n");
  text.write_to(STDERR_FILENO);
}

/// The second stop signal: if kernel calls are in progress, they are what
/// keeps the run from ending; say which, and end now. The results writers
/// have handed every result to the system already, so nothing written is lost.
void end_if_a_kernel_call_hangs(int signal) {
  SignalSafeText text;
  start_message(text).add("does not return from ");
  if (add_kernel_calls(text) == 0) return;
  text.add(": a second ").add(signal_text(signal)).add(" ends arrayfeed at once (exit ").add_number(128 + signal);
  text.add("), without the summary; the results already written stay\n");
  text.write_to(STDERR_FILENO);
  _exit(128 + signal);
}

void on_stop_signal(int signal, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  if (KernelSignals::count_stop_signal() > 0)
    end_if_a_kernel_call_hangs(signal);
  else
    announce_graceful_stop(signal);
  chain(g_installed[static_cast<std::size_t>(signal)].previous, signal, info, context);
  errno = saved_errno;
}

// A bus error on mapped memory means the file behind it got shorter.
void explain_bus_error(SignalSafeText& text, const void* address) {
  const char* at = static_cast<const char*>(address);
  for (std::size_t i = 0; i < g_set_count; ++i) {
    if (at >= g_sets[i].begin && at < g_sets[i].end) {
      text.add(" reading ").add(g_sets[i].label.data());
      text.add(": its file was truncated or changed during the run; leave a data set's file unchanged while "
               "arrayfeed runs (write a new file and rename it over the old one)");
      return;
    }
  }
  text.add(": most often a memory-mapped file that was truncated or changed during the run (a data set, or an "
           "array the script mapped");
  for (std::size_t i = 0; i < g_set_count; ++i) text.add(i == 0 ? "; data sets: " : ", ").add(g_sets[i].label.data());
  text.add(")");
}

void on_fatal_signal(int signal, siginfo_t* info, void* /*context*/) {
  const int saved_errno = errno;
  const KernelCall call = this_thread_kernel_call();
  if (call.phase != KernelPhase::none) {
    SignalSafeText text;
    start_message(text).add("crashed in ");
    describe(text, call);
    text.add(" (").add(signal_text(signal)).add(")");
    if (signal == SIGBUS) explain_bus_error(text, info->si_addr);
    text.add("; the results already written stay\n");
    text.write_to(STDERR_FILENO);
  }
  // The handler before ours takes it from here: a fault happens again when
  // this returns; a signal that was sent (abort(), kill) is sent again.
  sigaction(signal, &g_installed[static_cast<std::size_t>(signal)].previous, nullptr);
  if (info->si_code <= 0) raise(signal);
  errno = saved_errno;
}

bool has_handler(const struct sigaction& action) {
  return (action.sa_flags & SA_SIGINFO) || (action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN);
}

// A stop signal keeps the mask and flags of the handler it wraps (Python's
// has no SA_RESTART, so that a blocking call returns and Python sees the signal).
void wrap_stop_handler(int signal) {
  struct sigaction previous {};
  if (sigaction(signal, nullptr, &previous) != 0 || !has_handler(previous)) return;  // default or ignored: kept
  if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction == on_stop_signal) return;  // ours already
  struct sigaction ours = previous;
  ours.sa_flags |= SA_SIGINFO;
  ours.sa_sigaction = on_stop_signal;
  g_installed[static_cast<std::size_t>(signal)] = {.ours = on_stop_signal, .previous = previous};
  sigaction(signal, &ours, nullptr);
}

void install_fatal_handler(int signal) {
  struct sigaction previous {};
  if (sigaction(signal, nullptr, &previous) != 0) return;
  struct sigaction ours {};
  sigemptyset(&ours.sa_mask);
  ours.sa_flags = SA_SIGINFO | SA_ONSTACK;  // on the alternate stack where there is one (a stack overflow)
  ours.sa_sigaction = on_fatal_signal;
  g_installed[static_cast<std::size_t>(signal)] = {.ours = on_fatal_signal, .previous = previous};
  sigaction(signal, &ours, nullptr);
}

}  // namespace

std::atomic<int> KernelSignals::s_stop_signals{0};

KernelSignals::KernelSignals(const std::string& kernel, const DataSets& data) {
  copy_text(g_kernel, kernel);
  g_line_start = isatty(STDERR_FILENO) ? "\n" : "";
  g_set_count = 0;
  for (const auto& [name, set] : data.all()) {
    if (g_set_count == g_sets.size()) break;
    MappedSet& mapped = g_sets[g_set_count++];
    mapped.begin = static_cast<const char*>(set.data);
    mapped.end = mapped.begin + set.view().nbytes();
    copy_text(mapped.label, "data set '" + name + "' (" + set.path.string() + ")");
  }
  s_stop_signals = 0;
  for (const int signal : kStopSignals) wrap_stop_handler(signal);
  for (const int signal : kFatalSignals) install_fatal_handler(signal);
  g_armed = true;
}

void KernelSignals::rewrap(int signal) {
  if (g_armed && std::find(std::begin(kStopSignals), std::end(kStopSignals), signal) != std::end(kStopSignals))
    wrap_stop_handler(signal);
}

KernelSignals::~KernelSignals() {
  g_armed = false;
  for (std::size_t signal = 0; signal < g_installed.size(); ++signal) {
    Installed& installed = g_installed[signal];
    if (!installed.ours) continue;
    struct sigaction now {};
    const int number = static_cast<int>(signal);
    if (sigaction(number, nullptr, &now) == 0 && (now.sa_flags & SA_SIGINFO) && now.sa_sigaction == installed.ours)
      sigaction(number, &installed.previous, nullptr);
    installed.ours = nullptr;  // `previous` stays: a handler that saved ours may still call it
  }
}

}  // namespace arrayfeed
