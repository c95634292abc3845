#include "python/script_iterator.hpp"

#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/python_error.hpp"

namespace py = pybind11;

namespace arrayfeed {

ScriptIterator::ScriptIterator(StartedEntry started, py::object entry)
    : m_iterator(std::move(started.iterator)),
      m_is_generator(started.is_generator),
      m_entry(std::move(entry)),
      m_yield_from_name("gi_yieldfrom"),
      m_length(started.length) {}

// `yield from` a plain iterator (a list, a map) cannot take a sent value:
// Python would raise AttributeError. Such a delegation gets None instead.
bool ScriptIterator::delegates_to_plain_iterator() const {
  const py::object inner = m_iterator.attr(m_yield_from_name);
  return !inner.is_none() && !py::hasattr(inner, "send");
}

py::object ScriptIterator::next(py::handle result) {
  PyObject* item = nullptr;
  // Sending None is plain iteration, and PyIter_Next takes the generator's
  // own shortcut: the common case per array (no result, or none sent back).
  if (!m_is_generator || result.is_none() || delegates_to_plain_iterator()) {
    item = PyIter_Next(m_iterator.ptr());
  } else if (PyIter_Send(m_iterator.ptr(), result.ptr(), &item) == PYGEN_RETURN) {
    // PyIter_Send skips a method lookup and a StopIteration object per item.
    Py_XDECREF(item);
    return {};
  }
  if (item == nullptr && PyErr_Occurred()) {
    py::error_already_set error;
    rethrow_python_error(error, "the script raised an exception:");
  }
  return py::reinterpret_steal<py::object>(item);
}

void ScriptIterator::close() {
  if (!m_is_generator) return;
  try {
    m_iterator.attr("close")();
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "the generator's clean-up (close) failed:");
  }
}

std::string ScriptIterator::where() const {
  return Interpreter::host().where(m_iterator, m_entry);
}

}  // namespace arrayfeed
