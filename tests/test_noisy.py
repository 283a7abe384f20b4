"""Tests for mdl_prune.noisy: bits-back costs, exact moments, gradients, SNR pruning, the paper's experiment.

(The subpackage's layout, its public names and its argument checks: test_noisy_layout.py.)
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from mdl_prune import network, noisy
from mdl_prune._checks import InvalidParameterError
from mdl_prune.noisy.net import NAMES


# ---------------------------------------------------------------------------- helpers
def _random_net(n_in=5, n_hidden=4, n_out=3, activation="relu", seed=0, log_sigma=(-2.0, -0.5)):
    """A noisy net with random means and log-sigmas spread over ``log_sigma``."""
    rng = np.random.default_rng(seed)
    net = noisy.NoisyNet.create(n_in, n_hidden, n_out, activation=activation, seed=seed)
    mu = {k: rng.normal(0.0, 0.7, v.shape) for k, v in net.mu.items()}
    ls = {k: rng.uniform(*log_sigma, v.shape) for k, v in net.mu.items()}
    return net.replace(mu=mu, log_sigma=ls)


def _mixture_logpdf(prior):
    from scipy.special import logsumexp
    return lambda w: logsumexp(np.log(prior.proportions) + stats.norm.logpdf(w, prior.means, prior.sds))


def _prior3():
    return noisy.MixturePrior(np.array([0.3, -0.2, 0.1]), np.array([-0.5, 0.0, 0.4]),
                              np.log(np.array([0.2, 0.05, 0.5])))


def _regression_data(n=9, n_in=5, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.normal(size=n)


def _numeric_kl(q_mu, q_sd, p_logpdf):
    """KL(N(q_mu, q_sd^2) || p) by numerical integration, in nats (p given by its log density)."""
    def f(w):
        log_q = stats.norm.logpdf(w, q_mu, q_sd)
        return np.exp(log_q) * (log_q - p_logpdf(w))
    lo, hi = q_mu - 12 * q_sd, q_mu + 12 * q_sd
    return integrate.quad(f, lo, hi, limit=200, points=[q_mu])[0]


def _fd_check(f, net, grads, rng, n_per_array=6, h=1e-6, rtol=1e-4, atol=1e-7):
    """Compare analytic gradients of f(net) with central differences at a few entries per array."""
    for which in ("mu", "log_sigma"):
        for k in NAMES:
            base = getattr(net, which)[k]
            flat_idx = rng.choice(base.size, size=min(n_per_array, base.size), replace=False)
            for i in flat_idx:
                idx = np.unravel_index(i, base.shape)
                plus, minus = base.copy(), base.copy()
                plus[idx] += h
                minus[idx] -= h
                num = (f(net.replace(**{which: {k: plus}})) - f(net.replace(**{which: {k: minus}}))) / (2 * h)
                ana = grads[which][k][idx]
                assert ana == pytest.approx(num, rel=rtol, abs=atol), (which, k, idx)


# ---------------------------------------------------------------------------- KL and the mixture bound
@pytest.mark.parametrize("mq, sq, mp, sp", [(0.0, 1.0, 0.0, 1.0), (0.3, 0.1, 0.0, 0.5),
                                            (-1.0, 0.7, 0.5, 0.2), (2.0, 0.05, 2.1, 0.06)])
def test_kl_gaussian_matches_numerical_integration(mq, sq, mp, sp):
    num = _numeric_kl(mq, sq, lambda w: stats.norm.logpdf(w, mp, sp))
    assert noisy.kl_gaussian(mq, sq, mp, sp) == pytest.approx(num, rel=1e-6, abs=1e-9)


def test_kl_gaussian_matches_monte_carlo():
    rng = np.random.default_rng(0)
    w = rng.normal(0.3, 0.2, size=400_000)
    mc = np.mean(stats.norm.logpdf(w, 0.3, 0.2) - stats.norm.logpdf(w, -0.1, 0.5))
    assert noisy.kl_gaussian(0.3, 0.2, -0.1, 0.5) == pytest.approx(mc, abs=3e-3)


@given(st.floats(-3, 3), st.floats(0.01, 3))
@settings(max_examples=40, deadline=None)
def test_kl_zero_when_q_equals_p(m, s):
    assert noisy.kl_gaussian(m, s, m, s) == pytest.approx(0.0, abs=1e-12)
    prior = noisy.MixturePrior.gaussian(s, mean=m)
    assert noisy.mixture_bound(m, s, prior) == pytest.approx(0.0, abs=1e-12)


@given(st.floats(-2, 2), st.floats(0.01, 2), st.floats(-2, 2), st.floats(0.01, 2))
@settings(max_examples=60, deadline=None)
def test_bound_equals_gaussian_kl_for_one_component(mq, sq, mp, sp):
    prior = noisy.MixturePrior.gaussian(sp, mean=mp)
    assert noisy.mixture_bound(mq, sq, prior) == pytest.approx(noisy.kl_gaussian(mq, sq, mp, sp), rel=1e-10, abs=1e-12)
    assert noisy.kl_gaussian(mq, sq, mp, sp) >= 0.0


@pytest.mark.parametrize("mq, sq", [(0.0, 0.05), (0.2, 0.1), (-0.6, 0.3), (1.5, 0.02), (0.45, 0.4)])
def test_mixture_bound_is_an_upper_bound_on_the_true_kl(mq, sq):
    prior = _prior3()
    true_kl = _numeric_kl(mq, sq, _mixture_logpdf(prior))
    bound = float(noisy.mixture_bound(mq, sq, prior))
    assert bound >= true_kl - 1e-7
    # and never worse than coding with the single best component alone: -ln max_i pi_i exp(-G_i)
    G = noisy.kl_gaussian(mq, sq, prior.means, prior.sds)
    assert bound <= np.min(G - np.log(prior.proportions)) + 1e-12


def test_mixture_bound_is_tight_for_far_apart_components():
    # Q sits on one narrow, isolated component: the mixture's KL is -ln pi_i, and the bound reaches it.
    prior = noisy.MixturePrior(np.log(np.array([0.25, 0.75])), np.array([-5.0, 5.0]), np.log([0.1, 0.1]))
    assert float(noisy.mixture_bound(5.0, 0.1, prior)) == pytest.approx(-np.log(0.75), abs=1e-9)
    assert _numeric_kl(5.0, 0.1, _mixture_logpdf(prior)) == pytest.approx(-np.log(0.75), abs=1e-6)


@pytest.mark.parametrize("mq, sq", [(0.0, 0.05), (0.2, 0.1), (-0.6, 0.3), (1.5, 0.02), (0.45, 0.4),
                                     (0.0, 0.001), (0.03, 2.0)])
def test_mixture_kl_matches_numerical_integration_and_lies_below_the_bound(mq, sq):
    prior = _prior3()
    exact = float(noisy.mixture_kl(mq, sq, prior))
    assert exact == pytest.approx(_numeric_kl(mq, sq, _mixture_logpdf(prior)), abs=2e-3)
    assert exact <= float(noisy.mixture_bound(mq, sq, prior)) + 1e-9


def test_mixture_kl_is_the_gaussian_kl_for_one_component_and_broadcasts():
    prior = noisy.MixturePrior.gaussian(0.4, mean=0.1)
    mq, sq = np.array([[0.0, 0.5], [-1.0, 0.2]]), np.array([0.1, 0.3])
    got = noisy.mixture_kl(mq, sq, prior)
    assert got.shape == (2, 2)
    np.testing.assert_allclose(got, noisy.kl_gaussian(mq, sq, 0.1, 0.4), rtol=1e-9, atol=1e-12)


def test_mixture_kl_of_a_spike_and_slab_differs_from_the_bound_where_components_overlap():
    # A weight between the spike and the slab: the bound charges it as if it had to choose one.
    prior = noisy.MixturePrior.scale_mixture((0.01, 1.0))
    gap = float(noisy.mixture_bound(0.02, 0.01, prior) - noisy.mixture_kl(0.02, 0.01, prior))
    assert gap > 0.05
    assert noisy.mixture_kl(0.02, 0.01, prior, n_points=1601) == pytest.approx(
        float(noisy.mixture_kl(0.02, 0.01, prior)), abs=1e-3)
    with pytest.raises(InvalidParameterError, match="n_points"):
        noisy.mixture_kl(0.0, 1.0, prior, n_points=1)


def test_distinct_components_groups_components_that_became_the_same_gaussian():
    prior = noisy.MixturePrior(np.log([0.1, 0.2, 0.3, 0.4]), np.array([0.04, 0.5, 0.04, 0.04 + 1e-6]),
                               np.log([0.037, 0.037, 0.037, 0.037]))
    groups = noisy.distinct_components(prior)
    assert [g[0] for g in groups] == [(0, 2, 3), (1,)]
    assert groups[0][1] == pytest.approx(0.8) and groups[1][1] == pytest.approx(0.2)
    assert len(noisy.distinct_components(_prior3())) == 3
    with pytest.raises(InvalidParameterError, match="prior"):
        noisy.distinct_components("prior")


def test_weight_cost_bits_sums_kept_parameters_in_bits():
    net = _random_net()
    prior = _prior3()
    expected = sum(noisy.mixture_bound(net.mu[k], np.exp(net.log_sigma[k]), prior).sum() for k in NAMES)
    assert noisy.weight_cost_bits(net, prior) == pytest.approx(expected / np.log(2))
    pruned = noisy.prune_noisy(net, 0.5)
    removed = sum(noisy.mixture_bound(net.mu[k][~m], np.exp(net.log_sigma[k][~m]), prior).sum()
                  for k, m in (("W1", pruned.mask1), ("W2", pruned.mask2)))
    assert noisy.weight_cost_bits(pruned, prior) == pytest.approx((expected - removed) / np.log(2))


# ---------------------------------------------------------------------------- exact moments
@pytest.mark.parametrize("n_nodes, tol", [(24, 3e-4), (40, 1e-5)])
@pytest.mark.parametrize("m, v", [(0.0, 1.0), (1.5, 0.3), (-2.0, 4.0), (3.0, 9.0), (0.4, 1e-4)])
def test_logistic_moments_match_numerical_integration(m, v, n_nodes, tol):
    # Gauss-Hermite converges fast but not exponentially for the logistic (poles at +-i pi),
    # and more slowly for wide Gaussians: with the default 24 nodes the variance is off by ~1.4e-4 at sd 3.
    mean, var = noisy.logistic_moments(np.array([m]), np.array([v]), n_nodes=n_nodes)
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))
    s = np.sqrt(v)
    e1 = integrate.quad(lambda z: sig(z) * stats.norm.pdf(z, m, s), m - 12 * s, m + 12 * s)[0]
    e2 = integrate.quad(lambda z: sig(z) ** 2 * stats.norm.pdf(z, m, s), m - 12 * s, m + 12 * s)[0]
    assert mean[0] == pytest.approx(e1, abs=tol)
    assert var[0] == pytest.approx(e2 - e1 ** 2, abs=tol)


def test_logistic_moment_derivatives_match_finite_differences():
    m = np.array([-1.3, 0.0, 0.7, 2.5])
    v = np.array([0.2, 1.0, 3.0, 0.05])
    _, _, dmm, dmv, dvm, dvv = noisy.logistic_moments(m, v, grad=True)
    h = 1e-6
    for dm, dv, got_m, got_v in ((h, 0, dmm, dvm), (0, h, dmv, dvv)):
        mp, vp = noisy.logistic_moments(m + dm, v + dv)
        mm, vm = noisy.logistic_moments(m - dm, v - dv)
        np.testing.assert_allclose(got_m, (mp - mm) / (2 * h), rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(got_v, (vp - vm) / (2 * h), rtol=1e-5, atol=1e-9)


def test_moment_propagation_matches_sampling_the_weights():
    net = _random_net(n_in=6, n_hidden=4, n_out=2, activation="logistic", seed=3, log_sigma=(-1.5, -0.5))
    X, _ = _regression_data(n=5, n_in=6)
    mean, var = noisy.regression_moments(net, X)
    rng = np.random.default_rng(0)
    S = 200_000
    sig = {k: np.exp(net.log_sigma[k]) for k in NAMES}
    W1 = net.mu["W1"] + sig["W1"] * rng.standard_normal((S,) + net.mu["W1"].shape)
    b1 = net.mu["b1"] + sig["b1"] * rng.standard_normal((S,) + net.mu["b1"].shape)
    W2 = net.mu["W2"] + sig["W2"] * rng.standard_normal((S,) + net.mu["W2"].shape)
    b2 = net.mu["b2"] + sig["b2"] * rng.standard_normal((S,) + net.mu["b2"].shape)
    h = 1.0 / (1.0 + np.exp(-(np.einsum("ni,sih->snh", X, W1) + b1[:, None, :])))
    y = np.einsum("snh,sho->sno", h, W2) + b2[:, None, :]
    se = y.std(axis=0) / np.sqrt(S)
    assert np.all(np.abs(y.mean(axis=0) - mean) < 5 * se)
    np.testing.assert_allclose(y.var(axis=0), var, rtol=0.02)


def test_expected_squared_error_is_bias_squared_plus_variance():
    net = _random_net(activation="logistic", n_out=1)
    X, d = _regression_data()
    mean, var = noisy.regression_moments(net, X)
    E = noisy.expected_squared_error(net, X, d)
    np.testing.assert_allclose(E, (d[:, None] - mean) ** 2 + var)
    # the misfit with the best width: (N/2) log2(2 pi e <E>) - N log2(quantum)
    N = len(d)
    assert noisy.misfit_bits(net, X, d, quantum=0.5) == pytest.approx(
        0.5 * N * np.log2(2 * np.pi * np.e * E.mean()) - N * np.log2(0.5))


# ---------------------------------------------------------------------------- gradients
@pytest.mark.parametrize("kl_weight", [0.0, 0.35, 1.0])
def test_regression_gradients_match_finite_differences(kl_weight):
    net = _random_net(activation="logistic", n_out=2, seed=5)
    X, _ = _regression_data()
    d = np.random.default_rng(2).normal(size=(X.shape[0], 2))
    prior = _prior3()
    _, grads = noisy.regression_objective(net, prior, X, d, kl_weight)
    f = lambda n: noisy.regression_objective(n, prior, X, d, kl_weight)[0]
    _fd_check(f, net, grads, np.random.default_rng(0))


def test_prior_gradients_match_finite_differences():
    net = _random_net(activation="logistic", n_out=1, seed=6)
    X, d = _regression_data()
    prior = _prior3()
    _, grads = noisy.regression_objective(net, prior, X, d, 0.8)
    h = 1e-6
    for i, name in enumerate(("logits", "means", "log_sds")):
        for j in range(prior.n_components):
            arrs = [prior.logits.copy(), prior.means.copy(), prior.log_sds.copy()]
            arrs[i][j] += h
            up = noisy.regression_objective(net, noisy.MixturePrior(*arrs), X, d, 0.8)[0]
            arrs[i][j] -= 2 * h
            down = noisy.regression_objective(net, noisy.MixturePrior(*arrs), X, d, 0.8)[0]
            assert grads["prior"][i][j] == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-7), (name, j)


def test_classification_gradients_match_finite_differences():
    # The same seed draws the same noise, so the one-sample objective is a smooth function
    # of the parameters (away from ReLU kinks, which a random point avoids almost surely).
    net = _random_net(n_in=5, n_hidden=4, n_out=3, seed=7)
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(8, 5)), rng.integers(0, 3, size=8)
    prior = _prior3()
    _, grads = noisy.classification_objective(net, prior, X, y, n_train=50, kl_weight=0.7, seed=11)
    f = lambda n: noisy.classification_objective(n, prior, X, y, n_train=50, kl_weight=0.7, seed=11)[0]
    _fd_check(f, net, grads, np.random.default_rng(1))


def test_gradients_are_zero_at_pruned_weights():
    net = noisy.prune_noisy(_random_net(activation="logistic", n_out=1), 0.5)
    X, d = _regression_data()
    _, g = noisy.regression_objective(net, _prior3(), X, d)
    assert np.all(g["mu"]["W1"][~net.mask1] == 0) and np.all(g["log_sigma"]["W2"][~net.mask2] == 0)


# ---------------------------------------------------------------------------- Monte Carlo data bits
def test_local_reparameterization_matches_sampling_the_weights():
    net = _random_net(n_in=5, n_hidden=6, n_out=3, seed=8, log_sigma=(-1.5, -0.7))
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(6, 5)), rng.integers(0, 3, size=6)
    got = noisy.expected_data_bits(net, X, y, n_samples=20_000, seed=0)
    sig = {k: np.exp(net.log_sigma[k]) for k in NAMES}
    total = 0.0
    S = 20_000
    for _ in range(S // 1000):
        W = {k: net.mu[k] + sig[k] * rng.standard_normal((1000,) + net.mu[k].shape) for k in NAMES}
        h = np.maximum(np.einsum("ni,sih->snh", X, W["W1"]) + W["b1"][:, None, :], 0)
        logits = np.einsum("snh,sho->sno", h, W["W2"]) + W["b2"][:, None, :]
        logp = logits - np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1, keepdims=True)) \
            - logits.max(-1, keepdims=True)
        total += -logp[:, np.arange(len(y)), y].sum()
    want = total / S / np.log(2)
    assert got == pytest.approx(want, rel=0.02)


def test_tiny_noise_gives_the_mean_network():
    net = _random_net(seed=9, log_sigma=(-14, -13))
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(20, 5)), rng.integers(0, 3, size=20)
    mean_net = noisy.to_network(net)
    assert noisy.expected_data_bits(net, X, y, n_samples=3) == pytest.approx(
        mean_net.loss(X, y) * len(y) / np.log(2), rel=1e-6)
    assert noisy.accuracy_mc(net, X, y) == mean_net.accuracy(X, y) == net.accuracy(X, y)


# ---------------------------------------------------------------------------- pruning
def test_snr_pruning_exact_counts_and_order():
    net = _random_net(n_in=8, n_hidden=6, n_out=3, seed=10, log_sigma=(-3, 0))
    n = net.mask1.size + net.mask2.size
    for s in (0.0, 0.25, 0.5, 0.9, 1.0):
        p = noisy.prune_noisy(net, s)
        assert int(p.mask1.sum() + p.mask2.sum()) == n - round(s * n)
    p = noisy.prune_noisy(net, 0.5)
    s1, s2 = noisy.snr(net)
    scores = np.concatenate([s1.ravel(), s2.ravel()])
    kept = np.concatenate([p.mask1.ravel(), p.mask2.ravel()])
    assert scores[~kept].max() <= scores[kept].min()
    # pruned weights have no mean and no noise
    assert np.all(p.mu["W1"][~p.mask1] == 0) and np.all(p.sigma["W1"][~p.mask1] == 0)


def test_snr_and_magnitude_rank_differently():
    net = noisy.NoisyNet.create(1, 2, 2, seed=0)
    # weight A: large mean, huge noise (low SNR); weight B: small mean, tiny noise (high SNR)
    mu = {"W1": np.array([[1.0, 0.1]]), "W2": np.array([[0.5, 0.6], [0.7, 0.8]])}
    ls = {"W1": np.log(np.array([[10.0, 0.001]])), "W2": np.zeros((2, 2))}
    net = net.replace(mu=mu, log_sigma=ls)
    by_snr = noisy.prune_noisy(net, 1 / 6, "snr")
    by_mag = noisy.prune_noisy(net, 1 / 6, "magnitude")
    assert by_snr.mask1.tolist() == [[False, True]]
    assert by_mag.mask1.tolist() == [[True, False]]


def test_masks_only_shrink_and_to_network_keeps_means():
    net = _random_net(seed=12)
    p = noisy.prune_noisy(net, 0.6)
    with pytest.raises(InvalidParameterError, match="already pruned"):
        noisy.prune_noisy(p, 0.3)
    tl = noisy.to_network(p)
    assert isinstance(tl, network.TwoLayerNet)
    assert tl.sparsity == pytest.approx(p.sparsity)
    np.testing.assert_array_equal(tl.W1, p.mu["W1"])
    np.testing.assert_array_equal(tl.mask2, p.mask2)
    X = np.random.default_rng(0).normal(size=(7, 5))
    np.testing.assert_allclose(tl.logits(X), p.mean_output(X))


# ---------------------------------------------------------------------------- training
def test_fit_classifier_reduces_cost_is_seeded_and_does_not_mutate(blobs):
    net = noisy.NoisyNet.create(blobs.n_features, 8, blobs.n_classes, seed=0)
    before = {k: net.mu[k].copy() for k in NAMES}
    prior = noisy.MixturePrior.scale_mixture((0.01, 0.1, 1.0))
    a, pa, ha = noisy.fit_classifier(net, prior, blobs.X_train, blobs.y_train, epochs=6, fix_means=True, seed=3)
    b, pb, hb = noisy.fit_classifier(net, prior, blobs.X_train, blobs.y_train, epochs=6, fix_means=True, seed=3)
    c, _, _ = noisy.fit_classifier(net, prior, blobs.X_train, blobs.y_train, epochs=6, fix_means=True, seed=4)
    for k in NAMES:
        np.testing.assert_array_equal(net.mu[k], before[k])
        np.testing.assert_array_equal(a.mu[k], b.mu[k])
    assert not np.array_equal(a.mu["W1"], c.mu["W1"])
    np.testing.assert_array_equal(pa.log_sds, pb.log_sds)
    np.testing.assert_array_equal(pa.means, prior.means)          # fix_means keeps them
    assert ha.cost[-1] < ha.cost[0]
    assert a.accuracy(blobs.X_test, blobs.y_test) > 0.9


def test_fit_regression_learns_the_prior_and_lowers_the_cost():
    X, d = _regression_data(n=30, n_in=5, seed=3)
    net = noisy.NoisyNet.create(5, 3, 1, activation="logistic", init_sigma=0.1, seed=0)
    prior = noisy.MixturePrior.spread(3, -0.2, 0.2, 0.1)
    new, learned, h = noisy.fit_regression(net, prior, X, d, kl_schedule=(0.5, 1.0), steps_per_stage=50)
    assert h.cost[-1] < noisy.regression_objective(net, prior, X, d, 1.0)[0]
    assert not np.array_equal(learned.means, prior.means)
    again = noisy.fit_regression(net, prior, X, d, kl_schedule=(0.5, 1.0), steps_per_stage=50)[0]
    np.testing.assert_array_equal(again.mu["W1"], new.mu["W1"])     # deterministic


# ---------------------------------------------------------------------------- the paper's experiment
def test_paper_task_shape_and_seeds():
    t = noisy.paper_task(0)
    assert t.X_train.shape == (105, 128) and t.X_test.shape == (420, 128)
    assert t.d_train.shape == (105,) and t.d_test.shape == (420,)
    np.testing.assert_array_equal(noisy.paper_task(0).d_test, t.d_test)
    assert not np.array_equal(noisy.paper_task(1).d_test, t.d_test)


def test_relative_error():
    d = np.array([1.0, 2.0, 3.0])
    assert noisy.relative_error(d, np.full(3, 2.0)) == pytest.approx(1.0)
    assert noisy.relative_error(d, d) == 0.0


def test_paper_experiment_seed0_ranks_the_methods_like_the_paper():
    r = noisy.paper_experiment(seed=0)
    assert set(r) == {"mdl", "weight_decay", "no_penalty"}
    assert 0 < r["mdl"] < r["weight_decay"] < r["no_penalty"]
    assert noisy.paper_experiment(seed=0) == r


def test_paper_experiment_details_give_weight_decays_best_case_on_the_test_set():
    r = noisy.paper_experiment(seed=0, weight_decays=(1.0, 10.0), details=True)
    by = r["weight_decay_by_coefficient"]
    assert set(by) == {1.0, 10.0}
    assert by[r["chosen_weight_decay"]] == r["weight_decay"]
    assert r["weight_decay_oracle"] == min(by.values()) == by[r["oracle_weight_decay"]]
    assert r["weight_decay_oracle"] <= r["weight_decay"]
    assert len(r["history"].weight_bits) == len(noisy.MDL_SCHEDULE)


# ---------------------------------------------------------------------------- bad input
def test_bad_input_is_refused():
    net = _random_net()
    reg = _random_net(activation="logistic", n_out=1)
    X, d = _regression_data()
    with pytest.raises(InvalidParameterError, match="n_in"):
        noisy.NoisyNet.create(0, 3, 2)
    with pytest.raises(InvalidParameterError, match="init_sigma"):
        noisy.NoisyNet.create(3, 3, 2, init_sigma=0.0)
    with pytest.raises(InvalidParameterError, match="activation"):
        noisy.NoisyNet.create(3, 3, 2, activation="tanh")
    with pytest.raises(InvalidParameterError, match="sparsity"):
        noisy.prune_noisy(net, 1.5)
    with pytest.raises(InvalidParameterError, match="criterion"):
        noisy.prune_noisy(net, 0.5, criterion="random")
    with pytest.raises(InvalidParameterError, match="NoisyNet"):
        noisy.snr(network.TwoLayerNet.create(3, 3, 2))
    with pytest.raises(InvalidParameterError, match="logistic"):
        noisy.regression_moments(net, X)
    with pytest.raises(InvalidParameterError, match="relu"):
        noisy.expected_data_bits(reg, X, np.zeros(len(X), int))
    with pytest.raises(InvalidParameterError, match="NaN"):
        noisy.regression_moments(reg, np.full((3, 5), np.nan))
    with pytest.raises(InvalidParameterError, match="d must have shape"):
        noisy.expected_squared_error(reg, X, d[:-1])
    with pytest.raises(InvalidParameterError, match="features"):
        noisy.regression_moments(reg, X[:, :3])
    with pytest.raises(InvalidParameterError, match="kl_schedule"):
        noisy.fit_regression(reg, _prior3(), X, d, kl_schedule=[-1.0])
    with pytest.raises(InvalidParameterError, match="learn_prior"):
        noisy.fit_regression(reg, _prior3(), X, d, learn_prior="yes")
    with pytest.raises(InvalidParameterError, match="same"):
        noisy.MixturePrior(np.zeros(2), np.zeros(3), np.zeros(2))
    with pytest.raises(InvalidParameterError, match="sigma"):
        noisy.kl_gaussian(0.0, 0.0, 0.0, 1.0)
    with pytest.raises(InvalidParameterError, match="seed"):
        noisy.expected_data_bits(net, X, np.zeros(len(X), int), seed=None)
    with pytest.raises(InvalidParameterError, match="v"):
        noisy.logistic_moments(np.zeros(2), np.array([1.0, -1.0]))
    with pytest.raises(InvalidParameterError, match="one entry per epoch"):
        noisy.fit_classifier(net, _prior3(), X, np.zeros(len(X), int), epochs=3, kl_schedule=[1.0])
    with pytest.raises(InvalidParameterError, match="prior"):
        noisy.weight_cost_bits(net, "gaussian")
    with pytest.raises(InvalidParameterError, match="seed"):
        noisy.paper_experiment(seed=-1)


# ---------------------------------------------------------------------------- bits back, description length
@pytest.mark.parametrize("sigma_q", [0.01, 0.3, 1.0])
def test_bits_back_net_cost_is_the_kl(sigma_q):
    r = noisy.bits_back_example(0.8, sigma_q, 0.0, 1.0, n_samples=200_000, seed=1)
    assert r.net_bits == pytest.approx(r.kl_bits, abs=0.02)
    assert r.kl_bits == pytest.approx(noisy.kl_gaussian(0.8, sigma_q, 0.0, 1.0) / np.log(2))
    assert r.send_bits > r.net_bits
    again = noisy.bits_back_example(0.8, sigma_q, 0.0, 1.0, n_samples=200_000, seed=1)
    assert again == r


def test_description_length_adds_its_parts(blobs):
    net = noisy.NoisyNet.create(blobs.n_features, 6, blobs.n_classes, seed=1)
    prior = noisy.MixturePrior.scale_mixture((0.1, 1.0))
    X, y = blobs.X_train[:50], blobs.y_train[:50]
    dl = noisy.description_length(net, prior, X, y, n_samples=4, seed=2)
    assert dl.weight_bits == pytest.approx(noisy.weight_cost_bits(net, prior))
    assert dl.data_bits == pytest.approx(noisy.expected_data_bits(net, X, y, n_samples=4, seed=2))
    assert dl.prior_bits == 32 * 3 * 2
    sent = noisy.description_length(net, prior, X, y, n_samples=4, seed=2, fixed_means=True)
    assert sent.prior_bits == 32 * 2 * 2          # proportions and widths only: the means are not sent
    assert sent.total_bits == pytest.approx(dl.total_bits - 64)
    assert dl.total_bits == pytest.approx(dl.weight_bits + dl.prior_bits + dl.header_bits + dl.data_bits)


def test_paper_task_records_the_teacher_inputs():
    t = noisy.paper_task(0, n_relevant=3)
    assert len(t.relevant_inputs) == 6 and len(set(t.relevant_inputs)) == 6


def test_noisy_net_is_immutable():
    net = _random_net()
    with pytest.raises(TypeError):
        net.mu["W1"] = np.zeros((5, 4))
    with pytest.raises(ValueError):
        net.log_sigma["b1"][0] = 1.0
    again = noisy.NoisyNet(net.mu, net.log_sigma, net.mask1, net.mask2)   # mappings are accepted back
    np.testing.assert_array_equal(again.mu["W2"], net.mu["W2"])


def test_sample_outputs_agrees_with_the_exact_moments_and_is_seeded():
    net = _random_net(n_in=6, n_hidden=4, n_out=1, activation="logistic", seed=13, log_sigma=(-1.5, -0.5))
    X, _ = _regression_data(n=3, n_in=6)
    mean, var = noisy.regression_moments(net, X)
    out = noisy.sample_outputs(net, X, n_samples=20_000, seed=0)
    assert out.shape == (20_000, 3, 1)
    assert np.all(np.abs(out.mean(axis=0) - mean) < 5 * np.sqrt(var / 20_000))
    np.testing.assert_allclose(out.var(axis=0), var, rtol=0.05)
    np.testing.assert_array_equal(noisy.sample_outputs(net, X, n_samples=5, seed=1),
                                  noisy.sample_outputs(net, X, n_samples=5, seed=1))
