"""The noisy network: every weight and bias a Gaussian ``N(mu, sigma^2)`` instead of a number.

``sigma = exp(log_sigma)`` is positive by construction. A pruned weight is
exactly zero: no mean, no noise, no bits. Also the argument checks that every
module of :mod:`mdl_prune.noisy` shares (what a noisy net, a regression net,
a classifier, an array of variances must be).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from scipy.special import expit

from .._checks import (InvalidParameterError, check_array, check_choice, check_instance, check_int,
                       check_real, check_X, check_y, describe, make_rng, validated)

__all__ = ["NoisyNet"]

#: The parameter arrays of a noisy net, in the order every flat vector uses.
NAMES = ("W1", "b1", "W2", "b2")
ACTIVATIONS = ("logistic", "relu")
#: Marks "no targets given" in the shared checks, so that an explicit None is refused as bad data.
NO_TARGETS = object()
_KINDS = {"regression": "a regression net (activation='logistic', the paper's network)",
          "classification": "a classification net (activation='relu', n_out >= 2)"}


def read_only_copy(arr) -> np.ndarray:
    out = np.array(arr, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False, repr=False)
class NoisyNet:
    """A two-layer network whose weights and biases are independent Gaussians.

    Attributes
    ----------
    mu, log_sigma : mapping of str -> ndarray
        Keys ``"W1"`` (n_in, n_hidden), ``"b1"`` (n_hidden,), ``"W2"``
        (n_hidden, n_out), ``"b2"`` (n_out,). ``sigma = exp(log_sigma)``.
        Stored as read-only mappings of read-only copies; use :meth:`replace`.
    mask1, mask2 : ndarray of bool
        Pruning masks of ``W1`` and ``W2``; a pruned weight is exactly zero
        (no mean, no noise) and costs no bits.
    activation : {"logistic", "relu"}
        Hidden units: logistic (the paper's regression net) or ReLU (the
        series' classifier).
    """

    mu: dict
    log_sigma: dict
    mask1: np.ndarray
    mask2: np.ndarray
    activation: str = "relu"

    @validated
    def __post_init__(self) -> None:
        check_choice(self.activation, "activation", ACTIVATIONS)
        for which in ("mu", "log_sigma"):
            d = getattr(self, which)
            if not isinstance(d, Mapping) or set(d) != set(NAMES):
                raise InvalidParameterError(which, f"a dict with keys {list(NAMES)}", describe(d))
        W1, W2 = np.asarray(self.mu["W1"]), np.asarray(self.mu["W2"])
        if W1.ndim != 2 or W2.ndim != 2 or W2.shape[0] != W1.shape[1]:
            raise InvalidParameterError("mu", "mu['W1'] (n_in, n_hidden) and mu['W2'] (n_hidden, "
                                        f"n_out) do not fit: {W1.shape}, {W2.shape}")
        shapes = {"W1": W1.shape, "b1": (W1.shape[1],), "W2": W2.shape, "b2": (W2.shape[1],)}
        mu, ls = {}, {}
        for k in NAMES:
            for which, store in (("mu", mu), ("log_sigma", ls)):
                name = f"{which}['{k}']"
                a = check_array(getattr(self, which)[k], name, non_empty=False)
                if a.shape != shapes[k]:
                    raise InvalidParameterError(name, f"an array of shape {shapes[k]} (as mu['W1'] "
                                                "and mu['W2'] imply)", f"shape {a.shape}")
                store[k] = a
        for name, shape in (("mask1", shapes["W1"]), ("mask2", shapes["W2"])):
            m = np.asarray(getattr(self, name))
            if m.shape != shape or m.dtype != np.bool_:
                raise InvalidParameterError(name, f"a boolean array of shape {shape}", describe(m))
        m1, m2 = np.asarray(self.mask1), np.asarray(self.mask2)
        mu["W1"] = np.where(m1, mu["W1"], 0.0)
        mu["W2"] = np.where(m2, mu["W2"], 0.0)
        object.__setattr__(self, "mu", MappingProxyType({k: read_only_copy(v) for k, v in mu.items()}))
        object.__setattr__(self, "log_sigma", MappingProxyType({k: read_only_copy(v) for k, v in ls.items()}))
        for name, m in (("mask1", m1), ("mask2", m2)):
            m = np.array(m, dtype=bool, copy=True)
            m.setflags(write=False)
            object.__setattr__(self, name, m)

    @classmethod
    @validated
    def create(cls, n_in: int, n_hidden: int, n_out: int, *, activation: str = "relu",
               init_sigma: float = 1e-3, seed=0) -> "NoisyNet":
        """A dense noisy network: random means, every ``sigma = init_sigma``.

        Means are drawn like :meth:`TwoLayerNet.create` (``W1 ~ N(0, 2/n_in)``,
        ``W2 ~ N(0, 1/n_hidden)``; ``N(0, 1/n_in)`` for logistic units), biases 0.

        Parameters
        ----------
        n_in, n_hidden, n_out : int
            Layer sizes (all >= 1).
        activation : {"relu", "logistic"}
        init_sigma : float
            Starting standard deviation of every weight, > 0.
        seed : int or numpy.random.Generator
        """
        n_in = check_int(n_in, "n_in", low=1)
        n_hidden = check_int(n_hidden, "n_hidden", low=1)
        n_out = check_int(n_out, "n_out", low=1)
        activation = check_choice(activation, "activation", ACTIVATIONS)
        init_sigma = check_real(init_sigma, "init_sigma", low=0.0, low_open=True)
        rng = make_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        mu = {"W1": rng.normal(0.0, np.sqrt(gain / n_in), size=(n_in, n_hidden)),
              "b1": np.zeros(n_hidden),
              "W2": rng.normal(0.0, np.sqrt(1.0 / n_hidden), size=(n_hidden, n_out)),
              "b2": np.zeros(n_out)}
        ls = {k: np.full(v.shape, np.log(init_sigma)) for k, v in mu.items()}
        return cls(mu, ls, np.ones((n_in, n_hidden), bool), np.ones((n_hidden, n_out), bool),
                   activation)

    @validated
    def replace(self, *, mu=None, log_sigma=None, mask1=None, mask2=None) -> "NoisyNet":
        """A new network with some parts replaced (dicts may give only some keys)."""
        for name, part in (("mu", mu), ("log_sigma", log_sigma)):
            if part is not None and not isinstance(part, Mapping):
                raise InvalidParameterError(name, f"a dict with some of the keys {list(NAMES)}",
                                            describe(part))
        new_mu = dict(self.mu) if mu is None else {**self.mu, **mu}
        new_ls = dict(self.log_sigma) if log_sigma is None else {**self.log_sigma, **log_sigma}
        return NoisyNet(new_mu, new_ls, self.mask1 if mask1 is None else mask1,
                        self.mask2 if mask2 is None else mask2, self.activation)

    @property
    def sigma(self) -> dict:
        """Standard deviations ``exp(log_sigma)`` (pruned weights: 0)."""
        out = {k: np.exp(v) for k, v in self.log_sigma.items()}
        out["W1"] = out["W1"] * self.mask1
        out["W2"] = out["W2"] * self.mask2
        return out

    @property
    def n_in(self) -> int:
        return int(self.mu["W1"].shape[0])

    @property
    def n_hidden(self) -> int:
        return int(self.mu["W1"].shape[1])

    @property
    def n_out(self) -> int:
        return int(self.mu["W2"].shape[1])

    def kept(self) -> dict:
        """Boolean "this parameter is sent" arrays (biases are always kept)."""
        return {"W1": self.mask1, "b1": np.ones(self.n_hidden, bool),
                "W2": self.mask2, "b2": np.ones(self.n_out, bool)}

    @property
    def sparsity(self) -> float:
        """Fraction of weight-matrix entries pruned (biases excluded)."""
        return 1.0 - (self.mask1.sum() + self.mask2.sum()) / (self.mask1.size + self.mask2.size)

    def __repr__(self) -> str:
        return (f"NoisyNet({self.n_in}-{self.n_hidden}-{self.n_out}, {self.activation}, "
                f"sparsity {self.sparsity:.1%})")

    # ------------------------------------------------------------------ deterministic use of the means
    @validated
    def mean_output(self, X) -> np.ndarray:
        """The output computed with every weight at its mean (logits, or the regression output)."""
        X = check_X(X, n_features=self.n_in)
        z = X @ self.mu["W1"] + self.mu["b1"]
        h = expit(z) if self.activation == "logistic" else np.maximum(z, 0.0)
        return h @ self.mu["W2"] + self.mu["b2"]

    @validated
    def predict(self, X) -> np.ndarray:
        """Classes by the mean weights (classification), or the mean-weight output (regression)."""
        out = self.mean_output(X)
        return out.argmax(axis=1) if self.activation == "relu" else out

    @validated
    def accuracy(self, X, y) -> float:
        """Accuracy of the mean weights (classification nets)."""
        check_noisy(self, "classification")
        X = check_X(X, n_features=self.n_in)
        y = check_y(y, n_samples=X.shape[0], n_classes=self.n_out)
        return float(np.mean(self.predict(X) == y))


def check_noisy(net, kind: str | None = None, *, name: str = "net") -> NoisyNet:
    """``net`` itself, after checking it is a :class:`NoisyNet` (of ``kind``, if given).

    ``kind`` is ``"regression"`` (logistic hidden units) or ``"classification"``
    (ReLU hidden units, at least two outputs).
    """
    net = check_instance(net, name, NoisyNet, "a noisy.NoisyNet")
    fits = {None: True, "regression": net.activation == "logistic",
            "classification": net.activation == "relu" and net.n_out >= 2}[kind]
    if not fits:
        raise InvalidParameterError(name, _KINDS[kind],
                                    f"a net with activation={net.activation!r} and n_out={net.n_out}")
    return net


def check_positive(value, name: str) -> np.ndarray:
    """A finite float array (any shape, a number too) whose entries are all > 0."""
    arr = check_array(value, name, non_empty=False)
    if np.any(arr <= 0):
        raise InvalidParameterError(name, "positive numbers (> 0)", f"a smallest value of {arr.min()!r}")
    return arr
