"""Checks, from the script's side, what the probe kernel reports: ctx.data['A']
is the very memory the kernel was given, read-only; result arrays are the
kernel's own memory, writable, alive after the next yield."""
import numpy as np


def generate(ctx):
    a = ctx.data["A"]
    assert type(a) is np.ndarray and not a.flags.writeable, (type(a), a.flags)
    for attempt in (lambda: a.__setitem__(0, 1.0), lambda: setattr(a.flags, "writeable", True)):
        try:
            attempt()
        except ValueError:
            pass
        else:
            raise AssertionError("ctx.data['A'] could be written")
    kept = []
    for step in range(3):
        seen = yield np.full(4, float(step))
        assert seen["data_set"] == a.__array_interface__["data"][0], (seen, a.__array_interface__)
        result = seen["array"]
        assert type(result) is np.ndarray and result.flags.writeable and result.dtype == np.float64
        assert result.__array_interface__["data"][0] == seen["address"], "the result was copied"
        np.testing.assert_array_equal(result, np.full(4, float(step)) + a[:4])
        result += 1  # the script owns it now
        kept.append(result)
    for step, result in enumerate(kept):  # the memory outlives the kernel's later calls
        np.testing.assert_array_equal(result, np.full(4, float(step)) + a[:4] + 1)
