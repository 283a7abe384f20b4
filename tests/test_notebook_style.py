"""Notebook code reads without scrolling sideways: no code line longer than 100 characters."""

import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_LINE = 100


def long_lines(nb) -> list[str]:
    """'cell N line M (L characters)' for every code line over MAX_LINE."""
    return [f"cell {i} line {j} ({len(line)} characters): {line[:40]}..."
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for j, line in enumerate(cell.source.splitlines(), 1) if len(line) > MAX_LINE]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_lines_fit_in_100_characters(path):
    assert long_lines(nbformat.read(path, as_version=4)) == []


def test_a_long_line_is_reported_with_its_place():
    code = "a = 1\nb = '" + "y" * 96 + "'"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x" * 300),
                                         nbformat.v4.new_code_cell(code)])
    assert long_lines(nb) == [f"cell 1 line 2 (102 characters): b = '{'y' * 35}..."]
