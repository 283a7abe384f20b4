"""Checkers for the exercises of notebook 01 (baseline training).

* :func:`check_output_gradient` -- the gradient of the mean softmax cross-entropy with respect
  to the logits, ``(softmax(logits) - onehot(y)) / n``: the first step of the backward pass.
* :func:`check_central_difference` -- the central finite difference of the loss with respect
  to one weight ``W1[i, j]``: the gradient check, one weight at a time.

Each checker calls the student's function on cases it builds, compares with the package
(:func:`mdl_prune.network.TwoLayerNet.gradients`, :func:`mdl_prune.network.numerical_gradients`),
prints what is wrong and where to look, and returns True only for a right answer. A function
left as the stub (returning None or ``...``, or raising NotImplementedError) gets "Nothing
attempted yet"; an error inside the student's function is reported, never raised.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._checks import describe, validated
from ..network import TwoLayerNet, numerical_gradients, softmax
from ._feedback import attempt, error_text, require_function, run_cases

__all__ = ["check_output_gradient", "check_central_difference"]


def _raised(exc: Exception) -> str:
    """An error inside the student's function; writing to a network's array gets a hint."""
    if isinstance(exc, ValueError) and "read-only" in str(exc):
        return (f"Your function raised {error_text(exc)}. A network's arrays are read-only: "
                "copy one first (W = np.array(net.W1)), change the copy, and build a new "
                "network with net.replace(W1=W).")
    return f"Your function raised {error_text(exc)}"


def _close(a, b, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    return bool(np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=rtol, atol=atol))


# ---------------------------------------------------------------- the output-layer gradient
def _softmax_columns(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=0, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)


def _gradient_mistake(got: np.ndarray, logits: np.ndarray, y: np.ndarray) -> str:
    """What a wrong output-layer gradient most likely got wrong."""
    n = len(y)
    onehot = np.eye(logits.shape[1])[y]
    p = softmax(logits)
    right = (p - onehot) / n
    known = [
        (n * right, f"Your gradient is n = {n} times too large: the loss is the *mean* over the "
                    "n samples, so every entry is divided by n."),
        (right / n, f"Your gradient is n = {n} times too small: divide by n once, not twice."),
        (-right, "Your gradient has the wrong sign: it is softmax(logits) minus the one-hot "
                 "targets, not the other way round."),
        (p / n, "You returned the probabilities without subtracting the one-hot targets: "
                "subtract 1 at each sample's true class (p[i, y[i]] -= 1)."),
        (p, "You returned the probabilities: subtract the one-hot targets and divide by n."),
        ((_softmax_columns(logits) - onehot) / n,
         "Your softmax normalises the columns: it must normalise each row (one sample), "
         "axis=1 with keepdims=True."),
    ]
    for candidate, message in known:
        if _close(got, candidate):
            return message
    if not np.allclose(got.sum(axis=1), 0.0, atol=1e-9):
        return ("Not yet right. A hint: each row of the gradient must sum to 0, since p sums to 1 "
                "and the one-hot row sums to 1.")
    i, j = np.unravel_index(np.argmax(np.abs(got - right)), right.shape)
    return (f"Not yet right: at sample {i}, class {j} you give {got[i, j]:.6f}, the package "
            f"{right[i, j]:.6f}.")


def _gradient_cases(seed: int = 0):
    """A small network's logits (with the network, inputs and labels), then huge logits."""
    rng = np.random.default_rng(seed)
    net = TwoLayerNet.create(5, 4, 3, seed=seed)
    X, y = rng.normal(size=(6, 5)), np.array([0, 1, 2, 2, 1, 0])
    huge = 1000.0 * rng.normal(size=(4, 3))
    return (net, X, y), (huge, np.array([2, 0, 1, 1]))


@validated
def check_output_gradient(fn: Callable) -> bool:
    """Check ``fn(logits, y)``: the gradient of the mean cross-entropy with respect to the logits.

    Parameters
    ----------
    fn : callable
        ``fn(logits, y)`` with ``logits`` of shape ``(n, K)`` and integer labels ``y`` of shape
        ``(n,)``; returns ``dL/dlogits`` of shape ``(n, K)`` for
        ``L = -mean_i log softmax(logits)[i, y_i]``, without changing its arguments.

    Returns
    -------
    bool
        True when the gradient is right on every case (printed feedback either way).
    """
    require_function(fn, "fn(logits, y) -> dL/dlogits")
    (net, X, y), (huge, y_huge) = _gradient_cases()
    logits = net.logits(X)
    answers = []

    def judge(case: tuple) -> str | None:
        case_logits, case_y = case
        args = (np.array(case_logits), np.array(case_y))
        got = attempt(fn, *args, watch=dict(zip(("logits", "y"), args)), raised=_raised,
                      quiet_numpy=True, changed=lambda _: (
                          "Your function changed its argument logits (or y) in place: work on a "
                          "copy, e.g. p = np.exp(...) makes a new array."))
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            return f"Your function returned {describe(got)}: return an array of numbers."
        if got.shape != case_logits.shape:
            return (f"Your gradient has shape {got.shape}; it needs the logits' shape "
                    f"{case_logits.shape} (one row per sample, one column per class).")
        if not np.all(np.isfinite(got)):
            return "Your gradient holds inf or NaN" + (
                " for logits around 1000: exp overflowed. Subtract each row's maximum before "
                "exp; the softmax does not change." if case_logits is huge else ".")
        right = (softmax(case_logits) - np.eye(case_logits.shape[1])[case_y]) / len(case_y)
        if not _close(got, right):
            return _gradient_mistake(got, case_logits, case_y)
        answers.append(got)
        return None

    def right() -> str:
        # The chain rule takes it from here: dL/dW2 = hidden.T @ dL/dlogits, dL/db2 = column sums.
        _, grads = net.gradients(X, y)
        assert _close(net.hidden(X).T @ answers[0], grads.W2, rtol=1e-7, atol=1e-10)
        assert _close(answers[0].sum(axis=0), grads.b2, rtol=1e-7, atol=1e-10)
        return ("Right. Your gradient matches the package's; hidden.T @ (your gradient) is the "
                "backward pass's dL/dW2, and it stays finite for logits around 1000.")

    return run_cases([(logits, y), (huge, y_huge)], judge, correct=right)


# ---------------------------------------------------------------- one weight's finite difference
def _loss_at(net: TwoLayerNet, X, y, index, value: float) -> float:
    W = np.array(net.W1)
    W[index] = value
    return net.replace(W1=W).loss(X, y)


def _difference_mistake(got: float, net, X, y, i: int, j: int, eps: float) -> str:
    """What a wrong central difference most likely got wrong."""
    w = net.W1[i, j]
    plus, minus = _loss_at(net, X, y, (i, j), w + eps), _loss_at(net, X, y, (i, j), w - eps)
    here = net.loss(X, y)
    right = (plus - minus) / (2 * eps)
    known = [
        ((plus - here) / eps, "That is the forward difference (L(w + eps) - L(w)) / eps. Use the "
                              "central difference (L(w + eps) - L(w - eps)) / (2 eps): its error "
                              "shrinks as eps**2 instead of eps."),
        ((here - minus) / eps, "That is the backward difference (L(w) - L(w - eps)) / eps. Use the "
                               "central difference (L(w + eps) - L(w - eps)) / (2 eps)."),
        (2 * right, "Divide by 2 eps, not eps: the two points are 2 eps apart."),
        (right / 2, "Divide by 2 eps, not 4 eps."),
        (-right, "Wrong sign: subtract L(w - eps) from L(w + eps), not the other way round."),
    ]
    if j < net.W1.shape[0] and i < net.W1.shape[1]:
        known.append((numerical_gradients(net, X, y, eps).W1[j, i],
                      f"You perturbed W1[{j}, {i}]: the weight is W1[i, j] = W1[{i}, {j}] "
                      "(row i = input, column j = hidden unit)."))
    if eps != 1e-6:
        known.append((numerical_gradients(net, X, y, 1e-6).W1[i, j],
                      "You used eps = 1e-6 whatever the argument: this case asks for "
                      f"eps = {eps}."))
    for candidate, message in known:
        if np.isclose(got, candidate, rtol=1e-7, atol=1e-10):
            return message
    return (f"Not yet right: for W1[{i}, {j}] with eps = {eps} you give {got:.8f}, the central "
            f"difference is {right:.8f}. Change only that weight, in a copy of net.W1.")


@validated
def check_central_difference(fn: Callable) -> bool:
    """Check ``fn(net, X, y, i, j, eps)``: the central difference of the loss at ``W1[i, j]``.

    Parameters
    ----------
    fn : callable
        ``fn(net, X, y, i, j, eps)`` returns
        ``(L(W1[i, j] + eps) - L(W1[i, j] - eps)) / (2 eps)`` as a float, where
        ``L = net.loss(X, y)`` with only that weight changed.

    Returns
    -------
    bool
        True when the difference is right on every case (printed feedback either way).
    """
    require_function(fn, "fn(net, X, y, i, j, eps) -> float")
    rng = np.random.default_rng(1)
    net = TwoLayerNet.create(4, 3, 3, seed=1)
    X, y = rng.normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])
    answers = []

    def judge(case: tuple) -> str | None:
        i, j, eps = case
        got = attempt(fn, net, np.array(X), np.array(y), i, j, eps, raised=_raised,
                      quiet_numpy=True)
        if np.ndim(got) != 0:
            return (f"Your function returned {describe(got)}: return one number, the derivative "
                    f"of the loss with respect to the single weight W1[{i}, {j}].")
        if np.asarray(got).dtype.kind not in "fiu":
            return f"Your function returned {describe(got)}: return one number (a float)."
        answers.append(float(got))
        right = numerical_gradients(net, X, y, eps).W1[i, j]
        if not np.isclose(answers[-1], right, rtol=1e-7, atol=1e-10):
            return _difference_mistake(answers[-1], net, X, y, i, j, eps)
        return None

    # eps = 1e-2 first: there the forward difference is visibly off; 1e-6 is the usual value.
    return run_cases([(2, 1, 1e-2), (0, 2, 1e-6)], judge, correct=lambda: (
        f"Right. For W1[0, 2] (eps = 1e-6) your central difference is {answers[-1]:.8f}; "
        f"backpropagation gives {net.gradients(X, y)[1].W1[0, 2]:.8f}."))
