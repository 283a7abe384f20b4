"""Measured speed and size: sparse-matrix forward passes, timing, saved file sizes.

Unstructured pruning leaves the weight matrices their full shape with zeros
inside; a dense matrix product multiplies those zeros like any other number,
so the pruned network is exactly as slow as the dense one. To gain anything
the zeros must be skipped, which needs a sparse format (here SciPy's CSR, CSC
or BSR) whose bookkeeping costs more per stored weight than a dense product
does. Removing whole hidden units (:func:`mdl_prune.prune.prune_neurons`)
instead gives a smaller *dense* network that the fast dense product runs as
it is. This module measures both.

Timings are medians: on a shared machine a single run measures the
neighbours as much as the code.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import timeit
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from ._checks import (InvalidParameterError, check_array, check_choice, check_fraction, check_int,
                      check_mapping, check_real, check_X, describe, validated)
from .network import TwoLayerNet, check_net

__all__ = ["FORMATS", "SparseNet", "LinearNet", "to_sparse", "blas_threads", "time_call",
           "time_predictors", "SpeedSweep", "speed_sweep", "saved_bytes"]

#: SciPy sparse formats :func:`to_sparse` accepts.
FORMATS = ("csr", "csc", "bsr")

_BUILDERS = {"csr": sp.csr_array, "csc": sp.csc_array, "bsr": sp.bsr_array}


@dataclass(frozen=True, eq=False)
class SparseNet:
    """A :class:`~mdl_prune.network.TwoLayerNet` whose weight matrices are SciPy sparse arrays.

    Only the kept (unpruned) weights are stored. The matrices are stored
    *transposed*, one row per output unit (``W1T`` is ``(n_hidden, n_in)``),
    so that in CSR each unit's incoming weights sit together; the forward
    pass works on ``X.T`` and transposes the logits back. Build one with
    :func:`to_sparse`.

    Attributes
    ----------
    W1T, W2T : scipy.sparse array
        Transposed weights in the chosen format.
    b1, b2 : numpy.ndarray
    format : str
        ``"csr"``, ``"csc"`` or ``"bsr"``.
    """

    W1T: object
    b1: np.ndarray
    W2T: object
    b2: np.ndarray
    format: str

    @property
    def n_in(self) -> int:
        return int(self.W1T.shape[1])

    @property
    def n_hidden(self) -> int:
        return int(self.W1T.shape[0])

    @property
    def n_out(self) -> int:
        return int(self.W2T.shape[0])

    @property
    def nnz(self) -> int:
        """Weights stored (for BSR this counts the explicit zeros inside stored blocks)."""
        return int(self.W1T.nnz + self.W2T.nnz)

    @validated
    def logits(self, X) -> np.ndarray:
        """Pre-softmax scores, shape ``(n_samples, n_out)``: the dense network's, zeros skipped."""
        return self._logits(check_X(X, n_features=self.n_in))

    def _logits(self, X: np.ndarray) -> np.ndarray:
        hidden_t = self.W1T @ X.T            # (n_hidden, n_samples): sparse times dense
        hidden_t += self.b1[:, None]
        np.maximum(hidden_t, 0.0, out=hidden_t)
        logits_t = self.W2T @ hidden_t
        logits_t += self.b2[:, None]
        return logits_t.T

    @validated
    def predict(self, X) -> np.ndarray:
        """The most probable class of each sample (same as the dense network's)."""
        return np.argmax(self._logits(check_X(X, n_features=self.n_in)), axis=1)

    def __repr__(self) -> str:
        return f"SparseNet({self.n_in}-{self.n_hidden}-{self.n_out}, {self.format}, {self.nnz} weights stored)"


@dataclass(frozen=True, eq=False)
class LinearNet:
    """A network with its hidden layer removed: softmax regression, ``logits = X W + b``.

    What "removing a layer" leaves of a two-layer network; used to time the
    last row of the original notebook's table. ``W`` is ``(n_in, n_out)``.
    """

    W: np.ndarray
    b: np.ndarray

    @validated
    def __post_init__(self) -> None:
        W = np.array(check_array(self.W, "W", ndim=2))
        b = np.array(check_array(self.b, "b", ndim=1))
        if b.shape != (W.shape[1],):
            raise InvalidParameterError("b", f"of shape (n_out,) = ({W.shape[1]},) to fit W {W.shape}",
                                        f"shape {b.shape}")
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "b", b)

    @validated
    def logits(self, X) -> np.ndarray:
        """Pre-softmax scores ``X W + b``, shape ``(n_samples, n_out)``."""
        return check_X(X, n_features=self.W.shape[0]) @ self.W + self.b

    @validated
    def predict(self, X) -> np.ndarray:
        """The most probable class of each sample."""
        return np.argmax(check_X(X, n_features=self.W.shape[0]) @ self.W + self.b, axis=1)


def _block(n: int, block: int) -> int:
    """Largest divisor of ``n`` not above ``block`` (BSR needs blocks that tile the matrix)."""
    return max(d for d in range(1, block + 1) if n % d == 0)


@validated
def to_sparse(net: TwoLayerNet, format: str = "csr", block: int = 4) -> SparseNet:
    """The same network with its weight matrices in a SciPy sparse format.

    Parameters
    ----------
    net : TwoLayerNet
    format : {"csr", "csc", "bsr"}
        Compressed sparse rows, compressed sparse columns, or block sparse rows.
    block : int
        Side of the BSR blocks (>= 1; shrunk per dimension to a divisor of it).
        A block is stored whole as soon as one of its weights is kept, so
        scattered (unstructured) sparsity fills most blocks.

    Returns
    -------
    SparseNet
        Computes what ``net`` computes, up to the rounding of a different
        summation order; pruned weights are not stored (except inside BSR blocks).
    """
    net = check_net(net)
    format = check_choice(format, "format", FORMATS)
    block = check_int(block, "block", low=1)
    mats = []
    for W, mask in ((net.W1, net.mask1), (net.W2, net.mask2)):
        Wt = np.ascontiguousarray(W.T)
        # Build from the mask, not from W != 0: a kept weight that happens to be 0 is still a weight.
        coo = sp.coo_array((Wt[mask.T], np.nonzero(mask.T)), shape=Wt.shape)
        if format == "bsr":
            mats.append(sp.bsr_array(coo.tocsr(), blocksize=(_block(Wt.shape[0], block),
                                                             _block(Wt.shape[1], block))))
        else:
            mats.append(_BUILDERS[format](coo))
    return SparseNet(mats[0], np.array(net.b1), mats[1], np.array(net.b2), format)


@validated
def blas_threads(threads: int | None):
    """Context manager: limit the BLAS behind NumPy to ``threads`` threads (``None``: leave it).

    SciPy's sparse products run on one core while a dense product may use
    every core; ``threads=1`` compares the two per core.
    """
    if threads is None:
        return contextlib.nullcontext()
    return threadpool_limits(limits=check_int(threads, "threads", low=1), user_api="blas")


@validated
def time_call(fn, *args, repeat: int = 7, min_time: float = 0.01, threads: int | None = None) -> float:
    """Median wall-clock seconds of one call ``fn(*args)``.

    Each of ``repeat`` samples times a loop of calls long enough to last
    ``min_time`` seconds (at least one call), so that timer resolution does not
    matter; the median of the samples is robust to a busy neighbour.
    ``threads`` limits the BLAS threads while timing (see :func:`blas_threads`).
    """
    if not callable(fn):
        raise InvalidParameterError("fn", "a callable (a function to time)", describe(fn))
    repeat = check_int(repeat, "repeat", low=1)
    min_time = check_real(min_time, "min_time", low=0.0)
    timer = timeit.Timer(lambda: fn(*args))
    with blas_threads(threads):
        number = _calibrate(timer, min_time)
        return float(np.median(timer.repeat(repeat, number))) / number


def _calibrate(timer: timeit.Timer, min_time: float) -> int:
    """Calls per sample so that a sample lasts ``min_time``: from the fastest of three single calls
    (they also warm up caches; one interrupted call must not set the loop length)."""
    once = min(timer.repeat(3, 1))
    return max(1, math.ceil(min_time / once)) if once > 0 else 1000


@validated
def time_predictors(models: dict, X, repeat: int = 15, min_time: float = 0.001,
                    threads: int | None = None) -> dict:
    """Median seconds per ``model.predict(X)`` for several models, timed in turn.

    The samples are interleaved (model A, B, C, A, B, C, ...) so that a change
    in the machine's load hits every model alike and their ratios stay fair.
    Many short samples beat a few long ones on a busy machine: most short
    samples run undisturbed, and the median picks one of those. Before each
    sample one untimed call runs the same model, so every model is timed in
    its steady state (its memory already in use), not paying for the memory
    the previous model left behind.

    Parameters
    ----------
    models : dict of str -> object with ``predict(X)``
    X : array_like
    repeat : int
        Samples per model (>= 1).
    min_time : float
        Seconds each sample lasts at least.
    threads : int, optional
        Limit the BLAS threads while timing (``None``: the library's default).

    Returns
    -------
    dict of str -> float
        Median seconds per call.
    """
    models = check_mapping(models, "models", "model with a predict(X) method")
    for name, model in models.items():
        if not callable(getattr(model, "predict", None)):
            raise InvalidParameterError(f"models[{name!r}]", "a model with a predict(X) method",
                                        describe(model))
    X = check_X(X)
    repeat = check_int(repeat, "repeat", low=1)
    min_time = check_real(min_time, "min_time", low=0.0)
    timers = {name: timeit.Timer(lambda m=m: m.predict(X)) for name, m in models.items()}
    samples = {name: [] for name in models}
    with blas_threads(threads):
        numbers = {name: _calibrate(t, min_time) for name, t in timers.items()}
        for _ in range(repeat):
            for name, t in timers.items():
                models[name].predict(X)             # untimed warm-up call
                samples[name].append(t.timeit(numbers[name]) / numbers[name])
    return {name: float(np.median(s)) for name, s in samples.items()}


@dataclass(frozen=True)
class SpeedSweep:
    """Prediction times across sparsity (see :func:`speed_sweep`).

    Attributes
    ----------
    sparsities : numpy.ndarray
        Fraction of weights removed.
    batch_size : int
    dense_times : numpy.ndarray
        Median seconds per ``predict`` of the full dense network, timed
        interleaved with the variants at each sparsity.
    times : dict of str -> numpy.ndarray
        Median seconds per ``predict`` of each variant at each sparsity.
    """

    sparsities: np.ndarray
    batch_size: int
    dense_times: np.ndarray
    times: dict

    @property
    def dense_time(self) -> float:
        """Median seconds per ``predict`` of the dense network over the whole sweep."""
        return float(np.median(self.dense_times))

    @property
    def speedups(self) -> dict:
        """Dense time over each variant's time, both from the same interleaved measurement
        (> 1 means faster than dense)."""
        return {k: self.dense_times / v for k, v in self.times.items()}


@validated
def speed_sweep(net: TwoLayerNet, X, sparsities, formats=("csr", "csc"), repeat: int = 11,
                min_time: float = 0.001, threads: int | None = None) -> SpeedSweep:
    """Time dense, masked, thinned and sparse-format versions of ``net`` across sparsity.

    At each sparsity ``s`` the variants are:

    * ``"masked dense"``: :func:`~mdl_prune.prune.magnitude_prune` at ``s``,
      run as the usual dense network (what pruning tools give you);
    * ``"thinned"``: :func:`~mdl_prune.prune.prune_neurons` removing a
      fraction ``s`` of the hidden units, which removes the same fraction of
      the weights (up to rounding), as a smaller dense network;
    * one entry per sparse format: the magnitude-pruned network through
      :func:`to_sparse`.

    Parameters
    ----------
    net : TwoLayerNet
        The dense network (its own sparsity should be 0).
    X : array_like
        The batch to predict (its row count is the batch size).
    sparsities : sequence of float
        Each in [0, 1).
    formats : sequence of str
        Sparse formats to time, from :data:`FORMATS`.
    repeat, min_time, threads :
        See :func:`time_predictors`.

    Returns
    -------
    SpeedSweep
    """
    from . import prune  # local: prune is a sibling module with no need of this one

    net = check_net(net)
    X = check_X(X, n_features=net.n_in)
    sparsities = check_array(sparsities, "sparsities", ndim=1)
    sparsities = np.array([check_fraction(s, f"sparsities[{i}]", high_open=True)
                           for i, s in enumerate(sparsities)])
    if isinstance(formats, (str, bytes)) or not isinstance(formats, (list, tuple)) or not formats:
        raise InvalidParameterError("formats", f"a non-empty list of formats from {FORMATS}",
                                    describe(formats))
    formats = tuple(check_choice(f, f"formats[{i}]", FORMATS) for i, f in enumerate(formats))
    names = ["masked dense", "thinned", *formats]
    times = {name: np.empty(sparsities.size) for name in names}
    dense_time = []
    for i, s in enumerate(sparsities):
        pruned = prune.magnitude_prune(net, s)
        models = {"dense": net, "masked dense": pruned, "thinned": prune.prune_neurons(net, s)}
        models.update({f: to_sparse(pruned, f) for f in formats})
        measured = time_predictors(models, X, repeat=repeat, min_time=min_time, threads=threads)
        dense_time.append(measured["dense"])
        for name in names:
            times[name][i] = measured[name]
    # Each speed-up compares with the dense time measured in the same window, so a change in
    # the machine's load between sparsities does not show up as a speed-up.
    return SpeedSweep(sparsities, int(X.shape[0]), np.array(dense_time), times)


@validated
def saved_bytes(net: TwoLayerNet, encoding: str = "dense") -> int:
    """Size in bytes of the file ``numpy.savez`` writes for ``net``.

    Parameters
    ----------
    net : TwoLayerNet
    encoding : {"dense", "csr"}
        ``"dense"`` saves ``W1, b1, W2, b2`` as they are (pruned weights as
        stored zeros: what saving a masked model does); ``"csr"`` saves each
        weight matrix as CSR arrays (kept values as float64, int32 column
        indices, row pointers), which is what shrinks the file.

    Returns
    -------
    int
        Bytes on disk (the file is written to a temporary directory and removed).
    """
    net = check_net(net)
    encoding = check_choice(encoding, "encoding", ("dense", "csr"))
    arrays = {"b1": net.b1, "b2": net.b2}
    for name, W, mask in (("W1", net.W1, net.mask1), ("W2", net.W2, net.mask2)):
        if encoding == "dense":
            arrays[name] = W
        else:
            csr = sp.csr_array((W[mask], np.nonzero(mask)), shape=W.shape)
            arrays.update({f"{name}_data": csr.data, f"{name}_indices": csr.indices.astype(np.int32),
                           f"{name}_indptr": csr.indptr.astype(np.int32),
                           f"{name}_shape": np.array(W.shape, dtype=np.int32)})
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.npz")
        np.savez(path, **arrays)
        return os.path.getsize(path)
