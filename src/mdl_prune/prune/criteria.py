"""Unstructured pruning criteria: which weights go, and how many.

Every criterion here is a score per weight handed to the mask-level
primitive (:func:`~mdl_prune.prune.masks.prune_lowest`) with an exact count:

* "fraction of all weights" (``sparsity``): :func:`prune_by_scores`,
  :func:`magnitude_prune`, :func:`random_prune`, :func:`magnitude_threshold`;
* "fraction of the remaining weights" (``amount``, PyTorch's word):
  :func:`prune_remaining`;
* either, chosen by ``semantics``: :func:`prune_step`.
"""

from __future__ import annotations

import numpy as np

from .._checks import (InvalidParameterError, check_array, check_choice, check_fraction, make_rng,
                       validated)
from ..network import TwoLayerNet, check_net
from .masks import SCOPES, _counts_to_reach, _prune_lowest, _round_count

CRITERIA = ("magnitude", "random")
SEMANTICS = ("total", "remaining")


# ---------------------------------------------------------------------------- cores (checked callers only)
def _criterion_scores(net: TwoLayerNet, criterion: str, rng) -> tuple[np.ndarray, np.ndarray]:
    """``|w|`` per layer, or uniform random numbers (drawn for W1, then W2) as the control."""
    if criterion == "magnitude":
        return np.abs(net.W1), np.abs(net.W2)
    return rng.random(net.W1.shape), rng.random(net.W2.shape)


def _prune_to(net: TwoLayerNet, sparsity: float, scores, scope: str) -> TwoLayerNet:
    """Prune the lowest ``scores`` until exactly ``round(sparsity * n)`` weights are pruned."""
    masks = (net.mask1, net.mask2)
    mask1, mask2 = _prune_lowest(scores, masks, _counts_to_reach(masks, sparsity, scope))
    return net.replace(mask1=mask1, mask2=mask2)


def _prune_of_remaining(net: TwoLayerNet, amount: float, scores, scope: str) -> TwoLayerNet:
    """Prune ``round(amount * kept)`` of the kept weights, lowest ``scores`` first."""
    masks = (net.mask1, net.mask2)
    kept = [int(np.count_nonzero(m)) for m in masks]
    counts = _round_count(amount, sum(kept)) if scope == "global" else [_round_count(amount, k)
                                                                        for k in kept]
    mask1, mask2 = _prune_lowest(scores, masks, counts)
    return net.replace(mask1=mask1, mask2=mask2)


def _step(net: TwoLayerNet, amount: float, semantics: str, scope: str, criterion: str,
          rng) -> TwoLayerNet:
    """The core of :func:`prune_step` (and of each step of ``iterative_prune``)."""
    scores = _criterion_scores(net, criterion, rng)
    if semantics == "remaining":
        return _prune_of_remaining(net, amount, scores, scope)
    return _prune_to(net, amount, scores, scope)


# ---------------------------------------------------------------------------- shared checks
def _check_net_and_size(net, size, size_name: str, scope) -> tuple[TwoLayerNet, float, str]:
    """The arguments every unstructured pruner takes: a network, a fraction in [0, 1], a scope."""
    return (check_net(net), check_fraction(size, size_name), check_choice(scope, "scope", SCOPES))


def _check_step(net, amount, semantics, scope, criterion, seed) -> tuple:
    """The arguments of :func:`_step`, checked: a seed is required by "random", refused otherwise."""
    net, amount, scope = _check_net_and_size(net, amount, "amount", scope)
    semantics = check_choice(semantics, "semantics", SEMANTICS)
    criterion = check_choice(criterion, "criterion", CRITERIA)
    if criterion == "magnitude" and seed is not None:
        raise InvalidParameterError("seed", 'seed is only used by criterion="random", not '
                                    '"magnitude"; leave it out')
    return net, amount, semantics, scope, criterion, (make_rng(seed) if criterion == "random" else None)


def _check_scores(net: TwoLayerNet, scores1, scores2) -> tuple[np.ndarray, np.ndarray]:
    """One comparable (not NaN) score per weight of W1 and of W2."""
    scores = []
    for name, value, weights in (("scores1", scores1, net.W1), ("scores2", scores2, net.W2)):
        score = check_array(value, name, finite=False, non_empty=False)
        if score.shape != weights.shape:
            raise InvalidParameterError(name, f"one score per weight, shape {weights.shape}",
                                        f"shape {score.shape}")
        if np.isnan(score).any():
            raise InvalidParameterError(name, f"{name} contains NaN; every weight needs a "
                                              "comparable score")
        scores.append(score)
    return tuple(scores)


# ---------------------------------------------------------------------------- fraction of all weights
@validated
def prune_by_scores(net: TwoLayerNet, sparsity: float, scores1, scores2,
                    scope: str = "global") -> TwoLayerNet:
    """Prune the weights with the lowest scores (any criterion).

    Parameters
    ----------
    net : TwoLayerNet
    sparsity : float
        Target fraction of all weights pruned afterwards, in [0, 1].
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
    net, sparsity, scope = _check_net_and_size(net, sparsity, "sparsity", scope)
    return _prune_to(net, sparsity, _check_scores(net, scores1, scores2), scope)


@validated
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
    >>> net = network.TwoLayerNet.create(4, 5, 3, seed=0)   # 20 + 15 = 35 weights
    >>> prune.magnitude_prune(net, 0.5).count_parameters().weights_kept   # round(17.5) = 18 pruned
    17
    """
    net, sparsity, scope = _check_net_and_size(net, sparsity, "sparsity", scope)
    return _prune_to(net, sparsity, _criterion_scores(net, "magnitude", None), scope)


@validated
def random_prune(net: TwoLayerNet, sparsity: float, seed, scope: str = "global") -> TwoLayerNet:
    """Prune weights chosen uniformly at random: the control every criterion must beat.

    Same semantics as :func:`magnitude_prune` (exactly ``round(sparsity * n)``
    weights pruned, already-pruned weights count and stay pruned), only the
    ranking is a random permutation instead of ``|w|``.

    Parameters
    ----------
    net : TwoLayerNet
    sparsity : float
        Fraction of all weights pruned afterwards, in [0, 1].
    seed : int or numpy.random.Generator
        Which random weights go (required: a control must be reproducible).
    scope : {"global", "layer"}

    Returns
    -------
    TwoLayerNet
    """
    net, sparsity, scope = _check_net_and_size(net, sparsity, "sparsity", scope)
    return _prune_to(net, sparsity, _criterion_scores(net, "random", make_rng(seed)), scope)


@validated
def magnitude_threshold(net: TwoLayerNet, sparsity: float,
                        scope: str = "global") -> tuple[float, float]:
    """The magnitude cut that :func:`magnitude_prune` applies to each layer.

    The threshold ``t`` of a layer is the largest ``|w|`` that gets pruned:
    every weight with ``|w| < t`` is pruned, every weight with ``|w| > t`` is
    kept, and weights with ``|w| == t`` (ties) go by position. With
    ``scope="global"`` both layers share one threshold, so both entries are
    equal; with ``scope="layer"`` each layer has its own. A layer where
    nothing is pruned gets ``0.0``.

    Returns
    -------
    (t1, t2) : tuple of float
        Thresholds for ``W1`` and ``W2``.
    """
    net, sparsity, scope = _check_net_and_size(net, sparsity, "sparsity", scope)
    pruned = _prune_to(net, sparsity, _criterion_scores(net, "magnitude", None), scope)
    cut = []
    for W, mask in ((net.W1, pruned.mask1), (net.W2, pruned.mask2)):
        gone = np.abs(W[~mask])
        cut.append(float(gone.max()) if gone.size else 0.0)
    if scope == "global":
        cut = [max(cut)] * 2
    return cut[0], cut[1]


# ---------------------------------------------------------------------------- fraction of the remaining
@validated
def prune_remaining(net: TwoLayerNet, amount: float, scope: str = "global",
                    criterion: str = "magnitude", seed=None) -> TwoLayerNet:
    """Prune a fraction of the weights that are *still kept* (PyTorch's semantics).

    ``torch.nn.utils.prune`` applied to an already pruned tensor prunes
    ``round(amount * remaining)`` of its unpruned entries, so calling it twice
    with ``amount=0.5`` leaves a quarter of the weights, not half. This
    function does the same: with ``scope="global"`` the count is taken over
    the kept weights of both layers together (``global_unstructured``), with
    ``scope="layer"`` over each layer's kept weights (``l1_unstructured`` per
    layer).

    Parameters
    ----------
    net : TwoLayerNet
    amount : float
        Fraction of the remaining weights to prune, in [0, 1].
    scope : {"global", "layer"}
    criterion : {"magnitude", "random"}
        Which remaining weights go: smallest ``|w|`` first, or at random.
    seed : int or numpy.random.Generator, optional
        Required for ``criterion="random"``, refused otherwise.

    Returns
    -------
    TwoLayerNet
    """
    return _step(*_check_step(net, amount, "remaining", scope, criterion, seed))


@validated
def prune_step(net: TwoLayerNet, amount: float, semantics: str = "total", scope: str = "global",
               criterion: str = "magnitude", seed=None) -> TwoLayerNet:
    """One pruning step, with the meaning of ``amount`` chosen explicitly.

    Parameters
    ----------
    net : TwoLayerNet
    amount : float
        The size of the step, in [0, 1]; ``semantics`` says what it is a
        fraction of. With ``semantics="total"`` (TensorFlow's schedules, and
        :func:`magnitude_prune`): the sparsity to *reach*, as a fraction of
        all weights; it must be at least the current sparsity. With
        ``semantics="remaining"`` (PyTorch's ``torch.nn.utils.prune``): the
        fraction of the still-kept weights to prune now.
    semantics : {"total", "remaining"}
    scope : {"global", "layer"}
    criterion : {"magnitude", "random"}
    seed : int or numpy.random.Generator, optional
        Required for ``criterion="random"``, refused otherwise.

    Returns
    -------
    TwoLayerNet
    """
    return _step(*_check_step(net, amount, semantics, scope, criterion, seed))
