"""Classroom safety: every notebook has a parameters cell, and every code cell, run twice in a
row in the same kernel, prints the same output (no hidden mutation or accumulating state)."""

import nbformat
import pytest

from notebook_runner import IGNORE_MARK, NOTEBOOKS, make_client, parameter_names, text_outputs


def test_every_notebook_has_a_parameters_cell_near_the_top():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        tagged = [i for i, c in enumerate(code_cells) if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
        assert tagged[0] <= 2, f"{path.name}: the parameters cell should be among the first code cells"
        assert parameter_names(nb), f"{path.name}: the parameters cell assigns no names"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_gives_the_same_output_when_run_twice(path):
    nb = nbformat.read(path, as_version=4)
    client = make_client(nb)
    compared = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            client.execute_cell(cell, index)
            first = text_outputs(cell)
            client.execute_cell(cell, index)
            second = text_outputs(cell)
            if IGNORE_MARK in cell.source:
                continue
            assert not any(t.startswith("error:") for t in first), f"cell {index} failed: {first}"
            assert first == second, (f"{path.name}, cell {index} printed something else when run "
                                     f"again:\n--- first\n{first}\n--- second\n{second}")
            compared += 1
    assert compared > 0
