"""Classroom safety of the notebooks: cells re-run twice give the same output, and the
``parameters`` cell accepts the extreme values a teacher may try.

Each test drives a real kernel (nbclient) through a notebook. Cells whose output is
legitimately variable (timings) carry ``# NBVAL_IGNORE_OUTPUT`` and are not compared.
"""

from __future__ import annotations

import ast
import copy
import pathlib
import re

import nbformat
import pytest

nbclient = pytest.importorskip("nbclient")

NOTEBOOK_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
IGNORE_MARK = "NBVAL_IGNORE_OUTPUT"
# Figures print their size and a memory address in some reprs; addresses vary.
ADDRESS = re.compile(r" at 0x[0-9a-f]+")

# Extreme values per notebook: a name in its parameters cell -> values to try.
# Every run also sets each epoch-like parameter to 1 to keep it short.
EXTREMES: dict[str, dict[str, list]] = {
    "01_baseline_training": {"EPOCHS": [1], "HIDDEN_DIGITS": [1], "N_SPLITS": [1]},
}


def _text_outputs(cell) -> list[str]:
    """The cell's text outputs; consecutive stream chunks are joined (their split is timing)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text = f"{out['name']}:"
            if texts and texts[-1].startswith(text):
                texts[-1] += out["text"]
                continue
            texts.append(text + out["text"])
        elif out.get("output_type") in ("execute_result", "display_data"):
            texts.append(ADDRESS.sub("", out.get("data", {}).get("text/plain", "")))
        elif out.get("output_type") == "error":
            texts.append(f"error:{out.get('ename')}:{out.get('evalue')}")
    return texts


def _client(nb) -> "nbclient.NotebookClient":
    return nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}})


def _parameter_names(nb) -> list[str]:
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse(cell.source)
            return [t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)]
    return []


def test_every_notebook_has_a_parameters_cell_near_the_top():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        tagged = [i for i, c in enumerate(code_cells) if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
        assert tagged[0] <= 2, f"{path.name}: the parameters cell should be among the first code cells"
        assert _parameter_names(nb), f"{path.name}: the parameters cell assigns no names"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_gives_the_same_output_when_run_twice(path):
    nb = nbformat.read(path, as_version=4)
    client = _client(nb)
    compared = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            client.execute_cell(cell, index)
            first = _text_outputs(cell)
            client.execute_cell(cell, index)
            second = _text_outputs(cell)
            if IGNORE_MARK in cell.source:
                continue
            assert not any(t.startswith("error:") for t in first), f"cell {index} failed: {first}"
            assert first == second, (f"{path.name}, cell {index} printed something else when run "
                                     f"again:\n--- first\n{first}\n--- second\n{second}")
            compared += 1
    assert compared > 0


def _runs():
    for path in NOTEBOOKS:
        for name, values in EXTREMES.get(path.stem, {}).items():
            for value in values:
                yield pytest.param(path, {name: value}, id=f"{path.stem}-{name}={value!r}")


def _with_overrides(nb, overrides: dict):
    nb = copy.deepcopy(nb)
    names = _parameter_names(nb)
    assignments = {n: 1 for n in names if "EPOCH" in n.upper() and not n.upper().endswith("S_LIST")}
    assignments.update(overrides)
    missing = set(overrides) - set(names)
    assert not missing, f"{sorted(missing)} not in the parameters cell ({names})"
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "\n".join(f"{k} = {v!r}" for k, v in assignments.items())
            nb.cells.insert(i + 1, nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
            return nb
    raise AssertionError("no parameters cell")


@pytest.mark.parametrize("path, overrides", list(_runs()))
def test_notebook_runs_to_the_end_with_extreme_parameters(path, overrides):
    nb = _with_overrides(nbformat.read(path, as_version=4), overrides)
    _client(nb).execute()   # raises CellExecutionError, naming the cell, on any error
