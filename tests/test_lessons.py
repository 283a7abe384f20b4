"""Every notebook is a lesson a reader can follow (the conventions of TEACHING.md / DESIGN.md).

What a reader would notice: a header without objectives, prerequisites, run time or reading
time; fewer than three exercises, or one without its solution; a solution shown open, or a
section lost inside a collapsed one; a paper cited without its entry and link in the
references; project bookkeeping in the text. And what a student would notice: a student edition
(``make student``) that lost an exercise, kept a solution, or stops with a NameError because a
later cell uses a name only a solution defined.
"""

import ast
import importlib.util
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
spec = importlib.util.spec_from_file_location("student", ROOT / "scripts" / "student.py")
student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student)

# Notebooks not yet turned into lessons: their lesson tests fail, and must (strict xfail), so a
# notebook leaves this set in the commit that makes it a lesson. Empty when the series is done.
NOT_YET_LESSONS: set = set()

EXERCISE_LINE = re.compile(r"^\*\*Exercise\b.*$", re.MULTILINE)
EXERCISE = re.compile(r"^\*\*Exercise (\d{2})\.(\d+)\*\* \*\((predict, then run|code|discuss)\)\*")
DETAILS = re.compile(r"\A<details><summary>Solution[^<\n]*</summary>\n.*\n</details>\Z", re.DOTALL)
HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
LINK = re.compile(r"\]\((https://[^)\s]+)\)")
YEAR = r"(?:1[89]|20)\d\d"
LINKED = re.compile(rf"\[([^\]]*?\b{YEAR}[a-z]?\b[^\]]*)\]\(#references\)")
# "Han et al. (2015)", "Rissanen, 1978", "LeCun, Denker & Solla (1990)", "Zhu & Gupta 2017"
NAMED = re.compile(r"\b([A-Z][\w'’-]+(?:(?:, | & | and )(?:van |de |von )?[A-Z][\w'’-]+)*"
                   rf"(?: et al\.)?)(,? \(| |, )({YEAR})[a-z]?\b")
BOOKKEEPING = ("original notebook", "seed's", "defect", "nbval", "series bar",
               "target of the series")
PITFALLS = "09"   # the one chapter that speaks of the original notebook


def lesson_params(strict=True):
    """Every notebook; those in NOT_YET_LESSONS expected to fail.

    ``strict=False`` only for checks that a notebook may pass before it is a lesson (the words
    of the bookkeeping list): the strict checks already force it out of the set, and from then
    on every check holds it for real.
    """
    return [pytest.param(p, id=p.stem, marks=pytest.mark.xfail(
        strict=strict, reason="not yet a lesson")) if p.name[:2] in NOT_YET_LESSONS
        else pytest.param(p, id=p.stem) for p in NOTEBOOKS]


def every_notebook():
    return [pytest.param(p, id=p.stem) for p in NOTEBOOKS]


def read(path):
    return nbformat.read(path, as_version=4)


def is_solution(cell) -> bool:
    return "solution" in cell.metadata.get("tags", [])


def exercises(nb) -> list[tuple[int, re.Match | None, str]]:
    """(cell index, match of EXERCISE or None when malformed, line) per exercise, in order."""
    return [(i, EXERCISE.match(line), line) for i, cell in enumerate(nb.cells)
            if cell.cell_type == "markdown" and not is_solution(cell)
            for line in EXERCISE_LINE.findall(cell.source)]


# (a) the header ------------------------------------------------------------------------------

def header(nb) -> str:
    """The markdown cells before the first code cell."""
    text = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            break
        text.append(cell.source)
    return "\n\n".join(text)


def header_problems(text: str) -> list[str]:
    problems = [f"no {word!r}" for word in ("learning objectives", "prerequisites", "papers")
                if word not in text.lower()]
    if not re.search(r"run time\W[^.\n]{0,30}?\d+\s*(s|seconds)\b", text, re.IGNORECASE):
        problems.append("no run time in seconds ('Run time: about N s')")
    if not re.search(r"reading time\W[^.\n]{0,30}?\d+\s*(min|minutes)\b", text, re.IGNORECASE):
        problems.append("no reading time in minutes ('Reading time: about N minutes')")
    objectives = re.search(r"learning objectives(.*?)(\n\n(?![*-] )|\Z)", text,
                           re.IGNORECASE | re.DOTALL)
    bullets = re.findall(r"^[*-] ", objectives.group(1), re.MULTILINE) if objectives else []
    if not 3 <= len(bullets) <= 5:
        problems.append(f"{len(bullets)} learning objectives listed (3 to 5 bullets)")
    return problems


@pytest.mark.parametrize("path", lesson_params())
def test_header_states_objectives_prerequisites_run_and_reading_time(path):
    assert header_problems(header(read(path))) == []


# (b) exercises and their solutions -----------------------------------------------------------

def exercise_problems(nb, number: str) -> list[str]:
    found = exercises(nb)
    problems = [f"cell {i}: {line[:60]!r} is not '**Exercise {number}.k** *(predict, then run"
                f"|code|discuss)*'" for i, m, line in found if m is None]
    found = [(i, m) for i, m, _ in found if m]
    if len(found) < 3:
        problems.append(f"{len(found)} exercises (at least 3)")
    ids = [f"{m[1]}.{m[2]}" for _, m in found]
    if ids != [f"{number}.{k}" for k in range(1, len(ids) + 1)]:
        problems.append(f"exercises numbered {ids}, not {number}.1, {number}.2, ...")
    ends = [i for i, _ in found[1:]] + [len(nb.cells)]
    for (start, m), end in zip(found, ends):
        section = next((j for j in range(start + 1, end) if nb.cells[j].cell_type == "markdown"
                        and not is_solution(nb.cells[j]) and HEADING.match(nb.cells[j].source)),
                       end)
        solutions = [j for j in range(start + 1, section) if is_solution(nb.cells[j])]
        if not solutions:
            problems.append(f"Exercise {m[1]}.{m[2]}: no solution cell before the next "
                            f"exercise or section")
        if m[3] == "code" and not any("assert exercises." in nb.cells[j].source
                                      for j in solutions):
            problems.append(f"Exercise {m[1]}.{m[2]} (code): no solution asserts its checker")
    first = found[0][0] if found else len(nb.cells)
    problems += [f"cell {j}: a solution before the first exercise" for j in range(first)
                 if is_solution(nb.cells[j])]
    return problems


def solution_cell_problems(nb) -> list[str]:
    problems = []
    for i, cell in enumerate(nb.cells):
        if not is_solution(cell):
            continue
        if cell.cell_type == "code" and not cell.metadata.get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {i}: code solution without jupyter.source_hidden (shown open)")
        if cell.cell_type == "markdown" and not DETAILS.match(cell.source.strip()):
            problems.append(f"cell {i}: markdown solution not one <details><summary>Solution"
                            f"</summary> ... </details> block (text outside it is lost to "
                            f"students): ...{cell.source.strip()[-60:]!r}")
    return problems


@pytest.mark.parametrize("path", lesson_params())
def test_three_exercises_each_followed_by_its_solution(path):
    assert exercise_problems(read(path), path.name[:2]) == []


def exercises_inside_other_text(nb) -> list[str]:
    return [f"cell {i}: Exercise {m[1]}.{m[2]} does not start its cell"
            for i, m, _ in exercises(nb) if m and not nb.cells[i].source.startswith(m[0])]


@pytest.mark.parametrize("path", lesson_params(strict=False))
def test_each_exercise_starts_its_own_cell(path):
    """TEACHING.md: "The exercise is a markdown cell that starts with **Exercise NN.k**"."""
    assert exercises_inside_other_text(read(path)) == []


@pytest.mark.parametrize("path", lesson_params())
def test_solutions_are_collapsed(path):
    nb = read(path)
    assert any(is_solution(c) for c in nb.cells), "no solution cells"
    assert solution_cell_problems(nb) == []


# (c) references ------------------------------------------------------------------------------

def reference_problems(nb) -> list[str]:
    last = nb.cells[-1]
    heading = re.sub(r'\A<a id="references"></a>\s*', "", last.source)   # an anchor may come first
    if last.cell_type != "markdown" or not heading.startswith("## References"):
        return [f"the last cell is not '## References' but {last.source[:40]!r}"]
    entries = re.findall(r"^[*-] (.*)$", last.source, re.MULTILINE)
    problems = [] if entries else ["no entries in the references"]
    problems += [f"reference without an https:// link: {e[:60]!r}" for e in entries
                 if not LINK.search(e)]
    text = "\n".join(c.source for c in nb.cells[:-1] if c.cell_type == "markdown")
    for (author, year), cited in sorted(citations(text).items()):
        if not any(e.startswith(author) and year in e for e in entries):
            problems.append(f"{cited!r} has no entry '{author}, ... ({year})' in the references")
    return problems


def citations(text: str) -> dict[tuple[str, str], str]:
    """{(first author, year): as cited} for every paper the text names.

    A name before a year in parentheses or after a comma, or several names ("&", "et al.")
    before a bare year; and any text linked to #references that holds a year.
    """
    found = {}
    for authors, separator, year in NAMED.findall(text):
        if separator == " " and not re.search(r" & | and | et al\.", authors):
            continue                      # "In 2015" is a date, not a citation
        first = re.sub(r"['’]s$", "", authors.split(",")[0].split()[0])   # "Rissanen's (1978)"
        found.setdefault((first, year), f"{authors} ({year})")
    for linked in LINKED.findall(text):
        author = re.match(r"\W*([^\W\d][\w'’-]*)", linked)
        year = re.search(rf"\b{YEAR}", linked)[0]
        found.setdefault((author[1] if author else "?", year), f"[{linked}](#references)")
    return found


@pytest.mark.parametrize("path", lesson_params())
def test_last_cell_lists_every_cited_paper_with_a_link(path):
    assert reference_problems(read(path)) == []


# Hosts whose links in a References cell are not papers or books, so need no entry in
# book/references.bib: software documentation and data-set pages. Any other link there (a DOI,
# an arXiv id, a proceedings, publisher or book page) must be in the bibliography.
NOT_PAPERS = {
    "pytorch.org", "tensorflow.org",                    # framework documentation
    "scikit-learn.org", "numpy.org", "docs.scipy.org",  # library documentation
    "matplotlib.org", "docs.python.org",
    "archive.ics.uci.edu",                              # data-set page (UCI digits)
}
BIB = ROOT / "book" / "references.bib"


def link_key(link: str) -> tuple[str, str]:
    """One form of a link, whatever its case, scheme, "www.", trailing slash or arXiv version.

    ``("doi", "10.1/x")``, ``("arxiv", "1506.02626")`` (from abs/ or pdf/), else ``("url", ...)``.
    """
    bare = re.sub(r"^(?:https?://)?(?:www\.|dx\.)?", "", link.strip().lower()).rstrip("/")
    if bare.startswith("doi.org/"):
        return "doi", bare.removeprefix("doi.org/")
    arxiv = re.match(r"arxiv\.org/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?$", bare)
    return ("arxiv", arxiv[1]) if arxiv else ("url", bare)


def bib_keys(bib_text: str) -> set[tuple[str, str]]:
    """The link_key of every doi, arXiv eprint and url field of every entry."""
    database = pytest.importorskip("pybtex.database").parse_string(bib_text, "bibtex")
    keys = set()
    for entry in database.entries.values():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        keys |= {link_key("doi.org/" + fields["doi"])} if "doi" in fields else set()
        keys |= {("arxiv", link_key("arxiv.org/abs/" + fields["eprint"])[1])} \
            if "eprint" in fields else set()
        keys |= {link_key(fields["url"])} if "url" in fields else set()
    return keys


def links_missing_from_bib(nb, bib_text: str) -> list[str]:
    """The links to papers or books in the last cell that no entry of the bibliography carries."""
    known = bib_keys(bib_text)
    links = re.findall(r"\]\((https?://[^\s]+?)\)(?=[\s.,;:)]|$)", nb.cells[-1].source)
    return [link for link in links
            if re.sub(r"^https?://(?:www\.)?", "", link).split("/")[0] not in NOT_PAPERS
            and link_key(link) not in known]


@pytest.mark.parametrize("path", lesson_params())
def test_every_paper_in_the_references_has_its_entry_in_the_bibliography(path):
    missing = links_missing_from_bib(read(path), BIB.read_text(encoding="utf-8"))
    assert not missing, f"{path.name}: no entry in book/references.bib for {missing}"


# (d) no project bookkeeping in what a student reads ----------------------------------------

def bookkeeping(nb, number: str) -> list[str]:
    words = [w for w in BOOKKEEPING if not (number == PITFALLS and w == "original notebook")]
    return [f"cell {i}: {w!r}" for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
            for w in words if w in c.source.lower()]


@pytest.mark.parametrize("path", lesson_params(strict=False))
def test_markdown_speaks_to_the_student_not_of_the_project(path):
    assert bookkeeping(read(path), path.name[:2]) == []


# (e) the student edition -----------------------------------------------------------------------

@pytest.mark.parametrize("path", every_notebook())
def test_student_edition_has_every_exercise_and_no_solution(path, tmp_path):
    student.write_edition([path], tmp_path)
    teacher, edition = read(path), read(tmp_path / path.name)
    nbformat.validate(edition)
    assert "jupytext" not in edition.metadata, "a student's Jupyter would write a .py twin"
    def lines(nb):
        return [line for _, _, line in exercises(nb)]
    assert lines(edition) == lines(teacher)
    assert not any(is_solution(c) for c in edition.cells)
    assert [c.source for c in edition.cells if c.cell_type == "markdown"
            and "solution-note" not in c.metadata.get("tags", [])] == \
        [c.source for c in teacher.cells if c.cell_type == "markdown" and not is_solution(c)]
    code = [c for c in edition.cells if c.cell_type == "code"]
    assert len(code) == sum(c.cell_type == "code" and not is_solution(c) for c in teacher.cells)
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert not any("NBVAL" in c.source for c in code)
    notes = [c.source for c in edition.cells if "solution-note" in c.metadata.get("tags", [])]
    runs = sum(is_solution(c) and not (i and is_solution(teacher.cells[i - 1]))
               for i, c in enumerate(teacher.cells))
    assert len(notes) == runs, "one note where each run of solution cells was"
    ids = {f"{m[1]}.{m[2]}" for _, m, _ in exercises(teacher) if m}
    assert all(re.fullmatch(r"\*Solution to Exercise (\S+): in the teacher's edition\.\*", n)
               and n.split()[3][:-1] in ids for n in notes)


# (f) the student edition still runs: no cell needs a name that only a solution defined ------

def _code(cell) -> str:
    """Cell source without IPython magics and shell lines, which ast cannot parse."""
    return "\n".join(line[:len(line) - len(line.lstrip())] + "pass"
                     if line.lstrip().startswith(("%", "!")) else line
                     for line in cell.source.splitlines())


def bound_names(tree) -> set[str]:
    """Names a cell binds at module level (assignments, defs, imports, loop targets)."""
    names, todo = set(), list(ast.iter_child_nodes(tree))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue                                   # its body is another scope
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return names


def loaded_names(tree) -> set[str]:
    """Names a cell reads anywhere, minus those it binds anywhere (locals, arguments too)."""
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
             and not isinstance(n.ctx, ast.Load)}
    bound |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments)
              for a in n.posonlyargs + n.args + n.kwonlyargs + [n.vararg, n.kwarg] if a}
    bound |= bound_names(tree)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)} - bound


def names_only_solutions_give(nb) -> list[str]:
    """'cell i uses x' wherever a kept cell reads a name whose last binding was a solution's.

    In the student edition that name is then undefined (NameError), or still the student's
    own stub: either way the cell does not do what it does in the teacher's edition.
    """
    last_binder, problems = {}, []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(_code(cell))
        if not is_solution(cell):
            problems += [f"cell {i} uses {name!r}, last defined by solution cell "
                         f"{last_binder[name][1]}" for name in sorted(loaded_names(tree))
                         if last_binder.get(name, ("student",))[0] == "solution"]
        kind = "solution" if is_solution(cell) else "student"
        last_binder.update({name: (kind, i) for name in bound_names(tree)})
    return problems


@pytest.mark.parametrize("path", every_notebook())
def test_student_edition_needs_no_name_from_a_solution(path):
    assert names_only_solutions_give(read(path)) == []


# The checks themselves can fail ----------------------------------------------------------------

def _nb(*cells):
    made = []
    for kind, source, *tags in cells:
        new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = new(source)
        if tags:
            cell.metadata["tags"] = list(tags)
        if kind == "code" and "solution" in tags:
            cell.metadata["jupyter"] = {"source_hidden": True}
        made.append(cell)
    return nbformat.v4.new_notebook(cells=made)


def test_a_name_only_a_solution_defines_is_caught():
    nb = _nb(("code", "import numpy as np\nx = np.zeros(3)"),
             ("markdown", "**Exercise 10.1** *(code)* Write f."),
             ("code", "def f(a):\n    ...  # your code here"),
             ("code", "def f(a):\n    return a\nhelper = f(1)\nassert exercises.ch10.check(f)",
              "solution"),
             ("code", "for k in range(2):\n    print(helper, x, k, f(k), [j for j in range(k)])"))
    assert names_only_solutions_give(nb) == [
        "cell 4 uses 'f', last defined by solution cell 3",
        "cell 4 uses 'helper', last defined by solution cell 3"]


def test_a_section_inside_a_solution_and_a_missing_solution_are_caught():
    nb = _nb(("markdown", "**Exercise 10.1** *(discuss)* Why?"),
             ("markdown", "<details><summary>Solution</summary>\n\nBecause.\n\n</details>\n\n"
                          "## 2. Next section", "solution"),
             ("markdown", "Text. **Exercise 10.2** *(discuss)* inline, not a line start."),
             ("markdown", "More.\n\n**Exercise 10.2** *(predict)* How?"),
             ("markdown", "## 3. Another section"),
             ("markdown", "<details><summary>Solution</summary>\nLate.\n</details>", "solution"))
    assert solution_cell_problems(nb) == [
        "cell 1: markdown solution not one <details><summary>Solution</summary> ... </details> "
        "block (text outside it is lost to students): ...'Solution</summary>\\n\\nBecause.\\n\\n"
        "</details>\\n\\n## 2. Next section'"]
    assert exercise_problems(nb, "10") == [
        "cell 3: '**Exercise 10.2** *(predict)* How?' is not '**Exercise 10.k** "
        "*(predict, then run|code|discuss)*'",
        "1 exercises (at least 3)"]
    nb.cells[3].source = "More.\n\n**Exercise 10.2** *(code)* How?"
    assert exercises_inside_other_text(nb) == ["cell 3: Exercise 10.2 does not start its cell"]
    assert exercise_problems(nb, "10")[1:] == [
        "Exercise 10.2: no solution cell before the next exercise or section",
        "Exercise 10.2 (code): no solution asserts its checker"]


def test_header_and_references_problems_are_caught():
    assert header_problems("**Learning objectives.** After this you can\n\n* a;\n* b.\n\n"
                           "**Prerequisites.** none. **Run time:** a while. "
                           "**Reading time:** about 20 minutes.") == [
        "no 'papers'", "no run time in seconds ('Run time: about N s')",
        "2 learning objectives listed (3 to 5 bullets)"]
    nb = _nb(("markdown", "As [Han et al. (2015)](#references) and [Zhu & Gupta 2017]"
                          "(#references) show."),
             ("markdown", "## References\n\n- Han, S. et al. (2015). Learning. "
                          "[arXiv](https://arxiv.org/abs/1506.02626)\n- Zhu, M. (2017). To prune."))
    assert reference_problems(nb) == [
        "reference without an https:// link: 'Zhu, M. (2017). To prune.'"]
    nb.cells[1].source = nb.cells[1].source.replace("Zhu, M. (2017)", "Zhu, M. (2018)")
    assert reference_problems(nb)[1:] == [
        "'Zhu & Gupta (2017)' has no entry 'Zhu, ... (2017)' in the references"]
    assert citations("In 2015 [OBD](#references), [the book (Grünwald 2007)](#references), "
                     "LeCun, Denker & Solla (1990), Blier & Ollivier 2018 and Rissanen, 1978 "
                     "and Graves (2011a); Rissanen's (1978) code.") == {
        ("LeCun", "1990"): "LeCun, Denker & Solla (1990)", ("Graves", "2011"): "Graves (2011)",
        ("Blier", "2018"): "Blier & Ollivier (2018)", ("Rissanen", "1978"): "Rissanen (1978)",
        ("the", "2007"): "[the book (Grünwald 2007)](#references)"}


def test_a_paper_missing_from_the_bibliography_is_caught():
    assert link_key("http://arXiv.org/pdf/1506.02626v2.pdf") == ("arxiv", "1506.02626")
    assert link_key("https://dx.doi.org/10.1145/168304.168306/") == ("doi", "10.1145/168304.168306")
    assert link_key("HTTPS://www.Inference.org.uk/itila/") == ("url", "inference.org.uk/itila")
    bib = ("@misc{a, title={A}, eprint={1506.02626}}\n@misc{b, title={B}, doi={10.1/X}}\n"
           "@misc{c, title={C}, url={http://jmlr.org/p.html}}")
    nb = _nb(("markdown", "## References\n\n- [arXiv](https://arxiv.org/abs/1506.02626v1) "
                          "[doi](https://doi.org/10.1/x) [jmlr](https://jmlr.org/p.html/) "
                          "[new](https://arxiv.org/abs/1412.6980) [docs](https://numpy.org/doc/) "
                          "[book](https://doi.org/10.2/b(1)2)."))
    assert links_missing_from_bib(nb, bib) == ["https://arxiv.org/abs/1412.6980",
                                               "https://doi.org/10.2/b(1)2"]


def test_student_edition_of_a_small_notebook(tmp_path):
    nb = _nb(("markdown", "**Exercise 10.1** *(predict, then run)* Guess."),
             ("code", "my_guess = None"),
             ("code", "# NBVAL_IGNORE_OUTPUT\nprint(2)"),
             ("markdown", "<details><summary>Solution</summary>\n2\n</details>", "solution"),
             ("code", "print('shown')", "solution"))
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="2\n")]
    nb.cells[2].execution_count = 3
    before = nbformat.writes(nb)
    edition, counts = student.student_edition(nb)
    assert nbformat.writes(nb) == before                        # the teacher's edition is untouched
    assert counts == {"exercises": ["10.1"], "removed": 2, "notes": 1}
    assert [c.source for c in edition.cells] == [
        nb.cells[0].source, "my_guess = None", "print(2)",
        "*Solution to Exercise 10.1: in the teacher's edition.*"]
    assert edition.cells[2].outputs == [] and edition.cells[2].execution_count is None
