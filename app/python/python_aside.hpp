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

/// The GIL for one call into Python on the thread of a PythonAside (taken
/// back if it was given away, given away again at the end if another thread
/// could want it); nothing outside a PythonAside, where the thread holds it.
class PythonTurn {
 public:
  PythonTurn();
  ~PythonTurn();
  PythonTurn(const PythonTurn&) = delete;
  PythonTurn& operator=(const PythonTurn&) = delete;
};

}  // namespace arrayfeed
