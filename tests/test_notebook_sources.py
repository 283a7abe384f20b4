"""Every notebook has a py:percent text twin that agrees with it, and is stored clean."""

import copy
import importlib.util
import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("nbtool", ROOT / "scripts" / "notebooks.py")
nbtool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbtool)
NOTEBOOKS = nbtool.notebooks([])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_text_source_agree_and_are_clean(path):
    assert nbtool.disagreements(path) == []


def _dirty_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.metadata["execution"] = {"iopub.execute_input": "2026-11-29T10:00:00Z"}
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "IntSlider(value=1)", nbtool.WIDGET_VIEW: {"model_id": "abc"}})]
    nb.cells.append(cell)
    return nb


def test_clean_strips_timestamps_and_widget_state():
    nb = _dirty_notebook()
    before = copy.deepcopy(nb)
    assert nbtool.clean(nb) == ["execution timestamps", "widget state", "widget view"]
    assert "widgets" not in nb.metadata and "execution" not in nb.cells[0].metadata
    assert nb.cells[0].outputs[0]["data"] == {"text/plain": "IntSlider(value=1)"}
    assert before.cells[0].metadata["execution"]       # a deep copy is untouched: clean works in place
    assert nbtool.clean(nb) == []                       # and a clean notebook stays as it is


def test_a_changed_sentence_is_a_disagreement(tmp_path, monkeypatch):
    src = NOTEBOOKS[0]
    copy_nb, copy_py = tmp_path / src.name, tmp_path / src.with_suffix(".py").name
    copy_nb.write_bytes(src.read_bytes())
    copy_py.write_text(src.with_suffix(".py").read_text(encoding="utf-8").replace(
        "# %% [markdown]\n# #", "# %% [markdown]\n# # Changed:", 1), encoding="utf-8")
    assert any("differs" in p for p in nbtool.disagreements(copy_nb))
    nbtool.write_pair(nbtool.from_text(copy_nb), copy_nb)          # `sync` carries it over
    assert nbtool.disagreements(copy_nb) == []
    synced = nbformat.read(copy_nb, as_version=4)
    assert synced.cells[0].source.startswith("# Changed:")
    original = nbformat.read(src, as_version=4)
    assert [c.get("outputs") for c in synced.cells[1:]] == [c.get("outputs") for c in original.cells[1:]]
