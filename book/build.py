"""Build the book, in English and in every translated edition, from freshly executed notebooks.

    python book/build.py                 # execute, then build/book/ (English), build/book/zh_TW/
    python book/build.py --no-execute    # the stored notebooks as they are (a quick preview)
    python book/build.py --edition en    # one edition only

The notebooks in ``notebooks/`` are never rewritten: each is executed top to bottom in a fresh
kernel (working directory ``notebooks/``, as ``jupyter nbconvert --execute`` does) and the
executed copy is written to ``build/notebooks/``. A translated edition executes them once more
with ``MDL_PRUNE_LANGUAGE`` set, so that its figures are drawn in its language
(``mdl_prune.plots``), into ``build/notebooks_<language>/``; its text comes from the gettext
catalogues in ``locales/`` (``book/translation.py``). Sphinx with MyST-NB then renders the copies
without executing anything (``book/conf.py``). The last lines printed are the landing pages.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import sys
import time

import nbformat

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from stage import ROOT, notebook_paths, stage, write_if_changed  # noqa: E402
from translation import EDITIONS  # noqa: E402

BUILD = ROOT / "build"
EXECUTED = BUILD / "notebooks"
SOURCE = BUILD / "book_src"
SITE = BUILD / "book"
TIMEOUT_S = 900


def edition_paths(language: str) -> dict[str, pathlib.Path]:
    """Where one edition's executed notebooks, staged sources, doctrees and pages go."""
    if language == "en":
        return {"executed": EXECUTED, "source": SOURCE, "doctrees": BUILD / "book_doctrees",
                "site": SITE}
    return {"executed": BUILD / f"notebooks_{language}", "source": BUILD / f"book_src_{language}",
            "doctrees": BUILD / f"book_doctrees_{language}",
            "site": SITE / EDITIONS[language]["folder"].rstrip("/")}


def _absolute_pythonpath() -> None:
    """Resolve relative PYTHONPATH entries here: the kernels run in notebooks/, where
    ``PYTHONPATH=src`` would silently fall back to another installed copy of the package."""
    entries = [e for e in os.environ.get("PYTHONPATH", "").split(os.pathsep) if e]
    if entries:
        os.environ["PYTHONPATH"] = os.pathsep.join(str(pathlib.Path(e).resolve()) for e in entries)


def execute(notebooks: list[pathlib.Path], out: pathlib.Path,
            language: str = "en") -> dict[str, float]:
    """Execute each notebook in order into ``out``, its figures drawn in ``language``; return
    the seconds each one took."""
    from nbclient import NotebookClient

    _absolute_pythonpath()
    if language == "en":
        os.environ.pop("MDL_PRUNE_LANGUAGE", None)
    else:
        os.environ["MDL_PRUNE_LANGUAGE"] = language      # the kernels inherit it
    timings = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        # No per-cell timestamps: an unchanged result gives an unchanged file (and page).
        # The kernel's own log (not the cells' warnings, which stay in the outputs) is quiet.
        NotebookClient(nb, timeout=TIMEOUT_S, startup_timeout=180, kernel_name="python3",
                       record_timing=False,
                       extra_arguments=["--IPKernelApp.log_level=ERROR"],
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        timings[path.name] = round(time.perf_counter() - start, 1)
        write_if_changed(out / path.name, (nbformat.writes(nb) + "\n").encode("utf-8"))
        print(f"  executed {path.name} in {timings[path.name]:.1f} s", flush=True)
    return timings


def build_site(source: pathlib.Path, site: pathlib.Path,
               doctrees: pathlib.Path = BUILD / "book_doctrees", language: str = "en") -> None:
    """Render the staged sources to HTML with Sphinx, from scratch; stop on any warning.

    From scratch (a few seconds): no page or figure of an earlier build is left behind (the
    English site keeps the translated editions' folders, which their own builds replace).
    """
    from sphinx.cmd.build import build_main

    keep = {EDITIONS[code]["folder"].rstrip("/") for code in EDITIONS if code != "en"}
    if site.exists():
        for child in site.iterdir():
            if child.name not in keep or language != "en":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    args = ["-b", "html", "-q", "-E", "-W", "--keep-going", "-c", str(ROOT / "book"),
            "-D", f"language={language}", "-d", str(doctrees), str(source), str(site)]
    if build_main(args) != 0:
        raise SystemExit("sphinx-build failed (warnings are errors); see the messages above")


def execute_edition(language: str, notebooks: list[pathlib.Path]) -> None:
    """Execute every notebook for one edition, with its timings in ``timings.json``."""
    paths = edition_paths(language)
    start = time.perf_counter()
    timings = execute(notebooks, paths["executed"], language)
    write_if_changed(paths["executed"] / "timings.json",
                     json.dumps(timings, indent=1).encode("utf-8"))
    print(f"Executed {len(notebooks)} notebooks ({language}) in "
          f"{time.perf_counter() - start:.0f} s; copies in "
          f"{paths['executed'].relative_to(ROOT)}/", flush=True)


def render_edition(language: str, notebooks: list[pathlib.Path], executed: bool) -> pathlib.Path:
    """Stage and render one edition (from its executed copies, or else from ``notebooks``
    as stored); return its landing page."""
    paths = edition_paths(language)
    timing_file = paths["executed"] / "timings.json"
    timings = json.loads(timing_file.read_text()) if timing_file.exists() else {}
    sources = [paths["executed"] / p.name for p in notebooks] if executed else notebooks
    start = time.perf_counter()
    stage(sources, paths["source"], timings, language)
    build_site(paths["source"], paths["site"], paths["doctrees"], language)
    print(f"Built the {EDITIONS[language]['name']} edition in {time.perf_counter() - start:.0f} s")
    return paths["site"] / "index.html"


def main(argv: list[str] | None = None) -> pathlib.Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true",
                        help="render the stored notebooks without executing them")
    parser.add_argument("--edition", choices=sorted(EDITIONS), action="append",
                        help="build only this edition (repeatable); default: all")
    args = parser.parse_args(argv)
    notebooks = notebook_paths(ROOT / "notebooks")
    # English first: its build clears build/book/ except the translated editions' folders.
    editions = [code for code in EDITIONS if code in (args.edition or EDITIONS)]
    if not args.no_execute:            # every run before any Sphinx build, one after the other
        for language in editions:
            execute_edition(language, notebooks)
    try:
        import myst_nb  # noqa: F401
    except ImportError:
        raise SystemExit("The book needs Python 3.11+ and the Sphinx packages of requirements.txt; "
                         f"the executed notebooks are in {BUILD}/notebooks*/") from None
    landing = [render_edition(language, notebooks, not args.no_execute) for language in editions]
    print("Open it in a browser (works offline, also from disk):")
    print("\n".join(str(path) for path in landing))
    return landing[0]


if __name__ == "__main__":
    main()
