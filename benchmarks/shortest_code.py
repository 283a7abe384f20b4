"""The shortest two-part code of the package on the 95%-sparse digits network of notebook 06.

    PYTHONPATH=src .venv/bin/python benchmarks/shortest_code.py            # training seeds 0, 1, 2
    PYTHONPATH=src .venv/bin/python benchmarks/shortest_code.py --vary-split  # split seed = training seed

For each seed: the dense 64-64-10 network trained on the digits, pruned and
fine-tuned along 50%, 75%, 87.5%, 92.5%, 95% (20 epochs each), as notebook 06
builds it; then ``mdl.shortest_code`` against mdl's post-training
code (``mdl.best_description_length``, any precision 1..16), both in bits
and as a fraction of the uniform code N·log2 K of the training labels. The
receiver's test accuracy and test log-loss (bits per label) show what the
shared values cost in prediction; the run time is that of ``shortest_code``
alone. The machine's load average is printed: on a shared machine the
neighbours are part of every timing.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from threadpoolctl import threadpool_limits

from mdl_prune import data, mdl, network, prune, train


SCHEDULE = (0.5, 0.75, 0.875, 0.925, 0.95)


def sparse_digits_net(ds, seed: int) -> network.TwoLayerNet:
    """Notebook 06's chain: dense training, then prune and fine-tune 20 epochs at each sparsity."""
    X, y = ds.X_train, ds.y_train
    net, _ = train.fit(network.TwoLayerNet.create(ds.n_features, 64, ds.n_classes, seed=seed), X, y,
                       seed=seed)
    for s in SCHEDULE:
        net, _ = train.fit(prune.magnitude_prune(net, s), X, y, epochs=20, seed=seed)
    return net


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--vary-split", action="store_true",
                        help="draw the train/test split with the same seed (default: split seed 0)")
    args = parser.parse_args()
    threadpool_limits(limits=1, user_api="blas")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'seed':>4} {'total':>6} {'model':>6} {'data':>5} {'/unif':>6} | {'mdl best':>8} {'/unif':>6}"
          f" | {'test acc':>8} {'test bits/label':>15} | {'sender acc':>10} | {'time s':>6}")
    ratios = []
    for seed in args.seeds:
        ds = data.load_digits(seed=seed if args.vary_split else 0)
        X, y = ds.X_train, ds.y_train
        net = sparse_digits_net(ds, seed)
        uniform = mdl.uniform_code_bits(len(y), ds.n_classes)
        start = time.perf_counter()
        receiver, dl = mdl.shortest_code(net, X, y, seed=seed)
        seconds = time.perf_counter() - start
        old = mdl.best_description_length(net, X, y)
        test_bits = mdl.data_bits(receiver, ds.X_test, ds.y_test) / len(ds.y_test)
        ratios.append(dl.total_bits / uniform)
        print(f"{seed:>4} {dl.total_bits:>6.0f} {dl.model_bits:>6.0f} {dl.data_bits:>5.0f} "
              f"{dl.total_bits / uniform:>6.3f} | {old.total_bits:>8.0f} {old.total_bits / uniform:>6.3f}"
              f" | {receiver.accuracy(ds.X_test, ds.y_test):>8.3f} {test_bits:>15.3f}"
              f" | {net.accuracy(ds.X_test, ds.y_test):>10.3f} | {seconds:>6.2f}")
        print(f"     parts: header {dl.header_bits:.0f}, masks {dl.mask_bits:.0f}, weights "
              f"{dl.weight_bits:.0f}, biases {dl.bias_bits:.0f}; codebook sizes "
              + ", ".join(f"{a.array} {len(np.unique(_sent(receiver, a.array)))}" for a in dl.model.arrays)
              + f"; {dl.value_bits} bits per codebook value")
    print(f"uniform code: {uniform:.0f} bits; worst ratio {max(ratios):.3f}, mean {np.mean(ratios):.3f}")


def _sent(net: network.TwoLayerNet, name: str) -> np.ndarray:
    values = getattr(net, name)
    if name == "W1":
        return values[net.mask1]
    if name == "W2":
        return values[net.mask2]
    return values[net.mask2.any(axis=1)] if name == "b1" else values


if __name__ == "__main__":
    main()
