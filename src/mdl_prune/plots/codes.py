"""Figures of description lengths in bits (notebooks 06 and 07): a two-part code term by term,
the total over sparsity x precision, codes side by side, and bits against accuracy."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import ArrayLike

from .._checks import InvalidParameterError, check_array, validated
from . import style
from ._args import (check_fractions, check_has, check_labelled, check_pair, check_positive_bits,
                    check_text, check_values)

__all__ = ["code_breakdown", "description_length_heatmap", "code_length_bars", "bits_vs_accuracy"]

_TERMS = {"header_bits": "header", "mask_bits": "mask", "weight_bits": "kept weights",
          "bias_bits": "biases", "data_bits": "data given model"}
_DESCRIPTION_LENGTH = ("an mdl.DescriptionLength", tuple(_TERMS))
_UNIFORM_LABEL = "uniform code N log2 K"


def _optional_bits(value, name: str):
    return None if value is None else check_positive_bits(value, name)


@validated
@style.styled
def code_breakdown(codes: dict, uniform_bits: float | None = None,
                   title: str = "Two-part code, term by term") -> Figure:
    """Stacked bars of a two-part code's terms (header, mask, weights, biases, data), in bits.

    Parameters
    ----------
    codes : dict of str -> mdl.DescriptionLength
        Label of each bar and its description length.
    uniform_bits : float, optional
        The uniform code N·log2 K, drawn as a dashed line.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    codes = check_labelled(codes, "codes", "mdl.DescriptionLength",
                           lambda d, name: check_has(d, name, _DESCRIPTION_LENGTH))
    uniform_bits, title = _optional_bits(uniform_bits, "uniform_bits"), check_text(title, "title")
    labels = list(codes)
    fig, ax = plt.subplots(figsize=style.figsize("code bars", len(labels)), constrained_layout=True)
    bottom = np.zeros(len(labels))
    for field, name in _TERMS.items():
        vals = np.array([getattr(codes[k], field) for k in labels], dtype=float)
        ax.bar([str(k) for k in labels], vals, bottom=bottom, color=style.CODE_TERM_COLOURS[name], label=name)
        bottom += vals
    if uniform_bits is not None:
        ax.axhline(uniform_bits, **style.REFERENCE, label=_UNIFORM_LABEL)
    ax.set(ylabel="code length (bits)", title=title)
    ax.grid(axis="y", alpha=0.3)
    style.legend_outside(ax, reverse=True)     # top term first, as stacked
    return fig


def _check_grid(sparsities, precisions, total_bits) -> tuple:
    """Row labels (fractions), column labels (bits per value >= 1) and a matching positive grid of bits."""
    sparsities = check_fractions(sparsities, "sparsities")
    bits = check_values(precisions, "precisions")
    if np.any(bits < 1) or np.any(bits != np.round(bits)):
        raise InvalidParameterError("precisions", "whole numbers of bits per value >= 1", repr(precisions))
    precisions = [int(b) for b in bits]
    tb = check_array(total_bits, "total_bits", ndim=2)
    if tb.shape != (len(sparsities), len(precisions)):
        raise InvalidParameterError("total_bits", f"total_bits must have shape ({len(sparsities)}, "
                                                  f"{len(precisions)}) (sparsities x precisions), got {tb.shape}")
    if np.any(tb <= 0):
        raise InvalidParameterError("total_bits", "positive numbers of bits", f"a minimum of {tb.min():g}")
    return sparsities, precisions, tb


@validated
@style.styled
def description_length_heatmap(sparsities: ArrayLike, precisions: ArrayLike, total_bits: ArrayLike,
                               uniform_bits: float | None = None,
                               title: str = "Total description length (bits)") -> Figure:
    """Heatmap of the total code length over sparsity x precision, the shortest cell outlined.

    The colours and the colour bar show what the cells' numbers show: total / uniform code
    when ``uniform_bits`` is given, else total bits (both on a log scale).

    Parameters
    ----------
    sparsities : sequence of float
        Row labels (fraction of weights pruned).
    precisions : sequence of int
        Column labels (bits per value; 32 = float32).
    total_bits : array_like, shape (len(sparsities), len(precisions))
    uniform_bits : float, optional
        If given, each cell shows total / uniform, and 1 (the uniform code) is marked on the colour bar.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    sparsities, precisions, tb = _check_grid(sparsities, precisions, total_bits)
    uniform_bits, title = _optional_bits(uniform_bits, "uniform_bits"), check_text(title, "title")
    shown = tb / uniform_bits if uniform_bits is not None else tb
    fig, ax = plt.subplots(figsize=style.figsize("heatmap", len(precisions), len(sparsities)),
                           constrained_layout=True)
    norm = LogNorm(shown.min(), shown.max()) if shown.max() > shown.min() else None
    im = ax.imshow(shown, cmap="viridis_r", norm=norm, aspect="auto")
    bar = fig.colorbar(im, ax=ax, label=("total / uniform code (log scale)" if uniform_bits is not None
                                         else "total bits (log scale)"))
    if uniform_bits is not None and shown.min() <= 1 <= shown.max():
        bar.ax.axhline(1.0, color="k", linewidth=2)
    ax.set_xticks(range(len(precisions)), [str(p) for p in precisions])
    ax.set_yticks(range(len(sparsities)), [f"{s:.1%}" for s in sparsities])
    ax.set(xlabel="bits per value (32 = float32 as it is)", ylabel="sparsity (% of weights pruned)", title=title)
    middle = np.exp(np.median(np.log(shown)))
    for (i, j), value in np.ndenumerate(shown):
        ax.text(j, i, f"{value:.2f}" if uniform_bits is not None else f"{value:.0f}", ha="center",
                va="center", fontsize=style.CELL_FONT, color="w" if value > middle else "k")
    i, j = np.unravel_index(np.argmin(tb), tb.shape)
    # the shortest cell gets a frame, which leaves its number readable
    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="red", linewidth=3,
                           label="shortest total: MDL's pick"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    return fig


@validated
@style.styled
def code_length_bars(lengths: dict, uniform_bits: float | None = None,
                     title: str = "Code lengths of the training labels") -> Figure:
    """Horizontal bars of code lengths in bits (e.g. uniform, two-part, prequential).

    Parameters
    ----------
    lengths : dict of str -> float
        Label and length in bits (> 0) of each code.
    uniform_bits : float, optional
        Drawn as a dashed line: the bar every code must beat.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    lengths = check_labelled(lengths, "lengths", "code length in bits (> 0)", check_positive_bits)
    uniform_bits, title = _optional_bits(uniform_bits, "uniform_bits"), check_text(title, "title")
    labels = [textwrap.fill(str(k), 32) for k in lengths]
    vals = np.array(list(lengths.values()))
    log = vals.max() / vals.min() > 20          # one huge code would flatten the rest
    fig, ax = plt.subplots(figsize=style.figsize("code length bars", 1, len(labels)), constrained_layout=True)
    left = vals.min() / 3 if log else 0.0
    ax.barh(labels, vals - left, left=left, color=[style.code_colour(k) for k in lengths])
    for i, v in enumerate(vals):
        ax.text(v, i, f" {v:,.0f}", va="center", fontsize=style.SMALL_FONT)
    if uniform_bits is not None:
        ax.axvline(uniform_bits, **style.REFERENCE, label=_UNIFORM_LABEL)
        ax.legend(loc="lower right")
    ax.invert_yaxis()
    if log:
        ax.set(xscale="log", xlim=(left, vals.max() * 4), xlabel="code length (bits, log scale)")
    else:
        ax.set(xlim=(0, vals.max() * 1.18), xlabel="code length (bits)")
    ax.set(title=title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def _check_points(value, name: str) -> tuple:
    """A pair (bits > 0, accuracies in [0, 1]) of equal lengths."""
    bits, acc = check_pair(value, name, "(bits, accuracy)")
    bits = np.atleast_1d(check_array(bits, f"{name} bits"))
    acc = check_fractions(np.atleast_1d(acc), f"{name} accuracy")
    if bits.ndim != 1 or bits.shape != acc.shape or np.any(bits <= 0):
        raise InvalidParameterError(name, "a pair of equally long arrays: bits (> 0) and accuracies",
                                    f"bits of shape {bits.shape} and accuracies of shape {acc.shape}")
    return bits, acc


@validated
@style.styled
def bits_vs_accuracy(points: dict, chosen: dict | None = None, uniform_bits: float | None = None,
                     title: str = "Does the shortest code generalize best?") -> Figure:
    """Test accuracy against total description length, one colour per run.

    Parameters
    ----------
    points : dict of str -> (bits, accuracy)
        For each run (e.g. a seed), arrays of total bits and test accuracy over a grid.
    chosen : dict of str -> (bits, accuracy), optional
        For some runs (labels of ``points``), the point the run's minimum
        description length picks (drawn as a star).
    uniform_bits : float, optional
        Drawn as a dashed vertical line.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    points = check_labelled(points, "points", "(bits, accuracy)", _check_points)
    chosen = check_labelled(chosen, "chosen", "(bits, accuracy)", _check_points, optional=True)
    unknown = [label for label in chosen if label not in points]
    if unknown:
        raise InvalidParameterError("chosen", f"chosen has labels {unknown} that are not in points {list(points)}")
    uniform_bits, title = _optional_bits(uniform_bits, "uniform_bits"), check_text(title, "title")
    fig, ax = plt.subplots(figsize=style.figsize("scatter, wide"), constrained_layout=True)
    for label, line in style.line_styles(points).items():
        ax.scatter(*points[label], s=20, alpha=0.6, color=line["color"], label=label)
        if label in chosen:
            ax.scatter(*chosen[label], marker="*", s=280, color=line["color"], edgecolor="k", zorder=3)
    if uniform_bits is not None:
        ax.axvline(uniform_bits, **style.REFERENCE, label="uniform code")
    if chosen:
        ax.scatter([], [], marker="*", s=160, color="w", edgecolor="k", label="MDL's pick (shortest code)")
    ax.set(xscale="log", xlabel="total description length (bits, log scale)",
           ylabel="test accuracy (fraction correct)", title=title)
    ax.grid(alpha=0.3)
    style.legend_outside(ax)
    return fig
