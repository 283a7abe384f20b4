"""Tests for experiments: running a function over seeds, mean and spread."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdl_prune import experiments


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
