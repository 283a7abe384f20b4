"""The series as a reader meets it: every notebook starts with the same Colab set-up cell (which
does nothing outside Colab), and the README links each notebook with an "Open in Colab" badge."""

import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _first_code_cell(path):
    nb = nbformat.read(path, as_version=4)
    return next(c for c in nb.cells if c.cell_type == "code")


def test_the_series_has_its_nine_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, 10)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_installs_the_package_only_in_colab(path):
    cell = _first_code_cell(path)
    assert cell.source == _first_code_cell(NOTEBOOKS[0]).source, "every notebook uses the same set-up cell"
    assert 'if "google.colab" in sys.modules:' in cell.source
    assert cell.outputs == [], "outside Colab the set-up cell must print nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_readme_links_the_notebook_and_its_colab_badge(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(notebooks/{path.name})" in readme
    repo = _first_code_cell(NOTEBOOKS[0]).source.split("github.com/")[1].split(".git")[0]
    assert f"colab.research.google.com/github/{repo}/blob/main/notebooks/{path.name}" in readme
