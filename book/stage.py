"""Lay out the book's Sphinx sources from the executed notebooks.

``stage`` writes a source tree that mirrors the repository (``notebooks/NN_*.ipynb`` at the
same path, so the theme's Colab and Binder buttons point at the right file) and fills the
pages of ``book/`` (``index.md``, ``teachers.md``, ...), whose ``@@name@@`` markers stand for
parts computed from the notebooks, the README and the measured run times. The cell conventions
of ``book/README.md`` (exercises, solutions, collapsed code) are applied to the staged copies
only; the notebooks themselves are never rewritten.
"""

from __future__ import annotations

import copy
import json
import pathlib
import re

import nbformat

from settings import repository_setting
from translation import PHRASES, translations

BOOK = pathlib.Path(__file__).resolve().parent
ROOT = BOOK.parent
PAGES = ("index.md", "teachers.md", "bibliography.md")
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
# Careful reading of technical prose with formulas; an estimate, said so on the page.
WORDS_PER_MINUTE = 120
RESULTS_START, RESULTS_END = "<!-- results:start -->", "<!-- results:end -->"
# Suggested sessions: the chapters of each (their titles, per edition, are translation.PHRASES).
SESSIONS = (("01", "02", "03"), ("04", "05"), ("06", "07"), ("08", "09"))


def notebook_paths(folder: pathlib.Path) -> list[pathlib.Path]:
    """The series' notebooks in ``folder``, in chapter order (new chapters appear by name)."""
    return sorted(folder.glob(NOTEBOOK_GLOB))


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _fence(text: str) -> str:
    """A backtick fence longer than any run of backticks inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _admonition(title: str, body: str, css_class: str) -> str:
    fence = _fence(body)
    return f"{fence}{{admonition}} {title}\n:class: {css_class}\n\n{body}\n{fence}"


# An exercise cell starts with its bold label (TEACHING.md's convention): "**Exercise 02.1**".
EXERCISE = re.compile(r"\*\*Exercise \d+\.\d+\*\*")
DETAILS = re.compile(r"\A\s*<details>\s*<summary>.*?</summary>\s*(.*?)\s*</details>\s*\Z", re.S)


def _without_details(source: str) -> str:
    """A markdown solution's text without its ``<details>`` wrapper (GitHub's collapse): the book
    collapses it in its own dropdown."""
    match = DETAILS.match(source)
    return match.group(1) if match else source


def apply_cell_conventions(nb: nbformat.NotebookNode,
                           language: str = "en") -> nbformat.NotebookNode:
    """A copy of ``nb`` whose cells carry the book's rendering of the conventions.

    * a markdown cell tagged ``exercise`` becomes an "Exercise" box;
    * a markdown cell tagged ``solution`` becomes a "Solution" box, collapsed (a toggle);
    * a code cell tagged ``solution`` is hidden, input and output, behind "Show solution";
    * a code cell whose source JupyterLab hides (``jupyter.source_hidden``) is collapsed in the
      book too (``hide-input``), and hidden outputs (``jupyter.outputs_hidden``) likewise.
    MyST-NB's own tags (``hide-input``, ``hide-output``, ``hide-cell``, ``remove-cell``) pass
    through unchanged.
    """
    staged = copy.deepcopy(nb)
    for cell in staged.cells:
        tags = _tags(cell)
        if cell.cell_type == "markdown" and "solution" in tags:
            cell.source = _admonition("Solution", _without_details(cell.source), "dropdown tip")
        elif cell.cell_type == "markdown" and ("exercise" in tags or EXERCISE.match(cell.source)):
            cell.source = _admonition("Exercise", cell.source, "note")
        elif cell.cell_type == "code":
            hidden = cell.metadata.get("jupyter", {})
            extra = []
            if "solution" in tags:
                extra.append("hide-cell")
                cell.metadata["mystnb"] = {"code_prompt_show": PHRASES[language]["show_solution"],
                                           "code_prompt_hide": PHRASES[language]["hide_solution"]}
            elif hidden.get("source_hidden"):
                extra.append("hide-input")
            if hidden.get("outputs_hidden") and "solution" not in tags:
                extra.append("hide-output")
            new = [t for t in extra if t not in tags]
            if new:
                cell.metadata["tags"] = tags + new
    return staged


def chapter_info(path: pathlib.Path, nb: nbformat.NotebookNode) -> dict:
    """Number, title, words of prose and the parameters cell of one notebook."""
    title = next((line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                  for line in cell.source.splitlines() if line.startswith("# ")), path.stem)
    words = sum(len(cell.source.split()) for cell in nb.cells if cell.cell_type == "markdown")
    params = next((cell.source for cell in nb.cells
                   if cell.cell_type == "code" and "parameters" in _tags(cell)), "")
    return {"number": path.name[:2], "file": path.name, "title": title, "words": words,
            "code_cells": sum(cell.cell_type == "code" for cell in nb.cells), "parameters": params}


def _minutes(seconds: float | None, language: str = "en") -> str:
    words = PHRASES[language]
    if seconds is None:
        return words["not_measured"]
    return words["seconds" if seconds < 90 else "minutes"].format(
        seconds if seconds < 90 else seconds / 60)


def chapter_table(chapters: list[dict], timings: dict, language: str = "en") -> str:
    """The map of chapters: one line each, with the run time measured by this build."""
    rows = [PHRASES[language]["chapter_header"], "|---|---|---|"]
    for ch in chapters:
        name = ch["title"].split("·", 1)[-1].strip()
        rows.append(f"| {ch['number']} | [{name}](notebooks/{ch['file']}) "
                    f"| {_minutes(timings.get(ch['file']), language)} |")
    return "\n".join(rows)


def results_table(readme: str) -> str:
    """The README's results section between its markers: one source for both."""
    try:
        start = readme.index(RESULTS_START) + len(RESULTS_START)
        return readme[start:readme.index(RESULTS_END)].strip()
    except ValueError:
        return "*(The README has no results section between its markers.)*"


def launch_links(repo: dict) -> str:
    """Colab, Binder and GitHub addresses for the landing page, from the one setting."""
    name, branch = repo["repository"], repo["branch"]
    return (f"[Binder](https://mybinder.org/v2/gh/{name}/{branch}?urlpath=lab/tree/notebooks) "
            f"opens the whole series in JupyterLab in the browser; "
            f"[Colab](https://colab.research.google.com/github/{name}/blob/{branch}/notebooks/) "
            f"opens one notebook at a time (each chapter's rocket button does it for you). "
            f"The source is at [github.com/{name}](https://github.com/{name}).")


def parameters_section(chapters: list[dict]) -> str:
    """Every chapter's parameters cell, as the teacher finds it at the top of the notebook."""
    parts = []
    for ch in chapters:
        if ch["parameters"]:
            fence = _fence(ch["parameters"])
            parts.append(f"**{ch['title']}**\n\n{fence}python\n{ch['parameters']}\n{fence}")
    return "\n\n".join(parts)


def timing_table(chapters: list[dict], timings: dict, language: str = "en") -> str:
    """Per chapter: words of prose, estimated reading time, measured run time."""
    words = PHRASES[language]
    rows = [words["timing_header"], "|---|---:|---:|---:|"]
    for ch in chapters:
        reading = words["reading"].format(ch["words"] / WORDS_PER_MINUTE)
        rows.append(f"| {ch['number']} | {ch['words']} | {reading} "
                    f"| {_minutes(timings.get(ch['file']), language)} |")
    return "\n".join(rows)


def session_plans(chapters: list[dict], timings: dict, language: str = "en") -> str:
    """The suggested sessions, each with its reading and running minutes added up."""
    by_number = {ch["number"]: ch for ch in chapters}
    lines = []
    for title, numbers in zip(PHRASES[language]["sessions"], SESSIONS, strict=True):
        present = [by_number[n] for n in numbers if n in by_number]
        if not present:
            continue
        reading = sum(ch["words"] for ch in present) / WORDS_PER_MINUTE
        running = sum(timings.get(ch["file"]) or 0.0 for ch in present) / 60
        names = PHRASES[language]["and"].join(ch["number"] for ch in present)
        lines.append(PHRASES[language]["session"].format(
            title=title, names=names, reading=reading, running=running))
    return "\n".join(lines)


def student_edition(makefile: str) -> str:
    """A paragraph on the student edition, only if the Makefile can build it."""
    if not re.search(r"^student:", makefile, flags=re.MULTILINE):
        return ""
    return ("**Student edition.** `make student` writes a copy of the notebooks to "
            "`build/student/` with the solutions removed and the exercise cells left for the "
            "students to fill in; hand that folder out, keep the book for after the session.")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every ``@@name@@`` of ``template``; an unknown name is an error."""
    def replace(match: re.Match) -> str:
        return values[match.group(1)]
    return re.sub(r"@@(\w+)@@", replace, template)


def write_if_changed(path: pathlib.Path, data: bytes) -> None:
    """Write only when the content differs, so Sphinx rebuilds only the pages that changed."""
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def stage(executed: list[pathlib.Path], out: pathlib.Path, timings: dict,
          language: str = "en") -> list[dict]:
    """Write the book's source tree (for the edition ``language``) into ``out``; return the
    chapters found. Text Sphinx translates stays English here; computed parts are written in
    ``language``, with the chapter titles from the translation catalogues."""
    chapters = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        info = chapter_info(path, nb)
        if language != "en":
            titles = translations(language, f"notebooks/{path.stem}")
            info["title"] = titles.get(info["title"], info["title"])
        chapters.append(info)
        staged = nbformat.writes(apply_cell_conventions(nb, language)) + "\n"
        write_if_changed(out / "notebooks" / path.name, staged.encode("utf-8"))
    stale = {p.name for p in (out / "notebooks").glob(NOTEBOOK_GLOB)} - {p.name for p in executed}
    for name in stale:
        (out / "notebooks" / name).unlink()
    repo = repository_setting()
    values = {
        "chapters": chapter_table(chapters, timings, language),
        "results": results_table((ROOT / "README.md").read_text(encoding="utf-8")),
        "launch": launch_links(repo),
        "repository": repo["repository"],
        "parameters": parameters_section(chapters),
        "timings": timing_table(chapters, timings, language),
        "sessions": session_plans(chapters, timings, language),
        "student": student_edition((ROOT / "Makefile").read_text(encoding="utf-8")),
        "n_chapters": str(len(chapters)),
        "words_per_minute": str(WORDS_PER_MINUTE),
    }
    for page in PAGES:
        text = fill((BOOK / page).read_text(encoding="utf-8"), values)
        write_if_changed(out / page, text.encode("utf-8"))
    write_if_changed(out / "references.bib", (BOOK / "references.bib").read_bytes())
    write_if_changed(out / "timings.json", json.dumps(timings, indent=1).encode("utf-8"))
    return chapters
