"""The paper's regression net, exactly: moments of its output over the weight noise, and its cost.

For fixed inputs the hidden pre-activations are Gaussian; the logistic's mean
and variance come from Gauss-Hermite quadrature (the paper used a 300 x 300
lookup table); the output's mean and variance follow exactly; so the
expected squared error ``<(d - y)^2> = (d - mu_y)^2 + V_y`` needs no
sampling. The misfit cost with the best Gaussian width is
``(N/2) ln(2 pi e <E>)`` nats per output (plus ``-N ln t`` for a quantization
width ``t`` of the targets). All gradients are written out by hand; the tests
check them against finite differences.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import expit

from .._checks import (InvalidParameterError, check_array, check_bool, check_int, check_real, check_X,
                       make_rng, validated)
from .net import NAMES, NoisyNet, check_noisy, check_positive
from .optim import FitState
from .priors import MixturePrior, check_prior

__all__ = ["logistic_moments", "regression_moments", "sample_outputs", "expected_squared_error",
           "misfit_bits", "regression_objective"]

_GH_CACHE: dict = {}


def _gh(n_nodes: int):
    if n_nodes not in _GH_CACHE:
        t, w = hermegauss(n_nodes)
        _GH_CACHE[n_nodes] = (t, w / np.sqrt(2.0 * np.pi))   # weights of E over N(0, 1)
    return _GH_CACHE[n_nodes]


@validated
def logistic_moments(m, v, n_nodes: int = 24, grad: bool = False) -> tuple[np.ndarray, ...]:
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
    # Training calls this on every Adam step: the checks cost a few microseconds against the quadrature.
    t, w = _gh(check_int(n_nodes, "n_nodes", low=2))
    m = check_array(m, "m", non_empty=False)
    v = check_positive(v, "v")
    s = np.sqrt(v)[..., None]
    p = expit(m[..., None] + s * t)
    mean = p @ w
    ey2 = (p * p) @ w
    var = np.maximum(ey2 - mean ** 2, 0.0)
    if not check_bool(grad, "grad"):
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


def check_targets(d, n_samples: int, n_out: int | None = None) -> np.ndarray:
    """Regression targets as a finite (n_samples, n_out) array, from shape (n_samples,) or 2-D."""
    d = check_array(d, "d", non_empty=False)
    if d.ndim == 1:
        d = d[:, None]
    if d.ndim != 2 or d.shape[0] != n_samples or (n_out is not None and d.shape[1] != n_out):
        allowed = f"({n_samples},) or ({n_samples}, {'n_out' if n_out is None else n_out})"
        raise InvalidParameterError("d", f"d must have shape {allowed}, got {d.shape}")
    return d


_NO_TARGETS = object()


def check_regression(net, X, d=_NO_TARGETS):
    """``(net, X)``, or ``(net, X, d)`` when targets are given (None is refused as targets)."""
    net = check_noisy(net, "regression")
    X = check_X(X, n_features=net.n_in)
    if d is _NO_TARGETS:
        return net, X
    return net, X, check_targets(d, X.shape[0], net.n_out)


def _reg_forward(st, X, n_nodes):
    mu, s2 = st.mu, st.s2()
    m1 = X @ mu["W1"] + mu["b1"]
    v1 = (X * X) @ s2["W1"] + s2["b1"]
    a, V, da_dm, da_dv, dV_dm, dV_dv = logistic_moments(m1, v1, n_nodes, True)
    my = a @ mu["W2"] + mu["b2"]
    vy = V @ (mu["W2"] ** 2 + s2["W2"]) + (a * a) @ s2["W2"] + s2["b2"]
    return my, vy, (s2, a, V, da_dm, da_dv, dV_dm, dV_dv)


@validated
def regression_moments(net: NoisyNet, X, n_nodes: int = 24) -> tuple[np.ndarray, np.ndarray]:
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
    net, X = check_regression(net, X)
    n_nodes = check_int(n_nodes, "n_nodes", low=2)
    my, vy, _ = _reg_forward(FitState(net), X, n_nodes)
    return my, vy


@validated
def sample_outputs(net: NoisyNet, X, n_samples: int = 10_000, seed=0) -> np.ndarray:
    """Outputs of ``n_samples`` whole networks drawn from the weights' Gaussians (a check, not a method).

    Every draw samples all weights and biases at once and runs the ordinary
    forward pass, so the spread of the results is the spread that
    :func:`regression_moments` computes exactly. Costs ``n_samples`` forward passes.

    Returns
    -------
    ndarray, shape (n_samples, n_cases, n_out)
    """
    net = check_noisy(net)
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


@validated
def expected_squared_error(net: NoisyNet, X, d, n_nodes: int = 24) -> np.ndarray:
    """``<(d - y)^2> = (d - mu_y)^2 + V_y`` per case and output, exactly (no sampling)."""
    net, X, d = check_regression(net, X, d)
    my, vy = regression_moments(net, X, n_nodes)
    return (d - my) ** 2 + vy


@validated
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


@validated
def regression_objective(net: NoisyNet, prior: MixturePrior, X, d, kl_weight: float = 1.0,
                         n_nodes: int = 24) -> tuple[float, dict]:
    """The paper's cost (nats, constants dropped) and its gradients.

    ``C = sum_j (N/2) ln <E_j> + kl_weight * sum G_hat``.

    Returns
    -------
    cost : float
    grads : dict
        ``"mu"``, ``"log_sigma"`` (dicts like the net's) and ``"prior"``
        (tuple: logits, means, log_sds).
    """
    net, X, d = check_regression(net, X, d)
    prior = check_prior(prior)
    kl_weight = check_real(kl_weight, "kl_weight", low=0.0)
    n_nodes = check_int(n_nodes, "n_nodes", low=2)
    st = FitState(net, prior, learn_prior=True)
    cost, *grads = regression_cost(st, X, d, kl_weight, n_nodes)
    return cost, st.grads(*grads)


def regression_cost(st: FitState, X, d, kl_weight, n_nodes):
    """:func:`regression_objective` on the training state: ``(cost, d/dmu, d/dlog_sigma, d/dprior)``.

    The fit calls this on every Adam step with arrays it has checked once.
    """
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
    return st.add_weight_cost(cost, g_mu, g_ls, kl_weight)
