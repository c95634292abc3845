#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <pybind11/pybind11.h>

#include "python/host_calls.hpp"

namespace arrayfeed {

/// What the script's entry returned, driven by the host: items one at a time,
/// each result sent back into a generator, close() on an early end so the
/// script's `finally:` blocks run.
class ScriptIterator {
 public:
  /// `started` is what calling `entry` gave.
  ScriptIterator(StartedEntry started, pybind11::object entry);

  /// The next item, after sending `result` into a generator (plain iterators,
  /// and generators delegating to one with `yield from`, get None). A null
  /// object when the iterator is exhausted. Throws what rethrow_python_error
  /// throws when the script fails.
  pybind11::object next(pybind11::handle result);
  /// Closes a generator, so its `finally:` blocks run. Throws what
  /// rethrow_python_error throws when they fail (or SystemExit, Ctrl-C...).
  void close();
  /// "file:line" of the yield the generator stands at (for messages).
  std::string where() const;
  bool sends_results() const { return m_is_generator; }
  /// How many items it will give, if the entry returned something with a len().
  std::optional<std::uint64_t> length() const { return m_length; }

 private:
  bool delegates_to_plain_iterator() const;

  pybind11::object m_iterator;
  bool m_is_generator;
  pybind11::object m_entry;
  pybind11::str m_yield_from_name;  ///< made once, not per array
  std::optional<std::uint64_t> m_length;
};

}  // namespace arrayfeed
