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
    // None unless a generator gets a result back: no result (as nop's), or a
    // plain iterator, costs no conversion.
    if (!request.result || std::holds_alternative<std::monostate>(*request.result) || !s.iterator.sends_results())
      return s.iterator.next(py::handle(Py_None));
    return s.iterator.next(to_python(*request.result));
  }
  try {
    return s.iterator.next(py::handle(Py_None));
  } catch (const ScriptError& error) {
    throw with_in_flight_hint(error);
  }
}

void let_go_of_oldest(ScriptSource::State& s) {
  if (s.guarded) s.in_flight.release_oldest();
  else s.current.clear();
}

void hold(ScriptSource::State& s, ImportedStep&& step, StepInputs& inputs) {
  if (s.guarded) s.in_flight.hold(std::move(step), inputs);
  else s.current.take(std::move(step), inputs);
}

}  // namespace

ScriptSource::ScriptSource(std::unique_ptr<State> state) : m_state(std::move(state)) {}

ScriptSource::~ScriptSource() {
  const PythonTurn turn;  // its Python objects go with the GIL
  m_state.reset();
}

bool ScriptSource::next(const NextRequest& request, SourcedArray& array) {
  const PythonTurn turn;
  State& s = *m_state;
  for (unsigned i = 0; i < request.done; ++i) let_go_of_oldest(s);
  s.signals.check();
  py::object item = next_item(s, request);
  if (!item) return false;
  ++s.yielded;
  if (!s.guarded && s.importer.read_accepted(item.ptr(), array.inputs)) {  // the common case, in a few instructions
    s.current.first = std::move(item);
    array.made_at = RunClock::now();
    array.check_ns = 0;
    return true;
  }
  const RunClock::time_point handed_over = RunClock::now();
  ImportedStep step = s.importer.import(item, s.yielded, s.iterator);
  if (s.guarded) s.importer.make_guardable(step, s.yielded, s.iterator);
  hold(s, std::move(step), array.inputs);
  array.made_at = RunClock::now();
  array.check_ns = ns_between(handed_over, array.made_at);
  return true;
}

void ScriptSource::check_interrupts() {
  const PythonTurn turn;
  m_state->signals.check_now();
}

void ScriptSource::guard_in_flight() { m_state->guarded = true; }

std::optional<std::uint64_t> ScriptSource::length() const { return m_state->iterator.length(); }

CopyCount ScriptSource::copies() const { return m_state->importer.copies(); }

void ScriptSource::close() {
  const PythonTurn turn;
  State& s = *m_state;
  s.in_flight.release_all();
  s.current.clear();
  s.iterator.close();
}

}  // namespace arrayfeed
