"""Drive a real kernel through the series' notebooks (shared by the classroom tests).

Not a test module: ``test_classroom_*.py`` import it. Cells whose output is legitimately
variable (timings) carry ``# NBVAL_IGNORE_OUTPUT``.
"""

from __future__ import annotations

import ast
import copy
import pathlib
import re

import nbclient
import nbformat

NOTEBOOK_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
IGNORE_MARK = "NBVAL_IGNORE_OUTPUT"
# Figures print their size and a memory address in some reprs; addresses vary.
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def text_outputs(cell) -> list[str]:
    """The cell's text outputs; consecutive stream chunks are joined (their split is timing)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text = f"{out['name']}:"
            if texts and texts[-1].startswith(text):
                texts[-1] += out["text"]
                continue
            texts.append(text + out["text"])
        elif out.get("output_type") in ("execute_result", "display_data"):
            texts.append(ADDRESS.sub("", out.get("data", {}).get("text/plain", "")))
        elif out.get("output_type") == "error":
            texts.append(f"error:{out.get('ename')}:{out.get('evalue')}")
    return texts


def make_client(nb) -> "nbclient.NotebookClient":
    # A generous iopub timeout: under load, a cell's last output can arrive after its reply.
    return nbclient.NotebookClient(nb, timeout=600, iopub_timeout=60, kernel_name="python3",
                                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}})


def parameter_names(nb) -> list[str]:
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse(cell.source)
            return [t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)]
    return []


def with_overrides(nb, overrides: dict):
    nb = copy.deepcopy(nb)
    names = parameter_names(nb)
    assignments = {n: 1 for n in names if "EPOCH" in n.upper()}
    assignments.update(overrides)
    missing = set(overrides) - set(names)
    assert not missing, f"{sorted(missing)} not in the parameters cell ({names})"
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "\n".join(f"{k} = {v!r}" for k, v in assignments.items())
            nb.cells.insert(i + 1, nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
            return nb
    raise AssertionError("no parameters cell")
