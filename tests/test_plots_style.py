"""The series' look: one colour per method everywhere, text large enough for a projector."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from mdl_prune import plots  # noqa: E402
from mdl_prune.plots import style  # noqa: E402
from test_plots_arguments import CALLS  # noqa: E402

CELL_TEXT = {"description_length_heatmap", "pixel_usage_map"}     # numbers written in heatmap cells


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("label,method", [
    ("global magnitude", "magnitude, global"),
    ("prune by |μ|", "magnitude, global"),
    ("global 90%", "magnitude, global"),
    ("layer-wise magnitude", "magnitude, layer-wise"),
    ("layer W1", "magnitude, layer-wise"),
    ("random (control)", "random control"),
    ("control: same mask, fresh random initial values", "re-init control"),
    ("winning ticket: survivors rewound to their initial values", "lottery ticket"),
    ("80% one-shot", "one-shot"),
    ("linear: after fine-tuning", "iterative, linear"),
    ("cubic to 90%", "iterative, cubic"),
    ("9.2% of the remaining each step (PyTorch-style)", "iterative, fraction of the remaining"),
    ("MDL (noisy weights)", "MDL (noisy weights)"),
    ("prune by |μ|/σ", "signal-to-noise |μ|/σ"),
    ("weight decay", "weight decay"),
    ("no penalty", "no penalty"),
    ("units removed, norm", "structured, by norm"),
    ("units removed, activation", "structured, by activation"),
    ("single weights removed, magnitude", "unstructured"),
    ("dense", "dense"),
])
def test_a_method_has_one_colour_whatever_the_label(label, method):
    assert style.method_colour(label) == style.METHOD_COLOURS[method]


@pytest.mark.parametrize("label", ["seed 0", "blobs", "90% pruned", "mdl_prune: SGD + momentum", "precise"])
def test_labels_that_name_no_method_have_no_method_colour(label):
    assert style.method_colour(label) is None


def test_line_styles_share_colour_and_vary_line_for_one_method():
    lines = style.line_styles(["linear: right after each cut", "linear: after fine-tuning", "seed 0", "seed 1"])
    a, b, c, d = lines.values()
    assert a["color"] == b["color"] == style.METHOD_COLOURS["iterative, linear"]
    assert (a["linestyle"], b["linestyle"]) == ("-", "--")
    assert c["color"] != d["color"] and c["color"] not in style.METHOD_COLOURS.values()


def test_figure_size_of_growing_figures():
    assert style.figsize("summary bars", 5) == (8.5, 4)
    assert style.figsize("summary bars", 1) == (5.0, 4)
    assert style.figsize("heatmap", 8, 8) == (10.5, 6.4)
    assert style.figsize("one panel") == (8, 4.5)


@pytest.mark.parametrize("fn", list(CALLS), ids=lambda fn: fn.__name__)
def test_every_text_reads_on_a_projector(fn):
    fig = fn(**CALLS[fn][0])
    fig.canvas.draw()                      # tick labels are made while drawing, after the call
    cells = {id(t) for ax in fig.axes for t in ax.texts} if fn.__name__ in CELL_TEXT else set()
    for text in fig.findobj(Text):
        if not text.get_text() or not text.get_visible():
            continue
        least = style.CELL_FONT if id(text) in cells else style.SMALL_FONT
        assert text.get_fontsize() >= least, (text.get_text(), text.get_fontsize())


def test_the_style_does_not_leak_into_the_users_settings():
    before = dict(matplotlib.rcParams)
    kwargs, _ = CALLS[plots.training_curves]
    plots.training_curves(**kwargs)
    assert dict(matplotlib.rcParams) == before
