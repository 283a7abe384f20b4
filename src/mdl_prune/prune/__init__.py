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

Two meanings of an amount, both available and always named:
``semantics="total"`` (a sparsity to reach, as a fraction of *all* weights,
as in :func:`magnitude_prune` and TensorFlow's schedules) and
``semantics="remaining"`` (a fraction of the weights *still kept*, as in
repeated ``torch.nn.utils.prune`` calls); see :func:`prune_step`.

Contents: magnitude and random pruning (:func:`magnitude_prune`,
:func:`random_prune`, :func:`prune_by_scores`, :func:`prune_remaining`);
schedules (:func:`linear_schedule`, :func:`cubic_schedule`);
:func:`iterative_prune` with fine-tuning; lottery tickets
(:func:`lottery_ticket`, :func:`rewind`, :func:`reinitialize`); and the
removal of whole hidden units (:func:`prune_neurons`).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .._checks import (InvalidParameterError, check_array, check_choice, check_fraction, check_int,
                      check_X, describe, make_rng)
from ..network import TwoLayerNet, check_net
from ..train import History, fit

__all__ = ["n_to_prune", "prune_lowest", "prune_counts", "magnitude_prune", "prune_by_scores", "neuron_scores", "units_to_keep",
           "prune_neurons", "random_prune", "magnitude_threshold", "linear_schedule", "cubic_schedule",
           "SCHEDULES", "split_budget", "remaining_to_total", "prune_remaining", "prune_step", "IterativeRun",
           "iterative_prune", "rewind", "reinitialize", "LotteryRound", "lottery_ticket"]

SCOPES = ("global", "layer")
NEURON_CRITERIA = ("norm", "activation")


def n_to_prune(sparsity: float, n: int) -> int:
    """The exact number of weights that ``sparsity`` prunes out of ``n``: ``round(sparsity * n)``.

    Python's ``round`` sends halves to the even integer (``round(2.5) == 2``),
    matching ``torch.nn.utils.prune``.
    """
    sparsity = check_fraction(sparsity, "sparsity")
    return int(round(sparsity * n))


def prune_lowest(scores, masks, counts) -> tuple[np.ndarray, ...]:
    """Prune the ``counts`` lowest-scored *kept* entries: the primitive every criterion calls.

    Magnitude, random, "fraction of the remaining" and signal-to-noise pruning
    differ only in the scores and the counts they hand to this function (as
    every method of ``torch.nn.utils.prune`` goes through ``compute_mask``).

    Parameters
    ----------
    scores : sequence of array_like
        One score array per layer; lower scores are pruned first.
    masks : sequence of array_like of bool
        The current masks (True = kept), one per layer, shaped as ``scores``.
        Entries already pruned stay pruned whatever their score.
    counts : int or sequence of int
        How many kept entries to prune: one int ranks all layers together
        (global pruning); one int per layer prunes each layer separately.

    Returns
    -------
    tuple of numpy.ndarray
        New boolean masks; each is the old mask with exactly the requested
        number of further entries switched off. Ties are broken by position
        (layer order, then row-major order), so the result is deterministic.

    Examples
    --------
    >>> import numpy as np
    >>> prune_lowest([np.array([3., 1., 2.])], [np.array([True, True, True])], 1)
    (array([ True, False,  True]),)
    """
    scores = [check_array(s, "scores", finite=False, non_empty=False) for s in scores]
    masks = [np.asarray(m) for m in masks]
    if len(scores) != len(masks) or any(s.shape != m.shape or m.dtype != bool
                                        for s, m in zip(scores, masks)):
        raise InvalidParameterError("masks", "boolean arrays with the shapes of scores, one per "
                                    "layer", f"shapes {[m.shape for m in masks]}")
    if any(np.isnan(s).any() for s in scores):
        raise InvalidParameterError("scores", "scores contain NaN; every entry needs a comparable score")
    if isinstance(counts, numbers.Integral) and not isinstance(counts, (bool, np.bool_)):
        flat = _prune_flat(np.concatenate([s.ravel() for s in scores]),
                           np.concatenate([m.ravel() for m in masks]), int(counts), "counts")
        ends = np.cumsum([m.size for m in masks])[:-1]
        return tuple(part.reshape(m.shape) for part, m in zip(np.split(flat, ends), masks))
    counts = list(counts) if isinstance(counts, (list, tuple)) else None
    if counts is None or len(counts) != len(masks):
        raise InvalidParameterError("counts", f"an int or a sequence of {len(masks)} ints (one per "
                                    "layer)", describe(counts))
    return tuple(_prune_flat(s.ravel(), m.ravel(), check_int(c, f"counts[{i}]", low=0),
                             f"counts[{i}]").reshape(m.shape)
                 for i, (s, m, c) in enumerate(zip(scores, masks, counts)))


def _prune_flat(scores: np.ndarray, kept: np.ndarray, k: int, name: str) -> np.ndarray:
    """``kept`` with its ``k`` lowest-scored True entries set to False (stable sort: ties by position)."""
    n_kept = int(np.count_nonzero(kept))
    if not 0 <= k <= n_kept:
        raise InvalidParameterError(name, f"an integer in [0, {n_kept}] (the entries still kept)",
                                    describe(k))
    candidates = np.flatnonzero(kept)        # only kept entries can go: masks only shrink
    order = candidates[np.argsort(scores[candidates], kind="stable")]
    keep = kept.copy()
    keep[order[:k]] = False
    return keep


def prune_counts(masks, sparsity: float, scope: str = "global"):
    """How many more kept entries to prune so that exactly ``round(sparsity * n)`` are pruned.

    The counts that :func:`prune_lowest` takes for a target sparsity: one int
    over all layers together (``scope="global"``) or one per layer
    (``scope="layer"``).

    Parameters
    ----------
    masks : sequence of numpy.ndarray of bool
        The current masks, one per layer.
    sparsity : float
        Target fraction of entries pruned afterwards, in [0, 1].
    scope : {"global", "layer"}

    Returns
    -------
    int or list of int

    Raises
    ------
    InvalidParameterError
        If the target is below the sparsity the masks already have: masks only shrink.
    """
    sparsity = check_fraction(sparsity, "sparsity")
    scope = check_choice(scope, "scope", SCOPES)
    masks = [np.asarray(m, dtype=bool) for m in masks]
    groups = ([np.concatenate([m.ravel() for m in masks])] if scope == "global" else masks)
    counts = []
    for i, mask in enumerate(groups, 1):
        target, pruned_now = n_to_prune(sparsity, mask.size), int(np.count_nonzero(~mask))
        if target < pruned_now:
            where = "over all layers" if scope == "global" else f"in layer {i}"
            raise InvalidParameterError(
                "sparsity", f"asked to prune {target} weights {where} but {pruned_now} are already "
                "pruned; masks only shrink, so the requested sparsity must be at least the current one")
        counts.append(target - pruned_now)
    return counts[0] if scope == "global" else counts


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
    net = check_net(net)
    sparsity = check_fraction(sparsity, "sparsity")
    scope = check_choice(scope, "scope", SCOPES)
    s1 = check_array(scores1, "scores1", finite=False, non_empty=False)
    s2 = check_array(scores2, "scores2", finite=False, non_empty=False)
    if s1.shape != net.W1.shape or s2.shape != net.W2.shape:
        raise InvalidParameterError("scores1", f"scores must have the weights' shapes {net.W1.shape} "
                                    f"and {net.W2.shape}, got {s1.shape} and {s2.shape}")
    masks = (net.mask1, net.mask2)
    counts = prune_counts(masks, sparsity, scope)
    mask1, mask2 = prune_lowest((s1, s2), masks, counts)
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
    >>> net = network.TwoLayerNet.create(4, 5, 3, seed=0)   # 20 + 15 = 35 weights
    >>> prune.magnitude_prune(net, 0.5).count_parameters().weights_kept   # round(17.5) = 18 pruned
    17
    """
    net = check_net(net)
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
    net = check_net(net)
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
    net = check_net(net)
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


# ---------------------------------------------------------------------------- controls and thresholds
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
    net = check_net(net)
    rng = make_rng(seed)
    return prune_by_scores(net, sparsity, rng.random(net.W1.shape), rng.random(net.W2.shape),
                           scope=scope)


def magnitude_threshold(net: TwoLayerNet, sparsity: float, scope: str = "global") -> tuple[float, float]:
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
    net = check_net(net)
    pruned = magnitude_prune(net, sparsity, scope=scope)
    cut = []
    for W, mask in ((net.W1, pruned.mask1), (net.W2, pruned.mask2)):
        gone = np.abs(W[~mask])
        cut.append(float(gone.max()) if gone.size else 0.0)
    if scope == "global":
        cut = [max(cut)] * 2
    return cut[0], cut[1]


# ---------------------------------------------------------------------------- schedules
def _check_schedule_args(final_sparsity, n_steps, initial_sparsity):
    final_sparsity = check_fraction(final_sparsity, "final_sparsity")
    initial_sparsity = check_fraction(initial_sparsity, "initial_sparsity")
    n_steps = check_int(n_steps, "n_steps", low=1)
    if initial_sparsity > final_sparsity:
        raise ValueError(f"initial_sparsity ({initial_sparsity}) must not exceed final_sparsity "
                         f"({final_sparsity}): masks only shrink, sparsity only grows")
    return final_sparsity, n_steps, initial_sparsity


def _finish_schedule(values: np.ndarray, final_sparsity: float, initial_sparsity: float,
                     include_start: bool) -> np.ndarray:
    # Floating point must not overshoot the end points or break monotonicity.
    values = np.clip(values, initial_sparsity, final_sparsity)
    values = np.maximum.accumulate(values)
    values[0] = initial_sparsity
    values[-1] = final_sparsity
    if not include_start:
        values = values[1:].copy()
    values.setflags(write=False)
    return values


def _check_include_start(include_start) -> bool:
    if not isinstance(include_start, (bool, np.bool_)):
        raise TypeError(f"include_start must be True or False, got {include_start!r}")
    return bool(include_start)


def linear_schedule(final_sparsity: float, n_steps: int, initial_sparsity: float = 0.0,
                    include_start: bool = False) -> np.ndarray:
    """The seed notebook's schedule: equal sparsity increments.

    ``s_t = s_i + (s_f - s_i) * t / n`` for steps ``t = 1, ..., n``.

    Parameters
    ----------
    final_sparsity : float
        ``s_f``, in [0, 1]; the last entry equals it exactly.
    n_steps : int
        Number of pruning steps ``n`` (>= 1).
    initial_sparsity : float
        ``s_i``, the sparsity before step 1 (in [0, final_sparsity]).
    include_start : bool
        Also return ``s_0 = s_i`` (exactly) as the first entry.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps,)`` (``(n_steps + 1,)`` with ``include_start``): the
        target sparsity (fraction of *all* weights) after each step;
        non-decreasing; read-only.
    """
    s_f, n, s_i = _check_schedule_args(final_sparsity, n_steps, initial_sparsity)
    include_start = _check_include_start(include_start)
    t = np.arange(n + 1)
    return _finish_schedule(s_i + (s_f - s_i) * t / n, s_f, s_i, include_start)


def cubic_schedule(final_sparsity: float, n_steps: int, initial_sparsity: float = 0.0,
                   include_start: bool = False) -> np.ndarray:
    """Zhu & Gupta's (2017) gradual schedule: large steps first, small steps near the end.

    ``s_t = s_f + (s_i - s_f) * (1 - t / n) ** 3`` for steps ``t = 1, ..., n``.
    Early on, with many redundant weights, it prunes fast; close to the
    target, where every weight matters, it slows down.

    Parameters and return value as in :func:`linear_schedule`.
    """
    s_f, n, s_i = _check_schedule_args(final_sparsity, n_steps, initial_sparsity)
    include_start = _check_include_start(include_start)
    t = np.arange(n + 1)
    return _finish_schedule(s_f + (s_i - s_f) * (1.0 - t / n) ** 3, s_f, s_i, include_start)


SCHEDULES = {"linear": linear_schedule, "cubic": cubic_schedule}


def split_budget(total_epochs: int, n_steps: int) -> tuple[int, ...]:
    """Share a training budget between pruning steps: as equal as possible, earlier steps first.

    Comparing one-shot with iterative pruning is only fair at the same number
    of training epochs; this gives each of ``n_steps`` steps its share of
    ``total_epochs`` (the shares differ by at most one and sum exactly).

    Examples
    --------
    >>> split_budget(40, 10)
    (4, 4, 4, 4, 4, 4, 4, 4, 4, 4)
    >>> split_budget(10, 4)
    (3, 3, 2, 2)
    """
    total_epochs = check_int(total_epochs, "total_epochs", low=0)
    n_steps = check_int(n_steps, "n_steps", low=1)
    base, extra = divmod(total_epochs, n_steps)
    return tuple(base + (i < extra) for i in range(n_steps))


def remaining_to_total(amounts, n_weights: int, initial_pruned: int = 0) -> np.ndarray:
    """Total sparsity after each step when each step prunes a fraction of the *remaining* weights.

    This is PyTorch's semantics for repeated ``torch.nn.utils.prune`` calls:
    step ``k`` prunes ``round(amounts[k] * remaining)`` more weights. Computed
    for one pool of ``n_weights`` (one layer, or all weights with global scope).

    Parameters
    ----------
    amounts : sequence of float
        Fraction of the remaining weights pruned at each step, each in [0, 1].
    n_weights : int
        Size of the pool (>= 1).
    initial_pruned : int
        Weights already pruned before the first step.

    Returns
    -------
    numpy.ndarray
        Fraction of all ``n_weights`` pruned after each step (exact counts / n).

    Examples
    --------
    >>> remaining_to_total([0.5, 0.5], 8).tolist()   # 4 pruned, then 2 of the 4 left
    [0.5, 0.75]
    """
    amounts = _check_amounts(amounts, "amounts")
    n_weights = check_int(n_weights, "n_weights", low=1)
    pruned = check_int(initial_pruned, "initial_pruned", low=0, high=n_weights)
    out = []
    for a in amounts:
        pruned += n_to_prune(a, n_weights - pruned)
        out.append(pruned / n_weights)
    return np.array(out)


def _check_amounts(amounts, name: str) -> tuple:
    if isinstance(amounts, (str, bytes)) or np.ndim(amounts) != 1:
        raise TypeError(f"{name} must be a 1-D sequence of fractions in [0, 1], got {amounts!r}")
    out = tuple(check_fraction(a, f"{name}[{i}]") for i, a in enumerate(amounts))
    if not out:
        raise ValueError(f"{name} is empty: give at least one pruning step")
    return out


# ---------------------------------------------------------------------------- "of the remaining"
CRITERIA = ("magnitude", "random")
SEMANTICS = ("total", "remaining")


def _criterion_scores(net: TwoLayerNet, criterion: str, rng) -> tuple[np.ndarray, np.ndarray]:
    if criterion == "magnitude":
        return np.abs(net.W1), np.abs(net.W2)
    return rng.random(net.W1.shape), rng.random(net.W2.shape)


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
    net = check_net(net)
    amount = check_fraction(amount, "amount")
    scope = check_choice(scope, "scope", SCOPES)
    criterion = check_choice(criterion, "criterion", CRITERIA)
    rng = _criterion_rng(criterion, seed)
    s1, s2 = _criterion_scores(net, criterion, rng)
    masks = (net.mask1, net.mask2)
    if scope == "global":
        counts = n_to_prune(amount, int(sum(np.count_nonzero(m) for m in masks)))
    else:
        counts = [n_to_prune(amount, int(np.count_nonzero(m))) for m in masks]
    mask1, mask2 = prune_lowest((s1, s2), masks, counts)
    return net.replace(mask1=mask1, mask2=mask2)


def _criterion_rng(criterion: str, seed):
    if criterion == "random":
        if seed is None:
            raise TypeError('criterion="random" needs a seed (int or numpy.random.Generator)')
        return make_rng(seed)
    if seed is not None:
        raise ValueError(f'seed is only used by criterion="random", not {criterion!r}; leave it out')
    return None


def prune_step(net: TwoLayerNet, amount: float, semantics: str = "total", scope: str = "global",
               criterion: str = "magnitude", seed=None) -> TwoLayerNet:
    """One pruning step, with the meaning of ``amount`` chosen explicitly.

    Parameters
    ----------
    net : TwoLayerNet
    amount : float
        In [0, 1]. With ``semantics="total"`` (TensorFlow's schedules, and
        :func:`magnitude_prune`): the sparsity to *reach*, as a fraction of
        all weights; it must be at least the current sparsity. With
        ``semantics="remaining"`` (PyTorch's ``torch.nn.utils.prune``): the
        fraction of the still-kept weights to prune now.
    semantics : {"total", "remaining"}
    scope : {"global", "layer"}
    criterion : {"magnitude", "random"}
    seed : int or numpy.random.Generator, optional
        Only for ``criterion="random"``.

    Returns
    -------
    TwoLayerNet
    """
    semantics = check_choice(semantics, "semantics", SEMANTICS)
    amount = check_fraction(amount, "amount")
    if semantics == "remaining":
        return prune_remaining(net, amount, scope=scope, criterion=criterion, seed=seed)
    criterion = check_choice(criterion, "criterion", CRITERIA)
    rng = _criterion_rng(criterion, seed)
    net = check_net(net)
    if criterion == "random":
        return random_prune(net, amount, rng, scope=scope)
    return magnitude_prune(net, amount, scope=scope)


# ---------------------------------------------------------------------------- iterative pruning
# fit() arguments that the pruning loops set themselves.
_FIT_RESERVED = frozenset({"epochs", "seed", "X_test", "y_test", "velocity"})


def _check_fit_kwargs(fit_kwargs) -> dict:
    if fit_kwargs is None:
        return {}
    if not isinstance(fit_kwargs, dict):
        raise TypeError(f"fit_kwargs must be a dict of train.fit options (lr, momentum, ...), "
                        f"got {type(fit_kwargs).__name__}")
    clash = sorted(set(fit_kwargs) & _FIT_RESERVED)
    if clash:
        raise ValueError(f"fit_kwargs must not set {clash}: the pruning loop sets them itself "
                         "(use the function's own epochs/seed/X_test/y_test arguments)")
    return dict(fit_kwargs)


def _check_test(X_test, y_test):
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together (or neither)")


@dataclass(frozen=True)
class IterativeRun:
    """What :func:`iterative_prune` did, one entry per pruning step.

    Attributes
    ----------
    sparsity : tuple of float
        Fraction of all weights pruned after each step.
    weights_kept : tuple of int
    accuracy_pruned : tuple of float or None
        Test accuracy right after each pruning step, before fine-tuning
        (``None`` without test data).
    accuracy_tuned : tuple of float or None
        Test accuracy after each step's fine-tuning.
    epochs : tuple of int
        Fine-tuning epochs of each step (0 = no fine-tuning).
    histories : tuple
        The :class:`train.History` of each step's fine-tuning, training curves
        only (``None`` where epochs is 0).
    """

    sparsity: tuple
    weights_kept: tuple
    accuracy_pruned: tuple | None
    accuracy_tuned: tuple | None
    epochs: tuple
    histories: tuple

    @property
    def total_epochs(self) -> int:
        """Fine-tuning epochs over all steps: the training budget of the run."""
        return int(sum(self.epochs))


def iterative_prune(net: TwoLayerNet, X, y, amounts, *, semantics: str = "total",
                    scope: str = "global", criterion: str = "magnitude", epochs_per_step=10,
                    X_test=None, y_test=None, seed=0,
                    fit_kwargs: dict | None = None) -> tuple[TwoLayerNet, IterativeRun]:
    """Prune in steps, fine-tuning the survivors with :func:`train.fit` after each step.

    Parameters
    ----------
    net : TwoLayerNet
        Usually a trained dense network (not modified).
    X, y : array_like
        Training data for fine-tuning.
    amounts : sequence of float
        One entry per step, each in [0, 1]; its meaning is set by ``semantics``.
        With ``"total"`` it is a schedule of target sparsities (e.g.
        :func:`cubic_schedule`), non-decreasing; with ``"remaining"`` each
        entry is the fraction of the still-kept weights pruned at that step.
    semantics : {"total", "remaining"}
        See :func:`prune_step`: TensorFlow's "reach this fraction of all
        weights" or PyTorch's "prune this fraction of what is left".
    scope : {"global", "layer"}
    criterion : {"magnitude", "random"}
    epochs_per_step : int or sequence of int
        Fine-tuning epochs after each step (>= 0; 0 skips fine-tuning).
        One-shot pruning with the same budget is ``amounts=[s]`` with all
        the epochs in one step.
    X_test, y_test : array_like, optional
        Held-out data for the recorded accuracies.
    seed : int or numpy.random.Generator
        Drives the minibatch order (and the random criterion).
    fit_kwargs : dict, optional
        Other :func:`train.fit` options (``lr``, ``momentum``, ``batch_size``,
        ``weight_decay``); every fine-tuning starts with zero momentum.

    Returns
    -------
    pruned : TwoLayerNet
    run : IterativeRun
    """
    net = check_net(net)
    amounts = _check_amounts(amounts, "amounts")
    semantics = check_choice(semantics, "semantics", SEMANTICS)
    scope = check_choice(scope, "scope", SCOPES)
    criterion = check_choice(criterion, "criterion", CRITERIA)
    fit_kwargs = _check_fit_kwargs(fit_kwargs)
    _check_test(X_test, y_test)
    if semantics == "total":
        drops = [i for i in range(1, len(amounts)) if amounts[i] < amounts[i - 1]]
        if drops:
            i = drops[0]
            raise ValueError(f"amounts must be non-decreasing with semantics='total' (masks only "
                             f"shrink): amounts[{i}]={amounts[i]} < amounts[{i - 1}]={amounts[i - 1]}")
    if isinstance(epochs_per_step, (list, tuple, np.ndarray)):
        if len(epochs_per_step) != len(amounts):
            raise ValueError(f"epochs_per_step has {len(epochs_per_step)} entries but amounts has "
                             f"{len(amounts)}; give one per step or a single int")
        epochs = tuple(check_int(e, f"epochs_per_step[{i}]", low=0) for i, e in enumerate(epochs_per_step))
    else:
        epochs = (check_int(epochs_per_step, "epochs_per_step", low=0),) * len(amounts)
    rng = make_rng(seed)
    test = X_test is not None
    sparsity, kept, acc_pruned, acc_tuned, histories = [], [], [], [], []
    for amount, n_epochs in zip(amounts, epochs):
        net = prune_step(net, amount, semantics=semantics, scope=scope, criterion=criterion,
                         seed=rng if criterion == "random" else None)
        sparsity.append(net.sparsity)
        kept.append(net.count_parameters().weights_kept)
        if test:
            acc_pruned.append(net.accuracy(X_test, y_test))
        history = None
        if n_epochs:
            # No per-epoch test evaluation: only the end of each step is recorded (and it is faster).
            net, history = fit(net, X, y, epochs=n_epochs, seed=rng, **fit_kwargs)
        histories.append(history)
        if test:
            acc_tuned.append(net.accuracy(X_test, y_test))
    run = IterativeRun(tuple(sparsity), tuple(kept), tuple(acc_pruned) if test else None,
                       tuple(acc_tuned) if test else None, epochs, tuple(histories))
    return net, run


# ---------------------------------------------------------------------------- lottery tickets
def rewind(pruned: TwoLayerNet, initial: TwoLayerNet) -> TwoLayerNet:
    """Reset the survivors of ``pruned`` to their values in ``initial`` (Frankle & Carbin 2019).

    The result has ``pruned``'s masks and, at every kept weight, exactly the
    value ``initial`` had; the biases are ``initial``'s too.

    Parameters
    ----------
    pruned : TwoLayerNet
        A trained and pruned network: supplies the mask.
    initial : TwoLayerNet
        The same network at initialisation, before any training: supplies the values.
        Its masks must contain ``pruned``'s (a weight pruned at
        initialisation has no initial value to rewind to).

    Returns
    -------
    TwoLayerNet
    """
    pruned, initial = check_net(pruned), check_net(initial)
    if pruned.W1.shape != initial.W1.shape or pruned.W2.shape != initial.W2.shape:
        raise ValueError(f"pruned and initial must have the same shapes: {pruned.W1.shape}, "
                         f"{pruned.W2.shape} vs {initial.W1.shape}, {initial.W2.shape}")
    if np.any(pruned.mask1 & ~initial.mask1) or np.any(pruned.mask2 & ~initial.mask2):
        raise ValueError("pruned keeps weights that initial has pruned: masks only shrink, so "
                         "initial must be the network before pruning")
    return initial.replace(mask1=pruned.mask1, mask2=pruned.mask2)


def reinitialize(net: TwoLayerNet, seed) -> TwoLayerNet:
    """The lottery-ticket control: ``net``'s masks with fresh random initial values.

    Values are drawn exactly as :meth:`TwoLayerNet.create` draws them (same
    distribution as the original initialisation), biases zero. Use a seed
    different from the one that made the original network.

    Parameters
    ----------
    net : TwoLayerNet
        Supplies the masks only.
    seed : int or numpy.random.Generator

    Returns
    -------
    TwoLayerNet
    """
    net = check_net(net)
    fresh = TwoLayerNet.create(net.n_in, net.n_hidden, net.n_out, seed=seed)
    return fresh.replace(mask1=net.mask1, mask2=net.mask2)


@dataclass(frozen=True)
class LotteryRound:
    """One round of :func:`lottery_ticket`.

    Attributes
    ----------
    round : int
        0 is the dense network; round ``r`` has been pruned ``r`` times.
    sparsity : float
    ticket : TwoLayerNet
        The untrained network of this round: the survivors at their initial values.
    trained : TwoLayerNet
        ``ticket`` after training.
    accuracy : float or None
        Test accuracy of ``trained`` (``None`` without test data).
    control : TwoLayerNet or None
        The control after training: same mask, fresh initial values (round 0 has none).
    control_accuracy : float or None
    """

    round: int
    sparsity: float
    ticket: TwoLayerNet
    trained: TwoLayerNet
    accuracy: float | None
    control: TwoLayerNet | None
    control_accuracy: float | None


def lottery_ticket(initial: TwoLayerNet, X, y, *, amount: float = 0.2, n_rounds: int = 3,
                   epochs: int = 40, scope: str = "global", X_test=None, y_test=None, seed=0,
                   control_seed=None, fit_kwargs: dict | None = None,
                   trained: TwoLayerNet | None = None) -> tuple[LotteryRound, ...]:
    """Iterative magnitude pruning with rewinding to the initial values (Frankle & Carbin 2019).

    Round 0 trains ``initial``. Each later round prunes ``amount`` of the
    weights that survived (PyTorch's "remaining" semantics, magnitudes of the
    previous round's trained network), rewinds the survivors to their values
    in ``initial`` (:func:`rewind`) and trains again for ``epochs``. With
    ``control_seed``, each round also trains the control: the same mask with
    fresh random initial values (:func:`reinitialize`), with the same
    minibatch order as the ticket.

    Parameters
    ----------
    initial : TwoLayerNet
        The untrained network (not modified).
    X, y : array_like
        Training data.
    amount : float
        Fraction of the remaining weights pruned per round, in (0, 1).
        After ``r`` rounds about ``1 - (1 - amount) ** r`` of all weights are
        gone (exactly: :func:`remaining_to_total`).
    n_rounds : int
        Pruning rounds (>= 1).
    epochs : int
        Training epochs in every round (>= 1).
    scope : {"global", "layer"}
    X_test, y_test : array_like, optional
    seed : int or numpy.random.Generator
        Minibatch orders of the rounds.
    control_seed : int or numpy.random.Generator, optional
        Initial values of the controls (one stream for all rounds); no control without it.
    fit_kwargs : dict, optional
        Other :func:`train.fit` options.
    trained : TwoLayerNet, optional
        ``initial`` already trained (e.g. the dense baseline of a notebook):
        round 0 uses it instead of training ``initial`` again. It must have
        ``initial``'s shapes and masks.

    Returns
    -------
    tuple of LotteryRound
        ``n_rounds + 1`` rounds, the dense one first.
    """
    initial = check_net(initial)
    amount = check_fraction(amount, "amount", low_open=True, high_open=True)
    n_rounds = check_int(n_rounds, "n_rounds", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    scope = check_choice(scope, "scope", SCOPES)
    fit_kwargs = _check_fit_kwargs(fit_kwargs)
    _check_test(X_test, y_test)
    fit_seeds = make_rng(seed).integers(0, 2**31 - 1, size=n_rounds + 1)
    control_rng = None if control_seed is None else make_rng(control_seed, "control_seed")
    test = X_test is not None

    def train_and_score(start, fit_seed):
        out, _ = fit(start, X, y, epochs=epochs, seed=int(fit_seed), **fit_kwargs)
        return out, (out.accuracy(X_test, y_test) if test else None)

    if trained is not None:
        trained = check_net(trained)
        if (trained.W1.shape != initial.W1.shape or trained.W2.shape != initial.W2.shape
                or not np.array_equal(trained.mask1, initial.mask1)
                or not np.array_equal(trained.mask2, initial.mask2)):
            raise ValueError("trained must be initial after training: same shapes and same masks")

    rounds = []
    ticket = initial
    for r in range(n_rounds + 1):
        if r:
            ticket = rewind(prune_remaining(rounds[-1].trained, amount, scope=scope), initial)
        if r == 0 and trained is not None:
            net, acc = trained, (trained.accuracy(X_test, y_test) if test else None)
        else:
            net, acc = train_and_score(ticket, fit_seeds[r])
        control, control_acc = None, None
        if r and control_rng is not None:
            control, control_acc = train_and_score(reinitialize(ticket, control_rng), fit_seeds[r])
        rounds.append(LotteryRound(r, ticket.sparsity, ticket, net, acc, control, control_acc))
    return tuple(rounds)
