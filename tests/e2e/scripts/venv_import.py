"""Imports a module that only the test's virtual environment (VIRTUAL_ENV) has."""
import e2e_venv_only_module


def generate(ctx):
    yield e2e_venv_only_module.make()
