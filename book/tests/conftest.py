"""Shared fixtures of the book's tests: the built site (``make series`` builds it)."""

import pathlib
import sys

import pytest

BOOK = pathlib.Path(__file__).resolve().parent.parent
ROOT = BOOK.parent
SITE = ROOT / "build" / "book"
sys.path.insert(0, str(BOOK))


@pytest.fixture(scope="session")
def site() -> pathlib.Path:
    if not (SITE / "index.html").exists():
        pytest.fail("the book is not built: run `make series` (or `make book-test`, which builds it)")
    return SITE


@pytest.fixture(scope="session")
def chapter_pages(site) -> list[pathlib.Path]:
    from stage import notebook_paths

    pages = [site / "notebooks" / f"{p.stem}.html" for p in notebook_paths(ROOT / "notebooks")]
    assert pages, "no notebooks found"
    return pages
