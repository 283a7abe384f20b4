"""Figures of Hinton & van Camp's noisy weights (notebook 07): bits back for one weight,
MDL against weight decay and no penalty, and the learned coding prior."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._checks import InvalidParameterError, check_array, check_bool, check_int, check_real, validated
from . import style
from ._args import check_has, check_labelled, check_pair, check_text, check_values

if TYPE_CHECKING:
    from ..noisy import MixturePrior

__all__ = ["bits_back_picture", "method_table_bars", "prior_over_means"]

_PRIOR = ("a noisy.MixturePrior (with density, proportions, means and sds)",
          ("density", "proportions", "means", "sds"))


def _gaussian(w: np.ndarray, mean: float, sd: float) -> np.ndarray:
    return np.exp(-0.5 * ((w - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))


def _check_gaussian(value, name: str) -> tuple[float, float]:
    """A pair (mean, sd > 0)."""
    mean, sd = check_pair(value, name, "(mean, sd)")
    return check_real(mean, f"{name} mean"), check_real(sd, f"{name} sd", low=0.0, low_open=True)


@validated
@style.styled
def bits_back_picture(prior_mean: float, prior_sd: float, posteriors: dict,
                      title: str = "One weight: the coding prior P and two choices of Q") -> Figure:
    """The prior density and the Gaussians ``Q`` a weight may be sent with.

    Parameters
    ----------
    prior_mean, prior_sd : float
        The coding prior ``P = N(prior_mean, prior_sd^2)`` (``prior_sd > 0``).
    posteriors : dict of str -> (mean, sd)
        Label and parameters of each ``Q``.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    prior_mean = check_real(prior_mean, "prior_mean")
    prior_sd = check_real(prior_sd, "prior_sd", low=0.0, low_open=True)
    posteriors = check_labelled(posteriors, "posteriors", "(mean, sd)", _check_gaussian)
    title = check_text(title, "title")
    gaussians = [(prior_mean, prior_sd), *posteriors.values()]
    lo = min(m - 4 * s for m, s in gaussians)
    hi = max(m + 4 * s for m, s in gaussians)
    w = np.linspace(lo, hi, 2000)
    fig, ax = plt.subplots(figsize=style.figsize("one panel, low"), constrained_layout=True)
    ax.fill_between(w, 1e-3, _gaussian(w, prior_mean, prior_sd), color=style.CONTROL, alpha=0.4,
                    label=f"prior P = N({prior_mean:g}, {prior_sd:g}²)")
    for label, line in style.line_styles(posteriors).items():
        m, s = posteriors[label]
        ax.plot(w, _gaussian(w, m, s), **line, label=f"{label}: Q = N({m:g}, {s:g}²)")
    top = max(_gaussian(w, m, s).max() for m, s in gaussians)
    ax.set(xlabel="weight value", ylabel="probability density (log scale)", yscale="log", title=title)
    ax.set_ylim(1e-3, 3 * top)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    return fig


def _check_non_negative(value, name: str) -> np.ndarray:
    """A non-empty 1-D array of finite numbers >= 0 (bars start at zero)."""
    values = check_values(value, name)
    if np.any(values < 0):
        raise InvalidParameterError(name, "numbers >= 0", f"a minimum of {values.min():g}")
    return values


@validated
@style.styled
def method_table_bars(results: dict, reference: dict | None = None,
                      ylabel: str = "relative test error  Σ(d−y)² / Σ(d−d̄)²",
                      title: str = "MDL vs weight decay vs no penalty") -> Figure:
    """Per-method mean over seeds (bar), every seed (dots) and the min–max range, beside reference values.

    Parameters
    ----------
    results : dict of str -> sequence of float
        For each method, one value (>= 0) per seed.
    reference : dict of str -> float, optional
        A published number for some methods (labels of ``results``), drawn as a hatched bar beside ours.
    ylabel, title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    results = check_labelled(results, "results", "sequence of values >= 0 (one per seed)", _check_non_negative)
    reference = check_labelled(reference, "reference", "published value (float >= 0)",
                               lambda v, name: check_real(v, name, low=0.0), optional=True)
    unknown = [label for label in reference if label not in results]
    if unknown:
        raise InvalidParameterError("reference", f"reference has labels {unknown} that are not in "
                                                 f"results {list(results)}")
    ylabel, title = check_text(ylabel, "ylabel"), check_text(title, "title")
    width = 0.38 if reference else 0.6
    offset = -width / 2 if reference else 0.0
    fig, ax = plt.subplots(figsize=style.figsize("one panel"), constrained_layout=True)
    for i, (label, line) in enumerate(style.line_styles(results).items()):
        vals, x = results[label], i + offset
        mean = vals.mean()
        ax.bar(x, mean, width, color=line["color"], alpha=0.85,
               label="this notebook (mean, seeds as dots, min–max)" if i == 0 else None)
        ax.errorbar(x, mean, yerr=[[mean - vals.min()], [vals.max() - mean]], color="k", capsize=4)
        ax.scatter(np.full(vals.size, x), vals, color="k", s=14, zorder=3)
        ax.text(x, vals.max(), f"{mean:.3f}\n", ha="center", va="bottom", fontsize=style.SMALL_FONT)
        if label in reference:
            ax.bar(i + width / 2, reference[label], width, color=line["color"], alpha=0.35, hatch="//",
                   edgecolor="k", label="Hinton & van Camp 1993 (peptide data)" if i == 0 else None)
            ax.text(i + width / 2, reference[label], f"{reference[label]:.3f}", ha="center",
                    va="bottom", fontsize=style.SMALL_FONT)
    ax.axhline(1.0, color=style.CONTROL, linestyle=":", label="predicting the mean (= 1)")
    ax.set_xticks(np.arange(len(results)), list(results))
    ax.set(ylabel=ylabel, title=title)
    top = max(max(v.max() for v in results.values()), max(reference.values(), default=0.0), 1.0)
    ax.set_ylim(0, 1.2 * top)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left")
    return fig


@validated
@style.styled
def prior_over_means(prior: MixturePrior, means: ArrayLike, bins: int = 80,
                     title: str = "The learned coding prior over the weights' means", log: bool = False) -> Figure:
    """Histogram of the weights' means with the learned mixture prior's density drawn over it.

    Parameters
    ----------
    prior : noisy.MixturePrior
        Anything with ``density(w)``, ``proportions``, ``means`` and ``sds``.
    means : array_like
        The means of the (kept) weights.
    bins : int
    title : str
    log : bool
        Log-scaled density axis (shows the narrow spike and the wide slab together).

    Returns
    -------
    matplotlib.figure.Figure
    """
    prior = check_has(prior, "prior", _PRIOR)
    means = check_array(means, "means").ravel()
    bins, log, title = check_int(bins, "bins", low=1), check_bool(log, "log"), check_text(title, "title")
    span = max(np.abs(means).max(), float(np.max(np.abs(prior.means) + 2 * prior.sds)))
    w = np.linspace(-span, span, 2000)
    fig, ax = plt.subplots(figsize=style.figsize("one panel"), constrained_layout=True)
    heights, _, _ = ax.hist(means, bins=bins, range=(-span, span), density=True, color=style.OTHER_COLOURS[0],
                            alpha=0.5, label=f"means of the {means.size} weights")
    ax.plot(w, prior.density(w), color="k", lw=2, label="learned prior (mixture)")
    from ..noisy.priors import distinct_components      # at call time: plots does not import noisy
    for i, (members, p, m, s) in enumerate(distinct_components(prior)):
        which = f"component {members[0] + 1}" if len(members) == 1 else \
            "components " + ", ".join(str(k + 1) for k in members) + " (coincide)"
        ax.plot(w, p * _gaussian(w, m, s), color=style.OTHER_COLOURS[1 + i % 6], lw=1.2, linestyle="--",
                label=f"{which}: π={p:.2f}, mean {m:+.2f}, sd {s:.3f}")
    ax.set(xlabel="weight mean μ", ylabel="probability density" + (" (log scale)" if log else ""), title=title)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 3 * max(heights.max(), prior.density(w).max()))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1)
    return fig
