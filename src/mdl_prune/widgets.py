"""Sliders and a button that redraw a figure: what a teacher turns in class.

``ipywidgets.interact_manual`` lets the Output widget capture what the callback
prints and shows while the kernel may be handling other messages; with
ipykernel 7 the front end's sync of that Output widget (sent as soon as the first
printed line arrives) is handled in the middle of the drawing, and the first
click shows a half-drawn figure. :class:`SliderFigure` captures nothing: on a
click it draws the figure completely, renders it to PNG bytes, and replaces the
output area's contents in one assignment, so whatever the kernel does between
messages, the reader sees either the previous figure or the complete new one.

Needs ``ipywidgets`` (installed with Jupyter, Colab and Binder)::

    def draw(sparsity, scope):
        pruned = prune.magnitude_prune(net, sparsity, scope=scope)
        return f"test accuracy {pruned.accuracy(X, y):.1%}", plots.mask_heatmaps(pruned)

    SliderFigure(draw, {"sparsity": FloatSlider(0.9, min=0, max=1), "scope": Dropdown(...)})
"""

from __future__ import annotations

import base64
import io
import traceback
from collections.abc import Callable, Mapping

import ipywidgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ._checks import InvalidParameterError, check_instance, check_mapping, describe, validated

__all__ = ["SliderFigure", "figure_output"]

# What a reader without a live kernel (GitHub, nbviewer, an HTML copy) sees instead of the controls.
STATIC_TEXT = "[sliders and a button: they appear when this cell runs in Jupyter, Colab or Binder]"


@validated
def figure_output(fig: Figure, text: str = "") -> tuple[dict, ...]:
    """The outputs that show ``text`` then ``fig`` as a PNG, in the notebook's JSON format.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure, drawn completely here (``savefig`` renders every artist before it writes).
    text : str
        Printed above the figure, as a cell's ``print`` would; nothing when empty.

    Returns
    -------
    tuple of dict
        A ``stream`` output (when ``text`` is not empty) and a ``display_data`` output with
        ``image/png`` (base64, as the kernel sends it), ready for ``Output.outputs``.
    """
    check_instance(fig, "fig", Figure, "a matplotlib Figure")
    check_instance(text, "text", str, "a string")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")   # as the inline backend shows it
    image = {"output_type": "display_data", "metadata": {},
             "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                      "text/plain": repr(fig)}}
    if not text:
        return (image,)
    stream = {"output_type": "stream", "name": "stdout",
              "text": text if text.endswith("\n") else text + "\n"}
    return (stream, image)


def _error_output(exc: BaseException) -> tuple[dict, ...]:
    """The traceback of a failed drawing, shown where the figure would be."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return ({"output_type": "stream", "name": "stderr", "text": text},)


class SliderFigure:
    """Controls, a button and an output area; each click replaces the figure with a new one.

    Parameters
    ----------
    draw : callable
        Called with the controls' values as keyword arguments (``draw(sparsity=0.9, ...)``);
        returns ``(text, fig)``: a line to print above the figure and a matplotlib Figure. The
        figure is closed after it is rendered, so it never shows up again at the next cell.
    controls : dict of str -> ipywidgets.ValueWidget
        The sliders (or drop-downs), by the name of the keyword argument each one sets.
    button : str
        The button's label.

    Attributes
    ----------
    button : ipywidgets.Button
    output : ipywidgets.Output
        Its ``outputs`` are set in one assignment per click, never captured from printing.
    widget : ipywidgets.VBox
        The controls, the button and the output area; displaying a ``SliderFigure`` shows it.
    """

    @validated
    def __init__(self, draw: Callable, controls: Mapping, *, button: str = "Draw"):
        if not callable(draw):
            raise InvalidParameterError("draw", "a function returning (text, matplotlib Figure)",
                                        describe(draw))
        self.controls = check_mapping(controls, "controls", "ipywidgets slider (a ValueWidget)")
        for name, control in self.controls.items():
            if not (isinstance(name, str) and name.isidentifier()):
                raise InvalidParameterError("controls", "keyed by names of keyword arguments of "
                                            "draw", describe(name))
            check_instance(control, f"controls[{name!r}]", ipywidgets.ValueWidget,
                           "an ipywidgets slider or other ValueWidget")
        self.draw = draw
        self.button = ipywidgets.Button(description=check_instance(button, "button", str,
                                                                   "a string"))
        self.output = ipywidgets.Output()
        self.widget = ipywidgets.VBox([*self.controls.values(), self.button, self.output])
        self.button.on_click(self.redraw)

    def values(self) -> dict:
        """The controls' current values, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def render(self) -> tuple[dict, ...]:
        """Call ``draw`` with the current values and return its outputs (the figure closed)."""
        result = self.draw(**self.values())
        if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], str)
                and isinstance(result[1], Figure)):
            raise InvalidParameterError("draw", "a function returning (text, matplotlib Figure)",
                                        "one returning " + describe(result))
        text, fig = result
        try:
            return figure_output(fig, text)
        finally:
            plt.close(fig)

    def redraw(self, _button=None) -> None:
        """Draw with the current values and show the result: one assignment to ``output.outputs``.

        A failure shows its traceback in the output area instead of the figure (a callback's
        exception would otherwise go only to the kernel's log, where no student looks).
        """
        label = self.button.description
        self.button.disabled, self.button.description = True, "Drawing..."
        try:
            outputs = self.render()
        except Exception as exc:  # noqa: BLE001 -- shown to the reader, not swallowed
            outputs = _error_output(exc)
        finally:
            self.button.disabled, self.button.description = False, label
        self.output.outputs = outputs

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = STATIC_TEXT
        return bundle
