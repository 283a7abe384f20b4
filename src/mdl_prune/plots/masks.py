"""Pictures of sparsity (notebook 05): the kept weights layer by layer, the masks, what each hidden
unit still sees, which pixels are used."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .._checks import check_int, validated
from .. import sparsity as _sparsity
from ..network import TwoLayerNet
from . import style
from ._args import check_image_shape, check_net, check_text, kept_weights

__all__ = ["layer_weight_histograms", "mask_heatmaps", "receptive_masks", "pixel_usage_map"]

# How a panel of receptive_masks names a dead unit, by (no inputs, no outputs).
_DEAD_KIND = {(True, False): "no in", (False, True): "no out", (True, True): "no in/out"}


@validated
@style.styled
def layer_weight_histograms(nets: dict, thresholds: dict | None = None, bins: int = 40,
                            title: str = "Kept weights, layer by layer") -> Figure:
    """Histograms of the kept weights, one row per layer (W1, W2), one column per network.

    Pruned weights (exactly zero) are left out, so the gap magnitude pruning cuts around zero
    shows. The layers are drawn apart, not stacked, so each layer's own shape stays visible;
    a column shares its bins, a row its y axis. The legend sits below the panels.

    Parameters
    ----------
    nets : dict of str -> TwoLayerNet
        Column title and network, left to right.
    thresholds : dict of str -> float, optional
        For some columns (labels of ``nets``), a magnitude threshold drawn as dashed lines at
        ± its value.
    bins : int
        Number of histogram bins (>= 2), the same edges in every panel.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        ``2 * len(nets)`` axes, row by row.
    """
    nets, thresholds, bins, title, kept, edges = kept_weights(nets, thresholds, bins, title)
    width, height = style.figsize("histogram panels", len(nets))    # per row: two rows and a legend
    fig, axes = plt.subplots(2, len(nets), figsize=(width, 1.6 * height),
                             sharex=True, sharey="row", layout="constrained", squeeze=False)
    for column, (label, net) in enumerate(nets.items()):
        for row, (layer, weights) in enumerate(zip(("W1", "W2"), kept[label])):
            ax = axes[row, column]
            ax.hist(weights, bins=edges, color=style.LAYER_COLOURS[layer])
            total = (net.mask1 if row == 0 else net.mask2).size
            ax.set_title(f"{label}\n{layer}: {weights.size} of {total} kept" if row == 0
                         else f"{layer}: {weights.size} of {total} kept", fontsize=style.SMALL_FONT)
            for x in (-thresholds[label], thresholds[label]) if label in thresholds else ():
                ax.axvline(x, **style.REFERENCE)
            ax.grid(alpha=0.3)
            ax.set_ylabel(f"{layer} weights" if column == 0 else "")
            ax.set_xlabel("weight value" if row == 1 else "")
    handles = [Patch(color=colour, label=f"kept weights of {layer}")
               for layer, colour in style.LAYER_COLOURS.items()]
    if thresholds:
        handles.append(Line2D([], [], **style.REFERENCE, label="± the pruning threshold"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles))
    fig.suptitle(title)
    return fig


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

    Kept weights are coloured by value (red positive, blue negative, one symmetric colour
    scale for all panels, shown by the colour bar); pruned weights are light grey. Each
    panel's title gives the unit's index and how many inputs it keeps, and for a dead unit
    which kind: "no in" (every input pruned), "no out" (every output pruned) or "no in/out".

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
        ``net.n_hidden`` image axes (unused grid cells are removed), then the colour bar's.
    """
    net = check_net(net)
    image_shape = check_image_shape(image_shape, "image_shape", net.n_in)
    n_cols, title = check_int(n_cols, "n_cols", low=1), check_text(title, "title")
    fields = _sparsity.receptive_fields(net, image_shape)
    n = net.n_hidden
    n_cols = min(n_cols, n)
    n_rows = -(-n // n_cols)
    limit = float(np.abs(net.W1[net.mask1]).max(initial=0.0)) or 1.0
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.85")
    no_in, no_out = net.dead_units()
    fig, axes = plt.subplots(n_rows, n_cols, figsize=style.figsize("receptive fields", n_cols, n_rows),
                             constrained_layout=True, squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            fig.delaxes(ax)
            continue
        image = ax.imshow(fields[i], cmap=cmap, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        dead = _DEAD_KIND.get((bool(no_in[i]), bool(no_out[i])))
        ax.set_title(f"h{i}: {int(net.mask1[:, i].sum())}" + (f", {dead}" if dead else ""),
                     fontsize=style.SMALL_FONT, color="crimson" if dead else "black")
    fig.colorbar(image, ax=axes[:, -1], shrink=min(1.0, 4 / n_rows), aspect=30,
                 label="kept weight (red excites the unit, blue inhibits it)")
    fig.suptitle(f"{title}\n(panel title: unit and number of kept input pixels; grey = pruned; "
                 f"no in / no out = dead unit with no inputs / no outputs kept)")
    return fig


@validated
@style.styled
def pixel_usage_map(net: TwoLayerNet, image_shape: tuple[int, int] = (8, 8),
                    title: str = "How many hidden units use each pixel") -> Figure:
    """The input image coloured by how many hidden units keep a weight from each pixel.

    The colour scale runs from 0 to the largest count in the image (not to ``n_hidden``), one
    colour per count, so the few counts a pruned network has are told apart.

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
    most = max(int(usage.max()), 1)
    fig, ax = plt.subplots(figsize=style.figsize("image"), constrained_layout=True)
    im = ax.imshow(usage, cmap=plt.get_cmap("viridis", most + 1), vmin=-0.5, vmax=most + 0.5,
                   interpolation="nearest")
    for (r, c), value in np.ndenumerate(usage):
        ax.text(c, r, str(value), ha="center", va="center", fontsize=style.CELL_FONT,
                color="white" if value < most / 2 else "black")
    bar = fig.colorbar(im, ax=ax, label=f"hidden units keeping the pixel (of {net.n_hidden})")
    bar.set_ticks(np.arange(0, most + 1, max(1, -(-most // 8))))
    ax.set(xlabel="pixel column", ylabel="pixel row",
           title=f"{title}\n{int((usage == 0).sum())} pixels unused, at most {int(usage.max())} units")
    ax.title.set_fontsize(style.SMALL_FONT)
    return fig
