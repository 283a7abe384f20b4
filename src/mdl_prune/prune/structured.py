"""Structured pruning: remove whole hidden units, which leaves a smaller *dense* network.

Unlike a mask, removing unit ``h`` deletes column ``h`` of ``W1``, entry ``h``
of ``b1`` and row ``h`` of ``W2``: the matrices shrink, so the network is
faster and smaller on disk (see :mod:`mdl_prune.speed`). The size of the cut
is a ``fraction`` of the hidden units; the ranking goes through the same
primitive as every weight criterion (:func:`~mdl_prune.prune.masks.prune_lowest`).
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidParameterError, check_choice, check_fraction, check_X, validated
from ..network import TwoLayerNet, check_net
from .masks import _prune_lowest, _round_count

NEURON_CRITERIA = ("norm", "activation")


def _check_unit_args(net, criterion, X):
    """The network, the criterion, and the data it needs: X for "activation" only."""
    net = check_net(net)
    criterion = check_choice(criterion, "criterion", NEURON_CRITERIA)
    if criterion == "norm" and X is not None:
        raise InvalidParameterError("X", 'X is only used by criterion="activation"; leave it out '
                                    'for "norm"')
    if criterion == "activation" and X is None:
        raise InvalidParameterError("X", 'criterion="activation" needs data: pass X (samples x '
                                    'features)')
    return net, criterion, (None if X is None else check_X(X, n_features=net.n_in))


def _neuron_scores(net: TwoLayerNet, criterion: str, X) -> np.ndarray:
    out_norm = np.linalg.norm(net.W2, axis=1)
    if criterion == "norm":
        return np.linalg.norm(net.W1, axis=0) * out_norm
    return net.hidden(X).mean(axis=0) * out_norm


def _check_fraction_of_units(fraction, n_hidden: int) -> float:
    """A fraction in [0, 1] that leaves at least one hidden unit."""
    fraction = check_fraction(fraction, "fraction")
    if _round_count(fraction, n_hidden) >= n_hidden:
        raise InvalidParameterError("fraction", f"fraction={fraction} would remove all {n_hidden} "
                                    f"hidden units; the largest allowed removes {n_hidden - 1} "
                                    f"(fraction < {(n_hidden - 0.5) / n_hidden:.4f})")
    return fraction


def _units_to_keep(net: TwoLayerNet, fraction: float, criterion: str, X) -> np.ndarray:
    scores = _neuron_scores(net, criterion, X)
    (keep,) = _prune_lowest([scores], [np.ones(net.n_hidden, bool)],
                            _round_count(fraction, net.n_hidden))
    return np.flatnonzero(keep)


@validated
def neuron_scores(net: TwoLayerNet, criterion: str = "norm", X=None) -> np.ndarray:
    """One importance score per hidden unit (higher = more important).

    Parameters
    ----------
    net : TwoLayerNet
    criterion : {"norm", "activation"}
        ``"norm"``: ``||W1[:, h]|| * ||W2[h, :]||``, the size of the unit's
        incoming weights times that of its outgoing weights (a unit with
        either side empty scores 0). ``"activation"``: the mean ReLU
        activation on ``X`` times ``||W2[h, :]||``, what the unit actually
        sends to the output on data.
    X : array_like, optional
        Data for ``criterion="activation"`` (required there, refused otherwise).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_hidden,)``.
    """
    return _neuron_scores(*_check_unit_args(net, criterion, X))


@validated
def units_to_keep(net: TwoLayerNet, fraction: float, criterion: str = "norm", X=None) -> np.ndarray:
    """Sorted indices of the hidden units that :func:`prune_neurons` keeps.

    Exactly ``round(fraction * n_hidden)`` units are removed, lowest score
    first (:func:`neuron_scores`), ties broken by index; at least one unit
    must remain. Parameters as in :func:`prune_neurons`.

    Returns
    -------
    numpy.ndarray of int
    """
    net, criterion, X = _check_unit_args(net, criterion, X)
    return _units_to_keep(net, _check_fraction_of_units(fraction, net.n_hidden), criterion, X)


@validated
def prune_neurons(net: TwoLayerNet, fraction: float, criterion: str = "norm", X=None) -> TwoLayerNet:
    """Remove whole hidden units: a physically smaller *dense* network.

    Removing unit ``h`` deletes column ``h`` of ``W1``, entry ``h`` of ``b1``
    and row ``h`` of ``W2``. The result computes exactly what ``net`` computes
    with those units' outgoing weights masked, but with smaller matrices, so
    it is faster and smaller on disk, which unstructured sparsity is not.
    Masks of the kept weights are carried over.

    Parameters
    ----------
    net : TwoLayerNet
    fraction : float
        Fraction of hidden units to remove, in [0, 1); ``round(fraction * n_hidden)``
        go, and at least one must stay.
    criterion : {"norm", "activation"}
        See :func:`neuron_scores`.
    X : array_like, optional
        Data for ``criterion="activation"``.

    Returns
    -------
    TwoLayerNet
    """
    net, criterion, X = _check_unit_args(net, criterion, X)
    keep = _units_to_keep(net, _check_fraction_of_units(fraction, net.n_hidden), criterion, X)
    return TwoLayerNet(net.W1[:, keep], net.b1[keep], net.W2[keep, :], net.b2,
                       net.mask1[:, keep], net.mask2[keep, :])
