"""Tests for mdl.codec: encode/decode round trips, the file at its ideal length, the ranks, corrupt bytes."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mdl_nets import random_net, same_network
from mdl_prune import mdl, network, prune
from mdl_prune._checks import InvalidParameterError
from mdl_prune.mdl import codec


# ----------------------------------------------------------------------------- round trips
def _check_round_trip(net, value_bits):
    """decode(encode(net)) is the receiver's network, and the file is the ideal count rounded up."""
    code = mdl.model_code(net, value_bits)
    blob = mdl.encode(net, value_bits)
    back = mdl.decode(blob)
    assert same_network(back, code.network)
    assert np.array_equal(back.mask1, net.mask1) and np.array_equal(back.mask2, net.mask2)
    # Never below the ideal count, at most 7 bits above.
    exact = mdl.exact_model_bits(net, value_bits)
    assert exact == pytest.approx(code.total_bits, rel=1e-9, abs=1e-9)
    assert exact - 1e-9 <= len(blob) * 8 < exact + 8
    assert len(blob) * 8 <= 1.25 * code.total_bits


@settings(max_examples=60, deadline=None)
@given(n_in=st.integers(1, 7), n_hidden=st.integers(1, 7), n_out=st.integers(2, 4),
       sparsity=st.floats(0.0, 1.0), value_bits=st.sampled_from(mdl.ALLOWED_VALUE_BITS),
       seed=st.integers(0, 10_000), scale=st.sampled_from([1e-3, 1.0, 30.0]))
def test_round_trip_random_nets(n_in, n_hidden, n_out, sparsity, value_bits, seed, scale):
    _check_round_trip(random_net(n_in, n_hidden, n_out, sparsity, seed, scale), value_bits)


@pytest.mark.parametrize("value_bits", mdl.ALLOWED_VALUE_BITS)
@settings(max_examples=12, deadline=None)
@given(shape=st.tuples(st.integers(1, 9), st.integers(1, 6), st.integers(2, 4)),
       sparsity=st.sampled_from([0.0, 0.3, 0.8, 0.97, 1.0]), seed=st.integers(0, 10_000),
       scale=st.sampled_from([1e-3, 1.0, 30.0]))
def test_round_trip_at_every_precision(value_bits, shape, sparsity, seed, scale):
    # Every value_bits, not only those a random draw happens to pick.
    _check_round_trip(random_net(*shape, sparsity, seed, scale), value_bits)


@pytest.mark.parametrize("sparsity", [0.0, 0.5, 0.9, 0.99, 1.0])
def test_round_trip_trained_digits(trained_digits_net, sparsity):
    net = prune.magnitude_prune(trained_digits_net, sparsity)
    for b in (1, 3, 8, 32):
        assert same_network(mdl.decode(mdl.encode(net, b)), mdl.receiver_network(net, b))


def test_submatrix_mask_and_multinomial_values_round_trip():
    net = network.TwoLayerNet.create(40, 30, 3, seed=0)
    mask1 = np.zeros((40, 30), bool)
    mask1[[1, 5, 7, 20], :3] = True                      # submatrix code for W1
    W1 = np.random.default_rng(0).choice([-0.5, 0.5, 0.9], size=(40, 30))   # multinomial values
    net = net.replace(W1=W1, mask1=mask1)
    code = mdl.model_code(net, 6)
    assert {m.code for m in code.masks} == {"submatrix", "enumerative"}
    assert code.arrays[0].code == "multinomial"
    _check_round_trip(net, 6)


def test_float32_means_the_float32_values(trained_digits_net):
    net = prune.magnitude_prune(trained_digits_net, 0.7)
    back = mdl.decode(mdl.encode(net, 32))
    for k in ("W1", "b1", "W2", "b2"):
        assert np.array_equal(getattr(back, k), getattr(net, k).astype(np.float32).astype(np.float64))
    code = mdl.model_code(net, 32)
    c = net.count_parameters()
    assert code.weight_bits + code.bias_bits == 32 * (c.weights_kept + c.biases)


def test_file_within_ideal_count_at_every_precision(trained_digits_net):
    net = prune.magnitude_prune(trained_digits_net, 0.95)
    for b in range(2, 9):
        ideal = mdl.model_code(net, b).total_bits
        size = len(mdl.encode(net, b)) * 8
        assert ideal <= size <= 1.25 * ideal
        assert size - ideal < 8


def _hand_made_net():
    W1 = np.array([[0.5, -1.0], [0.0, 0.25], [2.0, -0.75]])
    W2 = np.array([[1.5, -0.5], [0.125, 0.0]])
    mask1 = np.array([[1, 1], [0, 1], [1, 0]], bool)
    mask2 = np.array([[1, 0], [1, 1]], bool)
    return network.TwoLayerNet(W1, np.array([0.1, -0.2]), W2, np.array([0.3, 0.0]), mask1, mask2)


@pytest.mark.parametrize("value_bits,hex_bytes", [
    (3, "1df14b00dd29ae63248dd65dfb58ba000200020003"),
    (32, "000000000088671000df200000871860008ae88c019ea7b800f638d000fb040000882f4801a1451800894630"
         "016d08000200020003")])
def test_known_bytes_of_a_hand_made_net(value_bits, hex_bytes):
    # Pins the file format: these bytes are what every earlier version wrote.
    assert mdl.encode(_hand_made_net(), value_bits).hex() == hex_bytes


def test_reader_reads_fields_in_the_documented_order():
    net = network.TwoLayerNet.create(1, 1, 2, seed=0)
    net = net.replace(mask1=np.zeros((1, 1), bool), mask2=np.zeros((1, 2), bool),
                      b1=np.array([0.5]), b2=np.array([-0.25, 1.0]))
    blob = mdl.encode(net, 1)
    assert blob.hex() == "1afe81f14000000200010001"
    r = codec._Reader(blob)
    assert [r.get(1 << 16) for _ in range(3)] == [1, 1, 2]         # n_in, n_hidden, n_out
    assert mdl.ALLOWED_VALUE_BITS[r.get(17)] == 1                  # value_bits
    assert [r.get(2), r.get(2)] == [0, 0]                          # W1: enumerative, k = 0 of 1
    assert [r.get(2), r.get(3)] == [0, 0]                          # W2: enumerative, k = 0 of 2
    step = np.array(r.get(1 << 16), dtype=np.uint16).view(np.float16)
    assert step == mdl.model_code(net, 1).arrays[1].step           # b1: step, then ...
    assert r.get(2) in (0, 1)                                      # ... its code
    assert mdl.decode(blob).sparsity == 1.0


# ----------------------------------------------------------------------------- the ranks
@pytest.mark.parametrize("n", range(0, 8))
def test_subset_ranks_are_colexicographic_and_dense(n):
    for k in range(n + 1):
        subsets = sorted(itertools.combinations(range(n), k), key=lambda s: s[::-1])
        ranks = [codec._rank_subset(s) for s in subsets]
        assert ranks == list(range(math.comb(n, k)))
        for rank, s in enumerate(subsets):
            assert tuple(codec._unrank_subset(rank, n, k)) == s


@pytest.mark.parametrize("counts", [(1,), (2, 0, 1), (1, 1, 1, 1), (3, 2), (0, 2, 2, 1)])
def test_arrangement_ranks_are_a_bijection(counts):
    multiset = [s for s, c in enumerate(counts) for _ in range(c)]
    arrangements = sorted(set(itertools.permutations(multiset)))
    total = math.factorial(sum(counts)) // math.prod(math.factorial(c) for c in counts)
    assert len(arrangements) == total
    ranks = []
    for seq in arrangements:
        rank, n_arr = codec._rank_arrangement(seq, counts)
        assert n_arr == total
        assert tuple(codec._unrank_arrangement(rank, counts)) == seq
        ranks.append(rank)
    assert sorted(ranks) == list(range(total))


@settings(max_examples=50, deadline=None)
@given(counts=st.lists(st.integers(0, 6), min_size=1, max_size=8))
def test_level_counts_as_a_subset_round_trip(counts):
    k, m = sum(counts), len(counts)
    bars = codec._composition_to_subset(counts)
    assert len(bars) == m - 1 and all(0 <= b < k + m - 1 for b in bars)
    assert list(codec._subset_to_composition(bars, k, m)) == counts


# ----------------------------------------------------------------------------- bad bytes
def test_decode_refuses_bad_bytes(small_net):
    blob = mdl.encode(small_net, 4)
    with pytest.raises(InvalidParameterError, match=r"decode\(\): blob must be bytes"):
        mdl.decode("abc")
    with pytest.raises(InvalidParameterError, match="blob is empty"):
        mdl.decode(b"")
    for bad in (blob + b"\x00", blob[:-1], b"\x00" + blob):
        with pytest.raises(InvalidParameterError, match="corrupt") as info:
            mdl.decode(bad)
        assert info.value.parameter == "blob"
    assert same_network(mdl.decode(bytearray(blob)), mdl.decode(memoryview(blob)))


def _message(*digits):
    """Bytes of a hand-made message: (digit, radix) pairs in the order the reader reads them."""
    w = codec._Writer()
    for digit, radix in digits:
        w.put(digit, radix)
    return w.to_bytes()


_HEADER_1_1_2_AT_32 = [(1, 1 << 16), (1, 1 << 16), (2, 1 << 16), (16, 17)]
_EMPTY_MASKS = [(0, 2), (0, 2), (0, 2), (0, 3)]


@pytest.mark.parametrize("digits,match", [
    ([(0, 1 << 16), (1, 1 << 16), (2, 1 << 16), (0, 17)], "layer sizes 0-1-2"),
    ([(1, 1 << 16), (1, 1 << 16), (1, 1 << 16), (0, 17)], "layer sizes 1-1-1"),
    ([(60000, 1 << 16), (60000, 1 << 16), (2, 1 << 16), (0, 17)], "refusing to decode"),
    (_HEADER_1_1_2_AT_32 + _EMPTY_MASKS + [(0x7FC00000, 1 << 32)], "float32 value is not finite"),
    ([(1, 1 << 16), (1, 1 << 16), (2, 1 << 16), (7, 17)] + _EMPTY_MASKS + [(0x7C00, 1 << 16)],
     "quantizer step"),
])
def test_decode_names_what_is_corrupt(digits, match):
    with pytest.raises(InvalidParameterError, match=match) as info:
        mdl.decode(_message(*digits))
    assert info.value.parameter == "blob"


def test_encode_and_exact_model_bits_refuse_bad_arguments(small_net):
    for fn in (mdl.encode, mdl.exact_model_bits):
        with pytest.raises(InvalidParameterError, match=rf"{fn.__name__}\(\): net must be a TwoLayerNet"):
            fn(np.zeros((2, 2)))
        with pytest.raises(InvalidParameterError, match=rf"{fn.__name__}\(\): value_bits must be"):
            fn(small_net, 17)
    big = network.TwoLayerNet.create(3, 2, 2, seed=0).replace(W1=np.full((3, 2), 1e300))
    with pytest.raises(InvalidParameterError, match="net.W1 has values beyond the float32 range"):
        mdl.encode(big, 32)
    with pytest.raises(InvalidParameterError, match="net.W1 has values up to 1e.300: too large"):
        mdl.encode(big, 8)


def test_encode_does_not_mutate(trained_digits_net):
    net = prune.magnitude_prune(trained_digits_net, 0.9)
    before = {k: getattr(net, k).copy() for k in ("W1", "b1", "W2", "b2", "mask1", "mask2")}
    blob = mdl.encode(net, 3)
    assert mdl.encode(net, 3) == blob
    assert all(np.array_equal(getattr(net, k), v) for k, v in before.items())
