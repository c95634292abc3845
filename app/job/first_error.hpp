#pragma once

#include <exception>

namespace arrayfeed {

/// The first error of a run is the run's: it decides the exit code and the
/// message. Errors met while ending the run after it are logged, not lost
/// and not thrown, so every step of the end still runs.
class FirstError {
 public:
  /// Keeps `error` if it is the first, else logs it.
  void note(const std::exception_ptr& error) noexcept;
  /// Runs one step of the run's end; what it throws is noted.
  template <class Step>
  void step(Step&& step) noexcept {
    try {
      step();
    } catch (...) {
      note(std::current_exception());
    }
  }
  /// No error so far, or only SystemExit(0): the results are complete.
  bool ends_well() const;
  const std::exception_ptr& first() const { return m_first; }
  /// Throws the first error, if there was one.
  void rethrow() const;
  /// Another rank failed first (RankFailed): its failure becomes the run's,
  /// this rank's own having been logged.
  void outranked_by(const std::exception_ptr& error) noexcept { m_first = error; }

 private:
  std::exception_ptr m_first;
};

}  // namespace arrayfeed
