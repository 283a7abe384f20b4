"""One look for every figure of the series: colours per method, font sizes, figure sizes.

A method keeps its colour in every notebook (global magnitude pruning is the
same blue in notebook 02 as in notebook 08), so a reader who has learned the
colours once can read a new figure at a glance. Figure functions ask
:func:`line_styles` for the colour of each label instead of choosing their own;
labels are matched by the words they contain ("global magnitude",
"80% one-shot", "control: same mask, fresh random initial values"), so the
notebooks keep writing labels for people. Controls (random pruning, random
re-initialisation, no penalty) are grey wherever they appear.

Fonts are sized to read on a projector: nothing smaller than 10 pt except the
numbers written inside heatmap cells (9 pt).
"""

from __future__ import annotations

import functools
import re

import matplotlib as mpl
from matplotlib.ticker import MaxNLocator, PercentFormatter

__all__ = ["CONTROL", "METHOD_COLOURS", "CODE_COLOURS", "CODE_TERM_COLOURS", "LAYER_COLOURS", "FORMAT_STYLES",
           "SPLIT_LINESTYLES", "REFERENCE", "OTHER_COLOURS", "FONT_SIZE", "SMALL_FONT", "CELL_FONT",
           "FIGSIZE", "figsize", "method_colour", "line_styles", "code_colour", "styled", "percent_axis", "integer_ticks",
           "legend_outside", "legend_below", "headroom"]

# ---------------------------------------------------------------- colours
CONTROL = "#8c8c8c"
METHOD_COLOURS = {
    "dense": "#333333",
    "magnitude, global": "#0072b2",
    "magnitude, layer-wise": "#56b4e9",
    "random control": CONTROL,
    "one-shot": "#e69f00",
    "iterative, linear": "#009e73",
    "iterative, cubic": "#cc79a7",
    "iterative, fraction of the remaining": "#8c510a",
    "lottery ticket": "#d55e00",
    "re-init control": CONTROL,
    "MDL (noisy weights)": "#882255",
    "signal-to-noise |μ|/σ": "#cc6677",
    "weight decay": "#ddaa33",
    "no penalty": CONTROL,
    "structured, by norm": "#117733",
    "structured, by activation": "#44aa99",
    "unstructured": "#332288",
}
# First match wins, so the specific patterns come before the general ones
# ("fresh random" is the re-init control, not random pruning; "single weights
# removed, magnitude" is the unstructured method, not plain magnitude pruning).
_METHOD_PATTERNS = [
    (r"fresh random|re-?init", "re-init control"),
    (r"ticket|rewound", "lottery ticket"),
    (r"single weights|unstructured", "unstructured"),
    (r"units removed.*activation", "structured, by activation"),
    (r"units removed|thinned|\bstructured", "structured, by norm"),
    (r"\|μ\|/σ|signal-to-noise|\bsnr\b", "signal-to-noise |μ|/σ"),
    (r"\bmdl\b|noisy weights|bits back", "MDL (noisy weights)"),
    (r"weight decay", "weight decay"),
    (r"no penalty", "no penalty"),
    (r"layer-wise|\blayer\b", "magnitude, layer-wise"),
    (r"random", "random control"),
    (r"one-shot", "one-shot"),
    (r"\blinear\b", "iterative, linear"),
    (r"\bcubic\b", "iterative, cubic"),
    (r"of the remaining|geometric", "iterative, fraction of the remaining"),
    (r"global|magnitude|\|μ\|", "magnitude, global"),
    (r"\bdense\b", "dense"),
]
# Labels that name no method (seeds, data sets, sparsity levels) take these in turn.
OTHER_COLOURS = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb", "#000000"]

CODE_COLOURS = {"uniform": "#333333", "two-part": "#0072b2", "prequential": "#009e73",
                "bits back": METHOD_COLOURS["MDL (noisy weights)"]}
CODE_TERM_COLOURS = {"header": "#bbbbbb", "mask": "#332288", "kept weights": "#88ccee",
                     "biases": "#44aa99", "data given model": "#ddcc77"}
LAYER_COLOURS = {"W1": "#ddcc77", "W2": "#aa4499"}
# Speed plots: (colour, marker, legend text) of each way of running a pruned network.
FORMAT_STYLES = {
    "masked dense": (CONTROL, "s", "dense with zeros (mask)"),
    "thinned": (METHOD_COLOURS["structured, by norm"], "o", "thinned (units removed)"),
    "csr": (METHOD_COLOURS["unstructured"], "^", "SciPy CSR"),
    "csc": ("#6699cc", "v", "SciPy CSC"),
    "bsr": ("#aa4499", "d", "SciPy BSR"),
}
SPLIT_LINESTYLES = {"train": "-", "test": "--"}
# A reference level (the dense network, the uniform code): dark, dashed, thin.
REFERENCE = {"color": METHOD_COLOURS["dense"], "linestyle": "--", "linewidth": 1.3}
_LINESTYLES = ["-", "--", ":", "-."]

# ---------------------------------------------------------------- sizes
FONT_SIZE = 11          # axis labels and body text
SMALL_FONT = 10         # legends, tick labels, panel titles: the smallest text but one
CELL_FONT = 9           # numbers inside heatmap cells, the smallest text of all
_RC = {"font.size": FONT_SIZE, "axes.titlesize": FONT_SIZE + 1, "axes.labelsize": FONT_SIZE,
       "xtick.labelsize": SMALL_FONT, "ytick.labelsize": SMALL_FONT, "legend.fontsize": SMALL_FONT,
       "legend.title_fontsize": SMALL_FONT, "figure.titlesize": FONT_SIZE + 2, "lines.linewidth": 1.8,
       "lines.markersize": 5, "legend.framealpha": 0.9, "axes.titlelocation": "center"}

# Inches. A notebook prints "<Figure size WxH with N Axes>" under each figure and
# nbval compares that text, so these are pinned by the stored outputs: change one
# only together with re-running the notebooks. Sizes that grow with the number of
# panels or labels are given per panel (or as a base and a step) and computed.
FIGSIZE = {
    "one panel": (8, 4.5),
    "one panel, low": (8, 4),
    "one panel, narrow": (7, 4.5),
    "one panel, narrow and low": (7, 4),
    "one panel, small": (6, 4),
    "scatter": (6, 5),
    "scatter, wide": (7.5, 4.5),
    "two panels": (11, 4.2),
    "two panels, low": (11, 4),
    "image": (4.6, 4),
}
# Sizes that grow with what is drawn: (inches per column, base width, least width,
# inches per row, base height, least height).
_GROWING = {
    "digits": (1.1, 0, 0, 1.3, 0, 0),                     # per image
    "receptive fields": (1.35, 0, 0, 1.5, 0.6, 0),        # per hidden unit, plus the title
    "histogram panels": (4.2, 0, 0, 0, 3.8, 0),           # per network
    "speed panels": (5.5, 0, 0, 0, 4.2, 0),               # per batch size
    "summary bars": (1.3, 2, 5.0, 0, 4, 0),               # per method
    "code bars": (0.9, 2, 6.0, 0, 4.2, 0),                # per code
    "code length bars": (0, 8, 0, 0.6, 1.6, 0),           # per code, horizontal
    "heatmap": (1.0, 2.5, 6.0, 0.55, 2, 3.5),             # per precision x per sparsity
}


def figsize(kind: str, n_columns: int = 1, n_rows: int = 1) -> tuple[float, float]:
    """Width and height in inches of a figure of ``kind`` (a key of FIGSIZE, or one that grows)."""
    if kind in FIGSIZE:
        return FIGSIZE[kind]
    per_x, base_x, least_x, per_y, base_y, least_y = _GROWING[kind]
    return max(least_x, per_x * n_columns + base_x), max(least_y, per_y * n_rows + base_y)


def method_colour(label: str) -> str | None:
    """The series' colour of the method ``label`` names, or None if it names none.

    Examples
    --------
    >>> method_colour("layer-wise magnitude") == METHOD_COLOURS["magnitude, layer-wise"]
    True
    >>> method_colour("seed 3") is None
    True
    """
    text = str(label).lower()
    for pattern, method in _METHOD_PATTERNS:
        if re.search(pattern, text):
            return METHOD_COLOURS[method]
    return None


def line_styles(labels) -> dict:
    """Colour and line style of each label: its method's colour, else the next of :data:`OTHER_COLOURS`.

    Two labels of one method in the same figure (``"linear: right after each
    cut"`` and ``"linear: after fine-tuning"``) share the colour and differ in
    line style, in order solid, dashed, dotted, dash-dot.
    """
    out, used, others = {}, {}, iter(OTHER_COLOURS * 4)
    for label in labels:
        colour = method_colour(label) or next(others)
        out[label] = {"color": colour, "linestyle": _LINESTYLES[used.get(colour, 0) % len(_LINESTYLES)]}
        used[colour] = used.get(colour, 0) + 1
    return out


def code_colour(label: str) -> str:
    """The colour of a code named by ``label`` ("uniform N log2 K", "two-part, ...", "prequential", ...)."""
    text = str(label).lower()
    for key, colour in CODE_COLOURS.items():
        if key in text:
            return colour
    return OTHER_COLOURS[0]


def styled(func):
    """Decorator: draw ``func``'s figure with the series' fonts, whatever the user's settings.

    Matplotlib reads the settings when each text is made, so the figure keeps
    them when it is drawn after the call; tick labels, made lazily at drawing
    time, get their size set on every axes.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(_RC):
            fig = func(*args, **kwargs)
            # The first figure of a kernel may switch interactive mode on (the inline backend);
            # leaving rc_context would switch it off again and hide every later figure.
            interactive = mpl.is_interactive()
        mpl.interactive(interactive)
        for ax in fig.axes:
            ax.tick_params(which="both", labelsize=SMALL_FONT)
        return fig
    return wrapper


def percent_axis(axis) -> None:
    """Label an axis of fractions as percentages (0.9 -> 90%)."""
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def integer_ticks(axis) -> None:
    """Ticks only at whole numbers (epochs, steps, seeds)."""
    axis.set_major_locator(MaxNLocator(integer=True))


def legend_outside(ax, **kwargs):
    """The legend to the right of the axes, where it covers no data (constrained layout makes room)."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, **kwargs)


def legend_below(fig, ax, ncol: int):
    """One legend for all panels, below them (the entries of ``ax``, which all panels share)."""
    handles, labels = ax.get_legend_handles_labels()
    return fig.legend(handles, labels, loc="outside lower center", ncol=ncol)


def headroom(ax, factor: float = 1.5) -> None:
    """Raise the top of a linear y axis so a legend in an upper corner sits above the data."""
    low, high = ax.get_ylim()
    ax.set_ylim(low, low + factor * (high - low))
