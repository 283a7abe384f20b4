"""Checkers for the exercises of the series: one module per notebook.

A *code* exercise gives the student a stub to fill in; the notebook then calls the chapter's
checker with the student's function, e.g. ``exercises.ch02.check_magnitude_mask(fn)``. A
checker builds its own cases, compares the student's answer with the package's, prints
specific feedback (what is wrong and where to look), prints "Nothing attempted yet" while the
stub is untouched, and returns True only for a right answer. It never raises for a wrong
answer, so a student's attempt never leaves a traceback in the notebook.

Chapter modules are imported on first use (``exercises.ch02``).
"""

import importlib

__all__ = ["ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08", "ch09"]


def __getattr__(name: str):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
