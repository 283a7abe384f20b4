"""Shared fixtures of the book's tests: the built site (``make series`` builds it), once per
edition: every test that takes ``site`` runs on the English book and on the zh-TW one."""

import pathlib
import sys

import pytest

BOOK = pathlib.Path(__file__).resolve().parent.parent
ROOT = BOOK.parent
SITE = ROOT / "build" / "book"
sys.path.insert(0, str(BOOK))
from translation import EDITIONS  # noqa: E402


def pytest_configure(config):
    # sphinx-book-theme 1.4 uses an API Sphinx 11 will remove; not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:.*HandleFootnoteTransform:PendingDeprecationWarning")
    config.addinivalue_line("filterwarnings", "ignore:.*HandleFootnoteTransform:DeprecationWarning")


@pytest.fixture(scope="session", params=list(EDITIONS))
def edition(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def site(edition) -> pathlib.Path:
    folder = SITE / EDITIONS[edition]["folder"]
    if not (folder / "index.html").exists():
        pytest.fail(f"the {edition} book is not built: run `make series` (or `make book-test`)")
    return folder


@pytest.fixture(scope="session")
def chapter_pages(site) -> list[pathlib.Path]:
    from stage import notebook_paths

    pages = [site / "notebooks" / f"{p.stem}.html" for p in notebook_paths(ROOT / "notebooks")]
    assert pages, "no notebooks found"
    return pages


@pytest.fixture(scope="session")
def convention_site(tmp_path_factory) -> pathlib.Path:
    """A one-chapter book whose notebook uses every cell convention of book/README.md."""
    import nbformat

    from build import build_site
    from stage import apply_cell_conventions

    src = tmp_path_factory.mktemp("convention_src")
    nb = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python", "pygments_lexer": "ipython3"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Conventions\n\nText of the lesson."),
        nbformat.v4.new_markdown_cell("Compute the answer.", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_markdown_cell("The answer is SECRETMARKDOWN.", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("print('SECRETCODE')", metadata={"tags": ["solution"]},
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="SECRETCODE\n")]),
        nbformat.v4.new_code_cell("plot_layout = 'LONGCODE'", metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_code_cell("x = 'LABHIDDEN'", metadata={"jupyter": {"source_hidden": True}}),
        nbformat.v4.new_code_cell("y = 'VISIBLECODE'"),
    ]
    (src / "notebooks").mkdir()
    nbformat.write(apply_cell_conventions(nb), src / "notebooks" / "01_conventions.ipynb")
    (src / "index.md").write_text("# Fixture\n\n```{toctree}\n:glob:\n\nnotebooks/*\n```\n")
    (src / "references.bib").write_text((BOOK / "references.bib").read_text())
    site = tmp_path_factory.mktemp("convention_site")
    build_site(src, site, doctrees=tmp_path_factory.mktemp("doctrees"))
    return site
