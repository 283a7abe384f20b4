"""Figures of structured pruning and speed (notebook 08): removing units against removing
single weights, and the measured speed-up of each way of running a pruned network."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._checks import InvalidParameterError, check_fraction, check_int, validated
from . import style
from ._args import check_fractions, check_has, check_labelled, check_pair, check_text, check_values

__all__ = ["structured_vs_unstructured", "speedup_curves"]

_SWEEP = ("a speed.SpeedSweep", ("sparsities", "speedups", "dense_time"))


def _check_units(units_kept) -> np.ndarray:
    """A non-empty 1-D array of positive whole numbers."""
    x = check_values(units_kept, "units_kept")
    if np.any(x <= 0) or np.any(x != np.round(x)):
        raise InvalidParameterError("units_kept", "a non-empty 1-D sequence of positive integers",
                                    repr(units_kept))
    return x


@validated
@style.styled
def structured_vs_unstructured(units_kept: ArrayLike, curves: dict, dense_accuracy: float | None = None,
                               weights_per_unit: int | None = None,
                               title: str = "Removing hidden units vs removing single weights") -> Figure:
    """Test accuracy against hidden units kept, right after pruning and after fine-tuning.

    Parameters
    ----------
    units_kept : sequence of int
        Hidden units kept at each point (the x axis).
    curves : dict of str -> (accuracies before fine-tuning, accuracies after)
        One entry per method; each sequence as long as ``units_kept``. A
        method compared "at the same number of weights" is drawn at the
        units-kept value with that many weights.
    dense_accuracy : float, optional
        The unpruned network's accuracy, drawn as a dashed line.
    weights_per_unit : int, optional
        Weights per hidden unit (``n_in + n_out``): adds a second row of tick labels in weights kept.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    x = _check_units(units_kept)

    def check_curve(value, name):
        pair = check_pair(value, name, "(accuracies before fine-tuning, accuracies after)")
        pair = tuple(check_fractions(acc, f"{name}[{k}]") for k, acc in enumerate(pair))
        if any(acc.shape != x.shape for acc in pair):
            raise InvalidParameterError(name, f"{name} has {pair[0].size} and {pair[1].size} points, "
                                              f"units_kept has {x.size}; they must match")
        return pair

    curves = check_labelled(curves, "curves", "(accuracies before fine-tuning, accuracies after)", check_curve)
    if dense_accuracy is not None:
        dense_accuracy = check_fraction(dense_accuracy, "dense_accuracy")
    if weights_per_unit is not None:
        weights_per_unit = check_int(weights_per_unit, "weights_per_unit", low=1)
    title = check_text(title, "title")
    fig, axes = plt.subplots(1, 2, figsize=style.figsize("two panels"), sharey=True, constrained_layout=True)
    for ax, which, name in zip(axes, (0, 1), ("right after pruning", "after fine-tuning")):
        for label, line in style.line_styles(curves).items():
            ax.plot(x, curves[label][which], marker="o", markersize=5, **line, label=label)
        if dense_accuracy is not None:
            ax.axhline(dense_accuracy, **style.REFERENCE, label="dense, all units")
        ax.set_xscale("log", base=2)
        if weights_per_unit is None:
            ax.set_xticks(x, [str(int(k)) for k in x])
            ax.set_xlabel("hidden units kept (log scale)")
        else:
            ax.set_xticks(x, [f"{int(k)}\n{int(k * weights_per_unit)}" for k in x])
            ax.set_xlabel("hidden units kept (above) and weights kept (below), log scale")
        ax.minorticks_off()
        ax.set_title(name)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("test accuracy (fraction correct)")
    style.legend_below(fig, axes[0], ncol=len(curves) + (dense_accuracy is not None))
    fig.suptitle(title)
    return fig


@validated
@style.styled
def speedup_curves(sweeps: dict, title: str = "Prediction speed-up over the dense network") -> Figure:
    """Measured speed-up against sparsity, one panel per batch size.

    Parameters
    ----------
    sweeps : dict of str -> speed.SpeedSweep
        Panel title (e.g. ``"batch 1"``) and the sweep measured for it.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Speed-up = dense time / variant time, on a log scale; the dotted line
        is the ideal ``1 / (1 - sparsity)`` of doing only the kept work.
    """
    sweeps = check_labelled(sweeps, "sweeps", "speed.SpeedSweep", lambda s, name: check_has(s, name, _SWEEP))
    title = check_text(title, "title")
    fig, axes = plt.subplots(1, len(sweeps), figsize=style.figsize("speed panels", len(sweeps)), sharey=True,
                             constrained_layout=True, squeeze=False)
    for ax, (name, sweep) in zip(axes[0], sweeps.items()):
        s = np.asarray(sweep.sparsities, dtype=float)
        fine = np.linspace(0.0, s.max(), 200)
        ax.plot(fine, 1.0 / (1.0 - fine), ":", color="0.2", label="ideal 1/(1-sparsity)")
        ax.axhline(1.0, **style.REFERENCE, label="dense (1×)")
        for k, (label, speedup) in enumerate(sweep.speedups.items()):
            colour, marker, shown = style.FORMAT_STYLES.get(
                label, (style.OTHER_COLOURS[k % len(style.OTHER_COLOURS)], "o", label))
            ax.plot(s, speedup, marker=marker, color=colour, label=shown)
        ax.set_yscale("log")
        style.percent_axis(ax.xaxis)
        ax.set(xlabel="weights removed (% of all weights)",
               title=f"{name} (dense: {sweep.dense_time * 1e3:.3g} ms)")
        ax.grid(alpha=0.3, which="both")
    axes[0][0].set_ylabel("speed-up over dense (×, log scale)")
    style.legend_below(fig, axes[0][0], ncol=3)
    fig.suptitle(title)
    return fig
