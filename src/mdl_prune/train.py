"""Minibatch SGD with momentum, masks respected in the gradient *and* the momentum.

:func:`fit` never changes the network it is given: it returns a new network
and a :class:`History` of the run. Pruned weights stay exactly zero because
both the gradient and the velocity (the momentum buffer) are multiplied by
the mask. Masking only the gradient is available (``mask_momentum=False``)
for the demonstration in notebook 03: the velocity left over from dense
training then keeps moving pruned weights, and they come back.

Example
-------
>>> from mdl_prune import data, network, train
>>> ds = data.make_blobs(n_train=60, n_test=30, n_features=5, seed=0)
>>> net = network.TwoLayerNet.create(5, 8, 3, seed=0)
>>> trained, history = train.fit(net, ds.X_train, ds.y_train, epochs=5, seed=0)
>>> len(history.loss), history.loss[-1] < history.loss[0]     # entry 0 is before training
(6, True)
>>> trained is net
False
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import ThreadpoolController

from ._checks import (InvalidParameterError, check_bool, check_instance, check_int, check_real,
                      make_rng, validated)
from .network import TwoLayerNet, backward_pass, check_data, check_net, forward_pass, log_softmax

__all__ = ["History", "Velocity", "fit", "DEFAULT_EPOCHS"]

#: Default number of epochs: enough for both data sets (see notebook 01).
DEFAULT_EPOCHS = 40

# The products of a training step are small: a second BLAS thread adds only
# synchronisation, which on a busy machine (a classroom server, Binder, CI)
# costs several times the product itself. BLAS splits the output, not the
# sums, so the results are bit for bit the same with one thread.
_BLAS = ThreadpoolController()

_PARAMETERS = ("W1", "b1", "W2", "b2")
_NO_MASKS = (None,) * len(_PARAMETERS)


@dataclass(frozen=True)
class Velocity:
    """The momentum buffers of SGD, one per parameter array."""

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray


@dataclass(frozen=True)
class History:
    """What happened during :func:`fit`, one entry per epoch (entry 0 is before training).

    Attributes
    ----------
    loss : tuple of float
        Mean cross-entropy on the training data, in nats.
    train_accuracy : tuple of float
    test_loss, test_accuracy : tuple of float, or None when no test data were given
    revived : tuple of int
        Pruned weights that became nonzero (only possible with ``mask_momentum=False``).
    velocity : Velocity
        The final momentum buffers, to continue training where this run stopped.
    """

    loss: tuple
    train_accuracy: tuple
    test_loss: tuple | None
    test_accuracy: tuple | None
    revived: tuple
    velocity: Velocity

    @property
    def epochs(self) -> np.ndarray:
        """Epoch numbers 0..E matching the entries."""
        return np.arange(len(self.loss))


# ---------------------------------------------------------------------- one step
def _gradients(params, masks, X, y, weight_decay: float) -> tuple:
    """Gradient of the mean cross-entropy plus the L2 penalty, zero at pruned weights."""
    W1, b1, W2, b2 = params
    hidden, logits = forward_pass(X, W1, b1, W2, b2)
    _, (dW1, db1, dW2, db2) = backward_pass(X, y, W2, hidden, logits)
    if weight_decay:                        # weights only: biases are not penalised
        dW1 += weight_decay * W1
        dW2 += weight_decay * W2
    grads = (dW1, db1, dW2, db2)
    for g, m in zip(grads, masks):
        if m is not None:
            g *= m
    return grads


def _sgd_step(params, velocity, masks, X, y, lr: float, momentum: float, weight_decay: float) -> None:
    """One SGD-with-momentum update, in place; the mask multiplies the gradient *and* the velocity."""
    for p, v, g, m in zip(params, velocity, _gradients(params, masks, X, y, weight_decay), masks):
        v *= momentum
        g *= lr                 # in place: the gradient is not used again
        v -= g
        if m is not None:
            v *= m              # without this, the velocity of a pruned weight keeps moving it
        p += v


def _revival_step(params, velocity, masks, X, y, lr: float, momentum: float,
                  weight_decay: float) -> None:
    """The same update with only the gradient masked (``mask_momentum=False``): the bug of notebook 03."""
    for p, v, g in zip(params, velocity, _gradients(params, masks, X, y, weight_decay)):
        v *= momentum
        g *= lr
        v -= g
        p += v


# ---------------------------------------------------------------------- the run
def _cosine_rates(lr: float, total_steps: int):
    """The learning rate of each step: a cosine from ``lr`` down towards zero."""
    for step in range(total_steps):
        yield lr * 0.5 * (1.0 + np.cos(np.pi * step / total_steps))


def _minibatches(X, y, batch_size: int, rng: np.random.Generator):
    """One epoch's minibatches in a fresh random order (the last may be smaller)."""
    order = rng.permutation(X.shape[0])
    # One gather per epoch; each minibatch is then a slice (a view, no copy).
    X_epoch, y_epoch = X[order], y[order]
    for start in range(0, X.shape[0], batch_size):
        yield X_epoch[start:start + batch_size], y_epoch[start:start + batch_size]


def _evaluate(X, y, W1, b1, W2, b2) -> tuple[float, float]:
    logits = forward_pass(X, W1, b1, W2, b2)[1]
    logp = log_softmax(logits)
    return float(-logp[np.arange(len(y)), y].mean()), float(np.mean(logits.argmax(axis=1) == y))


class _Recorder:
    """The bookkeeping of :class:`History`: loss, accuracies and revived weights after each epoch."""

    def __init__(self, net: TwoLayerNet, X, y, X_test, y_test):
        self.train, self.test = (X, y), None if X_test is None else (X_test, y_test)
        self.pruned = (~net.mask1, ~net.mask2)
        self.loss, self.accuracy, self.test_loss, self.test_accuracy, self.revived = [], [], [], [], []

    def record(self, params) -> None:
        loss, accuracy = _evaluate(*self.train, *params)
        self.loss.append(loss)
        self.accuracy.append(accuracy)
        if self.test is not None:
            loss, accuracy = _evaluate(*self.test, *params)
            self.test_loss.append(loss)
            self.test_accuracy.append(accuracy)
        W1, W2 = params[0], params[2]
        self.revived.append(int(np.count_nonzero(W1[self.pruned[0]]) + np.count_nonzero(W2[self.pruned[1]])))

    def history(self, velocity: Velocity) -> History:
        tested = self.test is not None
        return History(tuple(self.loss), tuple(self.accuracy),
                       tuple(self.test_loss) if tested else None,
                       tuple(self.test_accuracy) if tested else None,
                       tuple(self.revived), velocity)


def _start_velocity(velocity: Velocity | None, params, masks) -> list:
    """Working copies of the momentum buffers to start from (zeros by default), masked by ``masks``."""
    if velocity is None:
        return [np.zeros_like(p) for p in params]
    check_instance(velocity, "velocity", Velocity, "a train.Velocity (history.velocity)")
    start = [np.array(getattr(velocity, k), dtype=np.float64) for k in _PARAMETERS]
    for v, p, k in zip(start, params, _PARAMETERS):
        if v.shape != p.shape:
            raise InvalidParameterError(f"velocity.{k}", f"velocity.{k} has shape {v.shape}, "
                                                         f"the network needs {p.shape}")
    for v, m in zip(start, masks):
        if m is not None:
            v *= m
    return start


def _mask_factors(net: TwoLayerNet) -> tuple:
    """0/1 factors for the updates of (W1, b1, W2, b2); None where nothing is pruned.

    Biases are never pruned, and a layer without pruned weights skips the
    product: multiplying by ones changes no bit, so skipping it is speed only.
    """
    return tuple(None if mask is None or mask.all() else mask.astype(np.float64)
                 for mask in (net.mask1, None, net.mask2, None))


def _check_held_out(net: TwoLayerNet, X_test, y_test) -> tuple:
    """The held-out pair checked against ``net``; ``(None, None)`` when neither is given."""
    if (X_test is None) != (y_test is None):
        raise InvalidParameterError("X_test", "X_test and y_test must be given together (or neither)")
    return (None, None) if X_test is None else check_data(net, X_test, y_test, "X_test", "y_test")


def _trained(net: TwoLayerNet, params, lr: float) -> TwoLayerNet:
    """The network the run ends with; weights that revived (``mask_momentum=False``) rejoin the mask."""
    W1, b1, W2, b2 = params
    if not np.all(np.isfinite(W1)) or not np.all(np.isfinite(W2)):
        raise FloatingPointError(f"training diverged (non-finite weights); try a smaller lr than {lr}")
    # Masks grow only when pruned weights revived: that is the bug notebook 03 shows.
    return TwoLayerNet(W1, b1, W2, b2, net.mask1 | (W1 != 0), net.mask2 | (W2 != 0))


@validated
def fit(net: TwoLayerNet, X, y, *, epochs: int = DEFAULT_EPOCHS, lr: float = 0.05,
        momentum: float = 0.9, batch_size: int = 32, weight_decay: float = 1e-3,
        X_test=None, y_test=None, seed=0, velocity: Velocity | None = None,
        mask_momentum: bool = True) -> tuple[TwoLayerNet, History]:
    """Train ``net`` with minibatch SGD and momentum; return a new network and its history.

    Each step, with gradient ``g`` and velocity ``v``::

        g = (dL/dW + weight_decay * W) * mask
        v = momentum * v - lr * g          (then v *= mask, unless mask_momentum=False)
        W = W + v

    The learning rate follows a cosine from ``lr`` down to zero over the run,
    which settles the weights at the end without a tuning knob.

    Parameters
    ----------
    net : TwoLayerNet
        The starting network (not modified).
    X, y : array_like
        Training features (samples x ``net.n_in``) and integer labels.
    epochs : int
        Passes over the training data (>= 1).
    lr : float
        Peak learning rate (> 0).
    momentum : float
        In [0, 1).
    batch_size : int
        Samples per step (>= 1; the last batch of an epoch may be smaller).
    weight_decay : float
        L2 penalty coefficient on the weights (not the biases), >= 0.
    X_test, y_test : array_like, optional
        Held-out data, evaluated after each epoch (both or neither).
    seed : int or numpy.random.Generator
        Seed of the minibatch order.
    velocity : Velocity, optional
        Momentum buffers to start from (e.g. ``history.velocity`` of an earlier run).
    mask_momentum : bool
        Multiply the velocity by the mask each step (default, and correct).
        ``False`` masks only the gradient: pruned weights then revive; the
        returned network's masks grow to include them and ``history.revived``
        counts them.

    Returns
    -------
    trained : TwoLayerNet
    history : History
    """
    net = check_net(net)
    X, y = check_data(net, X, y)
    X_test, y_test = _check_held_out(net, X_test, y_test)
    epochs, batch_size = check_int(epochs, "epochs", low=1), check_int(batch_size, "batch_size", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    momentum = check_real(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    weight_decay = check_real(weight_decay, "weight_decay", low=0.0)
    mask_momentum = check_bool(mask_momentum, "mask_momentum")
    rng = make_rng(seed)

    # Working copies: the caller's network is never touched.
    params = [np.array(getattr(net, k)) for k in _PARAMETERS]
    masks = _mask_factors(net)
    # The revival demonstration differs from the lesson in one place: the update each step runs.
    step = _sgd_step if mask_momentum else _revival_step
    v = _start_velocity(velocity, params, masks if mask_momentum else _NO_MASKS)
    rates = _cosine_rates(lr, epochs * -(-X.shape[0] // batch_size))
    recorder = _Recorder(net, X, y, X_test, y_test)
    with _BLAS.limit(limits=1, user_api="blas"):
        recorder.record(params)
        for _ in range(epochs):
            for xb, yb in _minibatches(X, y, batch_size, rng):
                step(params, v, masks, xb, yb, next(rates), momentum, weight_decay)
            recorder.record(params)
    return _trained(net, params, lr), recorder.history(Velocity(*v))
