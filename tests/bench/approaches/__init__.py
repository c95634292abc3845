"""One module per approach that runs in a Python process of its own (see
measure.py): each has run(plan, paths) -> (window times, last sum), and feeds
the arrays of generation.arrays to the benchmark's C kernel in its own way."""
