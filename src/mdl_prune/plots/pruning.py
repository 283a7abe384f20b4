"""Figures of pruning (notebooks 02 to 04): accuracy against sparsity, weights and thresholds,
recovery during fine-tuning, schedules, and a method's mean over seeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import (InvalidParameterError, check_array, check_bool, check_fraction, check_int,
                       check_real, describe, validated)
from . import style
from ._args import (SUMMARY, check_fractions, check_has, check_history, check_labelled, check_level,
                    check_limits, check_pair, check_text, kept_weights)

if TYPE_CHECKING:
    from ..experiments import Summary

__all__ = ["accuracy_vs_sparsity", "weight_histogram", "kept_weight_histograms", "recovery_curves",
           "schedule_plot", "summary_bars"]

_BANDS = {"range": "min–max", "std": "± 1 std"}


def _check_curve(value, name: str) -> tuple:
    """A pair (sparsities, experiments.Summary) with one mean per sparsity."""
    x, summary = check_pair(value, name, "(sparsities, experiments.Summary)")
    x = check_fractions(x, f"{name} sparsities")
    check_has(summary, f"{name} summary", SUMMARY)
    if np.shape(summary.mean) != x.shape:
        raise InvalidParameterError(name, f"{name} has {x.size} sparsities but a Summary of shape "
                                          f"{np.shape(summary.mean)}; they must match")
    return x, summary


def _draw_level(ax, level, band: str) -> None:
    """The dense network's accuracy as a dashed line, with its band over seeds if it is a Summary."""
    if level is None:
        return
    if hasattr(level, "mean"):
        lo, hi = level.band(band)
        ax.axhspan(float(lo), float(hi), color=style.REFERENCE["color"], alpha=0.12, linewidth=0)
        level = level.mean
    ax.axhline(float(level), **style.REFERENCE, label="dense")


@validated
@style.styled
def accuracy_vs_sparsity(curves: dict, baseline: float | Summary | None = None, band: str = "range",
                         title: str = "Test accuracy against sparsity", ylabel: str = "test accuracy",
                         ylim: tuple[float, float] | None = None) -> Figure:
    """Mean accuracy against sparsity, one line per method, with a band for the spread over seeds.

    Parameters
    ----------
    curves : dict of str -> (sparsities, experiments.Summary)
        For each method, the sparsities (fractions) and the per-seed
        accuracies there (a Summary of arrays of the same length).
    baseline : float or experiments.Summary, optional
        The dense network's accuracy, drawn as a horizontal line (with its band).
    band : {"range", "std"}
        The band: min to max over seeds, or mean ± one standard deviation.
    title, ylabel : str
    ylim : (float, float), optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    curves = check_labelled(curves, "curves", "(sparsities, experiments.Summary)", _check_curve)
    baseline = check_level(baseline, "baseline")
    if not isinstance(band, str) or band not in _BANDS:
        raise InvalidParameterError("band", "the kind of band: 'range' (min to max over seeds) or "
                                            "'std' (mean ± 1 standard deviation)", describe(band))
    title, ylabel, ylim = check_text(title, "title"), check_text(ylabel, "ylabel"), check_limits(ylim, "ylim")
    fig, ax = plt.subplots(figsize=style.figsize("one panel"), constrained_layout=True)
    for label, line in style.line_styles(curves).items():
        x, summary = curves[label]
        lo, hi = summary.band(band)
        ax.plot(x, summary.mean, marker="o", markersize=4, **line, label=label)
        ax.fill_between(x, lo, hi, color=line["color"], alpha=0.18, linewidth=0)
    _draw_level(ax, baseline, band)
    style.percent_axis(ax.xaxis)
    seeds = "/".join(str(n) for n in sorted({s.n for _, s in curves.values()}))
    ax.set(xlabel="sparsity (fraction of weights pruned)", ylabel=ylabel,
           title=f"{title}\n(mean over {seeds} seeds, band: {_BANDS[band]})")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    return fig


@validated
@style.styled
def weight_histogram(weights: dict, thresholds: dict | None = None, bins: int = 80,
                     title: str = "Weight values and the pruning threshold", log: bool = True) -> Figure:
    """Histogram of weight values with magnitude thresholds drawn at ±t.

    Parameters
    ----------
    weights : dict of str -> array_like
        Weight values to histogram, e.g. ``{"W1": net.W1, "W2": net.W2}``;
        drawn stacked so the total is the histogram of all weights.
    thresholds : dict of str -> float, optional
        Named thresholds ``t``; a weight with ``|w| < t`` is pruned.
    bins : int
    title : str
    log : bool
        Logarithmic count axis (the few large weights stay visible).

    Returns
    -------
    matplotlib.figure.Figure
    """
    weights = check_labelled(weights, "weights", "array of weight values",
                             lambda w, name: check_array(w, name).ravel())
    thresholds = check_labelled(thresholds, "thresholds", "threshold (float >= 0)",
                                lambda t, name: check_real(t, name, low=0.0), optional=True)
    bins, log = check_int(bins, "bins", low=1), check_bool(log, "log")
    title = check_text(title, "title")
    fig, ax = plt.subplots(figsize=style.figsize("one panel, low"), constrained_layout=True)
    colours = [_layer_colour(label, i) for i, label in enumerate(weights)]
    ax.hist(list(weights.values()), bins=bins, stacked=True, label=list(weights), color=colours, alpha=0.85)
    for name, line in style.line_styles(thresholds).items():
        t = thresholds[name]
        ax.axvline(t, **line, linewidth=1.8, label=f"{name}: |w| = {t:.3f}")
        ax.axvline(-t, **line, linewidth=1.8)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="weight value", ylabel="number of weights" + (" (log scale)" if log else ""), title=title)
    ax.grid(alpha=0.3)
    style.legend_outside(ax)
    return fig


def _layer_colour(label, index: int) -> str:
    """The series' colour of layer W1 or W2 if the label names one, else another colour."""
    for layer, colour in style.LAYER_COLOURS.items():
        if str(label).startswith(layer):
            return colour
    return style.OTHER_COLOURS[index % len(style.OTHER_COLOURS)]


@validated
@style.styled
def kept_weight_histograms(nets: dict, thresholds: dict | None = None, bins: int = 60,
                           title: str = "Kept weights (pruned weights, exactly 0, not drawn)") -> Figure:
    """Histograms of the kept weights of several networks, one panel each, shared bins.

    Pruned weights are exactly zero and would be one tall spike at 0; they
    are left out (their count is in each panel's title), so what shows is
    the *gap around zero* that magnitude pruning cuts, and whether
    fine-tuning refills it.

    Parameters
    ----------
    nets : dict of str -> TwoLayerNet
        Panel title and network, left to right.
    thresholds : dict of str -> float, optional
        For some panels (labels of ``nets``), a magnitude threshold drawn as dashed lines at ± its value.
    bins : int
        Number of histogram bins (>= 2), shared by all panels.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        One axes per network.
    """
    nets, thresholds, bins, title, kept, edges = kept_weights(nets, thresholds, bins, title)
    # Shared x (same bins), separate y: a dense panel's counts would flatten a pruned one.
    fig, axes = plt.subplots(1, len(nets), figsize=style.figsize("histogram panels", len(nets)), sharex=True,
                             constrained_layout=True, squeeze=False)
    for ax, (label, net) in zip(axes[0], nets.items()):
        w1, w2 = kept[label]
        ax.hist([w1, w2], bins=edges, stacked=True, color=list(style.LAYER_COLOURS.values()),
                label=[f"W1 ({w1.size} kept)", f"W2 ({w2.size} kept)"])
        n_pruned = net.count_parameters().weights_pruned
        ax.set(title=f"{label}\n{n_pruned} pruned, sparsity {net.sparsity:.1%}",
               xlabel="weight value", ylabel="number of weights")
        ax.title.set_fontsize(style.SMALL_FONT)
        if label in thresholds:
            for x in (-thresholds[label], thresholds[label]):
                ax.axvline(x, **style.REFERENCE)
            ax.plot([], [], **style.REFERENCE, label=f"threshold ±{thresholds[label]:.3f}")
        ax.grid(alpha=0.3)
        style.headroom(ax)
        ax.legend(loc="upper left")
    fig.suptitle(title)
    return fig


@validated
@style.styled
def recovery_curves(histories: dict, dense_accuracy: float | None = None,
                    title: str = "Recovery during fine-tuning") -> Figure:
    """Test accuracy against fine-tuning epoch, one line per pruned network.

    Epoch 0 is the pruned network before any retraining (entry 0 of a
    :class:`~mdl_prune.train.History`), so each line starts at the one-shot
    accuracy and shows how much fine-tuning wins back.

    Parameters
    ----------
    histories : dict of str -> train.History
        Label (e.g. ``"90% pruned"``) and the history of a fine-tuning run
        made with test data (``history.test_accuracy`` not None).
    dense_accuracy : float, optional
        The dense network's test accuracy, drawn as a dashed horizontal line.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        One axes.
    """
    histories = check_labelled(histories, "histories", "train.History (fitted with test data)",
                               lambda h, name: check_history(h, name, need_test=True))
    if dense_accuracy is not None:
        dense_accuracy = check_fraction(dense_accuracy, "dense_accuracy")
    title = check_text(title, "title")
    fig, ax = plt.subplots(figsize=style.figsize("one panel, narrow"), constrained_layout=True)
    for label, line in style.line_styles(histories).items():
        acc = histories[label].test_accuracy
        ax.plot(histories[label].epochs, acc, marker="o", markersize=4, **line,
                label=f"{label}: {acc[0]:.3f} -> {acc[-1]:.3f}")
    if dense_accuracy is not None:
        ax.axhline(dense_accuracy, **style.REFERENCE, label=f"dense network: {dense_accuracy:.3f}")
    ax.set(xlabel="fine-tuning epoch (0 = pruned, not retrained)", ylabel="test accuracy (fraction correct)",
           title=title)
    style.integer_ticks(ax.xaxis)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return fig


@validated
@style.styled
def schedule_plot(schedules: dict, start: float = 0.0, title: str = "Pruning schedules") -> Figure:
    """Target sparsity after each pruning step, one line per schedule.

    Parameters
    ----------
    schedules : dict of str -> array_like
        The sparsity (fraction of all weights) after steps 1, 2, ...;
        e.g. from :func:`prune.linear_schedule` / :func:`prune.cubic_schedule`.
    start : float
        Sparsity before step 1, drawn at step 0.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    schedules = check_labelled(schedules, "schedules", "sequence of sparsities", check_fractions)
    start, title = check_fraction(start, "start"), check_text(title, "title")
    fig, ax = plt.subplots(figsize=style.figsize("one panel, narrow and low"), constrained_layout=True)
    for label, line in style.line_styles(schedules).items():
        y = np.concatenate([[start], schedules[label]])
        ax.plot(np.arange(len(y)), y, marker="o", **line, label=label)
    style.percent_axis(ax.yaxis)
    style.integer_ticks(ax.xaxis)
    ax.set(xlabel="pruning step", ylabel="sparsity (% of all weights pruned)", title=title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return fig


@validated
@style.styled
def summary_bars(summaries: dict, baseline: float | Summary | None = None, ylabel: str = "test accuracy",
                 title: str = "Mean over seeds", ylim: tuple[float, float] | None = None) -> Figure:
    """One bar per method: mean over seeds, min–max error bar, each seed as a dot.

    Parameters
    ----------
    summaries : dict of str -> experiments.Summary
        A Summary of scalars per method.
    baseline : float or experiments.Summary, optional
        Drawn as a horizontal dashed line (e.g. the dense accuracy).
    ylabel, title : str
    ylim : (float, float), optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    summaries = check_labelled(summaries, "summaries", "experiments.Summary",
                               lambda s, name: check_has(s, name, SUMMARY))
    baseline = check_level(baseline, "baseline")
    ylabel, title, ylim = check_text(ylabel, "ylabel"), check_text(title, "title"), check_limits(ylim, "ylim")
    fig, ax = plt.subplots(figsize=style.figsize("summary bars", len(summaries)), constrained_layout=True)
    for i, (label, line) in enumerate(style.line_styles(summaries).items()):
        s = summaries[label]
        mean = float(s.mean)
        ax.bar(i, mean, color=line["color"], alpha=0.75, width=0.6)
        ax.errorbar(i, mean, yerr=[[mean - float(s.low)], [float(s.high) - mean]], color="k", capsize=5)
        ax.plot(np.full(s.n, i) + np.linspace(-0.15, 0.15, s.n), s.values, "k.", markersize=5)
    if baseline is not None:
        value = float(baseline.mean) if hasattr(baseline, "mean") else baseline
        ax.axhline(value, **style.REFERENCE, label=f"dense ({value:.3f})")
        style.legend_outside(ax)
    ax.set_xticks(range(len(summaries)), list(summaries), rotation=20, ha="right")
    ax.set(ylabel=ylabel, title=f"{title}\n(bar: mean, whisker: min–max, dots: seeds)")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(alpha=0.3, axis="y")
    return fig
