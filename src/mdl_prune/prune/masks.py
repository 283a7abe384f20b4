"""The mask-level primitive every criterion calls, and the exact counts it is handed.

A pruning criterion is two things: a score per weight (lower goes first) and
a number of weights to remove. :func:`prune_lowest` takes both and returns
the new masks, as every method of ``torch.nn.utils.prune`` goes through
``compute_mask``; :func:`n_to_prune` and :func:`prune_counts` say how many.

The private cores (``_prune_lowest``, ``_counts_to_reach``) do no argument
checking: the public functions of the package check their own arguments once
and then call the cores, so an error names the function the reader called.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._checks import (InvalidParameterError, check_array, check_choice, check_fraction, check_int,
                       describe, validated)

SCOPES = ("global", "layer")


def _round_count(fraction: float, n: int) -> int:
    """``round(fraction * n)`` with Python's round (halves to the even integer), as PyTorch counts."""
    return int(round(fraction * n))


@validated
def n_to_prune(fraction: float, n: int) -> int:
    """The exact number of entries that ``fraction`` of ``n`` means: ``round(fraction * n)``.

    One rule for the three words of the package (a ``sparsity`` over all
    weights, an ``amount`` of the remaining weights, a ``fraction`` of the
    hidden units): Python's ``round`` sends halves to the even integer
    (``round(2.5) == 2``, ``round(3.5) == 4``), matching ``torch.nn.utils.prune``.

    Parameters
    ----------
    fraction : float
        In [0, 1].
    n : int
        Size of the pool (>= 0).

    Returns
    -------
    int

    Examples
    --------
    >>> n_to_prune(0.5, 5), n_to_prune(0.5, 7)
    (2, 4)
    """
    return _round_count(check_fraction(fraction, "fraction"), check_int(n, "n", low=0))


def _prune_flat(scores: np.ndarray, kept: np.ndarray, k: int) -> np.ndarray:
    """``kept`` with its ``k`` lowest-scored True entries set to False (stable sort: ties by position)."""
    candidates = np.flatnonzero(kept)        # only kept entries can go: masks only shrink
    order = candidates[np.argsort(scores[candidates], kind="stable")]
    keep = kept.copy()
    keep[order[:k]] = False
    return keep


def _prune_lowest(scores, masks, counts) -> tuple[np.ndarray, ...]:
    """The core of :func:`prune_lowest`, for arguments already checked."""
    if isinstance(counts, int):              # global: one ranking over all layers
        flat = _prune_flat(np.concatenate([s.ravel() for s in scores]),
                           np.concatenate([m.ravel() for m in masks]), counts)
        ends = np.cumsum([m.size for m in masks])[:-1]
        return tuple(part.reshape(m.shape) for part, m in zip(np.split(flat, ends), masks))
    return tuple(_prune_flat(s.ravel(), m.ravel(), c).reshape(m.shape)
                 for s, m, c in zip(scores, masks, counts))


def _check_masks(masks, shapes=None) -> list[np.ndarray]:
    """A list or tuple of boolean arrays, one per layer (shaped as ``shapes`` if given)."""
    allowed = "a list or tuple of boolean arrays, one per layer" + (" shaped as scores" if shapes else "")
    if not isinstance(masks, (list, tuple)) or not masks:
        raise InvalidParameterError("masks", allowed, describe(masks))
    masks = [np.asarray(m) for m in masks]
    if any(m.dtype != bool for m in masks) or (shapes is not None and [m.shape for m in masks] != shapes):
        raise InvalidParameterError("masks", allowed, f"{[f'{m.dtype} {m.shape}' for m in masks]}")
    return masks


def _check_scores_and_masks(scores, masks) -> tuple[list, list]:
    """One comparable (not NaN) score array per layer, and boolean masks of their shapes."""
    if not isinstance(scores, (list, tuple)) or not scores:
        raise InvalidParameterError("scores", "a list or tuple of score arrays, one per layer",
                                    describe(scores))
    scores = [check_array(s, f"scores[{i}]", finite=False, non_empty=False) for i, s in enumerate(scores)]
    if any(np.isnan(s).any() for s in scores):
        raise InvalidParameterError("scores", "scores contain NaN; every entry needs a comparable score")
    return scores, _check_masks(masks, [s.shape for s in scores])


def _check_counts(counts, masks) -> int | list[int]:
    """An int (global) or one int per layer, each at most the entries still kept where it applies."""
    if isinstance(counts, numbers.Integral) and not isinstance(counts, (bool, np.bool_)):
        n_kept = int(sum(np.count_nonzero(m) for m in masks))
        return check_int(counts, "counts", low=0, high=n_kept)
    if not isinstance(counts, (list, tuple)) or len(counts) != len(masks):
        raise InvalidParameterError("counts", f"an int or a sequence of {len(masks)} ints (one per "
                                    "layer)", describe(counts))
    return [check_int(c, f"counts[{i}]", low=0, high=int(np.count_nonzero(m)))
            for i, (c, m) in enumerate(zip(counts, masks))]


@validated
def prune_lowest(scores, masks, counts) -> tuple[np.ndarray, ...]:
    """Prune the ``counts`` lowest-scored *kept* entries: the primitive every criterion calls.

    Magnitude, random, "fraction of the remaining", signal-to-noise and
    hidden-unit pruning differ only in the scores and the counts they hand to
    this function.

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
        Each is at most the number of entries still kept where it applies.

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
    scores, masks = _check_scores_and_masks(scores, masks)
    return _prune_lowest(scores, masks, _check_counts(counts, masks))


def _counts_to_reach(masks, sparsity: float, scope: str) -> int | list[int]:
    """The core of :func:`prune_counts`, for arguments already checked."""
    groups = [np.concatenate([m.ravel() for m in masks])] if scope == "global" else masks
    counts = []
    for i, mask in enumerate(groups, 1):
        target, pruned_now = _round_count(sparsity, mask.size), int(np.count_nonzero(~mask))
        if target < pruned_now:
            where = "over all layers" if scope == "global" else f"in layer {i}"
            raise InvalidParameterError(
                "sparsity", f"sparsity={sparsity} asks for {target} pruned weights {where} but "
                f"{pruned_now} are already pruned; masks only shrink, so the requested sparsity "
                f"must be at least the current one ({pruned_now / mask.size:.4g})")
        counts.append(target - pruned_now)
    return counts[0] if scope == "global" else counts


@validated
def prune_counts(masks, sparsity: float, scope: str = "global") -> int | list[int]:
    """How many more kept entries to prune so that exactly ``round(sparsity * n)`` are pruned.

    The counts that :func:`prune_lowest` takes for a target sparsity: one int
    over all layers together (``scope="global"``, ``n`` = all entries) or one
    per layer (``scope="layer"``, ``n`` = the layer's entries). Entries
    already pruned count towards the target.

    Parameters
    ----------
    masks : sequence of array_like of bool
        The current masks, one per layer.
    sparsity : float
        Target fraction of all entries pruned afterwards, in [0, 1].
    scope : {"global", "layer"}

    Returns
    -------
    int or list of int

    Raises
    ------
    InvalidParameterError
        If the target is below the sparsity the masks already have: masks only shrink.

    Examples
    --------
    >>> import numpy as np
    >>> prune_counts([np.array([True, False, True, True])], 0.5)   # 2 of 4, 1 already
    1
    """
    return _counts_to_reach(_check_masks(masks), check_fraction(sparsity, "sparsity"),
                            check_choice(scope, "scope", SCOPES))
