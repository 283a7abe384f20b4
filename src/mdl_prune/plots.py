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
