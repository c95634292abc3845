"""A script whose import fails, for test_script."""
raise ImportError("needs a GPU")  # the failing import
