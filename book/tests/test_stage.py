"""The staging step: cell conventions, generated parts of the pages, one repository setting."""

import pathlib

import nbformat
import pytest

import stage
from settings import repository_setting

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_solution_cells_are_collapsed_and_exercises_boxed():
    md_ex = nbformat.v4.new_markdown_cell("Prune 50% by hand.", metadata={"tags": ["exercise"]})
    md_sol = nbformat.v4.new_markdown_cell("Use ```np.sort```.", metadata={"tags": ["solution"]})
    code_sol = nbformat.v4.new_code_cell("answer = 1", metadata={"tags": ["solution"]})
    nb = _nb(md_ex, md_sol, code_sol)
    staged = stage.apply_cell_conventions(nb)
    assert staged.cells[0].source.startswith("```{admonition} Exercise")
    # a fence longer than the backticks inside, so the solution's own code survives
    assert staged.cells[1].source.splitlines()[0] == "````{admonition} Solution"
    assert ":class: dropdown tip" in staged.cells[1].source
    assert staged.cells[1].source.rstrip().endswith("````")
    assert staged.cells[2].metadata["tags"] == ["solution", "hide-cell"]
    assert staged.cells[2].metadata["mystnb"]["code_prompt_show"] == "Show solution"
    assert nb.cells[1].source == "Use ```np.sort```." and nb.cells[2].metadata["tags"] == ["solution"], \
        "the notebook given is not changed"


def test_cells_hidden_in_jupyterlab_are_collapsed_in_the_book():
    src = nbformat.v4.new_code_cell("x = 1", metadata={"jupyter": {"source_hidden": True}})
    out = nbformat.v4.new_code_cell("x", metadata={"jupyter": {"outputs_hidden": True}})
    tagged = nbformat.v4.new_code_cell("y", metadata={"tags": ["hide-input"]})
    plain = nbformat.v4.new_code_cell("z")
    staged = stage.apply_cell_conventions(_nb(src, out, tagged, plain))
    assert [c.metadata.get("tags") for c in staged.cells] == [
        ["hide-input"], ["hide-output"], ["hide-input"], None]


def test_new_chapters_are_found_by_name(tmp_path):
    for name in ("02_b.ipynb", "01_a.ipynb", "09_pitfalls.ipynb", "notes.ipynb", "1_x.ipynb"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in stage.notebook_paths(tmp_path)] == ["01_a.ipynb", "02_b.ipynb", "09_pitfalls.ipynb"]


def test_chapter_table_links_every_chapter_with_its_run_time():
    chapters = [{"number": "01", "file": "01_a.ipynb", "title": "01 · Baseline: data"},
                {"number": "09", "file": "09_pitfalls.ipynb", "title": "09 · Pitfalls"}]
    table = stage.chapter_table(chapters, {"01_a.ipynb": 12.3})
    assert "| 01 | [Baseline: data](notebooks/01_a.ipynb) | 12 s |" in table
    assert "| 09 | [Pitfalls](notebooks/09_pitfalls.ipynb) | not measured |" in table


def test_results_come_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = stage.results_table(readme)
    assert table.count("\n|") > 10 and "uniform code" in table
    assert stage.results_table("no markers") .startswith("*(")


def test_student_edition_is_mentioned_only_when_the_makefile_builds_it():
    assert stage.student_edition("series:\n\techo\n") == ""
    assert "build/student/" in stage.student_edition("series:\nstudent: $(STAMP)\n\tpython x\n")


def test_fill_refuses_an_unknown_marker():
    assert stage.fill("a @@x@@ b", {"x": "1"}) == "a 1 b"
    with pytest.raises(KeyError):
        stage.fill("@@missing@@", {})


def test_session_plans_add_up_the_measured_times():
    chapters = [{"number": n, "file": f"{n}.ipynb", "words": 1200} for n in ("01", "02", "03")]
    plans = stage.session_plans(chapters, {"01.ipynb": 30.0, "02.ipynb": 30.0, "03.ipynb": 60.0})
    assert "chapters 01, 02, 03): about 30 min of reading and 2.0 min of Run All" in plans


def test_the_repository_setting_is_read():
    repo = repository_setting()
    assert repo["repository"].count("/") == 1 and repo["branch"]


def test_every_reference_has_a_link_and_the_papers_the_series_rests_on_are_there():
    import pybtex.database

    bib = pybtex.database.parse_file(str(ROOT / "book" / "references.bib"))
    unlinked = [key for key, entry in bib.entries.items()
                if not {"doi", "eprint", "url"} & {f.lower() for f in entry.fields}]
    assert unlinked == []
    for key in ("hinton1993keeping", "rissanen1978modeling", "han2015learning", "han2016deep",
                "zhu2017prune", "frankle2019lottery", "lecun1990optimal", "graves2011practical",
                "blundell2015weight", "blier2018description", "louizos2017bayesian",
                "grunwald2007minimum", "mackay2003information"):
        assert key in bib.entries, key
