"""Pruning: masks, criteria and their exact semantics.

Semantics shared by every pruner here:

* ``sparsity=s`` over ``n`` weights prunes exactly ``round(s * n)`` of them,
  with Python's ``round`` (halves go to the even integer), as PyTorch's
  ``torch.nn.utils.prune`` does for a float ``amount``.
* Weights already pruned count towards that number and are pruned first;
  masks only shrink, and asking for less sparsity than a network already has
  is an error.
* Ties in the criterion are broken by position: layer 1 before layer 2, then
  row-major order inside a layer (a stable sort), so the result never
  depends on the platform.
* Nothing is modified in place: every function returns a new network.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice, check_fraction, check_X
from .network import TwoLayerNet

__all__ = ["n_to_prune", "magnitude_prune", "prune_by_scores", "neuron_scores", "units_to_keep",
           "prune_neurons"]

SCOPES = ("global", "layer")
NEURON_CRITERIA = ("norm", "activation")


def n_to_prune(sparsity: float, n: int) -> int:
    """The exact number of weights that ``sparsity`` prunes out of ``n``: ``round(sparsity * n)``.

    Python's ``round`` sends halves to the even integer (``round(2.5) == 2``),
    matching ``torch.nn.utils.prune``.
    """
    sparsity = check_fraction(sparsity, "sparsity")
    return int(round(sparsity * n))


def _check_net(net) -> TwoLayerNet:
    if not isinstance(net, TwoLayerNet):
        raise TypeError(f"net must be a TwoLayerNet, got {type(net).__name__}")
    return net


def _lowest(scores: np.ndarray, kept: np.ndarray, k: int, what: str) -> np.ndarray:
    """Boolean "keep" vector with the ``k`` lowest-scored entries removed.

    Already-pruned entries sort first (they are pruned whatever their score);
    a stable sort breaks ties by position.
    """
    n_pruned_now = int(np.count_nonzero(~kept))
    if k < n_pruned_now:
        raise ValueError(
            f"{what}: asked to prune {k} weights but {n_pruned_now} are already pruned; "
            "masks only shrink, so the requested sparsity must be at least the current one")
    key = np.where(kept, scores, -np.inf)
    order = np.argsort(key, kind="stable")
    keep = np.ones(scores.size, dtype=bool)
    keep[order[:k]] = False
    return keep


def prune_by_scores(net: TwoLayerNet, sparsity: float, scores1, scores2,
                    scope: str = "global") -> TwoLayerNet:
    """Prune the weights with the lowest scores (any criterion).

    Parameters
    ----------
    net : TwoLayerNet
    sparsity : float
        Target fraction of weights pruned, in [0, 1] (see the module's semantics).
    scores1, scores2 : array_like
        One score per weight of ``W1`` and ``W2``; lower means pruned first.
    scope : {"global", "layer"}
        ``"global"`` ranks all weights together and prunes ``round(s * n)``;
        ``"layer"`` prunes ``round(s * n_l)`` in each layer separately (so the
        total can differ from the global count by rounding).

    Returns
    -------
    TwoLayerNet
        A new network with shrunken masks and the pruned weights set to zero.
    """
    net = _check_net(net)
    sparsity = check_fraction(sparsity, "sparsity")
    scope = check_choice(scope, "scope", SCOPES)
    s1 = np.asarray(scores1, dtype=np.float64)
    s2 = np.asarray(scores2, dtype=np.float64)
    if s1.shape != net.W1.shape or s2.shape != net.W2.shape:
        raise ValueError(f"scores must have the weights' shapes {net.W1.shape} and {net.W2.shape}, "
                         f"got {s1.shape} and {s2.shape}")
    if np.isnan(s1).any() or np.isnan(s2).any():
        raise ValueError("scores contain NaN; every weight needs a comparable score")
    if scope == "global":
        scores = np.concatenate([s1.ravel(), s2.ravel()])
        kept = np.concatenate([net.mask1.ravel(), net.mask2.ravel()])
        keep = _lowest(scores, kept, n_to_prune(sparsity, scores.size), "global pruning")
        mask1 = keep[: s1.size].reshape(s1.shape)
        mask2 = keep[s1.size:].reshape(s2.shape)
    else:
        mask1 = _lowest(s1.ravel(), net.mask1.ravel(), n_to_prune(sparsity, s1.size),
                        "layer 1").reshape(s1.shape)
        mask2 = _lowest(s2.ravel(), net.mask2.ravel(), n_to_prune(sparsity, s2.size),
                        "layer 2").reshape(s2.shape)
    return net.replace(mask1=mask1, mask2=mask2)


def magnitude_prune(net: TwoLayerNet, sparsity: float, scope: str = "global") -> TwoLayerNet:
    """Prune the weights of smallest absolute value (Han et al. 2015).

    Parameters
    ----------
    net : TwoLayerNet
    sparsity : float
        Fraction of all weight-matrix entries (biases excluded) pruned
        afterwards, in [0, 1]; exactly ``round(sparsity * n)`` are pruned.
    scope : {"global", "layer"}
        One threshold for all weights, or the same fraction in every layer.

    Returns
    -------
    TwoLayerNet
        A new network; ``net`` is unchanged.

    Examples
    --------
    >>> from mdl_prune import network, prune
    >>> net = network.TwoLayerNet.create(4, 5, 3, seed=0)
    >>> prune.magnitude_prune(net, 0.5).count_parameters().weights_kept
    18
    """
    net = _check_net(net)
    return prune_by_scores(net, sparsity, np.abs(net.W1), np.abs(net.W2), scope=scope)


# ---------------------------------------------------------------------------- structured pruning
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
    net = _check_net(net)
    criterion = check_choice(criterion, "criterion", NEURON_CRITERIA)
    out_norm = np.linalg.norm(net.W2, axis=1)
    if criterion == "norm":
        if X is not None:
            raise ValueError('X is only used by criterion="activation"; leave it out for "norm"')
        return np.linalg.norm(net.W1, axis=0) * out_norm
    if X is None:
        raise ValueError('criterion="activation" needs data: pass X (samples x features)')
    X = check_X(X, n_features=net.n_in)
    return net.hidden(X).mean(axis=0) * out_norm


def units_to_keep(net: TwoLayerNet, fraction: float, criterion: str = "norm", X=None) -> np.ndarray:
    """Sorted indices of the hidden units that :func:`prune_neurons` keeps.

    Exactly ``round(fraction * n_hidden)`` units are removed, lowest score
    first, ties broken by index; at least one unit must remain.
    """
    net = _check_net(net)
    fraction = check_fraction(fraction, "fraction")
    n_remove = n_to_prune(fraction, net.n_hidden)
    if n_remove >= net.n_hidden:
        raise ValueError(f"fraction={fraction} would remove all {net.n_hidden} hidden units; "
                         f"the largest allowed removes {net.n_hidden - 1} (fraction < "
                         f"{(net.n_hidden - 0.5) / net.n_hidden:.4f})")
    scores = neuron_scores(net, criterion, X)
    order = np.argsort(scores, kind="stable")
    return np.sort(order[n_remove:])


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
        Fraction of hidden units to remove, in [0, 1); ``round(fraction * n_hidden)`` go.
    criterion : {"norm", "activation"}
        See :func:`neuron_scores`.
    X : array_like, optional
        Data for ``criterion="activation"``.

    Returns
    -------
    TwoLayerNet
    """
    keep = units_to_keep(net, fraction, criterion, X)
    return TwoLayerNet(net.W1[:, keep], net.b1[keep], net.W2[keep, :], net.b2,
                       net.mask1[:, keep], net.mask2[keep, :])
