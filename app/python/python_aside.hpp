#pragma once

namespace arrayfeed {

/// While it lives, the thread that made it (the run's own, which holds the
/// GIL) runs without Python: only a PythonTurn takes the GIL, for the length
/// of one call into Python. So the loop, the kernel calls and the waits for
/// workers let the script's other threads run, and only the array source
/// deals with the GIL. One at a time, on the thread that holds the GIL.
///
/// The GIL is given away only when another thread could take it (the
/// interpreter has another thread state): a script without threads would
/// pay a release and a re-acquire per array for nobody.
class PythonAside {
 public:
  PythonAside();
  /// Takes the GIL back if a turn gave it away.
  ~PythonAside();
  PythonAside(const PythonAside&) = delete;
  PythonAside& operator=(const PythonAside&) = delete;
};

namespace python_aside_detail {
/// The run thread's standing with the GIL; only that thread uses it.
struct Standing {
  void* self = nullptr;         ///< its PyThreadState, while a PythonAside lives
  void* given = nullptr;        ///< its PyThreadState while the GIL is given away
};
extern Standing g_standing;
void take_back() noexcept;
void give_away_if_wanted() noexcept;
}  // namespace python_aside_detail

/// The GIL for one call into Python on the thread of a PythonAside (taken
/// back if it was given away, given away again at the end if another thread
/// could want it); nothing outside a PythonAside, where the thread holds it.
/// Inline, as every array takes one. Turns do not nest.
class PythonTurn {
 public:
  PythonTurn() {
    if (python_aside_detail::g_standing.given) python_aside_detail::take_back();
  }
  ~PythonTurn() {
    if (python_aside_detail::g_standing.self) python_aside_detail::give_away_if_wanted();
  }
  PythonTurn(const PythonTurn&) = delete;
  PythonTurn& operator=(const PythonTurn&) = delete;
};

}  // namespace arrayfeed
