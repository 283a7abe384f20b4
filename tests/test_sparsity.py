"""Tests of mdl_prune.sparsity: receptive fields, pixel usage, dead units, the sparsity table."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdl_prune import network, prune, sparsity
from mdl_prune._checks import InvalidParameterError


def _net_with_masks(mask1, mask2, seed=0):
    n_in, n_hidden = mask1.shape
    net = network.TwoLayerNet.create(n_in, n_hidden, mask2.shape[1], seed=seed)
    rng = np.random.default_rng(seed)
    return net.replace(b1=rng.normal(size=n_hidden), b2=rng.normal(size=mask2.shape[1]),
                       mask1=mask1, mask2=mask2)


# ---------------------------------------------------------------------------- smallest_kept
def test_smallest_kept_is_the_magnitude_threshold(small_net):
    pruned = prune.magnitude_prune(small_net, 0.6)
    thr = sparsity.smallest_kept(pruned)
    everything = np.concatenate([np.abs(small_net.W1).ravel(), np.abs(small_net.W2).ravel()])
    kept = np.concatenate([pruned.mask1.ravel(), pruned.mask2.ravel()])
    assert thr == everything[kept].min()
    assert np.all(everything[~kept] <= thr)


def test_smallest_kept_dense_and_all_pruned(small_net):
    assert sparsity.smallest_kept(small_net) == min(np.abs(small_net.W1).min(), np.abs(small_net.W2).min())
    with pytest.raises(ValueError, match="every weight"):
        sparsity.smallest_kept(prune.magnitude_prune(small_net, 1.0))


# ---------------------------------------------------------------------------- receptive fields
def test_receptive_fields_layout_and_mask(small_net):
    pruned = prune.magnitude_prune(small_net, 0.5)
    # 5 inputs laid out as a 1x5 "image"
    rf = sparsity.receptive_fields(pruned, (1, 5))
    assert rf.shape == (7, 1, 5)
    for h in range(7):
        np.testing.assert_array_equal(rf.data[h, 0], pruned.W1[:, h])
        np.testing.assert_array_equal(rf.mask[h, 0], ~pruned.mask1[:, h])


def test_receptive_fields_digits_pixel_order(trained_digits_net):
    rf = sparsity.receptive_fields(trained_digits_net, (8, 8))
    assert rf.shape == (32, 8, 8)
    # pixel (row 2, column 3) is input 2*8+3 in scikit-learn's row-major layout
    assert rf.data[5, 2, 3] == trained_digits_net.W1[19, 5]


def test_receptive_fields_does_not_share_memory(small_net):
    rf = sparsity.receptive_fields(small_net, (5,))
    rf.data[0, 0] = 123.0
    assert small_net.W1[0, 0] != 123.0


@pytest.mark.parametrize("shape, exc, match", [((8, 8), ValueError, "holds 64 pixels"),
                                               ((0, 5), ValueError, "positive"),
                                               ((), ValueError, "non-empty"),
                                               (5, TypeError, "image_shape")])
def test_receptive_fields_bad_shape(small_net, shape, exc, match):
    with pytest.raises(exc, match=match):
        sparsity.receptive_fields(small_net, shape)


def test_functions_refuse_non_networks():
    for fn in (sparsity.smallest_kept, sparsity.drop_dead_units):
        with pytest.raises(TypeError, match="net must be a TwoLayerNet"):
            fn("not a net")
    with pytest.raises(TypeError, match="net must be a TwoLayerNet"):
        sparsity.pixel_usage(np.zeros((3, 3)), (3,))


# ---------------------------------------------------------------------------- pixel usage
def test_pixel_usage_counts_units_per_input():
    mask1 = np.array([[1, 1, 0], [0, 0, 0], [1, 0, 0], [1, 1, 1]], bool)
    net = _net_with_masks(mask1, np.ones((3, 2), bool))
    np.testing.assert_array_equal(sparsity.pixel_usage(net, (2, 2)), [[2, 0], [1, 3]])


def test_pixel_usage_sums_to_kept_first_layer(trained_digits_net):
    pruned = prune.magnitude_prune(trained_digits_net, 0.9)
    usage = sparsity.pixel_usage(pruned, (8, 8))
    assert usage.sum() == pruned.mask1.sum()
    assert usage.min() >= 0 and usage.max() <= pruned.n_hidden


# ---------------------------------------------------------------------------- dead units
def test_drop_dead_units_same_logits_and_fold():
    # unit 0: no inputs, has outputs (folded); unit 1: no outputs (deleted);
    # unit 2: both dead; units 3, 4 alive
    mask1 = np.ones((4, 5), bool)
    mask1[:, 0] = False
    mask1[:, 2] = False
    mask2 = np.ones((5, 3), bool)
    mask2[1, :] = False
    mask2[2, :] = False
    net = _net_with_masks(mask1, mask2, seed=4)
    net = net.replace(b1=np.array([0.7, 0.2, -0.3, 0.1, 0.0]))
    small = sparsity.drop_dead_units(net)
    assert small.n_hidden == 2
    np.testing.assert_array_equal(small.W1, net.W1[:, 3:])
    np.testing.assert_allclose(small.b2, net.b2 + 0.7 * net.W2[0])
    X = np.random.default_rng(0).normal(size=(50, 4))
    np.testing.assert_allclose(small.logits(X), net.logits(X), rtol=1e-12, atol=1e-12)


def test_drop_dead_units_negative_bias_folds_nothing():
    mask1 = np.ones((3, 3), bool)
    mask1[:, 1] = False
    net = _net_with_masks(mask1, np.ones((3, 2), bool)).replace(b1=np.array([0.0, -2.0, 0.5]))
    small = sparsity.drop_dead_units(net)
    np.testing.assert_array_equal(small.b2, net.b2)     # relu(-2) = 0
    assert small.n_hidden == 2


def test_drop_dead_units_dense_net_unchanged(small_net):
    same = sparsity.drop_dead_units(small_net)
    assert same.n_hidden == small_net.n_hidden
    np.testing.assert_array_equal(same.W1, small_net.W1)
    np.testing.assert_array_equal(same.b2, small_net.b2)


def test_drop_dead_units_all_dead_refused(small_net):
    with pytest.raises(ValueError, match="all 7 hidden units"):
        sparsity.drop_dead_units(prune.magnitude_prune(small_net, 1.0))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), s=st.floats(0.0, 0.9))
def test_drop_dead_units_property(seed, s):
    net = network.TwoLayerNet.create(6, 8, 3, seed=seed)
    rng = np.random.default_rng(seed)
    net = net.replace(b1=rng.normal(size=8), b2=rng.normal(size=3))
    pruned = prune.magnitude_prune(net, s)
    no_in, no_out = pruned.dead_units()
    if (no_in | no_out).all():
        return
    small = sparsity.drop_dead_units(pruned)
    assert small.n_hidden == pruned.n_hidden - int((no_in | no_out).sum())
    assert not any(d.any() for d in small.dead_units())
    X = rng.normal(size=(20, 6))
    np.testing.assert_allclose(small.logits(X), pruned.logits(X), rtol=1e-10, atol=1e-10)
    # the original is untouched
    assert pruned.n_hidden == 8


# ---------------------------------------------------------------------------- table
def test_sparsity_table_counts(small_net):
    pruned = prune.magnitude_prune(small_net, 0.5)
    text = sparsity.sparsity_table({"dense": small_net, "half": pruned})
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[0].split()[0] == "network"
    dense_row = lines[2].split()
    assert dense_row[:8] == ["dense", "35/35", "0.0%", "21/21", "0.0%", "56/56", "0.0%", "10"]
    half = lines[3].split()
    k1, k2 = int(pruned.mask1.sum()), int(pruned.mask2.sum())
    assert half[1] == f"{k1}/35" and half[3] == f"{k2}/21"
    assert half[5] == "28/56" and half[6] == "50.0%"
    no_in, no_out = pruned.dead_units()
    assert half[8:] == [str(int(no_in.sum())), str(int(no_out.sum()))]


def test_sparsity_table_bad_input(small_net):
    with pytest.raises(InvalidParameterError, match=r"^sparsity_table\(\): nets is empty"):
        sparsity.sparsity_table({})
    with pytest.raises(TypeError, match="nets must be a dict of label -> TwoLayerNet, got list"):
        sparsity.sparsity_table([small_net])
    with pytest.raises(TypeError, match=r"nets\['x'\] must be a TwoLayerNet"):
        sparsity.sparsity_table({"x": 3})


# ---------------------------------------------------------------------------- input reach
def test_input_reach_counts_paths():
    mask1 = np.array([[1, 0], [0, 1], [0, 0]], bool)     # input 0 -> h0, input 1 -> h1, input 2 -> none
    mask2 = np.array([[1, 0, 0], [1, 1, 0]], bool)       # h0 -> class 0; h1 -> classes 0, 1; class 2 -> none
    net = _net_with_masks(mask1, mask2)
    np.testing.assert_array_equal(sparsity.input_reach(net), [2, 1, 0])


def test_input_reach_dense_and_empty(small_net):
    np.testing.assert_array_equal(sparsity.input_reach(small_net), [5, 5, 5])
    np.testing.assert_array_equal(sparsity.input_reach(prune.magnitude_prune(small_net, 1.0)), [0, 0, 0])
    with pytest.raises(TypeError, match="net must be a TwoLayerNet"):
        sparsity.input_reach(None)


def test_input_reach_unreached_class_has_constant_score():
    mask2 = np.ones((4, 3), bool)
    mask2[:, 1] = False
    net = _net_with_masks(np.ones((5, 4), bool), mask2, seed=2)
    assert sparsity.input_reach(net)[1] == 0
    logits = net.logits(np.random.default_rng(1).normal(size=(30, 5)))
    np.testing.assert_allclose(logits[:, 1], net.b2[1])
