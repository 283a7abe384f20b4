"""Argument checks the figure functions share (on top of :mod:`mdl_prune._checks`).

Most figures take a dict of label -> item; :func:`check_labelled` is the one
check of such a dict: the shared :func:`~mdl_prune._checks.check_mapping`, then
one item check per entry, so an error names the entry (``curves['random']``).
Results of other modules (train.History, experiments.Summary, ...) are
recognised by the attributes a figure reads, so a figure never depends on
where a class is defined.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._checks import (InvalidParameterError, check_array, check_fraction, check_instance, check_int,
                       check_mapping, check_real, describe)
from ..network import TwoLayerNet

HISTORY = ("a train.History", ("epochs", "loss", "train_accuracy", "test_loss", "test_accuracy"))
SUMMARY = ("an experiments.Summary", ("mean", "low", "high", "n", "values", "band"))


def check_labelled(value, name: str, what: str, item_check, *, optional: bool = False) -> dict:
    """A non-empty dict of label -> item, each item checked by ``item_check(item, "name['label']")``.

    With ``optional``, None (or an empty dict) gives ``{}``. Returns a new dict of the
    checked items; the caller's dict is left as it is.
    """
    if value is None and optional:
        return {}
    value = check_mapping(value, name, what, allow_empty=optional)
    return {label: item_check(item, f"{name}[{label!r}]") for label, item in value.items()}


def check_has(value, name: str, kind: tuple):
    """``value`` itself if it has every attribute a figure reads of ``kind`` = (what it is, attributes)."""
    what, attributes = kind
    if not all(hasattr(value, a) for a in attributes):
        raise InvalidParameterError(name, what, describe(value))
    return value


def check_text(value, name: str) -> str:
    """A string (a title, an axis label)."""
    return check_instance(value, name, str, "a string")


def check_pair(value, name: str, what: str) -> tuple:
    """A pair of two items ``what`` (e.g. ``"(bits, accuracy)"``)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise InvalidParameterError(name, f"a pair {what}", describe(value))
    return tuple(value)


def check_values(value, name: str) -> np.ndarray:
    """A non-empty 1-D array of finite numbers."""
    return check_array(value, name, ndim=1)


def check_fractions(value, name: str) -> np.ndarray:
    """A non-empty 1-D array of numbers in [0, 1] (sparsities, accuracies)."""
    arr = check_values(value, name)
    if np.any((arr < 0) | (arr > 1)):
        raise InvalidParameterError(name, "numbers in [0, 1]", f"values from {arr.min():g} to {arr.max():g}")
    return arr


def check_limits(value, name: str):
    """None, or axis limits ``(low, high)`` of finite numbers with low < high."""
    if value is None:
        return None
    low, high = check_pair(value, name, "(low, high) of finite numbers")
    low, high = check_real(low, f"{name}[0]"), check_real(high, f"{name}[1]")
    if low >= high:
        raise InvalidParameterError(name, "(low, high) with low < high", repr((low, high)))
    return low, high


def check_net(value, name: str = "net") -> TwoLayerNet:
    """A :class:`~mdl_prune.network.TwoLayerNet`."""
    return check_instance(value, name, TwoLayerNet, "a TwoLayerNet")


def check_history(value, name: str, *, need_test: bool = False):
    """A train.History; with ``need_test``, one recorded with test data."""
    check_has(value, name, HISTORY)
    if need_test and value.test_accuracy is None:
        raise InvalidParameterError(name, f"{name} has no test accuracy: fit with X_test and y_test")
    return value


def check_level(value, name: str):
    """None, an accuracy in [0, 1], or an experiments.Summary of one (a reference level)."""
    if value is None or all(hasattr(value, a) for a in SUMMARY[1]):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return check_fraction(value, name)
    raise InvalidParameterError(name, "None, a number in [0, 1] or an experiments.Summary", describe(value))


def check_positive_bits(value, name: str) -> float:
    """A positive number of bits."""
    bits = check_real(value, name)
    if bits <= 0:
        raise InvalidParameterError(name, "a positive number of bits", repr(bits))
    return bits


def check_image_shape(value, name: str, n_pixels: int) -> tuple[int, int]:
    """``(rows, columns)``: two positive integers whose product is ``n_pixels``."""
    allowed = "(rows, columns), two positive integers such as (8, 8)"
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise InvalidParameterError(name, allowed, describe(value))
    if len(value) != 2:
        raise InvalidParameterError(name, f"2-D {allowed} to draw images", describe(value))
    shape = tuple(check_int(d, f"{name}[{i}]", low=1) for i, d in enumerate(value))
    if shape[0] * shape[1] != n_pixels:
        raise InvalidParameterError(name, f"image_shape {shape} holds {shape[0] * shape[1]} pixels but "
                                          f"X (the network's inputs) has {n_pixels} features; they must match")
    return shape


def kept_weights(nets, thresholds, bins, title) -> tuple:
    """The arguments of the kept-weight histograms, checked, with the kept weights and shared bins.

    Returns ``(nets, thresholds, bins, title, kept, edges)``: ``kept`` maps each label to the
    kept weights of ``W1`` and ``W2``; ``edges`` are ``bins`` bin edges over all of them.
    """
    nets = check_labelled(nets, "nets", "TwoLayerNet", check_net)
    thresholds = check_labelled(thresholds, "thresholds", "magnitude (float >= 0) for a label of nets",
                                lambda t, name: check_real(t, name, low=0.0), optional=True)
    for label in thresholds:
        if label not in nets:
            raise InvalidParameterError("thresholds", f"thresholds has label {label!r} that is not in "
                                                      f"nets {list(nets)}")
    bins, title = check_int(bins, "bins", low=2), check_text(title, "title")
    kept = {label: (net.W1[net.mask1], net.W2[net.mask2]) for label, net in nets.items()}
    everything = np.concatenate([np.concatenate(k) for k in kept.values()])
    if everything.size == 0:
        raise InvalidParameterError("nets", "every weight of every network in nets is pruned: "
                                            "there is nothing to draw")
    return nets, thresholds, bins, title, kept, np.histogram_bin_edges(everything, bins=bins)
