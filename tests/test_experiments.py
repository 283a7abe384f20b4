"""Tests for experiments (running a function over seeds, mean and spread) and for the figures
that draw such results (plots.accuracy_vs_sparsity, summary_bars, weight_histogram, schedule_plot)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mdl_prune import experiments, network, plots, prune  # noqa: E402


def test_scalar_results_mean_std_range():
    s = experiments.over_seeds(lambda seed: float(seed ** 2), seeds=[1, 2, 3])
    assert s.seeds == (1, 2, 3) and s.n == 3
    np.testing.assert_array_equal(s.values, [1.0, 4.0, 9.0])
    assert s.mean == pytest.approx(14 / 3)
    assert s.std == pytest.approx(np.std([1, 4, 9], ddof=1))
    assert (s.low, s.high) == (1.0, 9.0)
    assert s.band("range") == (1.0, 9.0)
    lo, hi = s.band("std")
    assert lo == pytest.approx(s.mean - s.std) and hi == pytest.approx(s.mean + s.std)


def test_int_seeds_means_range():
    calls = []
    s = experiments.over_seeds(lambda seed: calls.append(seed) or seed, 4)
    assert calls == [0, 1, 2, 3] and s.seeds == (0, 1, 2, 3)


def test_array_results_summarised_elementwise():
    s = experiments.over_seeds(lambda seed: np.arange(4) * (seed + 1), seeds=2)
    assert s.values.shape == (2, 4)
    np.testing.assert_allclose(s.mean, np.arange(4) * 1.5)
    np.testing.assert_allclose(s.low, np.arange(4))
    np.testing.assert_allclose(s.high, np.arange(4) * 2)


def test_dict_results_give_dict_of_summaries():
    out = experiments.over_seeds(lambda seed: {"a": seed, "b": [seed, -seed]}, seeds=[3, 5])
    assert list(out) == ["a", "b"]
    assert out["a"].mean == 4.0 and out["a"].seeds == (3, 5)
    np.testing.assert_allclose(out["b"].mean, [4.0, -4.0])


def test_seed_is_what_makes_runs_differ():
    s = experiments.over_seeds(lambda seed: np.random.default_rng(seed).normal(), seeds=5)
    again = experiments.over_seeds(lambda seed: np.random.default_rng(seed).normal(), seeds=5)
    np.testing.assert_array_equal(s.values, again.values)
    assert s.std > 0


def test_single_seed_has_zero_spread():
    s = experiments.over_seeds(lambda seed: 0.5, seeds=1)
    assert s.std == 0.0 and s.low == s.high == 0.5


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=20))
def test_summary_matches_numpy(values):
    s = experiments.summarize(values)
    assert s.mean == pytest.approx(np.mean(values), rel=1e-9, abs=1e-6)
    assert s.low == min(values) and s.high == max(values)
    assert s.low <= s.mean <= s.high or np.isclose(s.low, s.high)


def test_summary_values_read_only_and_inputs_untouched():
    raw = [1.0, 2.0]
    s = experiments.summarize(raw)
    with pytest.raises(ValueError):
        s.values[0] = 5.0
    assert raw == [1.0, 2.0]


def test_repr_is_readable():
    assert "mean=2" in repr(experiments.summarize([1.0, 3.0]))
    assert "shape=(2,)" in repr(experiments.summarize([[1.0, 3.0]]))


def test_bad_input_refused():
    with pytest.raises(TypeError, match="experiment"):
        experiments.over_seeds(3, seeds=2)
    with pytest.raises(ValueError, match="seeds"):
        experiments.over_seeds(lambda s: s, seeds=0)
    with pytest.raises(ValueError, match="seeds is empty"):
        experiments.over_seeds(lambda s: s, seeds=[])
    with pytest.raises(ValueError, match="distinct"):
        experiments.over_seeds(lambda s: s, seeds=[1, 1])
    with pytest.raises(TypeError, match="seeds"):
        experiments.over_seeds(lambda s: s, seeds="abc")
    with pytest.raises(TypeError, match=r"seeds\[0\]"):
        experiments.over_seeds(lambda s: s, seeds=[0.5])
    with pytest.raises(ValueError, match=r"seeds\[0\]"):
        experiments.over_seeds(lambda s: s, seeds=[-1])
    with pytest.raises(ValueError, match="different shapes"):
        experiments.over_seeds(lambda s: np.zeros(s + 1), seeds=2)
    with pytest.raises(ValueError, match="different keys"):
        experiments.over_seeds(lambda s: {"a": 1} if s == 0 else {"b": 1}, seeds=2)
    with pytest.raises(ValueError, match="NaN"):
        experiments.over_seeds(lambda s: float("nan"), seeds=2)
    with pytest.raises(TypeError, match="numbers"):
        experiments.summarize(["a", "b"])
    with pytest.raises(ValueError, match="at least one seed"):
        experiments.summarize([])
    with pytest.raises(ValueError, match="seeds has 1"):
        experiments.summarize([1.0, 2.0], seeds=[0])
    with pytest.raises(ValueError, match="kind"):
        experiments.summarize([1.0]).band("iqr")


# ---------------------------------------------------------------------------- figures of summaries
@pytest.fixture
def _close():
    yield
    plt.close("all")


@pytest.fixture
def curves():
    x = [0.0, 0.5, 0.9]
    a = experiments.summarize([[0.9, 0.8, 0.5], [0.95, 0.85, 0.4], [0.92, 0.82, 0.45]])
    b = experiments.summarize([[0.9, 0.6, 0.2], [0.95, 0.5, 0.1], [0.92, 0.55, 0.15]])
    return {"magnitude": (x, a), "random": (x, b)}


@pytest.mark.parametrize("band", ["range", "std"])
def test_accuracy_vs_sparsity_draws_means_and_bands(curves, band, _close):
    dense = experiments.summarize([0.97, 0.98, 0.975])
    fig = plots.accuracy_vs_sparsity(curves, baseline=dense, band=band, ylim=(0, 1))
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["magnitude"].get_ydata(), curves["magnitude"][1].mean)
    np.testing.assert_allclose(lines["random"].get_xdata(), [0.0, 0.5, 0.9])
    assert lines["dense"].get_ydata()[0] == pytest.approx(0.975)
    assert len(ax.collections) == 2                      # one band per curve
    assert ax.get_ylim() == (0, 1)
    assert "sparsity" in ax.get_xlabel() and ax.get_ylabel() == "test accuracy"
    assert "3 seeds" in ax.get_title() and ("min–max" if band == "range" else "std") in ax.get_title()


def test_accuracy_vs_sparsity_float_baseline(curves, _close):
    fig = plots.accuracy_vs_sparsity(curves, baseline=0.97)
    assert any(line.get_label() == "dense" for line in fig.axes[0].get_lines())
    with pytest.raises(ValueError, match="kind"):
        plots.accuracy_vs_sparsity(curves, band="iqr")


def test_summary_bars(_close):
    s = {"one-shot": experiments.summarize([0.95, 0.96]), "cubic": experiments.summarize([0.97, 0.975])}
    fig = plots.summary_bars(s, baseline=0.98, ylim=(0.9, 1.0))
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, [0.955, 0.9725])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["one-shot", "cubic"]
    assert ax.get_ylim() == (0.9, 1.0) and ax.get_ylabel() == "test accuracy"


def test_weight_histogram_threshold_lines(_close):
    net = network.TwoLayerNet.create(8, 6, 3, seed=0)
    t = prune.magnitude_threshold(net, 0.5)[0]
    fig = plots.weight_histogram({"W1": net.W1, "W2": net.W2}, {"global 50%": t})
    ax = fig.axes[0]
    xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
    np.testing.assert_allclose(xs, [-t, t])
    assert sum(p.get_height() for p in ax.patches) == net.W1.size + net.W2.size   # stacked: every weight once
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "weight value"
    lin = plots.weight_histogram({"W1": net.W1}, log=False)
    assert lin.axes[0].get_yscale() == "linear"


def test_schedule_plot_starts_at_start(_close):
    sched = prune.cubic_schedule(0.9, 5)
    fig = plots.schedule_plot({"cubic": sched}, start=0.0)
    line = fig.axes[0].get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(6))
    np.testing.assert_allclose(line.get_ydata(), np.concatenate([[0.0], sched]))
    assert fig.axes[0].get_xlabel() == "pruning step"
