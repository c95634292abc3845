#pragma once

#include <memory>

#include "core/array_source.hpp"

namespace arrayfeed {

/// The script's entry, started, as the run's ArraySource: each item read in
/// place (or refused, or copied under --convert), each result sent back into
/// a generator, the arrays in flight guarded. Every call takes the GIL for
/// itself (PythonTurn), so the loop runs without it. Made by Script::start.
class ScriptSource final : public ArraySource {
 public:
  struct State;  ///< the Python side (python/script_source_state.hpp)
  explicit ScriptSource(std::unique_ptr<State> state);
  /// Lets go of what it holds; Python closes a generator that close() did not.
  ~ScriptSource() override;
  ScriptSource(const ScriptSource&) = delete;
  ScriptSource& operator=(const ScriptSource&) = delete;

  bool next(const NextRequest& request, SourcedArray& array) override;
  void check_interrupts() override;
  void guard_in_flight() override;
  std::optional<std::uint64_t> length() const override;
  CopyCount copies() const override;
  /// Lets go of every array held, then closes a generator, so that its
  /// `finally:` blocks run. Throws what the script raises meanwhile.
  void close();

 private:
  std::unique_ptr<State> m_state;
};

}  // namespace arrayfeed
