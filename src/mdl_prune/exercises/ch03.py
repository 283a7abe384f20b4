"""Checkers for the exercises of notebook 03 (fine-tuning, and keeping pruned weights pruned).

Exercise 03.1 asks for one step of SGD with momentum on a pruned layer, written in the
convention of PyTorch's ``torch.optim.SGD`` (the velocity ``buf`` holds gradients, the learning
rate multiplies it when the weights move)::

    buf = momentum * buf + grad * mask
    buf = buf * mask
    w   = w - lr * buf

:func:`check_masked_momentum_step` compares the student's step with one step of
:func:`mdl_prune.train.fit`, which writes the same step as ``v = momentum * v - lr * g``,
``w = w + v``: the two agree when ``v = -lr * buf``.
"""

from __future__ import annotations

import numpy as np

from .._checks import describe, validated
from ..network import TwoLayerNet, backward_pass, forward_pass
from ..prune import magnitude_prune
from ..train import Velocity, fit
from ._feedback import attempt, require_function, run_cases

__all__ = ["check_masked_momentum_step"]

_RTOL, _ATOL = 1e-9, 1e-12
# (learning rate, momentum) of the cases: two pairs, so hard-coded numbers show up
_CASES = ((0.05, 0.9), (0.2, 0.5))


def _case(lr: float, momentum: float, seed: int) -> dict:
    """A half-pruned layer pair, a velocity nonzero everywhere (carried across the pruning),
    the raw gradient of one mini-batch, and what one step of ``train.fit`` makes of them."""
    rng = np.random.default_rng(seed)
    net = magnitude_prune(TwoLayerNet.create(6, 5, 3, seed=seed), 0.5)
    X, y = rng.normal(size=(12, 6)), rng.integers(0, 3, size=12)
    velocity = Velocity(*(rng.normal(scale=0.01, size=np.shape(a))
                          for a in (net.W1, net.b1, net.W2, net.b2)))
    # one epoch over one mini-batch is exactly one step at the peak learning rate
    after, history = fit(net, X, y, epochs=1, lr=lr, momentum=momentum, batch_size=len(y),
                         weight_decay=0.0, velocity=velocity, seed=seed, mask_momentum=True)
    order = np.random.default_rng(seed).permutation(len(y))       # fit's order of the samples
    hidden, logits = forward_pass(X[order], net.W1, net.b1, net.W2, net.b2)
    _, (dW1, _, dW2, _) = backward_pass(X[order], y[order], net.W2, hidden, logits)
    return {"lr": lr, "momentum": momentum, "layers": [
        {"name": name, "w": np.array(getattr(net, name)), "mask": getattr(net, mask),
         "grad": grad, "buf": -getattr(velocity, name) / lr,
         "new_w": getattr(after, name), "new_buf": -getattr(history.velocity, name) / lr}
        for name, mask, grad in (("W1", "mask1", dW1), ("W2", "mask2", dW2))]}


def _close(a, b) -> np.ndarray:
    return np.isclose(a, b, rtol=_RTOL, atol=_ATOL)


def _call(step, layer: dict, lr: float, momentum: float):
    """The student's (new_w, new_buf), or a message saying why there is none."""
    args = {k: np.array(layer[k]) for k in ("w", "buf", "grad", "mask")}
    result = attempt(step, *args.values(), lr, momentum, watch=args, changed=lambda names: (
        f"Your function changed its argument `{names[0]}` in place: compute new "
        f"arrays (e.g. `buf = momentum * buf + ...`, not `buf *= ...`)."))
    if not isinstance(result, tuple) or len(result) != 2:
        return None, f"Return a pair (new_w, new_buf); got {describe(result)}."
    try:
        new = [np.asarray(r, dtype=np.float64) for r in result]
    except (TypeError, ValueError):
        return None, f"Return a pair of arrays (new_w, new_buf); got {describe(result)}."
    if any(r.shape != layer["w"].shape for r in new):
        return None, (f"new_w and new_buf must have the shape of w, {layer['w'].shape}; got "
                      f"{new[0].shape} and {new[1].shape}.")
    return new, None


def _diagnose_pruned(layer: dict, new_w, new_buf, lr: float, momentum: float) -> str | None:
    """What went wrong at the pruned entries (they must stay exactly 0), or None."""
    pruned = ~layer["mask"]
    w_p, buf_p, g_p = new_w[pruned], layer["buf"][pruned], layer["grad"][pruned]
    n, total = int(np.count_nonzero(w_p)), int(pruned.sum())
    if n:
        came_back = f"Pruned weights came back: {n} of the {total} pruned weights of {layer['name']}"
        if np.all(_close(w_p, -lr * momentum * buf_p)):
            return (f"{came_back} moved by -lr * momentum * buf. You masked the gradient: did you "
                    f"mask the velocity? The velocity carried over from before pruning still "
                    f"pushes them.")
        if np.all(_close(w_p, -lr * (momentum * buf_p + g_p))):
            return (f"{came_back} moved by a full step: neither the gradient nor the velocity "
                    f"was masked. Multiply both by the mask.")
        if np.all(_close(w_p, -lr * g_p)):
            return (f"{came_back} moved by -lr * grad: you masked the old velocity but not the "
                    f"gradient. Mask the gradient too (or the new velocity, after the update).")
        return f"{came_back} are nonzero after one step; a pruned weight must stay exactly 0."
    n = int(np.count_nonzero(new_buf[pruned]))
    if n:
        return (f"Your pruned weights stay 0 after this step, but the velocity you return is "
                f"nonzero at {n} of the {total} pruned entries of {layer['name']}: the next step "
                f"would revive them. Mask the velocity you return, not only the update.")
    return None


def _diagnose_kept(layer: dict, new_w, new_buf, lr: float, momentum: float) -> str | None:
    """What went wrong at the kept entries, or None."""
    kept = layer["mask"]
    w0, buf0, g = layer["w"][kept], layer["buf"][kept], layer["grad"][kept]
    want_w, want_buf = layer["new_w"][kept], layer["new_buf"][kept]
    got_w, got_buf = new_w[kept], new_buf[kept]
    if not np.all(_close(got_w, want_w)):
        if np.all(_close(got_w, w0 + lr * want_buf)):
            return ("The kept weights moved uphill: in this convention the step is "
                    "w - lr * buf (minus).")
        if np.all(_close(got_w, w0 - lr * g)):
            return ("The kept weights took a plain gradient step: did you add momentum * buf "
                    "(the old velocity) to the gradient?")
        if np.all(_close(got_w, w0 - (momentum * buf0 + lr * g))):
            return ("In this convention the learning rate multiplies the whole velocity when "
                    "the weights move (w - lr * buf), not only the gradient inside buf.")
        worst = float(np.max(np.abs(got_w - want_w)))
        return (f"The kept weights of {layer['name']} differ from one step of train.fit by up to "
                f"{worst:.2e}: compare with buf = momentum * buf + grad; w = w - lr * buf.")
    if not np.all(_close(got_buf, want_buf)):
        return ("Your new weights are right, but the velocity you return is not "
                "momentum * buf + grad at the kept entries: the next step would go wrong.")
    return None


@validated
def check_masked_momentum_step(step) -> bool:
    """Check a student's masked momentum step against one step of :func:`train.fit`.

    Parameters
    ----------
    step : callable
        ``step(w, buf, grad, mask, lr, momentum) -> (new_w, new_buf)`` for one weight matrix:
        ``grad`` is the raw (unmasked) gradient, ``mask`` is boolean (True = kept), ``buf``
        the velocity in PyTorch's convention.

    Returns
    -------
    bool
        True only when every case is right; prints what is right or wrong.
    """
    require_function(step, "step(w, buf, grad, mask, lr, momentum) -> (new_w, new_buf)", "step")

    def judge(case: tuple) -> str | None:
        seed, (lr, momentum) = case
        for layer in _case(lr, momentum, seed)["layers"]:
            new, message = _call(step, layer, lr, momentum)
            message = message or (_diagnose_pruned(layer, *new, lr, momentum)
                                  or _diagnose_kept(layer, *new, lr, momentum))
            if message is not None:
                return message
        return None

    return run_cases(enumerate(_CASES), judge, correct=(
        f"Correct: pruned weights and their velocity stay exactly 0, and the kept weights take "
        f"the step train.fit takes ({len(_CASES)} cases, lr and momentum varied)."))
