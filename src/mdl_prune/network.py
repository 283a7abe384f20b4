"""The two-layer network of the series: ReLU hidden layer, softmax output, pruning masks.

The forward and backward passes are written out by hand (they are the
lesson). A :class:`TwoLayerNet` is immutable: its arrays are read-only, and
training or pruning returns a new network, so a notebook cell run twice gives
the same answer.

Shapes: ``W1`` is ``(n_in, n_hidden)``, ``W2`` is ``(n_hidden, n_out)``; a
sample is a row of ``X``. ``mask1``/``mask2`` are boolean arrays of the same
shapes; ``False`` marks a pruned weight, whose stored value is kept at exactly
zero.

Example
-------
>>> from mdl_prune.network import TwoLayerNet
>>> net = TwoLayerNet.create(4, 3, 2, seed=0)
>>> net
TwoLayerNet(4-3-2, 18/18 weights kept, sparsity 0.0%)
>>> net.predict_proba([[0.0, 1.0, 2.0, 3.0]]).sum().round(12)
np.float64(1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import (InvalidParameterError, check_array, check_instance, check_int, check_real,
                      check_X, check_y, describe, make_rng, validated)

__all__ = ["TwoLayerNet", "ParameterCount", "Gradients", "relu", "softmax", "log_softmax",
           "forward_pass", "backward_pass", "numerical_gradients", "gradient_check", "check_net",
           "check_data"]

_FIELDS = ("W1", "b1", "W2", "b2", "mask1", "mask2")


def relu(z: np.ndarray) -> np.ndarray:
    """max(0, z), elementwise (a kernel of the forward pass: arrays in, no checks)."""
    return np.maximum(z, 0.0)


def _check_logits(logits) -> np.ndarray:
    # Cheap (no copy, no scan of the values): log_softmax runs once per mini-batch in training.
    arr = np.asarray(logits)
    if arr.dtype.kind not in "fiu":
        raise InvalidParameterError("logits", "a 2-D array of numbers (samples x classes)", describe(logits))
    if arr.ndim != 2:
        raise InvalidParameterError("logits", "2-D (samples x classes)", f"shape {arr.shape}")
    return arr


@validated
def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax, shifted by the row maximum so exp never overflows."""
    logits = _check_logits(logits)
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


@validated
def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax (probabilities that sum to one)."""
    return np.exp(log_softmax(_check_logits(logits)))   # checked here so errors name softmax


def forward_pass(X, W1, b1, W2, b2):
    """Forward pass with the (already masked) weights (a kernel: arrays in, no checks).

    Returns
    -------
    hidden : ndarray
        ReLU activations ``relu(X W1 + b1)``, kept for the backward pass.
    logits : ndarray
        ``hidden W2 + b2``.
    """
    hidden = relu(X @ W1 + b1)
    return hidden, hidden @ W2 + b2


def backward_pass(X, y, W2, hidden, logits):
    """Mean cross-entropy (nats) and its gradients, by the chain rule.

    With ``p = softmax(logits)`` and one-hot targets ``t``, the gradient of the
    mean cross-entropy with respect to the logits is ``(p - t) / n``; the rest
    is matrix products and the ReLU's 0/1 derivative.

    Returns
    -------
    loss : float
    grads : tuple of ndarray
        ``(dW1, db1, dW2, db2)``, not yet masked.
    """
    n = X.shape[0]
    logp = log_softmax(logits)
    rows = np.arange(n)
    loss = -logp[rows, y].mean()
    d_logits = np.exp(logp)
    d_logits[rows, y] -= 1.0
    d_logits /= n
    dW2 = hidden.T @ d_logits
    db2 = d_logits.sum(axis=0)
    d_hidden = d_logits @ W2.T
    d_hidden *= hidden > 0          # ReLU passes the gradient only where it was active
    dW1 = X.T @ d_hidden
    db1 = d_hidden.sum(axis=0)
    return float(loss), (dW1, db1, dW2, db2)


class ParameterCount(NamedTuple):
    """Parameter counts. Pruning applies to weights only; biases are counted apart."""

    weights_total: int
    weights_kept: int
    biases: int

    @property
    def weights_pruned(self) -> int:
        return self.weights_total - self.weights_kept

    @property
    def active(self) -> int:
        """Kept weights plus all biases: what a dense-plus-mask model still has to store."""
        return self.weights_kept + self.biases


class Gradients(NamedTuple):
    """Gradients of the loss, masked: zero at every pruned weight."""

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray


def _frozen(arr, dtype) -> np.ndarray:
    out = np.array(arr, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


def _check_fields(net) -> tuple[np.ndarray, np.ndarray]:
    """Shapes, types and finiteness of a new network's arrays; ``W1`` and ``W2`` as float64."""
    W1, W2 = (check_array(getattr(net, k), k, ndim=2, non_empty=False) for k in ("W1", "W2"))
    (n_in, n_hidden), n_out = W1.shape, W2.shape[1]
    shapes = {"W2": (n_hidden, n_out), "b1": (n_hidden,), "b2": (n_out,), "mask1": W1.shape,
              "mask2": W2.shape}
    for name, shape in shapes.items():
        value = getattr(net, name)
        if np.shape(value) != shape:
            raise InvalidParameterError(name, f"of shape {shape} to fit W1 {W1.shape} and W2 {W2.shape}",
                                        f"shape {np.shape(value)}")
        if name.startswith("mask") and np.asarray(value).dtype != np.bool_:
            raise InvalidParameterError(name, "a boolean array (True = kept)",
                                        f"dtype {np.asarray(value).dtype}")
    for name in ("b1", "b2"):
        check_array(getattr(net, name), name, non_empty=False)
    return W1, W2


@dataclass(frozen=True, eq=False, repr=False)
class TwoLayerNet:
    """A two-layer ReLU/softmax classifier with boolean pruning masks.

    Build one with :meth:`create`. The arrays are read-only copies; use
    :meth:`replace` to get a network with some of them changed. Pruned
    weights (``mask == False``) are stored as exact zeros.
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    mask1: np.ndarray
    mask2: np.ndarray

    @validated
    def __post_init__(self) -> None:
        W1, W2 = _check_fields(self)
        mask1, mask2 = _frozen(self.mask1, bool), _frozen(self.mask2, bool)
        # Keep the invariant "pruned weights are exactly zero" at construction.
        object.__setattr__(self, "W1", _frozen(np.where(mask1, W1, 0.0), np.float64))
        object.__setattr__(self, "W2", _frozen(np.where(mask2, W2, 0.0), np.float64))
        object.__setattr__(self, "b1", _frozen(self.b1, np.float64))
        object.__setattr__(self, "b2", _frozen(self.b2, np.float64))
        object.__setattr__(self, "mask1", mask1)
        object.__setattr__(self, "mask2", mask2)

    # ------------------------------------------------------------------ building
    @classmethod
    @validated
    def create(cls, n_in: int, n_hidden: int, n_out: int, seed=0) -> "TwoLayerNet":
        """A dense network with scaled random weights and zero biases.

        ``W1 ~ N(0, 2/n_in)`` (He et al. 2015, for the ReLU layer) keeps the
        activations' scale independent of the input dimension;
        ``W2 ~ N(0, 1/n_hidden)`` (LeCun et al. 1998, for the linear output
        layer) starts the logits at unit scale. A fixed scale such as 0.1 is
        too small for wide layers.

        Parameters
        ----------
        n_in, n_hidden, n_out : int
            Layer sizes (``n_out >= 2`` classes).
        seed : int or numpy.random.Generator
        """
        n_in = check_int(n_in, "n_in", low=1)
        n_hidden = check_int(n_hidden, "n_hidden", low=1)
        n_out = check_int(n_out, "n_out", low=2)
        rng = make_rng(seed)
        W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_hidden))
        W2 = rng.normal(0.0, np.sqrt(1.0 / n_hidden), size=(n_hidden, n_out))
        return cls(W1, np.zeros(n_hidden), W2, np.zeros(n_out),
                   np.ones((n_in, n_hidden), bool), np.ones((n_hidden, n_out), bool))

    @validated
    def replace(self, **changes) -> "TwoLayerNet":
        """A new network with the named arrays replaced (the rest shared, read-only).

        Weights where the (new) mask is ``False`` are set to zero.
        """
        unknown = sorted(set(changes) - set(_FIELDS))
        if unknown:
            raise InvalidParameterError(", ".join(unknown), f"unknown field(s) {unknown}; the fields "
                                                            f"are {', '.join(_FIELDS)}")
        return TwoLayerNet(**{**{k: getattr(self, k) for k in _FIELDS}, **changes})

    # ------------------------------------------------------------------ shapes and counts
    @property
    def n_in(self) -> int:
        return int(self.W1.shape[0])

    @property
    def n_hidden(self) -> int:
        return int(self.W1.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.W2.shape[1])

    def count_parameters(self) -> ParameterCount:
        """Weights in total, weights kept (unpruned) and biases, counted apart.

        The original notebook counted biases as always "active", so its "50%
        pruned" network reported 52.2% of parameters remaining.
        """
        return ParameterCount(int(self.mask1.size + self.mask2.size),
                              int(self.mask1.sum() + self.mask2.sum()),
                              int(self.b1.size + self.b2.size))

    def layer_sparsity(self) -> tuple[float, float]:
        """Fraction of pruned weights in ``W1`` and in ``W2``."""
        return 1.0 - float(self.mask1.mean()), 1.0 - float(self.mask2.mean())

    def dead_units(self) -> tuple[np.ndarray, np.ndarray]:
        """Hidden units that pruning has cut off.

        Returns
        -------
        no_inputs : ndarray of bool, shape (n_hidden,)
            Every incoming weight pruned: the unit outputs the constant ``relu(b1)``.
        no_outputs : ndarray of bool, shape (n_hidden,)
            Every outgoing weight pruned: the unit cannot affect the output.
        """
        return ~self.mask1.any(axis=0), ~self.mask2.any(axis=1)

    @property
    def sparsity(self) -> float:
        """Fraction of weight-matrix entries pruned (biases excluded)."""
        c = self.count_parameters()
        return c.weights_pruned / c.weights_total

    def __repr__(self) -> str:
        c = self.count_parameters()
        return (f"TwoLayerNet({self.n_in}-{self.n_hidden}-{self.n_out}, "
                f"{c.weights_kept}/{c.weights_total} weights kept, sparsity {self.sparsity:.1%})")

    # ------------------------------------------------------------------ computing
    def _forward(self, X) -> tuple[np.ndarray, np.ndarray]:
        # The checked forward pass every public method shares, so each names itself in errors.
        X = check_X(X, n_features=self.n_in)
        return forward_pass(X, self.W1, self.b1, self.W2, self.b2)

    @validated
    def logits(self, X) -> np.ndarray:
        """The output layer's pre-softmax scores, shape ``(n_samples, n_out)``."""
        return self._forward(X)[1]

    @validated
    def hidden(self, X) -> np.ndarray:
        """The hidden layer's ReLU activations, shape ``(n_samples, n_hidden)``."""
        return self._forward(X)[0]

    @validated
    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (softmax of the logits)."""
        return softmax(self._forward(X)[1])

    @validated
    def predict(self, X) -> np.ndarray:
        """The most probable class of each sample."""
        return np.argmax(self._forward(X)[1], axis=1)

    @validated
    def accuracy(self, X, y) -> float:
        """Fraction of samples classified correctly."""
        X, y = check_data(self, X, y)
        return float(np.mean(np.argmax(self._forward(X)[1], axis=1) == y))

    @validated
    def loss(self, X, y) -> float:
        """Mean cross-entropy in **nats** (natural log), the quantity training minimises.

        Divide by ``ln 2`` for bits per sample; :mod:`mdl_prune.mdl` counts in bits.
        """
        X, y = check_data(self, X, y)
        logp = log_softmax(self._forward(X)[1])
        return float(-logp[np.arange(len(y)), y].mean())

    @validated
    def gradients(self, X, y) -> tuple[float, Gradients]:
        """Mean cross-entropy (nats) and its gradients, masked at pruned weights."""
        X, y = check_data(self, X, y)
        hidden, logits = forward_pass(X, self.W1, self.b1, self.W2, self.b2)
        loss, (dW1, db1, dW2, db2) = backward_pass(X, y, self.W2, hidden, logits)
        return loss, Gradients(dW1 * self.mask1, db1, dW2 * self.mask2, db2)


def check_net(net, name: str = "net") -> TwoLayerNet:
    """``net`` itself if it is a :class:`TwoLayerNet`; otherwise an error naming ``name``."""
    return check_instance(net, name, TwoLayerNet)


def check_data(net: TwoLayerNet, X, y, X_name: str = "X", y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """``X`` and ``y`` checked against ``net``: features it expects, one label in its classes per row.

    Returns ``X`` as float64 and ``y`` as int64 arrays; raises an
    ``InvalidParameterError`` naming ``X_name`` or ``y_name`` otherwise.
    """
    net = check_net(net)
    X = check_X(X, X_name, n_features=net.n_in)
    return X, check_y(y, y_name, n_samples=X.shape[0], n_classes=net.n_out)


def _check_gradient_args(net, X, y, eps) -> tuple:
    return (check_net(net), *check_data(net, X, y),
            check_real(eps, "eps", low=0.0, high=1.0, low_open=True, high_open=True))


@validated
def numerical_gradients(net: TwoLayerNet, X, y, eps: float = 1e-6) -> Gradients:
    """Central finite differences of :meth:`TwoLayerNet.loss`, one parameter at a time.

    ``(L(w + eps) - L(w - eps)) / (2 eps)`` for every weight and bias: slow
    (two forward passes per parameter) but independent of the backward pass,
    which is what makes it a check. Pruned weights get zero, as in
    :meth:`TwoLayerNet.gradients`.
    """
    net, X, y, eps = _check_gradient_args(net, X, y, eps)
    grads = {}
    for name in ("W1", "b1", "W2", "b2"):
        value = np.array(getattr(net, name))
        grad = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            plus, minus = value.copy(), value.copy()
            plus[i] += eps
            minus[i] -= eps
            grad[i] = (net.replace(**{name: plus}).loss(X, y)
                       - net.replace(**{name: minus}).loss(X, y)) / (2 * eps)
        grads[name] = grad
    return Gradients(grads["W1"] * net.mask1, grads["b1"], grads["W2"] * net.mask2, grads["b2"])


@validated
def gradient_check(net: TwoLayerNet, X, y, eps: float = 1e-6) -> dict:
    """Largest relative difference between backprop and finite differences, per array.

    ``max |g - g_num| / max(|g| + |g_num|, 1e-12)`` over the entries of each
    of ``W1, b1, W2, b2``. Values around 1e-7 or smaller mean the backward
    pass is right; a bug shows up as 1e-2 or more.
    """
    net, X, y, eps = _check_gradient_args(net, X, y, eps)
    _, grads = net.gradients(X, y)
    num = numerical_gradients(net, X, y, eps)
    out = {}
    for name in ("W1", "b1", "W2", "b2"):
        g, n = getattr(grads, name), getattr(num, name)
        out[name] = float(np.max(np.abs(g - n) / np.maximum(np.abs(g) + np.abs(n), 1e-12)))
    return out
