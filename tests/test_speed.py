"""speed: sparse-format forward passes, timing helpers, saved file sizes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdl_prune import network, prune, speed


def integer_net(n_in, n_hidden, n_out, seed, sparsity):
    """Small-integer weights: every sum is exact in float64, whatever the order of addition."""
    rng = np.random.default_rng(seed)
    net = network.TwoLayerNet(
        rng.integers(-4, 5, size=(n_in, n_hidden)).astype(float),
        rng.integers(-3, 4, size=n_hidden).astype(float),
        rng.integers(-4, 5, size=(n_hidden, n_out)).astype(float),
        rng.integers(-3, 4, size=n_out).astype(float),
        np.ones((n_in, n_hidden), bool), np.ones((n_hidden, n_out), bool))
    return prune.magnitude_prune(net, sparsity)


@settings(max_examples=40, deadline=None)
@given(n_in=st.integers(1, 12), n_hidden=st.integers(1, 20), n_out=st.integers(2, 5),
       sparsity=st.floats(0.0, 1.0), fmt=st.sampled_from(speed.FORMATS), seed=st.integers(0, 2**16))
def test_sparse_logits_exactly_equal_dense_integer_weights(n_in, n_hidden, n_out, sparsity, fmt, seed):
    net = integer_net(n_in, n_hidden, n_out, seed, sparsity)
    X = np.random.default_rng(seed + 1).integers(-5, 6, size=(9, n_in)).astype(float)
    sparse = speed.to_sparse(net, fmt)
    np.testing.assert_array_equal(sparse.logits(X), net.logits(X))
    np.testing.assert_array_equal(sparse.predict(X), net.predict(X))


@pytest.mark.parametrize("fmt", speed.FORMATS)
@pytest.mark.parametrize("sparsity", [0.0, 0.5, 0.9, 0.99])
def test_sparse_predict_equals_dense_on_digits(trained_digits_net, digits, fmt, sparsity):
    net = prune.magnitude_prune(trained_digits_net, sparsity)
    sparse = speed.to_sparse(net, fmt)
    np.testing.assert_array_equal(sparse.predict(digits.X_test), net.predict(digits.X_test))
    np.testing.assert_allclose(sparse.logits(digits.X_test), net.logits(digits.X_test), rtol=0, atol=1e-10)
    # A single sample (batch size 1) too.
    np.testing.assert_array_equal(sparse.predict(digits.X_test[:1]), net.predict(digits.X_test[:1]))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_only_kept_weights_stored(trained_digits_net, fmt):
    net = prune.magnitude_prune(trained_digits_net, 0.8)
    sparse = speed.to_sparse(net, fmt)
    assert sparse.nnz == net.count_parameters().weights_kept
    assert sparse.format == fmt
    assert (sparse.n_in, sparse.n_hidden, sparse.n_out) == (net.n_in, net.n_hidden, net.n_out)


def test_kept_zero_weight_still_stored():
    W1 = np.array([[0.0, 1.0], [2.0, 3.0]])
    net = network.TwoLayerNet(W1, np.zeros(2), np.eye(2), np.zeros(2), np.ones((2, 2), bool), np.ones((2, 2), bool))
    assert speed.to_sparse(net, "csr").nnz == 8


def test_bsr_blocks_store_pruned_zeros():
    net = prune.magnitude_prune(network.TwoLayerNet.create(64, 64, 10, seed=0), 0.9)
    bsr = speed.to_sparse(net, "bsr", block=4)
    # Scattered sparsity: most 4x4 blocks hold a kept weight, so BSR stores far more than CSR.
    assert bsr.nnz > 3 * speed.to_sparse(net, "csr").nnz
    assert bsr.W1T.blocksize == (4, 4) and bsr.W2T.blocksize == (2, 4)   # 10 rows: blocks of 2
    assert speed.to_sparse(net, "bsr", block=1).nnz == net.count_parameters().weights_kept


def test_to_sparse_does_not_mutate(trained_digits_net):
    net = trained_digits_net
    before = [np.array(a) for a in (net.W1, net.b1, net.W2, net.b2)]
    sparse = speed.to_sparse(net, "csr")
    sparse.b1[0] = 123.0    # the sparse copy owns its arrays
    for a, b in zip(before, (net.W1, net.b1, net.W2, net.b2)):
        np.testing.assert_array_equal(a, b)


def test_to_sparse_refuses_bad_input(small_net):
    with pytest.raises(ValueError, match="format"):
        speed.to_sparse(small_net, "coo")
    with pytest.raises(TypeError, match="net must be a TwoLayerNet"):
        speed.to_sparse(np.eye(3))
    with pytest.raises(ValueError, match="block"):
        speed.to_sparse(small_net, "bsr", block=0)
    with pytest.raises(ValueError, match="features"):
        speed.to_sparse(small_net).predict(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="NaN"):
        speed.to_sparse(small_net).predict(np.full((2, 5), np.nan))


def test_time_call_median_per_call():
    calls = []
    t = speed.time_call(calls.append, 1, repeat=3, min_time=0.0)
    assert t > 0
    assert len(calls) == 3 + 3   # three calibration calls, then one call per sample
    with pytest.raises(TypeError, match="callable"):
        speed.time_call(3)
    with pytest.raises(ValueError, match="repeat"):
        speed.time_call(len, [], repeat=0)


def test_time_predictors_interleaves_and_times_every_model(small_net, small_data):
    X, _ = small_data
    order = []

    class Spy:
        def __init__(self, name):
            self.name = name

        def predict(self, X):
            order.append(self.name)

    times = speed.time_predictors({"a": Spy("a"), "b": Spy("b")}, X, repeat=3, min_time=0.0)
    assert set(times) == {"a", "b"} and all(t > 0 for t in times.values())
    # calibration, then interleaved samples, each after one untimed warm-up call
    assert order == ["a"] * 3 + ["b"] * 3 + ["a", "a", "b", "b"] * 3
    with pytest.raises(TypeError, match="predict"):
        speed.time_predictors({"x": 3}, X)
    with pytest.raises(ValueError, match=r"^time_predictors\(\): models is empty"):
        speed.time_predictors({}, X)
    with pytest.raises(TypeError, match="models must be a dict of label -> model"):
        speed.time_predictors([small_net], X)


def test_speed_sweep_shapes_and_speedups(small_data):
    X, _ = small_data
    net = network.TwoLayerNet.create(5, 20, 3, seed=0)
    sweep = speed.speed_sweep(net, X, [0.0, 0.5, 0.9], formats=("csr", "bsr"), repeat=1, min_time=0.0)
    assert sweep.batch_size == 11
    np.testing.assert_array_equal(sweep.sparsities, [0.0, 0.5, 0.9])
    assert set(sweep.times) == {"masked dense", "thinned", "csr", "bsr"}
    for name, t in sweep.times.items():
        assert t.shape == (3,) and np.all(t > 0)
        np.testing.assert_allclose(sweep.speedups[name], sweep.dense_times / t)
    assert sweep.dense_times.shape == (3,) and sweep.dense_time == np.median(sweep.dense_times)
    with pytest.raises(ValueError, match="sparsities"):
        speed.speed_sweep(net, X, [1.0])
    with pytest.raises(ValueError, match="sparsities"):
        speed.speed_sweep(net, X, [])
    with pytest.raises(ValueError, match=r"formats\[0\] must be one of 'csr', 'csc', 'bsr'"):
        speed.speed_sweep(net, X, [0.5], formats=("dia",))
    with pytest.raises(ValueError, match=r"^speed_sweep\(\): sparsities\[1\] must be in \[0.0, 1.0\)"):
        speed.speed_sweep(net, X, [0.5, 1.0])


def test_saved_bytes_masked_model_as_large_as_dense(trained_digits_net):
    net = trained_digits_net
    dense = speed.saved_bytes(net)
    pruned = prune.magnitude_prune(net, 0.9)
    # Saved as dense arrays, the zeros take as much room as any weight.
    assert speed.saved_bytes(pruned) == dense
    csr = speed.saved_bytes(pruned, "csr")
    assert csr < dense / 3
    # The kept values alone (float64) take 8 bytes each; the indices cost on top.
    assert csr > 8 * pruned.count_parameters().weights_kept
    thin = prune.prune_neurons(net, 0.75)
    assert speed.saved_bytes(thin) < dense / 2
    with pytest.raises(ValueError, match="encoding"):
        speed.saved_bytes(net, "zip")


def test_blas_threads_limits_and_restores():
    from threadpoolctl import threadpool_info
    before = [d["num_threads"] for d in threadpool_info() if d["user_api"] == "blas"]
    with speed.blas_threads(1):
        assert all(d["num_threads"] == 1 for d in threadpool_info() if d["user_api"] == "blas")
    assert [d["num_threads"] for d in threadpool_info() if d["user_api"] == "blas"] == before
    with pytest.raises(ValueError, match="threads"):
        speed.blas_threads(0)


def test_plots_for_notebook_08(small_data):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mdl_prune import plots
    X, _ = small_data
    net = network.TwoLayerNet.create(5, 16, 3, seed=0)
    sweep = speed.speed_sweep(net, X, [0.0, 0.5, 0.75], formats=("csr",), repeat=1, min_time=0.0)
    fig = plots.speedup_curves({"batch 11": sweep})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and "speed-up" in ax.get_ylabel()
    labels = ax.get_legend_handles_labels()[1]
    assert "thinned (units removed)" in labels and "SciPy CSR" in labels
    plt.close(fig)
    fig = plots.structured_vs_unstructured([16, 8, 4], {"a": ([0.9, 0.8, 0.7], [0.95, 0.9, 0.8])},
                                           dense_accuracy=0.96, weights_per_unit=8)
    assert [a.get_title() for a in fig.axes] == ["right after pruning", "after fine-tuning"]
    assert fig.axes[0].get_xticklabels()[0].get_text() == "16\n128"
    plt.close(fig)
    with pytest.raises(ValueError, match="points"):
        plots.structured_vs_unstructured([16, 8], {"a": ([0.9], [0.9])})


def test_linear_net_matches_sklearn(digits):
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression(max_iter=2000).fit(digits.X_train, digits.y_train)
    lin = speed.LinearNet(model.coef_.T, model.intercept_)
    np.testing.assert_array_equal(lin.predict(digits.X_test), model.predict(digits.X_test))
    with pytest.raises(ValueError, match="n_out"):
        speed.LinearNet(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="features"):
        lin.predict(np.zeros((2, 3)))
