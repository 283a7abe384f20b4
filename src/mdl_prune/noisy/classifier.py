"""The noisy classifier: ReLU hidden units, softmax outputs, costs estimated by Monte Carlo.

The expected code length of the labels has no closed form; it is estimated
with the local reparameterization trick: the pre-activations (mean ``X mu``,
variance ``X^2 sigma^2``) are sampled, not the weights. Also here: the
classifier's bits-back description length, training by minibatch Adam, and
pruning by signal-to-noise ratio ``|mu| / sigma``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import prune as _prune
from .._checks import (check_bool, check_choice, check_int, check_real, check_X, check_y, make_rng,
                       validated)
from ..mdl import LN2
from ..network import TwoLayerNet, log_softmax
from .net import NAMES, NO_TARGETS, NoisyNet, check_noisy
from .optim import Adam, FitHistory, FitState, check_schedule
from .priors import MixturePrior, check_prior, weight_cost_bits

__all__ = ["expected_data_bits", "predict_proba_mc", "accuracy_mc", "classification_objective",
           "BitsBackLength", "description_length", "fit_classifier", "snr", "prune_noisy", "to_network"]


def _check_classification(net, X, y=NO_TARGETS):
    net = check_noisy(net, "classification")
    X = check_X(X, n_features=net.n_in)
    if y is NO_TARGETS:        # inputs only; an explicit None is a bad y
        return net, X
    return net, X, check_y(y, n_samples=X.shape[0], n_classes=net.n_out)


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


@validated
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
    net, X, y = _check_classification(net, X, y)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = make_rng(seed)
    st = FitState(net)
    total = sum(_class_forward(st, X, y, rng)[0].sum() for _ in range(n_samples))
    return float(total / n_samples / LN2)


@validated
def predict_proba_mc(net: NoisyNet, X, n_samples: int = 20, seed=0) -> np.ndarray:
    """The noisy network's predictive class probabilities: softmax averaged over ``n_samples`` draws.

    Each draw samples the pre-activations (local reparameterization), so the
    noise of every kept weight is included; pruned weights add none.
    """
    net, X = _check_classification(net, X)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = make_rng(seed)
    st = FitState(net)
    dummy = np.zeros(X.shape[0], dtype=np.int64)
    total = np.zeros((X.shape[0], net.n_out))
    for _ in range(n_samples):
        total += np.exp(_class_forward(st, X, dummy, rng)[1][-1])
    return total / n_samples


@validated
def accuracy_mc(net: NoisyNet, X, y, n_samples: int = 20, seed=0) -> float:
    """Accuracy of the noisy network's predictive distribution (see :func:`predict_proba_mc`)."""
    net, X, y = _check_classification(net, X, y)
    return float(np.mean(predict_proba_mc(net, X, n_samples, seed).argmax(axis=1) == y))


@validated
def classification_objective(net: NoisyNet, prior: MixturePrior, X, y, n_train: int,
                             kl_weight: float = 1.0, seed=0) -> tuple[float, dict]:
    """One-sample estimate of the per-case description length (nats) and its gradients.

    ``L = mean_c CE_c + kl_weight * sum G_hat / n_train``: the expected data
    cost of a minibatch scaled to one case, plus the weight cost shared out
    over the ``n_train`` training cases. The same ``seed`` gives the same noise.

    Returns
    -------
    cost : float
    grads : dict
        As :func:`~mdl_prune.noisy.regression_objective`.
    """
    net, X, y = _check_classification(net, X, y)
    prior = check_prior(prior)
    n_train = check_int(n_train, "n_train", low=1)
    kl_weight = check_real(kl_weight, "kl_weight", low=0.0)
    st = FitState(net, prior, learn_prior=True)
    cost, *grads = classification_cost(st, X, y, n_train, kl_weight, make_rng(seed))
    return cost, st.grads(*grads)


def classification_cost(st: FitState, X, y, n_train, kl_weight, rng):
    """:func:`classification_objective` on the training state: ``(cost, d/dmu, d/dlog_sigma, d/dprior)``.

    The fit calls this on every minibatch with arrays it has checked once.
    """
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
    return st.add_weight_cost(cost, g_mu, g_ls, kl_weight / n_train)


@dataclass(frozen=True)
class BitsBackLength:
    """Bits-back description length of a classifier's training labels (all in bits).

    ``weight_bits``: the bits-back cost ``sum G_hat / ln 2`` of every kept
    weight and bias; ``prior_bits``: the prior's own numbers that are sent, at 32 bits each;
    ``header_bits``: the three layer sizes at 16 bits each (as notebook 06's
    code); ``data_bits``: expected ``-sum log2 p(y|x, w)`` over the weight
    noise (Monte Carlo); ``total_bits``: their sum. (The two-part code's
    record is :class:`mdl_prune.mdl.DescriptionLength`.)
    """

    weight_bits: float
    prior_bits: float
    header_bits: float
    data_bits: float
    total_bits: float


@validated
def description_length(net: NoisyNet, prior: MixturePrior, X, y, *, n_samples: int = 10,
                       seed=0, fixed_means: bool = False) -> BitsBackLength:
    """The noisy classifier's description length of ``y`` given ``X``, bits-back style.

    The prior is charged for what is sent: per component its proportion and
    width, and its mean unless ``fixed_means`` (trained with ``fix_means=True``:
    the means stay where both sides know they started), 32 bits each.

    The mask of a pruned net is not charged here (prune after, with the
    two-part code of :mod:`mdl_prune.mdl`, if you want to send it).
    """
    net = check_noisy(net, "classification")
    prior = check_prior(prior)
    data = expected_data_bits(net, X, y, n_samples=n_samples, seed=seed)
    weights = weight_cost_bits(net, prior)
    prior_bits = 32.0 * (2 if check_bool(fixed_means, "fixed_means") else 3) * prior.n_components
    header = 48.0
    return BitsBackLength(weights, prior_bits, header, data, weights + prior_bits + header + data)


@validated
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
    net, X, y = _check_classification(net, X, y)
    prior = check_prior(prior)
    epochs = check_int(epochs, "epochs", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    if kl_schedule is None:
        kl_schedule = np.minimum(1.0, np.arange(1, epochs + 1) / max(1, epochs // 2))
    sched = check_schedule(kl_schedule, n_stages=epochs)
    st = FitState(net, prior, check_bool(learn_prior, "learn_prior"), check_bool(fix_means, "fix_means"))
    rng = make_rng(seed)
    n = X.shape[0]
    adam = Adam(st.theta.size, lr)
    total, step = epochs * (-(-n // batch_size)), 0
    cost_h, bits_h = [], []
    for kw in sched:
        order = rng.permutation(n)
        costs = []
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            cost, *g = classification_cost(st, X[idx], y[idx], n, kw, rng)
            costs.append(cost)
            adam.step(st.theta, st.flat_grad(*g), lr * 0.5 * (1.0 + np.cos(np.pi * step / total)))
            step += 1
        cost_h.append(float(np.mean(costs)))
        bits_h.append(st.weight_cost()[0] / LN2)
    return st.finish(cost_h, bits_h, sched, lr)


@validated
def snr(net: NoisyNet) -> tuple[np.ndarray, np.ndarray]:
    """Signal-to-noise ratio ``|mu| / sigma`` of every weight of ``W1`` and ``W2`` (pruned: 0)."""
    net = check_noisy(net)
    return (np.abs(net.mu["W1"]) / np.exp(net.log_sigma["W1"]) * net.mask1,
            np.abs(net.mu["W2"]) / np.exp(net.log_sigma["W2"]) * net.mask2)


@validated
def prune_noisy(net: NoisyNet, sparsity: float, criterion: str = "snr",
                scope: str = "global") -> NoisyNet:
    """Prune the weights with the lowest ``|mu|/sigma`` (``"snr"``) or ``|mu|`` (``"magnitude"``).

    Same exact-count semantics as :mod:`mdl_prune.prune` (``round(s * n)``
    weights, ties by position, masks only shrink): the counts come from
    :func:`mdl_prune.prune.prune_counts`, the new masks from
    :func:`mdl_prune.prune.prune_lowest`. Biases are not pruned.
    Returns a new noisy net with shrunken masks.
    """
    net = check_noisy(net)
    criterion = check_choice(criterion, "criterion", ("snr", "magnitude"))
    scores = snr(net) if criterion == "snr" else (np.abs(net.mu["W1"]), np.abs(net.mu["W2"]))
    masks = (net.mask1, net.mask2)
    mask1, mask2 = _prune.prune_lowest(scores, masks, _prune.prune_counts(masks, sparsity, scope))
    return net.replace(mask1=mask1, mask2=mask2)


@validated
def to_network(net: NoisyNet) -> TwoLayerNet:
    """The deterministic :class:`TwoLayerNet` with every weight at its mean (masks carried over)."""
    net = check_noisy(net, "classification")
    return TwoLayerNet(net.mu["W1"], net.mu["b1"], net.mu["W2"], net.mu["b2"], net.mask1, net.mask2)
