"""Tests for mdl.shortest: the shortest two-part code and the network its receiver rebuilds.

The code's model part is checked by an independent enumerative coder written
here from the module docstring alone: it writes the receiver's network as a
mixed-radix integer (every field a digit whose radix is its number of
choices), reads it back into exactly that network, and the log2 of the
product of the radices must equal the stated model bits.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mdl_prune import mdl, network, prune
from mdl_prune._checks import InvalidParameterError
from mdl_prune.mdl import shortest
from mdl_prune.mdl.shortest import MANTISSA_BITS, _canonical, shortest_code

ARRAYS = ("W1", "b1", "W2", "b2", "mask1", "mask2")


@pytest.fixture(scope="module")
def digits_code(sparse_digits):
    net, X, y = sparse_digits
    return shortest_code(net, X, y, seed=0)


def _random_case(n_in, n_hidden, n_out, sparsity, seed, n_samples=30):
    rng = np.random.default_rng(seed)
    net = network.TwoLayerNet.create(n_in, n_hidden, n_out, seed=seed)
    net = prune.magnitude_prune(net.replace(b1=rng.normal(0, 1, n_hidden), b2=rng.normal(0, 1, n_out)),
                                sparsity)
    return net, rng.normal(size=(n_samples, n_in)), rng.integers(0, n_out, n_samples)


# ----------------------------------------------------------------------------- an independent coder
class _Digits:
    """Mixed-radix digits: log2 of the product of the radices is the message length in bits."""

    def __init__(self, digits=None):
        self.digits, self.pos = list(digits or []), 0

    def put(self, digit, radix):
        assert 0 <= digit < max(radix, 1)
        self.digits.append((int(digit), int(radix)))

    def get(self, radix):
        digit, r = self.digits[self.pos]
        assert r == radix, "the decoder computed another radix than the encoder"
        self.pos += 1
        return digit

    def bits(self):
        return sum(math.log2(r) for _, r in self.digits if r > 1)


def _rank(positions):
    return sum(math.comb(int(p), j) for j, p in enumerate(sorted(positions), 1))


def _unrank(rank, k):
    """Inverse of _rank: for j = k..1 the largest p with C(p, j) <= rank (binary search)."""
    out = []
    for j in range(k, 0, -1):
        low, high = j - 1, j
        while math.comb(high, j) <= rank:
            high *= 2
        while high - low > 1:                       # C(low, j) <= rank < C(high, j)
            mid = (low + high) // 2
            low, high = (mid, high) if math.comb(mid, j) <= rank else (low, mid)
        out.append(low)
        rank -= math.comb(low, j)
    return sorted(out)


def _put_gamma(w, n):
    length = n.bit_length()
    for _ in range(length - 1):
        w.put(0, 2)
    w.put(1, 2)
    for i in range(length - 2, -1, -1):
        w.put((n >> i) & 1, 2)


def _get_gamma(r):
    zeros = 0
    while r.get(2) == 0:
        zeros += 1
    n = 1
    for _ in range(zeros):
        n = 2 * n + r.get(2)
    return n


def _pattern(v, m):
    """A codebook value's (6 + m)-bit pattern: sign, exponent, top m mantissa bits of its float16."""
    bits = int(np.float16(abs(v)).view(np.uint16))
    assert bits % (1 << (10 - m)) == 0, "a codebook value has more mantissa bits than m"
    return ((v < 0) << (5 + m)) | (bits >> (10 - m))


def _value(pattern, m):
    magnitude = float(np.uint16((pattern & ((1 << (5 + m)) - 1)) << (10 - m)).view(np.float16))
    return -magnitude if pattern >> (5 + m) else magnitude


def _put_values(w, v, m):
    book, index = np.unique(v, return_inverse=True)
    counts = np.bincount(index)
    n, k = len(v), len(book)
    _put_gamma(w, k)
    w.put(_rank([_pattern(x, m) for x in book]), math.comb(1 << (6 + m), k))
    w.put(_rank(np.cumsum(counts[:-1]) - 1), math.comb(n - 1, k - 1))   # k - 1 cut points
    left, rank, arrangements = [int(c) for c in counts], 0, math.factorial(n)
    for c in counts:
        arrangements //= math.factorial(int(c))
    total = arrangements
    for i, x in enumerate(index.tolist()):          # rank among all arrangements, symbol by symbol
        for s in range(x):
            rank += total * left[s] // (n - i)
        total = total * left[x] // (n - i)
        left[x] -= 1
    w.put(rank, arrangements)


def _get_values(r, n, m):
    k = _get_gamma(r)
    book = sorted(_value(p, m) for p in _unrank(r.get(math.comb(1 << (6 + m), k)), k))
    cuts = [-1] + _unrank(r.get(math.comb(n - 1, k - 1)), k - 1) + [n - 1]
    left = [int(b - a) for a, b in zip(cuts, cuts[1:])]
    arrangements = math.factorial(n)
    for c in left:
        arrangements //= math.factorial(c)
    rank, total, out = r.get(arrangements), arrangements, []
    for i in range(n):
        for s in range(k):
            block = total * left[s] // (n - i)
            if rank < block:
                break
            rank -= block
        total, left[s] = block, left[s] - 1
        out.append(book[s])
    return np.array(out)


def _encode(recv, m, all_inputs):
    """The model part of the module docstring, field by field, from the receiver's network alone.

    ``all_inputs`` chooses the universe of the input subsets: all inputs, or those the live units read.
    """
    w = _Digits()
    w.put(0, 2)                                     # this code, not mdl's
    for size in (recv.n_in, recv.n_hidden, recv.n_out):
        _put_gamma(w, size)
    w.put(m, len(MANTISSA_BITS))
    live = recv.mask1.any(axis=0) & recv.mask2.any(axis=1)
    H = int(live.sum())
    w.put(H, recv.n_hidden + 1)
    if H:
        cols = recv.mask1[:, :H]
        used = np.arange(recv.n_in) if all_inputs else np.flatnonzero(cols.any(axis=1))
        w.put(0 if all_inputs else 1, 2)
        if not all_inputs:
            w.put(len(used), recv.n_in + 1)
            w.put(_rank(used), math.comb(recv.n_in, len(used)))
        sub, U = cols[used], len(used)
        degree = sub.sum(axis=0)
        D = int(degree.max())
        w.put(D - 1, U)
        hist = np.bincount(degree, minlength=D + 1)[1:]
        w.put(_rank(np.cumsum(hist[:-1]) + np.arange(D - 1)), math.comb(H + D - 1, D - 1))
        for d in range(1, D + 1):
            ranks = [_rank(np.flatnonzero(sub[:, h])) for h in range(H) if degree[h] == d]
            assert ranks == sorted(ranks), "units are not in the canonical order"
            w.put(_rank([r + i for i, r in enumerate(ranks)]),
                  math.comb(math.comb(U, d) + len(ranks) - 1, len(ranks)))
        rows = recv.mask2[:H].ravel()
        w.put(int(rows.sum()), rows.size + 1)
        w.put(_rank(np.flatnonzero(rows)), math.comb(rows.size, int(rows.sum())))
    for v in (recv.W1[recv.mask1], recv.b1[:H], recv.W2[recv.mask2], recv.b2):
        if v.size:
            _put_values(w, v, m)
    return w


def _decode(w, n_in, n_hidden, n_out):
    r = _Digits(w.digits)
    assert r.get(2) == 0
    assert (_get_gamma(r), _get_gamma(r), _get_gamma(r)) == (n_in, n_hidden, n_out)
    m = r.get(len(MANTISSA_BITS))
    H = r.get(n_hidden + 1)
    mask1, mask2 = np.zeros((n_in, n_hidden), bool), np.zeros((n_hidden, n_out), bool)
    if H:
        if r.get(2) == 0:
            P, used = n_in, list(range(n_in))
        else:
            P = r.get(n_in + 1)
            used = _unrank(r.get(math.comb(n_in, P)), P)
        D = r.get(P) + 1
        bars = _unrank(r.get(math.comb(H + D - 1, D - 1)), D - 1)
        hist = np.diff([-1] + bars + [H + D - 1]) - 1
        h = 0
        for d, n_d in zip(range(1, D + 1), hist):
            ranks = _unrank(r.get(math.comb(math.comb(P, d) + n_d - 1, n_d)), n_d)
            for i, rank in enumerate(ranks):
                mask1[[used[p] for p in _unrank(rank - i, d)], h] = True
                h += 1
        k2 = r.get(H * n_out + 1)
        mask2[:H].ravel()[_unrank(r.get(math.comb(H * n_out, k2)), k2)] = True
    arrays = {"W1": np.zeros(mask1.shape), "b1": np.zeros(n_hidden), "W2": np.zeros(mask2.shape)}
    arrays["W1"][mask1] = _get_values(r, int(mask1.sum()), m) if mask1.any() else []
    arrays["b1"][:H] = _get_values(r, H, m) if H else []
    arrays["W2"][mask2] = _get_values(r, int(mask2.sum()), m) if mask2.any() else []
    b2 = _get_values(r, n_out, m)
    assert r.pos == len(r.digits)
    return network.TwoLayerNet(arrays["W1"], arrays["b1"], arrays["W2"], b2, mask1, mask2)


def _check_round_trip(recv, dl):
    """The stated model bits are a real, decodable code for exactly the receiver's network."""
    m = dl.value_bits - 6
    lengths = []
    for all_inputs in (True, False):
        w = _encode(recv, m, all_inputs)
        back = _decode(w, recv.n_in, recv.n_hidden, recv.n_out)
        assert all(np.array_equal(getattr(back, k), getattr(recv, k)) for k in ARRAYS)
        lengths.append(w.bits())
    assert dl.model_bits == pytest.approx(min(lengths), abs=1e-6)   # the code takes the cheaper universe


# ----------------------------------------------------------------------------- the digits network
def test_digits_ratio_and_parts(sparse_digits, digits_code):
    net, X, y = sparse_digits
    recv, dl = digits_code
    uniform = mdl.uniform_code_bits(len(y), 10)
    assert dl.total_bits / uniform <= 0.35
    assert dl.total_bits < mdl.best_description_length(net, X, y).total_bits - 300
    assert dl.total_bits == pytest.approx(dl.model_bits + dl.data_bits)
    assert dl.model_bits == pytest.approx(dl.header_bits + dl.mask_bits + dl.weight_bits + dl.bias_bits)
    assert dl.data_bits == pytest.approx(mdl.data_bits(recv, X, y), rel=1e-12)
    assert dl.model.network is recv and dl.model.masks[0].code == "units"
    assert recv.accuracy(X, y) > 0.9


def test_the_record_names_its_code(sparse_digits, digits_code):
    """shortest_code's record says "shared values"; mdl's own code (the fallback) "quantized"."""
    net, X, y = sparse_digits
    assert digits_code[1].code == "shared values"
    assert mdl.description_length(net, X, y).code == "quantized"
    assert shortest._with_choice_bit(mdl.description_length(net, X, y, value_bits=2)).code == "quantized"


def test_digits_receiver_is_decodable(digits_code):
    recv, dl = digits_code
    _check_round_trip(recv, dl)


def test_receiver_keeps_the_senders_units(sparse_digits, digits_code):
    """Each live unit of the receiver is a unit of the sender with the same inputs and outputs."""
    net, _, _ = sparse_digits
    recv, _ = digits_code
    sender = {(tuple(net.mask1[:, h]), tuple(net.mask2[h])) for h in range(net.n_hidden)}
    live = recv.mask1.any(axis=0)
    assert np.array_equal(live, recv.mask2.any(axis=1))
    assert np.all(live[:live.sum()]) and not np.any(recv.b1[~live])
    assert all((tuple(recv.mask1[:, h]), tuple(recv.mask2[h])) in sender for h in np.flatnonzero(live))


# ----------------------------------------------------------------------------- random networks
@settings(max_examples=15, deadline=None)
@given(n_in=st.integers(1, 6), n_hidden=st.integers(1, 6), n_out=st.integers(2, 4),
       sparsity=st.sampled_from([0.0, 0.3, 0.7, 0.9, 1.0]), seed=st.integers(0, 1000))
def test_random_nets(n_in, n_hidden, n_out, sparsity, seed):
    net, X, y = _random_case(n_in, n_hidden, n_out, sparsity, seed)
    recv, dl = shortest_code(net, X, y, seed=seed)
    assert dl.total_bits <= mdl.best_description_length(net, X, y).total_bits + 1.0
    assert dl.data_bits == pytest.approx(mdl.data_bits(recv, X, y), rel=1e-9, abs=1e-9)
    if dl.model.masks[0].code == "units":
        _check_round_trip(recv, dl)
    else:                                           # mdl's code won: its receiver, one bit more
        assert all(np.array_equal(getattr(recv, k), getattr(mdl.receiver_network(net, dl.value_bits), k))
                   for k in ARRAYS)


def test_dead_units_are_free():
    """Units without inputs or outputs add nothing; a unit without inputs moves into b2."""
    net, X, y = _random_case(5, 4, 3, 0.0, 0)
    m1, m2 = net.mask1.copy(), net.mask2.copy()
    m1[:, 1] = False                                # unit 1 reads nothing: constant relu(b1[1])
    m2[2] = False                                   # unit 2 feeds nothing
    wide = net.replace(mask1=np.hstack([m1, np.zeros((5, 3), bool)]),
                       mask2=np.vstack([m2, np.zeros((3, 3), bool)]),
                       W1=np.hstack([net.W1, np.ones((5, 3))]), W2=np.vstack([net.W2, np.ones((3, 3))]),
                       b1=np.concatenate([net.b1, np.ones(3)]))
    canon, H = _canonical(wide)
    assert H == 2 and np.allclose(canon.logits(X), wide.logits(X), rtol=0, atol=1e-12)
    recv, dl = shortest_code(wide, X, y)
    assert recv.n_hidden == 7 and recv.mask1.any(axis=0).sum() == 2
    assert dl.model.masks[0].kept == 2 * 5 and dl.model.masks[1].kept == 2 * 3


# ----------------------------------------------------------------------------- conventions
def test_deterministic_given_seed(sparse_digits, digits_code):
    net, X, y = sparse_digits
    recv, dl = shortest_code(net, X, y, seed=0)
    assert dl.total_bits == digits_code[1].total_bits
    assert all(np.array_equal(getattr(recv, k), getattr(digits_code[0], k)) for k in ARRAYS)


def test_arguments_not_mutated():
    net, X, y = _random_case(6, 5, 3, 0.5, 1)
    before = {k: getattr(net, k).copy() for k in ARRAYS}
    X2, y2 = X.copy(), y.copy()
    shortest_code(net, X2, y2, seed=np.random.default_rng(0))
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert all(np.array_equal(before[k], getattr(net, k)) for k in ARRAYS)


@pytest.mark.parametrize("kwargs, param", [
    (dict(net=np.zeros(3)), "net"), (dict(X=np.zeros((4, 2))), "X"), (dict(X=[[np.inf] * 6] * 4), "X"),
    (dict(y=[0, 1]), "y"), (dict(y=[0, 1, 2, 9]), "y"), (dict(y=[0.5, 1, 1, 1]), "y"),
    (dict(seed=-1), "seed"), (dict(seed=None), "seed"), (dict(seed=1.5), "seed"),
])
def test_bad_input_refused(kwargs, param):
    net, X, y = _random_case(6, 5, 3, 0.5, 1, n_samples=4)
    args = dict(net=net, X=X, y=y, seed=0) | kwargs
    with pytest.raises(InvalidParameterError, match=param):
        shortest_code(**args)
