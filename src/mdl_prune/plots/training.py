"""Figures of training and data (notebook 01): learning curves, the data, accuracy per seed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._checks import InvalidParameterError, check_int, check_X, check_y, validated
from . import style
from ._args import check_history, check_image_shape, check_labelled, check_text, check_values

__all__ = ["training_curves", "dataset_projection", "digit_samples", "accuracy_by_seed"]


@validated
@style.styled
def training_curves(histories: dict, title: str = "Training curves") -> Figure:
    """Loss and accuracy against epoch for one or more training runs.

    Parameters
    ----------
    histories : dict of str -> train.History
        Label of each run and its history; the test curves (dashed) are drawn
        for runs recorded with test data.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: loss (log scale) and accuracy.
    """
    histories = check_labelled(histories, "histories", "train.History", check_history)
    title = check_text(title, "title")
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=style.figsize("two panels, low"),
                                          constrained_layout=True)
    train, test = style.SPLIT_LINESTYLES["train"], style.SPLIT_LINESTYLES["test"]
    for label, line in style.line_styles(histories).items():
        h, colour = histories[label], line["color"]
        ax_loss.plot(h.epochs, h.loss, color=colour, linestyle=train, label=f"{label} train")
        ax_acc.plot(h.epochs, h.train_accuracy, color=colour, linestyle=train, label=f"{label} train")
        if h.test_accuracy is not None:
            ax_loss.plot(h.epochs, h.test_loss, color=colour, linestyle=test, label=f"{label} test")
            ax_acc.plot(h.epochs, h.test_accuracy, color=colour, linestyle=test, label=f"{label} test")
    ax_loss.set(xlabel="epoch", ylabel="mean cross-entropy (nats, log scale)", yscale="log", title="Loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (fraction correct)", title="Accuracy")
    for ax in (ax_loss, ax_acc):
        style.integer_ticks(ax.xaxis)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    return fig


def _check_test_split(X_test, y_test, n_features: int):
    """Both None, or test samples with as many features as the training samples and their labels."""
    if (X_test is None) != (y_test is None):
        missing = "y_test" if y_test is None else "X_test"
        raise InvalidParameterError(missing, "X_test and y_test must be given together (or neither)")
    if X_test is None:
        return None, None
    X_test = check_X(X_test, "X_test", n_features=n_features, expected_by="X_train")
    return X_test, check_y(y_test, "y_test", n_samples=X_test.shape[0])


@validated
@style.styled
def dataset_projection(X_train: ArrayLike, y_train: ArrayLike, X_test: ArrayLike | None = None,
                       y_test: ArrayLike | None = None, title: str = "Data") -> Figure:
    """Samples projected on the training data's first two principal components.

    Training samples are dots, test samples crosses, coloured by class; if
    train and test come from the same classes, the crosses fall on the dots.

    Parameters
    ----------
    X_train : array_like, shape (n_samples, n_features)
    y_train : array_like of int, shape (n_samples,)
    X_test, y_test : array_like, optional
        Test samples and labels, given together.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    from sklearn.decomposition import PCA

    X_train = check_X(X_train, "X_train")
    y_train = check_y(y_train, "y_train", n_samples=X_train.shape[0])
    X_test, y_test = _check_test_split(X_test, y_test, X_train.shape[1])
    title = check_text(title, "title")
    pca = PCA(n_components=2).fit(X_train)
    fig, ax = plt.subplots(figsize=style.figsize("scatter"), constrained_layout=True)
    for c in np.unique(y_train):
        colour = plt.get_cmap("tab10")(c % 10)
        pts = pca.transform(X_train[y_train == c])
        ax.scatter(pts[:, 0], pts[:, 1], s=10, alpha=0.5, color=colour, label=f"class {c} train")
        if X_test is not None:
            pts = pca.transform(X_test[y_test == c])
            ax.scatter(pts[:, 0], pts[:, 1], s=22, marker="x", color=colour, label=f"class {c} test")
    ax.set(xlabel="principal component 1", ylabel="principal component 2", title=title)
    ax.legend(ncol=2)
    return fig


@validated
@style.styled
def digit_samples(X: ArrayLike, y: ArrayLike, image_shape: tuple[int, int] = (8, 8), n: int = 20,
                  title: str = "Samples") -> Figure:
    """The first ``n`` samples drawn as grey images with their labels.

    Parameters
    ----------
    X : array_like, shape (n_samples, rows * columns)
    y : array_like of int, shape (n_samples,)
    image_shape : (int, int)
    n : int
        Images to draw (>= 1; at most the number of samples).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        ``min(n, 10)`` axes per row.
    """
    X = check_X(X)
    y = check_y(y, n_samples=X.shape[0])
    image_shape = check_image_shape(image_shape, "image_shape", X.shape[1])
    n = min(check_int(n, "n", low=1), len(X))
    title = check_text(title, "title")
    cols = min(n, 10)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=style.figsize("digits", cols, rows), constrained_layout=True)
    for i, ax in enumerate(np.ravel(axes)):
        ax.set_axis_off()
        if i < n:
            ax.imshow(X[i].reshape(image_shape), cmap="gray_r")
            ax.set_title(f"label {y[i]}", fontsize=style.SMALL_FONT)
    fig.suptitle(title)
    return fig


@validated
@style.styled
def accuracy_by_seed(results: dict, title: str = "Test accuracy on each split",
                     ylabel: str = "test accuracy") -> Figure:
    """One line of markers per method across seeds, with each method's mean as a dashed line.

    Parameters
    ----------
    results : dict of str -> sequence of float
        Method name and its accuracy on each seed (same seeds for all).
    title, ylabel : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    results = check_labelled(results, "results", "sequence of accuracies (one per seed)", check_values)
    title, ylabel = check_text(title, "title"), check_text(ylabel, "ylabel")
    n_seeds = {len(v) for v in results.values()}
    if len(n_seeds) > 1:
        raise InvalidParameterError("results", "results must hold one value per seed for every method "
                                               f"(the same seeds), got lengths {sorted(n_seeds)}")
    fig, ax = plt.subplots(figsize=style.figsize("one panel, small"), constrained_layout=True)
    for label, line in style.line_styles(results).items():
        values = results[label]
        ax.plot(np.arange(len(values)), values, "o", color=line["color"],
                label=f"{label} (mean {values.mean():.3f})")
        ax.axhline(values.mean(), color=line["color"], linestyle="--", alpha=0.6)
    ax.set(xlabel="split seed", ylabel=ylabel, title=title)
    ax.set_xticks(np.arange(n_seeds.pop()))
    ax.grid(alpha=0.3)
    ax.legend()
    return fig
