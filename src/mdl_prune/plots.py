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
