"""Checkers for the exercises of notebook 09 (pitfalls: spot the bug in a real pruning notebook).

* :func:`check_train_test_split` -- Exercise 09.1: Gaussian blobs whose test set is drawn around
  the *same* class centres as the training set (the original notebook drew new ones).
* :func:`check_fraction_kept` -- Exercise 09.2: the fraction of weights kept, biases excluded,
  read from the masks (pruned weights may keep stale values).
* :func:`check_data_cost_bits` -- Exercise 09.3: the bits needed to send the labels given the
  model's probabilities, ``-sum_i log2 p(y_i | x_i)``.

Each checker calls the student's function on cases it builds, compares the answer with the right
one and, when they differ, recognises the usual mistakes by computing them too. It prints what is
wrong and where to look, prints "Nothing attempted yet" while the stub is untouched, and returns
True only when every case is right. It never raises for a wrong answer.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from .._checks import describe, validated
from ..network import TwoLayerNet
from ..prune import magnitude_prune
from ._feedback import Feedback, attempt, require_function, run_cases

__all__ = ["check_train_test_split", "check_fraction_kept", "check_data_cost_bits"]


# ------------------------------------------------------------------ Exercise 09.1: the split
# (n_train, n_test, n_features, n_classes, seed): sizes divisible by the class counts
_SPLIT_CASES = ((300, 150, 5, 3, 0), (400, 200, 8, 4, 1))


def _split_arrays(result, n_train, n_test, n_features, n_classes):
    """The four arrays as NumPy arrays, or a message saying what is wrong with their form."""
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        return None, (f"Return four arrays (X_train, y_train, X_test, y_test); "
                      f"got {describe(result)}.")
    try:
        X_tr, y_tr, X_te, y_te = (np.asarray(a) for a in result)
    except (TypeError, ValueError):
        return None, "Return four NumPy arrays (X_train, y_train, X_test, y_test)."
    shapes = (("X_train", X_tr, (n_train, n_features)), ("y_train", y_tr, (n_train,)),
              ("X_test", X_te, (n_test, n_features)), ("y_test", y_te, (n_test,)))
    for name, arr, shape in shapes:
        if arr.shape != shape:
            return None, (f"{name} should have shape {shape} for n_train={n_train}, "
                          f"n_test={n_test}, n_features={n_features}; yours has shape "
                          f"{arr.shape}.")
    for name, y in (("y_train", y_tr), ("y_test", y_te)):
        if not np.issubdtype(y.dtype, np.integer) or set(np.unique(y)) != set(range(n_classes)):
            return None, (f"{name} should hold the integer labels 0 ... {n_classes - 1}, every "
                          f"class present; yours holds {np.unique(y)[:8]} ({y.dtype}).")
    return (X_tr.astype(float), y_tr, X_te.astype(float), y_te), None


def _class_means(X, y, n_classes):
    return np.array([X[y == c].mean(axis=0) for c in range(n_classes)])


def _judge_split(fn, case) -> str | None:
    n_train, n_test, n_features, n_classes, seed = case
    args = (n_train, n_test, n_features, n_classes)
    arrays, message = _split_arrays(attempt(fn, *args, np.random.default_rng(seed)), *args)
    if message:
        return message
    X_tr, y_tr, X_te, y_te = arrays
    try:
        same = _split_arrays(attempt(fn, *args, np.random.default_rng(seed)), *args)[0]
    except Feedback:                     # a second call that fails is not the same data either
        same = None
    if same is None or not all(np.array_equal(a, b) for a, b in zip(arrays, same)):
        return ("Called twice with the same seed, your function returned different data: draw "
                "every random number from the `rng` it is given (rng.normal, rng.permutation), "
                "not from np.random, so that a seed fixes the data.")
    if any((X_te == row).all(axis=1).any() for row in X_tr):
        return ("Your test set repeats samples of the training set: a test set must hold new "
                "samples, drawn (around the same centres) apart from the training samples.")
    spread = np.concatenate([X_tr[y_tr == c] - X_tr[y_tr == c].mean(axis=0)
                             for c in range(n_classes)]).std()
    if not 0.8 < spread < 1.25:
        return (f"Inside each class your samples have a standard deviation of {spread:.2f}; "
                f"each blob should have unit variance around its centre "
                f"(rng.normal(size=...) + centre).")
    means_tr = _class_means(X_tr, y_tr, n_classes)
    gaps = [np.linalg.norm(means_tr[a] - means_tr[b])
            for a in range(n_classes) for b in range(a)]
    if min(gaps) < 1.0:
        return ("Two of your classes share (nearly) the same centre: each class needs its own "
                "centre, drawn from N(0, 3^2 I) (rng.normal(0, 3, size=n_features)).")
    means_te = _class_means(X_te, y_te, n_classes)
    for c in range(n_classes):
        noise = math.sqrt(n_features * (1 / np.sum(y_tr == c) + 1 / np.sum(y_te == c)))
        distance = float(np.linalg.norm(means_te[c] - means_tr[c]))
        if distance > 4 * noise:
            return (f"The test samples of class {c} lie around another centre than its training "
                    f"samples (their means are {distance:.1f} apart; sampling noise explains about "
                    f"{noise:.2f}). Your test set holds other classes with the same labels: draw "
                    f"the centres once and both splits from them.")
    return None


@validated
def check_train_test_split(fn) -> bool:
    """Check Exercise 09.1: ``fn(n_train, n_test, n_features, n_classes, rng)`` returns
    ``(X_train, y_train, X_test, y_test)``, Gaussian blobs with one set of centres for both.

    Parameters
    ----------
    fn : callable
        The student's function; ``rng`` is a ``numpy.random.Generator``.

    Returns
    -------
    bool
        True only when, in both cases, each class's training and test samples come from one
        centre, the test samples are new and the seed fixes the data; prints what is wrong.
    """
    require_function(fn, "fn(n_train, n_test, n_features, n_classes, rng) -> (X_train, y_train, "
                         "X_test, y_test)")
    return run_cases(_SPLIT_CASES, lambda case: _judge_split(fn, case), correct=(
        f"Correct: in {len(_SPLIT_CASES)} cases your training and test samples of each class "
        f"come from the same centre, with new samples in the test set."))


# ------------------------------------------------------------------ Exercise 09.2: weights kept
def _models():
    """(what, model, kept, total weights, biases): stale float masks, boolean masks, dense."""
    cases = []
    for seed, (sparsity, shape) in enumerate(((0.5, (6, 5, 3)), (0.8, (10, 7, 4)))):
        dense = TwoLayerNet.create(*shape, seed=seed)
        pruned = magnitude_prune(dense, sparsity)
        stale = SimpleNamespace(W1=np.array(dense.W1), b1=np.full(shape[1], 0.1),
                                W2=np.array(dense.W2), b2=np.full(shape[2], -0.1),
                                mask1=pruned.mask1.astype(float), mask2=pruned.mask2.astype(float))
        cases.append((f"a {sparsity:.0%}-pruned model with float masks and stale weights", stale))
        cases.append((f"a {sparsity:.0%}-pruned TwoLayerNet (boolean masks)", pruned))
    cases.append(("an unpruned model", TwoLayerNet.create(4, 3, 2, seed=3)))
    out = []
    for what, m in cases:
        kept = int(np.count_nonzero(m.mask1) + np.count_nonzero(m.mask2))
        out.append((what, m, kept, m.mask1.size + m.mask2.size, m.b1.size + m.b2.size))
    return out


def _fraction_mistakes(m, kept, total, biases) -> dict:
    """Message -> the value that mistake gives."""
    f1, f2 = np.count_nonzero(m.mask1) / m.mask1.size, np.count_nonzero(m.mask2) / m.mask2.size
    nonzero = (np.count_nonzero(m.W1) + np.count_nonzero(m.W2)) / total
    return {
        "You counted the biases as kept: pruning removes weights only, so count the entries of "
        "mask1 and mask2 (and nothing else) in both the numerator and the total.":
            (kept + biases) / (total + biases),
        "You returned the fraction pruned; the question asks for the fraction kept.":
            1 - kept / total,
        "Return a fraction in [0, 1], not a percentage.": 100 * kept / total,
        "You counted the nonzero weights: in the original's model a pruned weight keeps its old "
        "value, and only the mask says it is pruned. Count the masks.": nonzero,
        "You averaged the two layers' fractions: the layers have different sizes; divide the "
        "total number kept by the total number of weights.": (f1 + f2) / 2,
        "You counted only the weights of W1: W2 is pruned too.": f1,
        "You counted only the weights of W2: W1 is pruned too.": f2,
    }


def _judge_fraction(fn, case) -> str | None:
    what, model, kept, total, biases = case
    result = attempt(fn, model, watch={"model": model}, changed=lambda _: (
        "Your function changed the model it was given: compute the count, change nothing."))
    try:
        value = float(result)
    except (TypeError, ValueError):
        return f"Return one number (a fraction in [0, 1]); got {describe(result)}."
    if math.isclose(value, kept / total, rel_tol=1e-9):
        return None
    for text, wrong in _fraction_mistakes(model, kept, total, biases).items():
        if math.isclose(value, wrong, rel_tol=1e-9):
            return f"For {what}: {text}"
    return (f"For {what} ({kept} of {total} weights kept) your function returned {value:.4g}; the "
            f"fraction of weights kept is {kept / total:.4g}.")


@validated
def check_fraction_kept(fn) -> bool:
    """Check Exercise 09.2: ``fn(model)`` returns the fraction of weight-matrix entries kept.

    Parameters
    ----------
    fn : callable
        The student's function; ``model`` has attributes ``W1, b1, W2, b2, mask1, mask2``
        (masks float 1.0/0.0 or boolean; pruned weights may hold stale values).

    Returns
    -------
    bool
        True only when the fraction matches the masks in every case (float and boolean masks,
        stale weights, an unpruned model); prints what is wrong.
    """
    require_function(fn, "fn(model) -> fraction of weights kept")
    cases = _models()
    return run_cases(cases, lambda case: _judge_fraction(fn, case), correct=(
        f"Correct: your fractions match the masks in all {len(cases)} cases (float and "
        f"boolean masks, stale weights, biases left out)."))


# ------------------------------------------------------------------ Exercise 09.3: data bits
def _probability_cases():
    """(what, probs, y): random predictions, and one confident mistake (p(y) = 1e-12)."""
    rng = np.random.default_rng(9)
    cases = []
    for n, k in ((20, 3), (15, 5)):
        cases.append((f"{n} samples of {k} classes", rng.dirichlet(np.ones(k), size=n),
                      rng.integers(0, k, size=n)))
    confident = np.array([[1 - 2e-12, 1e-12, 1e-12], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    cases.append(("a confident mistake: the true label of sample 0 has probability 1e-12",
                  confident, np.array([1, 1, 2])))
    return cases


def _bits_mistakes(probs, y) -> dict:
    """Message -> the value that mistake gives."""
    p = probs[np.arange(len(y)), y]
    nats = -np.sum(np.log(p))
    return {
        "You returned nats (natural logarithm): a nat is 1/ln 2 bits; use np.log2, or divide by "
        "ln 2.": nats,
        "You returned nats, with 1e-8 added inside the logarithm: use np.log2 (a nat is 1/ln 2 "
        "bits), and leave out the constant.": -np.sum(np.log(p + 1e-8)),
        "You added a small constant inside the logarithm: it caps the cost of an improbable "
        "label (log2(1e-8) = -26.6, while a label of probability 1e-12 costs 39.9 bits). The "
        "probabilities of a softmax are never exactly 0: leave the constant out.":
            -np.sum(np.log2(p + 1e-8)),
        "You returned the mean cost per label: the receiver needs all the labels, so sum.":
            -np.mean(np.log2(p)),
        "You summed log2 p over every class: only the probability of each sample's true label "
        "counts.": -np.sum(np.log2(probs)),
        "Your sign is wrong: a code length is positive, -sum log2 p.": np.sum(np.log2(p)),
    }


def _judge_bits(fn, case) -> str | None:
    what, probs, y = case
    args = (np.array(probs), np.array(y))
    result = attempt(fn, *args, watch=dict(zip(("probs", "y"), args)), changed=lambda _: (
        "Your function changed its arguments: compute the cost, change nothing."))
    if np.ndim(result) != 0:
        return (f"Return one number, the total over all samples; got an array of shape "
                f"{np.shape(result)}.")
    try:
        value = float(result)
    except (TypeError, ValueError):
        return f"Return one number; got {describe(result)}."
    right = float(-np.sum(np.log2(probs[np.arange(len(y)), y])))
    if math.isclose(value, right, rel_tol=1e-9):
        return None
    for text, wrong in _bits_mistakes(probs, y).items():
        if math.isclose(value, wrong, rel_tol=1e-9):
            return f"For {what}: {text}"
    return f"For {what} your function returned {value:.6g} bits; the cost is {right:.6g} bits."


@validated
def check_data_cost_bits(fn) -> bool:
    """Check Exercise 09.3: ``fn(probs, y)`` returns ``-sum_i log2 probs[i, y[i]]`` in bits.

    Parameters
    ----------
    fn : callable
        The student's function; ``probs`` has one row per sample (summing to 1), ``y`` holds
        integer labels.

    Returns
    -------
    bool
        True only when the cost is right, in bits, in every case (one with a label of
        probability 1e-12); prints what is wrong.
    """
    require_function(fn, "fn(probs, y) -> bits")
    cases = _probability_cases()
    return run_cases(cases, lambda case: _judge_bits(fn, case), correct=(
        f"Correct: your code lengths are right, in bits, in all {len(cases)} cases "
        f"(including a label of probability 1e-12, which costs 39.9 bits)."))
