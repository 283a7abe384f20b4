"""The figures of the series: functions that take data and return a Matplotlib figure.

Every function builds its figure object-style (``fig, ax = plt.subplots()``),
labels its axes with units, and returns the figure without showing it; in a
notebook the inline backend draws it once at the end of the cell.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["training_curves"]


def training_curves(histories: dict, title: str = "Training curves"):
    """Loss and accuracy against epoch for one or more training runs.

    Parameters
    ----------
    histories : dict of str -> train.History
        Label of each run and its history.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    histories = _check_mapping(histories, "histories", "train.History")
    for label, h in histories.items():
        if not all(hasattr(h, a) for a in ("epochs", "loss", "train_accuracy", "test_accuracy")):
            raise TypeError(f"histories[{label!r}] must be a train.History, got {type(h).__name__}")
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    for i, (label, h) in enumerate(histories.items()):
        colour = f"C{i}"
        ax_loss.plot(h.epochs, h.loss, color=colour, label=f"{label} train")
        ax_acc.plot(h.epochs, h.train_accuracy, color=colour, label=f"{label} train")
        if h.test_accuracy is not None:
            ax_loss.plot(h.epochs, h.test_loss, color=colour, linestyle="--", label=f"{label} test")
            ax_acc.plot(h.epochs, h.test_accuracy, color=colour, linestyle="--", label=f"{label} test")
    ax_loss.set(xlabel="epoch", ylabel="mean cross-entropy (nats)", yscale="log", title="Loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(title)
    return fig


# ---------------------------------------------------------------------------- notebook 01
def dataset_projection(X_train, y_train, X_test=None, y_test=None, title: str = "Data"):
    """Samples projected on the training data's first two principal components.

    Training samples are dots, test samples crosses, coloured by class; if
    train and test come from the same classes, the crosses fall on the dots.
    """
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2).fit(X_train)
    fig, ax = plt.subplots(figsize=(6, 5), constrained_layout=True)
    classes = np.unique(y_train)
    for c in classes:
        pts = pca.transform(np.asarray(X_train)[np.asarray(y_train) == c])
        ax.scatter(pts[:, 0], pts[:, 1], s=8, alpha=0.5, color=f"C{c % 10}", label=f"class {c} train")
        if X_test is not None:
            pts = pca.transform(np.asarray(X_test)[np.asarray(y_test) == c])
            ax.scatter(pts[:, 0], pts[:, 1], s=18, marker="x", color=f"C{c % 10}", label=f"class {c} test")
    ax.set(xlabel="principal component 1", ylabel="principal component 2", title=title)
    ax.legend(fontsize="small", ncol=2)
    return fig


def digit_samples(X, y, image_shape=(8, 8), n: int = 20, title: str = "Samples"):
    """The first ``n`` samples drawn as grey images with their labels."""
    n = min(int(n), len(X))
    cols = min(n, 10)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.1 * cols, 1.3 * rows), constrained_layout=True)
    for i, ax in enumerate(np.ravel(axes)):
        ax.set_axis_off()
        if i < n:
            ax.imshow(np.asarray(X[i]).reshape(image_shape), cmap="gray_r")
            ax.set_title(f"label {y[i]}", fontsize="small")
    fig.suptitle(title)
    return fig


def accuracy_by_seed(results: dict, title: str = "Test accuracy on each split", ylabel: str = "test accuracy"):
    """One line of markers per method across seeds, with each method's mean as a dashed line.

    Parameters
    ----------
    results : dict of str -> sequence of float
        Method name and its accuracy on each seed (same seeds for all).
    """
    results = _check_mapping(results, "results", "sequence of accuracies (one per seed)")
    fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    for i, (label, values) in enumerate(results.items()):
        values = np.asarray(values, dtype=float)
        seeds = np.arange(len(values))
        ax.plot(seeds, values, "o", color=f"C{i}", label=f"{label} (mean {values.mean():.3f})")
        ax.axhline(values.mean(), color=f"C{i}", linestyle="--", alpha=0.6)
    ax.set(xlabel="split seed", ylabel=ylabel, title=title)
    ax.set_xticks(np.arange(len(next(iter(results.values())))))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return fig


__all__ += ["dataset_projection", "digit_samples", "accuracy_by_seed"]


# ---------------------------------------------------------------------------- notebooks 03 and 05
from ._checks import check_fraction, check_int, check_real  # noqa: E402  (appended section)


def _check_nets_mapping(nets, name: str) -> dict:
    """A non-empty dict of label -> TwoLayerNet (labels as strings)."""
    from collections.abc import Mapping

    from .network import TwoLayerNet

    if not isinstance(nets, Mapping) or not nets:
        raise TypeError(f"{name} must be a non-empty dict mapping a label to a TwoLayerNet")
    for label, net in nets.items():
        if not isinstance(net, TwoLayerNet):
            raise TypeError(f"{name}[{label!r}] must be a TwoLayerNet, got {type(net).__name__}")
    return {str(k): v for k, v in nets.items()}


def recovery_curves(histories: dict, dense_accuracy: float | None = None,
                    title: str = "Recovery during fine-tuning"):
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
    from .train import History

    if not isinstance(histories, dict) or not histories:
        raise TypeError("histories must be a non-empty dict mapping a label to a train.History")
    for label, h in histories.items():
        if not isinstance(h, History):
            raise TypeError(f"histories[{label!r}] must be a train.History, got {type(h).__name__}")
        if h.test_accuracy is None:
            raise ValueError(f"histories[{label!r}] has no test accuracy: fit with X_test and y_test")
    if dense_accuracy is not None:
        dense_accuracy = check_fraction(dense_accuracy, "dense_accuracy")
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    for i, (label, h) in enumerate(histories.items()):
        ax.plot(h.epochs, h.test_accuracy, marker="o", markersize=3, color=f"C{i}",
                label=f"{label}: {h.test_accuracy[0]:.3f} -> {h.test_accuracy[-1]:.3f}")
    if dense_accuracy is not None:
        ax.axhline(dense_accuracy, color="black", linestyle="--", linewidth=1,
                   label=f"dense network: {dense_accuracy:.3f}")
    ax.set(xlabel="fine-tuning epoch (0 = pruned, not retrained)", ylabel="test accuracy (fraction correct)",
           title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="lower right")
    return fig


def kept_weight_histograms(nets: dict, thresholds: dict | None = None, bins: int = 60,
                           title: str = "Kept weights (pruned weights, exactly 0, not drawn)"):
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
        For some panels, a magnitude threshold drawn as dashed lines at ± its value.
    bins : int
        Number of histogram bins (>= 2), shared by all panels.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        One axes per network.
    """
    nets = _check_nets_mapping(nets, "nets")
    bins = check_int(bins, "bins", low=2)
    if thresholds is not None and not isinstance(thresholds, dict):
        raise TypeError(f"thresholds must be a dict mapping a label of nets to a magnitude, got {type(thresholds).__name__}")
    thresholds = {} if thresholds is None else {str(k): v for k, v in thresholds.items()}
    for label, thr in thresholds.items():
        if label not in nets:
            raise ValueError(f"thresholds has label {label!r} that is not in nets {sorted(nets)}")
        thresholds[label] = check_real(thr, f"thresholds[{label!r}]", low=0.0)
    kept = {label: (net.W1[net.mask1], net.W2[net.mask2]) for label, net in nets.items()}
    everything = np.concatenate([np.concatenate(k) for k in kept.values()])
    if everything.size == 0:
        raise ValueError("every weight of every network is pruned: there is nothing to draw")
    edges = np.histogram_bin_edges(everything, bins=bins)
    # Shared x (same bins), separate y: a dense panel's counts would flatten a pruned one.
    fig, axes = plt.subplots(1, len(nets), figsize=(4.2 * len(nets), 3.8), sharex=True,
                             constrained_layout=True, squeeze=False)
    for ax, (label, net) in zip(axes[0], nets.items()):
        w1, w2 = kept[label]
        ax.hist([w1, w2], bins=edges, stacked=True, color=["C0", "C1"],
                label=[f"W1 ({w1.size} kept)", f"W2 ({w2.size} kept)"])
        n_pruned = net.count_parameters().weights_pruned
        ax.set(title=f"{label}\n{n_pruned} pruned, sparsity {net.sparsity:.1%}",
               xlabel="weight value", ylabel="number of weights")
        if label in thresholds:
            thr = float(thresholds[label])
            for x in (-thr, thr):
                ax.axvline(x, color="black", linestyle="--", linewidth=1)
            ax.plot([], [], color="black", linestyle="--", label=f"threshold ±{thr:.3f}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(title)
    return fig


def mask_heatmaps(net, title: str = "Pruning masks (dark = kept)"):
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
    net = _check_nets_mapping({"net": net}, "net")["net"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True,
                                   gridspec_kw={"width_ratios": [max(net.n_in, 1), max(net.n_hidden, 1)]})
    s1, s2 = net.layer_sparsity()
    ax1.imshow(net.mask1.T, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax1.set(xlabel="input feature index", ylabel="hidden unit index",
            title=f"W1 mask: {int(net.mask1.sum())}/{net.mask1.size} kept ({s1:.1%} pruned)")
    ax2.imshow(net.mask2.T, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax2.set(xlabel="hidden unit index", ylabel="output class",
            title=f"W2 mask: {int(net.mask2.sum())}/{net.mask2.size} kept ({s2:.1%} pruned)")
    fig.suptitle(title)
    return fig


def receptive_masks(net, image_shape=(8, 8), n_cols: int = 8,
                    title: str = "What each hidden unit still sees"):
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
    from . import sparsity as _sparsity

    net = _check_nets_mapping({"net": net}, "net")["net"]
    fields = _sparsity.receptive_fields(net, image_shape)
    n_cols = check_int(n_cols, "n_cols", low=1)
    if fields.ndim != 3:
        raise ValueError(f"image_shape must be 2-D (rows, columns) to draw images, got {tuple(image_shape)}")
    n = net.n_hidden
    n_cols = min(n_cols, n)
    n_rows = -(-n // n_cols)
    limit = float(np.abs(net.W1).max()) or 1.0
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.85")
    no_in, no_out = net.dead_units()
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(1.35 * n_cols, 1.5 * n_rows + 0.6),
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
        ax.set_title(f"h{i}: {kept}{dead}", fontsize="x-small", color="crimson" if dead else "black")
    fig.suptitle(f"{title}\n(panel title: unit and number of kept input pixels; grey = pruned; "
                 f"colour scale ±{limit:.2f})", fontsize="medium")
    return fig


def pixel_usage_map(net, image_shape=(8, 8), title: str = "How many hidden units use each pixel"):
    """The input image coloured by how many hidden units keep a weight from each pixel.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the image and its colour bar.
    """
    from . import sparsity as _sparsity

    net = _check_nets_mapping({"net": net}, "net")["net"]
    usage = _sparsity.pixel_usage(net, image_shape)
    if usage.ndim != 2:
        raise ValueError(f"image_shape must be 2-D (rows, columns) to draw an image, got {tuple(image_shape)}")
    fig, ax = plt.subplots(figsize=(4.6, 4), constrained_layout=True)
    im = ax.imshow(usage, cmap="viridis", vmin=0, vmax=net.n_hidden, interpolation="nearest")
    for (r, c), value in np.ndenumerate(usage):
        ax.text(c, r, str(value), ha="center", va="center", fontsize="x-small",
                color="white" if value < net.n_hidden / 2 else "black")
    fig.colorbar(im, ax=ax, label=f"hidden units keeping the pixel (of {net.n_hidden})")
    ax.set(xlabel="pixel column", ylabel="pixel row", title=f"{title}\n{int((usage == 0).sum())} pixels unused")
    return fig


__all__ += ["recovery_curves", "kept_weight_histograms", "mask_heatmaps", "receptive_masks", "pixel_usage_map"]


# ---------------------------------------------------------------- notebooks 02 and 04 (pruning curves)
def _percent_axis(axis) -> None:
    from matplotlib.ticker import PercentFormatter
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def accuracy_vs_sparsity(curves: dict, baseline=None, band: str = "range",
                         title: str = "Test accuracy against sparsity", ylabel: str = "test accuracy",
                         ylim=None):
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
    curves = _check_mapping(curves, "curves", "(sparsities, experiments.Summary)")
    _check_pairs(curves, "curves", "(sparsities, experiments.Summary)")
    fig, ax = plt.subplots(figsize=(8, 4.5), constrained_layout=True)
    n_seeds = set()
    for i, (label, (x, summary)) in enumerate(curves.items()):
        x = np.asarray(x, dtype=float)
        lo, hi = summary.band(band)
        ax.plot(x, summary.mean, "o-", color=f"C{i}", markersize=3, label=label)
        ax.fill_between(x, lo, hi, color=f"C{i}", alpha=0.2, linewidth=0)
        n_seeds.add(summary.n)
    if baseline is not None:
        if hasattr(baseline, "mean"):
            lo, hi = baseline.band(band)
            ax.axhspan(float(lo), float(hi), color="0.5", alpha=0.15, linewidth=0)
            ax.axhline(float(baseline.mean), color="0.3", linestyle="--", label="dense")
        else:
            ax.axhline(float(baseline), color="0.3", linestyle="--", label="dense")
    _percent_axis(ax.xaxis)
    spread = "min–max" if band == "range" else "± 1 std"
    seeds = "/".join(str(n) for n in sorted(n_seeds))
    ax.set(xlabel="sparsity (fraction of weights pruned)", ylabel=ylabel,
           title=f"{title}\n(mean over {seeds} seeds, band: {spread})")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return fig


def weight_histogram(weights: dict, thresholds: dict | None = None, bins: int = 80,
                     title: str = "Weight values and the pruning threshold", log: bool = True):
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
    weights = _check_mapping(weights, "weights", "array of weight values")
    thresholds = _check_mapping(thresholds, "thresholds", "threshold (float >= 0)", optional=True)
    thresholds = {k: check_real(t, f"thresholds[{k!r}]", low=0.0) for k, t in thresholds.items()}
    bins = check_int(bins, "bins", low=1)
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    values = [np.ravel(np.asarray(w, dtype=float)) for w in weights.values()]
    ax.hist(values, bins=bins, stacked=True, label=list(weights), color=[f"C{i}" for i in range(len(values))],
            alpha=0.8)
    styles = ["-", "--", ":", "-."]
    for j, (name, t) in enumerate((thresholds or {}).items()):
        colour = f"C{len(values) + j}"
        style = styles[j % len(styles)]
        ax.axvline(float(t), color=colour, linestyle=style, linewidth=1.5, label=f"{name}: |w| = {float(t):.3f}")
        ax.axvline(-float(t), color=colour, linestyle=style, linewidth=1.5)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="weight value", ylabel="number of weights" + (" (log scale)" if log else ""), title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return fig


def schedule_plot(schedules: dict, start: float = 0.0, title: str = "Pruning schedules"):
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
    schedules = _check_mapping(schedules, "schedules", "sequence of sparsities")
    start = check_fraction(start, "start")
    fig, ax = plt.subplots(figsize=(7, 4), constrained_layout=True)
    for i, (label, values) in enumerate(schedules.items()):
        y = np.concatenate([[start], np.asarray(values, dtype=float)])
        ax.plot(np.arange(len(y)), y, "o-", color=f"C{i}", label=label)
    _percent_axis(ax.yaxis)
    ax.set(xlabel="pruning step", ylabel="sparsity (fraction of all weights pruned)", title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return fig


def summary_bars(summaries: dict, baseline=None, ylabel: str = "test accuracy",
                 title: str = "Mean over seeds", ylim=None):
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
    summaries = _check_mapping(summaries, "summaries", "experiments.Summary")
    for label, s in summaries.items():
        if not all(hasattr(s, a) for a in ("mean", "low", "high", "n", "values")):
            raise TypeError(f"summaries[{label!r}] must be an experiments.Summary, got {type(s).__name__}")
    fig, ax = plt.subplots(figsize=(max(5.0, 1.3 * len(summaries) + 2), 4), constrained_layout=True)
    for i, (label, s) in enumerate(summaries.items()):
        mean = float(s.mean)
        ax.bar(i, mean, color=f"C{i}", alpha=0.6, width=0.6)
        ax.errorbar(i, mean, yerr=[[mean - float(s.low)], [float(s.high) - mean]], color="k", capsize=5)
        ax.plot(np.full(s.n, i) + np.linspace(-0.15, 0.15, s.n), s.values, "k.", markersize=5)
    if baseline is not None:
        value = float(baseline.mean) if hasattr(baseline, "mean") else float(baseline)
        ax.axhline(value, color="0.3", linestyle="--", label=f"dense ({value:.3f})")
        ax.legend(fontsize="small")
    ax.set_xticks(range(len(summaries)), list(summaries), rotation=15)
    ax.set(ylabel=ylabel, title=f"{title}\n(bar: mean, whisker: min–max, dots: seeds)")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(alpha=0.3, axis="y")
    return fig


__all__ += ["accuracy_vs_sparsity", "weight_histogram", "schedule_plot", "summary_bars"]


# ---------------------------------------------------------------------------- description lengths (notebook 06)
def code_breakdown(codes: dict, uniform_bits: float | None = None,
                   title: str = "Two-part code, term by term"):
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
    terms = [("header_bits", "header"), ("mask_bits", "mask"), ("weight_bits", "kept weights"),
             ("bias_bits", "biases"), ("data_bits", "data given model")]
    labels = list(codes)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(labels) + 2), 4.2), constrained_layout=True)
    bottom = np.zeros(len(labels))
    for i, (field, name) in enumerate(terms):
        vals = np.array([getattr(codes[k], field) for k in labels], dtype=float)
        ax.bar(labels, vals, bottom=bottom, color=f"C{i}", label=name)
        bottom += vals
    if uniform_bits is not None:
        ax.axhline(uniform_bits, color="k", linestyle="--", label="uniform code N log2 K")
    ax.set(ylabel="bits", title=title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize="small")
    return fig


def description_length_heatmap(sparsities, precisions, total_bits, uniform_bits: float | None = None,
                               title: str = "Total description length (bits)"):
    """Heatmap of total bits over sparsity x precision, the minimum marked with a star.

    Parameters
    ----------
    sparsities : sequence of float
        Row labels (fraction of weights pruned).
    precisions : sequence of int
        Column labels (bits per value; 32 = float32).
    total_bits : array_like, shape (len(sparsities), len(precisions))
    uniform_bits : float, optional
        If given, each cell is annotated with total / uniform.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    tb = np.asarray(total_bits, dtype=float)
    if tb.shape != (len(sparsities), len(precisions)):
        raise ValueError(f"total_bits must have shape ({len(sparsities)}, {len(precisions)}), got {tb.shape}")
    fig, ax = plt.subplots(figsize=(max(6.0, 1.0 * len(precisions) + 2.5), max(3.5, 0.55 * len(sparsities) + 2)),
                           constrained_layout=True)
    im = ax.imshow(np.log10(tb), cmap="viridis_r", aspect="auto")
    cbar = fig.colorbar(im, ax=ax)
    cbar.set_label("log10(total bits)")
    ax.set_xticks(range(len(precisions)), [str(p) for p in precisions])
    ax.set_yticks(range(len(sparsities)), [f"{s:.1%}" for s in sparsities])
    ax.set(xlabel="bits per value (32 = float32 as it is)", ylabel="sparsity (weights pruned)", title=title)
    if uniform_bits is not None:
        for i in range(tb.shape[0]):
            for j in range(tb.shape[1]):
                ax.text(j, i, f"{tb[i, j] / uniform_bits:.2f}", ha="center", va="center", fontsize=7,
                        color="w" if tb[i, j] > np.median(tb) else "k")
    i, j = np.unravel_index(np.argmin(tb), tb.shape)
    ax.plot(j, i, marker="*", markersize=22, markerfacecolor="none", markeredgecolor="red", markeredgewidth=2)
    ax.text(0.0, -0.16, "cells: total / uniform code; red star: minimum", transform=ax.transAxes, fontsize=8)
    return fig


def code_length_bars(lengths: dict, uniform_bits: float | None = None,
                     title: str = "Code lengths of the training labels"):
    """Horizontal bars of code lengths in bits (e.g. uniform, two-part, prequential).

    Parameters
    ----------
    lengths : dict of str -> float
        Label and length in bits of each code.
    uniform_bits : float, optional
        Drawn as a dashed line: the bar every code must beat.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = list(lengths)
    vals = np.array([lengths[k] for k in labels], dtype=float)
    if np.any(vals <= 0):
        raise ValueError("code lengths must be positive numbers of bits")
    log = vals.max() / vals.min() > 20          # one huge code would flatten the rest
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(labels) + 1.6), constrained_layout=True)
    left = vals.min() / 3 if log else 0.0
    ax.barh(labels, vals - left, left=left, color=[f"C{i}" for i in range(len(labels))])
    for i, v in enumerate(vals):
        ax.text(v, i, f" {v:,.0f}", va="center", fontsize=9)
    if uniform_bits is not None:
        ax.axvline(uniform_bits, color="k", linestyle="--", label="uniform code N log2 K")
        ax.legend(fontsize="small", loc="lower right")
    ax.invert_yaxis()
    if log:
        ax.set(xscale="log", xlim=(left, vals.max() * 4), xlabel="bits (log scale)")
    else:
        ax.set(xlim=(0, vals.max() * 1.18), xlabel="bits")
    ax.set(title=title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def bits_vs_accuracy(points: dict, chosen: dict | None = None, uniform_bits: float | None = None,
                     title: str = "Does the shortest code generalize best?"):
    """Test accuracy against total description length, one colour per run.

    Parameters
    ----------
    points : dict of str -> (bits, accuracy)
        For each run (e.g. a seed), arrays of total bits and test accuracy over a grid.
    chosen : dict of str -> (bits, accuracy), optional
        The point each run's minimum description length picks (drawn as a star).
    uniform_bits : float, optional
        Drawn as a dashed vertical line.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    points = _check_mapping(points, "points", "(bits, accuracy)")
    _check_pairs(points, "points", "(bits, accuracy)")
    chosen = _check_mapping(chosen, "chosen", "(bits, accuracy)", optional=True)
    if uniform_bits is not None:
        uniform_bits = check_real(uniform_bits, "uniform_bits", low=0.0, low_open=True)
    fig, ax = plt.subplots(figsize=(7.5, 4.5), constrained_layout=True)
    for i, (label, (bits, acc)) in enumerate(points.items()):
        ax.scatter(bits, acc, s=18, alpha=0.6, color=f"C{i}", label=label)
        if chosen and label in chosen:
            ax.scatter(*chosen[label], marker="*", s=260, color=f"C{i}", edgecolor="k", zorder=3)
    if uniform_bits is not None:
        ax.axvline(uniform_bits, color="k", linestyle="--", label="uniform code")
    ax.set(xscale="log", xlabel="total description length (bits, log scale)", ylabel="test accuracy",
           title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return fig


__all__ += ["code_breakdown", "description_length_heatmap", "code_length_bars", "bits_vs_accuracy"]


# ---------------------------------------------------------------- notebook 08 (structured pruning and speed)
def structured_vs_unstructured(units_kept, curves: dict, dense_accuracy: float | None = None,
                               weights_per_unit: int | None = None,
                               title: str = "Removing hidden units vs removing single weights"):
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
        Weights per hidden unit (``n_in + n_out``): adds a top axis in weights kept.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    if units_kept is None or isinstance(units_kept, (str, bytes)):
        raise TypeError(f"units_kept must be a sequence of positive integers, got {type(units_kept).__name__}")
    _units = np.asarray(units_kept, dtype=float)
    if _units.ndim != 1 or _units.size == 0 or not np.all(np.isfinite(_units)) or np.any(_units <= 0):
        raise ValueError(f"units_kept must be a non-empty 1-D sequence of positive integers, got {units_kept!r}")
    curves = _check_mapping(curves, "curves", "(accuracies before fine-tuning, accuracies after)")
    _check_pairs(curves, "curves", "(accuracies before fine-tuning, accuracies after)")
    x = np.asarray(units_kept, dtype=float)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True, constrained_layout=True)
    for ax, which, name in zip(axes, (0, 1), ("right after pruning", "after fine-tuning")):
        for i, (label, pair) in enumerate(curves.items()):
            acc = np.asarray(pair[which], dtype=float)
            if acc.shape != x.shape:
                raise ValueError(f"curves[{label!r}] has {acc.size} points, units_kept has {x.size}")
            ax.plot(x, acc, "o-", color=f"C{i}", markersize=4, label=label)
        if dense_accuracy is not None:
            ax.axhline(dense_accuracy, color="0.3", linestyle="--", label="dense, all units")
        ax.set_xscale("log", base=2)
        if weights_per_unit is None:
            ax.set_xticks(x, [str(int(k)) for k in x])
            ax.set_xlabel("hidden units kept")
        else:
            ax.set_xticks(x, [f"{int(k)}\n{int(k * weights_per_unit)}" for k in x])
            ax.set_xlabel("hidden units kept (above) and weights kept (below)")
        ax.minorticks_off()
        ax.set_title(name)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("test accuracy")
    axes[0].legend(fontsize="small", loc="lower right")
    fig.suptitle(title)
    return fig


def speedup_curves(sweeps: dict, title: str = "Prediction speed-up over the dense network"):
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
    sweeps = _check_mapping(sweeps, "sweeps", "speed.SpeedSweep")
    for label, sweep in sweeps.items():
        if not all(hasattr(sweep, a) for a in ("sparsities", "speedups", "dense_time")):
            raise TypeError(f"sweeps[{label!r}] must be a speed.SpeedSweep, got {type(sweep).__name__}")
    fig, axes = plt.subplots(1, len(sweeps), figsize=(5.5 * len(sweeps), 4.2), sharey=True,
                             constrained_layout=True, squeeze=False)
    styles = {"masked dense": ("0.5", "s"), "thinned": ("C0", "o"), "csr": ("C1", "^"),
              "csc": ("C2", "v"), "bsr": ("C3", "d")}
    for ax, (name, sweep) in zip(axes[0], sweeps.items()):
        s = np.asarray(sweep.sparsities, dtype=float)
        fine = np.linspace(0.0, s.max(), 200)
        ax.plot(fine, 1.0 / (1.0 - fine), ":", color="0.2", label="ideal 1/(1-sparsity)")
        ax.axhline(1.0, color="0.3", linestyle="--", linewidth=1, label="dense (1×)")
        for k, (label, speedup) in enumerate(sweep.speedups.items()):
            colour, marker = styles.get(label, (f"C{k + 4}", "o"))
            shown = {"thinned": "thinned (units removed)", "masked dense": "dense with zeros (mask)",
                     "csr": "SciPy CSR", "csc": "SciPy CSC", "bsr": "SciPy BSR"}.get(label, label)
            ax.plot(s, speedup, marker=marker, color=colour, label=shown)
        ax.set_yscale("log")
        _percent_axis(ax.xaxis)
        ax.set(xlabel="weights removed", title=f"{name} (dense: {sweep.dense_time * 1e3:.3g} ms)")
        ax.grid(alpha=0.3, which="both")
    axes[0][0].set_ylabel("speed-up over dense (×, log scale)")
    axes[0][0].legend(fontsize="small", loc="upper left")
    fig.suptitle(title)
    return fig


__all__ += ["structured_vs_unstructured", "speedup_curves"]


# ---------------------------------------------------------------- notebook 07 (noisy weights and bits back)
def bits_back_picture(prior_mean: float, prior_sd: float, posteriors: dict,
                      title: str = "One weight: the coding prior P and two choices of Q"):
    """The prior density and the Gaussians ``Q`` a weight may be sent with.

    Parameters
    ----------
    prior_mean, prior_sd : float
        The coding prior ``P = N(prior_mean, prior_sd^2)``.
    posteriors : dict of str -> (mean, sd)
        Label and parameters of each ``Q``.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    prior_mean = check_real(prior_mean, "prior_mean")
    prior_sd = check_real(prior_sd, "prior_sd", low=0.0, low_open=True)
    posteriors = _check_mapping(posteriors, "posteriors", "(mean, sd)")
    _check_pairs(posteriors, "posteriors", "(mean, sd)")
    posteriors = {k: (check_real(m, f"posteriors[{k!r}] mean"),
                      check_real(sd, f"posteriors[{k!r}] sd", low=0.0, low_open=True))
                  for k, (m, sd) in posteriors.items()}
    means = [prior_mean] + [m for m, _ in posteriors.values()]
    sds = [prior_sd] + [s for _, s in posteriors.values()]
    lo = min(m - 4 * s for m, s in zip(means, sds))
    hi = max(m + 4 * s for m, s in zip(means, sds))
    w = np.linspace(lo, hi, 2000)

    def pdf(m, s):
        return np.exp(-0.5 * ((w - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))

    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.fill_between(w, 1e-3, pdf(prior_mean, prior_sd), color="0.6", alpha=0.4,
                    label=f"prior P = N({prior_mean:g}, {prior_sd:g}²)")
    for i, (label, (m, s)) in enumerate(posteriors.items()):
        ax.plot(w, pdf(m, s), color=f"C{i}", label=f"{label}: Q = N({m:g}, {s:g}²)")
    top = max(pdf(m, s).max() for m, s in zip(means, sds))
    ax.set(xlabel="weight value", ylabel="probability density (log scale)", yscale="log", title=title)
    ax.set_ylim(1e-3, 3 * top)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return fig


def method_table_bars(results: dict, reference: dict | None = None,
                      ylabel: str = "relative test error  Σ(d−y)² / Σ(d−d̄)²",
                      title: str = "MDL vs weight decay vs no penalty"):
    """Per-method mean over seeds (bar), every seed (dots) and the min–max range, beside reference values.

    Parameters
    ----------
    results : dict of str -> sequence of float
        For each method, one value per seed.
    reference : dict of str -> float, optional
        A published number for each method (drawn as a hatched bar beside ours).
    ylabel, title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    results = _check_mapping(results, "results", "sequence of values (one per seed)")
    reference = _check_mapping(reference, "reference", "published value (float)", optional=True) or None
    labels = list(results)
    x = np.arange(len(labels))
    width = 0.38 if reference else 0.6
    fig, ax = plt.subplots(figsize=(8, 4.5), constrained_layout=True)
    for i, label in enumerate(labels):
        vals = np.asarray(results[label], dtype=float)
        mean = vals.mean()
        offset = -width / 2 if reference else 0.0
        ax.bar(x[i] + offset, mean, width, color=f"C{i}", alpha=0.8,
               label="this notebook (mean, seeds as dots, min–max)" if i == 0 else None)
        ax.errorbar(x[i] + offset, mean, yerr=[[mean - vals.min()], [vals.max() - mean]],
                    color="k", capsize=4)
        ax.scatter(np.full(vals.size, x[i] + offset), vals, color="k", s=12, zorder=3)
        ax.text(x[i] + offset, vals.max(), f"{mean:.3f}\n", ha="center", va="bottom", fontsize=9)
        if reference and label in reference:
            ax.bar(x[i] + width / 2, reference[label], width, color=f"C{i}", alpha=0.35, hatch="//",
                   edgecolor="k", label="Hinton & van Camp 1993 (peptide data)" if i == 0 else None)
            ax.text(x[i] + width / 2, reference[label], f"{reference[label]:.3f}", ha="center",
                    va="bottom", fontsize=9)
    ax.axhline(1.0, color="0.3", linestyle=":", label="predicting the mean (= 1)")
    ax.set_xticks(x, labels)
    ax.set(ylabel=ylabel, title=title)
    top = max(max(np.max(v) for v in results.values()), max(reference.values()) if reference else 0.0, 1.0)
    ax.set_ylim(0, 1.2 * top)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize="small", loc="upper left")
    return fig


def prior_over_means(prior, means, bins: int = 80, title: str = "The learned coding prior over the weights' means",
                     log: bool = False):
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
    if not all(hasattr(prior, a) for a in ("density", "proportions", "means", "sds")):
        raise TypeError(f"prior must be a noisy.MixturePrior (density, proportions, means, sds), "
                        f"got {type(prior).__name__}")
    if means is None or isinstance(means, (str, bytes)):
        raise TypeError(f"means must be an array of numbers, got {type(means).__name__}")
    bins = check_int(bins, "bins", low=1)
    means = np.asarray(means, dtype=float).ravel()
    span = max(np.abs(means).max(), float(np.max(np.abs(prior.means) + 2 * prior.sds)))
    w = np.linspace(-span, span, 2000)
    fig, ax = plt.subplots(figsize=(8, 4.5), constrained_layout=True)
    heights, _, _ = ax.hist(means, bins=bins, range=(-span, span), density=True, color="C0", alpha=0.5,
                            label=f"means of the {means.size} weights")
    ax.plot(w, prior.density(w), color="k", lw=2, label="learned prior (mixture)")
    for i, (p, m, s) in enumerate(zip(prior.proportions, prior.means, prior.sds)):
        comp = p * np.exp(-0.5 * ((w - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))
        ax.plot(w, comp, color=f"C{i + 1}", lw=1, linestyle="--",
                label=f"component {i + 1}: π={p:.2f}, mean {m:+.2f}, sd {s:.3f}")
    ax.set(xlabel="weight mean μ", ylabel="density", title=title)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 3 * max(heights.max(), prior.density(w).max()))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="x-small")
    return fig


__all__ += ["bits_back_picture", "method_table_bars", "prior_over_means"]


# ---------------------------------------------------------------- argument checks shared by the figures above
def _check_mapping(value, name: str, what: str, *, optional: bool = False) -> dict:
    """A non-empty dict of label -> ``what``; ``None`` too if ``optional`` (returned as ``{}``)."""
    from collections.abc import Mapping

    if value is None and optional:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict of label -> {what}, got {type(value).__name__}")
    if not value and not optional:
        raise ValueError(f"{name} is empty: it needs at least one label -> {what}")
    return value


def _check_pairs(mapping: dict, name: str, what: str) -> None:
    """Every value of ``mapping`` is a pair (two items), e.g. ``(bits, accuracy)``."""
    for label, pair in mapping.items():
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise TypeError(f"{name}[{label!r}] must be a pair {what}, got {type(pair).__name__}")
