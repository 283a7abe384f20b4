"""Tests for mdl.message: the whole two-part message (model and labels) on disk."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mdl_prune import mdl, network, prune
from mdl_prune._checks import InvalidParameterError
from mdl_prune.mdl.message import decode_message, encode_message

ARRAYS = ("W1", "b1", "W2", "b2", "mask1", "mask2")


def _same(a, b):
    return all(np.array_equal(getattr(a, k), getattr(b, k)) for k in ARRAYS)


def _random_case(n_in, n_hidden, n_out, n_samples, sparsity, seed, scale):
    rng = np.random.default_rng(seed)
    net = network.TwoLayerNet.create(n_in, n_hidden, n_out, seed=seed)
    net = net.replace(W1=net.W1 * scale, W2=net.W2 * scale,
                      b1=rng.normal(0, scale, n_hidden), b2=rng.normal(0, scale, n_out))
    net = prune.magnitude_prune(net, sparsity)
    return net, rng.normal(size=(n_samples, n_in)), rng.integers(0, n_out, n_samples)


@settings(max_examples=60, deadline=None)
@given(n_in=st.integers(1, 6), n_hidden=st.integers(1, 6), n_out=st.integers(2, 5),
       n_samples=st.integers(1, 40), sparsity=st.floats(0.0, 1.0),
       value_bits=st.sampled_from(mdl.ALLOWED_VALUE_BITS), seed=st.integers(0, 10_000),
       scale=st.sampled_from([1e-3, 1.0, 30.0]))
def test_round_trip_random_nets(n_in, n_hidden, n_out, n_samples, sparsity, value_bits, seed, scale):
    net, X, y = _random_case(n_in, n_hidden, n_out, n_samples, sparsity, seed, scale)
    blob = encode_message(net, X, y, value_bits)
    back, y_back = decode_message(blob, X)
    assert _same(back, mdl.decode(mdl.encode(net, value_bits)))
    assert _same(back, mdl.receiver_network(net, value_bits))
    assert y_back.dtype == np.int64 and np.array_equal(y_back, y)


@pytest.mark.parametrize("value_bits", [1, 2, 3, 4, 5, 6, 7, 8, 16, 32])
def test_file_size_against_ideal_on_sparse_digits(sparse_digits, value_bits):
    net, X, y = sparse_digits
    blob = encode_message(net, X, y, value_bits)
    ideal = mdl.description_length(net, X, y, value_bits).total_bits
    assert ideal - 1 <= len(blob) * 8 <= 1.01 * ideal + 64
    back, y_back = decode_message(blob, X)
    assert _same(back, mdl.decode(mdl.encode(net, value_bits))) and np.array_equal(y_back, y)


@settings(max_examples=30, deadline=None)
@given(n_samples=st.integers(50, 400), value_bits=st.sampled_from([1, 2, 4, 8, 32]),
       seed=st.integers(0, 1000))
def test_file_size_against_ideal_random(n_samples, value_bits, seed):
    net, X, y = _random_case(8, 6, 4, n_samples, 0.5, seed, 1.0)
    blob = encode_message(net, X, y, value_bits)
    ideal = mdl.description_length(net, X, y, value_bits).total_bits
    assert len(blob) * 8 <= 1.01 * ideal + 64


def test_labels_part_follows_the_model_part(sparse_digits):
    """Better predictions, shorter message: the labels are coded with the network."""
    net, X, y = sparse_digits
    right = len(encode_message(net, X, y, 8))
    shuffled = len(encode_message(net, X, np.random.default_rng(0).permutation(y), 8))
    assert right + 100 < shuffled


def test_arguments_not_mutated(sparse_digits):
    net, X, y = sparse_digits
    X2, y2 = X.copy(), y.copy()
    before = {k: getattr(net, k).copy() for k in ARRAYS}
    blob = encode_message(net, X2, y2, 4)
    decode_message(blob, X2)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert all(np.array_equal(before[k], getattr(net, k)) for k in ARRAYS)


def test_deterministic(sparse_digits):
    net, X, y = sparse_digits
    assert encode_message(net, X, y, 3) == encode_message(net, X, y, 3)


@pytest.mark.parametrize("kwargs, param", [
    (dict(net="net"), "net"), (dict(X=np.zeros((3, 2))), "X"), (dict(X=[[np.nan] * 5]), "X"),
    (dict(y=[0, 1]), "y"), (dict(y=[0, 1, 7]), "y"), (dict(value_bits=0), "value_bits"),
    (dict(value_bits=17), "value_bits"), (dict(value_bits=4.0), "value_bits"),
])
def test_encode_refuses_bad_input(small_net, kwargs, param):
    X = np.random.default_rng(0).normal(size=(3, 5))
    args = dict(net=small_net, X=X, y=[0, 1, 2], value_bits=4) | kwargs
    with pytest.raises(InvalidParameterError, match=param):
        encode_message(**args)


def test_decode_refuses_bad_blobs(small_net):
    X = np.random.default_rng(0).normal(size=(30, 5))
    y = np.random.default_rng(1).integers(0, 3, 30)
    blob = encode_message(small_net, X, y, 4)
    bad = [b"", "text", None, blob[:-1], blob[:-4], blob + b"\0\0\0\0", blob[:5], b"\xff" * 9,
           b"\x00" + blob[1:], bytes([blob[0] + 1]) + blob[1:]]
    for b in bad:
        with pytest.raises(InvalidParameterError, match="blob"):
            decode_message(b, X)
    with pytest.raises(InvalidParameterError, match="X"):
        decode_message(blob, X[:, :4])
    flipped = bytearray(blob)
    flipped[-3] ^= 0x40                                 # a changed label word: refused, or other labels
    try:
        _, y2 = decode_message(bytes(flipped), X)
        assert not np.array_equal(y2, y)
    except InvalidParameterError as exc:
        assert "blob" in str(exc)
