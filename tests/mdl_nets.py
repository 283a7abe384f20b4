"""Networks for the tests of mdl (bits, codec): random pruned nets and an exact comparison."""

import numpy as np

from mdl_prune import network, prune


def random_net(n_in, n_hidden, n_out, sparsity, seed, scale=1.0):
    """A random net with weights and biases of size ``scale``, magnitude-pruned to ``sparsity``."""
    rng = np.random.default_rng(seed)
    net = network.TwoLayerNet.create(n_in, n_hidden, n_out, seed=seed)
    net = net.replace(W1=net.W1 * scale, W2=net.W2 * scale,
                      b1=rng.normal(0, scale, n_hidden), b2=rng.normal(0, scale, n_out))
    return prune.magnitude_prune(net, sparsity)


def same_network(a, b):
    """Every array of the two networks equal, bit for bit."""
    return all(np.array_equal(getattr(a, k), getattr(b, k))
               for k in ("W1", "b1", "W2", "b2", "mask1", "mask2"))
