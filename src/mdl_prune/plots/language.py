"""The language of the figures: the zh-TW edition draws the same figures with Chinese text.

The series' book has a Traditional Chinese edition. Its build executes every notebook a second
time with the environment variable ``MDL_PRUNE_LANGUAGE=zh_TW``, and the figures of that run
go into the zh-TW book. They come from the same plotting code as the English ones: the
plotting functions (and the notebooks) keep writing their labels in English, and this module
translates each text of a figure **when the figure is drawn**, from one table,
:data:`mdl_prune.plots.labels_zh_TW.LABELS` (English -> zh-TW, the terms of
``locales/zh_TW/GLOSSARY.md``). Drawing time is late enough that :mod:`.style` has already
chosen each colour from the English label words, so a method keeps its colour in both editions.

What ``zh_TW`` switches on (when :mod:`mdl_prune.plots` is imported with the variable set, or
with :func:`set_language`):

* **the font**: the series ships a subset of Noto Sans CJK TC (SIL Open Font License, in
  ``plots/fonts/``, made by ``scripts/subset_font.py``). It is registered with Matplotlib and
  ``rcParams["font.family"]`` becomes ``["DejaVu Sans", "Noto Sans CJK TC mdl_prune"]``
  (:func:`font_family`): Matplotlib (>= 3.6) takes each glyph from the first font that has it,
  so letters, digits and symbols look as in the English figures and Chinese characters come
  from Noto. No empty boxes, no "Glyph ... missing" warning.
* **the texts**: a figure hook (``rcParams["figure.hooks"]``, which pyplot runs on every new
  figure) makes each figure translate, each time it is drawn, its titles, axis and colour-bar
  labels, legend entries, annotations, text artists and suptitles, and the tick labels that
  are words. A table entry is a text, or a template whose ``{}`` stand for any part (a number,
  a label): ``"prunes {}: |μ|/σ < {}"``. Each part a template catches is translated in turn,
  so ``"Seed 0 weights and the {} thresholds at {}"`` translates its ``global`` too.
  A text of several lines that is not an entry is translated line by line. Mathtext
  (``$...$``), numbers and symbols stay as they are.

In English (the default) nothing changes: no hook, no font, the figures of the English
edition stay exactly as they are.

**Strict mode.** With ``MDL_PRUNE_STRICT_LABELS=1`` (the zh-TW notebook test sets it), every
drawn text that still holds an English word outside :data:`~.labels_zh_TW.KEPT_WORDS`
(method names, units, variable names) raises an :class:`UntranslatedTextWarning`, once per
text, so a label without its translation shows up in the notebook's stderr.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from mdl_prune.plots import language
>>> language.set_language("zh_TW")
>>> language.translate("test accuracy")
'測試準確率'
>>> language.translate("prunes 50%: |μ|/σ < 0.42")
'剪除 50%：|μ|/σ < 0.42'
>>> fig, ax = plt.subplots()
>>> _ = ax.set_xlabel("sparsity (fraction of weights pruned)")
>>> fig.canvas.draw(); ax.get_xlabel()
'稀疏度（剪除的權重比例）'
>>> language.set_language("en"); plt.close(fig)
"""

from __future__ import annotations

import functools
import os
import pathlib
import re
import warnings

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.axis import Axis
from matplotlib.text import Text
from matplotlib.ticker import Formatter

from .._checks import InvalidParameterError, check_choice, check_instance, describe, validated
from . import labels_zh_TW

__all__ = ["LANGUAGES", "ENV_LANGUAGE", "ENV_STRICT", "FONT_FILE", "FONT_FAMILY", "TABLES",
           "UntranslatedTextWarning", "figure_language", "set_language", "font_family", "translate",
           "untranslated_words", "translate_when_drawn"]

LANGUAGES = ("en", "zh_TW")
ENV_LANGUAGE = "MDL_PRUNE_LANGUAGE"
ENV_STRICT = "MDL_PRUNE_STRICT_LABELS"
FONT_FILE = pathlib.Path(__file__).resolve().parent / "fonts" / "NotoSansCJKtc-Regular-subset.otf"
FONT_FAMILY = "Noto Sans CJK TC mdl_prune"      # the subset's own family name (scripts/subset_font.py)
TABLES = {"zh_TW": labels_zh_TW.LABELS}
_KEPT_WORDS = {"zh_TW": frozenset(labels_zh_TW.KEPT_WORDS)}
_HOOK = "mdl_prune.plots.language:translate_when_drawn"
# The language in force, and the font family it replaced (put back by set_language("en")).
_state = {"language": "en", "replaced_family": None, "reported": set()}

_LETTER = re.compile(r"[A-Za-z]")
_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_']*")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


class UntranslatedTextWarning(UserWarning):
    """A figure text drawn in the zh-TW edition still holds an English word (strict mode)."""


def figure_language() -> str:
    """The language the figures are drawn in: ``"en"`` or ``"zh_TW"``."""
    return _state["language"]


@validated
def set_language(language: str) -> None:
    """Draw the figures made from now on (and redraws of earlier ones) in ``language``.

    Parameters
    ----------
    language : {"en", "zh_TW"}
        ``"zh_TW"`` registers the bundled CJK font, makes it the fallback of DejaVu Sans and
        translates every figure text at drawing time; ``"en"`` undoes both.
    """
    language = check_choice(language, "language", LANGUAGES)
    hooks = [h for h in mpl.rcParams["figure.hooks"] if h != _HOOK]
    if language == "en":
        if _state["replaced_family"] is not None and mpl.rcParams["font.family"] == font_family():
            mpl.rcParams["font.family"] = _state["replaced_family"]
        _state["replaced_family"] = None
        mpl.rcParams["figure.hooks"] = hooks
    else:
        if _state["replaced_family"] is None:
            _state["replaced_family"] = list(mpl.rcParams["font.family"])
        mpl.rcParams["font.family"] = font_family()
        mpl.rcParams["figure.hooks"] = [*hooks, _HOOK]
    _state["language"] = language


@functools.cache
def _register_font() -> None:
    font_manager.fontManager.addfont(str(FONT_FILE))


def font_family() -> list[str]:
    """The font list of the zh-TW figures: DejaVu Sans, then the series' CJK font.

    Registers the bundled font with Matplotlib on first use. Give the list to
    ``rcParams["font.family"]`` (or ``plt.rc_context``) to draw Chinese text with it.

    Examples
    --------
    >>> font_family()
    ['DejaVu Sans', 'Noto Sans CJK TC mdl_prune']
    """
    _register_font()
    return ["DejaVu Sans", FONT_FAMILY]


@functools.cache
def _compiled(language: str) -> tuple[dict, list]:
    """The table of ``language``: exact entries, and templates as (regular expression, translation),
    the most specific first (the most literal characters)."""
    table = TABLES[language]
    exact = {english: local for english, local in table.items() if "{}" not in english}
    templates = sorted((english for english in table if "{}" in english),
                       key=lambda english: -len(english.replace("{}", "")))
    # A part stays within one line, unless the template itself spans lines.
    return exact, [(re.compile(("(.+?)" if "\n" in english else "([^\n]+?)").join(
        map(re.escape, english.split("{}"))), re.S), table[english]) for english in templates]


@functools.lru_cache(maxsize=8192)
def _translated(text: str, language: str, depth: int = 0) -> str:
    """``text`` in ``language``: an exact entry, a template, line by line, or unchanged."""
    exact, templates = _compiled(language)
    if text in exact:
        return exact[text]
    if depth > 4 or not _LETTER.search(text):
        return text                      # numbers and symbols stay as they are
    for pattern, local in templates:
        match = pattern.fullmatch(text)
        if match:
            filled = local.format(*(_translated(part, language, depth + 1) for part in match.groups()))
            return _CJK_SPACE.sub("", filled)     # "與 {} 剪除" around a word in Chinese: no spaces
    if "\n" in text:
        lines = text.split("\n")
        local_lines = [_translated(line, language, depth + 1) for line in lines]
        if local_lines != lines:
            return "\n".join(local_lines)
        unwrapped = " ".join(line.strip() for line in lines)     # a label wrapped by textwrap
        local = _translated(unwrapped, language, depth + 1)
        if local != unwrapped:
            return local
    return text


@validated
def translate(text: str, language: str | None = None) -> str:
    """``text`` as the figures of ``language`` show it (default: the current figure language).

    Parameters
    ----------
    text : str
        A figure text in English.
    language : {"en", "zh_TW"}, optional

    Returns
    -------
    str
        Its translation from the table; the text itself in English, or if the table has no entry.
    """
    text = check_instance(text, "text", str, "a string")
    language = figure_language() if language is None else check_choice(language, "language", LANGUAGES)
    return text if language == "en" else _translated(text, language)


@validated
def untranslated_words(text: str, language: str | None = None) -> list[str]:
    """The English words left in a drawn ``text``: words of two letters or more, outside mathtext,
    that are not in the kept words of ``language`` (default: the current figure language).

    Examples
    --------
    >>> untranslated_words("剪除 50%：|μ|/σ < 0.42 (MDL, $w_{ij}$)", "zh_TW")
    []
    >>> untranslated_words("稀疏度 (fraction of weights, log scale)", "zh_TW")
    ['fraction', 'of', 'weights', 'scale']
    """
    text = check_instance(text, "text", str, "a string")
    language = figure_language() if language is None else check_choice(language, "language", LANGUAGES)
    if language == "en":
        return []
    kept = _KEPT_WORDS[language]
    return [word for word in _WORD.findall(_MATH.sub(" ", text))
            if sum(c.isalpha() for c in word) >= 2 and word not in kept]


def _shown(text: str) -> str:
    """The text a figure draws: translated, and reported in strict mode if English is left in it."""
    language = figure_language()
    local = _translated(text, language)
    if os.environ.get(ENV_STRICT, "") not in ("", "0") and text not in _state["reported"]:
        words = untranslated_words(local, language)
        if words:
            _state["reported"].add(text)
            warnings.warn(f"figure text not translated to {language}: {text!r} (English words {words}); "
                          f"add it to mdl_prune/plots/labels_{language}.py", UntranslatedTextWarning,
                          stacklevel=3)
    return local


class _TranslatedTicks(Formatter):
    """A tick formatter that translates the labels of the formatter it wraps (word tick labels:
    methods on a bar chart's axis); numbers pass unchanged."""

    def __init__(self, inner: Formatter):
        self.inner = inner

    def __call__(self, x, pos=None):
        return _shown(self.inner(x, pos))

    def format_ticks(self, values):
        return [_shown(label) for label in self.inner.format_ticks(values)]

    def set_locs(self, locs):
        self.inner.set_locs(locs)

    def get_offset(self):
        return self.inner.get_offset()

    def format_data(self, value):
        return self.inner.format_data(value)

    def format_data_short(self, value):
        return self.inner.format_data_short(value)


def _translate_figure(fig) -> None:
    """Translate every text of ``fig`` in place, and wrap its tick formatters (once)."""
    if figure_language() == "en":
        return
    for text in fig.findobj(Text):
        shown = _shown(text.get_text())
        if shown != text.get_text():
            text.set_text(shown)
    for axis in fig.findobj(Axis):
        for ticker in (axis.major, axis.minor):
            if not isinstance(ticker.formatter, _TranslatedTicks):
                ticker.formatter = _TranslatedTicks(ticker.formatter)


def translate_when_drawn(fig) -> None:
    """The figure hook: from now on, ``fig`` translates its texts each time it is drawn.

    :func:`set_language` puts it in ``rcParams["figure.hooks"]``, so pyplot calls it on every
    new figure. The texts are translated in place just before the figure draws itself, so the
    layout (constrained layout, ``bbox_inches="tight"``) measures the Chinese text.
    """
    if "draw" in vars(fig):
        return                                  # already wrapped
    draw = fig.draw

    @functools.wraps(draw)
    def draw_translated(renderer, *args, **kwargs):
        _translate_figure(fig)
        return draw(renderer, *args, **kwargs)

    fig.draw = draw_translated


def _from_environment() -> None:
    """Apply ``MDL_PRUNE_LANGUAGE`` (unset or empty: English)."""
    value = os.environ.get(ENV_LANGUAGE, "")
    if value not in ("", *LANGUAGES):
        raise InvalidParameterError(ENV_LANGUAGE, "one of 'en', 'zh_TW' (or unset)", describe(value))
    if value not in ("", "en"):
        set_language(value)


_from_environment()
