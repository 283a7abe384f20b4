"""Shared fixtures for the package tests."""

import numpy as np
import pytest

from mdl_prune import data, network, prune, train


@pytest.fixture(scope="session")
def digits():
    return data.load_digits(seed=0)


@pytest.fixture(scope="session")
def blobs():
    return data.make_blobs(seed=0)


@pytest.fixture(scope="session")
def trained_digits_net(digits):
    net = network.TwoLayerNet.create(digits.n_features, 32, digits.n_classes, seed=0)
    trained, _ = train.fit(net, digits.X_train, digits.y_train, epochs=10, seed=0)
    return trained


@pytest.fixture
def small_net():
    return network.TwoLayerNet.create(5, 7, 3, seed=1)


@pytest.fixture
def small_data():
    rng = np.random.default_rng(3)
    return rng.normal(size=(11, 5)), rng.integers(0, 3, size=11)


@pytest.fixture(scope="session")
def sparse_digits():
    """The 95%-sparse fine-tuned digits network of notebook 06 (seed 0) and its training data."""
    ds = data.load_digits(seed=0)
    X, y = ds.X_train, ds.y_train
    net, _ = train.fit(network.TwoLayerNet.create(64, 64, 10, seed=0), X, y, seed=0)
    for s in (0.5, 0.75, 0.875, 0.925, 0.95):
        net, _ = train.fit(prune.magnitude_prune(net, s), X, y, epochs=20, seed=0)
    return net, X, y


def pytest_terminal_summary(terminalreporter):
    """How many figures the zh-TW notebook runs drew (tests/test_figure_language.py), all of them
    without a missing glyph or an English text (the test fails on either)."""
    counts = [value for report in terminalreporter.stats.get("passed", []) if report.when == "call"
              for key, value in report.user_properties if key == "zh_TW figures"]
    if counts:
        terminalreporter.write_line(f"zh-TW figures: {sum(counts)} across {len(counts)} notebooks, "
                                    "0 missing glyphs, 0 English texts")
