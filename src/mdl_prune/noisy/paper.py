"""Hinton & van Camp's regression experiment (their Table 1), re-created on a synthetic task.

The paper's peptide data are not public: :func:`paper_task` makes a task of
the same shape (128 inputs, 1 output, 105 training and 420 test cases). This
module holds the experiment's configuration (the paper's numbers, its
weight-cost schedule, the weight decays tried), the fit of the noisy net to
the paper's cost (:func:`fit_regression`), the two ordinary nets it is
compared with (:func:`fit_deterministic`) and :func:`paper_experiment`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from .._checks import (InvalidParameterError, check_array, check_bool, check_fraction, check_int,
                       check_real, check_X, describe, make_rng, validated)
from ..mdl import LN2
from .moments import check_regression, check_targets, regression_cost, regression_moments
from .net import NoisyNet
from .optim import Adam, FitHistory, FitState, check_schedule
from .priors import MixturePrior, check_prior

__all__ = ["PAPER_RESULTS", "PAPER_SCHEDULE", "MDL_SCHEDULE", "MDL_STEPS_PER_STAGE", "WEIGHT_DECAYS",
           "fit_regression", "RegressionTask", "paper_task", "relative_error", "fit_deterministic",
           "deterministic_predict", "paper_experiment"]

#: The paper's Table 1 (relative test error on the peptide data).
PAPER_RESULTS = {"mdl": 0.286, "weight_decay": 0.317, "no_penalty": 0.967}
#: The paper's schedule: the weight-cost coefficient raised 0.05, 0.10, ..., 1.0.
PAPER_SCHEDULE = tuple(np.round(np.arange(1, 21) * 0.05, 2))
#: The MDL run of :func:`paper_experiment`: the paper's 20 stages, then 40 more stages at 1.0.
MDL_SCHEDULE = PAPER_SCHEDULE + (1.0,) * 40
#: Full-batch Adam steps per stage of :data:`MDL_SCHEDULE`.
MDL_STEPS_PER_STAGE = 25
#: The weight-decay coefficients tried on the validation split.
WEIGHT_DECAYS = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)


@validated
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
        The weight cost's coefficient in each stage (default
        :data:`PAPER_SCHEDULE`: 0.05, 0.1, ..., 1.0).
    steps_per_stage : int
    lr : float
        Adam's step size.
    learn_prior, fix_means : bool
        As in :func:`~mdl_prune.noisy.fit_classifier`.
    n_nodes : int
        Gauss-Hermite nodes.

    Returns
    -------
    net : NoisyNet
    prior : MixturePrior
        The learned prior (``prior`` itself when ``learn_prior=False``).
    history : FitHistory
    """
    net, X, d = check_regression(net, X, d)
    prior = check_prior(prior)
    sched = check_schedule(kl_schedule)
    steps_per_stage = check_int(steps_per_stage, "steps_per_stage", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    n_nodes = check_int(n_nodes, "n_nodes", low=2)
    st = FitState(net, prior, check_bool(learn_prior, "learn_prior"), check_bool(fix_means, "fix_means"))
    adam = Adam(st.theta.size, lr)
    cost_h, bits_h = [], []
    for kw in sched:
        for _ in range(steps_per_stage):
            cost, *g = regression_cost(st, X, d, kw, n_nodes)
            adam.step(st.theta, st.flat_grad(*g))
        cost_h.append(regression_cost(st, X, d, kw, n_nodes)[0])
        bits_h.append(st.weight_cost()[0] / LN2)
    return st.finish(cost_h, bits_h, sched, lr)


@dataclass(frozen=True)
class RegressionTask:
    """A regression data set: inputs, targets (1-D), how it was made, and which inputs matter."""

    X_train: np.ndarray
    d_train: np.ndarray
    X_test: np.ndarray
    d_test: np.ndarray
    description: str
    relevant_inputs: tuple = ()


@validated
def relative_error(d, y) -> float:
    """``sum (d - y)^2 / sum (d - mean(d))^2``: 1 means no better than predicting the mean."""
    d = check_array(d, "d").ravel()
    y = check_array(y, "y").ravel()
    if d.shape != y.shape or d.size < 2:
        raise InvalidParameterError("y", f"d and y must have the same size (>= 2), got {d.size} and {y.size}")
    return float(((d - y) ** 2).sum() / ((d - d.mean()) ** 2).sum())


@validated
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


@validated
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
    d = check_targets(d, X.shape[0], 1)        # one linear output
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
    adam = Adam(theta.size, lr)
    for _ in range(steps):
        h, y = _det_forward(p, X)
        g_y = 2.0 * (y - d)
        g_h = (g_y @ p[2].T) * h * (1.0 - h)
        g = np.concatenate([(X.T @ g_h + 2.0 * weight_decay * p[0]).ravel(), g_h.sum(0),
                            (h.T @ g_y + 2.0 * weight_decay * p[2]).ravel(), g_y.sum(0)])
        adam.step(theta, g)
    return tuple(a.copy() for a in p)


@validated
def deterministic_predict(params, X) -> np.ndarray:
    """Output of a net from :func:`fit_deterministic`, shape (n_samples,) for one output."""
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        raise InvalidParameterError("params", "the tuple (W1, b1, W2, b2) returned by fit_deterministic",
                                    describe(params))
    params = tuple(check_array(a, f"params[{i}]", non_empty=False) for i, a in enumerate(params))
    W1, b1, W2, b2 = params
    if W1.ndim != 2 or W2.ndim != 2 or b1.shape != (W1.shape[1],) or b2.shape != (W2.shape[1],) \
            or W2.shape[0] != W1.shape[1]:
        raise InvalidParameterError("params", "(W1, b1, W2, b2) with shapes (n_in, h), (h,), (h, n_out), "
                                    "(n_out,)", f"shapes {[a.shape for a in params]}")
    X = check_X(X, n_features=W1.shape[0])
    y = _det_forward(params, X)[1]
    return y[:, 0] if y.shape[1] == 1 else y


def _check_weight_decays(weight_decays) -> list:
    if isinstance(weight_decays, (str, bytes)) or not hasattr(weight_decays, "__iter__"):
        raise InvalidParameterError("weight_decays", "a sequence of coefficients >= 0",
                                    describe(weight_decays))
    wds = [check_real(w, f"weight_decays[{i}]", low=0.0) for i, w in enumerate(weight_decays)]
    if not wds:
        raise InvalidParameterError("weight_decays", "weight_decays is empty: give at least one coefficient")
    return wds


def _weight_decay_run(X, z, Xt, zt, weight_decays, seed, oracle=False):
    """Choose the weight decay on a validation split (80 / 25), refit on all cases.

    Returns ``(test error, choice, test errors by coefficient)``; the last is ``None`` unless
    ``oracle``: then every coefficient is also fitted on all 105 cases and scored on the test
    set (the refit of the chosen one is reused), weight decay's best case.
    """
    order = make_rng(seed + 1000).permutation(X.shape[0])
    tr, va = order[:80], order[80:]
    val = [relative_error(z[va], deterministic_predict(fit_deterministic(X[tr], z[tr], weight_decay=wd,
                                                                         seed=seed), X[va]))
           for wd in weight_decays]
    best = weight_decays[int(np.argmin(val))]
    p = fit_deterministic(X, z, weight_decay=best, seed=seed)
    chosen = relative_error(zt, deterministic_predict(p, Xt))
    if not oracle:
        return chosen, best, None
    by_wd = {wd: chosen if wd == best else
             relative_error(zt, deterministic_predict(fit_deterministic(X, z, weight_decay=wd, seed=seed), Xt))
             for wd in weight_decays}
    return chosen, best, by_wd


@validated
def paper_experiment(seed=0, *, weight_decays=WEIGHT_DECAYS, details: bool = False) -> dict:
    """Re-create Table 1 of Hinton & van Camp (1993) on the synthetic :func:`paper_task`.

    Three nets with 4 logistic hidden units and a linear output, on the 128
    inputs, 105 training and 420 test cases of :func:`paper_task`:

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
        ``'chosen_weight_decay'``, ``'net'``, ``'prior'``, ``'history'`` (the MDL fit's
        :class:`FitHistory`), ``'task'``, and weight decay's best case chosen on the *test*
        set (an oracle no honest method has): ``'weight_decay_oracle'`` (its relative test
        error), ``'oracle_weight_decay'`` (its coefficient) and ``'weight_decay_by_coefficient'``
        (coefficient -> relative test error, each refitted on all training cases).
    """
    seed = check_int(seed, "seed", low=0)
    details = check_bool(details, "details")
    wds = _check_weight_decays(weight_decays)
    task = paper_task(seed)
    X, d, Xt, dt = task.X_train, task.d_train, task.X_test, task.d_test
    # Standardize the targets with training statistics, so the prior's scale means the same on every seed.
    loc, scale = d.mean(), d.std()
    z, zt = (d - loc) / scale, (dt - loc) / scale
    out = {}
    # Start noisy (sigma = 0.2): with little noise the net fits the 105 cases exactly in the first,
    # cheap stages and never climbs out of that minimum when the weight cost grows.
    net0 = NoisyNet.create(X.shape[1], 4, 1, activation="logistic", init_sigma=0.2, seed=seed)
    net, prior, history = fit_regression(net0, MixturePrior.spread(5, -0.24, 0.24, 0.1), X, z,
                                   kl_schedule=MDL_SCHEDULE, steps_per_stage=MDL_STEPS_PER_STAGE)
    out["mdl"] = relative_error(zt, regression_moments(net, Xt)[0][:, 0])
    out["weight_decay"], best, by_wd = _weight_decay_run(X, z, Xt, zt, wds, seed, oracle=details)
    p = fit_deterministic(X, z, weight_decay=0.0, seed=seed)
    out["no_penalty"] = relative_error(zt, deterministic_predict(p, Xt))
    if details:
        oracle = min(by_wd, key=by_wd.get)
        out.update(chosen_weight_decay=best, net=net, prior=prior, history=history, task=task,
                   weight_decay_oracle=by_wd[oracle], oracle_weight_decay=oracle,
                   weight_decay_by_coefficient=by_wd)
    return out
