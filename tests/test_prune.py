"""Tests for unstructured pruning: exact counts, ties, masks that only shrink, random control,
schedules, the two "amount" semantics, iterative pruning, lottery-ticket rewinding and its control.

The masks are compared with golden masks from torch.nn.utils.prune 2.13 stored in
tests/fixtures/torch_prune_masks.npz (no PyTorch needed to run them).
"""

import ast
import inspect
import json
import pathlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdl_prune import network, prune, train
from mdl_prune._checks import InvalidParameterError
from mdl_prune.network import TwoLayerNet

# ---------------------------------------------------------------------------- helpers
shapes = st.tuples(st.integers(1, 9), st.integers(1, 9), st.integers(2, 5))
fractions = st.floats(0.0, 1.0, allow_nan=False)


def make_net(shape, seed=0):
    return TwoLayerNet.create(*shape, seed=seed)


def kept(net):
    return net.count_parameters().weights_kept


def subset(a, b):
    """Every True of ``a`` is True in ``b``."""
    return not np.any(a & ~b)


def equal_magnitude_net(n_in=3, n_hidden=4, n_out=2):
    """All weights of magnitude 1 with mixed signs: every ranking is one big tie."""
    W1 = np.where(np.arange(n_in * n_hidden).reshape(n_in, n_hidden) % 3 == 0, -1.0, 1.0)
    W2 = np.where(np.arange(n_hidden * n_out).reshape(n_hidden, n_out) % 2 == 0, 1.0, -1.0)
    return TwoLayerNet(W1, np.zeros(n_hidden), W2, np.zeros(n_out),
                       np.ones(W1.shape, bool), np.ones(W2.shape, bool))


def snapshot(net):
    return [np.array(getattr(net, k)) for k in ("W1", "b1", "W2", "b2", "mask1", "mask2")]


def assert_same(net, snap):
    for a, b in zip(snapshot(net), snap):
        np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------------------- n_to_prune and rounding
def test_rounding_is_pythons_round_half_to_even():
    # "50%" of 7 weights: 3.5 rounds to 4 (even); of 5 weights: 2.5 rounds to 2 (even).
    assert prune.n_to_prune(0.5, 7) == 4
    assert prune.n_to_prune(0.5, 5) == 2
    assert prune.n_to_prune(0.5, 1) == 0
    assert prune.n_to_prune(1.0, 13) == 13
    assert prune.n_to_prune(0.0, 13) == 0


# ---------------------------------------------------------------------------- exact counts
@settings(max_examples=80, deadline=None)
@given(shape=shapes, s=fractions, seed=st.integers(0, 2**16))
def test_global_magnitude_prunes_exactly_round_s_n(shape, s, seed):
    net = make_net(shape, seed)
    n = net.count_parameters().weights_total
    pruned = prune.magnitude_prune(net, s)
    assert n - kept(pruned) == round(s * n)
    # Pruned weights are exactly zero, kept ones unchanged.
    np.testing.assert_array_equal(pruned.W1, np.where(pruned.mask1, net.W1, 0.0))
    np.testing.assert_array_equal(pruned.W2, np.where(pruned.mask2, net.W2, 0.0))


@settings(max_examples=80, deadline=None)
@given(shape=shapes, s=fractions, seed=st.integers(0, 2**16))
def test_layer_scope_counts_per_layer(shape, s, seed):
    net = make_net(shape, seed)
    for pruned in (prune.magnitude_prune(net, s, scope="layer"),
                   prune.random_prune(net, s, seed=seed, scope="layer")):
        assert int((~pruned.mask1).sum()) == round(s * net.W1.size)
        assert int((~pruned.mask2).sum()) == round(s * net.W2.size)


@settings(max_examples=80, deadline=None)
@given(shape=shapes, s=fractions, seed=st.integers(0, 2**16))
def test_random_prune_exact_count(shape, s, seed):
    net = make_net(shape, seed)
    n = net.count_parameters().weights_total
    assert n - kept(prune.random_prune(net, s, seed=seed)) == round(s * n)


@pytest.mark.parametrize("shape", [(64, 64, 10), (5, 7, 3), (1, 1, 2), (8, 3, 4)])
@pytest.mark.parametrize("s", [0.0, 0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0])
def test_exact_counts_grid(shape, s):
    net = make_net(shape)
    n = net.count_parameters().weights_total
    assert n - kept(prune.magnitude_prune(net, s)) == round(s * n)
    assert n - kept(prune.random_prune(net, s, seed=1)) == round(s * n)
    assert np.isclose(prune.magnitude_prune(net, s).sparsity, round(s * n) / n)


def test_magnitude_prune_removes_the_smallest():
    net = make_net((6, 5, 3), seed=4)
    pruned = prune.magnitude_prune(net, 0.6)
    mags = np.concatenate([np.abs(net.W1).ravel(), np.abs(net.W2).ravel()])
    keep = np.concatenate([pruned.mask1.ravel(), pruned.mask2.ravel()])
    assert mags[~keep].max() < mags[keep].min()


# ---------------------------------------------------------------------------- masks only shrink
@settings(max_examples=60, deadline=None)
@given(shape=shapes, a=fractions, b=fractions, seed=st.integers(0, 2**16),
       scope=st.sampled_from(["global", "layer"]))
def test_masks_only_shrink(shape, a, b, seed, scope):
    lo, hi = min(a, b), max(a, b)
    net = make_net(shape, seed)
    first = prune.magnitude_prune(net, lo, scope=scope)
    for second in (prune.magnitude_prune(first, hi, scope=scope),
                   prune.random_prune(first, hi, seed=seed, scope=scope),
                   prune.prune_remaining(first, b, scope=scope),
                   prune.prune_remaining(first, b, scope=scope, criterion="random", seed=seed)):
        assert subset(second.mask1, first.mask1) and subset(second.mask2, first.mask2)


def test_pruning_to_the_same_sparsity_again_changes_nothing():
    net = make_net((5, 7, 3), seed=2)
    once = prune.magnitude_prune(net, 0.4)
    twice = prune.magnitude_prune(once, 0.4)
    np.testing.assert_array_equal(once.mask1, twice.mask1)
    np.testing.assert_array_equal(once.mask2, twice.mask2)


@pytest.mark.parametrize("scope", ["global", "layer"])
def test_unpruning_is_refused(scope):
    net = prune.magnitude_prune(make_net((5, 7, 3)), 0.5, scope=scope)
    with pytest.raises(ValueError, match="masks only shrink"):
        prune.magnitude_prune(net, 0.3, scope=scope)
    with pytest.raises(ValueError, match="masks only shrink"):
        prune.random_prune(net, 0.3, seed=0, scope=scope)
    with pytest.raises(ValueError, match="masks only shrink"):
        prune.prune_step(net, 0.3, semantics="total", scope=scope)


# ---------------------------------------------------------------------------- ties
def test_ties_broken_by_position_layer1_first_row_major():
    net = equal_magnitude_net()              # 12 weights in W1, 8 in W2, all |w| = 1
    pruned = prune.magnitude_prune(net, 0.75)  # 15 of 20: all of W1, then the first 3 of W2
    assert not pruned.mask1.any()
    np.testing.assert_array_equal(pruned.mask2.ravel(), [False] * 3 + [True] * 5)
    layer = prune.magnitude_prune(net, 0.5, scope="layer")   # 6 of W1, 4 of W2, first in row-major order
    np.testing.assert_array_equal(layer.mask1.ravel(), [False] * 6 + [True] * 6)
    np.testing.assert_array_equal(layer.mask2.ravel(), [False] * 4 + [True] * 4)


def test_ties_deterministic_across_calls():
    net = equal_magnitude_net(4, 5, 3)
    a = prune.magnitude_prune(net, 0.37)
    b = prune.magnitude_prune(net, 0.37)
    np.testing.assert_array_equal(a.mask1, b.mask1)
    np.testing.assert_array_equal(a.mask2, b.mask2)


def test_ties_in_remaining_semantics_by_position():
    net = equal_magnitude_net()
    once = prune.prune_remaining(net, 0.25)           # 5 of 20: the first 5 of W1
    np.testing.assert_array_equal(once.mask1.ravel(), [False] * 5 + [True] * 7)
    twice = prune.prune_remaining(once, 0.4)          # round(0.4 * 15) = 6 more: next 6 of W1
    np.testing.assert_array_equal(twice.mask1.ravel(), [False] * 11 + [True])


# ---------------------------------------------------------------------------- random control
def test_random_prune_reproducible_and_seed_dependent():
    net = make_net((8, 6, 4), seed=0)
    a = prune.random_prune(net, 0.5, seed=3)
    b = prune.random_prune(net, 0.5, seed=3)
    c = prune.random_prune(net, 0.5, seed=4)
    np.testing.assert_array_equal(a.mask1, b.mask1)
    assert not (np.array_equal(a.mask1, c.mask1) and np.array_equal(a.mask2, c.mask2))
    gen = np.random.default_rng(3)
    d = prune.random_prune(net, 0.5, seed=gen)
    np.testing.assert_array_equal(a.mask1, d.mask1)


def test_random_prune_ignores_magnitude_and_is_uniform():
    net = make_net((5, 7, 3), seed=1)     # 56 weights
    freq = np.zeros(56)
    n_seeds = 400
    for seed in range(n_seeds):
        p = prune.random_prune(net, 0.5, seed=seed)
        freq += ~np.concatenate([p.mask1.ravel(), p.mask2.ravel()])
    freq /= n_seeds
    # Each weight pruned about half the time (binomial sd 0.025), whatever its size.
    assert np.all(np.abs(freq - 0.5) < 0.15)
    mags = np.concatenate([np.abs(net.W1).ravel(), np.abs(net.W2).ravel()])
    assert abs(np.corrcoef(mags, freq)[0, 1]) < 0.5
    # Magnitude pruning, by contrast, always removes exactly the small half.
    m = prune.magnitude_prune(net, 0.5)
    small = ~np.concatenate([m.mask1.ravel(), m.mask2.ravel()])
    assert mags[small].max() < mags[~small].min()


def test_random_prune_needs_a_seed():
    net = make_net((3, 3, 2))
    with pytest.raises(TypeError, match="seed"):
        prune.random_prune(net, 0.5, seed=None)
    with pytest.raises(TypeError):
        prune.random_prune(net, 0.5)    # seed is a required argument


# ---------------------------------------------------------------------------- thresholds
@pytest.mark.parametrize("s", [0.1, 0.5, 0.9])
def test_magnitude_threshold_separates_pruned_from_kept(s):
    net = make_net((10, 8, 4), seed=5)
    t1, t2 = prune.magnitude_threshold(net, s)
    assert t1 == t2
    pruned = prune.magnitude_prune(net, s)
    for W, m in ((net.W1, pruned.mask1), (net.W2, pruned.mask2)):
        assert np.all(np.abs(W[~m]) <= t1) and np.all(np.abs(W[m]) > t1)
    l1, l2 = prune.magnitude_threshold(net, s, scope="layer")
    lp = prune.magnitude_prune(net, s, scope="layer")
    assert np.abs(net.W1[~lp.mask1]).max() == l1 and np.all(np.abs(net.W1[lp.mask1]) > l1)
    assert np.abs(net.W2[~lp.mask2]).max() == l2 and np.all(np.abs(net.W2[lp.mask2]) > l2)


def test_magnitude_threshold_zero_when_nothing_pruned():
    assert prune.magnitude_threshold(make_net((3, 3, 2)), 0.0) == (0.0, 0.0)


# ---------------------------------------------------------------------------- schedules
@settings(max_examples=150, deadline=None)
@given(a=fractions, b=fractions, n=st.integers(1, 60), kind=st.sampled_from(["linear", "cubic"]))
def test_schedules_hit_end_points_exactly_and_grow(a, b, n, kind):
    s_i, s_f = min(a, b), max(a, b)
    sched = prune.SCHEDULES[kind](s_f, n, initial_sparsity=s_i)
    assert sched.shape == (n,)
    assert sched[-1] == s_f                      # exactly, not approximately
    assert np.all(np.diff(sched) >= 0)
    assert np.all(sched >= s_i) and np.all(sched <= s_f)
    full = prune.SCHEDULES[kind](s_f, n, initial_sparsity=s_i, include_start=True)
    assert full.shape == (n + 1,) and full[0] == s_i and full[-1] == s_f
    np.testing.assert_array_equal(full[1:], sched)


def test_linear_schedule_is_the_seeds():
    # The seed: target * (i + 1) / num_iterations for i = 0..4, target 0.95.
    np.testing.assert_allclose(prune.linear_schedule(0.95, 5), [0.95 * (i + 1) / 5 for i in range(5)])
    np.testing.assert_allclose(np.diff(prune.linear_schedule(0.8, 4, 0.2)), 0.15)


def test_cubic_schedule_formula_and_shape():
    sched = prune.cubic_schedule(0.9, 3)
    np.testing.assert_allclose(sched, [0.9 - 0.9 * (2 / 3) ** 3, 0.9 - 0.9 * (1 / 3) ** 3, 0.9])
    sched = prune.cubic_schedule(0.95, 10, initial_sparsity=0.1)
    np.testing.assert_allclose(sched[0], 0.95 + (0.1 - 0.95) * 0.9 ** 3)
    steps = np.diff(np.concatenate([[0.1], sched]))
    assert np.all(np.diff(steps) < 0)            # big steps first, small steps at the end
    assert np.all(sched >= prune.linear_schedule(0.95, 10, initial_sparsity=0.1) - 1e-12)


def test_schedules_are_read_only():
    sched = prune.cubic_schedule(0.9, 4)
    with pytest.raises(ValueError):
        sched[0] = 0.0


@pytest.mark.parametrize("kind", ["linear", "cubic"])
def test_schedule_bad_input(kind):
    f = prune.SCHEDULES[kind]
    with pytest.raises(ValueError, match="final_sparsity"):
        f(1.5, 3)
    with pytest.raises(ValueError, match="n_steps"):
        f(0.9, 0)
    with pytest.raises(TypeError, match="n_steps"):
        f(0.9, 2.5)
    with pytest.raises(ValueError, match="initial_sparsity"):
        f(0.5, 3, initial_sparsity=0.6)
    with pytest.raises(ValueError, match="final_sparsity"):
        f(float("nan"), 3)
    with pytest.raises(TypeError, match="include_start"):
        f(0.9, 3, include_start="yes")


# ---------------------------------------------------------------------------- the two semantics
def test_remaining_to_total_documented_examples():
    np.testing.assert_array_equal(prune.remaining_to_total([0.5, 0.5], 8), [0.5, 0.75])
    # 7 weights: 4 go (round(3.5)), then 2 of 3 (round(1.5)), then 0 of 1 (round(0.5) = 0).
    np.testing.assert_array_equal(prune.remaining_to_total([0.5] * 4, 7), np.array([4, 6, 6, 6]) / 7)
    np.testing.assert_array_equal(prune.remaining_to_total([0.5], 10, initial_pruned=4), [0.7])


def test_semantics_differ_as_documented():
    net = make_net((6, 5, 3), seed=0)             # 45 weights
    n = 45
    tf_like = prune.prune_step(prune.prune_step(net, 0.5, "total"), 0.5, "total")
    torch_like = prune.prune_step(prune.prune_step(net, 0.5, "remaining"), 0.5, "remaining")
    assert n - kept(tf_like) == round(0.5 * n)                           # 22: still "50%"
    k1 = round(0.5 * n)
    assert n - kept(torch_like) == k1 + round(0.5 * (n - k1))            # 22 + 12 = 34: "75%"
    assert np.isclose(torch_like.sparsity, prune.remaining_to_total([0.5, 0.5], n)[-1])
    # From a dense network one step means the same in both.
    one_total, one_rem = prune.prune_step(net, 0.5, "total"), prune.prune_step(net, 0.5, "remaining")
    np.testing.assert_array_equal(one_total.mask1, one_rem.mask1)
    np.testing.assert_array_equal(one_total.mask2, one_rem.mask2)
    # The torch-like masks are nested inside the TF-like ones (more pruned, same ranking).
    assert subset(torch_like.mask1, tf_like.mask1) and subset(torch_like.mask2, tf_like.mask2)


@settings(max_examples=60, deadline=None)
@given(shape=shapes, amounts=st.lists(fractions, min_size=1, max_size=5), seed=st.integers(0, 999))
def test_prune_remaining_matches_remaining_to_total(shape, amounts, seed):
    net = make_net(shape, seed)
    n = net.count_parameters().weights_total
    expected = prune.remaining_to_total(amounts, n)
    for a, want in zip(amounts, expected):
        net = prune.prune_remaining(net, a)
        assert n - kept(net) == round(want * n)


def test_prune_remaining_layer_scope_counts_per_layer():
    net = prune.magnitude_prune(make_net((9, 6, 4), seed=3), 0.3, scope="layer")
    left1, left2 = int(net.mask1.sum()), int(net.mask2.sum())
    out = prune.prune_remaining(net, 0.5, scope="layer")
    assert int(out.mask1.sum()) == left1 - round(0.5 * left1)
    assert int(out.mask2.sum()) == left2 - round(0.5 * left2)


@pytest.mark.parametrize("semantics", ["total", "remaining"])
def test_prune_step_names_amount_in_errors(semantics):
    with pytest.raises(ValueError, match="amount must be in"):
        prune.prune_step(make_net((3, 3, 2)), 1.5, semantics=semantics)


def test_prune_step_random_criterion():
    net = make_net((6, 6, 3), seed=0)
    a = prune.prune_step(net, 0.5, criterion="random", seed=1)
    b = prune.random_prune(net, 0.5, seed=1)
    np.testing.assert_array_equal(a.mask1, b.mask1)
    with pytest.raises(TypeError, match="seed"):
        prune.prune_step(net, 0.5, criterion="random")
    with pytest.raises(ValueError, match="seed is only used"):
        prune.prune_step(net, 0.5, criterion="magnitude", seed=1)


# ---------------------------------------------------------------------------- iterative pruning
def test_iterative_without_training_equals_one_shot(small_net, small_data):
    X, y = small_data
    for scope in ("global", "layer"):
        net, run = prune.iterative_prune(small_net, X, y, prune.cubic_schedule(0.8, 4), scope=scope,
                                         epochs_per_step=0)
        one = prune.magnitude_prune(small_net, 0.8, scope=scope)
        np.testing.assert_array_equal(net.mask1, one.mask1)
        np.testing.assert_array_equal(net.mask2, one.mask2)
        assert run.total_epochs == 0 and run.histories == (None,) * 4


def test_iterative_records_and_keeps_masks(small_net, small_data):
    X, y = small_data
    amounts = prune.linear_schedule(0.6, 3)
    net, run = prune.iterative_prune(small_net, X, y, amounts, epochs_per_step=[2, 3, 4],
                                     X_test=X, y_test=y, seed=0)
    n = small_net.count_parameters().weights_total
    assert run.weights_kept == tuple(n - round(a * n) for a in amounts)
    assert run.sparsity[-1] == pytest.approx(round(0.6 * n) / n)
    assert run.epochs == (2, 3, 4) and run.total_epochs == 9
    assert len(run.accuracy_pruned) == len(run.accuracy_tuned) == 3
    assert [len(h.loss) for h in run.histories] == [3, 4, 5]
    assert net.count_parameters().weights_kept == run.weights_kept[-1]
    assert np.all(net.W1[~net.mask1] == 0) and np.all(net.W2[~net.mask2] == 0)
    assert run.accuracy_tuned[-1] == net.accuracy(X, y)


def test_iterative_remaining_semantics(small_net, small_data):
    X, y = small_data
    n = small_net.count_parameters().weights_total
    _, rem = prune.iterative_prune(small_net, X, y, [0.5, 0.5], semantics="remaining", epochs_per_step=1)
    _, tot = prune.iterative_prune(small_net, X, y, [0.5, 0.5], semantics="total", epochs_per_step=1)
    assert rem.sparsity == tuple(prune.remaining_to_total([0.5, 0.5], n))
    assert tot.sparsity == (round(0.5 * n) / n,) * 2
    assert rem.accuracy_pruned is None and rem.accuracy_tuned is None


def test_iterative_is_deterministic_and_seed_dependent(small_net, small_data):
    X, y = small_data
    a, _ = prune.iterative_prune(small_net, X, y, [0.3, 0.6], epochs_per_step=3, seed=7)
    b, _ = prune.iterative_prune(small_net, X, y, [0.3, 0.6], epochs_per_step=3, seed=7)
    c, _ = prune.iterative_prune(small_net, X, y, [0.3, 0.6], epochs_per_step=3, seed=8,
                                 fit_kwargs={"batch_size": 4})
    np.testing.assert_array_equal(a.W1, b.W1)
    assert not np.array_equal(a.W1, c.W1)


def test_iterative_random_criterion_prunes_randomly(small_net, small_data):
    X, y = small_data
    net, run = prune.iterative_prune(small_net, X, y, [0.5], criterion="random", epochs_per_step=0, seed=2)
    assert kept(net) == small_net.count_parameters().weights_total - round(0.5 * 56)
    assert not np.array_equal(net.mask1, prune.magnitude_prune(small_net, 0.5).mask1)


def test_iterative_fine_tuning_recovers_on_digits(digits, trained_digits_net):
    d = digits
    dense = trained_digits_net.accuracy(d.X_test, d.y_test)
    net, run = prune.iterative_prune(trained_digits_net, d.X_train, d.y_train, prune.cubic_schedule(0.8, 4),
                                     epochs_per_step=3, X_test=d.X_test, y_test=d.y_test, seed=0)
    assert run.accuracy_tuned[-1] > run.accuracy_pruned[-1] - 0.01
    assert run.accuracy_tuned[-1] > dense - 0.05
    assert net.sparsity == pytest.approx(0.8, abs=1e-3)


def test_iterative_bad_input(small_net, small_data):
    X, y = small_data
    with pytest.raises(ValueError, match="non-decreasing"):
        prune.iterative_prune(small_net, X, y, [0.5, 0.3])
    with pytest.raises(ValueError, match="amounts is empty"):
        prune.iterative_prune(small_net, X, y, [])
    with pytest.raises(TypeError, match="amounts"):
        prune.iterative_prune(small_net, X, y, "0.5")
    with pytest.raises(ValueError, match=r"amounts\[1\]"):
        prune.iterative_prune(small_net, X, y, [0.5, 1.2])
    with pytest.raises(ValueError, match="epochs_per_step has 1"):
        prune.iterative_prune(small_net, X, y, [0.2, 0.5], epochs_per_step=[3])
    with pytest.raises(ValueError, match="epochs_per_step"):
        prune.iterative_prune(small_net, X, y, [0.2], epochs_per_step=-1)
    with pytest.raises(ValueError, match="fit_kwargs must not set"):
        prune.iterative_prune(small_net, X, y, [0.2], fit_kwargs={"epochs": 3})
    with pytest.raises(TypeError, match="fit_kwargs"):
        prune.iterative_prune(small_net, X, y, [0.2], fit_kwargs=[("lr", 0.1)])
    with pytest.raises(ValueError, match="together"):
        prune.iterative_prune(small_net, X, y, [0.2], X_test=X)
    with pytest.raises(ValueError, match="semantics"):
        prune.iterative_prune(small_net, X, y, [0.2], semantics="fraction")
    with pytest.raises(ValueError, match="criterion"):
        prune.iterative_prune(small_net, X, y, [0.2], criterion="gradient")
    with pytest.raises(TypeError, match="net"):
        prune.iterative_prune("net", X, y, [0.2])
    with pytest.raises(ValueError, match="features"):
        prune.iterative_prune(small_net, X[:, :3], y, [0.2], epochs_per_step=1)


# ---------------------------------------------------------------------------- lottery tickets
def test_rewind_restores_exactly_the_initial_values():
    init = make_net((6, 5, 3), seed=0)
    trained, _ = train.fit(init, np.random.default_rng(0).normal(size=(20, 6)),
                           np.arange(20) % 3, epochs=3, seed=0)
    ticket = prune.rewind(prune.magnitude_prune(trained, 0.6), init)
    mask1, mask2 = prune.magnitude_prune(trained, 0.6).mask1, prune.magnitude_prune(trained, 0.6).mask2
    np.testing.assert_array_equal(ticket.mask1, mask1)
    np.testing.assert_array_equal(ticket.mask2, mask2)
    assert np.array_equal(ticket.W1[mask1], init.W1[mask1])      # bit for bit
    assert np.array_equal(ticket.W2[mask2], init.W2[mask2])
    assert np.all(ticket.W1[~mask1] == 0) and np.all(ticket.W2[~mask2] == 0)
    np.testing.assert_array_equal(ticket.b1, init.b1)
    np.testing.assert_array_equal(ticket.b2, init.b2)
    assert not np.array_equal(trained.W1[mask1], init.W1[mask1])  # the rewind did something


def test_rewind_refusals():
    a, b = make_net((4, 3, 2)), make_net((4, 5, 2))
    with pytest.raises(ValueError, match="same shapes"):
        prune.rewind(a, b)
    pruned_init = prune.magnitude_prune(a, 0.5)
    with pytest.raises(ValueError, match="masks only shrink"):
        prune.rewind(a, pruned_init)
    with pytest.raises(TypeError, match="initial must be a TwoLayerNet"):
        prune.rewind(a, "initial")


def test_reinitialize_same_mask_fresh_values():
    ticket = prune.magnitude_prune(make_net((8, 6, 3), seed=0), 0.7)
    control = prune.reinitialize(ticket, seed=99)
    np.testing.assert_array_equal(control.mask1, ticket.mask1)
    np.testing.assert_array_equal(control.mask2, ticket.mask2)
    m1, m2 = ticket.mask1, ticket.mask2
    assert np.all(control.W1[m1] != ticket.W1[m1]) and np.all(control.W2[m2] != ticket.W2[m2])
    fresh = make_net((8, 6, 3), seed=99)                       # drawn as create() draws
    np.testing.assert_array_equal(control.W1, np.where(m1, fresh.W1, 0.0))
    np.testing.assert_array_equal(control.b1, np.zeros(6))


def test_lottery_ticket_rounds(small_net, small_data):
    X, y = small_data
    rounds = prune.lottery_ticket(small_net, X, y, amount=0.5, n_rounds=3, epochs=3,
                                  X_test=X, y_test=y, seed=0, control_seed=5)
    assert [r.round for r in rounds] == [0, 1, 2, 3]
    n = small_net.count_parameters().weights_total
    expected = [0.0, *prune.remaining_to_total([0.5] * 3, n)]
    assert [r.sparsity for r in rounds] == pytest.approx(expected)
    assert rounds[0].ticket is small_net and rounds[0].control is None
    for prev, r in zip(rounds, rounds[1:]):
        # The mask comes from the previous round's trained weights, pruned by magnitude ...
        want = prune.prune_remaining(prev.trained, 0.5)
        np.testing.assert_array_equal(r.ticket.mask1, want.mask1)
        np.testing.assert_array_equal(r.ticket.mask2, want.mask2)
        # ... the values are exactly the initial ones ...
        assert np.array_equal(r.ticket.W1[r.ticket.mask1], small_net.W1[r.ticket.mask1])
        assert np.array_equal(r.ticket.W2[r.ticket.mask2], small_net.W2[r.ticket.mask2])
        # ... and the control has the same mask with other values.
        np.testing.assert_array_equal(r.control.mask1, r.ticket.mask1)
        np.testing.assert_array_equal(r.control.mask2, r.ticket.mask2)
        assert r.accuracy == r.trained.accuracy(X, y)
        assert r.control_accuracy == r.control.accuracy(X, y)
        # Training kept the pruned weights at zero.
        assert np.all(r.trained.W1[~r.ticket.mask1] == 0)


def test_lottery_control_values_differ_from_ticket(small_net, small_data):
    X, y = small_data
    rounds = prune.lottery_ticket(small_net, X, y, amount=0.4, n_rounds=1, epochs=1, seed=0,
                                  control_seed=11)
    ticket = rounds[1].ticket
    # Re-create the untrained control the function trained: first draw of control_seed's stream.
    control0 = prune.reinitialize(ticket, np.random.default_rng(11))
    assert np.all(control0.W1[ticket.mask1] != ticket.W1[ticket.mask1])
    assert rounds[1].accuracy is None and rounds[1].control_accuracy is None
    again = prune.lottery_ticket(small_net, X, y, amount=0.4, n_rounds=1, epochs=1, seed=0, control_seed=11)
    np.testing.assert_array_equal(again[1].control.W1, rounds[1].control.W1)
    np.testing.assert_array_equal(again[1].trained.W1, rounds[1].trained.W1)


def test_lottery_without_control(small_net, small_data):
    X, y = small_data
    rounds = prune.lottery_ticket(small_net, X, y, n_rounds=2, epochs=1)
    assert all(r.control is None and r.control_accuracy is None for r in rounds)


def test_lottery_bad_input(small_net, small_data):
    X, y = small_data
    with pytest.raises(ValueError, match="amount"):
        prune.lottery_ticket(small_net, X, y, amount=1.0)
    with pytest.raises(ValueError, match="amount"):
        prune.lottery_ticket(small_net, X, y, amount=0.0)
    with pytest.raises(ValueError, match="n_rounds"):
        prune.lottery_ticket(small_net, X, y, n_rounds=0)
    with pytest.raises(ValueError, match="epochs"):
        prune.lottery_ticket(small_net, X, y, epochs=0)
    with pytest.raises(ValueError, match="fit_kwargs"):
        prune.lottery_ticket(small_net, X, y, fit_kwargs={"seed": 1})
    with pytest.raises(TypeError, match="control_seed"):
        prune.lottery_ticket(small_net, X, y, n_rounds=1, epochs=1, control_seed="a")


# ---------------------------------------------------------------------------- no mutation
def test_no_argument_is_mutated(small_net, small_data):
    X, y = small_data
    X0, y0 = X.copy(), y.copy()
    snap = snapshot(small_net)
    amounts = [0.2, 0.5]
    fit_kwargs = {"lr": 0.01}
    prune.random_prune(small_net, 0.5, seed=0)
    prune.magnitude_threshold(small_net, 0.5)
    prune.prune_remaining(small_net, 0.5, scope="layer")
    prune.prune_step(small_net, 0.5, "remaining")
    prune.iterative_prune(small_net, X, y, amounts, epochs_per_step=1, X_test=X, y_test=y,
                          fit_kwargs=fit_kwargs)
    rounds = prune.lottery_ticket(small_net, X, y, n_rounds=1, epochs=1, control_seed=1, fit_kwargs=fit_kwargs)
    ticket_snap = snapshot(rounds[1].ticket)
    prune.rewind(rounds[1].trained, small_net)
    prune.reinitialize(rounds[1].ticket, seed=3)
    assert_same(small_net, snap)
    assert_same(rounds[1].ticket, ticket_snap)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    assert amounts == [0.2, 0.5] and fit_kwargs == {"lr": 0.01}


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), float("inf")])
def test_bad_sparsity_refused(small_net, bad):
    for call in (lambda: prune.magnitude_prune(small_net, bad),
                 lambda: prune.random_prune(small_net, bad, seed=0),
                 lambda: prune.prune_remaining(small_net, bad),
                 lambda: prune.magnitude_threshold(small_net, bad)):
        with pytest.raises(ValueError, match="sparsity|amount"):
            call()


def test_bad_types_refused(small_net):
    with pytest.raises(TypeError, match="sparsity"):
        prune.magnitude_prune(small_net, "0.5")
    with pytest.raises(TypeError, match="net must be a TwoLayerNet"):
        prune.random_prune(np.zeros((3, 3)), 0.5, seed=0)
    with pytest.raises(ValueError, match="scope"):
        prune.random_prune(small_net, 0.5, seed=0, scope="neuron")
    with pytest.raises(ValueError, match="scope"):
        prune.prune_remaining(small_net, 0.5, scope="all")
    with pytest.raises(ValueError, match="seed"):
        prune.random_prune(small_net, 0.5, seed=-1)
    with pytest.raises(TypeError, match="amounts"):
        prune.remaining_to_total(0.5, 10)
    with pytest.raises(ValueError, match="n_weights"):
        prune.remaining_to_total([0.5], 0)
    with pytest.raises(ValueError, match="initial_pruned"):
        prune.remaining_to_total([0.5], 4, initial_pruned=5)


# ---------------------------------------------------------------------------- PyTorch golden masks
# Masks that torch.nn.utils.prune 2.13 produced (tests/fixtures/make_torch_masks.py says how), so
# the comparison runs without PyTorch. Families: "distinct" (all magnitudes different: masks must
# match bit for bit), "half" (amount * n is exactly k + 0.5 somewhere: round half to even, bit for
# bit), "ties" (many equal magnitudes: torch chooses among them through topk, in no documented
# order, and here by position, so only what is determined is compared: how many entries of each
# magnitude are pruned in each pool, after every call).
TORCH_FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "torch_prune_masks.npz"


def _load_torch_cases():
    with np.load(TORCH_FIXTURE) as f:
        cases = json.loads(str(f["cases"]))
        for i, case in enumerate(cases):
            case["W1"], case["W2"] = f[f"{case['net']}/W1"], f[f"{case['net']}/W2"]
            case["steps"] = [tuple(np.unpackbits(f[f"case{i:03d}/step{k}/mask{j}"])[:case[f"W{j}"].size]
                                   .astype(bool).reshape(case[f"W{j}"].shape) for j in (1, 2))
                             for k in range(len(case["amounts"]))]
        return cases, str(f["about"]), str(f["torch_version"])


TORCH_CASES, TORCH_ABOUT, TORCH_VERSION = _load_torch_cases()


def _pools(scope):
    return [(0, 1)] if scope == "global" else [(0,), (1,)]


def _pruned_per_magnitude(W1, W2, mask1, mask2, scope):
    """For each pool: {|w|: how many entries of that magnitude are pruned}."""
    out = []
    for pool in _pools(scope):
        mags = np.concatenate([np.abs((W1, W2)[i]).ravel() for i in pool])
        pruned = ~np.concatenate([(mask1, mask2)[i].ravel() for i in pool])
        values, counts = np.unique(mags[pruned], return_counts=True)
        out.append(dict(zip(values.tolist(), counts.tolist())))
    return out


def _assert_torch_masks(case, mask1, mask2, torch_masks):
    t1, t2 = torch_masks
    if case["family"] == "ties":
        assert (_pruned_per_magnitude(case["W1"], case["W2"], mask1, mask2, case["scope"])
                == _pruned_per_magnitude(case["W1"], case["W2"], t1, t2, case["scope"]))
    else:
        np.testing.assert_array_equal(mask1, t1)
        np.testing.assert_array_equal(mask2, t2)


@pytest.mark.parametrize("case", TORCH_CASES, ids=[c["id"] for c in TORCH_CASES])
def test_masks_match_torch_prune(case):
    W1, W2 = case["W1"], case["W2"]
    net = TwoLayerNet(W1, np.zeros(W1.shape[1]), W2, np.zeros(W2.shape[1]),
                      np.ones(W1.shape, bool), np.ones(W2.shape, bool))
    ours = net
    for amount, torch_masks in zip(case["amounts"], case["steps"]):
        ours = prune.prune_remaining(ours, amount, scope=case["scope"])
        _assert_torch_masks(case, ours.mask1, ours.mask2, torch_masks)
    if len(case["amounts"]) == 1:
        # One step from a dense network: magnitude_prune's "fraction of all" is the same thing.
        one = prune.magnitude_prune(net, case["amounts"][0], scope=case["scope"])
        _assert_torch_masks(case, one.mask1, one.mask2, case["steps"][0])


def test_torch_fixture_covers_what_it_claims():
    assert TORCH_VERSION.startswith("2.13") and f"torch {TORCH_VERSION}" in TORCH_ABOUT
    assert TORCH_FIXTURE.stat().st_size < 1_000_000
    families = [c["family"] for c in TORCH_CASES]
    assert families.count("distinct") >= 64 and families.count("half") >= 16 and families.count("ties") >= 16
    assert {c["scope"] for c in TORCH_CASES} == {"global", "layer"}
    assert any(len(c["amounts"]) >= 3 for c in TORCH_CASES)            # repeated pruning
    for case in TORCH_CASES:
        W1, W2, scope = case["W1"], case["W2"], case["scope"]
        for before, after in zip(case["steps"], case["steps"][1:]):   # torch's masks only shrink too
            assert all(subset(a, b) for a, b in zip(after, before))
        if case["family"] == "distinct":
            mags = np.abs(np.concatenate([W1.ravel(), W2.ravel()]))
            assert np.unique(mags).size == mags.size


@pytest.mark.parametrize("case", [c for c in TORCH_CASES if c["family"] == "half"],
                         ids=[c["id"] for c in TORCH_CASES if c["family"] == "half"])
def test_torch_half_cases_round_half_to_even(case):
    """In some pool at some step, amount * kept is exactly k + 0.5, and torch pruned the even one."""
    kept = [int(case["W1"].size + case["W2"].size)] if case["scope"] == "global" else \
        [int(case["W1"].size), int(case["W2"].size)]
    halves = 0
    for amount, (t1, t2) in zip(case["amounts"], case["steps"]):
        after = [int(t1.sum() + t2.sum())] if case["scope"] == "global" else [int(t1.sum()), int(t2.sum())]
        for before, now in zip(kept, after):
            if (amount * before) % 1 == 0.5:
                halves += 1
                assert (before - now) % 2 == 0 and abs(before - now - amount * before) == 0.5
            assert before - now == prune.n_to_prune(amount, before)
        kept = after
    assert halves >= 1


@pytest.mark.parametrize("case", [c for c in TORCH_CASES if c["family"] == "ties"],
                         ids=[c["id"] for c in TORCH_CASES if c["family"] == "ties"])
def test_torch_tie_cases_cut_through_a_tie(case):
    """The tie comparison is not vacuous: some step prunes part, not all, of a class of equal |w|.

    There torch and the package may choose different entries (torch's topk order is not the
    position; the fixture records torch_is_positional), and only the counts per class are compared.
    """
    cut = False
    for t1, t2 in case["steps"]:
        for pool in _pools(case["scope"]):
            mags = np.concatenate([np.abs((case["W1"], case["W2"])[i]).ravel() for i in pool])
            pruned = ~np.concatenate([(t1, t2)[i].ravel() for i in pool])
            for v in np.unique(mags):
                in_class = mags == v
                cut |= 0 < np.count_nonzero(pruned & in_class) < np.count_nonzero(in_class)
    assert cut
    assert not case["torch_is_positional"]      # torch 2.13 chose other tied entries than position


def test_lottery_with_given_trained_round_zero(small_net, small_data):
    X, y = small_data
    dense, _ = train.fit(small_net, X, y, epochs=2, seed=0)
    rounds = prune.lottery_ticket(small_net, X, y, amount=0.5, n_rounds=1, epochs=2, X_test=X, y_test=y,
                                  trained=dense)
    assert rounds[0].trained is dense and rounds[0].accuracy == dense.accuracy(X, y)
    np.testing.assert_array_equal(rounds[1].ticket.mask1, prune.prune_remaining(dense, 0.5).mask1)
    assert np.array_equal(rounds[1].ticket.W1[rounds[1].ticket.mask1], small_net.W1[rounds[1].ticket.mask1])
    with pytest.raises(ValueError, match="trained must be initial after training"):
        prune.lottery_ticket(small_net, X, y, n_rounds=1, epochs=1, trained=prune.magnitude_prune(dense, 0.5))
    with pytest.raises(TypeError, match="trained must be a TwoLayerNet"):
        prune.lottery_ticket(small_net, X, y, n_rounds=1, epochs=1, trained="dense")


@settings(max_examples=80, deadline=None)
@given(total=st.integers(0, 500), n=st.integers(1, 50))
def test_split_budget_sums_exactly_and_is_even(total, n):
    parts = prune.split_budget(total, n)
    assert len(parts) == n and sum(parts) == total
    assert max(parts) - min(parts) <= 1 and list(parts) == sorted(parts, reverse=True)


def test_split_budget_examples_and_refusals():
    assert prune.split_budget(40, 10) == (4,) * 10
    assert prune.split_budget(10, 4) == (3, 3, 2, 2)
    with pytest.raises(ValueError, match="n_steps"):
        prune.split_budget(10, 0)
    with pytest.raises(ValueError, match="total_epochs"):
        prune.split_budget(-1, 2)


# ---------------------------------------------------------------------------- the primitive and its counts
@settings(max_examples=60, deadline=None)
@given(shape=shapes, a=fractions, b=fractions, seed=st.integers(0, 2**16),
       scope=st.sampled_from(["global", "layer"]))
def test_every_criterion_is_prune_lowest_with_its_scores(shape, a, b, seed, scope):
    net = prune.magnitude_prune(make_net(shape, seed), min(a, b), scope=scope)
    s = max(a, b)
    masks = (net.mask1, net.mask2)
    counts = prune.prune_counts(masks, s, scope)
    by_magnitude = prune.prune_lowest((np.abs(net.W1), np.abs(net.W2)), masks, counts)
    rng = np.random.default_rng(seed)
    by_random = prune.prune_lowest((rng.random(net.W1.shape), rng.random(net.W2.shape)), masks, counts)
    for pruned, want in ((prune.magnitude_prune(net, s, scope=scope), by_magnitude),
                         (prune.random_prune(net, s, seed=seed, scope=scope), by_random),
                         (prune.prune_by_scores(net, s, np.abs(net.W1), np.abs(net.W2), scope=scope),
                          by_magnitude)):
        np.testing.assert_array_equal(pruned.mask1, want[0])
        np.testing.assert_array_equal(pruned.mask2, want[1])


def test_prune_lowest_exact_semantics_and_no_mutation():
    scores = [np.array([[3.0, 1.0], [2.0, 0.5]]), np.array([0.1, 5.0, 1.0])]
    masks = [np.array([[True, True], [True, False]]), np.array([True, True, True])]
    before = [m.copy() for m in masks]
    # Global: the 2 lowest kept over both layers (0.5 is already pruned): 0.1 and 1.0 (W1, by position).
    g1, g2 = prune.prune_lowest(scores, masks, 2)
    np.testing.assert_array_equal(g1, [[True, False], [True, False]])
    np.testing.assert_array_equal(g2, [False, True, True])
    # Per layer: 1 in W1 (the 1.0), 2 in W2 (0.1 and 1.0).
    l1, l2 = prune.prune_lowest(scores, masks, [1, 2])
    np.testing.assert_array_equal(l1, [[True, False], [True, False]])
    np.testing.assert_array_equal(l2, [False, True, False])
    for m, b in zip(masks, before):
        np.testing.assert_array_equal(m, b)


@pytest.mark.parametrize("scores, masks, counts, param", [
    ([np.ones(3)], [np.ones(3, bool)], 4, "counts"),                      # more than kept
    ([np.ones(3)], [np.array([True, False, True])], 3, "counts"),         # pruned ones are not kept
    ([np.ones(3)], [np.ones(3, bool)], -1, "counts"),
    ([np.ones(3), np.ones(2)], [np.ones(3, bool), np.ones(2, bool)], [1], "counts"),
    ([np.ones(3), np.ones(2)], [np.ones(3, bool), np.ones(2, bool)], [1, 3], r"counts\[1\]"),
    ([np.ones(3)], [np.ones(3, bool)], 1.0, "counts"),
    ([np.array([1.0, np.nan, 2.0])], [np.ones(3, bool)], 1, "scores"),
    ([np.ones(3)], [np.ones(3)], 1, "masks"),                             # float, not bool
    ([np.ones(3)], [np.ones(4, bool)], 1, "masks"),
    (np.ones(3), [np.ones(3, bool)], 1, "scores"),                        # not one array per layer
    ([np.ones(3)], None, 1, "masks"),
])
def test_prune_lowest_refusals(scores, masks, counts, param):
    with pytest.raises(InvalidParameterError, match=f"^prune_lowest\\(\\): .*{param}"):
        prune.prune_lowest(scores, masks, counts)


def test_prune_counts_and_n_to_prune():
    masks = [np.array([True, False, True, True]), np.ones(3, bool)]
    assert prune.prune_counts(masks, 0.5) == 3                  # round(3.5) = 4 of 7, 1 already
    assert prune.prune_counts(masks, 0.5, scope="layer") == [1, 2]
    with pytest.raises(InvalidParameterError, match=r"^prune_counts\(\): .*masks only shrink"):
        prune.prune_counts(masks, 0.05)             # round(0.35) = 0 < 1 already pruned
    with pytest.raises(InvalidParameterError, match="masks"):
        prune.prune_counts([np.ones(3)], 0.5)
    with pytest.raises(InvalidParameterError, match=r"^n_to_prune\(\): n must be"):
        prune.n_to_prune(0.5, -1)
    with pytest.raises(InvalidParameterError, match="fraction"):
        prune.n_to_prune(1.5, 10)


# ---------------------------------------------------------------------------- errors name what was called
def test_every_public_function_is_validated():
    for name in prune.__all__:
        obj = getattr(prune, name)
        if inspect.isfunction(obj):
            assert hasattr(obj, "__wrapped__"), f"prune.{name} is not decorated with @validated"


def test_errors_name_the_function_the_reader_called(small_net, small_data):
    X, y = small_data
    half = prune.magnitude_prune(small_net, 0.5)
    calls = {
        "magnitude_prune": lambda: prune.magnitude_prune(half, 0.3),
        "random_prune": lambda: prune.random_prune(half, 0.3, seed=0, scope="layer"),
        "prune_step": lambda: prune.prune_step(half, 0.3),
        "iterative_prune": lambda: prune.iterative_prune(half, X, y, [0.3], epochs_per_step=0),
        "prune_by_scores": lambda: prune.prune_by_scores(half, 0.3, half.W1, half.W2),
    }
    for name, call in calls.items():
        with pytest.raises(InvalidParameterError) as err:
            call()
        assert str(err.value).startswith(f"{name}(): sparsity=0.3 asks for ")
        assert "masks only shrink" in str(err.value) and err.value.parameter == "sparsity"
    with pytest.raises(InvalidParameterError, match=r"^prune_neurons\(\): fraction=1.0 would remove all"):
        prune.prune_neurons(small_net, 1.0)
    with pytest.raises(InvalidParameterError, match=r"^lottery_ticket\(\): amount must be in \(0.0, 1.0\)"):
        prune.lottery_ticket(small_net, X, y, amount=1.0)
    with pytest.raises(InvalidParameterError, match=r"^prune_remaining\(\): seed is only used"):
        prune.prune_remaining(small_net, 0.5, seed=1)


def test_test_set_and_fit_kwargs_checked_once_for_both_loops(small_net, small_data):
    X, y = small_data
    for call in (lambda **kw: prune.iterative_prune(small_net, X, y, [0.2], epochs_per_step=0, **kw),
                 lambda **kw: prune.lottery_ticket(small_net, X, y, n_rounds=1, epochs=1, **kw)):
        with pytest.raises(InvalidParameterError, match="y_test") as err:
            call(X_test=X)
        assert err.value.parameter == "y_test"
        with pytest.raises(InvalidParameterError, match="X_test") as err:
            call(y_test=y)
        assert err.value.parameter == "X_test"
        with pytest.raises(InvalidParameterError, match=r"must not set \['velocity'\]"):
            call(fit_kwargs={"velocity": None})
        with pytest.raises(InvalidParameterError, match="fit_kwargs must be a dict"):
            call(fit_kwargs=("lr", 0.1))


# ---------------------------------------------------------------------------- layout
def test_prune_modules_are_small():
    """One concept per module: <= 500 lines each, <= 80 lines per function (docstring included)."""
    folder = pathlib.Path(prune.__file__).parent
    modules = sorted(folder.glob("*.py"))
    assert {p.stem for p in modules} >= {"__init__", "masks", "criteria", "schedules", "iterative",
                                         "lottery", "structured"}
    for path in modules:
        text = path.read_text()
        assert len(text.splitlines()) <= 500, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                assert node.end_lineno - start + 1 <= 80, f"{path.name}:{node.name}"
