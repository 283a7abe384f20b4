"""Pictures of sparsity (notebook 05): the masks, what each hidden unit still sees, which pixels are used."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import check_int, validated
from .. import sparsity as _sparsity
from ..network import TwoLayerNet
from . import style
from ._args import check_image_shape, check_net, check_text

__all__ = ["mask_heatmaps", "receptive_masks", "pixel_usage_map"]


@validated
@style.styled
def mask_heatmaps(net: TwoLayerNet, title: str = "Pruning masks (dark = kept)") -> Figure:
    """The two masks as images: which weights survive, per layer.

    Parameters
    ----------
    net : TwoLayerNet
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: ``mask1`` drawn as hidden unit x input, ``mask2`` as
        output x hidden unit (so the hidden units run along the same
        direction as a row of neurons would).
    """
    net, title = check_net(net), check_text(title, "title")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=style.figsize("two panels"), constrained_layout=True,
                                   gridspec_kw={"width_ratios": [max(net.n_in, 1), max(net.n_hidden, 1)]})
    s1, s2 = net.layer_sparsity()
    ax1.imshow(net.mask1.T, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax1.set(xlabel="input feature index", ylabel="hidden unit index",
            title=f"W1 mask: {int(net.mask1.sum())}/{net.mask1.size} kept ({s1:.1%} pruned)")
    ax2.imshow(net.mask2.T, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax2.set(xlabel="hidden unit index", ylabel="output class",
            title=f"W2 mask: {int(net.mask2.sum())}/{net.mask2.size} kept ({s2:.1%} pruned)")
    for ax in (ax1, ax2):
        ax.title.set_fontsize(style.SMALL_FONT)
        style.integer_ticks(ax.xaxis)
        style.integer_ticks(ax.yaxis)
    fig.suptitle(title)
    return fig


@validated
@style.styled
def receptive_masks(net: TwoLayerNet, image_shape: tuple[int, int] = (8, 8), n_cols: int = 8,
                    title: str = "What each hidden unit still sees") -> Figure:
    """Each hidden unit's kept input weights drawn as a small image, one panel per unit.

    Kept weights are coloured by value (red positive, blue negative, one
    symmetric colour scale for all panels); pruned weights are light grey.
    Each panel's title gives the unit's index and how many inputs it keeps;
    a unit with no inputs or no outputs is marked "dead".

    Parameters
    ----------
    net : TwoLayerNet
    image_shape : tuple of int
        One input as an image (``(8, 8)`` for the digits); its product must be ``net.n_in``.
    n_cols : int
        Panels per row (>= 1).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Exactly ``net.n_hidden`` axes (unused grid cells are removed).
    """
    net = check_net(net)
    image_shape = check_image_shape(image_shape, "image_shape", net.n_in)
    n_cols, title = check_int(n_cols, "n_cols", low=1), check_text(title, "title")
    fields = _sparsity.receptive_fields(net, image_shape)
    n = net.n_hidden
    n_cols = min(n_cols, n)
    n_rows = -(-n // n_cols)
    limit = float(np.abs(net.W1).max()) or 1.0
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.85")
    no_in, no_out = net.dead_units()
    fig, axes = plt.subplots(n_rows, n_cols, figsize=style.figsize("receptive fields", n_cols, n_rows),
                             constrained_layout=True, squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            fig.delaxes(ax)
            continue
        ax.imshow(fields[i], cmap=cmap, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        kept = int(net.mask1[:, i].sum())
        dead = " dead" if (no_in[i] or no_out[i]) else ""
        ax.set_title(f"h{i}: {kept}{dead}", fontsize=style.SMALL_FONT, color="crimson" if dead else "black")
    fig.suptitle(f"{title}\n(panel title: unit and number of kept input pixels; grey = pruned; "
                 f"colour scale ±{limit:.2f})")
    return fig


@validated
@style.styled
def pixel_usage_map(net: TwoLayerNet, image_shape: tuple[int, int] = (8, 8),
                    title: str = "How many hidden units use each pixel") -> Figure:
    """The input image coloured by how many hidden units keep a weight from each pixel.

    Parameters
    ----------
    net : TwoLayerNet
    image_shape : tuple of int
        One input as an image; its product must be ``net.n_in``.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the image and its colour bar.
    """
    net = check_net(net)
    image_shape = check_image_shape(image_shape, "image_shape", net.n_in)
    title = check_text(title, "title")
    usage = _sparsity.pixel_usage(net, image_shape)
    fig, ax = plt.subplots(figsize=style.figsize("image"), constrained_layout=True)
    im = ax.imshow(usage, cmap="viridis", vmin=0, vmax=net.n_hidden, interpolation="nearest")
    for (r, c), value in np.ndenumerate(usage):
        ax.text(c, r, str(value), ha="center", va="center", fontsize=style.CELL_FONT,
                color="white" if value < net.n_hidden / 2 else "black")
    fig.colorbar(im, ax=ax, label=f"hidden units keeping the pixel (of {net.n_hidden})")
    ax.set(xlabel="pixel column", ylabel="pixel row", title=f"{title}\n{int((usage == 0).sum())} pixels unused")
    ax.title.set_fontsize(style.SMALL_FONT)
    return fig
