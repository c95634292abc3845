/* The floor of any embedding host, for the instruction-count benchmark
 * (tests/bench/host_instructions.py): the least a C program must do per array
 * to feed a Python generator's NumPy arrays to a kernel. It resumes the
 * generator with PyIter_Next, checks PyArray_CheckExact, contiguity and dtype,
 * and calls a kernel through a pointer the compiler cannot see through.
 *
 *     floor_loop SCRIPT.py N      runs SCRIPT's generate(ctx), ctx.params["n"] = N
 *
 * Nothing else: no timing, no accounting, no signals, no results sent back. */
#define PY_SSIZE_T_CLEAN
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <Python.h>
#include <numpy/arrayobject.h>
#include <stdio.h>

static void nop_kernel(const void* data, npy_intp count) {
  (void)data;
  (void)count;
}

/* volatile: the call stays an indirect call, as a kernel behind an ABI is. */
static void (*volatile kernel)(const void*, npy_intp) = nop_kernel;

static int import_numpy(void) {
  import_array1(-1);
  return 0;
}

/* generate(ctx) with ctx a SimpleNamespace whose params hold {"n": n_text},
 * the part of arrayfeed's ctx the benchmark's script reads. */
static PyObject* start_generator(const char* path, const char* n_text) {
  PyObject* runpy = PyImport_ImportModule("runpy");
  PyObject* globals = runpy ? PyObject_CallMethod(runpy, "run_path", "s", path) : NULL;
  PyObject* types = PyImport_ImportModule("types");
  PyObject* params = Py_BuildValue("{s:s}", "n", n_text);
  PyObject* ctx = NULL;
  PyObject* generator = NULL;
  if (globals && types && params) {
    PyObject* no_args = PyTuple_New(0);
    PyObject* kwargs = Py_BuildValue("{s:O}", "params", params);
    PyObject* make = PyObject_GetAttrString(types, "SimpleNamespace");
    ctx = (no_args && kwargs && make) ? PyObject_Call(make, no_args, kwargs) : NULL;
    PyObject* entry = ctx ? PyDict_GetItemString(globals, "generate") : NULL;
    generator = entry ? PyObject_CallOneArg(entry, ctx) : NULL;
    Py_XDECREF(no_args);
    Py_XDECREF(kwargs);
    Py_XDECREF(make);
  }
  Py_XDECREF(ctx);
  Py_XDECREF(params);
  Py_XDECREF(types);
  Py_XDECREF(globals);
  Py_XDECREF(runpy);
  return generator;
}

static int accepted(PyObject* item) {
  if (!PyArray_CheckExact(item)) return 0;
  PyArrayObject* array = (PyArrayObject*)item;
  return PyArray_IS_C_CONTIGUOUS(array) && PyArray_TYPE(array) == NPY_FLOAT64;
}

static long feed(PyObject* generator) {
  long arrays = 0;
  PyObject* item;
  while ((item = PyIter_Next(generator)) != NULL) {
    if (!accepted(item)) {
      Py_DECREF(item);
      fprintf(stderr, "floor_loop: yield %ld is not a contiguous float64 ndarray\n", arrays + 1);
      return -1;
    }
    kernel(PyArray_DATA((PyArrayObject*)item), PyArray_SIZE((PyArrayObject*)item));
    Py_DECREF(item);
    ++arrays;
  }
  return PyErr_Occurred() ? -1 : arrays;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: floor_loop SCRIPT.py N\n");
    return 2;
  }
  Py_Initialize();
  PyObject* generator = import_numpy() == 0 ? start_generator(argv[1], argv[2]) : NULL;
  long arrays = generator ? feed(generator) : -1;
  if (arrays < 0) PyErr_Print();
  else printf("%ld arrays\n", arrays);
  Py_XDECREF(generator);
  return Py_FinalizeEx() < 0 || arrays < 0 ? 1 : 0;
}
