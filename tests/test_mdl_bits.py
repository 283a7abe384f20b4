"""Tests for mdl.bits and mdl.quantizer: the two-part code counted term by term, the uniform code."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.special import comb, logsumexp

from mdl_nets import random_net
from mdl_prune import mdl, network, prune, train
from mdl_prune._checks import InvalidParameterError

QUANTIZED = list(range(1, 17))


# ----------------------------------------------------------------------------- layout
def test_public_api_is_the_union_of_the_modules():
    from mdl_prune.mdl import bits, codec, message, prequential, quantizer, shortest

    modules = (quantizer, bits, codec, message, prequential, shortest)
    assert sorted(mdl.__all__) == sorted(name for m in modules for name in m.__all__)
    assert len(set(mdl.__all__)) == len(mdl.__all__)
    for m in modules:
        assert all(getattr(mdl, name) is getattr(m, name) for name in m.__all__)


def test_modules_import_one_way():
    import ast
    import pathlib

    package = pathlib.Path(mdl.__file__).parent
    order = ["quantizer", "bits", "codec", "message", "prequential", "shortest"]
    for name in order:
        tree = ast.parse((package / f"{name}.py").read_text())
        siblings = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 1}
        assert siblings <= set(order[:order.index(name)]), (name, siblings)


# ----------------------------------------------------------------------------- the terms
def test_header_and_mask_terms_by_hand():
    net = random_net(6, 5, 3, 0.6, seed=4)
    code = mdl.model_code(net, 5)
    assert code.header_bits == pytest.approx(48 + math.log2(17))
    for m, mask in zip(code.masks, (net.mask1, net.mask2)):
        n, k = mask.size, int(mask.sum())
        assert m.enumerative_bits == pytest.approx(math.log2(n + 1) + math.log2(comb(n, k, exact=True)))
        assert m.bits == pytest.approx(1 + min(m.enumerative_bits, m.submatrix_bits))
        assert m.code == ("enumerative" if m.enumerative_bits <= m.submatrix_bits else "submatrix")
    assert code.total_bits == pytest.approx(code.header_bits + code.mask_bits + code.weight_bits
                                            + code.bias_bits)


def test_submatrix_code_wins_when_rows_are_empty():
    net = network.TwoLayerNet.create(40, 30, 3, seed=0)
    mask1 = np.zeros((40, 30), bool)
    mask1[[1, 5, 7, 20], :3] = True                       # 36 inputs and 27 units unused
    net = net.replace(mask1=mask1)
    code = mdl.model_code(net, 4)
    assert code.masks[0].code == "submatrix"
    assert code.masks[0].submatrix_bits < code.masks[0].enumerative_bits
    rows, cols = 4, 3
    assert code.masks[0].submatrix_bits == pytest.approx(
        math.log2(41) + math.log2(comb(40, rows, exact=True)) + math.log2(31)
        + math.log2(comb(30, cols, exact=True)) + math.log2(rows * cols + 1))   # all 12 kept


def test_multinomial_code_wins_when_levels_repeat():
    net = network.TwoLayerNet.create(20, 10, 3, seed=0)
    rng = np.random.default_rng(0)
    # Weights of two magnitudes only: with 6 bits most of the 64 levels never occur.
    W1 = rng.choice([-0.5, 0.5, 0.9], size=(20, 10))
    net = net.replace(W1=W1)
    code = mdl.model_code(net, 6)
    w1 = next(a for a in code.arrays if a.array == "W1")
    assert w1.code == "multinomial" and w1.bits < 16 + 1 + 6 * 200
    idx = mdl.quantize(W1, 6)[2]
    counts = np.bincount(idx, minlength=64)
    log2_arrangements = (math.lgamma(201) - sum(math.lgamma(c + 1) for c in counts)) / math.log(2)
    assert w1.bits == pytest.approx(16 + 1 + math.log2(comb(200 + 63, 63, exact=True))
                                    + log2_arrangements)


def test_log2_binomial_matches_exact():
    for n, k in [(0, 0), (10, 3), (4096, 135), (4736, 2368)]:
        assert mdl.log2_binomial(n, k) == pytest.approx(math.log2(math.comb(n, k)) if k else 0.0,
                                                        abs=1e-6)
    with pytest.raises(InvalidParameterError, match=r"log2_binomial\(\): k must be .*0 <= k <= n = 3"):
        mdl.log2_binomial(3, 4)


def test_one_ln2():
    from mdl_prune.mdl import bits, prequential

    assert mdl.LN2 == math.log(2.0)
    assert prequential.LN2 is bits.LN2 is mdl.LN2


def test_quantizer_levels_and_step():
    v = np.array([-1.0, -0.2, 0.0, 0.3, 0.9])
    deq, step, idx = mdl.quantize(v, 3)
    assert step == float(np.float16(step))               # sent as a float16
    half = 4
    assert np.all((idx >= 0) & (idx < 8))
    assert np.allclose(np.abs(deq), ((idx % half) + 0.5) * step)
    assert np.all(np.sign(deq) == np.where(v >= 0, 1, -1))
    with pytest.raises(InvalidParameterError, match=r"quantize\(\): value_bits=32 sends float32"):
        mdl.quantize(v, 32)


@pytest.mark.parametrize("value_bits", QUANTIZED)
@settings(max_examples=15, deadline=None)
@given(values=st.lists(st.floats(-1e3, 1e3), min_size=0, max_size=40))
def test_quantizer_at_every_precision(value_bits, values):
    v = np.array(values, dtype=np.float64)
    deq, step, idx = mdl.quantize(v, value_bits)
    half = 1 << (value_bits - 1)
    assert step == float(np.float16(step)) and step >= 0
    assert idx.dtype == np.int64 and np.all((idx >= 0) & (idx < 2 * half))
    assert np.all((idx >= half) == (v >= 0))                         # the sign is kept
    assert np.array_equal(deq, np.where(idx >= half, 1.0, -1.0) * ((idx % half) + 0.5) * step)
    if step > 0:                                                     # nearest level, unless clipped
        assert np.all((np.abs(v - deq) <= step / 2 * (1 + 1e-12)) | (idx % half == half - 1))


# ----------------------------------------------------------------------------- monotone where it must be
def test_more_sparsity_fewer_mask_and_value_bits(trained_digits_net):
    """From 50% on, each layer's enumerative mask code and its fixed-length values shrink."""
    prev = None
    for s in (0.5, 0.6, 0.75, 0.9, 0.95, 0.99):
        net = prune.magnitude_prune(trained_digits_net, s, scope="layer")
        code = mdl.model_code(net, 12)                   # b > 8: fixed-length values only
        now = ([m.enumerative_bits for m in code.masks], code.weight_bits,
               code.mask_bits + code.weight_bits)
        if prev is not None:
            assert all(a < b for a, b in zip(now[0], prev[0]))
            assert now[1] < prev[1]
            assert now[2] < prev[2]
        prev = now


def test_fewer_bits_per_value_fewer_value_bits(trained_digits_net):
    net = prune.magnitude_prune(trained_digits_net, 0.8)
    vals = [mdl.model_code(net, b) for b in mdl.ALLOWED_VALUE_BITS]
    wb = [c.weight_bits + c.bias_bits for c in vals]
    assert all(a < b for a, b in zip(wb, wb[1:]))
    assert len({c.mask_bits for c in vals}) == 1           # the mask does not depend on precision


# ----------------------------------------------------------------------------- data bits
def _independent_data_bits(net, X, y):
    h = np.maximum(X @ net.W1 + net.b1, 0)
    z = h @ net.W2 + net.b2
    logp = z[np.arange(len(y)), y] - logsumexp(z, axis=1)
    return -logp.sum() / np.log(2)


@pytest.mark.parametrize("value_bits", [1, 2, 4, 8, 16, 32])
def test_data_bits_equal_independent_count(trained_digits_net, digits, value_bits):
    net = prune.magnitude_prune(trained_digits_net, 0.9)
    dl = mdl.description_length(net, digits.X_train, digits.y_train, value_bits=value_bits)
    receiver = mdl.receiver_network(net, value_bits)
    assert dl.data_bits == pytest.approx(_independent_data_bits(receiver, digits.X_train,
                                                                digits.y_train), rel=1e-10)
    assert dl.total_bits == pytest.approx(dl.model_bits + dl.data_bits)
    assert dl.model_bits == pytest.approx(dl.header_bits + dl.mask_bits + dl.weight_bits
                                          + dl.bias_bits)
    assert dl.model_bits == pytest.approx(mdl.exact_model_bits(net, value_bits), rel=1e-9)


def test_data_bits_use_the_quantized_network(trained_digits_net, digits):
    X, y = digits.X_train, digits.y_train
    dl = mdl.description_length(trained_digits_net, X, y, value_bits=2)
    assert dl.data_bits != pytest.approx(mdl.data_bits(trained_digits_net, X, y), rel=1e-3)
    assert dl.data_bits == pytest.approx(mdl.data_bits(dl.model.network, X, y))
    # data bits are the mean cross-entropy in nats, times N, converted to bits
    assert mdl.data_bits(trained_digits_net, X, y) == pytest.approx(
        trained_digits_net.loss(X, y) * len(y) / np.log(2))


def test_sparse_trained_net_beats_uniform_code(digits):
    """Digits, 64 hidden, 95% sparse and fine-tuned: the best two-part code is below 0.5x uniform."""
    X, y = digits.X_train, digits.y_train
    net, _ = train.fit(network.TwoLayerNet.create(64, 64, 10, seed=0), X, y, seed=0)
    for s in (0.5, 0.75, 0.875, 0.925, 0.95):
        net, _ = train.fit(prune.magnitude_prune(net, s), X, y, epochs=20, seed=0)
    best = mdl.best_description_length(net, X, y, precisions=range(1, 9))
    assert best.total_bits == min(mdl.description_length(net, X, y, b).total_bits for b in range(1, 9))
    assert best.total_bits <= 0.5 * mdl.uniform_code_bits(len(y), 10)
    assert best.ratio_to_uniform <= 0.5


def test_best_description_length_refuses_bad_precisions(small_net, small_data):
    X, y = small_data
    with pytest.raises(InvalidParameterError, match="precisions is empty"):
        mdl.best_description_length(small_net, X, y, precisions=[])
    with pytest.raises(InvalidParameterError, match=r"precisions\[1\] must be an integer from 1 to 16"):
        mdl.best_description_length(small_net, X, y, precisions=[4, 20])
    with pytest.raises(InvalidParameterError, match="precisions must be a sequence"):
        mdl.best_description_length(small_net, X, y, precisions=8)
    with pytest.raises(InvalidParameterError, match=r"best_description_length\(\): X contains NaN"):
        mdl.best_description_length(small_net, np.full_like(X, np.nan), y)
    best = mdl.best_description_length(small_net, X, y, precisions=(32, 3, 3))
    assert best.total_bits == min(mdl.description_length(small_net, X, y, b).total_bits for b in (3, 32))


# ----------------------------------------------------------------------------- uniform code
def test_uniform_code_bits():
    assert mdl.uniform_code_bits(1347, 10) == pytest.approx(1347 * np.log2(10))
    assert mdl.uniform_code_bits(8, 2) == 8
    with pytest.raises(InvalidParameterError, match=r"uniform_code_bits\(\): n_classes"):
        mdl.uniform_code_bits(10, 1)
    with pytest.raises(InvalidParameterError, match="n_labels"):
        mdl.uniform_code_bits(10.5, 3)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad", [0, 17, 31, 33, -8])
def test_value_bits_out_of_range(small_net, small_data, bad):
    X, y = small_data
    for call in (lambda: mdl.description_length(small_net, X, y, value_bits=bad),
                 lambda: mdl.model_code(small_net, bad), lambda: mdl.receiver_network(small_net, bad),
                 lambda: mdl.quantize([0.5], bad)):
        with pytest.raises(InvalidParameterError, match="value_bits must be an integer from 1 to 16"):
            call()


@pytest.mark.parametrize("bad", [2.5, "8", None, True])
def test_value_bits_wrong_type(small_net, bad):
    with pytest.raises(InvalidParameterError, match=r"model_code\(\): value_bits must be an integer"):
        mdl.model_code(small_net, bad)


def test_bad_net_and_data(small_net, small_data):
    X, y = small_data
    for fn in (mdl.description_length, mdl.data_bits):
        with pytest.raises(InvalidParameterError, match=rf"{fn.__name__}\(\): net must be a TwoLayerNet"):
            fn({"W1": 1}, X, y)
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(InvalidParameterError, match=r"description_length\(\): X contains NaN"):
        mdl.description_length(small_net, Xn, y)
    with pytest.raises(InvalidParameterError, match="labels but X has"):
        mdl.description_length(small_net, X, y[:-1])
    with pytest.raises(InvalidParameterError, match="features"):
        mdl.data_bits(small_net, X[:, :3], y)
    with pytest.raises(InvalidParameterError, match="labels must be in"):
        mdl.description_length(small_net, X, np.full(len(y), 3))
    with pytest.raises(InvalidParameterError, match=r"quantize\(\): values contains NaN"):
        mdl.quantize([1.0, np.nan], 4)
    with pytest.raises(InvalidParameterError, match="values has values up to 1e.300: too large"):
        mdl.quantize([1e300], 8)


def test_header_carries_layers_below_65536_units():
    wide = network.TwoLayerNet.create(1 << 16, 1, 2, seed=0)
    with pytest.raises(InvalidParameterError, match="net must be a network with layers below 65536"):
        mdl.model_code(wide, 4)
    assert mdl.data_bits(wide, np.zeros((1, 1 << 16)), [0]) > 0     # no header, no limit


def test_nothing_mutated(trained_digits_net, digits):
    net = prune.magnitude_prune(trained_digits_net, 0.9)
    before = {k: getattr(net, k).copy() for k in ("W1", "b1", "W2", "b2", "mask1", "mask2")}
    X = np.array(digits.X_train)
    X0 = X.copy()
    mdl.description_length(net, X, digits.y_train, 3)
    mdl.encode(net, 3)
    assert all(np.array_equal(getattr(net, k), v) for k, v in before.items())
    assert np.array_equal(X, X0)


# ----------------------------------------------------------------------------- figures of notebook 06
def test_plots_of_notebook_06(trained_digits_net, digits):
    import matplotlib
    import matplotlib.pyplot as plt
    from mdl_prune import plots

    X, y = digits.X_train, digits.y_train
    U = mdl.uniform_code_bits(len(y), 10)
    codes = {f"{b} bit": mdl.description_length(trained_digits_net, X, y, b) for b in (2, 8)}
    figs = [plots.code_breakdown(codes, U),
            plots.description_length_heatmap([0.0, 0.5], [2, 8], [[3e4, 2e4], [1e4, 5e3]], U),
            plots.code_length_bars({"uniform": U, "two-part": 3e4, "prequential": 600.0}, U),
            plots.code_length_bars({"a": 10.0, "b": 12.0}),
            plots.bits_vs_accuracy({"seed 0": ([1e3, 2e3], [0.9, 0.95])}, {"seed 0": (1e3, 0.9)}, U)]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    assert figs[2].axes[0].get_xscale() == "log" and figs[3].axes[0].get_xscale() == "linear"
    for f in figs:
        plt.close(f)
    with pytest.raises(ValueError, match="shape"):
        plots.description_length_heatmap([0.0], [2, 8], [[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match="positive"):
        plots.code_length_bars({"a": 0.0})
