"""Hinton & van Camp (1993): noisy weights, the bits-back weight cost, an adaptive coding prior.

Every weight (and bias) of a two-layer network is a Gaussian ``N(mu, sigma^2)``
instead of a number; ``sigma = exp(log_sigma)`` is positive by construction.
The sender codes a weight *sampled* from that Gaussian ``Q`` under a coding
prior ``P`` shared with the receiver. With the "bits-back" argument the net
cost of the weight is::

    G = KL(Q || P) = ln(s_p / s_q) + (s_q^2 + (m_q - m_p)^2) / (2 s_p^2) - 1/2   nats

and against a mixture prior ``P = sum_i pi_i N(m_i, s_i^2)`` the paper's bound
``G_hat = -ln sum_i pi_i exp(-G_i)`` (``G_i`` the KL to component ``i``) is used;
it is never below the true KL to the mixture. All costs are reported in
**bits** (nats divided by ``ln 2``).

Two data costs:

* **Regression** (the paper's network: logistic hidden units, linear
  outputs). For fixed inputs the hidden pre-activations are Gaussian; the
  logistic's mean and variance come from Gauss-Hermite quadrature; the
  output's mean and variance follow exactly; so the expected squared error
  ``<(d - y)^2> = (d - mu_y)^2 + V_y`` needs no sampling. The misfit cost
  with the best Gaussian width is ``(N/2) ln(2 pi e <E>)`` nats per output
  (plus ``-N ln t`` for a quantization width ``t`` of the targets).
* **Classification** (ReLU hidden units, softmax outputs, like
  :class:`mdl_prune.network.TwoLayerNet`). The expected code length of the
  labels has no closed form; it is estimated by Monte Carlo with the local
  reparameterization trick: the pre-activations (mean ``X mu``, variance
  ``X^2 sigma^2``) are sampled, not the weights.

All gradients are written out by hand (tests check them against finite
differences) and training uses Adam, written out in :class:`_Adam`.
Nothing here mutates its arguments; every random draw takes a ``seed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import expit, softmax as _softmax

from ._checks import check_choice, check_fraction, check_int, check_real, check_X, check_y, make_rng
from .network import TwoLayerNet, log_softmax
from . import prune as _prune

__all__ = ["NoisyNet", "MixturePrior", "BitsBack", "bits_back_example", "DescriptionLength",
           "description_length", "kl_gaussian", "mixture_bound", "weight_cost_bits",
           "logistic_moments", "regression_moments", "sample_outputs", "expected_squared_error", "misfit_bits",
           "regression_objective", "expected_data_bits", "classification_objective", "predict_proba_mc", "accuracy_mc",
           "fit_regression", "fit_classifier", "FitHistory", "snr", "prune_noisy", "to_network",
           "RegressionTask", "paper_task", "relative_error", "fit_deterministic",
           "deterministic_predict", "paper_experiment", "PAPER_RESULTS", "LN2"]

LN2 = float(np.log(2.0))
NAMES = ("W1", "b1", "W2", "b2")
ACTIVATIONS = ("logistic", "relu")
#: The paper's Table 1 (relative test error on the peptide data).
PAPER_RESULTS = {"mdl": 0.286, "weight_decay": 0.317, "no_penalty": 0.967}


def _frozen(arr) -> np.ndarray:
    out = np.array(arr, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


# ============================================================================ the noisy network
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

    def __post_init__(self) -> None:
        check_choice(self.activation, "activation", ACTIVATIONS)
        for which in ("mu", "log_sigma"):
            d = getattr(self, which)
            if not isinstance(d, Mapping) or set(d) != set(NAMES):
                raise TypeError(f"{which} must be a dict with keys {list(NAMES)}")
        W1 = np.asarray(self.mu["W1"])
        W2 = np.asarray(self.mu["W2"])
        if W1.ndim != 2 or W2.ndim != 2 or W2.shape[0] != W1.shape[1]:
            raise ValueError(f"mu['W1'] (n_in, n_hidden) and mu['W2'] (n_hidden, n_out) do not fit: "
                             f"{W1.shape}, {W2.shape}")
        shapes = {"W1": W1.shape, "b1": (W1.shape[1],), "W2": W2.shape, "b2": (W2.shape[1],)}
        mu, ls = {}, {}
        for k in NAMES:
            for which, store in (("mu", mu), ("log_sigma", ls)):
                a = np.asarray(getattr(self, which)[k], dtype=np.float64)
                if a.shape != shapes[k]:
                    raise ValueError(f"{which}['{k}'] must have shape {shapes[k]}, got {a.shape}")
                if not np.all(np.isfinite(a)):
                    raise ValueError(f"{which}['{k}'] contains NaN or infinite values")
                store[k] = a
        for name, shape in (("mask1", shapes["W1"]), ("mask2", shapes["W2"])):
            m = np.asarray(getattr(self, name))
            if m.shape != shape or m.dtype != np.bool_:
                raise ValueError(f"{name} must be a boolean array of shape {shape}")
        m1, m2 = np.asarray(self.mask1), np.asarray(self.mask2)
        mu["W1"] = np.where(m1, mu["W1"], 0.0)
        mu["W2"] = np.where(m2, mu["W2"], 0.0)
        object.__setattr__(self, "mu", MappingProxyType({k: _frozen(v) for k, v in mu.items()}))
        object.__setattr__(self, "log_sigma", MappingProxyType({k: _frozen(v) for k, v in ls.items()}))
        for name, m in (("mask1", m1), ("mask2", m2)):
            m = np.array(m, dtype=bool, copy=True)
            m.setflags(write=False)
            object.__setattr__(self, name, m)

    @classmethod
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

    def replace(self, *, mu=None, log_sigma=None, mask1=None, mask2=None) -> "NoisyNet":
        """A new network with some parts replaced (dicts may give only some keys)."""
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
    def mean_output(self, X) -> np.ndarray:
        """The output computed with every weight at its mean (logits, or the regression output)."""
        X = check_X(X, n_features=self.n_in)
        z = X @ self.mu["W1"] + self.mu["b1"]
        h = expit(z) if self.activation == "logistic" else np.maximum(z, 0.0)
        return h @ self.mu["W2"] + self.mu["b2"]

    def predict(self, X) -> np.ndarray:
        """Classes by the mean weights (classification), or the mean-weight output (regression)."""
        out = self.mean_output(X)
        return out.argmax(axis=1) if self.activation == "relu" else out

    def accuracy(self, X, y) -> float:
        """Accuracy of the mean weights (classification nets)."""
        if self.activation != "relu" or self.n_out < 2:
            raise ValueError("accuracy needs a classification net (activation='relu', n_out >= 2)")
        X = check_X(X, n_features=self.n_in)
        y = check_y(y, n_samples=X.shape[0], n_classes=self.n_out)
        return float(np.mean(self.predict(X) == y))


def _check_noisy(net) -> NoisyNet:
    if not isinstance(net, NoisyNet):
        raise TypeError(f"net must be a noisy.NoisyNet, got {type(net).__name__}")
    return net


def _check_numbers(value, name: str) -> np.ndarray:
    """A finite float array (any shape) from a number or array of numbers."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers, got NaN or infinite values")
    return arr


# ============================================================================ coding priors and KL
def kl_gaussian(mu_q, sigma_q, mu_p, sigma_p) -> np.ndarray:
    """KL(N(mu_q, sigma_q^2) || N(mu_p, sigma_p^2)) in **nats**, elementwise (broadcasting).

    ``ln(s_p/s_q) + (s_q^2 + (m_q - m_p)^2) / (2 s_p^2) - 1/2``: the bits-back
    cost of one weight, times ``ln 2`` (divide by ``LN2`` for bits).
    """
    mu_q, sigma_q, mu_p, sigma_p = (_check_numbers(a, name) for a, name in
                                    ((mu_q, "mu_q"), (sigma_q, "sigma_q"), (mu_p, "mu_p"), (sigma_p, "sigma_p")))
    if np.any(sigma_q <= 0) or np.any(sigma_p <= 0):
        raise ValueError("sigma_q and sigma_p must be > 0")
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

    def __post_init__(self) -> None:
        arrs = [np.atleast_1d(np.asarray(getattr(self, k), dtype=np.float64))
                for k in ("logits", "means", "log_sds")]
        if any(a.ndim != 1 for a in arrs) or len({a.size for a in arrs}) != 1 or arrs[0].size == 0:
            raise ValueError("logits, means and log_sds must be 1-D arrays of the same, nonzero length")
        for k, a in zip(("logits", "means", "log_sds"), arrs):
            if not np.all(np.isfinite(a)):
                raise ValueError(f"{k} contains NaN or infinite values")
            object.__setattr__(self, k, _frozen(a))

    @classmethod
    def gaussian(cls, sd: float, mean: float = 0.0) -> "MixturePrior":
        """A single Gaussian ``N(mean, sd^2)`` (sd > 0)."""
        sd = check_real(sd, "sd", low=0.0, low_open=True)
        mean = check_real(mean, "mean")
        return cls(np.zeros(1), np.array([mean]), np.array([np.log(sd)]))

    @classmethod
    def scale_mixture(cls, sds=(0.01, 0.03, 0.1, 0.3, 1.0)) -> "MixturePrior":
        """Zero-mean components of different widths, equal proportions (a "spike and slab" to learn)."""
        sds = np.asarray(sds, dtype=np.float64)
        if sds.ndim != 1 or sds.size == 0 or not np.all(np.isfinite(sds)) or np.any(sds <= 0):
            raise ValueError("sds must be a non-empty 1-D sequence of positive numbers")
        return cls(np.zeros(sds.size), np.zeros(sds.size), np.log(sds))

    @classmethod
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

    def density(self, w) -> np.ndarray:
        """The mixture density at ``w`` (for plots)."""
        w = np.asarray(w, dtype=np.float64)[..., None]
        s = self.sds
        return (self.proportions * np.exp(-0.5 * ((w - self.means) / s) ** 2) / (s * np.sqrt(2 * np.pi))).sum(-1)


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


def mixture_bound(mu_q, sigma_q, prior: MixturePrior) -> np.ndarray:
    """The paper's cost of weights ``N(mu_q, sigma_q^2)`` under a mixture prior, in **nats**, elementwise.

    ``G_hat = -ln sum_i pi_i exp(-KL(Q || P_i))``. It is an upper bound on
    ``KL(Q || sum_i pi_i P_i)`` (Jensen's inequality with the responsibilities
    as variational weights) and equals the Gaussian KL for one component.
    """
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    mu_q = np.asarray(mu_q, dtype=np.float64)
    sigma_q = np.asarray(sigma_q, dtype=np.float64)
    if np.any(sigma_q <= 0):
        raise ValueError("sigma_q must be > 0")
    mu_q, sigma_q = np.broadcast_arrays(mu_q, sigma_q)
    G = _bound_and_grads(mu_q.ravel(), np.log(sigma_q).ravel(), prior.logits, prior.means, prior.log_sds)[0]
    return G.reshape(mu_q.shape)


def _kl_total_and_grads(net: NoisyNet, prior: MixturePrior):
    """Sum of the bound over every kept parameter (nats), gradients per array and for the prior."""
    return _kl_raw(net.mu, net.log_sigma, net.kept(), prior.logits, prior.means, prior.log_sds)


def _kl_raw(mu, log_sigma, kept, logits, means, log_sds):
    # One call over all parameters at once; pruned ones are computed and then zeroed.
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


def weight_cost_bits(net: NoisyNet, prior: MixturePrior) -> float:
    """The bits-back cost of all kept weights and biases: ``sum G_hat / ln 2`` bits.

    (The cost of sending the prior's own few parameters and the mask is not
    included; see the notebook for how they are counted.)
    """
    net = _check_noisy(net)
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    return _kl_total_and_grads(net, prior)[0] / LN2


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


# ============================================================================ regression: exact moments
_GH_CACHE: dict = {}


def _gh(n_nodes: int):
    if n_nodes not in _GH_CACHE:
        t, w = hermegauss(n_nodes)
        _GH_CACHE[n_nodes] = (t, w / np.sqrt(2.0 * np.pi))   # weights of E over N(0, 1)
    return _GH_CACHE[n_nodes]


def logistic_moments(m, v, n_nodes: int = 24, grad: bool = False):
    """Mean and variance of ``logistic(z)`` for ``z ~ N(m, v)``, by Gauss-Hermite quadrature.

    ``E f(z) ~ sum_k w_k f(m + sqrt(v) t_k)`` with the probabilists' Hermite
    nodes ``t_k`` and weights ``w_k`` (normalized to sum to one).

    Parameters
    ----------
    m, v : array_like
        Means and variances (v > 0), same shape.
    n_nodes : int
        Quadrature nodes (>= 2). The default 24 is accurate to about 1e-6
        for standard deviations up to 1 and 2e-4 at 3 (the logistic's poles
        at ``+-i pi`` limit the convergence); the tests measure this.
    grad : bool
        Also return the derivatives, obtained by differentiating through the
        nodes: ``d/dm f(m + s t) = f'``, ``d/dv f(m + s t) = f' t / (2 s)``.

    Returns
    -------
    mean, var : ndarray
        and, with ``grad=True``, ``dmean_dm, dmean_dv, dvar_dm, dvar_dv``.
    """
    n_nodes = check_int(n_nodes, "n_nodes", low=2)
    m = _check_numbers(m, "m")
    v = _check_numbers(v, "v")
    if np.any(v <= 0):
        raise ValueError("v (the variances) must be > 0")
    if not isinstance(grad, (bool, np.bool_)):
        raise TypeError(f"grad must be True or False, got {type(grad).__name__}")
    return _logistic_moments(m, v, n_nodes, grad)


def _logistic_moments(m, v, n_nodes, grad):
    # The unchecked kernel: _reg_forward calls it on every Adam step with arrays it built itself.
    t, w = _gh(n_nodes)
    s = np.sqrt(v)[..., None]
    p = expit(m[..., None] + s * t)
    mean = p @ w
    ey2 = (p * p) @ w
    var = np.maximum(ey2 - mean ** 2, 0.0)
    if not grad:
        return mean, var
    dp = p * (1.0 - p)                     # logistic'(z) at the nodes
    pdp = p * dp
    wt = w * t                             # d/dv of f(m + s t) is f'(.) t / (2 s): fold t into the weights
    s = s[..., 0]
    dmean_dm = dp @ w
    dmean_dv = (dp @ wt) / (2.0 * s)
    dey2_dm = 2.0 * (pdp @ w)
    dey2_dv = (pdp @ wt) / s
    return (mean, var, dmean_dm, dmean_dv,
            dey2_dm - 2.0 * mean * dmean_dm, dey2_dv - 2.0 * mean * dmean_dv)


def _check_regression(net, X, d=None):
    net = _check_noisy(net)
    if net.activation != "logistic":
        raise ValueError("regression needs a net with activation='logistic' (the paper's network)")
    X = check_X(X, n_features=net.n_in)
    if d is None:
        return net, X
    d = np.asarray(d, dtype=np.float64)
    if d.ndim == 1:
        d = d[:, None]
    if d.shape != (X.shape[0], net.n_out):
        raise ValueError(f"d must have shape ({X.shape[0]},) or ({X.shape[0]}, {net.n_out}), got {np.shape(d)}")
    if not np.all(np.isfinite(d)):
        raise ValueError("d contains NaN or infinite values")
    return net, X, d


class _State:
    """The numbers training works on: views into one flat parameter vector (no copies, no checks)."""

    def __init__(self, net: NoisyNet, prior: MixturePrior, learn_prior: bool, fix_means: bool = False):
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
        self.K = prior.n_components
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

    def flat_grad(self, g_mu, g_ls, g_prior):
        parts = [g_mu[k].ravel() for k in NAMES] + [g_ls[k].ravel() for k in NAMES]
        g = np.concatenate(parts)
        g[: self.n_w] *= self.kept_flat
        g[self.n_w:] *= self.kept_flat
        if self.learn_prior:
            g_means = np.zeros(self.K) if self.fix_means else g_prior[1]
            g = np.concatenate([g, g_prior[0], g_means, g_prior[2]])
        return g

    def result(self):
        net = self.template.replace(mu={k: v.copy() for k, v in self.mu.items()},
                                    log_sigma={k: v.copy() for k, v in self.log_sigma.items()})
        prior = MixturePrior(*(a.copy() for a in self.prior_arrays())) if self.learn_prior else self.fixed_prior
        return net, prior


def _reg_forward(st, X, n_nodes):
    mu, s2 = st.mu, st.s2()
    m1 = X @ mu["W1"] + mu["b1"]
    v1 = (X * X) @ s2["W1"] + s2["b1"]
    a, V, da_dm, da_dv, dV_dm, dV_dv = _logistic_moments(m1, v1, n_nodes, True)
    my = a @ mu["W2"] + mu["b2"]
    vy = V @ (mu["W2"] ** 2 + s2["W2"]) + (a * a) @ s2["W2"] + s2["b2"]
    return my, vy, (s2, a, V, da_dm, da_dv, dV_dm, dV_dv)


def regression_moments(net: NoisyNet, X, n_nodes: int = 24):
    """Exact mean and variance of each output over the weight noise (moment propagation).

    With deterministic inputs ``x``, hidden pre-activation ``z_h`` is
    Gaussian (mean ``x mu_W1 + mu_b1``, variance ``x^2 s_W1^2 + s_b1^2``);
    the logistic's mean ``a_h`` and variance ``V_h`` come from quadrature;
    the output has mean ``sum_h a_h mu_hj + mu_bj`` and variance
    ``sum_h (mu_hj^2 V_h + a_h^2 s_hj^2 + V_h s_hj^2) + s_bj^2``.

    Returns
    -------
    mean, var : ndarray, shape (n_samples, n_out)
    """
    net, X = _check_regression(net, X)
    n_nodes = check_int(n_nodes, "n_nodes", low=2)
    my, vy, _ = _reg_forward(_State(net, MixturePrior.gaussian(1.0), False), X, n_nodes)
    return my, vy


def sample_outputs(net: NoisyNet, X, n_samples: int = 10_000, seed=0) -> np.ndarray:
    """Outputs of ``n_samples`` whole networks drawn from the weights' Gaussians (a check, not a method).

    Every draw samples all weights and biases at once and runs the ordinary
    forward pass, so the spread of the results is the spread that
    :func:`regression_moments` computes exactly. Costs ``n_samples`` forward passes.

    Returns
    -------
    ndarray, shape (n_samples, n_cases, n_out)
    """
    net = _check_noisy(net)
    X = check_X(X, n_features=net.n_in)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = make_rng(seed)
    sig = net.sigma
    out = np.empty((n_samples, X.shape[0], net.n_out))
    for i in range(n_samples):
        w = {k: net.mu[k] + sig[k] * rng.standard_normal(net.mu[k].shape) for k in NAMES}
        z = X @ w["W1"] + w["b1"]
        h = expit(z) if net.activation == "logistic" else np.maximum(z, 0.0)
        out[i] = h @ w["W2"] + w["b2"]
    return out


def expected_squared_error(net: NoisyNet, X, d, n_nodes: int = 24) -> np.ndarray:
    """``<(d - y)^2> = (d - mu_y)^2 + V_y`` per case and output, exactly (no sampling)."""
    net, X, d = _check_regression(net, X, d)
    my, vy = regression_moments(net, X, n_nodes)
    return (d - my) ** 2 + vy


def misfit_bits(net: NoisyNet, X, d, quantum: float = 0.01, n_nodes: int = 24) -> float:
    """The paper's data cost with the best Gaussian width, in bits.

    Per output ``j``: ``(N/2) log2(2 pi e <E_j>) - N log2(quantum)`` with
    ``<E_j>`` the mean expected squared error: the cost of the targets,
    quantized to ``quantum``, coded with a Gaussian of variance ``<E_j>``.
    """
    quantum = check_real(quantum, "quantum", low=0.0, low_open=True)
    E = expected_squared_error(net, X, d, n_nodes)
    N = E.shape[0]
    return float((0.5 * N * np.log2(2 * np.pi * np.e * E.mean(axis=0)) - N * np.log2(quantum)).sum())


def regression_objective(net: NoisyNet, prior: MixturePrior, X, d, kl_weight: float = 1.0,
                         n_nodes: int = 24):
    """The paper's cost (nats, constants dropped) and its gradients.

    ``C = sum_j (N/2) ln <E_j> + kl_weight * sum G_hat``.

    Returns
    -------
    cost : float
    grads : dict
        ``"mu"``, ``"log_sigma"`` (dicts like the net's) and ``"prior"``
        (tuple: logits, means, log_sds).
    """
    net, X, d = _check_regression(net, X, d)
    kl_weight = check_real(kl_weight, "kl_weight", low=0.0)
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    cost, g_mu, g_ls, g_prior = _regression_objective(_State(net, prior, True), X, d, kl_weight, n_nodes)
    return cost, _grads_dict(net, g_mu, g_ls, g_prior)


def _grads_dict(net, g_mu, g_ls, g_prior):
    kept = net.kept()
    return {"mu": {k: g_mu[k] * kept[k] for k in NAMES},
            "log_sigma": {k: g_ls[k] * kept[k] for k in NAMES}, "prior": g_prior}


def _regression_objective(st, X, d, kl_weight, n_nodes):
    N = X.shape[0]
    mu = st.mu
    my, vy, (s2, a, V, da_dm, da_dv, dV_dm, dV_dv) = _reg_forward(st, X, n_nodes)
    E = (d - my) ** 2 + vy
    Ebar = E.mean(axis=0)
    cost = float(0.5 * N * np.log(Ebar).sum())
    gE = np.broadcast_to(0.5 / Ebar, E.shape)          # dC/dE_cj = (N/2) / (N Ebar_j)
    g_my = -2.0 * (d - my) * gE
    g_vy = gE
    g_mu, g_s2 = {}, {}
    g_mu["b2"] = g_my.sum(0)
    g_s2["b2"] = g_vy.sum(0)
    g_mu["W2"] = a.T @ g_my + 2.0 * mu["W2"] * (V.T @ g_vy)
    g_s2["W2"] = (V + a * a).T @ g_vy
    g_a = g_my @ mu["W2"].T + 2.0 * a * (g_vy @ s2["W2"].T)
    g_V = g_vy @ (mu["W2"] ** 2 + s2["W2"]).T
    g_m1 = g_a * da_dm + g_V * dV_dm
    g_v1 = g_a * da_dv + g_V * dV_dv
    g_mu["W1"] = X.T @ g_m1
    g_mu["b1"] = g_m1.sum(0)
    g_s2["W1"] = (X * X).T @ g_v1
    g_s2["b1"] = g_v1.sum(0)
    # d/dlog_sigma = d/d(sigma^2) * 2 sigma^2
    g_ls = {k: 2.0 * s2[k] * g_s2[k] for k in NAMES}
    return _add_weight_cost(st, cost, g_mu, g_ls, kl_weight)


def _add_weight_cost(st, cost, g_mu, g_ls, kl_weight):
    """Add ``kl_weight`` times the bits-back cost (nats) and its gradients (pruned entries not zeroed)."""
    kl, k_mu, k_ls, k_prior = _kl_raw(st.mu, st.log_sigma, st.kept, *st.prior_arrays())
    cost += kl_weight * kl
    return (cost, {k: g_mu[k] + kl_weight * k_mu[k] for k in NAMES},
            {k: g_ls[k] + kl_weight * k_ls[k] for k in NAMES}, tuple(kl_weight * g for g in k_prior))


# ============================================================================ classification: Monte Carlo
def _class_forward(st, X, y, rng):
    """One local-reparameterization sample: cross-entropies (nats) and what backward needs."""
    mu, s2 = st.mu, st.s2()
    m1 = X @ mu["W1"] + mu["b1"]
    sd1 = np.sqrt((X * X) @ s2["W1"] + s2["b1"])
    e1 = rng.standard_normal(m1.shape)
    z1 = m1 + sd1 * e1
    h = np.maximum(z1, 0.0)
    m2 = h @ mu["W2"] + mu["b2"]
    sd2 = np.sqrt((h * h) @ s2["W2"] + s2["b2"])
    e2 = rng.standard_normal(m2.shape)
    logits = m2 + sd2 * e2
    logp = log_softmax(logits)
    ce = -logp[np.arange(len(y)), y]
    return ce, (s2, sd1, e1, z1, h, sd2, e2, logp)


def expected_data_bits(net: NoisyNet, X, y, n_samples: int = 10, seed=0) -> float:
    """Monte Carlo estimate of ``E_Q[-sum_c log2 p(y_c | x_c, w)]``, in bits.

    Uses the local reparameterization: for each sample the pre-activations
    are drawn from their Gaussian (mean ``X mu``, variance ``X^2 sigma^2``)
    instead of drawing a weight matrix; independent per case, same expectation.

    Parameters
    ----------
    n_samples : int
        Monte Carlo samples per case (>= 1).
    seed : int or numpy.random.Generator
    """
    net = _check_noisy(net)
    if net.activation != "relu" or net.n_out < 2:
        raise ValueError("expected_data_bits needs a classification net (activation='relu', n_out >= 2)")
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = make_rng(seed)
    st = _State(net, MixturePrior.gaussian(1.0), False)
    total = sum(_class_forward(st, X, y, rng)[0].sum() for _ in range(n_samples))
    return float(total / n_samples / LN2)


def predict_proba_mc(net: NoisyNet, X, n_samples: int = 20, seed=0) -> np.ndarray:
    """The noisy network's predictive class probabilities: softmax averaged over ``n_samples`` draws.

    Each draw samples the pre-activations (local reparameterization), so the
    noise of every kept weight is included; pruned weights add none.
    """
    net = _check_noisy(net)
    if net.activation != "relu" or net.n_out < 2:
        raise ValueError("predict_proba_mc needs a classification net (activation='relu', n_out >= 2)")
    X = check_X(X, n_features=net.n_in)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = make_rng(seed)
    st = _State(net, MixturePrior.gaussian(1.0), False)
    dummy = np.zeros(X.shape[0], dtype=np.int64)
    total = np.zeros((X.shape[0], net.n_out))
    for _ in range(n_samples):
        total += np.exp(_class_forward(st, X, dummy, rng)[1][-1])
    return total / n_samples


def accuracy_mc(net: NoisyNet, X, y, n_samples: int = 20, seed=0) -> float:
    """Accuracy of the noisy network's predictive distribution (see :func:`predict_proba_mc`)."""
    net = _check_noisy(net)
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    return float(np.mean(predict_proba_mc(net, X, n_samples, seed).argmax(axis=1) == y))


def classification_objective(net: NoisyNet, prior: MixturePrior, X, y, n_train: int,
                             kl_weight: float = 1.0, seed=0):
    """One-sample estimate of the per-case description length (nats) and its gradients.

    ``L = mean_c CE_c + kl_weight * sum G_hat / n_train``: the expected data
    cost of a minibatch scaled to one case, plus the weight cost shared out
    over the ``n_train`` training cases. The same ``seed`` gives the same noise.

    Returns
    -------
    cost : float
    grads : dict
        As :func:`regression_objective`.
    """
    net = _check_noisy(net)
    if net.activation != "relu" or net.n_out < 2:
        raise ValueError("classification_objective needs activation='relu' and n_out >= 2")
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    n_train = check_int(n_train, "n_train", low=1)
    kl_weight = check_real(kl_weight, "kl_weight", low=0.0)
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    cost, g_mu, g_ls, g_prior = _classification_objective(_State(net, prior, True), X, y, n_train,
                                                          kl_weight, make_rng(seed))
    return cost, _grads_dict(net, g_mu, g_ls, g_prior)


def _classification_objective(st, X, y, n_train, kl_weight, rng):
    n = X.shape[0]
    mu = st.mu
    ce, (s2, sd1, e1, z1, h, sd2, e2, logp) = _class_forward(st, X, y, rng)
    cost = float(ce.mean())
    g_logits = np.exp(logp)
    g_logits[np.arange(n), y] -= 1.0
    g_logits /= n
    g_m2 = g_logits
    g_v2 = g_logits * e2 / (2.0 * sd2)            # d logits / d var = e / (2 sd)
    g_mu, g_s2 = {}, {}
    g_mu["b2"] = g_m2.sum(0)
    g_s2["b2"] = g_v2.sum(0)
    g_mu["W2"] = h.T @ g_m2
    g_s2["W2"] = (h * h).T @ g_v2
    g_h = g_m2 @ mu["W2"].T + 2.0 * h * (g_v2 @ s2["W2"].T)
    g_z1 = g_h * (z1 > 0)
    g_v1 = g_z1 * e1 / (2.0 * sd1)
    g_mu["W1"] = X.T @ g_z1
    g_mu["b1"] = g_z1.sum(0)
    g_s2["W1"] = (X * X).T @ g_v1
    g_s2["b1"] = g_v1.sum(0)
    g_ls = {k: 2.0 * s2[k] * g_s2[k] for k in NAMES}
    return _add_weight_cost(st, cost, g_mu, g_ls, kl_weight / n_train)


@dataclass(frozen=True)
class DescriptionLength:
    """Bits-back description length of a classifier's training labels (all in bits).

    ``weight_bits``: the bits-back cost ``sum G_hat / ln 2`` of every kept
    weight and bias; ``prior_bits``: the prior's own numbers at 32 bits each;
    ``header_bits``: the three layer sizes at 16 bits each (as notebook 06's
    code); ``data_bits``: expected ``-sum log2 p(y|x, w)`` over the weight
    noise (Monte Carlo); ``total_bits``: their sum.
    """

    weight_bits: float
    prior_bits: float
    header_bits: float
    data_bits: float
    total_bits: float


def description_length(net: NoisyNet, prior: MixturePrior, X, y, *, n_samples: int = 10,
                       seed=0) -> DescriptionLength:
    """The noisy classifier's description length of ``y`` given ``X``, bits-back style.

    The mask of a pruned net is not charged here (prune after, with the
    two-part code of :mod:`mdl_prune.mdl`, if you want to send it).
    """
    net = _check_noisy(net)
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    data = expected_data_bits(net, X, y, n_samples=n_samples, seed=seed)
    weights = weight_cost_bits(net, prior)
    prior_bits = 32.0 * 3 * prior.n_components
    header = 48.0
    return DescriptionLength(weights, prior_bits, header, data, weights + prior_bits + header + data)


# ============================================================================ training
class _Adam:
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


def _check_bool(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_schedule(kl_schedule):
    sched = np.atleast_1d(np.asarray(kl_schedule, dtype=np.float64))
    if sched.ndim != 1 or sched.size == 0 or not np.all(np.isfinite(sched)) or np.any(sched < 0):
        raise ValueError("kl_schedule must be a non-empty 1-D sequence of finite weights >= 0")
    return sched


#: The paper's schedule: the weight-cost coefficient raised 0.05, 0.10, ..., 1.0.
PAPER_SCHEDULE = tuple(np.round(np.arange(1, 21) * 0.05, 2))


def fit_regression(net: NoisyNet, prior: MixturePrior, X, d, *, kl_schedule=PAPER_SCHEDULE,
                   steps_per_stage: int = 100, lr: float = 0.01, learn_prior: bool = True,
                   fix_means: bool = False, n_nodes: int = 24) -> tuple[NoisyNet, MixturePrior, FitHistory]:
    """Minimise the paper's description length by full-batch Adam.

    Training runs one stage per entry of ``kl_schedule``, ``steps_per_stage``
    Adam steps each, with the weight cost multiplied by that entry; the
    paper raised it 0.05, 0.1, ..., 1.0 because with the full weight cost
    from the start all weights collapse onto the prior before the data can
    pull any of them out. Deterministic (no sampling).

    Parameters
    ----------
    net : NoisyNet
        A regression net (``activation="logistic"``); not modified.
    prior : MixturePrior
        The starting coding prior.
    X : array_like, shape (N, n_in)
    d : array_like, shape (N,) or (N, n_out)
        Targets.
    kl_schedule : sequence of float
        The weight cost's coefficient in each stage (default: the paper's
        0.05, 0.1, ..., 1.0).
    steps_per_stage : int
    lr : float
        Adam's step size.
    learn_prior, fix_means : bool
        As in :func:`fit_classifier`.
    n_nodes : int
        Gauss-Hermite nodes.

    Returns
    -------
    net : NoisyNet
    prior : MixturePrior
        The learned prior (``prior`` itself when ``learn_prior=False``).
    history : FitHistory
    """
    net, X, d = _check_regression(net, X, d)
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    sched = _check_schedule(kl_schedule)
    steps_per_stage = check_int(steps_per_stage, "steps_per_stage", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    n_nodes = check_int(n_nodes, "n_nodes", low=2)
    st = _State(net, prior, _check_bool(learn_prior, "learn_prior"), _check_bool(fix_means, "fix_means"))
    adam = _Adam(st.theta.size, lr)
    cost_h, bits_h = [], []
    for kw in sched:
        for _ in range(steps_per_stage):
            cost, *g = _regression_objective(st, X, d, kw, n_nodes)
            adam.step(st.theta, st.flat_grad(*g))
        cost_h.append(_regression_objective(st, X, d, kw, n_nodes)[0])
        bits_h.append(_kl_raw(st.mu, st.log_sigma, st.kept, *st.prior_arrays())[0] / LN2)
    if not (np.all(np.isfinite(cost_h)) and np.all(np.isfinite(st.theta))):
        raise FloatingPointError(f"training diverged; try a smaller lr than {lr}")
    net, prior = st.result()
    return net, prior, FitHistory(tuple(cost_h), tuple(float(k) for k in sched), tuple(bits_h))


def fit_classifier(net: NoisyNet, prior: MixturePrior, X, y, *, epochs: int = 40,
                   batch_size: int = 128, lr: float = 0.02, kl_schedule=None,
                   learn_prior: bool = True, fix_means: bool = False,
                   seed=0) -> tuple[NoisyNet, MixturePrior, FitHistory]:
    """Minimise expected data bits + bits-back weight cost by minibatch Adam.

    Each step draws one local-reparameterization sample per case. The weight
    cost's coefficient for epoch ``e`` is ``kl_schedule[e]`` (default:
    ``min(1, (e + 1) / (epochs // 2))``, raised linearly to 1 over the first
    half of training, then 1). The learning rate follows a cosine from ``lr``
    to zero. With ``fix_means=True`` the prior's component means stay where
    they started (e.g. all at zero, :meth:`MixturePrior.scale_mixture`), so
    the prior's spike sits exactly at zero and pruning a weight in it costs
    nothing; its proportions and widths are still learned.

    Parameters
    ----------
    net : NoisyNet
        A classification net (``activation="relu"``).
    prior : MixturePrior
    X, y : array_like
    epochs, batch_size : int
    lr : float
    kl_schedule : sequence of float, optional
        One coefficient per epoch (length ``epochs``).
    learn_prior : bool
        Learn the prior's proportions, widths (and means) with the weights.
    fix_means : bool
        Keep the prior's means fixed (see above).
    seed : int or numpy.random.Generator
        Minibatch order and the noise.

    Returns
    -------
    net, prior, history
    """
    net = _check_noisy(net)
    if net.activation != "relu" or net.n_out < 2:
        raise ValueError("fit_classifier needs a classification net (activation='relu', n_out >= 2)")
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    if not isinstance(prior, MixturePrior):
        raise TypeError(f"prior must be a noisy.MixturePrior, got {type(prior).__name__}")
    epochs = check_int(epochs, "epochs", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    if kl_schedule is None:
        half = max(1, epochs // 2)
        kl_schedule = np.minimum(1.0, np.arange(1, epochs + 1) / half)
    sched = _check_schedule(kl_schedule)
    if sched.size != epochs:
        raise ValueError(f"kl_schedule must have one entry per epoch ({epochs}), got {sched.size}")
    rng = make_rng(seed)
    n = X.shape[0]
    st = _State(net, prior, _check_bool(learn_prior, "learn_prior"), _check_bool(fix_means, "fix_means"))
    adam = _Adam(st.theta.size, lr)
    total = epochs * (-(-n // batch_size))
    step = 0
    cost_h, bits_h = [], []
    for kw in sched:
        order = rng.permutation(n)
        costs = []
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            cost, *g = _classification_objective(st, X[idx], y[idx], n, kw, rng)
            costs.append(cost)
            adam.step(st.theta, st.flat_grad(*g), lr * 0.5 * (1.0 + np.cos(np.pi * step / total)))
            step += 1
        cost_h.append(float(np.mean(costs)))
        bits_h.append(_kl_raw(st.mu, st.log_sigma, st.kept, *st.prior_arrays())[0] / LN2)
    if not (np.all(np.isfinite(cost_h)) and np.all(np.isfinite(st.theta))):
        raise FloatingPointError(f"training diverged; try a smaller lr than {lr}")
    net, prior = st.result()
    return net, prior, FitHistory(tuple(cost_h), tuple(float(k) for k in sched), tuple(bits_h))


# ============================================================================ pruning
def snr(net: NoisyNet) -> tuple[np.ndarray, np.ndarray]:
    """Signal-to-noise ratio ``|mu| / sigma`` of every weight of ``W1`` and ``W2`` (pruned: 0)."""
    net = _check_noisy(net)
    return (np.abs(net.mu["W1"]) / np.exp(net.log_sigma["W1"]) * net.mask1,
            np.abs(net.mu["W2"]) / np.exp(net.log_sigma["W2"]) * net.mask2)


def prune_noisy(net: NoisyNet, sparsity: float, criterion: str = "snr",
                scope: str = "global") -> NoisyNet:
    """Prune the weights with the lowest ``|mu|/sigma`` (``"snr"``) or ``|mu|`` (``"magnitude"``).

    Same exact-count semantics as :mod:`mdl_prune.prune` (``round(s * n)``
    weights, ties by position, masks only shrink). Biases are not pruned.
    Returns a new noisy net with shrunken masks.
    """
    net = _check_noisy(net)
    criterion = check_choice(criterion, "criterion", ("snr", "magnitude"))
    if criterion == "snr":
        s1, s2 = snr(net)
    else:
        s1, s2 = np.abs(net.mu["W1"]), np.abs(net.mu["W2"])
    # Reuse the package's pruner on a stand-in TwoLayerNet carrying the masks.
    stand_in = TwoLayerNet(net.mu["W1"], net.mu["b1"], net.mu["W2"],
                           np.zeros(net.n_out), net.mask1, net.mask2)
    pruned = _prune.prune_by_scores(stand_in, sparsity, s1, s2, scope=scope)
    return net.replace(mask1=pruned.mask1, mask2=pruned.mask2)


def to_network(net: NoisyNet) -> TwoLayerNet:
    """The deterministic :class:`TwoLayerNet` with every weight at its mean (masks carried over)."""
    net = _check_noisy(net)
    if net.activation != "relu" or net.n_out < 2:
        raise ValueError("to_network needs a classification net (activation='relu', n_out >= 2)")
    return TwoLayerNet(net.mu["W1"], net.mu["b1"], net.mu["W2"], net.mu["b2"], net.mask1, net.mask2)


# ============================================================================ the paper's experiment
@dataclass(frozen=True)
class RegressionTask:
    """A regression data set: inputs, targets (1-D), how it was made, and which inputs matter."""

    X_train: np.ndarray
    d_train: np.ndarray
    X_test: np.ndarray
    d_test: np.ndarray
    description: str
    relevant_inputs: tuple = ()


def relative_error(d, y) -> float:
    """``sum (d - y)^2 / sum (d - mean(d))^2``: 1 means no better than predicting the mean."""
    d = np.asarray(d, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    if d.shape != y.shape or d.size < 2:
        raise ValueError(f"d and y must have the same size (>= 2), got {d.size} and {y.size}")
    if not (np.all(np.isfinite(d)) and np.all(np.isfinite(y))):
        raise ValueError("d and y must be finite")
    return float(((d - y) ** 2).sum() / ((d - d.mean()) ** 2).sum())


def paper_task(seed=0, n_train: int = 105, n_test: int = 420, n_inputs: int = 128,
               n_relevant: int = 4, noise_fraction: float = 0.2) -> RegressionTask:
    """A synthetic task of the shape of the paper's peptide experiment (those data are not public).

    Teacher: inputs ``x ~ N(0, I)`` in 128 dimensions; two logistic hidden
    units, each reading its own ``n_relevant`` inputs with weights of size
    0.6 to 1.2 and random sign; target ``d = 2 logistic(u1) - logistic(u2) +
    noise``, the noise's variance ``noise_fraction`` of the target's total
    variance (so the best possible relative error is about ``noise_fraction``).
    Few cases, many inputs, a simple rule plus noise: a net without a
    penalty can fit the 105 training cases exactly and learns little.
    """
    rng = make_rng(seed)
    n_train = check_int(n_train, "n_train", low=2)
    n_test = check_int(n_test, "n_test", low=2)
    n_inputs = check_int(n_inputs, "n_inputs", low=2)
    n_relevant = check_int(n_relevant, "n_relevant", low=1, high=n_inputs // 2)
    noise_fraction = check_fraction(noise_fraction, "noise_fraction", high_open=True)
    n = n_train + n_test
    X = rng.standard_normal((n, n_inputs))
    chosen = rng.permutation(n_inputs)[: 2 * n_relevant].reshape(2, n_relevant)
    V = np.zeros((n_inputs, 2))
    for u in range(2):
        V[chosen[u], u] = rng.uniform(0.6, 1.2, n_relevant) * rng.choice([-1.0, 1.0], n_relevant)
    clean = expit(X @ V) @ np.array([2.0, -1.0])
    # Noise variance = f/(1-f) times the clean signal's variance: fraction f of the total.
    sd = np.sqrt(noise_fraction / (1.0 - noise_fraction) * clean.var())
    d = clean + sd * rng.standard_normal(n)
    desc = (f"{n_inputs} N(0,1) inputs; teacher 2*logistic(x.v1) - logistic(x.v2), each v with "
            f"{n_relevant} nonzero weights; Gaussian noise {noise_fraction:.0%} of the target variance")
    return RegressionTask(X[:n_train], d[:n_train], X[n_train:], d[n_train:], desc,
                          tuple(int(i) for i in np.sort(chosen.ravel())))


def _det_forward(p, X):
    h = expit(X @ p[0] + p[1])
    return h, h @ p[2] + p[3]


def fit_deterministic(X, d, *, n_hidden: int = 4, weight_decay: float = 0.0, steps: int = 2000,
                      lr: float = 0.01, seed=0) -> tuple:
    """An ordinary logistic-hidden, linear-output net fitted by full-batch Adam.

    Minimises ``sum (d - y)^2 + weight_decay * sum w^2`` (weights, not biases).

    Returns
    -------
    tuple of ndarray
        ``(W1, b1, W2, b2)``; predict with :func:`deterministic_predict`.
    """
    X = check_X(X)
    d = np.asarray(d, dtype=np.float64).reshape(X.shape[0], -1)
    if not np.all(np.isfinite(d)):
        raise ValueError("d contains NaN or infinite values")
    n_hidden = check_int(n_hidden, "n_hidden", low=1)
    weight_decay = check_real(weight_decay, "weight_decay", low=0.0)
    steps = check_int(steps, "steps", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    rng = make_rng(seed)
    n_in, n_out = X.shape[1], d.shape[1]
    shapes = [(n_in, n_hidden), (n_hidden,), (n_hidden, n_out), (n_out,)]
    theta = np.concatenate([rng.normal(0.0, np.sqrt(1.0 / n_in), n_in * n_hidden), np.zeros(n_hidden),
                            rng.normal(0.0, np.sqrt(1.0 / n_hidden), n_hidden * n_out),
                            np.full(n_out, d.mean())])
    bounds = np.cumsum([0] + [int(np.prod(sh)) for sh in shapes])
    p = [theta[bounds[i]:bounds[i + 1]].reshape(sh) for i, sh in enumerate(shapes)]   # views
    adam = _Adam(theta.size, lr)
    for _ in range(steps):
        h, y = _det_forward(p, X)
        g_y = 2.0 * (y - d)
        g_h = (g_y @ p[2].T) * h * (1.0 - h)
        g = np.concatenate([(X.T @ g_h + 2.0 * weight_decay * p[0]).ravel(), g_h.sum(0),
                            (h.T @ g_y + 2.0 * weight_decay * p[2]).ravel(), g_y.sum(0)])
        adam.step(theta, g)
    return tuple(a.copy() for a in p)


def deterministic_predict(params, X) -> np.ndarray:
    """Output of a net from :func:`fit_deterministic`, shape (n_samples,) for one output."""
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        raise TypeError("params must be the tuple (W1, b1, W2, b2) returned by fit_deterministic, "
                        f"got {type(params).__name__}")
    params = tuple(_check_numbers(a, f"params[{i}]") for i, a in enumerate(params))
    W1, b1, W2, b2 = params
    if W1.ndim != 2 or W2.ndim != 2 or b1.shape != (W1.shape[1],) or b2.shape != (W2.shape[1],) \
            or W2.shape[0] != W1.shape[1]:
        raise ValueError("params must be (W1, b1, W2, b2) with shapes (n_in, h), (h,), (h, n_out), (n_out,); "
                         f"got {[a.shape for a in params]}")
    X = check_X(X, n_features=W1.shape[0])
    y = _det_forward(params, X)[1]
    return y[:, 0] if y.shape[1] == 1 else y


#: The weight-decay coefficients tried on the validation split.
WEIGHT_DECAYS = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
#: The MDL run: the paper's 20 stages (0.05 .. 1.0), then 40 more stages at 1.0, 25 Adam steps each.
MDL_SCHEDULE = PAPER_SCHEDULE + (1.0,) * 40
MDL_STEPS_PER_STAGE = 25


def paper_experiment(seed=0, *, weight_decays=WEIGHT_DECAYS, details: bool = False) -> dict:
    """Re-create Table 1 of Hinton & van Camp (1993) on the synthetic :func:`paper_task`.

    The paper's peptide data are not public; :func:`paper_task` makes a task
    of the same shape (128 inputs, 1 output, 105 training and 420 test
    cases). Three nets with 4 logistic hidden units and a linear output:

    * ``"mdl"``: noisy weights, the paper's cost (misfit with the best
      Gaussian width + bits-back weight cost under a learned 5-component
      mixture prior, means started evenly over [-0.24, 0.24], widths 0.1),
      the weight cost's coefficient raised 0.05, 0.1, ..., 1.0 (25 full-batch
      Adam steps each), then 40 more stages of 25 steps at 1.0
      (:data:`MDL_SCHEDULE`); every weight starts with sigma = 0.2;
      predictions by the exact expected output.
    * ``"weight_decay"``: an ordinary net (same shape, 2000 full-batch Adam
      steps) with an L2 penalty on the weights whose coefficient is chosen
      from ``weight_decays`` on a validation split (80 / 25) of the training
      cases, then retrained on all 105.
    * ``"no_penalty"``: the same ordinary net with no penalty.

    Targets are standardized with the training cases' mean and standard
    deviation (the relative error does not depend on that scale). Takes a
    few seconds per seed.

    Returns
    -------
    dict
        ``{'mdl', 'weight_decay', 'no_penalty'}`` -> relative test error
        ``sum (d - y)^2 / sum (d - mean d)^2``. With ``details=True`` also
        ``'chosen_weight_decay'``, ``'net'``, ``'prior'`` and ``'task'``.
    """
    seed = check_int(seed, "seed", low=0)
    details = _check_bool(details, "details")
    if isinstance(weight_decays, (str, bytes)) or not hasattr(weight_decays, "__iter__"):
        raise TypeError("weight_decays must be a sequence of coefficients >= 0, "
                        f"got {type(weight_decays).__name__}")
    wds = [check_real(w, "weight_decays", low=0.0) for w in weight_decays]
    if not wds:
        raise ValueError("weight_decays must hold at least one coefficient")
    task = paper_task(seed)
    X, d, Xt, dt = task.X_train, task.d_train, task.X_test, task.d_test
    # Standardize the targets with training statistics, so the prior's scale means the same on every seed.
    loc, scale = d.mean(), d.std()
    z, zt = (d - loc) / scale, (dt - loc) / scale
    out = {}

    # Start noisy (sigma = 0.2): with little noise the net fits the 105 cases exactly in the first,
    # cheap stages and never climbs out of that minimum when the weight cost grows.
    net0 = NoisyNet.create(X.shape[1], 4, 1, activation="logistic", init_sigma=0.2, seed=seed)
    net, prior, _ = fit_regression(net0, MixturePrior.spread(5, -0.24, 0.24, 0.1), X, z,
                                   kl_schedule=MDL_SCHEDULE, steps_per_stage=MDL_STEPS_PER_STAGE)
    out["mdl"] = relative_error(zt, regression_moments(net, Xt)[0][:, 0])

    rng = make_rng(seed + 1000)
    order = rng.permutation(X.shape[0])
    tr, va = order[:80], order[80:]
    val = []
    for wd in wds:
        p = fit_deterministic(X[tr], z[tr], weight_decay=wd, seed=seed)
        val.append(relative_error(z[va], deterministic_predict(p, X[va])))
    best = wds[int(np.argmin(val))]
    p = fit_deterministic(X, z, weight_decay=best, seed=seed)
    out["weight_decay"] = relative_error(zt, deterministic_predict(p, Xt))
    p = fit_deterministic(X, z, weight_decay=0.0, seed=seed)
    out["no_penalty"] = relative_error(zt, deterministic_predict(p, Xt))
    if details:
        out.update(chosen_weight_decay=best, net=net, prior=prior, task=task)
    return out
