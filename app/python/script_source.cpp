#include "python/script_source.hpp"

#include "core/errors.hpp"
#include "python/python_aside.hpp"
#include "python/python_result.hpp"
#include "python/python_signals.hpp"
#include "python/script_source_state.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

// NumPy's words for a write into a read-only array: with arrays in flight,
// the script wrote into one the kernel still reads.
ScriptError with_in_flight_hint(const ScriptError& error) {
  const std::string what = error.what();
  if (what.find("is read-only") == std::string::npos) return error;
  return ScriptError(what +
                     "\n  hint: with --prefetch/--threads an array is read-only until the kernel is done "
                     "with it; yield a new array each time, or rotate prefetch + threads buffers");
}

py::object next_item(ScriptSource::State& s, const NextRequest& request) {
  if (!s.guarded) {
    const py::object sent = request.result && s.iterator.sends_results() ? to_python(*request.result) : py::none();
    return s.iterator.next(sent);
  }
  try {
    return s.iterator.next(py::none());
  } catch (const ScriptError& error) {
    throw with_in_flight_hint(error);
  }
}

void let_go_of_oldest(ScriptSource::State& s) {
  if (s.guarded) s.in_flight.release_oldest();
  else s.current = py::object();
}

void hold(ScriptSource::State& s, ImportedArray&& array) {
  if (s.guarded) s.in_flight.hold(std::move(array));
  else s.current = std::move(array.owner);
}

}  // namespace

ScriptSource::ScriptSource(std::unique_ptr<State> state) : m_state(std::move(state)) {}

ScriptSource::~ScriptSource() {
  const PythonTurn turn;  // its Python objects go with the GIL
  m_state.reset();
}

std::optional<SourcedArray> ScriptSource::next(const NextRequest& request) {
  const PythonTurn turn;
  State& s = *m_state;
  for (unsigned i = 0; i < request.done; ++i) let_go_of_oldest(s);
  run_signal_handlers();
  const py::object item = next_item(s, request);
  const RunClock::time_point made_at = RunClock::now();
  if (!item) return std::nullopt;
  ImportedArray array = s.importer.import(item, ++s.yielded, s.iterator);
  if (s.guarded) array = s.importer.guardable(std::move(array), s.yielded, s.iterator);
  const ArrayView view = array.view;
  hold(s, std::move(array));
  return SourcedArray{view, made_at};
}

void ScriptSource::check_interrupts() {
  const PythonTurn turn;
  run_signal_handlers();
}

void ScriptSource::guard_in_flight() { m_state->guarded = true; }

std::optional<std::uint64_t> ScriptSource::length() const { return m_state->iterator.length(); }

CopyCount ScriptSource::copies() const { return m_state->importer.copies(); }

void ScriptSource::close() {
  const PythonTurn turn;
  State& s = *m_state;
  s.in_flight.release_all();
  s.current = py::object();
  s.iterator.close();
}

}  // namespace arrayfeed
