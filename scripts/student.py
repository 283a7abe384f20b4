"""Write the student edition of the series: ``build/student/NN_name.ipynb``, one per notebook.

What a teacher hands out, and why
---------------------------------
* **Every notebook of** ``notebooks/`` (``NN_*.ipynb``, so a new chapter is included as soon
  as it exists), and nothing else. The notebooks import the installed package (``pip install``
  of the repository; in Colab their first cell does it), the digits ship with scikit-learn,
  the links between notebooks are relative (the edition keeps the file names) and no notebook
  reads a file stored beside it. So the edition is just the notebooks.
* **Solution cells removed** (cells tagged ``solution``, TEACHING.md's convention), and in
  their place one short note, "*Solution to Exercise NN.k: in the teacher's edition.*". The
  note tells the student that a model answer exists and that it is the teacher's to give
  (after class, or never): it carries no link, because the teacher decides when to share it.
* **Outputs cleared** in every remaining code cell, execution counts too. A student runs the
  notebook; and a *predict, then run* exercise asks for a guess before the cell that answers
  it has run, which stored outputs (the printed accuracies, the figures) would give away.
  The price: the edition does not read in a browser without a kernel. The teacher's edition,
  with its outputs, is the one to read on GitHub.
* **Test-tool markers removed** from code (``# NBVAL_IGNORE_OUTPUT`` and its kin): they mean
  nothing to a student.
* **No jupytext pairing** in the notebook's metadata: a student's JupyterLab with jupytext
  would otherwise write a ``.py`` twin beside every notebook the student saves.

The exercises stay as they are: the exercise cell, the stub or the ``my_guess`` cell, the
checker call and, for *predict, then run*, the cell that shows the answer once the student
runs it.

Usage (``make student`` runs the first form)::

    python scripts/student.py                 # every notebook -> build/student/
    python scripts/student.py --out DIR 02 03 # some notebooks, elsewhere

Prints, per notebook, the exercises it holds and the solution cells it removed.
"""

from __future__ import annotations

import argparse
import copy
import pathlib
import re

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
OUT_DIR = ROOT / "build" / "student"
SOLUTION_TAG = "solution"
NOTE_TAG = "solution-note"
# An exercise is a line of a markdown cell that starts with **Exercise NN.k**.
EXERCISE = re.compile(r"^\*\*Exercise (\d{2}\.\d+)\*\*", re.MULTILINE)
TEST_MARKER = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.MULTILINE)


def is_solution(cell) -> bool:
    """True for a cell tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def exercise_ids(cell) -> list[str]:
    """The ids ("02.3") of the exercises a (non-solution) markdown cell states."""
    if cell.cell_type != "markdown" or is_solution(cell):
        return []
    return EXERCISE.findall(cell.source)


def note_cell(exercise: str | None):
    """The markdown cell that stands where the solution of ``exercise`` was."""
    what = f"Solution to Exercise {exercise}" if exercise else "Solution"
    cell = nbformat.v4.new_markdown_cell(f"*{what}: in the teacher's edition.*")
    cell.metadata["tags"] = [NOTE_TAG]
    return cell


def student_cell(cell):
    """A copy of a kept cell as the student gets it: no outputs, no test-tool markers."""
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
        cell.source = TEST_MARKER.sub("", cell.source)
        cell.metadata.pop("execution", None)
    cell.metadata.pop("lines_to_next_cell", None)     # jupytext's, for the text twin only
    return cell


def student_edition(nb):
    """The student edition of notebook ``nb`` and what was done: ``(edition, counts)``.

    ``counts`` has ``exercises`` (ids, in order), ``removed`` (solution cells) and ``notes``.
    ``nb`` itself is not changed.
    """
    edition = copy.deepcopy(nb)
    edition.cells = []
    exercises, removed, notes = [], 0, 0
    current = None              # the exercise the cells below belong to
    for cell in nb.cells:
        if is_solution(cell):
            removed += 1
            if not edition.cells or NOTE_TAG not in edition.cells[-1].metadata.get("tags", []):
                edition.cells.append(note_cell(current))   # one note for a run of solutions
                notes += 1
            continue
        ids = exercise_ids(cell)
        exercises += ids
        current = ids[-1] if ids else current
        edition.cells.append(student_cell(cell))
    edition.metadata.pop("jupytext", None)
    edition.metadata.pop("widgets", None)
    return edition, {"exercises": exercises, "removed": removed, "notes": notes}


def notebooks(names=()) -> list[pathlib.Path]:
    """The notebooks named by number (``"04"``), all of them when ``names`` is empty."""
    every = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    chosen = [p for p in every if not names or p.name[:2] in names or p.stem in names]
    missing = set(names) - {p.name[:2] for p in chosen} - {p.stem for p in chosen}
    if missing:
        numbers = [p.name[:2] for p in every]
        raise SystemExit(f"no notebook {sorted(missing)}; choose from {numbers}")
    return chosen


def write_edition(paths, out: pathlib.Path) -> dict[str, dict]:
    """Write the student edition of each notebook into ``out``; return the counts by file name."""
    out.mkdir(parents=True, exist_ok=True)
    report = {}
    for path in paths:
        edition, counts = student_edition(nbformat.read(path, as_version=4))
        nbformat.validate(edition)
        nbformat.write(edition, out / path.name)
        report[path.name] = counts
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook numbers (default: all)")
    parser.add_argument("--out", type=pathlib.Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    paths = notebooks(args.names)
    if not args.names:                       # a full edition: no notebook left from an old one
        for stale in args.out.glob("*.ipynb"):
            stale.unlink()
    report = write_edition(paths, args.out)
    width = max(len(name) for name in report)
    print(f"{'notebook':{width}}  exercises  solution cells removed")
    for name, counts in report.items():
        print(f"{name:{width}}  {len(counts['exercises']):9d}  {counts['removed']:22d}")
    total_ex = sum(len(c["exercises"]) for c in report.values())
    total_rm = sum(c["removed"] for c in report.values())
    print(f"Wrote {len(report)} notebooks to {args.out} ({total_ex} exercises, "
          f"{total_rm} solution cells removed, outputs cleared).")


if __name__ == "__main__":
    main()
