#include "python/script_iterator.hpp"

#include <spdlog/spdlog.h>

#include "python/interpreter.hpp"
#include "python/python_error.hpp"
#include "python/utf8_text.hpp"

namespace py = pybind11;

namespace arrayfeed {

ScriptIterator::ScriptIterator(py::object iterator, bool is_generator, py::object entry)
    : m_iterator(std::move(iterator)), m_is_generator(is_generator), m_entry(std::move(entry)) {}

py::object ScriptIterator::next(py::handle result) {
  PyObject* item = nullptr;
  if (m_is_generator) {
    // PyIter_Send skips a method lookup and a StopIteration object per item.
    if (PyIter_Send(m_iterator.ptr(), result.ptr(), &item) == PYGEN_RETURN) {
      Py_XDECREF(item);
      return {};
    }
  } else {
    item = PyIter_Next(m_iterator.ptr());
  }
  if (item == nullptr && PyErr_Occurred()) {
    py::error_already_set error;
    rethrow_python_error(error, "the script raised an exception:");
  }
  return py::reinterpret_steal<py::object>(item);
}

void ScriptIterator::close() noexcept {
  if (!m_is_generator) return;
  try {
    m_iterator.attr("close")();
  } catch (py::error_already_set& error) {
    spdlog::error("the generator's clean-up (close) failed:\n{}", python_traceback(error));
  } catch (const std::exception& e) {
    spdlog::error("the generator's clean-up (close) failed: {}", e.what());
  }
}

std::string ScriptIterator::where() const {
  return utf8_text(Interpreter::host().attr("where")(m_iterator, m_entry));
}

}  // namespace arrayfeed
