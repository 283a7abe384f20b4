"""Build the book: execute every notebook in order, then a static site from the copies.

    python book/build.py                 # execute into build/notebooks/, site in build/book/
    python book/build.py --no-execute    # the stored notebooks as they are (a quick preview)

The notebooks in ``notebooks/`` are never rewritten: each is executed top to bottom in a fresh
kernel (working directory ``notebooks/``, as ``jupyter nbconvert --execute`` does) and the
executed copy is written to ``build/notebooks/``. Sphinx with MyST-NB then renders those copies
without executing anything (``book/conf.py``). The last line printed is the landing page.
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

BUILD = ROOT / "build"
EXECUTED = BUILD / "notebooks"
SOURCE = BUILD / "book_src"
SITE = BUILD / "book"
TIMEOUT_S = 900


def _absolute_pythonpath() -> None:
    """Resolve relative PYTHONPATH entries here: the kernels run in notebooks/, where
    ``PYTHONPATH=src`` would silently fall back to another installed copy of the package."""
    entries = [e for e in os.environ.get("PYTHONPATH", "").split(os.pathsep) if e]
    if entries:
        os.environ["PYTHONPATH"] = os.pathsep.join(str(pathlib.Path(e).resolve()) for e in entries)


def execute(notebooks: list[pathlib.Path], out: pathlib.Path) -> dict[str, float]:
    """Execute each notebook in order into ``out``; return the seconds each one took."""
    from nbclient import NotebookClient

    _absolute_pythonpath()
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
               doctrees: pathlib.Path = BUILD / "book_doctrees") -> None:
    """Render the staged sources to HTML with Sphinx, from scratch; stop on any warning.

    From scratch (a few seconds): no page or figure of an earlier build is left behind.
    """
    from sphinx.cmd.build import build_main

    shutil.rmtree(site, ignore_errors=True)
    args = ["-b", "html", "-q", "-E", "-W", "--keep-going", "-c", str(ROOT / "book"),
            "-d", str(doctrees), str(source), str(site)]
    if build_main(args) != 0:
        raise SystemExit("sphinx-build failed (warnings are errors); see the messages above")


def main(argv: list[str] | None = None) -> pathlib.Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true",
                        help="render the stored notebooks without executing them")
    args = parser.parse_args(argv)
    notebooks = notebook_paths(ROOT / "notebooks")
    timing_file = EXECUTED / "timings.json"
    if args.no_execute:
        executed = notebooks
        timings = json.loads(timing_file.read_text()) if timing_file.exists() else {}
    else:
        start = time.perf_counter()
        timings = execute(notebooks, EXECUTED)
        write_if_changed(timing_file, json.dumps(timings, indent=1).encode("utf-8"))
        executed = [EXECUTED / p.name for p in notebooks]
        print(f"Executed {len(notebooks)} notebooks in {time.perf_counter() - start:.0f} s; "
              f"copies in {EXECUTED.relative_to(ROOT)}/", flush=True)
    try:
        import myst_nb  # noqa: F401
    except ImportError:
        raise SystemExit("The book needs Python 3.11+ and the Sphinx packages of requirements.txt; "
                         f"the executed notebooks are in {EXECUTED}") from None
    start = time.perf_counter()
    stage(executed, SOURCE, timings)
    build_site(SOURCE, SITE)
    print(f"Built the book in {time.perf_counter() - start:.0f} s. Open it in a browser "
          f"(works offline, also from disk):")
    landing = SITE / "index.html"
    print(landing)
    return landing


if __name__ == "__main__":
    main()
