#include "python/python_aside.hpp"

#include <utility>

#include <Python.h>

namespace arrayfeed {
namespace {

/// The run thread's standing with the GIL. Only that thread reads or writes it.
struct Standing {
  bool aside = false;               ///< a PythonAside lives
  int turns = 0;                    ///< PythonTurns alive (nested ones do nothing)
  PyThreadState* given = nullptr;   ///< set while the GIL is given away
};
Standing g_standing;

// Another thread can take the GIL only through a thread state of its own,
// which exists before it waits: with ours the only one, nobody waits.
bool another_thread_could_want_it() {
  PyThreadState* self = PyThreadState_Get();
  return PyInterpreterState_ThreadHead(PyThreadState_GetInterpreter(self)) != self ||
         PyThreadState_Next(self) != nullptr;
}

void take_back() {
  if (g_standing.given) PyEval_RestoreThread(std::exchange(g_standing.given, nullptr));
}

}  // namespace

PythonAside::PythonAside() { g_standing.aside = true; }

PythonAside::~PythonAside() {
  take_back();
  g_standing.aside = false;
}

PythonTurn::PythonTurn() {
  if (g_standing.turns++ == 0) take_back();
}

PythonTurn::~PythonTurn() {
  if (--g_standing.turns == 0 && g_standing.aside && another_thread_could_want_it())
    g_standing.given = PyEval_SaveThread();
}

}  // namespace arrayfeed
