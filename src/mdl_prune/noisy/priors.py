"""The cost of the weights: coding priors, KL(Q || P) and the bits-back argument.

The sender codes a weight *sampled* from its Gaussian ``Q`` under a coding
prior ``P`` shared with the receiver. With the "bits-back" argument the net
cost of the weight is::

    G = KL(Q || P) = ln(s_p / s_q) + (s_q^2 + (m_q - m_p)^2) / (2 s_p^2) - 1/2   nats

and against a mixture prior ``P = sum_i pi_i N(m_i, s_i^2)`` the paper's bound
``G_hat = -ln sum_i pi_i exp(-G_i)`` (``G_i`` the KL to component ``i``) is used;
it is never below the true KL to the mixture, which :func:`mixture_kl` computes by
Gauss-Hermite quadrature. Costs are reported in **bits**
(nats divided by :data:`mdl_prune.mdl.LN2`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import softmax as _softmax

from .._checks import (InvalidParameterError, check_array, check_instance, check_int, check_real,
                       make_rng, validated)
from ..mdl import LN2
from .net import NAMES, NoisyNet, check_noisy, check_positive, read_only_copy

__all__ = ["kl_gaussian", "MixturePrior", "mixture_bound", "mixture_kl", "distinct_components",
           "weight_cost_bits", "BitsBack", "bits_back_example"]


@validated
def kl_gaussian(mu_q, sigma_q, mu_p, sigma_p) -> np.ndarray:
    """KL(N(mu_q, sigma_q^2) || N(mu_p, sigma_p^2)) in **nats**, elementwise (broadcasting).

    ``ln(s_p/s_q) + (s_q^2 + (m_q - m_p)^2) / (2 s_p^2) - 1/2``: the bits-back
    cost of one weight, times ``ln 2`` (divide by ``LN2`` for bits).
    """
    mu_q = check_array(mu_q, "mu_q", non_empty=False)
    sigma_q = check_positive(sigma_q, "sigma_q")
    mu_p = check_array(mu_p, "mu_p", non_empty=False)
    sigma_p = check_positive(sigma_p, "sigma_p")
    return (np.log(sigma_p / sigma_q) + (sigma_q ** 2 + (mu_q - mu_p) ** 2) / (2.0 * sigma_p ** 2) - 0.5)


@dataclass(frozen=True, eq=False)
class MixturePrior:
    """A mixture-of-Gaussians coding prior ``sum_i pi_i N(m_i, s_i^2)``.

    Parameters are unconstrained so that training can move them freely:
    ``pi = softmax(logits)``, ``s_i = exp(log_sds_i)``. One component is a
    plain Gaussian prior.
    """

    logits: np.ndarray
    means: np.ndarray
    log_sds: np.ndarray

    @validated
    def __post_init__(self) -> None:
        arrs = [np.atleast_1d(check_array(getattr(self, k), k, non_empty=False))
                for k in ("logits", "means", "log_sds")]
        if any(a.ndim != 1 for a in arrs) or len({a.size for a in arrs}) != 1 or arrs[0].size == 0:
            raise InvalidParameterError("logits", "logits, means and log_sds must be 1-D arrays of the "
                                        f"same, nonzero length, got shapes {[a.shape for a in arrs]}")
        for k, a in zip(("logits", "means", "log_sds"), arrs):
            object.__setattr__(self, k, read_only_copy(a))

    @classmethod
    @validated
    def gaussian(cls, sd: float, mean: float = 0.0) -> "MixturePrior":
        """A single Gaussian ``N(mean, sd^2)`` (sd > 0)."""
        sd = check_real(sd, "sd", low=0.0, low_open=True)
        mean = check_real(mean, "mean")
        return cls(np.zeros(1), np.array([mean]), np.array([np.log(sd)]))

    @classmethod
    @validated
    def scale_mixture(cls, sds=(0.01, 0.03, 0.1, 0.3, 1.0)) -> "MixturePrior":
        """Zero-mean components of different widths, equal proportions (a "spike and slab" to learn)."""
        sds = check_positive(sds, "sds")
        if sds.ndim != 1 or sds.size == 0:
            raise InvalidParameterError("sds", "a non-empty 1-D sequence of positive numbers",
                                        f"shape {sds.shape}")
        return cls(np.zeros(sds.size), np.zeros(sds.size), np.log(sds))

    @classmethod
    @validated
    def spread(cls, n_components: int = 5, low: float = -0.24, high: float = 0.24,
               sd: float = 0.1) -> "MixturePrior":
        """Equal proportions, means evenly spread over ``[low, high]``, equal widths (the paper's start)."""
        n = check_int(n_components, "n_components", low=1)
        low = check_real(low, "low")
        high = check_real(high, "high", low=low)
        sd = check_real(sd, "sd", low=0.0, low_open=True)
        return cls(np.zeros(n), np.linspace(low, high, n), np.full(n, np.log(sd)))

    @property
    def proportions(self) -> np.ndarray:
        return _softmax(self.logits)

    @property
    def sds(self) -> np.ndarray:
        return np.exp(self.log_sds)

    @property
    def n_components(self) -> int:
        return int(self.means.size)

    @validated
    def density(self, w) -> np.ndarray:
        """The mixture density at ``w`` (for plots)."""
        w = check_array(w, "w", non_empty=False)[..., None]
        s = self.sds
        return (self.proportions * np.exp(-0.5 * ((w - self.means) / s) ** 2) / (s * np.sqrt(2 * np.pi))).sum(-1)


def check_prior(prior) -> MixturePrior:
    """``prior`` itself, after checking it is a :class:`MixturePrior`."""
    return check_instance(prior, "prior", MixturePrior, "a noisy.MixturePrior")


@validated
def distinct_components(prior: MixturePrior, rtol: float = 1e-3) -> list:
    """The prior's components grouped where they have become the same Gaussian.

    Returns a list of ``(member indices, total proportion, mean, sd)``, one per
    distinct Gaussian: components whose means agree within ``rtol`` times the
    smaller width and whose widths agree within ``rtol`` (relative) are one.
    Training can move several components onto the same mean and width; the
    mixture then has fewer distinct components than it started with.
    """
    prior = check_prior(prior)
    rtol = check_real(rtol, "rtol", low=0.0)
    groups = []
    for i, (m, s) in enumerate(zip(prior.means, prior.sds)):
        for g in groups:
            m0, s0 = prior.means[g[0]], prior.sds[g[0]]
            if abs(m - m0) <= rtol * min(s, s0) and abs(s - s0) <= rtol * max(s, s0):
                g.append(i)
                break
        else:
            groups.append([i])
    return [(tuple(g), float(prior.proportions[g].sum()), float(prior.means[g[0]]), float(prior.sds[g[0]]))
            for g in groups]


def _bound_and_grads(mu_q, log_sq, logits, means, log_sds):
    """The bound ``-ln sum_i pi_i exp(-G_i)`` (nats, elementwise on 1-D arrays) and its gradients.

    Returns ``(G_hat, d/dmu_q, d/dlog_sq, d/dlogits, d/dmeans, d/dlog_sds)``;
    the prior gradients are summed over all weights. Arrays are laid out
    (component, weight) so that the sums over the few components are fast.
    """
    sq2 = np.exp(2.0 * log_sq)
    diff = mu_q - means[:, None]
    sp2 = np.exp(2.0 * log_sds)[:, None]
    log_pi = logits - logits.max()
    log_pi = log_pi - np.log(np.exp(log_pi).sum())
    G = (log_sds[:, None] - log_sq) + (sq2 + diff * diff) / (2.0 * sp2) - 0.5
    a = log_pi[:, None] - G
    amax = a.max(axis=0)
    ea = np.exp(a - amax)
    tot = ea.sum(axis=0)
    r = ea / tot                                # responsibilities: dG_hat/dG_i
    G_hat = -(amax + np.log(tot))
    rd = r * diff / sp2
    g_mu = rd.sum(0)
    g_ls = (r * (sq2 / sp2 - 1.0)).sum(0)
    g_logits = np.exp(log_pi) * r.shape[1] - r.sum(1)
    g_means = -rd.sum(1)
    g_lsd = (r * (1.0 - (sq2 + diff * diff) / sp2)).sum(1)
    return G_hat, g_mu, g_ls, g_logits, g_means, g_lsd


@validated
def mixture_bound(mu_q, sigma_q, prior: MixturePrior) -> np.ndarray:
    """The paper's cost of weights ``N(mu_q, sigma_q^2)`` under a mixture prior, in **nats**, elementwise.

    ``G_hat = -ln sum_i pi_i exp(-KL(Q || P_i))``. It is an upper bound on
    ``KL(Q || sum_i pi_i P_i)`` (Jensen's inequality with the responsibilities
    as variational weights) and equals the Gaussian KL for one component.
    """
    prior = check_prior(prior)
    mu_q = check_array(mu_q, "mu_q", non_empty=False)
    sigma_q = check_positive(sigma_q, "sigma_q")
    mu_q, sigma_q = np.broadcast_arrays(mu_q, sigma_q)
    G = _bound_and_grads(mu_q.ravel(), np.log(sigma_q).ravel(), prior.logits, prior.means, prior.log_sds)[0]
    return G.reshape(mu_q.shape)


@validated
def mixture_kl(mu_q, sigma_q, prior: MixturePrior, n_points: int = 201) -> np.ndarray:
    """The exact ``KL(N(mu_q, sigma_q^2) || prior)`` in **nats**, elementwise, by quadrature.

    ``KL = -ln(sigma_q sqrt(2 pi e)) - E_Q[ln P(w)]``. ``ln P`` changes fast
    near a component much narrower than ``Q`` (a spike), so the expectation is
    a trapezoid rule on the union of ``n_points`` points over +-8 widths of
    ``Q`` and of every component: within about 1e-4 nats for a ``Q`` near the
    prior's widths, 2e-3 for one 40 times wider than a component, with the
    default. Never above :func:`mixture_bound`; equal to :func:`kl_gaussian`
    for one component.
    """
    prior = check_prior(prior)
    mu_q = check_array(mu_q, "mu_q", non_empty=False)
    sigma_q = check_positive(sigma_q, "sigma_q")
    n_points = check_int(n_points, "n_points", low=3)
    mu_q, sigma_q = np.broadcast_arrays(mu_q, sigma_q)
    m_all, s_all = mu_q.ravel(), sigma_q.ravel()
    z = np.linspace(-8.0, 8.0, n_points)
    components = np.concatenate([prior.means[:, None] + prior.sds[:, None] * z]).ravel()
    log_pi_norm = np.log(prior.proportions) - np.log(prior.sds * np.sqrt(2 * np.pi))
    kl = np.empty(m_all.size)
    for start in range(0, m_all.size, 256):            # blocks keep the temporaries small
        m, s = m_all[start:start + 256, None], s_all[start:start + 256, None]
        w = np.sort(np.concatenate([m + s * z, np.broadcast_to(components, (m.shape[0], components.size))],
                                   axis=1), axis=1)
        zq = (w - m) / s
        q = np.exp(-0.5 * zq * zq) / (s * np.sqrt(2 * np.pi))
        zc = (w[..., None] - prior.means) / prior.sds
        a = log_pi_norm - 0.5 * zc * zc
        a_max = a.max(axis=-1)
        f = q * (a_max + np.log(np.exp(a - a_max[..., None]).sum(axis=-1)))       # q * ln P(w)
        expected_log_p = (0.5 * (f[:, 1:] + f[:, :-1]) * np.diff(w, axis=1)).sum(1)
        kl[start:start + 256] = -np.log(s[:, 0] * np.sqrt(2 * np.pi * np.e)) - expected_log_p
    return kl.reshape(mu_q.shape)


def weight_cost_nats(mu, log_sigma, kept, logits, means, log_sds):
    """Sum of the bound over every kept parameter (nats), its gradients per array and for the prior.

    ``mu``, ``log_sigma`` and ``kept`` are dicts of arrays keyed by ``NAMES``;
    returns ``(cost, d/dmu, d/dlog_sigma, (d/dlogits, d/dmeans, d/dlog_sds))``.
    """
    # One call over all parameters at once; pruned ones get no cost and no gradient.
    flat_mu = np.concatenate([mu[k].ravel() for k in NAMES])
    flat_ls = np.concatenate([log_sigma[k].ravel() for k in NAMES])
    flat_kept = np.concatenate([kept[k].ravel() for k in NAMES])
    if not flat_kept.all():
        G, gm, gl, *gp = _bound_and_grads(flat_mu[flat_kept], flat_ls[flat_kept], logits, means, log_sds)
        full_m, full_l = np.zeros_like(flat_mu), np.zeros_like(flat_mu)
        full_m[flat_kept], full_l[flat_kept] = gm, gl
        gm, gl = full_m, full_l
    else:
        G, gm, gl, *gp = _bound_and_grads(flat_mu, flat_ls, logits, means, log_sds)
    g_mu, g_ls, start = {}, {}, 0
    for k in NAMES:
        size = mu[k].size
        g_mu[k] = gm[start:start + size].reshape(mu[k].shape)
        g_ls[k] = gl[start:start + size].reshape(mu[k].shape)
        start += size
    return float(G.sum()), g_mu, g_ls, tuple(gp)


@validated
def weight_cost_bits(net: NoisyNet, prior: MixturePrior) -> float:
    """The bits-back cost of all kept weights and biases: ``sum G_hat / ln 2`` bits.

    (The cost of sending the prior's own few parameters and the mask is not
    included; see the notebook for how they are counted.)
    """
    net = check_noisy(net)
    prior = check_prior(prior)
    return weight_cost_nats(net.mu, net.log_sigma, net.kept(), prior.logits, prior.means,
                            prior.log_sds)[0] / LN2


@dataclass(frozen=True)
class BitsBack:
    """The bits-back accounting of one weight, averaged over samples (all in bits).

    ``send_bits``: cost of the sampled (quantized) value under the prior,
    ``-log2(P(w) t)``; ``back_bits``: the random bits the receiver recovers,
    ``-log2(Q(w) t)``; ``net_bits = send_bits - back_bits``; ``kl_bits``: the
    closed form ``KL(Q || P) / ln 2`` that ``net_bits`` estimates.
    """

    send_bits: float
    back_bits: float
    net_bits: float
    kl_bits: float
    n_samples: int


@validated
def bits_back_example(mu_q: float, sigma_q: float, mu_p: float = 0.0, sigma_p: float = 1.0, *,
                      quantum: float = 1e-4, n_samples: int = 10_000, seed=0) -> BitsBack:
    """Send one weight the bits-back way and count the bits, by simulation.

    The sender draws ``w ~ Q = N(mu_q, sigma_q^2)`` using random bits taken
    from the message that follows, rounds it to a multiple of ``quantum``
    and codes it under the prior ``P = N(mu_p, sigma_p^2)``: ``-log2(P(w) t)``
    bits. The receiver, who knows ``Q`` once it has decoded the data (in the
    paper's scheme), recovers the random bits used to draw ``w``:
    ``-log2(Q(w) t)`` bits. The net cost averages to ``KL(Q || P)`` bits.

    Parameters
    ----------
    mu_q, sigma_q, mu_p, sigma_p : float
        The two Gaussians (standard deviations > 0).
    quantum : float
        Precision ``t`` of the sent value (> 0, much smaller than ``sigma_q``).
    n_samples : int
    seed : int or numpy.random.Generator

    Returns
    -------
    BitsBack
    """
    mu_q = check_real(mu_q, "mu_q")
    sigma_q = check_real(sigma_q, "sigma_q", low=0.0, low_open=True)
    mu_p = check_real(mu_p, "mu_p")
    sigma_p = check_real(sigma_p, "sigma_p", low=0.0, low_open=True)
    quantum = check_real(quantum, "quantum", low=0.0, low_open=True)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = make_rng(seed)
    w = np.round(rng.normal(mu_q, sigma_q, n_samples) / quantum) * quantum

    def log2_density(x, m, sd):
        return (-0.5 * ((x - m) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))) / LN2

    send = float(np.mean(-log2_density(w, mu_p, sigma_p) - np.log2(quantum)))
    back = float(np.mean(-log2_density(w, mu_q, sigma_q) - np.log2(quantum)))
    return BitsBack(send, back, send - back, float(kl_gaussian(mu_q, sigma_q, mu_p, sigma_p)) / LN2, n_samples)
