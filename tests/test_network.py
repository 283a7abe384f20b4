"""The two-layer network: gradients against finite differences, counts, immutability, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdl_prune import network, prune
from mdl_prune._checks import InvalidParameterError
from mdl_prune.network import TwoLayerNet


@pytest.mark.parametrize("sparsity", [0.0, 0.5])
def test_gradients_match_finite_differences(small_net, small_data, sparsity):
    X, y = small_data
    net = prune.magnitude_prune(small_net, sparsity)
    # Biases away from zero keep the ReLU kinks away from the finite-difference steps.
    net = net.replace(b1=np.full(net.n_hidden, 0.3))
    _, grads = net.gradients(X, y)
    num = network.numerical_gradients(net, X, y)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(getattr(grads, name), getattr(num, name), rtol=1e-5, atol=1e-8,
                                   err_msg=name)
    assert max(network.gradient_check(net, X, y).values()) < 1e-5


def test_gradient_check_catches_a_wrong_backward_pass(small_net, small_data, monkeypatch):
    X, y = small_data
    net = small_net.replace(b1=np.full(small_net.n_hidden, 0.3))
    real = network.backward_pass

    def doubled_W1_gradient(X, y, W2, hidden, logits):
        loss, (dW1, db1, dW2, db2) = real(X, y, W2, hidden, logits)
        return loss, (dW1 * 2.0, db1, dW2, db2)

    monkeypatch.setattr(network, "backward_pass", doubled_W1_gradient)
    assert network.gradient_check(net, X, y)["W1"] > 0.1


def test_gradients_are_zero_at_pruned_weights(small_net, small_data):
    X, y = small_data
    net = prune.magnitude_prune(small_net, 0.6)
    _, g = net.gradients(X, y)
    assert np.all(g.W1[~net.mask1] == 0) and np.all(g.W2[~net.mask2] == 0)


def test_softmax_is_stable_for_huge_logits():
    logits = np.array([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]])
    p = network.softmax(logits)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], 1 / 3)


def test_create_is_reproducible_and_scaled():
    a = TwoLayerNet.create(64, 256, 10, seed=5)
    b = TwoLayerNet.create(64, 256, 10, seed=5)
    assert np.array_equal(a.W1, b.W1) and np.array_equal(a.W2, b.W2)
    assert not np.array_equal(a.W1, TwoLayerNet.create(64, 256, 10, seed=6).W1)
    assert abs(a.W1.std() - np.sqrt(2 / 64)) < 0.01
    assert a.mask1.dtype == bool and a.mask1.all() and a.sparsity == 0.0


def test_counts_exclude_biases_from_sparsity(small_net):
    net = prune.magnitude_prune(small_net, 0.5)
    c = net.count_parameters()
    assert c.weights_total == 5 * 7 + 7 * 3
    assert c.weights_kept == c.weights_total - round(0.5 * c.weights_total)
    assert c.biases == 7 + 3
    assert net.sparsity == pytest.approx(c.weights_pruned / c.weights_total)
    assert c.active == c.weights_kept + c.biases


def test_layer_sparsity_and_dead_units(small_net):
    mask1 = np.array(small_net.mask1)
    mask1[:, 0] = False                 # unit 0: no inputs
    mask2 = np.array(small_net.mask2)
    mask2[3, :] = False                 # unit 3: no outputs
    net = small_net.replace(mask1=mask1, mask2=mask2)
    s1, s2 = net.layer_sparsity()
    assert s1 == pytest.approx(5 / 35) and s2 == pytest.approx(3 / 21)
    no_in, no_out = net.dead_units()
    assert no_in.tolist() == [True] + [False] * 6
    assert no_out.tolist() == [False, False, False, True, False, False, False]


def test_network_is_immutable(small_net):
    with pytest.raises(ValueError):
        small_net.W1[0, 0] = 3.0
    with pytest.raises(AttributeError):
        small_net.W1 = np.zeros((5, 7))


def test_replace_zeroes_pruned_weights_and_copies(small_net):
    mask1 = np.ones((5, 7), bool)
    mask1[0, 0] = False
    W1 = np.ones((5, 7))
    net = small_net.replace(W1=W1, mask1=mask1)
    assert net.W1[0, 0] == 0.0 and net.W1[1, 1] == 1.0
    assert W1[0, 0] == 1.0 and mask1[0, 0] == np.False_  # the caller's arrays are untouched
    mask1[1, 1] = False
    assert net.mask1[1, 1]  # the network holds its own copy


def test_predict_accuracy_and_proba(small_net, small_data):
    X, y = small_data
    p = small_net.predict_proba(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert np.array_equal(small_net.predict(X), p.argmax(axis=1))
    assert small_net.accuracy(X, y) == pytest.approx(np.mean(p.argmax(axis=1) == y))
    assert small_net.loss(X, y) == pytest.approx(-np.mean(np.log(p[np.arange(len(y)), y])))


@settings(max_examples=30, deadline=None)
@given(n_in=st.integers(1, 6), n_hidden=st.integers(1, 6), n_out=st.integers(2, 5),
       seed=st.integers(0, 2**31))
def test_hidden_and_logits_shapes(n_in, n_hidden, n_out, seed):
    net = TwoLayerNet.create(n_in, n_hidden, n_out, seed=seed)
    X = np.random.default_rng(seed).normal(size=(4, n_in))
    assert net.hidden(X).shape == (4, n_hidden)
    assert net.logits(X).shape == (4, n_out)
    assert np.all(net.hidden(X) >= 0)


@pytest.mark.parametrize("args, err, match", [
    ((0, 5, 3), ValueError, "n_in"),
    ((4, 0, 3), ValueError, "n_hidden"),
    ((4, -2, 3), ValueError, "n_hidden"),
    ((4, 5, 1), ValueError, "n_out"),
    ((4.0, 5, 3), TypeError, "n_in"),
    ((4, "5", 3), TypeError, "n_hidden"),
])
def test_create_refuses_bad_sizes(args, err, match):
    with pytest.raises(err, match=match):
        TwoLayerNet.create(*args, seed=0)


def test_create_refuses_bad_seed():
    with pytest.raises(TypeError, match="seed"):
        TwoLayerNet.create(3, 4, 2, seed=None)
    with pytest.raises(ValueError, match="seed"):
        TwoLayerNet.create(3, 4, 2, seed=-3)


@pytest.mark.parametrize("X, y, err, match", [
    (np.full((3, 5), np.nan), [0, 1, 2], ValueError, "NaN"),
    (np.zeros((3, 4)), [0, 1, 2], ValueError, "features"),
    (np.zeros((0, 5)), [], ValueError, "empty"),
    (np.zeros(5), [0], ValueError, "2-D"),
    ("abc", [0], TypeError, "X"),
    (np.zeros((3, 5)), [0, 1], ValueError, "match"),
    (np.zeros((3, 5)), [0, 1, 3], ValueError, r"\[0, 2\]"),
    (np.zeros((3, 5)), [0, 1, -1], ValueError, "labels"),
    (np.zeros((3, 5)), [0.5, 1, 2], ValueError, "integer"),
    (np.zeros((3, 5)), ["a", "b", "c"], TypeError, "integer"),
])
def test_accuracy_refuses_bad_data(small_net, X, y, err, match):
    with pytest.raises(err, match=match):
        small_net.accuracy(X, y)


def test_constructor_refuses_inconsistent_arrays(small_net):
    with pytest.raises(ValueError, match="mask1"):
        small_net.replace(mask1=np.ones((3, 3), bool))
    with pytest.raises(TypeError, match="boolean"):
        small_net.replace(mask1=np.ones((5, 7)))
    with pytest.raises(ValueError, match="NaN"):
        small_net.replace(b2=np.array([np.nan, 0, 0]))
    with pytest.raises(TypeError, match="unknown"):
        small_net.replace(W3=1)


@pytest.mark.parametrize("call, message", [
    (lambda net: net.predict(np.zeros((2, 4))), "TwoLayerNet.predict(): X has 4 features"),
    (lambda net: net.logits("X"), "TwoLayerNet.logits(): X must be a 2-D array"),
    (lambda net: net.accuracy(np.zeros((2, 5)), [0, 5]),
     "TwoLayerNet.accuracy(): y labels must be in [0, 2]"),
    (lambda net: net.gradients(np.zeros((2, 5)), [0]), "TwoLayerNet.gradients(): y has 1 labels but X has 2"),
    (lambda net: TwoLayerNet.create(3, 0, 2), "TwoLayerNet.create(): n_hidden must be an integer >= 1"),
    (lambda net: net.replace(W3=1), "TwoLayerNet.replace(): unknown field(s) ['W3']"),
    (lambda net: net.replace(b1=np.zeros(3)), "TwoLayerNet.replace(): b1 must be of shape (7,)"),
    (lambda net: network.gradient_check(net, np.zeros((2, 5)), [0, 1], eps=2.0),
     "gradient_check(): eps must be in (0.0, 1.0)"),
    (lambda net: network.softmax(np.zeros(3)), "softmax(): logits must be 2-D"),
])
def test_errors_name_the_function_and_the_parameter(small_net, call, message):
    with pytest.raises(InvalidParameterError) as caught:
        call(small_net)
    assert str(caught.value).startswith(message)
