"""The prequential code: labels sent with networks the receiver trains too (no model part).

Blier & Ollivier (2018): send the labels in blocks. The first block goes with
the uniform code, log2 K bits per label; each later block with −Σ log2 p(y|x)
under a network trained on all the labels sent before it. The receiver has
the same data, the same training procedure and the same random seed, so it
trains the very same network and decodes the block. The code length is the
area under the learning curve, and no model is ever sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import train
from .._checks import (InvalidParameterError, check_instance, check_int, check_real, check_X,
                       check_y, describe, make_rng, validated)
from ..network import TwoLayerNet, log_softmax
from .bits import LN2, uniform_code_bits

__all__ = ["PrequentialCode", "prequential_code_length"]


@dataclass(frozen=True)
class PrequentialCode:
    """Prequential (online) code length of a label sequence, in bits.

    Attributes
    ----------
    total_bits : float
        Sum of ``block_bits``.
    block_ends : tuple of int
        Block ``i`` holds labels ``block_ends[i-1]:block_ends[i]`` (the first starts at 0).
    block_bits : tuple of float
        Bits spent on each block (the first with the uniform code).
    n_classes : int
    """

    total_bits: float
    block_ends: tuple
    block_bits: tuple
    n_classes: int

    @property
    def uniform_bits(self) -> float:
        return uniform_code_bits(self.block_ends[-1], self.n_classes)


def _doubling_block_ends(first: int, n: int) -> tuple:
    """first, 2·first, 4·first, ... below n, then n."""
    ends, e = [], first
    while e < n:
        ends.append(e)
        e *= 2
    return tuple(ends) + (n,)


def _check_block_ends(block_ends, first_block, n: int) -> tuple:
    """Strictly increasing block ends finishing at ``n``; by default doubling from ``first_block``."""
    if block_ends is None:
        return _doubling_block_ends(check_int(first_block, "first_block", low=1), n)
    allowed = f"a strictly increasing sequence of integers >= 1 ending at N = {n}"
    check_instance(block_ends, "block_ends", (list, tuple, range, np.ndarray), allowed)
    ends = tuple(check_int(e, f"block_ends[{i}]", low=1) for i, e in enumerate(block_ends))
    if not ends or any(b <= a for a, b in zip(ends, ends[1:])) or ends[-1] != n:
        raise InvalidParameterError("block_ends", allowed, describe(block_ends))
    return ends


def _block_bits(net: TwoLayerNet, X: np.ndarray, y: np.ndarray, eps: float) -> float:
    """−Σ log2 p(y|x) of one block, with the uniform distribution mixed in at weight ``eps``."""
    logp_nats = log_softmax(net.logits(X))
    if eps > 0:
        logp_nats = np.log((1.0 - eps) * np.exp(logp_nats) + eps / net.n_out)
    return float(-logp_nats[np.arange(len(y)), y].sum() / LN2)


@validated
def prequential_code_length(X, y, *, n_classes: int, n_hidden: int = 64, block_ends=None,
                            first_block: int = 16, epochs: int = 40, uniform_mix: float = 0.0,
                            seed=0, **fit_kwargs) -> PrequentialCode:
    """Prequential code length of ``y`` given ``X`` (Blier & Ollivier 2018), in bits.

    Labels are sent in their given order, in blocks. The first block goes
    with the uniform code (log2 K bits per label); each later block with
    −Σ log2 p(y|x) under a fresh network trained (by :func:`train.fit`) on all
    the labels sent before it, which the receiver can train too.

    Parameters
    ----------
    X : array_like, shape (N, d)
    y : array_like of int, shape (N,)
    n_classes : int
        K >= 2.
    n_hidden : int
        Hidden units of the networks trained along the way.
    block_ends : sequence of int, optional
        Increasing ends of the blocks, the last one N. Default: doubling
        from ``first_block`` (16, 32, 64, ..., N).
    first_block : int
        Size of the first block when ``block_ends`` is not given.
    epochs : int
        Training epochs for each block's network.
    uniform_mix : float
        Probability mass in [0, 1) mixed in from the uniform distribution,
        ``p = (1-ε)·p_net + ε/K``, fixed in advance so it is part of the code;
        it bounds the cost of a confident mistake at log2(K/ε) bits.
    seed : int or numpy.random.Generator
        Initialization and minibatch order of every block's network.
    **fit_kwargs
        Passed on to :func:`train.fit` (lr, weight_decay, ...).

    Returns
    -------
    PrequentialCode
    """
    X, n_classes = check_X(X), check_int(n_classes, "n_classes", low=2)
    y = check_y(y, n_samples=X.shape[0], n_classes=n_classes)
    n_hidden, epochs = check_int(n_hidden, "n_hidden", low=1), check_int(epochs, "epochs", low=1)
    eps = check_real(uniform_mix, "uniform_mix", low=0.0, high=1.0, high_open=True)
    block_ends = _check_block_ends(block_ends, first_block, len(y))
    rng = make_rng(seed)
    bits = [block_ends[0] * math.log2(n_classes)]
    for start, end in zip(block_ends, block_ends[1:]):
        net = TwoLayerNet.create(X.shape[1], n_hidden, n_classes, seed=rng)
        net, _ = train.fit(net, X[:start], y[:start], epochs=epochs, seed=rng, **fit_kwargs)
        bits.append(_block_bits(net, X[start:end], y[start:end], eps))
    return PrequentialCode(float(sum(bits)), block_ends, tuple(bits), n_classes)
