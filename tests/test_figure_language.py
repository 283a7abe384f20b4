"""The figures of the zh-TW edition: every text translated, every glyph in the bundled font,
and the English figures exactly as they were.

The book's zh-TW build executes every notebook with ``MDL_PRUNE_LANGUAGE=zh_TW``
(:mod:`mdl_prune.plots.language`). ``test_notebook_draws_in_zh_TW`` does the same, one test per
notebook, in strict mode (``MDL_PRUNE_STRICT_LABELS=1``): a figure text left in English, a
missing glyph or any other warning lands in the notebook's stderr and fails the test. The
number of figures drawn is printed at the end of the run (``tests/conftest.py``); ``python
tests/test_figure_language.py`` executes the notebooks one after the other and prints it too.
"""

from __future__ import annotations

import os
import pathlib
import re
import string
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from mdl_prune import plots  # noqa: E402
from mdl_prune._checks import InvalidParameterError  # noqa: E402
from mdl_prune.plots import labels_zh_TW, language  # noqa: E402
from notebook_runner import NOTEBOOKS, make_client  # noqa: E402
from test_plots_arguments import CALLS  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LABELS = labels_zh_TW.LABELS


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    language.set_language("en")
    plt.close("all")


@pytest.fixture
def zh_TW(monkeypatch):
    """Figures in zh-TW, in strict mode, every warning an error."""
    monkeypatch.setenv(language.ENV_STRICT, "1")
    language._state["reported"].clear()
    language.set_language("zh_TW")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _literal_text(template: str) -> str:
    """The characters a translation draws itself (the placeholders left out)."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def _drawn_texts(fig) -> list[str]:
    fig.canvas.draw()
    return sorted(t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible())


# ---------------------------------------------------------------- the table and the font
def test_every_character_of_the_table_is_in_the_bundled_font():
    with TTFont(language.FONT_FILE) as font:
        cmap = font.getBestCmap()
    missing = sorted({c for local in LABELS.values() for c in _literal_text(local) if ord(c) not in cmap})
    assert not missing, f"characters not in the font, run scripts/subset_font.py: {''.join(missing)}"


def test_every_entry_draws_with_the_bundled_font_without_a_missing_glyph():
    with matplotlib.rc_context({"font.family": language.font_family()}), warnings.catch_warnings():
        warnings.simplefilter("error")                  # "Glyph ... missing from font(s)" is a UserWarning
        fig = plt.figure(figsize=(8, 2))
        for i, local in enumerate(LABELS.values()):
            fig.text(0.01, i / len(LABELS), _literal_text(local), fontsize=6)
        fig.canvas.draw()


def test_the_font_is_the_renamed_subset_and_small():
    with TTFont(language.FONT_FILE) as font:
        assert font["name"].getDebugName(1) == language.FONT_FAMILY
        assert 5400 < len(font.getBestCmap()) < 8000
    assert language.FONT_FILE.stat().st_size < 5e6
    assert (language.FONT_FILE.parent / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


def test_templates_fill_every_part():
    for english, local in LABELS.items():
        fields = [name for _, name, *_ in string.Formatter().parse(local) if name is not None]
        assert len(fields) == english.count("{}"), (english, local)
        assert local.format(*range(len(fields))), english


def test_table_sections_do_not_hide_each_other():
    sections = [v for k, v in vars(labels_zh_TW).items() if k.startswith("_") and isinstance(v, dict)
                and k != "__builtins__"]
    assert sum(len(s) for s in sections) == len(LABELS), "a key is in two sections: the later one wins"


def test_table_uses_the_glossary_terms(monkeypatch):
    """The rule the book's catalogues follow (book/translation.py), applied to the table."""
    monkeypatch.syspath_prepend(str(ROOT / "book"))
    from translation import term_rules
    problems = [f"{key!r} needs {' or '.join(forms)}: {local!r}"
                for pattern, forms in term_rules("zh_TW") for key, local in LABELS.items()
                if pattern.search(key) and not any(form in local for form in forms)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- translation
@pytest.mark.parametrize("english,local", [
    ("test accuracy", "測試準確率"),                                            # an entry
    ("prunes 90%: |μ|/σ < 0.12", "剪除 90%：|μ|/σ < 0.12"),                     # numbers in a template
    ("global 90%: |w| = 0.265", "全域 90%：|w| = 0.265"),                       # a template in a template
    ("Three ways to reach 95% in 10 steps", "在 10 步內達到 95% 的三種方式"),      # parts reordered
    ("dense\nW1: 4096 of 4096 kept", "稠密網路\nW1：保留 4096 個（共 4096 個）"),   # line by line
    ("two-part, 97.5%,\nshared values", "兩段式編碼，97.5%，共享值"),           # a wrapped label
    ("0.95", "0.95"), ("$\\log_2 K$", "$\\log_2 K$"), ("no such label", "no such label"),
])
def test_translate(english, local):
    assert language.translate(english, "zh_TW") == local
    assert language.translate(english, "en") == english


def test_translation_is_idempotent():
    # A figure drawn twice (bbox_inches="tight" draws twice) must not translate twice.
    for local in LABELS.values():
        fields = [name for _, name, *_ in string.Formatter().parse(local) if name is not None]
        text = local.format(*range(len(fields)))
        assert language.translate(text, "zh_TW") == text


def test_untranslated_words():
    assert language.untranslated_words("剪除 50%：MDL, KL, $\\sigma_w$, W1, h12", "zh_TW") == []
    assert language.untranslated_words("稀疏度 (log scale)", "zh_TW") == ["scale"]
    assert language.untranslated_words("any English", "en") == []


def test_set_language_refuses_another_language_by_name():
    with pytest.raises(InvalidParameterError, match=r"set_language\(\): language must be one of 'en', 'zh_TW'"):
        plots.set_language("fr")
    assert plots.figure_language() == "en"


def test_an_unknown_language_in_the_environment_fails_the_import():
    result = subprocess.run([sys.executable, "-c", "import mdl_prune.plots"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(SRC), language.ENV_LANGUAGE: "fr"})
    assert result.returncode != 0 and "MDL_PRUNE_LANGUAGE must be one of 'en', 'zh_TW'" in result.stderr


# ---------------------------------------------------------------- figures
@pytest.mark.parametrize("fn", list(CALLS), ids=lambda fn: fn.__name__)
def test_every_figure_function_draws_in_zh_TW_without_English_or_missing_glyphs(fn, zh_TW):
    kwargs = {k: v for k, v in CALLS[fn][0].items() if k not in ("title", "ylabel")}   # the defaults
    fig = fn(**kwargs)
    texts = _drawn_texts(fig)
    assert any(any("\u4e00" <= c <= "\u9fff" for c in t) for t in texts), texts


def test_colours_are_chosen_from_the_English_labels(zh_TW):
    curves = {"global magnitude": ([0.0, 0.5], CALLS[plots.accuracy_vs_sparsity][0]["curves"]["a"][1]),
              "random (control)": ([0.0, 0.5], CALLS[plots.accuracy_vs_sparsity][0]["curves"]["a"][1])}
    fig = plots.accuracy_vs_sparsity(curves)
    _drawn_texts(fig)
    colours = [line.get_color() for line in fig.axes[0].get_lines()[:2]]
    assert colours == [plots.style.METHOD_COLOURS["magnitude, global"], plots.style.CONTROL]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2] == ["全域幅度剪枝", "隨機剪枝（對照）"]


def test_tick_labels_that_are_words_are_translated(zh_TW):
    fig = plots.method_table_bars({"MDL (noisy weights)": [0.3, 0.4], "no penalty": [1.0, 1.1]})
    fig.canvas.draw()
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["MDL（含雜訊的權重）", "無懲罰"]


def test_a_text_left_in_English_is_reported_in_strict_mode(zh_TW):
    fig, ax = plt.subplots()
    ax.set_title("a title nobody translated")
    with pytest.raises(language.UntranslatedTextWarning, match="a title nobody translated"):
        fig.canvas.draw()


def test_english_figures_are_unchanged_by_a_round_trip_through_zh_TW():
    def draw():
        fig = plots.summary_bars(**CALLS[plots.summary_bars][0])
        texts = _drawn_texts(fig)
        return texts, bytes(fig.canvas.buffer_rgba())

    before = draw()
    language.set_language("zh_TW")
    in_chinese = draw()
    language.set_language("en")
    assert draw() == before
    assert in_chinese[0] != before[0]
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]
    assert "mdl_prune.plots.language:translate_when_drawn" not in matplotlib.rcParams["figure.hooks"]


def test_importing_the_package_in_English_changes_no_setting():
    code = ("import matplotlib.pyplot; before = dict(matplotlib.rcParams); import mdl_prune.plots as p; "
            "fig = p.summary_bars({'a': __import__('mdl_prune').experiments.summarize([0.9, 0.8])}); "
            "assert dict(matplotlib.rcParams) == before; assert 'draw' not in vars(fig); print('ok')")
    env = {k: v for k, v in os.environ.items() if k != language.ENV_LANGUAGE}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**env, "PYTHONPATH": str(SRC), "MPLBACKEND": "Agg"})
    assert result.stdout.strip() == "ok", result.stderr


# ---------------------------------------------------------------- the notebooks
def run_in_zh_TW(path: pathlib.Path) -> tuple[int, list[str]]:
    """Execute a notebook as the zh-TW book build does, in strict mode: (figures, problems).

    The problems are the error outputs and every stderr output (a missing glyph, an English
    figure text, any other warning), with the cell's number."""
    nb = nbformat.read(path, as_version=4)
    make_client(nb).execute()
    figures, problems = 0, []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            figures += "image/png" in out.get("data", {})
            if out.get("output_type") == "error":
                problems.append(f"cell {i}: {out['ename']}: {out['evalue']}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i} stderr: {out['text']}")
    return figures, problems


def zh_TW_environment() -> dict:
    return {language.ENV_LANGUAGE: "zh_TW", language.ENV_STRICT: "1",
            "PYTHONPATH": os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebook_draws_in_zh_TW(path, monkeypatch, record_property):
    for name, value in zh_TW_environment().items():
        monkeypatch.setenv(name, value)                # the kernel inherits the environment
    figures, problems = run_in_zh_TW(path)
    record_property("zh_TW figures", figures)
    print(f"{path.name}: {figures} figures in zh-TW")
    assert not problems, "\n".join(problems)
    assert figures > 0


if __name__ == "__main__":
    os.environ.update(zh_TW_environment())
    total = 0
    for notebook in NOTEBOOKS:
        n, found = run_in_zh_TW(notebook)
        total += n
        print(f"{notebook.name}: {n} figures, {len(found)} problems", *found, sep="\n  ", flush=True)
    print(f"zh-TW: {total} figures across {len(NOTEBOOKS)} notebooks")
