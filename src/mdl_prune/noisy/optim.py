"""Training a noisy net: Adam written out, and the flat parameter vector it works on.

Both fits (:func:`~mdl_prune.noisy.fit_regression` and
:func:`~mdl_prune.noisy.fit_classifier`) keep every mean, every
``log_sigma`` and (when it is learned) the prior's parameters in one flat
vector, so that one Adam step is a handful of vector operations. Apart from
:func:`check_schedule`, nothing here checks its arguments: the public functions
that build a :class:`FitState` have checked them already, and these run on
every step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._checks import InvalidParameterError, check_array
from .net import NAMES, NoisyNet
from .priors import MixturePrior, weight_cost_nats

__all__ = ["FitHistory"]


class Adam:
    """Adam (Kingma & Ba 2015) on one flat parameter vector, written out."""

    def __init__(self, n, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.m = np.zeros(n)
        self.v = np.zeros(n)
        self.t = 0

    def step(self, theta, g, lr=None):
        """Update ``theta`` in place (it is the optimizer's own working copy)."""
        self.t += 1
        lr = self.lr if lr is None else lr
        self.m *= self.b1
        self.m += (1.0 - self.b1) * g
        self.v *= self.b2
        self.v += (1.0 - self.b2) * g * g
        c1 = 1.0 - self.b1 ** self.t
        c2 = 1.0 - self.b2 ** self.t
        theta -= lr * (self.m / c1) / (np.sqrt(self.v / c2) + self.eps)


@dataclass(frozen=True)
class FitHistory:
    """Cost after each stage/epoch: ``cost`` (the objective, nats), ``kl_weight`` used, and ``weight_bits``."""

    cost: tuple
    kl_weight: tuple
    weight_bits: tuple


def check_schedule(kl_schedule, n_stages: int | None = None) -> np.ndarray:
    """The weight cost's coefficients: a non-empty 1-D sequence of finite numbers >= 0.

    With ``n_stages`` the schedule must have exactly that many entries (one per epoch).
    """
    sched = np.atleast_1d(check_array(kl_schedule, "kl_schedule"))
    if sched.ndim != 1 or np.any(sched < 0):
        raise InvalidParameterError("kl_schedule", "a non-empty 1-D sequence of finite weights >= 0",
                                    f"shape {sched.shape}, smallest {sched.min()!r}")
    if n_stages is not None and sched.size != n_stages:
        raise InvalidParameterError("kl_schedule", f"kl_schedule must have one entry per epoch "
                                    f"({n_stages}), got {sched.size}")
    return sched


class FitState:
    """The numbers training works on: views into one flat parameter vector (no copies, no checks).

    ``prior`` may be None for a forward pass that needs no weight cost.
    """

    def __init__(self, net: NoisyNet, prior: MixturePrior | None = None, learn_prior: bool = False,
                 fix_means: bool = False):
        self.fix_means = fix_means
        self.shapes = [net.mu[k].shape for k in NAMES]
        self.sizes = [int(np.prod(sh)) for sh in self.shapes]
        self.n_w = sum(self.sizes)
        parts = [net.mu[k].ravel() for k in NAMES] + [net.log_sigma[k].ravel() for k in NAMES]
        self.learn_prior = learn_prior
        self.fixed_prior = prior
        if learn_prior:
            parts += [prior.logits, prior.means, prior.log_sds]
        self.theta = np.concatenate(parts)
        self.kept = net.kept()
        self.kept_flat = np.concatenate([self.kept[k].ravel() for k in NAMES]).astype(np.float64)
        self.K = 0 if prior is None else prior.n_components
        self.template = net

    def _split(self, vec, offset):
        out, start = {}, offset
        for k, sh, size in zip(NAMES, self.shapes, self.sizes):
            out[k] = vec[start:start + size].reshape(sh)
            start += size
        return out

    @property
    def mu(self):
        return self._split(self.theta, 0)

    @property
    def log_sigma(self):
        return self._split(self.theta, self.n_w)

    def s2(self):
        return {k: np.exp(2.0 * v) * self.kept[k] for k, v in self.log_sigma.items()}

    def prior_arrays(self):
        if not self.learn_prior:
            p = self.fixed_prior
            return p.logits, p.means, p.log_sds
        o = 2 * self.n_w
        return self.theta[o:o + self.K], self.theta[o + self.K:o + 2 * self.K], self.theta[o + 2 * self.K:]

    def weight_cost(self):
        """The bits-back cost (nats) of the kept parameters and its gradients, as :func:`weight_cost_nats`."""
        return weight_cost_nats(self.mu, self.log_sigma, self.kept, *self.prior_arrays())

    def add_weight_cost(self, cost, g_mu, g_ls, kl_weight):
        """Add ``kl_weight`` times the bits-back cost (nats) and its gradients (pruned entries not zeroed)."""
        kl, k_mu, k_ls, k_prior = self.weight_cost()
        cost += kl_weight * kl
        return (cost, {k: g_mu[k] + kl_weight * k_mu[k] for k in NAMES},
                {k: g_ls[k] + kl_weight * k_ls[k] for k in NAMES}, tuple(kl_weight * g for g in k_prior))

    def flat_grad(self, g_mu, g_ls, g_prior):
        parts = [g_mu[k].ravel() for k in NAMES] + [g_ls[k].ravel() for k in NAMES]
        g = np.concatenate(parts)
        g[: self.n_w] *= self.kept_flat
        g[self.n_w:] *= self.kept_flat
        if self.learn_prior:
            g_means = np.zeros(self.K) if self.fix_means else g_prior[1]
            g = np.concatenate([g, g_prior[0], g_means, g_prior[2]])
        return g

    def grads(self, g_mu, g_ls, g_prior) -> dict:
        """Gradients as the public objectives return them: per array, zero at pruned entries."""
        return {"mu": {k: g_mu[k] * self.kept[k] for k in NAMES},
                "log_sigma": {k: g_ls[k] * self.kept[k] for k in NAMES}, "prior": g_prior}

    def finish(self, cost_history, bits_history, schedule, lr):
        """The trained net, its prior and the history; an error if training diverged."""
        if not (np.all(np.isfinite(cost_history)) and np.all(np.isfinite(self.theta))):
            raise FloatingPointError(f"training diverged; try a smaller lr than {lr}")
        net = self.template.replace(mu={k: v.copy() for k, v in self.mu.items()},
                                    log_sigma={k: v.copy() for k, v in self.log_sigma.items()})
        prior = (MixturePrior(*(a.copy() for a in self.prior_arrays())) if self.learn_prior
                 else self.fixed_prior)
        history = FitHistory(tuple(cost_history), tuple(float(k) for k in schedule), tuple(bits_history))
        return net, prior, history
