"""Structured pruning: prune.prune_neurons, neuron_scores and units_to_keep.

The central property: removing hidden units gives a smaller dense network that
computes what the original computes with those units' outgoing weights masked.
With integer-valued weights and inputs every sum is exact in float64 whatever
order BLAS adds in, so there the logits must agree bit for bit; with real
weights they agree up to the rounding of a different summation order.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdl_prune import network, prune
from mdl_prune._checks import InvalidParameterError


def masked_like_thin(net, keep):
    """The original network with every removed unit's outgoing weights masked."""
    mask2 = np.zeros(net.mask2.shape, dtype=bool)
    mask2[keep] = net.mask2[keep]
    return net.replace(mask2=mask2)


def integer_net(n_in, n_hidden, n_out, seed):
    """A network whose weights and biases are small integers (exact float64 arithmetic)."""
    rng = np.random.default_rng(seed)
    return network.TwoLayerNet(
        rng.integers(-4, 5, size=(n_in, n_hidden)).astype(float),
        rng.integers(-3, 4, size=n_hidden).astype(float),
        rng.integers(-4, 5, size=(n_hidden, n_out)).astype(float),
        rng.integers(-3, 4, size=n_out).astype(float),
        np.ones((n_in, n_hidden), bool), np.ones((n_hidden, n_out), bool))


@settings(max_examples=40, deadline=None)
@given(n_in=st.integers(1, 9), n_hidden=st.integers(2, 40), n_out=st.integers(2, 5),
       fraction=st.floats(0.0, 0.9), criterion=st.sampled_from(["norm", "activation"]),
       seed=st.integers(0, 2**16))
def test_thin_equals_masked_exactly_integer_weights(n_in, n_hidden, n_out, fraction, criterion, seed):
    net = integer_net(n_in, n_hidden, n_out, seed)
    X = np.random.default_rng(seed + 1).integers(-5, 6, size=(13, n_in)).astype(float)
    data = X if criterion == "activation" else None
    if round(fraction * n_hidden) >= n_hidden:
        return  # refused; tested separately
    keep = prune.units_to_keep(net, fraction, criterion, data)
    thin = prune.prune_neurons(net, fraction, criterion, data)
    ref = masked_like_thin(net, keep)
    np.testing.assert_array_equal(thin.logits(X), ref.logits(X))
    np.testing.assert_array_equal(thin.hidden(X), ref.hidden(X)[:, keep])
    np.testing.assert_array_equal(thin.predict(X), ref.predict(X))


@pytest.mark.parametrize("criterion", ["norm", "activation"])
@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5, 0.75, 0.9])
def test_thin_equals_masked_trained_digits(trained_digits_net, digits, criterion, fraction):
    net = trained_digits_net
    X = digits.X_train if criterion == "activation" else None
    keep = prune.units_to_keep(net, fraction, criterion, X)
    thin = prune.prune_neurons(net, fraction, criterion, X)
    ref = masked_like_thin(net, keep)
    # The first layer is the same columns with the same inputs: exactly equal.
    np.testing.assert_array_equal(thin.hidden(digits.X_test), ref.hidden(digits.X_test)[:, keep])
    # The second layer sums fewer (zero) terms; BLAS may add in another order.
    np.testing.assert_allclose(thin.logits(digits.X_test), ref.logits(digits.X_test), rtol=0, atol=1e-10)
    np.testing.assert_array_equal(thin.predict(digits.X_test), ref.predict(digits.X_test))
    assert thin.accuracy(digits.X_test, digits.y_test) == ref.accuracy(digits.X_test, digits.y_test)


def test_thin_arrays_are_the_kept_slices(trained_digits_net):
    net = trained_digits_net
    keep = prune.units_to_keep(net, 0.5)
    thin = prune.prune_neurons(net, 0.5)
    np.testing.assert_array_equal(thin.W1, net.W1[:, keep])
    np.testing.assert_array_equal(thin.b1, net.b1[keep])
    np.testing.assert_array_equal(thin.W2, net.W2[keep])
    np.testing.assert_array_equal(thin.b2, net.b2)


@pytest.mark.parametrize("n_hidden", [1, 2, 7, 10, 33, 64])
@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 0.5, 0.75, 0.9])
def test_exact_unit_counts(n_hidden, fraction):
    net = network.TwoLayerNet.create(4, n_hidden, 3, seed=0)
    n_remove = round(fraction * n_hidden)  # Python round: halves to even
    if n_remove >= n_hidden:
        with pytest.raises(ValueError, match="remove all"):
            prune.prune_neurons(net, fraction)
        return
    thin = prune.prune_neurons(net, fraction)
    assert thin.n_hidden == n_hidden - n_remove
    assert (thin.n_in, thin.n_out) == (net.n_in, net.n_out)
    assert thin.count_parameters().weights_total == (n_hidden - n_remove) * (4 + 3)


def test_round_half_to_even():
    net = network.TwoLayerNet.create(3, 10, 2, seed=0)
    assert prune.prune_neurons(net, 0.25).n_hidden == 8   # round(2.5) == 2
    assert prune.prune_neurons(net, 0.35).n_hidden == 6   # round(3.5) == 4


def test_lowest_scores_removed_norm():
    net = network.TwoLayerNet.create(6, 12, 4, seed=5)
    scores = np.linalg.norm(net.W1, axis=0) * np.linalg.norm(net.W2, axis=1)
    np.testing.assert_allclose(prune.neuron_scores(net, "norm"), scores)
    keep = prune.units_to_keep(net, 0.5)
    np.testing.assert_array_equal(keep, np.sort(np.argsort(scores)[6:]))
    assert scores[keep].min() >= np.delete(scores, keep).max()


def test_ties_broken_by_index():
    # Every unit identical: all scores tie, so the lowest indices go first.
    W1 = np.ones((3, 8))
    W2 = np.ones((8, 2))
    net = network.TwoLayerNet(W1, np.zeros(8), W2, np.zeros(2), np.ones((3, 8), bool), np.ones((8, 2), bool))
    np.testing.assert_array_equal(prune.units_to_keep(net, 0.5), [4, 5, 6, 7])
    X = np.ones((5, 3))
    np.testing.assert_array_equal(prune.units_to_keep(net, 0.25, "activation", X), [2, 3, 4, 5, 6, 7])
    # Ties among part of the units: units 1 and 5 tie at the lowest score; 1 goes first.
    W2b = W2.copy()
    W2b[[1, 5]] = 0.5
    net_b = net.replace(W2=W2b)
    np.testing.assert_array_equal(prune.units_to_keep(net_b, 1 / 8), [0, 2, 3, 4, 5, 6, 7])


def test_activation_criterion_uses_the_data(trained_digits_net, digits):
    net = trained_digits_net
    X = digits.X_train
    expected = net.hidden(X).mean(axis=0) * np.linalg.norm(net.W2, axis=1)
    np.testing.assert_allclose(prune.neuron_scores(net, "activation", X), expected)
    # A unit that never fires on the data scores 0 and goes first, whatever its weights.
    b1 = np.array(net.b1)
    b1[3] = -1e6
    silent = net.replace(b1=b1)
    assert prune.neuron_scores(silent, "activation", X)[3] == 0.0
    assert 3 not in prune.units_to_keep(silent, 1 / net.n_hidden, "activation", X)
    assert 3 in prune.units_to_keep(silent, 1 / net.n_hidden, "norm")


def test_activation_needs_X_and_norm_refuses_it(small_net, small_data):
    X, _ = small_data
    for name, call in (("prune_neurons", prune.prune_neurons), ("units_to_keep", prune.units_to_keep)):
        with pytest.raises(InvalidParameterError, match=rf"^{name}\(\): .*needs data") as err:
            call(small_net, 0.5, criterion="activation")
        assert err.value.parameter == "X"
        with pytest.raises(InvalidParameterError, match=rf"^{name}\(\): X is only used by"):
            call(small_net, 0.5, criterion="norm", X=X)
        with pytest.raises(InvalidParameterError, match="features"):
            call(small_net, 0.5, criterion="activation", X=X[:, :3])
    with pytest.raises(InvalidParameterError, match=r"^neuron_scores\(\): .*needs data"):
        prune.neuron_scores(small_net, "activation")


@settings(max_examples=40, deadline=None)
@given(n_hidden=st.integers(1, 30), fraction=st.floats(0.0, 1.0), seed=st.integers(0, 2**16))
def test_units_to_keep_is_prune_lowest_on_unit_scores(n_hidden, fraction, seed):
    # Structured pruning goes through the same primitive as the weight criteria.
    net = network.TwoLayerNet.create(4, n_hidden, 3, seed=seed)
    if round(fraction * n_hidden) >= n_hidden:
        with pytest.raises(InvalidParameterError, match="remove all"):
            prune.units_to_keep(net, fraction)
        return
    (keep,) = prune.prune_lowest([prune.neuron_scores(net)], [np.ones(n_hidden, bool)],
                                 prune.n_to_prune(fraction, n_hidden))
    np.testing.assert_array_equal(prune.units_to_keep(net, fraction), np.flatnonzero(keep))


def test_fraction_removing_every_unit_refused(small_net):
    # 7 hidden units: 0.93 would remove round(6.51) = 7.
    with pytest.raises(ValueError, match="remove all 7 hidden units"):
        prune.prune_neurons(small_net, 0.93)
    with pytest.raises(ValueError, match="remove all"):
        prune.prune_neurons(small_net, 1.0)
    assert prune.prune_neurons(small_net, 0.92).n_hidden == 1   # round(6.44) = 6


def test_masks_carried_over_and_zeros_kept(trained_digits_net):
    pruned = prune.magnitude_prune(trained_digits_net, 0.6)
    keep = prune.units_to_keep(pruned, 0.5)
    thin = prune.prune_neurons(pruned, 0.5)
    np.testing.assert_array_equal(thin.mask1, pruned.mask1[:, keep])
    np.testing.assert_array_equal(thin.mask2, pruned.mask2[keep])
    assert np.all(thin.W1[~thin.mask1] == 0) and np.all(thin.W2[~thin.mask2] == 0)


def test_no_mutation(trained_digits_net, digits):
    net = trained_digits_net
    before = [np.array(a) for a in (net.W1, net.b1, net.W2, net.b2, net.mask1, net.mask2)]
    X = np.array(digits.X_train)
    X_before = X.copy()
    thin = prune.prune_neurons(net, 0.5, "activation", X)
    after = (net.W1, net.b1, net.W2, net.b2, net.mask1, net.mask2)
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(X, X_before)
    assert thin is not net and net.n_hidden == 32
    # The new network owns read-only arrays, not views that could write back.
    with pytest.raises(ValueError):
        thin.W1[0, 0] = 1.0


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "0.5", None])
def test_bad_fraction_refused(small_net, bad):
    with pytest.raises(InvalidParameterError, match=r"^prune_neurons\(\): fraction must be") as err:
        prune.prune_neurons(small_net, bad)
    assert err.value.parameter == "fraction"


def test_bad_criterion_and_net_refused(small_net):
    with pytest.raises(ValueError, match="criterion"):
        prune.prune_neurons(small_net, 0.5, criterion="l1")
    with pytest.raises(TypeError, match="net must be a TwoLayerNet"):
        prune.prune_neurons({"W1": 1}, 0.5)
    with pytest.raises(ValueError, match="NaN"):
        prune.prune_neurons(small_net, 0.5, criterion="activation", X=np.full((3, 5), np.nan))
    with pytest.raises(ValueError, match="empty"):
        prune.prune_neurons(small_net, 0.5, criterion="activation", X=np.zeros((0, 5)))
