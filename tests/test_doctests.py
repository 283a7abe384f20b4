"""The examples in the docstrings run and give what they show.

Every module of the package is searched, subpackages included (found by
``pkgutil.walk_packages``, so a new module is covered without editing this
file).
"""

import doctest
import importlib
import pkgutil
import sys

import mdl_prune

MODULES = ["mdl_prune"] + sorted(m.name for m in pkgutil.walk_packages(mdl_prune.__path__, "mdl_prune."))
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_every_docstring_example_passes():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    report = []
    for name in MODULES:
        for test in finder.find(importlib.import_module(name), name):
            runner.run(test, out=report.append)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")     # figures an example drew
    assert runner.failures == 0, "".join(report)
    assert runner.tries > 0                 # the examples were found and run
