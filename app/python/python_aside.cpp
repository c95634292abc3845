#include "python/python_aside.hpp"

#include <utility>

#include <Python.h>

namespace arrayfeed {

python_aside_detail::Standing python_aside_detail::g_standing;

namespace {

using python_aside_detail::g_standing;

PyThreadState* self() { return static_cast<PyThreadState*>(g_standing.self); }

// Another thread can take the GIL only through a thread state of its own,
// which exists before it waits: with ours the only one, nobody waits.
// (Python adds new thread states at the head of the list.)
bool another_thread_could_want_it() {
  return PyInterpreterState_ThreadHead(static_cast<PyInterpreterState*>(g_standing.interpreter)) != self() ||
         PyThreadState_Next(self()) != nullptr;
}

}  // namespace

void python_aside_detail::take_back() noexcept {
  PyEval_RestoreThread(static_cast<PyThreadState*>(std::exchange(g_standing.given, nullptr)));
}

void python_aside_detail::give_away_if_wanted() noexcept {
  if (another_thread_could_want_it()) g_standing.given = PyEval_SaveThread();
}

PythonAside::PythonAside() {
  PyThreadState* self = PyThreadState_Get();
  g_standing.self = self;
  g_standing.interpreter = PyThreadState_GetInterpreter(self);
}

PythonAside::~PythonAside() {
  if (g_standing.given) python_aside_detail::take_back();
  g_standing.self = nullptr;
}

}  // namespace arrayfeed
