#include "python/python_aside.hpp"

#include <utility>

#include <Python.h>

namespace arrayfeed {

python_aside_detail::Standing python_aside_detail::g_standing;

namespace {

using python_aside_detail::g_standing;

PyThreadState* self() { return static_cast<PyThreadState*>(g_standing.self); }

// Another thread can take the GIL only through a thread state of its own,
// which exists before it waits: with ours the only one in the interpreter's
// list, nobody waits. Read from the list's links themselves (CPython's own
// struct, as this build's headers lay it out): two loads per array, where
// the API's walk costs two calls.
bool another_thread_could_want_it() { return self()->prev != nullptr || self()->next != nullptr; }

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
}

PythonAside::~PythonAside() {
  if (g_standing.given) python_aside_detail::take_back();
  g_standing.self = nullptr;
}

}  // namespace arrayfeed
