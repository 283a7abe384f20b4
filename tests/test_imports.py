"""Importing the package is quick and acyclic: heavy libraries load only when a function needs them.

The checks run in fresh interpreters: the test process's ``sys.modules``
already holds everything the other tests imported.
"""

import ast
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import mdl_prune

HEAVY = ["matplotlib", "sklearn"]
MODULES = sorted(m.name for m in pkgutil.walk_packages(mdl_prune.__path__, "mdl_prune."))
# The fresh interpreters import the package under test, not another copy installed elsewhere.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(Path(mdl_prune.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)


def _loaded(*steps: str, names=HEAVY) -> list:
    """After each statement of ``steps`` in one fresh interpreter: which of ``names`` are loaded."""
    lines = ["import json, sys", "seen = []"]
    for step in steps:
        lines += [step, f"seen.append({{n: n in sys.modules for n in {names!r}}})"]
    result = _run("\n".join(lines + ["print(json.dumps(seen))"]))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("statement", ["import mdl_prune", "import mdl_prune.network"])
def test_import_loads_neither_matplotlib_nor_sklearn(statement):
    assert _loaded(statement) == [{"matplotlib": False, "sklearn": False}]


def test_modules_and_libraries_load_on_first_use():
    names = ["mdl_prune.plots", "mdl_prune.noisy", "matplotlib", "sklearn"]
    seen = _loaded("import mdl_prune", "from mdl_prune import plots",
                   "mdl_prune.data.make_blobs(n_train=5, n_test=5)", "mdl_prune.data.load_digits()",
                   names=names)
    assert [[s[n] for n in names] for s in seen] == [[False, False, False, False],
                                                    [True, False, True, False],
                                                    [True, False, True, False],
                                                    [True, False, True, True]]


def test_the_package_lists_its_modules_and_refuses_unknown_names():
    assert set(mdl_prune.__all__) <= {m.split(".")[1] for m in MODULES}
    assert set(mdl_prune.__all__) <= set(dir(mdl_prune))
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        mdl_prune.nonexistent


def test_every_module_imports_alone():
    # Each module imported first into an empty package: a cycle that breaks the import shows
    # up as "partially initialized module" whichever module the cycle is entered from.
    code = ("import importlib, sys\n"
            f"for name in {MODULES!r}:\n"
            "    for m in [m for m in sys.modules if m.split('.')[0] == 'mdl_prune']:\n"
            "        del sys.modules[m]\n"
            "    importlib.import_module(name)\n"
            f"assert sys.modules['mdl_prune'].__file__ == {mdl_prune.__file__!r}\n")
    result = _run(code)
    assert result.returncode == 0, result.stderr


def _imports_at_load_time(name: str) -> set:
    """Package modules that module ``name`` imports at its top level (not inside functions)."""
    path = Path(importlib.util.find_spec(name).origin)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            base = ".".join(filter(None, [base, node.module or ""]))
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {m for m in found if m in MODULES and m != name}


def test_no_import_cycle_among_the_modules():
    # Stronger than importing: a cycle can import fine today and break when a line moves.
    graph = {name: _imports_at_load_time(name) for name in MODULES}
    done, path = set(), []

    def visit(name):
        if name in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(name):] + [name]))
        if name not in done:
            path.append(name)
            for dep in sorted(graph[name]):
                visit(dep)
            path.pop()
            done.add(name)

    for name in MODULES:
        visit(name)
    assert graph["mdl_prune.train"] >= {"mdl_prune.network"}      # the graph is really read
