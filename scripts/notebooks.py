"""Keep the notebooks and their text sources in step, and execute them cleanly.

Every notebook ``notebooks/NN_name.ipynb`` has a text twin ``notebooks/NN_name.py`` in
jupytext's ``py:percent`` format: one sentence changed in a lesson is a one-line diff there.
The ``.ipynb`` keeps the executed outputs that readers see in a browser.

Usage (the Makefile wraps these)::

    python scripts/notebooks.py execute [NB ...]   # text source -> notebook, run it top to bottom
                                                  # in a fresh kernel, clean it, write both files
    python scripts/notebooks.py sync [NB ...]      # text source -> notebook, keeping outputs of
                                                  # unchanged cells (no execution)
    python scripts/notebooks.py pair [NB ...]      # notebook -> text source (first time, or after
                                                  # editing the .ipynb in JupyterLab)
    python scripts/notebooks.py check              # exit 1 unless every pair agrees and is clean

``NB`` is a number (``04``), a path, or omitted for every notebook. "Clean" means: no
execution timestamps in cell metadata, no widget state in the notebook metadata, and no
widget views in outputs (a reader's browser has no kernel to draw them; their text fallback
stays).
"""

from __future__ import annotations

import pathlib
import sys

import jupytext
from jupytext.combine import combine_inputs_with_outputs
import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
FORMATS = "ipynb,py:percent"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT = 900


def notebooks(names) -> list[pathlib.Path]:
    """The notebooks named by number or path (all of them when ``names`` is empty)."""
    every = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return every
    chosen = []
    for name in names:
        matches = [p for p in every if p.name.startswith(f"{name}_") or p.stem == pathlib.Path(name).stem]
        if len(matches) != 1:
            sys.exit(f"no single notebook matches {name!r}; choose from {[p.name[:2] for p in every]}")
        chosen.append(matches[0])
    return chosen


def text_source(path: pathlib.Path) -> pathlib.Path:
    return path.with_suffix(".py")


def clean(nb) -> list[str]:
    """Strip what varies between runs or needs a live kernel; return what was stripped."""
    stripped = []
    if nb.metadata.pop("widgets", None) is not None:
        stripped.append("widget state")
    for cell in nb.cells:
        if cell.metadata.pop("execution", None) is not None:
            stripped.append("execution timestamps")
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}):
                del out["data"][WIDGET_VIEW]
                stripped.append("widget view")
    nb.metadata.setdefault("jupytext", {})["formats"] = FORMATS
    nb.metadata["jupytext"].pop("text_representation", None)
    return sorted(set(stripped))


def from_text(path: pathlib.Path):
    """The notebook built from the text source, carrying the outputs of unchanged cells."""
    nb = jupytext.read(text_source(path))
    if path.exists():
        old = nbformat.read(path, as_version=4)
        # sources from the text, outputs (of cells whose source matches) from the old notebook
        nb = combine_inputs_with_outputs(nb, old, fmt="py:percent")
    return nb


def write_pair(nb, path: pathlib.Path) -> None:
    clean(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    jupytext.write(nb, text_source(path), fmt="py:percent")


def execute(path: pathlib.Path) -> None:
    from nbclient import NotebookClient

    nb = from_text(path)
    NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    write_pair(nb, path)


def disagreements(path: pathlib.Path) -> list[str]:
    """Why a notebook and its text source disagree, or are not clean (empty if all is well)."""
    source = text_source(path)
    if not source.exists():
        return [f"{source.name} is missing: run `python scripts/notebooks.py pair {path.name[:2]}`"]
    nb = nbformat.read(path, as_version=4)
    text = jupytext.read(source)
    problems = []
    if len(nb.cells) != len(text.cells):
        problems.append(f"{len(nb.cells)} cells in the notebook, {len(text.cells)} in {source.name}")
    for i, (a, b) in enumerate(zip(nb.cells, text.cells)):
        if a.cell_type != b.cell_type or a.source != b.source:
            problems.append(f"cell {i} differs between {path.name} and {source.name}")
        if a.metadata.get("tags", []) != b.metadata.get("tags", []):
            problems.append(f"cell {i} has tags {a.metadata.get('tags')} vs {b.metadata.get('tags')}")
    leftover = clean(nbformat.read(path, as_version=4))
    if leftover:
        problems.append(f"{path.name} is not clean: it stores {', '.join(leftover)}")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"execute", "sync", "pair", "check"}:
        print(__doc__)
        return 2
    command, paths = argv[0], notebooks(argv[1:])
    failed = False
    for path in paths:
        if command == "execute":
            print(f"executing {path.name}", flush=True)
            execute(path)
        elif command == "sync":
            write_pair(from_text(path), path)
        elif command == "pair":
            write_pair(nbformat.read(path, as_version=4), path)
        else:
            for problem in disagreements(path):
                print(problem)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
