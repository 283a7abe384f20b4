"""Minibatch SGD with momentum, masks respected in the gradient *and* the momentum.

:func:`fit` never changes the network it is given: it returns a new network
and a :class:`History` of the run. Pruned weights stay exactly zero because
both the gradient and the velocity (the momentum buffer) are multiplied by
the mask. Masking only the gradient is available (``mask_momentum=False``)
for the demonstration in notebook 03: the velocity left over from dense
training then keeps moving pruned weights, and they come back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import ThreadpoolController  # installed with scikit-learn

from ._checks import check_int, check_real, check_X, check_y, make_rng
from .network import TwoLayerNet, backward_pass, check_net, forward_pass, log_softmax

__all__ = ["History", "Velocity", "fit", "DEFAULT_EPOCHS"]

#: Default number of epochs: enough for both data sets (see notebook 01).
DEFAULT_EPOCHS = 40

# The products of a training step are small: a second BLAS thread adds only
# synchronisation, which on a busy machine (a classroom server, Binder, CI)
# costs several times the product itself. BLAS splits the output, not the
# sums, so the results are bit for bit the same with one thread.
_BLAS = ThreadpoolController()


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


def _evaluate(X, y, W1, b1, W2, b2) -> tuple[float, float]:
    logits = forward_pass(X, W1, b1, W2, b2)[1]
    logp = log_softmax(logits)
    return float(-logp[np.arange(len(y)), y].mean()), float(np.mean(logits.argmax(axis=1) == y))


@_BLAS.wrap(limits=1, user_api="blas")
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
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together (or neither)")
    if X_test is not None:
        X_test = check_X(X_test, "X_test", n_features=net.n_in)
        y_test = check_y(y_test, "y_test", n_samples=X_test.shape[0], n_classes=net.n_out)
    epochs = check_int(epochs, "epochs", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    momentum = check_real(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    batch_size = check_int(batch_size, "batch_size", low=1)
    weight_decay = check_real(weight_decay, "weight_decay", low=0.0)
    if not isinstance(mask_momentum, (bool, np.bool_)):
        raise TypeError(f"mask_momentum must be True or False, got {mask_momentum!r}")
    if velocity is not None and not isinstance(velocity, Velocity):
        raise TypeError(f"velocity must be a train.Velocity (history.velocity), got {type(velocity).__name__}")
    rng = make_rng(seed)

    # Working copies: the caller's network is never touched.
    W1, b1, W2, b2 = (np.array(a) for a in (net.W1, net.b1, net.W2, net.b2))
    m1, m2 = net.mask1.astype(np.float64), net.mask2.astype(np.float64)
    if velocity is None:
        v = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
    else:
        v = [np.array(getattr(velocity, k), dtype=np.float64) for k in ("W1", "b1", "W2", "b2")]
        for got, want, k in zip(v, (W1, b1, W2, b2), ("W1", "b1", "W2", "b2")):
            if got.shape != want.shape:
                raise ValueError(f"velocity.{k} has shape {got.shape}, the network needs {want.shape}")
    if mask_momentum:
        v[0] *= m1
        v[2] *= m2

    n = X.shape[0]
    steps_per_epoch = -(-n // batch_size)
    total_steps = epochs * steps_per_epoch
    pruned1, pruned2 = ~net.mask1, ~net.mask2
    # Multiplying by an all-ones mask changes no bit, so dense layers skip it (speed only).
    masked1, masked2 = bool(pruned1.any()), bool(pruned2.any())

    loss_h, acc_h, tloss_h, tacc_h, rev_h = [], [], [], [], []

    def record() -> None:
        loss, acc = _evaluate(X, y, W1, b1, W2, b2)
        loss_h.append(loss)
        acc_h.append(acc)
        if X_test is not None:
            tl, ta = _evaluate(X_test, y_test, W1, b1, W2, b2)
            tloss_h.append(tl)
            tacc_h.append(ta)
        rev_h.append(int(np.count_nonzero(W1[pruned1]) + np.count_nonzero(W2[pruned2])))

    record()
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        # One gather per epoch; each minibatch is then a slice (a view, no copy).
        X_epoch, y_epoch = X[order], y[order]
        for start in range(0, n, batch_size):
            xb, yb = X_epoch[start:start + batch_size], y_epoch[start:start + batch_size]
            hidden, logits = forward_pass(xb, W1, b1, W2, b2)
            _, (dW1, db1, dW2, db2) = backward_pass(xb, yb, W2, hidden, logits)
            if weight_decay:
                dW1 += weight_decay * W1
                dW2 += weight_decay * W2
            if masked1:
                dW1 *= m1
            if masked2:
                dW2 *= m2
            step_lr = lr * 0.5 * (1.0 + np.cos(np.pi * step / total_steps))
            for vi, g in zip(v, (dW1, db1, dW2, db2)):
                vi *= momentum
                g *= step_lr            # in place: the gradient is not used again
                vi -= g
            if mask_momentum:
                if masked1:
                    v[0] *= m1
                if masked2:
                    v[2] *= m2
            W1 += v[0]
            b1 += v[1]
            W2 += v[2]
            b2 += v[3]
            step += 1
        record()

    if not np.all(np.isfinite(W1)) or not np.all(np.isfinite(W2)):
        raise FloatingPointError(f"training diverged (non-finite weights); try a smaller lr than {lr}")
    # Revived weights (mask_momentum=False only) rejoin the mask: masks grow, which is the bug shown.
    mask1 = net.mask1 | (W1 != 0)
    mask2 = net.mask2 | (W2 != 0)
    trained = TwoLayerNet(W1, b1, W2, b2, mask1, mask2)
    history = History(tuple(loss_h), tuple(acc_h),
                      tuple(tloss_h) if X_test is not None else None,
                      tuple(tacc_h) if X_test is not None else None,
                      tuple(rev_h), Velocity(*v))
    return trained, history
