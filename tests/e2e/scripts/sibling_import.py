"""Imports a module that sits next to it: the script's folder is on sys.path."""
import e2e_sibling_module


def generate(ctx):
    yield e2e_sibling_module.make()
