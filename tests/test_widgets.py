"""SliderFigure: one click, one complete figure, set in one assignment; bad arguments refused."""

import base64
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipywidgets import Dropdown, FloatSlider, IntSlider
from PIL import Image

from mdl_prune._checks import InvalidParameterError
from mdl_prune.widgets import STATIC_TEXT, SliderFigure, figure_output


def draw_histogram(sparsity, bins):
    """A figure like the notebooks' (a histogram with a threshold), and a line about it."""
    weights = np.random.default_rng(0).normal(size=4000)
    threshold = np.quantile(np.abs(weights), sparsity)
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.hist(weights, bins=bins)
    for sign in (-1, 1):
        ax.axvline(sign * threshold, color="C3", linestyle="--")
    ax.set(title=f"threshold {threshold:.3f}", xlabel="weight", ylabel="count")
    return f"sparsity {sparsity:.0%}: threshold {threshold:.3f}", fig


def panel(**kwargs):
    controls = {"sparsity": FloatSlider(value=0.5, min=0.0, max=1.0),
                "bins": IntSlider(value=40, min=5, max=100)}
    return SliderFigure(kwargs.pop("draw", draw_histogram), controls, **kwargs)


def png_pixels(output) -> np.ndarray:
    png = base64.b64decode(output["data"]["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 10_000, len(png)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_a_click_sets_the_text_and_one_complete_figure_in_one_assignment():
    figure = panel()
    changes = []
    figure.output.observe(changes.append, names="outputs")
    before = set(plt.get_fignums())
    figure.controls["sparsity"].value = 0.9
    figure.button.click()
    assert len(changes) == 1                                   # replaced once, never piecemeal
    text, image = figure.output.outputs
    assert text == {"output_type": "stream", "name": "stdout",
                    "text": "sparsity 90%: threshold " + text["text"].split()[-1] + "\n"}
    assert image["output_type"] == "display_data"
    pixels = png_pixels(image)
    assert pixels.shape[0] > 200 and pixels.shape[1] > 400     # the 8 x 4 inch figure, not a sliver
    assert pixels.std() > 20                                   # drawn, not a blank area
    assert set(plt.get_fignums()) == before                    # closed: no copy at the next cell
    assert not figure.button.disabled and figure.button.description == "Draw"


def test_every_click_replaces_the_previous_figure():
    figure = panel()
    pngs = []
    for bins in (10, 60, 10):
        figure.controls["bins"].value = bins
        figure.redraw()
        assert [o["output_type"] for o in figure.output.outputs] == ["stream", "display_data"]
        pngs.append(figure.output.outputs[1]["data"]["image/png"])
    assert pngs[0] != pngs[1] and pngs[0] == pngs[2]     # the values drawn are the current ones


def test_figure_output_without_text_is_the_image_alone():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    (image,) = figure_output(fig)
    plt.close(fig)
    assert image["data"]["text/plain"].startswith("<Figure")


def test_a_failing_draw_shows_its_error_where_the_figure_would_be():
    def broken(sparsity, bins):
        raise ZeroDivisionError("no weights left")

    figure = panel(draw=broken)
    figure.redraw()
    (error,) = figure.output.outputs
    assert error["name"] == "stderr" and "ZeroDivisionError: no weights left" in error["text"]
    assert not figure.button.disabled


def test_draw_must_return_text_and_a_figure():
    figure = panel(draw=lambda sparsity, bins: plt.figure())
    figure.redraw()
    (error,) = figure.output.outputs
    assert "draw must be a function returning (text, matplotlib Figure)" in error["text"]
    plt.close("all")


def test_displaying_shows_the_controls_and_tells_a_static_reader_what_they_are():
    figure = panel()
    bundle = figure._repr_mimebundle_()
    assert bundle["text/plain"] == STATIC_TEXT
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == figure.widget.model_id
    assert figure.widget.children[:2] == tuple(figure.controls.values())


@pytest.mark.parametrize("kwargs, parameter", [
    ({"draw": "show_threshold"}, "draw"),
    ({"controls": {}}, "controls"),
    ({"controls": [FloatSlider()]}, "controls"),
    ({"controls": {"not a name": FloatSlider()}}, "controls"),
    ({"controls": {"sparsity": 0.5}}, "controls\\['sparsity'\\]"),
    ({"button": 3}, "button"),
])
def test_bad_arguments_are_refused_by_name(kwargs, parameter):
    args = {"draw": draw_histogram, "controls": {"scope": Dropdown(options=["global", "layer"])}}
    args.update(kwargs)
    with pytest.raises(InvalidParameterError, match=f"SliderFigure\\(\\): {parameter}"):
        SliderFigure(args.pop("draw"), args.pop("controls"), **args)


def test_figure_output_refuses_what_is_not_a_figure():
    with pytest.raises(InvalidParameterError, match=r"figure_output\(\): fig must be a matplotl"):
        figure_output(np.zeros((4, 4)))
