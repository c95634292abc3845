"""Entries that do not give an iterator."""


def generate(ctx):
    return 42


not_callable = 5
