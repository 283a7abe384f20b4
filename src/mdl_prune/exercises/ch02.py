"""Checkers for the exercises of notebook 02 (one-shot pruning).

* :func:`check_magnitude_masks` -- Exercise 02.4: global magnitude masks for a network that may
  already be pruned (exact count, ties by position, masks only shrink).
* :func:`check_prune_w1_only` -- Exercise 02.2: magnitude pruning that takes every weight from
  ``W1`` and leaves ``W2`` whole.

Each checker calls the student's function on small cases it builds, compares the masks with the
package's (:func:`~mdl_prune.prune.prune_lowest` with the counts of
:func:`~mdl_prune.prune.prune_counts`) and, when they differ, recognises the usual mistakes by
computing them too: truncating instead of rounding, rounding halves up, pruning per layer,
ranking by ``w`` instead of ``|w|``, a threshold test that keeps or prunes every tied weight,
ignoring the weights already pruned. It prints what is wrong and where to look, and returns True
only when every case is right. It never raises for a wrong answer.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from .._checks import describe, validated
from .. import prune
from ._feedback import (NOTHING_YET, attempt, error_text, function_name, numbered,
                        require_function, run_cases)

__all__ = ["check_magnitude_masks", "check_prune_w1_only"]


class _Case(NamedTuple):
    """One call of the student's function and the masks it must return."""

    what: str                    # the case in words, for the feedback
    weights: tuple               # (W1, W2)
    masks: tuple                 # (mask1, mask2) before pruning (True = kept)
    sparsity: float
    expected: tuple              # the package's masks
    mistakes: dict               # message -> the masks that mistake gives
    with_masks: bool = True      # fn(weights, masks, s) (02.4) or fn(W1, W2, s) (02.2)


# ---------------------------------------------------------------------------- the cases
def _rng_weights(seed: int, shape1=(4, 3), shape2=(3, 2), scale2: float = 3.0) -> tuple:
    """Two weight matrices with distinct magnitudes; W2's are larger, as in a trained network."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape1), scale2 * rng.normal(size=shape2)


def _tied_weights() -> tuple:
    """Weights on a coarse grid (as after quantization): many equal magnitudes."""
    W1 = np.array([[0.5, -1.0, 1.0], [-0.5, 1.5, -1.0], [1.0, 0.5, -1.5], [-1.0, 1.0, 0.5]])
    W2 = np.array([[1.0, -1.5], [-1.0, 0.5], [1.5, 1.0]])
    return W1, W2


def _lowest(scores, masks, counts) -> tuple:
    return prune.prune_lowest(list(scores), list(masks), counts)


def _threshold_masks(scores, masks, k: int, keep_ties: bool) -> tuple:
    """A threshold test, right when no magnitudes tie: prune |w| < t with t the smallest kept
    score that should stay (keeps every weight tied at t), or |w| <= t with t the largest that
    should go (prunes every weight tied at t)."""
    kept = np.sort(np.concatenate([np.asarray(s)[m] for s, m in zip(scores, masks)]))
    if keep_ties and k < kept.size:
        return tuple(m & (s >= kept[k]) for s, m in zip(scores, masks))
    if not keep_ties and k > 0:
        return tuple(m & (s > kept[k - 1]) for s, m in zip(scores, masks))
    everything = k > 0                     # the test cannot go wrong at either end
    return tuple(np.zeros(m.shape, bool) if everything else m.copy() for m in masks)


def _global_case(what: str, weights, masks, sparsity: float) -> _Case:
    """A case of Exercise 02.4 with its expected masks and the masks of each usual mistake."""
    scores = tuple(np.abs(W) for W in weights)
    n = sum(W.size for W in weights)
    already = int(sum(np.count_nonzero(~m) for m in masks))
    target = round(sparsity * n)
    k = target - already
    expected = _lowest(scores, masks, k)
    floor_k = max(math.floor(sparsity * n) - already, 0)
    half_up_k = max(math.floor(sparsity * n + 0.5) - already, 0)
    n_kept = n - already
    mistakes = {
        f"your masks prune {floor_k + already} weights, {target - floor_k - already} too few: "
        f"{sparsity} x {n} = {sparsity * n:.4g}, which round() makes {target}; did you truncate "
        "(int(), math.floor)?":
            _lowest(scores, masks, floor_k),
        f"you rounded the half up: {sparsity} x {n} = {sparsity * n:g}, and Python's round "
        f"(like np.round) sends a half to the even integer, {target}":
            _lowest(scores, masks, min(half_up_k, n_kept)),
        "you pruned per layer, not globally: rank the weights of both layers together, "
        "with one threshold for the whole network":
            _lowest(scores, masks, prune.prune_counts(list(masks), sparsity, "layer")),
        "you ranked the weights by w, not by |w|: large negative weights went first "
        "(use np.abs)": _lowest(tuple(weights), masks, k),
        "you pruned the largest |w| instead of the smallest": _lowest(tuple(-s for s in scores),
                                                                      masks, k),
        f"you pruned round(s x n) = {target} more weights on top of the {already} already "
        "pruned; the sparsity is the fraction pruned afterwards, so the already pruned weights "
        "count towards round(s x n)": _lowest(scores, masks, min(target, n_kept)),
    }
    _add_tie_mistakes(mistakes, scores, masks, k)
    return _Case(what, tuple(weights), tuple(masks), sparsity, expected, mistakes)


def _add_tie_mistakes(mistakes: dict, scores, masks, k: int) -> None:
    """The threshold test |w| < t keeps every weight tied at t, |w| <= t prunes them all."""
    for keep_ties in (True, False):
        wrong = _threshold_masks(scores, masks, k, keep_ties)
        pruned = int(sum(np.count_nonzero(~m) for m in wrong))
        right = int(sum(np.count_nonzero(~m) for m in masks)) + k
        if pruned == right:
            continue
        verb = "keeps" if keep_ties else "prunes"
        mistakes[f"your mask {verb} {abs(pruned - right)} weight(s) too many: look at ties (equal "
                 f"|w|). A threshold test |w| {'<' if keep_ties else '<='} t {verb} every weight "
                 "tied at t; prune exactly the count asked for, breaking ties by position "
                 "(np.argsort(..., kind='stable'))"] = wrong


def _mask_cases() -> list:
    W1, W2 = _rng_weights(0)
    P1, P2 = _rng_weights(1, shape1=(2, 3), scale2=1.0)
    T1, T2 = _tied_weights()
    O1, O2 = _rng_weights(3)
    full = (np.ones(W1.shape, bool), np.ones(W2.shape, bool))
    old = (np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1], [1, 1, 0]], bool),
           np.array([[1, 1], [0, 1], [1, 1]], bool))
    # the weights under the old masks keep their values (as PyTorch's weight_orig does)
    return [
        _global_case("a dense 4-3-2 network (18 weights), sparsity 0.7", (W1, W2), full, 0.7),
        _global_case("a dense 2-3-2 network (12 weights), sparsity 0.375 (0.375 x 12 = 4.5)",
                     (P1, P2), tuple(np.ones(P.shape, bool) for P in (P1, P2)), 0.375),
        _global_case("a dense 4-3-2 network whose weights tie (magnitudes 0.5, 1, 1.5), "
                     "sparsity 0.5", (T1, T2), full, 0.5),
        _global_case("a 4-3-2 network with 4 weights already pruned, sparsity 0.5",
                     (O1, O2), old, 0.5),
        _global_case("the same network at sparsity 0.25: only the 4 already pruned may go",
                     (O1, O2), old, 0.25),
        _global_case("a dense 4-3-2 network, sparsity 1.0", (W1, W2), full, 1.0),
    ]


def _w1_only_case(what: str, weights, sparsity: float) -> _Case:
    """A case of Exercise 02.2: round(s n) of all n weights pruned, every one of them from W1."""
    W1, W2 = weights
    n, n1 = W1.size + W2.size, W1.size
    masks = (np.ones(W1.shape, bool), np.ones(W2.shape, bool))
    scores = (np.abs(W1), np.full(W2.shape, np.inf))     # W2 never ranks below a weight of W1
    k = round(sparsity * n)
    mistakes = {
        "you also pruned weights of W2: W2 is exempt, every pruned weight comes from W1":
            _lowest((np.abs(W1), np.abs(W2)), masks, k),
        f"you pruned the fraction s of W1 alone (round(s x {n1}) = {round(sparsity * n1)}); here, "
        f"as everywhere in the package, the sparsity is a fraction of all n = {n} weights, so "
        f"prune round(s x n) = {k}, all from W1": _lowest(scores, masks, round(sparsity * n1)),
        f"your masks prune {math.floor(sparsity * n)} weights, {k - math.floor(sparsity * n)} too "
        f"few: {sparsity} x {n} = {sparsity * n:.4g}, which round() makes {k}; did you truncate "
        "(int(), math.floor)?": _lowest(scores, masks, math.floor(sparsity * n)),
        "you ranked the weights by w, not by |w| (use np.abs)": _lowest((W1, scores[1]), masks, k),
        "you pruned the largest |w| instead of the smallest": _lowest((-np.abs(W1), scores[1]),
                                                                      masks, k),
    }
    _add_tie_mistakes(mistakes, scores, masks, k)
    return _Case(what, (W1, W2), masks, sparsity, _lowest(scores, masks, k), mistakes,
                 with_masks=False)


def _w1_only_cases() -> list:
    W1, W2 = _rng_weights(2)
    T1, T2 = _tied_weights()
    return [_w1_only_case("a 4-3-2 network (18 weights), sparsity 0.5", (W1, W2), 0.5),
            _w1_only_case("a 4-3-2 network, sparsity 0.6 (0.6 x 18 = 10.8)", (W1, W2), 0.6),
            _w1_only_case("a 4-3-2 network whose weights tie, sparsity 0.39", (T1, T2), 0.39),
            _w1_only_case("a 4-3-2 network, sparsity 0.0", (W1, W2), 0.0)]


# ---------------------------------------------------------------------------- the diagnosis
def _call(fn: Callable, case: _Case):
    """The student's masks for ``case`` as a tuple of arrays, or the feedback why there are none."""
    args = [W.copy() for W in case.weights], [m.copy() for m in case.masks]
    out = attempt(fn, *(args if case.with_masks else args[0]), case.sparsity,
                  watch=dict(zip(("W1", "W2", "mask1", "mask2"), args[0] + args[1])),
                  raised=lambda exc: f"your function raised {error_text(exc)}",
                  changed=lambda names: (f"your function changed its argument(s) "
                                         f"{', '.join(names)} in place; return new masks and "
                                         "leave the arguments as they were"))
    shapes = [W.shape for W in case.weights]
    try:
        masks = tuple(np.asarray(m) for m in out)
    except TypeError:
        masks = ()
    if len(masks) != 2 or [m.shape for m in masks] != shapes or any(m.dtype != bool for m in masks):
        return None, (f"return two boolean arrays (mask1, mask2) shaped {shapes[0]} and "
                      f"{shapes[1]} (True = kept); got {describe(out)}")
    return masks, None


def _diagnose(case: _Case, masks: tuple) -> str | None:
    """None when ``masks`` are the expected ones, else what went wrong."""
    if all(np.array_equal(m, e) for m, e in zip(masks, case.expected)):
        return None
    revived = int(sum(np.count_nonzero(m & ~old) for m, old in zip(masks, case.masks)))
    if revived:
        return (f"your mask keeps {revived} weight(s) that were already pruned: masks only "
                "shrink. Rank only the weights the masks still keep, and keep the others pruned")
    for message, wrong in case.mistakes.items():
        is_mistake = not all(np.array_equal(w, e) for w, e in zip(wrong, case.expected))
        if is_mistake and all(np.array_equal(m, w) for m, w in zip(masks, wrong)):
            return message
    pruned = int(sum(np.count_nonzero(~m) for m in masks))
    right = int(sum(np.count_nonzero(~e) for e in case.expected))
    n = sum(m.size for m in masks)
    if pruned != right:
        return (f"your masks prune {pruned} weights, {abs(pruned - right)} too "
                f"{'many' if pruned > right else 'few'}: sparsity={case.sparsity} over "
                f"n={n} weights means exactly round({case.sparsity} x {n}) = {right} pruned")
    return _wrong_choice(case, masks)


def _wrong_choice(case: _Case, masks: tuple) -> str:
    """The right count, the wrong weights: ties broken otherwise, or a larger |w| pruned."""
    mags = [np.abs(W) for W in case.weights]
    gone = np.sort(np.concatenate([a[~m] for a, m in zip(mags, masks)]))
    should = np.sort(np.concatenate([a[~e] for a, e in zip(mags, case.expected)]))
    if np.array_equal(gone, should):
        return ("the right number of weights and the right magnitudes, but ties (equal |w|) "
                "broken otherwise: break them by position, W1 before W2 and row by row "
                "(np.argsort(..., kind='stable') on the flattened magnitudes)")
    kept_mags = np.concatenate([a[m] for a, m in zip(mags, masks)])
    return (f"you pruned a weight with |w| = {gone.max():.3g} while keeping one with "
            f"|w| = {kept_mags.min():.3g}: prune the smallest |w| first")


def _check(fn, cases: list, signature: str, done: str) -> bool:
    """Run every case; print the first failure's feedback, or ``done``; True when all pass."""
    name = function_name(require_function(fn, signature))

    def judge(case: _Case) -> str | None:
        masks, problem = _call(fn, case)
        return problem or _diagnose(case, masks)

    return run_cases(cases, judge, nothing=f"{NOTHING_YET} `{name}`.", frame=numbered,
                     correct=f"Correct: `{name}` gives the package's masks on all {len(cases)} "
                             f"cases. {done}")


# ---------------------------------------------------------------------------- the checkers
@validated
def check_magnitude_masks(fn) -> bool:
    """Check Exercise 02.4: ``fn(weights, masks, sparsity)`` -> new global magnitude masks.

    ``weights`` is ``[W1, W2]``, ``masks`` is ``[mask1, mask2]`` (True = kept; the values under
    a False entry are the weights' old values, not zeros), ``sparsity`` in [0, 1]. The answer
    must prune exactly ``round(sparsity * n)`` of the n weights in all, the already pruned ones
    counting and staying pruned, the kept weights of smallest ``|w|`` going first, ties broken
    by position (W1 before W2, row by row).

    Parameters
    ----------
    fn : callable
        The student's ``magnitude_masks(weights, masks, sparsity)``, returning the new
        ``(mask1, mask2)`` without changing its arguments.

    Returns
    -------
    bool
        True when ``fn`` gives the package's masks on all six cases (rounding, ties, masks
        already pruned); the feedback on the first wrong case is printed otherwise.
    """
    return _check(fn, _mask_cases(), "fn(weights, masks, sparsity) -> (mask1, mask2)",
                  "Ties by position, exact rounding, and masks that only shrink.")


@validated
def check_prune_w1_only(fn) -> bool:
    """Check Exercise 02.2: ``fn(W1, W2, sparsity)`` -> masks that prune only ``W1``.

    The answer must prune exactly ``round(sparsity * n)`` weights, n counting the weights of
    both layers, every one of them from ``W1`` (smallest ``|w|`` first, ties by position), and
    keep all of ``W2``; the cases keep ``sparsity`` at most ``W1.size / n``.

    Parameters
    ----------
    fn : callable
        The student's ``prune_w1_only(W1, W2, sparsity)``, returning ``(mask1, mask2)``.

    Returns
    -------
    bool
        True when ``fn`` prunes the package's weights of ``W1`` on all four cases and keeps
        ``W2`` whole; the feedback on the first wrong case is printed otherwise.
    """
    return _check(fn, _w1_only_cases(), "fn(W1, W2, sparsity) -> (mask1, mask2)",
                  "W2 is whole and W1 gives up every pruned weight.")
