"""Tests for mdl.prequential: labels coded by networks trained on the labels before them."""

import numpy as np
import pytest

from mdl_prune import mdl
from mdl_prune._checks import InvalidParameterError


def test_prequential_code(blobs):
    X, y = blobs.X_train[:200], blobs.y_train[:200]
    pc = mdl.prequential_code_length(X, y, n_classes=3, n_hidden=8, epochs=5, seed=0)
    assert pc.block_ends == (16, 32, 64, 128, 200)
    assert pc.block_bits[0] == pytest.approx(16 * np.log2(3))
    assert pc.total_bits == pytest.approx(sum(pc.block_bits))
    assert pc.total_bits < pc.uniform_bits            # separable blobs: learning pays
    again = mdl.prequential_code_length(X, y, n_classes=3, n_hidden=8, epochs=5, seed=0)
    assert again == pc
    mixed = mdl.prequential_code_length(X, y, n_classes=3, n_hidden=8, epochs=5, seed=0,
                                        uniform_mix=0.5, block_ends=[100, 200])
    assert mixed.block_bits[1] <= 100 * np.log2(3 / 0.5) + 1e-9   # a label costs at most log2(K/eps)
    with pytest.raises(ValueError, match="block_ends"):
        mdl.prequential_code_length(X, y, n_classes=3, block_ends=[50, 40, 200])
    with pytest.raises(ValueError, match="block_ends"):
        mdl.prequential_code_length(X, y, n_classes=3, block_ends=[50, 150])
    with pytest.raises(ValueError, match="uniform_mix"):
        mdl.prequential_code_length(X, y, n_classes=3, uniform_mix=1.0)




def test_block_bits_are_the_data_bits_of_a_network_trained_on_the_past(blobs):
    from mdl_prune import network, train

    X, y = blobs.X_train[:120], blobs.y_train[:120]
    pc = mdl.prequential_code_length(X, y, n_classes=3, n_hidden=8, epochs=3, seed=5,
                                     block_ends=(40, 120))
    rng = np.random.default_rng(5)
    net = network.TwoLayerNet.create(X.shape[1], 8, 3, seed=rng)
    net, _ = train.fit(net, X[:40], y[:40], epochs=3, seed=rng)
    assert pc.block_bits == (40 * np.log2(3), mdl.data_bits(net, X[40:], y[40:]))


@pytest.mark.parametrize("kwargs,match", [
    (dict(block_ends="16,200"), "block_ends must be a strictly increasing"),
    (dict(block_ends=[0, 200]), r"block_ends\[0\] must be an integer >= 1"),
    (dict(block_ends=[]), "ending at N = 200"),
    (dict(first_block=0), "first_block"),
    (dict(n_hidden=0), "n_hidden"),
    (dict(epochs=1.5), "epochs"),
    (dict(uniform_mix=-0.1), "uniform_mix"),
    (dict(seed=None), "seed"),
])
def test_prequential_refuses_bad_arguments(blobs, kwargs, match):
    X, y = blobs.X_train[:200], blobs.y_train[:200]
    with pytest.raises(InvalidParameterError, match=r"prequential_code_length\(\): .*" + match):
        mdl.prequential_code_length(X, y, n_classes=3, **kwargs)
