"""The series as a reader meets it: every notebook starts with the same Colab set-up cell (which
does nothing outside Colab), and the README links each notebook with an "Open in Colab" badge.
The repository's address is set once, ``[tool.mdl_prune]`` in pyproject.toml (the book's launch
buttons read it); the badges and the set-up cell must use the same address."""

import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _repository_setting():
    """``(owner/name, branch)`` from pyproject.toml, read as the book reads it."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[tool.mdl_prune]", 1)[1].split("\n[", 1)[0]
    values = dict(re.findall(r'^(\w+)\s*=\s*"([^"]*)"', section, flags=re.MULTILINE))
    return values["repository"], values.get("branch", "main")


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
    repo, branch = _repository_setting()
    assert f"colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{path.name}" in readme


def test_every_address_of_the_repository_is_the_one_setting():
    repo, branch = _repository_setting()
    cell = _first_code_cell(NOTEBOOKS[0]).source
    assert f"git+https://github.com/{repo}.git" in cell, "the set-up cell installs from another address"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    addresses = set(re.findall(r"colab\.research\.google\.com/github/([\w.-]+/[\w.-]+)/blob/([\w.-]+)/", readme))
    addresses |= set(re.findall(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/([\w.-]+)\?", readme))
    addresses |= {(m, branch) for m in re.findall(r"github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?[`/)\s]", readme)}
    assert addresses == {(repo, branch)}, f"README addresses {addresses} differ from pyproject's {repo}@{branch}"
