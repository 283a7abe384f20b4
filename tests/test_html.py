"""What a reader in a browser sees: each stored notebook rendered to HTML (as nbviewer or
``make series`` do) shows all its figures and no error or warning output."""

import json
import pathlib
import re

import pytest

nbconvert = pytest.importorskip("nbconvert")

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_rendered_notebook_shows_figures_and_no_errors(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    n_images = sum("image/png" in out.get("data", {})
                   for cell in nb["cells"] if cell["cell_type"] == "code" for out in cell["outputs"])
    html, _ = nbconvert.HTMLExporter().from_filename(str(path))
    html = html[html.index("<body"):]          # the page, not its style sheets
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', html)) == n_images
    assert n_images > 0, "a notebook of this series should show at least one figure"
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html, "stderr output (a warning?) is stored"
    assert "Traceback" not in html and 'class="ansi-red-fg"' not in html
    assert "Warning:" not in html
